//! Classic games with equilibria known from the textbooks, computed by hand
//! (the expected profiles below are not produced by the code under test).

use redline_equilibria::nfg::{NormalFormGame, parse_nfg};
use redline_equilibria::number::{Q, parse_number};
use redline_equilibria::solve::{Equilibrium, enummixed, enumpure, is_equilibrium, lemke_howson};

fn q(s: &str) -> Q {
    parse_number(s).unwrap()
}

fn qs(s: &str) -> Vec<Q> {
    s.split_whitespace().map(q).collect()
}

/// A bimatrix game from rows of "a,b" cells separated by `;`.
fn bimatrix(cells: &str) -> NormalFormGame {
    let rows: Vec<Vec<(Q, Q)>> = cells
        .split(';')
        .map(|row| {
            row.split_whitespace()
                .map(|cell| {
                    let (a, b) = cell.split_once(',').unwrap();
                    (q(a), q(b))
                })
                .collect()
        })
        .collect();
    let a: Vec<Vec<Q>> = rows
        .iter()
        .map(|r| r.iter().map(|c| c.0.clone()).collect())
        .collect();
    let b: Vec<Vec<Q>> = rows
        .iter()
        .map(|r| r.iter().map(|c| c.1.clone()).collect())
        .collect();
    NormalFormGame::bimatrix("test", &a, &b)
}

/// Profiles as "x1 x2 | y1 y2" strings.
fn profile(s: &str) -> Vec<Vec<Q>> {
    s.split('|').map(qs).collect()
}

fn profiles(found: &[Equilibrium]) -> Vec<Vec<Vec<Q>>> {
    let mut v: Vec<_> = found.iter().map(|e| e.profile.clone()).collect();
    v.sort();
    v
}

fn expect_set(found: &[Equilibrium], expected: &[&str]) {
    let mut want: Vec<_> = expected.iter().map(|s| profile(s)).collect();
    want.sort();
    assert_eq!(profiles(found), want);
}

/// Checks the three solvers on a two-player game against the hand-computed
/// extreme equilibria, and the pure ones among them.
fn check(game: &NormalFormGame, extreme: &[&str], pure: &[&str]) {
    expect_set(&enummixed(game).unwrap(), extreme);
    expect_set(&enumpure(game), pure);
    let lh = lemke_howson(game, 0).unwrap();
    assert!(!lh.is_empty());
    let want: Vec<_> = extreme.iter().map(|s| profile(s)).collect();
    for e in &lh {
        assert!(
            want.contains(&e.profile),
            "Lemke–Howson found {:?}",
            e.profile
        );
    }
}

#[test]
fn prisoners_dilemma() {
    let g = bimatrix("3,3 0,5; 5,0 1,1");
    check(&g, &["0 1 | 0 1"], &["0 1 | 0 1"]);
    assert_eq!(enumpure(&g)[0].payoffs, qs("1 1"));
}

#[test]
fn chicken() {
    // Swerve / Dare; mixed: swerve with 9/10 makes the other indifferent.
    let g = bimatrix("0,0 -1,1; 1,-1 -10,-10");
    check(
        &g,
        &["1 0 | 0 1", "0 1 | 1 0", "9/10 1/10 | 9/10 1/10"],
        &["1 0 | 0 1", "0 1 | 1 0"],
    );
    let mixed = enummixed(&g)
        .unwrap()
        .into_iter()
        .find(|e| e.profile[0][0] == q("9/10"))
        .unwrap();
    assert_eq!(mixed.payoffs, qs("-1/10 -1/10"));
}

#[test]
fn battle_of_the_sexes() {
    let g = bimatrix("2,1 0,0; 0,0 1,2");
    check(
        &g,
        &["1 0 | 1 0", "0 1 | 0 1", "2/3 1/3 | 1/3 2/3"],
        &["1 0 | 1 0", "0 1 | 0 1"],
    );
    let mixed = enummixed(&g)
        .unwrap()
        .into_iter()
        .find(|e| e.profile[0][0] == q("2/3"))
        .unwrap();
    assert_eq!(mixed.payoffs, qs("2/3 2/3"));
}

#[test]
fn matching_pennies() {
    let g = bimatrix("1,-1 -1,1; -1,1 1,-1");
    check(&g, &["1/2 1/2 | 1/2 1/2"], &[]);
}

#[test]
fn stag_hunt() {
    let g = bimatrix("4,4 0,3; 3,0 3,3");
    check(
        &g,
        &["1 0 | 1 0", "0 1 | 0 1", "3/4 1/4 | 3/4 1/4"],
        &["1 0 | 1 0", "0 1 | 0 1"],
    );
}

#[test]
fn rock_paper_scissors_has_a_unique_completely_mixed_equilibrium() {
    let g = bimatrix("0,0 -1,1 1,-1; 1,-1 0,0 -1,1; -1,1 1,-1 0,0");
    check(&g, &["1/3 1/3 1/3 | 1/3 1/3 1/3"], &[]);
}

