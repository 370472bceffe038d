//! Agreement with Gambit: what pygambit 16.7 printed for the fixture games
//! (scripts/gambit_crosscheck.py wrote fixtures/pygambit.json) against
//! redline's solvers on the same files.

use redline_equilibria::deniability::{DeniabilityParams, deniability_efg};
use redline_equilibria::efg::parse_efg;
use redline_equilibria::logit::agent::{agent_logit, agent_qre_at};
use redline_equilibria::logit::logit;
use redline_equilibria::nfg::{NormalFormGame, parse_nfg};
use redline_equilibria::number::{Q, parse_number};
use redline_equilibria::reduced::{ReducedForm, reduced_strategic_form};
use redline_equilibria::solve::{Profile, enummixed, enumpure, is_equilibrium, lemke_howson};
use serde_json::Value;

fn dir() -> String {
    format!("{}/tests/fixtures", env!("CARGO_MANIFEST_DIR"))
}

fn profiles(v: &Value) -> Vec<Profile> {
    let mut out: Vec<Profile> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            e.as_array()
                .unwrap()
                .iter()
                .map(|p| {
                    p.as_array()
                        .unwrap()
                        .iter()
                        .map(|x| parse_number(x.as_str().unwrap()).unwrap())
                        .collect()
                })
                .collect()
        })
        .collect();
    out.sort();
    out
}

fn sorted(mut v: Vec<Profile>) -> Vec<Profile> {
    v.sort();
    v
}

/// Splits a flattened behaviour list into information sets.
fn split(
    form: &ReducedForm,
    game: &redline_equilibria::efg::ExtensiveGame,
    flat: &Profile,
) -> Vec<Vec<Vec<Q>>> {
    flat.iter()
        .enumerate()
        .map(|(p, values)| {
            let mut rest = values.as_slice();
            form.infosets[p]
                .iter()
                .map(|&h| {
                    let (head, tail) = rest.split_at(game.infosets[h].actions.len());
                    rest = tail;
                    head.to_vec()
                })
                .collect()
        })
        .collect()
}

#[test]
fn redline_agrees_with_pygambit() {
    let text = std::fs::read_to_string(format!("{}/pygambit.json", dir())).unwrap();
    let fixtures: Value = serde_json::from_str(&text).unwrap();
    let games = fixtures["games"].as_object().unwrap();
    assert!(games.len() >= 12);
    for (name, expected) in games {
        let text = std::fs::read_to_string(format!("{}/{name}", dir())).unwrap();
        let (normal, extensive): (NormalFormGame, _) = if name.ends_with(".efg") {
            let game = parse_efg(name, &text).unwrap();
            let form = reduced_strategic_form(&game).unwrap();
            (form.game.clone(), Some((game, form)))
        } else {
            (parse_nfg(name, &text).unwrap(), None)
        };
        let labels: Vec<Vec<String>> =
            serde_json::from_value(expected["strategies"].clone()).unwrap();
        assert_eq!(normal.strategies, labels, "{name}: strategies");
        let mine: Vec<Profile> = enumpure(&normal).into_iter().map(|e| e.profile).collect();
        assert_eq!(
            sorted(mine),
            profiles(&expected["enumpure"]),
            "{name}: enumpure"
        );
        // Gambit's logit end point, on games without the symmetry that makes
        // battle of the sexes' branch bifurcate (see tests/classic.rs).
        if let Some(theirs) = expected.get("logit")
            && name != "bos_outcomes.nfg"
        {
            let mine = logit(&normal, 1e6).unwrap().equilibrium;
            let theirs: Vec<Vec<Vec<f64>>> = serde_json::from_value(theirs.clone()).unwrap();
            let gap = mine
                .iter()
                .flatten()
                .zip(theirs[0].iter().flatten())
                .fold(0.0f64, |m, (a, b)| m.max((a - b).abs()));
            assert!(
                gap < 1e-6,
                "{name}: logit {mine:?} vs Gambit {:?}",
                theirs[0]
            );
        }
        if normal.num_players() != 2 {
            continue;
        }
        let all: Vec<Profile> = sorted(
            enummixed(&normal)
                .unwrap()
                .into_iter()
                .map(|e| e.profile)
                .collect(),
        );
        assert_eq!(all, profiles(&expected["enummixed"]), "{name}: enummixed");
        for e in lemke_howson(&normal, 0).unwrap() {
            assert!(
                all.contains(&e.profile),
                "{name}: lcp found {:?}",
                e.profile
            );
        }
        if let Some(theirs) = expected.get("lcp") {
            for p in profiles(theirs) {
                assert!(all.contains(&p), "{name}: Gambit's lcp found {p:?}");
            }
        }
        if let (Some(theirs), Some((game, form))) = (expected.get("lcp_behaviour"), &extensive) {
            for flat in profiles(theirs) {
                let mixed = form.mixed(&split(form, game, &flat));
                assert!(
                    is_equilibrium(&normal, &mixed),
                    "{name}: Gambit's sequence-form equilibrium fails our check"
                );
            }
        }
    }
}

