//! Extensive-form classics: reduced strategic form, backward induction and
//! the agent form, against equilibria computed by hand from the sources.

use redline_equilibria::efg::{parse_efg, write_efg};
use redline_equilibria::nfg::{parse_nfg, write_nfg};
use redline_equilibria::number::{Q, parse_number};
use redline_equilibria::reduced::{agent_enumpure, backward_induction, reduced_strategic_form};
use redline_equilibria::solve::{enummixed, enumpure, lemke_howson};

fn q(s: &str) -> Q {
    parse_number(s).unwrap()
}

fn qs(s: &str) -> Vec<Q> {
    s.split_whitespace().map(q).collect()
}

fn profile(s: &str) -> Vec<Vec<Q>> {
    s.split('|').map(qs).collect()
}

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(path).unwrap()
}

#[test]
fn fixtures_round_trip() {
    for name in ["entry.efg", "horse.efg", "poker.efg", "beer_quiche.efg"] {
        let g = parse_efg(name, &fixture(name)).unwrap();
        assert_eq!(parse_efg(name, &write_efg(&g)).unwrap(), g, "{name}");
    }
    let g = parse_nfg("bos", &fixture("bos_outcomes.nfg")).unwrap();
    assert_eq!(parse_nfg("bos", &write_nfg(&g)).unwrap(), g);
    assert_eq!(g.payoff(&[1, 1], 1), &q("2"));
    assert_eq!(g.payoff(&[0, 1], 0), &q("0"));
}

#[test]
fn entry_deterrence() {
    let g = parse_efg("entry", &fixture("entry.efg")).unwrap();
    // Subgame perfection: the incumbent accommodates, so the entrant enters.
    let spe = backward_induction(&g).unwrap();
    assert_eq!(spe.profile, vec![vec![qs("0 1")], vec![qs("0 1")]]);
    assert_eq!(spe.payoffs, qs("1 1"));
    let form = reduced_strategic_form(&g).unwrap();
    assert_eq!(form.game.strategies, vec![vec!["1", "2"], vec!["1", "2"]]);
    // Nash but not subgame perfect: stay out against the threat to fight.
    let pure: Vec<_> = enumpure(&form.game)
        .into_iter()
        .map(|e| e.profile)
        .collect();
    assert_eq!(pure, vec![profile("1 0 | 1 0"), profile("0 1 | 0 1")]);
    // The threat works when the incumbent fights with probability at least 1/2.
    let mut all: Vec<_> = enummixed(&form.game)
        .unwrap()
        .into_iter()
        .map(|e| e.profile)
        .collect();
    all.sort();
    let mut want = vec![
        profile("0 1 | 0 1"),
        profile("1 0 | 1 0"),
        profile("1 0 | 1/2 1/2"),
    ];
    want.sort();
    assert_eq!(all, want);
}

#[test]
fn seltens_horse() {
    let g = parse_efg("horse", &fixture("horse.efg")).unwrap();
    assert!(
        backward_induction(&g)
            .unwrap_err()
            .contains("perfect information")
    );
    let form = reduced_strategic_form(&g).unwrap();
    let mut pure: Vec<_> = enumpure(&form.game)
        .into_iter()
        .map(|e| (e.profile, e.payoffs))
        .collect();
    pure.sort();
    // By hand: (D, A, L) pays (3,3,2); (A, A, R) and (A, D, R) pay (1,1,1).
    let mut want = vec![
        (profile("1 0 | 0 1 | 1 0"), qs("3 3 2")),
        (profile("0 1 | 0 1 | 0 1"), qs("1 1 1")),
        (profile("0 1 | 1 0 | 0 1"), qs("1 1 1")),
    ];
    want.sort();
    assert_eq!(pure, want);
    // Each player has a single information set, so the agent form agrees.
    let agent = agent_enumpure(&g).unwrap();
    assert_eq!(agent.len(), 3);
}