#[test]
fn a_3x3_game_with_unequal_mixing() {
    // Weighted rock-paper-scissors, symmetric zero-sum (B = -A = Aᵀ):
    // paper beats rock by 2, scissors beats paper by 3, rock beats scissors by 1.
    let g = bimatrix("0,0 -2,2 1,-1; 2,-2 0,0 -3,3; -1,1 3,-3 0,0");
    // Row payoffs: R: -2y_P + y_S; P: 2y_R - 3y_S; S: -y_R + 3y_P. With y = (1/2, 1/6, 1/3):
    // R: -1/3 + 1/3 = 0; P: 1 - 1 = 0; S: -1/2 + 1/2 = 0. The game is symmetric
    // zero-sum (B = -A = Aᵀ), so x = y and the value is 0.
    check(&g, &["1/2 1/6 1/3 | 1/2 1/6 1/3"], &[]);
}

#[test]
fn degenerate_game_of_von_stengel() {
    // von Stengel (2007), "Equilibrium computation for two-player games", the
    // degenerate 3x2 example: player 2 is indifferent against the top row.
    // By hand: a component x = (1,0,0), y = (1-t, t) for t in [0, 1/3], and
    // ((0,1/3,2/3), (1/3,2/3)).
    let g = bimatrix("3,3 3,3; 2,2 5,6; 0,3 6,1");
    check(
        &g,
        &["1 0 0 | 1 0", "1 0 0 | 2/3 1/3", "0 1/3 2/3 | 1/3 2/3"],
        &["1 0 0 | 1 0"],
    );
}

#[test]
fn a_game_where_every_profile_is_an_equilibrium() {
    // All payoffs equal: the extreme equilibria are the four pure profiles.
    let g = bimatrix("1,1 1,1; 1,1 1,1");
    check(
        &g,
        &["1 0 | 1 0", "1 0 | 0 1", "0 1 | 1 0", "0 1 | 0 1"],
        &["1 0 | 1 0", "1 0 | 0 1", "0 1 | 1 0", "0 1 | 0 1"],
    );
}

#[test]
fn three_player_coordination() {
    let g = parse_nfg(
        "c3.nfg",
        "NFG 1 R \"coordination\" { \"1\" \"2\" \"3\" } { 2 2 2 }\n\
         1 1 1  0 0 0  0 0 0  0 0 0  0 0 0  0 0 0  0 0 0  1 1 1\n",
    )
    .unwrap();
    expect_set(&enumpure(&g), &["1 0 | 1 0 | 1 0", "0 1 | 0 1 | 0 1"]);
    // Everyone mixing half-half leaves each player indifferent.
    assert!(is_equilibrium(&g, &profile("1/2 1/2 | 1/2 1/2 | 1/2 1/2")));
    assert!(!is_equilibrium(&g, &profile("1/2 1/2 | 1/2 1/2 | 1/3 2/3")));
    assert!(enummixed(&g).is_err());
}

#[test]
fn payoffs_in_decimals_and_fractions_are_exact() {
    // Matching pennies scaled by 1/10 and shifted by 1/3: the same
    // equilibrium, with payoffs exactly 1/3.
    let g = bimatrix("13/30,7/30 7/30,13/30; 7/30,13/30 13/30,7/30");
    let found = enummixed(&g).unwrap();
    expect_set(&found, &["1/2 1/2 | 1/2 1/2"]);
    assert_eq!(found[0].payoffs, qs("1/3 1/3"));
}

mod logit {
    use super::*;
    use redline_equilibria::logit::logit;

    fn close(a: &[Vec<f64>], b: &[&[f64]]) -> bool {
        a.iter()
            .zip(b)
            .all(|(x, y)| x.iter().zip(*y).all(|(p, q)| (p - q).abs() < 1e-9))
    }

    #[test]
    fn matching_pennies_stays_at_one_half() {
        let r = logit(&bimatrix("1,-1 -1,1; -1,1 1,-1"), 1e6).unwrap();
        assert!(close(&r.equilibrium, &[&[0.5, 0.5], &[0.5, 0.5]]));
        // By symmetry every QRE of matching pennies is the centroid.
        assert!(r.path.iter().all(|p| (p.profile[0][0] - 0.5).abs() < 1e-9));
    }