/// The largest difference between two profiles of the same shape.
fn gap(a: &[Vec<f64>], b: &[Vec<f64>]) -> f64 {
    assert_eq!(
        a.iter().map(Vec::len).collect::<Vec<_>>(),
        b.iter().map(Vec::len).collect::<Vec<_>>()
    );
    a.iter()
        .flatten()
        .zip(b.iter().flatten())
        .fold(0.0f64, |m, (x, y)| m.max((x - y).abs()))
}

#[test]
fn agent_logit_agrees_with_pygambit() {
    // pygambit's logit_solve(game, use_strategic=False): the agent QRE.
    let text = std::fs::read_to_string(format!("{}/pygambit.json", dir())).unwrap();
    let fixtures: Value = serde_json::from_str(&text).unwrap();
    let mut checked = 0;
    for (name, expected) in fixtures["games"].as_object().unwrap() {
        if !name.ends_with(".efg") {
            continue;
        }
        let game = parse_efg(
            name,
            &std::fs::read_to_string(format!("{}/{name}", dir())).unwrap(),
        )
        .unwrap();
        // Gambit stops once the regret is below 1e-8 times the payoff range,
        // so its end is within about 1e-6 of the limit that we refine to.
        let theirs: Vec<Vec<Vec<f64>>> =
            serde_json::from_value(expected["logit_behaviour"].clone()).unwrap();
        let mine = agent_logit(&game, 1e6).unwrap().equilibrium;
        let end = gap(&mine, &theirs[0]);
        assert!(
            end < 1e-6,
            "{name}: agent logit {mine:?} vs Gambit {:?}",
            theirs[0]
        );
        // The branch itself, at the λ that pygambit reached: the same
        // equations (conditional action values) give the same points.
        let points = expected["logit_behaviour_lambda"].as_array().unwrap();
        let lambdas: Vec<f64> = points
            .iter()
            .map(|p| p["lambda"].as_f64().unwrap())
            .collect();
        for (mine, theirs) in agent_qre_at(&game, &lambdas).unwrap().iter().zip(points) {
            let theirs: Vec<Vec<f64>> = serde_json::from_value(theirs["profile"].clone()).unwrap();
            let along = gap(&mine.profile, &theirs);
            assert!(
                along < 1e-10,
                "{name} at λ = {}: {:?} vs Gambit {theirs:?}",
                mine.lambda,
                mine.profile
            );
        }
        checked += 1;
    }
    assert_eq!(checked, 7);
}

#[test]
fn deniability_fixtures_are_current() {
    for (name, share) in [
        ("deniability_b0.efg", "0"),
        ("deniability_b1-2.efg", "1/2"),
        ("deniability_b1.efg", "1"),
    ] {
        let mut params = DeniabilityParams::default();
        params.set("blame-share", share).unwrap();
        let text = std::fs::read_to_string(format!("{}/{name}", dir())).unwrap();
        assert_eq!(
            text,
            deniability_efg(&params),
            "{name}: rerun scripts/gambit_crosscheck.py"
        );
    }
}
