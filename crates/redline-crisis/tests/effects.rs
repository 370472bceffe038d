//! Effect sizes of mechanisms on the flagship, each a paired difference on
//! common random numbers with its 95 % interval, asserted against a stated
//! size rather than a sign. These replace tests that held by the code's
//! structure (an absolute red line "at most halving" talks; war impossible
//! when no one can strike).

use redline_crisis::assume::Assumptions;
use redline_crisis::ensemble::{self, PairedDifference};
use redline_crisis::{CrisisModel, Strategy};

const RUNS: u64 = 4000;
const SEED: u64 = 2025;

fn flagship(sets: &[&str]) -> CrisisModel {
    let sets: Vec<String> = sets.iter().map(|s| s.to_string()).collect();
    let scenario = redline_scenarios::load_shipped(redline_scenarios::FLAGSHIP_ID, &sets)
        .expect("flagship loads");
    CrisisModel::new(scenario).expect("flagship validates")
}

/// The paired difference (variant − base) of outcome `id`, or of "any talks".
fn effect(base: &CrisisModel, variant: &CrisisModel, id: &str) -> PairedDifference {
    effect_over(base, variant, id, RUNS)
}

/// [`effect`] over `runs` runs.
fn effect_over(base: &CrisisModel, variant: &CrisisModel, id: &str, runs: u64) -> PairedDifference {
    let none = Assumptions::none();
    let d = ensemble::paired((base, &none), (variant, &none), runs, SEED);
    match base.outcomes().ids().position(|o| o == id) {
        Some(i) => d[i],
        None => *d.last().expect("any talks"),
    }
}

/// Asserts that the whole 95 % interval of `d` lies beyond `size` (below it
/// when `size` is negative, above it when positive), and says so if not.
fn assert_beyond(what: &str, d: &PairedDifference, size: f64) {
    let (low, high) = d.ci95;
    let holds = if size < 0.0 { high < size } else { low > size };
    assert!(
        holds,
        "{what}: {:+.2} pp (95% {:+.2} to {:+.2}), expected beyond {:+.1} pp",
        100.0 * d.mean,
        100.0 * low,
        100.0 * high,
        100.0 * size
    );
}

/// Asserts an effect at [`STRONG_RUNS`] runs: at least four standard errors
/// of the paired difference, and its whole 95 % interval beyond `size`.
fn assert_strong(what: &str, d: &PairedDifference, size: f64) {
    let se = (d.ci95.1 - d.ci95.0) / (2.0 * 1.959_963_984_540_054);
    assert!(
        d.mean.abs() >= 4.0 * se,
        "{what}: {:+.2} pp, SE {:.2} pp",
        100.0 * d.mean,
        100.0 * se
    );
    assert_beyond(what, d, size);
}

/// Runs of the effects the issues state "at 20,000 runs".
const STRONG_RUNS: u64 = 20_000;

#[test]
fn m1_an_absolute_red_line_removes_most_talks() {
    // Measured: −53 pp of any talks (95% −55 to −52) at 4,000 runs, seed 2025.
    // The claim: more than 30 points of the runs with talks lose them when the
    // public rejection binds absolutely (no secret permission behind it).
    let d = effect(
        &flagship(&[]),
        &flagship(&["leader.red_line=absolute"]),
        "any",
    );
    assert_beyond("absolute red line, any talks", &d, -0.30);
}

#[test]
fn m8_answering_in_kind_drives_war_both_ways() {
    // Measured: no reciprocity −8.6 pp of war (95% −9.5 to −7.8); full
    // reciprocity (ρ = 1 both ways) +17 pp (+15.8 to +18.2).
    let base = flagship(&[]);
    let none = flagship(&[
        "reciprocity.target_response=0",
        "reciprocity.coercer_response=0",
    ]);
    assert_beyond("no reciprocity, war", &effect(&base, &none, "war"), -0.05);
    let full = flagship(&[
        "reciprocity.target_response=1",
        "reciprocity.coercer_response=1",
    ]);
    assert_beyond("full reciprocity, war", &effect(&base, &full, "war"), 0.10);
}

