//! The deniability game against payoffs and equilibrium conditions worked
//! out by hand from the model's definition (docs/model/equilibria.md).
//!
//! Defaults: p = 1/2, q_E = 3/5, q_P = 3/10, v_P = 4, v_H = -2, c = 2, k = 1,
//! e_P = 2, e_H = 3, W = 3, F = 1, L = 1, G = 1.
//! Separation (hardliner rejects and blocks, pragmatist endorses and allows,
//! counterpart pressures after a rejection and engages after an endorsement)
//! needs the pragmatist to prefer endorsing and being engaged,
//! E = -e_P + q_E v_P - (1-q_E) c = -2/5, to rejecting and blocking (-k = -1)
//! and to rejecting, allowing and being pressured,
//! R(B) = -k + q_P v_P - (1-q_P) c (1-B) = -6/5 + 7/5 B: so B ≤ 4/7. The
//! hardliner never gains by deviating: his best alternative, endorsing and
//! blocking, pays -e_H = -3 < -k.

use redline_equilibria::deniability::{
    DeniabilityParams, Signal, analyse, deniability_efg, deniability_game, sweep,
};
use redline_equilibria::efg::{parse_efg, write_efg};
use redline_equilibria::number::{Q, parse_number};
use redline_equilibria::reduced::reduced_strategic_form;
use redline_equilibria::solve::{Profile, expected_payoffs, is_equilibrium};

fn q(s: &str) -> Q {
    parse_number(s).unwrap()
}

fn with_blame(b: &str) -> DeniabilityParams {
    let mut p = DeniabilityParams::default();
    p.set("blame-share", b).unwrap();
    p
}

/// The pure profile with the given reduced-strategy labels.
fn pure(params: &DeniabilityParams, leader: &str, counterpart: &str) -> (bool, Vec<Q>) {
    let game = deniability_game(params);
    let form = reduced_strategic_form(&game).unwrap();
    let mut profile: Profile = Vec::new();
    for (p, label) in [leader, counterpart].into_iter().enumerate() {
        let k = form.game.strategies[p]
            .iter()
            .position(|s| s == label)
            .unwrap();
        profile.push(
            (0..form.game.strategies[p].len())
                .map(|i| if i == k { q("1") } else { q("0") })
                .collect(),
        );
    }
    (
        is_equilibrium(&form.game, &profile),
        expected_payoffs(&form.game, &profile),
    )
}

#[test]
fn the_generated_file_is_a_valid_game_that_round_trips() {
    let text = deniability_efg(&DeniabilityParams::default());
    let game = parse_efg("d.efg", &text).unwrap();
    assert_eq!(parse_efg("d.efg", &write_efg(&game)).unwrap(), game);
    let form = reduced_strategic_form(&game).unwrap();
    // Leader: four moves for each type; counterpart: two responses after each stance.
    assert_eq!(form.game.shape(), vec![16, 4]);
    // Hardliner rejects and blocks, pragmatist endorses and allows; the
    // counterpart pressures after a rejection and engages after an endorsement:
    // leader 1/2·(-1) + 1/2·(-2/5) = -7/10; counterpart 1/2·1 + 1/2·(7/5) = 6/5.
    assert_eq!(
        pure(&DeniabilityParams::default(), "23", "21").1,
        vec![q("-7/10"), q("6/5")]
    );
}

#[test]
fn separation_holds_up_to_a_blame_share_of_four_sevenths() {
    for (b, separates) in [("0", true), ("4/7", true), ("3/5", false), ("1", false)] {
        assert_eq!(
            pure(&with_blame(b), "23", "21").0,
            separates,
            "blame share {b}"
        );
    }
}

#[test]
fn with_full_blame_shifting_the_pragmatist_hides_talks_behind_a_rejection() {
    // Hardliner rejects and blocks; pragmatist rejects and allows; the
    // counterpart pressures after a rejection (engaging earns 1/5, pressure 3/5).
    // The pragmatist earns R(1) = 1/5 > E = -2/5. Leader: 1/2·(-1) + 1/2·(1/5) = -2/5.
    let (ok, payoffs) = pure(&with_blame("1"), "21", "21");
    assert!(ok);
    assert_eq!(payoffs, vec![q("-2/5"), q("3/5")]);
    // Without blame shifting the pragmatist would rather endorse.
    assert!(!pure(&with_blame("0"), "21", "21").0);
}

#[test]
fn the_solver_finds_what_the_hand_analysis_predicts() {
    let low = analyse(&with_blame("0"));
    assert!(
        low.iter()
            .any(|r| r.signal == Signal::Separating && r.posterior_reject == Some(q("1")))
    );
    let high = analyse(&with_blame("1"));
    assert!(!high.is_empty());
    // By hand: no separating equilibrium once the pragmatist can shed all blame.
    assert!(high.iter().all(|r| r.signal != Signal::Separating));
    // The pooling equilibrium: a rejection carries no information (posterior = prior)
    // and half of the rejecting leaders allow talks.
    assert!(high.iter().any(|r| r.signal == Signal::PoolingReject
        && r.posterior_reject == Some(q("1/2"))
        && r.allow_given_reject == Some(q("1/2"))));
    let rows = sweep(&DeniabilityParams::default(), 4);
    assert_eq!(rows.len(), 5);
    assert_eq!(rows[2].blame_share, q("1/2"));
}

#[test]
fn bad_parameters_are_located_errors() {
    let mut p = DeniabilityParams::default();
    let e = p.set("blame-share", "1.5").unwrap_err();
    assert_eq!(e.origin, "--blame-share");
    let e = p.set("blame-shar", "0.5").unwrap_err();
    assert!(e.hint.unwrap().contains("blame-share"));
    assert!(p.set("pressure-cost", "x").is_err());
}

#[test]
fn parameters_come_from_the_flagship_scenario() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../scenarios/iran-2025-02-07.toml"
    );
    let Ok(text) = std::fs::read_to_string(path) else {
        eprintln!("skipped: {path} not found");
        return;
    };
    // The scenario extends shared/parameters.toml, read relative to it.
    let resolve = |file: &str, from: &str| {
        let candidate = std::path::Path::new(from).parent().unwrap().join(file);
        std::fs::read_to_string(&candidate)
            .map(|t| (candidate.display().to_string(), t))
            .map_err(|e| redline_core::InputError::new(from, e.to_string()))
    };
    let input = redline_core::scenario::Input {
        name: path,
        text: &text,
    };
    let scenario = redline_core::Scenario::load_extending(input, &resolve, &[], &[]).unwrap();
    let p = DeniabilityParams::from_scenario(&scenario).unwrap();
    // leader.deniability ~ beta(6, 3): mean 2/3, to thousandths 667/1000;
    // leader.firmness ~ beta(2, 3): mean 2/5.
    assert_eq!(p.blame_share, q("667/1000"));
    assert_eq!(p.p_hardliner, q("2/5"));
    // Above B* = 4/7 no separating equilibrium remains (see the module test above).
    assert!(analyse(&p).iter().all(|r| r.signal != Signal::Separating));
}