    #[test]
    fn battle_of_the_sexes_ends_at_an_equilibrium() {
        // The game is symmetric (swap the players and Opera ↔ Football), so
        // the branch from the centroid stays on q = 1 − p, where
        // p = L(λ(2 − 3p)) has one solution per λ, tending to 2/3. It meets
        // a pitchfork where 3λ·p(1 − p) = 1 (the Jacobian is singular there):
        // continuing straight through leads to the mixed equilibrium (as this
        // tracer does), turning off leads to a pure one (as Gambit 16.7 does).
        // Either way the end must be one of the three equilibria.
        let r = logit(&bimatrix("2,1 0,0; 0,0 1,2"), 1e6).unwrap();
        let candidates: [&[&[f64]]; 3] = [
            &[&[1.0, 0.0], &[1.0, 0.0]],
            &[&[0.0, 1.0], &[0.0, 1.0]],
            &[&[2.0 / 3.0, 1.0 / 3.0], &[1.0 / 3.0, 2.0 / 3.0]],
        ];
        assert!(
            candidates.iter().any(|c| close(&r.equilibrium, c)),
            "{:?}",
            r.equilibrium
        );
        assert!(r.regret < 1e-9);
        assert!(r.path.last().unwrap().lambda >= 1e6);
        // Before the pitchfork the branch is symmetric.
        for point in r.path.iter().filter(|p| p.lambda < 1.0) {
            assert!((point.profile[0][0] - point.profile[1][1]).abs() < 1e-9);
        }
    }

    #[test]
    fn the_path_follows_the_closed_form_when_payoffs_are_fixed() {
        // Row earns 1 with Top and 0 with Bottom whatever the column does;
        // the column is indifferent. Then σ(Top) = 1 / (1 + e^-λ) and the
        // column stays at (1/2, 1/2) at every λ.
        let r = logit(&bimatrix("1,0 1,0; 0,0 0,0"), 1e3).unwrap();
        assert!(r.path.len() > 5);
        for point in &r.path {
            let expected = 1.0 / (1.0 + (-point.lambda).exp());
            assert!(
                (point.profile[0][0] - expected).abs() < 1e-8,
                "λ = {}",
                point.lambda
            );
            assert!((point.profile[1][0] - 0.5).abs() < 1e-12);
        }
    }

    #[test]
    fn weighted_rock_paper_scissors_and_a_3_player_game() {
        let r = logit(
            &bimatrix("0,0 -2,2 1,-1; 2,-2 0,0 -3,3; -1,1 3,-3 0,0"),
            1e6,
        )
        .unwrap();
        assert!(close(
            &r.equilibrium,
            &[&[0.5, 1.0 / 6.0, 1.0 / 3.0], &[0.5, 1.0 / 6.0, 1.0 / 3.0]]
        ));
        let g = parse_nfg(
            "c3.nfg",
            "NFG 1 R \"c\" { \"1\" \"2\" \"3\" } { 2 2 2 }\n2 2 2  0 0 0  0 0 0  0 0 0  0 0 0  0 0 0  0 0 0  1 1 1\n",
        )
        .unwrap();
        // Everyone prefers coordinating on the first strategy (payoff 2 > 1);
        // the centroid's best replies already point there.
        let r = logit(&g, 1e6).unwrap();
        assert!(
            close(&r.equilibrium, &[&[1.0, 0.0], &[1.0, 0.0], &[1.0, 0.0]]),
            "{:?}",
            r.equilibrium
        );
    }
}

mod random_games {
    use super::*;
    use redline_core::RandomStream;

    /// Random bimatrix games, half of them with payoffs in {0, 1} (degenerate).
    fn random_game(index: u64) -> NormalFormGame {
        let mut stream = RandomStream::new(7, index, "random-bimatrix");
        let m = 1 + stream.below(5) as usize;
        let n = 1 + stream.below(5) as usize;
        let range = if index.is_multiple_of(2) { 2 } else { 19 };
        let mut draw = || Q::from_integer((stream.below(range) as i64).into());
        let a: Vec<Vec<Q>> = (0..m).map(|_| (0..n).map(|_| draw()).collect()).collect();
        let b: Vec<Vec<Q>> = (0..m).map(|_| (0..n).map(|_| draw()).collect()).collect();
        NormalFormGame::bimatrix("random", &a, &b)
    }

    #[test]
    fn solvers_agree_on_random_games() {
        for index in 0..200 {
            let g = random_game(index);
            let all = enummixed(&g).unwrap();
            // Nash (1951): every finite game has an equilibrium, and some extreme one.
            assert!(!all.is_empty(), "game {index}");
            let profiles: Vec<_> = all.iter().map(|e| e.profile.clone()).collect();
            for e in enumpure(&g) {
                assert!(
                    profiles.contains(&e.profile),
                    "game {index}: pure {:?} not extreme",
                    e.profile
                );
            }
            // Lemke–Howson ends at a completely labelled vertex pair: an extreme equilibrium.
            let lh = lemke_howson(&g, 0).unwrap();
            assert!(!lh.is_empty(), "game {index}");
            for e in lh {
                assert!(
                    profiles.contains(&e.profile),
                    "game {index}: {:?}",
                    e.profile
                );
            }
        }
    }
}
