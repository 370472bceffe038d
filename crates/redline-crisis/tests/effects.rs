//! Effect sizes of mechanisms on the flagship, each a paired difference on
//! common random numbers with its 95 % interval, asserted against a stated
//! size rather than a sign. These replace tests that held by the code's
//! structure (an absolute red line "at most halving" talks; war impossible
//! when no one can strike).

use redline_crisis::assume::Assumptions;
use redline_crisis::ensemble::{self, PairedDifference};
use redline_crisis::{CrisisModel, Play, Strategy};

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
    // Measured (4,000 runs, seed 2025, `paired_effect`): no reciprocity
    // −14.0 pp of war (95% −15.3 to −12.6); full reciprocity (ρ = 1 both
    // ways) +13.9 pp (+12.5 to +15.4).
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
    // Breakout time and the weapons' worth enter every strike decision. From
    // no highly enriched stock, 60 % production is what brings breakout down.
    // Measured (4,000 runs, seed 2025, `paired_effect`): no 60 % or 20 %
    // stock, −11.1 pp of Israeli strikes (95% −12.5 to −9.7); from there, no
    // 60 % production −34.7 pp (−36.7 to −32.8). From the flagship's own
    // stock, see `m6_production_matters_where_the_stock_is_already_above_one_weapon`.
    let base = flagship(&[]);
    let empty = flagship(&["initial.stockpile_kg=0", "initial.stockpile_20_kg=0"]);
    assert_beyond(
        "no highly enriched stock, Israeli strike",
        &effect(&base, &empty, "israeli_strike"),
        -0.005,
    );
    let idle = flagship(&[
        "initial.stockpile_kg=0",
        "initial.stockpile_20_kg=0",
        "nuclear.production_kg_weekly=0",
    ]);
    assert_beyond(
        "no highly enriched stock, no production, Israeli strike",
        &effect(&empty, &idle, "israeli_strike"),
        -0.10,
    );
}

#[test]
fn m9_grit_against_maximum_pressure_has_a_size() {
    // Measured in docs/MODEL.md at 10,000 runs, seed 42: war −20.8 pp (−21.9 to −19.8).
    let base = flagship(&[]);
    let grit = base.with_strategy(Strategy::of(Play::Grit));
    assert_beyond("GRIT, war", &effect(&base, &grit, "war"), -0.08);
}

#[test]
fn m8_hostile_attribution_produces_spirals() {
    // Perception as a bias, not only noise: each side reads the other's week
    // 1.5 Goldstein points more hostile than it was, against no bias, both
    // under tit-for-tat. Zero-mean noise alone lowers war under tit-for-tat
    // (σ 3 against 1 with no bias: −1.9 pp, 95% −2.2 to −1.5);
    // the bias turns misperception into escalation. Measured
    // (`paired_effect iran-2025-02-07 20000 42
    // reciprocity.target_attribution_bias=1.5
    // reciprocity.coercer_attribution_bias=1.5 -- counterpart.strategy=tit-for-tat
    // reciprocity.target_attribution_bias=0 reciprocity.coercer_attribution_bias=0`):
    // war +10.7 pp (95% +10.1 to +11.2), 38 standard errors. The claim: at
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
    // (`paired_effect iran-2025-02-07 20000 2025
    // actors.israel.strike.failed_talks=0 actors.us.strike.failed_talks=0`,
    // read with the sign turned): US strikes +2.15 pp (95% +1.91 to +2.39),
    // war +2.25 pp, Israeli strikes +0.91 pp (+0.76 to +1.05; most runs
    // already see one). The claim: US strikes beyond
    // +1.5 pp, Israeli beyond +0.5 pp, each at least 4 standard errors at
    // 20,000 runs.
    let off = flagship(&[
        "actors.israel.strike.failed_talks=0",
        "actors.us.strike.failed_talks=0",
    ]);
    let on = flagship(&[]);
    let d = effect_over(&off, &on, "us_strike", STRONG_RUNS);
    assert_strong("failed diplomacy, US strike", &d, 0.015);
    let d = effect_over(&off, &on, "israeli_strike", STRONG_RUNS);
    assert_strong("failed diplomacy, Israeli strike", &d, 0.005);
}

#[test]
fn m9_a_lapsed_ultimatum_raises_strikes() {
    // Under the ultimatum, the memory of its lapsed deadline in every strike
    // decision (M7) against the same playbook with those coefficients at 0.
    // Measured (20,000 runs, seed 2025): US strike +4.63 pp (95% +4.26 to
    // +5.00, 24 SE); Israeli strike +2.31 pp (+2.07 to +2.55, 18 SE); war
    // +3.91 pp (+3.53 to +4.29).
    let without = flagship(&[
        "counterpart.strategy=ultimatum",
        "actors.us.strike.lapsed_deadline=0",
        "actors.israel.strike.lapsed_deadline=0",
    ]);
    let with = flagship(&["counterpart.strategy=ultimatum"]);
    let us = effect_over(&without, &with, "us_strike", STRONG_RUNS);
    assert_strong("a lapsed ultimatum, US strike", &us, 0.03);
    let israel = effect_over(&without, &with, "israeli_strike", STRONG_RUNS);
    assert_strong("a lapsed ultimatum, Israeli strike", &israel, 0.015);
}

#[test]
fn m7_a_deal_coming_into_reach_raises_the_spoilers_strike() {
    // Under tit-for-tat (the strategy with the most talks), Israel's
    // coefficient on a deal in reach at 2 log-odds against 0. Measured
    // (20,000 runs, seed 2025): +1.97 pp (95% +1.76 to +2.17), 18 SE.
    let none = flagship(&[
        "counterpart.strategy=tit-for-tat",
        "actors.israel.strike.deal_in_reach=0",
    ]);
    let spoiler = flagship(&[
        "counterpart.strategy=tit-for-tat",
        "actors.israel.strike.deal_in_reach=2",
    ]);
    let d = effect_over(&none, &spoiler, "israeli_strike", STRONG_RUNS);
    assert_strong("a deal in reach, Israeli strike", &d, 0.01);
}

#[test]
fn m6_production_matters_where_the_stock_is_already_above_one_weapon() {
    // The flagship's 60 % stock (275 kg) holds six weapons' feed, so its
    // breakout is set by set-up and capacity; production still matters
    // through the weapons' worth the strike decisions read (M7). Measured
    // (20,000 runs, seed 2025, `paired_effect`): 8.5 kg a week against none,
    // Israeli strikes +1.56 pp (95% +1.37 to +1.75, 16 SE), US strikes
    // +2.21 pp (+1.96 to +2.47).
    let none = flagship(&["nuclear.production_kg_weekly=0"]);
    let full = flagship(&["nuclear.production_kg_weekly=8.5"]);
    let d = effect_over(&none, &full, "israeli_strike", STRONG_RUNS);
    assert_strong("production, Israeli strike", &d, 0.01);
}