#[test]
fn myersons_poker() {
    let g = parse_efg("poker", &fixture("poker.efg")).unwrap();
    let form = reduced_strategic_form(&g).unwrap();
    assert_eq!(form.game.strategies[0], vec!["11", "12", "21", "22"]);
    assert_eq!(form.game.payoff(&[1, 0], 0), &q("1/2")); // raise red, fold black vs meet
    // Myerson (1991): raise always with red, with black one time in three;
    // meet with probability 2/3; the value to Fred is 1/3.
    let all = enummixed(&form.game).unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].profile, profile("1/3 2/3 0 0 | 2/3 1/3"));
    assert_eq!(all[0].payoffs, qs("1/3 -1/3"));
    let lh = lemke_howson(&form.game, 1).unwrap();
    let behaviour = form.behaviour(&g, &lh[0].profile);
    assert_eq!(
        behaviour,
        vec![vec![qs("1 0"), qs("1/3 2/3")], vec![qs("2/3 1/3")]]
    );
}

#[test]
fn beer_quiche_has_two_pooling_equilibria_in_pure_strategies() {
    let g = parse_efg("bq", &fixture("beer_quiche.efg")).unwrap();
    let form = reduced_strategic_form(&g).unwrap();
    let pure: Vec<_> = enumpure(&form.game)
        .into_iter()
        .map(|e| (e.profile, e.payoffs))
        .collect();
    // Sender strategies: (weak, strong) in {11=QQ, 12=QB, 21=BQ, 22=BB};
    // receiver: (after quiche, after beer) in {11=DD, 12=DN, 21=ND, 22=NN}.
    let want = vec![
        (profile("1 0 0 0 | 0 0 1 0"), qs("21/10 9/10")),
        (profile("0 0 0 1 | 0 1 0 0"), qs("29/10 9/10")),
    ];
    let mut pure_sorted = pure.clone();
    pure_sorted.sort();
    let mut want_sorted = want.clone();
    want_sorted.sort();
    assert_eq!(pure_sorted, want_sorted);
    // No separating profile is an equilibrium, in any mixture of the receiver.
    for e in enummixed(&form.game).unwrap() {
        let sender = &e.profile[0];
        assert!(
            sender[1].clone() + sender[2].clone() == q("0"),
            "{:?}",
            e.profile
        );
    }
}

mod agent_form {
    use super::*;
    use redline_equilibria::reduced::agent_form;
    use redline_equilibria::solution::{Method, SolveOptions, solve_text};

    fn agent(method: Method) -> SolveOptions {
        SolveOptions {
            method: Some(method),
            agent: true,
            stop_after: 0,
            ..Default::default()
        }
    }

    #[test]
    fn is_one_player_per_information_set() {
        let g = parse_efg("poker", &fixture("poker.efg")).unwrap();
        let form = agent_form(&g).unwrap();
        // Myerson's poker: player 1 decides after each card, player 2 once.
        assert_eq!(form.agents, vec![(0, 0), (0, 1), (1, 0)]);
        assert_eq!(form.game.num_players(), 3);
        assert_eq!(form.game.shape(), vec![2, 2, 2]);
    }

    #[test]
    fn enummixed_on_a_two_agent_game_finds_the_threat_component_ends() {
        // Entry deterrence: one set per player, so the agent form is the
        // strategic form and has the same extreme equilibria (worked out by
        // hand in entry_deterrence above).
        let solved = solve_text(
            "entry.efg",
            &fixture("entry.efg"),
            &agent(Method::EnumMixed),
        )
        .unwrap();
        assert!(solved.behaviour);
        assert_eq!(solved.method, "enummixed --agent");
        let mut all: Vec<_> = solved
            .equilibria
            .iter()
            .map(|e| e.profile.clone())
            .collect();
        all.sort();
        let mut want = vec![
            profile("0 1 | 0 1"),
            profile("1 0 | 1 0"),
            profile("1 0 | 1/2 1/2"),
        ];
        want.sort();
        assert_eq!(all, want);
        // Payoffs are the players' expected payoffs: 1 each after entry, (0, 2) otherwise.
        for e in &solved.equilibria {
            let entered = e.profile[0][1] == q("1");
            assert_eq!(e.payoffs, if entered { qs("1 1") } else { qs("0 2") });
        }
        let lcp = solve_text("entry.efg", &fixture("entry.efg"), &agent(Method::Lcp)).unwrap();
        assert!(lcp.equilibria.iter().all(|e| all.contains(&e.profile)));
    }

    #[test]
    fn two_player_methods_refuse_more_than_two_agents() {
        for method in [Method::EnumMixed, Method::Lcp] {
            let e = solve_text("poker.efg", &fixture("poker.efg"), &agent(method)).unwrap_err();
            let text = e.to_string();
            assert!(text.contains("3 agents"), "{text}");
        }
    }
}