#[test]
fn m6_the_stockpile_and_its_production_move_the_strike_hazard() {
    // Breakout time enters every strike decision. From the flagship's 275 kg
    // (six weapons' worth) production changes nothing within a year; from an
    // empty stockpile it is what brings breakout down. Measured: stockpile 0
    // −1.3 pp of Israeli strikes (95% −1.7 to −1.0); from an empty stockpile,
    // no production −20 pp.
    let base = flagship(&[]);
    let empty = flagship(&["initial.stockpile_kg=0"]);
    assert_beyond(
        "empty stockpile, Israeli strike",
        &effect(&base, &empty, "israeli_strike"),
        -0.005,
    );
    let idle = flagship(&["initial.stockpile_kg=0", "nuclear.production_kg_weekly=0"]);
    assert_beyond(
        "empty stockpile, no production, Israeli strike",
        &effect(&empty, &idle, "israeli_strike"),
        -0.10,
    );
}

#[test]
fn m9_grit_against_maximum_pressure_has_a_size() {
    // Measured in docs/MODEL.md at 10,000 runs: war −12.5 pp (−13.1 to −11.8).
    let base = flagship(&[]);
    let grit = base.with_strategy(Strategy::Grit);
    assert_beyond("GRIT, war", &effect(&base, &grit, "war"), -0.08);
}

#[test]
fn m8_hostile_attribution_produces_spirals() {
    // Perception as a bias, not only noise: each side reads the other's week
    // 1.5 Goldstein points more hostile than it was, against no bias, both
    // under tit-for-tat. Zero-mean noise alone lowers war under tit-for-tat
    // (σ 3 against 1 with no bias: −1.2 pp, 95% −1.5 to −1.0);
    // the bias turns misperception into escalation. Measured
    // (`paired_effect iran-2025-02-07 20000 42
    // reciprocity.target_attribution_bias=1.5
    // reciprocity.coercer_attribution_bias=1.5 -- counterpart.strategy=tit-for-tat
    // reciprocity.target_attribution_bias=0 reciprocity.coercer_attribution_bias=0`):
    // war +8.5 pp (95% +8.0 to +8.9), 39 standard errors. The claim: at
    // least 4 standard errors at 20,000 runs and the whole interval above
    // +4 pp.
    let unbiased = [
        "counterpart.strategy=tit-for-tat",
        "reciprocity.target_attribution_bias=0",
        "reciprocity.coercer_attribution_bias=0",
    ];
    let mut biased = unbiased.to_vec();
    biased.extend([
        "reciprocity.target_attribution_bias=1.5",
        "reciprocity.coercer_attribution_bias=1.5",
    ]);
    let (base, variant) = (flagship(&unbiased), flagship(&biased));
    let d = effect_over(&base, &variant, "war", STRONG_RUNS);
    assert_strong("hostile attribution under tit-for-tat, war", &d, 0.04);
}

#[test]
fn m7_failed_diplomacy_raises_the_hazard_of_force() {
    // Collapsed talks and broken deals enter every strike decision through
    // the memory of failed diplomacy (`actors.<id>.strike.failed_talks`).
    // Against the same runs with that term off for both strikers, measured
    // (`paired_effect iran-2025-02-07 20000 42
    // actors.israel.strike.failed_talks=0 actors.us.strike.failed_talks=0`,
    // read with the sign turned): Israeli strikes +1.6 pp (95% +1.4 to +1.8),
    // US strikes +1.0 pp (+0.9 to +1.2), war +1.1 pp (+0.9 to +1.2). The
    // claim: Israeli strikes beyond +0.8 pp and at least 4 standard errors
    // at 20,000 runs.
    let off = flagship(&[
        "actors.israel.strike.failed_talks=0",
        "actors.us.strike.failed_talks=0",
    ]);
    let on = flagship(&[]);
    let d = effect_over(&off, &on, "israeli_strike", STRONG_RUNS);
    assert_strong("failed diplomacy, Israeli strike", &d, 0.008);
}
