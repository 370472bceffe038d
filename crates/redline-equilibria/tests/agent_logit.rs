//! The agent logit QRE of extensive games (`logit::agent`): limits against
//! equilibria derived by hand, the branch against closed forms, the end
//! points re-checked exactly on the sequence form, and `redline solve`'s
//! wiring. (Agreement with Gambit is in tests/pygambit.rs.)

mod common;

use common::random_signalling;
use redline_core::RandomStream;
use redline_equilibria::efg::{ExtensiveGame, parse_efg};
use redline_equilibria::logit::LogitResult;
use redline_equilibria::logit::agent::{agent_logit, agent_qre_at};
use redline_equilibria::number::{Q, from_f64};
use redline_equilibria::sequence::sequence_form;
use redline_equilibria::solution::{Method, SolveOptions, solve_text};

const FIXTURES: [&str; 7] = [
    "entry.efg",
    "horse.efg",
    "poker.efg",
    "beer_quiche.efg",
    "deniability_b0.efg",
    "deniability_b1-2.efg",
    "deniability_b1.efg",
];

fn fixture_text(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(path).unwrap()
}

fn fixture(name: &str) -> ExtensiveGame {
    parse_efg(name, &fixture_text(name)).unwrap()
}

fn logistic(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

/// Asserts that `got` equals `want` entry by entry within `tolerance`.
fn assert_close(got: &[Vec<f64>], want: &[&[f64]], tolerance: f64, what: &str) {
    assert_eq!(got.len(), want.len(), "{what}: {got:?}");
    for (g, w) in got.iter().zip(want) {
        assert_eq!(g.len(), w.len(), "{what}: {got:?}");
        for (a, b) in g.iter().zip(*w) {
            assert!((a - b).abs() < tolerance, "{what}: {got:?} vs {want:?}");
        }
    }
}

/// Each player's information sets' sizes, in the order of the flat profile.
fn set_sizes(game: &ExtensiveGame) -> Vec<Vec<usize>> {
    (0..game.players.len())
        .map(|p| {
            game.player_infosets(p)
                .iter()
                .map(|&h| game.infosets[h].actions.len())
                .collect()
        })
        .collect()
}

/// Probabilities in [0, 1] summing to 1 at every information set.
fn assert_behaviour(game: &ExtensiveGame, profile: &[Vec<f64>], what: &str) {
    for (values, sizes) in profile.iter().zip(set_sizes(game)) {
        assert_eq!(values.len(), sizes.iter().sum::<usize>(), "{what}");
        let mut rest = values.as_slice();
        for k in sizes {
            let (set, tail) = rest.split_at(k);
            rest = tail;
            assert!(
                set.iter().all(|p| (0.0..=1.0).contains(p)),
                "{what}: {set:?}"
            );
            let total: f64 = set.iter().sum();
            assert!(
                (total - 1.0).abs() < 1e-12,
                "{what}: {set:?} sums to {total}"
            );
        }
    }
}

#[test]
fn the_branch_is_a_path_of_behaviour_profiles_from_the_centroid() {
    for name in FIXTURES {
        let game = fixture(name);
        let r = agent_logit(&game, 1e6).unwrap();
        let first = &r.path[0];
        assert_eq!(first.lambda, 0.0, "{name}");
        // At λ = 0 every agent mixes uniformly.
        for (values, sizes) in first.profile.iter().zip(set_sizes(&game)) {
            let mut at = 0;
            for k in sizes {
                for p in &values[at..at + k] {
                    assert!((p - 1.0 / k as f64).abs() < 1e-15, "{name}");
                }
                at += k;
            }
        }
        // On these games the principal branch never turns back in λ.
        for pair in r.path.windows(2) {
            assert!(pair[1].lambda > pair[0].lambda, "{name}: λ decreases");
        }
        assert!(r.path.last().unwrap().lambda >= 1e6, "{name}");
        for point in &r.path {
            assert_behaviour(
                &game,
                &point.profile,
                &format!("{name} at λ = {}", point.lambda),
            );
        }
        assert_behaviour(&game, &r.equilibrium, name);
        assert!(r.regret < 1e-9, "{name}: regret {}", r.regret);
    }
}

/// The exact regret of a two-player behaviour profile (its f64 numbers read
/// as exact rationals): realization plans on the sequence form, each
/// player's best-response value by dynamic programming.
fn exact_regret(game: &ExtensiveGame, profile: &[Vec<f64>]) -> Q {
    let form = sequence_form(game).unwrap();
    let plans: Vec<Vec<Q>> = (0..2)
        .map(|i| {
            let flat: Vec<Q> = profile[i].iter().map(|&p| from_f64(p).unwrap()).collect();
            let mut x = vec![Q::from_integer(0.into()); form.sequences[i]];
            x[0] = Q::from_integer(1.into());
            let mut at = 0;
            for (k, &h) in form.infosets[i].iter().enumerate() {
                for a in 0..game.infosets[h].actions.len() {
                    x[form.first[i][k] + a] = &x[form.parent[i][k]] * &flat[at + a];
                }
                at += game.infosets[h].actions.len();
            }
            x
        })
        .collect();
    let mut worst = Q::from_integer(0.into());
    for i in 0..2 {
        let own = form.payoff(i, &plans[0], &plans[1]);
        let best = form.best_response_value(game, i, &plans[1 - i]);
        worst = worst.max(best - own);
    }
    worst
}

#[test]
fn end_points_pass_an_exact_equilibrium_check() {
    let bound = from_f64(1e-9).unwrap();
    for name in FIXTURES {
        let game = fixture(name);
        if game.players.len() != 2 {
            continue;
        }
        let r = agent_logit(&game, 1e6).unwrap();
        let regret = exact_regret(&game, &r.equilibrium);
        assert!(regret < bound, "{name}: exact regret {regret}");
    }
}

#[test]
fn random_signalling_games_end_at_verified_equilibria() {
    // The games of tests/sequence.rs: 2–3 types, messages and replies, with
    // random payoffs, so that information sets of the receiver hold several
    // nodes and many limits have mixed or off-path parts.
    let bound = from_f64(1e-9).unwrap();
    for index in 0..100 {
        let mut stream = RandomStream::new(2026, index, "random-signalling-game");
        let types = 2 + stream.below(2) as usize;
        let messages = 2 + stream.below(2) as usize;
        let replies = 2 + stream.below(2) as usize;
        let text = random_signalling(&mut stream, types, messages, replies);
        let game = parse_efg("random.efg", &text).unwrap();
        let r = agent_logit(&game, 1e6).unwrap_or_else(|e| panic!("game {index}: {e}"));
        assert_behaviour(&game, &r.equilibrium, &format!("game {index}"));
        let regret = exact_regret(&game, &r.equilibrium);
        assert!(regret < bound, "game {index}: exact regret {regret}");
    }
}

fn solve(name: &str) -> LogitResult {
    agent_logit(&fixture(name), 1e6).unwrap()
}

#[test]
fn entry_deterrence_selects_the_subgame_perfect_equilibrium() {
    let r = solve("entry.efg");
    // Enter and accommodate, not the threat (Out, Fight), which is Nash
    // but not subgame perfect.
    assert_close(&r.equilibrium, &[&[0.0, 1.0], &[0.0, 1.0]], 1e-12, "limit");
    assert_close(
        std::slice::from_ref(&r.payoffs),
        &[&[1.0, 1.0]],
        1e-12,
        "payoffs",
    );
    // The incumbent's set is one node: accommodating beats fighting by
    // 1 − (−1) = 2 whatever the entrant does, so σ(Accommodate) = L(2λ);
    // entering beats staying out by 2σ(Accommodate) − 1.
    for p in &r.path {
        let accommodate = logistic(2.0 * p.lambda);
        assert!(
            (p.profile[1][1] - accommodate).abs() < 1e-9,
            "λ = {}",
            p.lambda
        );
        let enter = logistic(p.lambda * (2.0 * accommodate - 1.0));
        assert!((p.profile[0][1] - enter).abs() < 1e-9, "λ = {}", p.lambda);
    }
}

#[test]
fn seltens_horse_ends_at_the_sequential_equilibrium() {
    let r = solve("horse.efg");
    // Player 3 plays R: it moves only after A then D (player 1 plays A), where
    // R pays 1 and L 0. Then player 1 prefers A (1 against 0 after D, R), and
    // player 2 is indifferent (1 either way); its advantage of D is 3σ3(L),
    // which vanishes exponentially in λ, so λ·3σ3(L) → 0 and player 2's
    // logit response tends to (1/2, 1/2). Not (D, A, L), which is Nash but
    // asks player 2 to play A against L.
    assert_close(
        &r.equilibrium,
        &[&[0.0, 1.0], &[0.5, 0.5], &[0.0, 1.0]],
        1e-9,
        "limit",
    );
    assert_close(
        std::slice::from_ref(&r.payoffs),
        &[&[1.0, 1.0, 1.0]],
        1e-12,
        "payoffs",
    );
}

#[test]
fn myersons_poker_ends_at_its_unique_equilibrium() {
    let r = solve("poker.efg");
    // Raise with red, bluff with black one time in three; meet with 2/3.
    assert_close(
        &r.equilibrium,
        &[&[1.0, 0.0, 1.0 / 3.0, 2.0 / 3.0], &[2.0 / 3.0, 1.0 / 3.0]],
        1e-12,
        "limit",
    );
    assert_close(
        std::slice::from_ref(&r.payoffs),
        &[&[1.0 / 3.0, -1.0 / 3.0]],
        1e-12,
        "payoffs",
    );
}

#[test]
fn beer_quiche_ends_at_the_intuitive_pooling_equilibrium() {
    let r = solve("beer_quiche.efg");
    // Both types drink beer; after quiche (off the path) the receiver duels:
    // a weak sender loses 1 by eating quiche, a strong one 3, so along the
    // branch quiche comes from the weak type far more often and the belief
    // after quiche tends to "weak" (Cho & Kreps 1987's Intuitive Criterion
    // selects the same equilibrium). The other pooling equilibrium, on
    // quiche, is not the limit.
    assert_close(
        &r.equilibrium,
        &[&[0.0, 1.0, 0.0, 1.0], &[1.0, 0.0, 0.0, 1.0]],
        1e-12,
        "limit",
    );
    // Weak: 2 with beer and no duel; strong: 3. Receiver: 1 against the strong type.
    assert_close(
        std::slice::from_ref(&r.payoffs),
        &[&[0.1 * 2.0 + 0.9 * 3.0, 0.9]],
        1e-12,
        "payoffs",
    );
}

#[test]
fn action_values_are_conditional_on_reaching_the_information_set() {
    // Chance lets the player move one time in four. Conditional on moving,
    // L beats R by 1, so σ(L) = L(λ); with unconditional values it would be
    // L(λ/4).
    let text = r#"EFG 2 R "rarely" { "1" } ""
c "" 1 "" { "move" 1/4 "skip" 3/4 } 0
p "" 1 1 "" { "L" "R" } 0
t "" 1 "" { 1 }
t "" 0
t "" 0
"#;
    let game = parse_efg("rarely.efg", text).unwrap();
    let r = agent_logit(&game, 1e6).unwrap();
    assert!(r.path.len() > 5);
    for p in &r.path {
        assert!(
            (p.profile[0][0] - logistic(p.lambda)).abs() < 1e-9,
            "λ = {}",
            p.lambda
        );
    }
    // The branch at given λ, solved with λ fixed.
    for p in agent_qre_at(&game, &[0.0, 0.7, 3.0]).unwrap() {
        assert!(
            (p.profile[0][0] - logistic(p.lambda)).abs() < 1e-12,
            "λ = {}",
            p.lambda
        );
    }
}

#[test]
fn information_sets_chance_never_reaches_get_the_uniform_belief() {
    // Player 2 moves only after chance moves of probability 0. With the
    // uniform belief over its two nodes, R is worth (0 + 3)/2 and L (1 + 0)/2.
    let text = r#"EFG 2 R "unreached" { "1" "2" } ""
c "" 1 "" { "a" 0 "b" 0 "c" 1 } 0
p "" 2 1 "" { "L" "R" } 0
t "" 1 "" { 0, 1 }
t "" 2 "" { 0, 0 }
p "" 2 1 "" { "L" "R" } 0
t "" 3 "" { 0, 0 }
t "" 4 "" { 0, 3 }
p "" 1 1 "" { "x" "y" } 0
t "" 5 "" { 2, 0 }
t "" 6 "" { 1, 0 }
"#;
    let game = parse_efg("unreached.efg", text).unwrap();
    let r = agent_logit(&game, 1e6).unwrap();
    for p in &r.path {
        assert!(
            (p.profile[1][1] - logistic(p.lambda)).abs() < 1e-9,
            "λ = {}",
            p.lambda
        );
    }
    assert_close(&r.equilibrium, &[&[1.0, 0.0], &[0.0, 1.0]], 1e-12, "limit");
    assert_close(
        std::slice::from_ref(&r.payoffs),
        &[&[2.0, 0.0]],
        1e-12,
        "payoffs",
    );
}

#[test]
fn redline_solve_uses_the_agent_form_for_logit_on_trees() {
    let text = fixture_text("beer_quiche.efg");
    let options = |agent| SolveOptions {
        method: Some(Method::Logit),
        agent,
        stop_after: 0,
        ..Default::default()
    };
    let plain = solve_text("bq.efg", &text, &options(false)).unwrap();
    let agent = solve_text("bq.efg", &text, &options(true)).unwrap();
    assert!(plain.behaviour && !plain.exact);
    assert_eq!(
        plain.labels[0],
        vec!["Weak:Quiche", "Weak:Beer", "Strong:Quiche", "Strong:Beer"]
    );
    assert_eq!(plain.equilibria, agent.equilibria);
    assert_eq!(plain.path, agent.path);
    let direct = solve("beer_quiche.efg");
    assert_eq!(plain.path.len(), direct.path.len());
    assert_eq!(
        plain.path.last().unwrap().1,
        direct.path.last().unwrap().profile
    );
    // The receiver duels after quiche and not after beer.
    let receiver: Vec<f64> = plain.equilibria[0].profile[1]
        .iter()
        .map(redline_equilibria::number::to_f64)
        .collect();
    assert_eq!(receiver, [1.0, 0.0, 0.0, 1.0]);
    // Without perfect recall the agent QRE is refused with a located message.
    let forgetful = r#"EFG 2 R "forgetful" { "1" } ""
p "" 1 1 "" { "L" "R" } 0
p "" 1 2 "" { "l" "r" } 0
t "" 1 "" { 1 }
t "" 0
p "" 1 2 "" { "l" "r" } 0
t "" 0
t "" 1
"#;
    let e = solve_text("f.efg", forgetful, &options(false)).unwrap_err();
    assert!(e.to_string().contains("perfect recall"), "{e}");
}
