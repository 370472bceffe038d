//! Each mechanism's effect on the flagship, shown on common random numbers.
//!
//! A directional test compares two variants run by run on the same
//! `(seed, run)` streams and asserts that the 95 % interval of the paired
//! difference excludes zero in the stated direction: not just that one
//! number beats another. The flagship's coefficients are never touched
//! except by the switch under test.

use redline_crisis::assume::Assumptions;
use redline_crisis::ensemble::{self, PairedDifference};
use redline_crisis::params::Stance;
use redline_crisis::state::{Context, DealTerms, Event, Observer, RunState, Talks};
use redline_crisis::trace::TraceRecorder;
use redline_crisis::{CrisisModel, Play, Strategy};

/// The flagship's outcomes, by their position in its display order (the
/// order `scenarios/shared/iran.toml` declares them in).
#[derive(Clone, Copy, Debug, PartialEq)]
enum Outcome {
    TalksSecret,
    TalksPublic,
    InterimDeal,
    ComprehensiveDeal,
    SnapbackTriggered,
    UnSanctionsReimposed,
    NptWithdrawal,
    IsraeliStrike,
    UsStrike,
    War,
    WeaponizationDecision,
    NuclearTest,
}

impl Outcome {
    const COUNT: usize = 12;
    const ALL: [Outcome; 12] = [
        Outcome::TalksSecret,
        Outcome::TalksPublic,
        Outcome::InterimDeal,
        Outcome::ComprehensiveDeal,
        Outcome::SnapbackTriggered,
        Outcome::UnSanctionsReimposed,
        Outcome::NptWithdrawal,
        Outcome::IsraeliStrike,
        Outcome::UsStrike,
        Outcome::War,
        Outcome::WeaponizationDecision,
        Outcome::NuclearTest,
    ];

    fn index(self) -> usize {
        self as usize
    }
}

#[test]
fn the_flagship_declares_its_outcomes_in_the_order_this_file_assumes() {
    let model = flagship(&[]);
    let ids: Vec<&str> = model.outcomes().ids().collect();
    assert_eq!(ids.len(), Outcome::COUNT);
    assert_eq!(ids[Outcome::IsraeliStrike.index()], "israeli_strike");
    assert_eq!(ids[Outcome::NuclearTest.index()], "nuclear_test");
    assert_eq!(
        ids[Outcome::UnSanctionsReimposed.index()],
        "un_sanctions_reimposed"
    );
}

const RUNS: u64 = 4000;
const SEED: u64 = 2025;

fn flagship(sets: &[&str]) -> CrisisModel {
    let sets: Vec<String> = sets.iter().map(|s| s.to_string()).collect();
    let scenario = redline_scenarios::load_shipped(redline_scenarios::FLAGSHIP_ID, &sets)
        .expect("flagship loads");
    CrisisModel::new(scenario).expect("flagship validates")
}

fn assume(model: &CrisisModel, clauses: &[&str]) -> Assumptions {
    let clauses: Vec<String> = clauses.iter().map(|s| s.to_string()).collect();
    Assumptions::parse(&clauses, model).expect("valid assumptions")
}

/// Paired differences (variant − base) for every outcome, and "any talks" last.
fn paired(
    base: &CrisisModel,
    variant: &CrisisModel,
    variant_assumptions: &Assumptions,
) -> Vec<PairedDifference> {
    ensemble::paired(
        (base, &Assumptions::none()),
        (variant, variant_assumptions),
        RUNS,
        SEED,
    )
}

fn diff(d: &[PairedDifference], outcome: Outcome) -> PairedDifference {
    d[outcome.index()]
}

fn any_talks(d: &[PairedDifference]) -> PairedDifference {
    d[Outcome::COUNT]
}

fn p(model: &CrisisModel, outcome: Outcome) -> f64 {
    let f = ensemble::forecast(model, &Assumptions::none(), RUNS, SEED, 2, &|_| {});
    f.outcomes[outcome.index()].probability
}

#[test]
fn same_seed_same_bytes_on_one_or_two_threads() {
    let model = flagship(&[]);
    let one = ensemble::forecast(&model, &Assumptions::none(), 3000, 7, 1, &|_| {});
    let two = ensemble::forecast(&model, &Assumptions::none(), 3000, 7, 2, &|_| {});
    assert_eq!(one.counts, two.counts);
    let other_seed = ensemble::forecast(&model, &Assumptions::none(), 3000, 8, 2, &|_| {});
    assert_ne!(one.counts, other_seed.counts, "the seed must matter");
}

#[test]
fn a_set_that_changes_nothing_changes_nothing() {
    // --set reuses each run's random numbers: restating the flagship's own value
    // must give the identical ensemble.
    let base = flagship(&[]);
    let same = flagship(&["leader.deniability={ dist = \"beta\", alpha = 6, beta = 3 }"]);
    let a = ensemble::forecast(&base, &Assumptions::none(), 2000, SEED, 2, &|_| {});
    let b = ensemble::forecast(&same, &Assumptions::none(), 2000, SEED, 2, &|_| {});
    assert_eq!(a.counts, b.counts);
}

#[test]
fn m1_talks_run_behind_a_public_rejection() {
    // The 2013 pattern: some runs have secret talks while the stance is rejection.
    let model = flagship(&[]);
    let scenario = model.scenario();
    let found = (0..200).any(|run| {
        let mut recorder = TraceRecorder::new(scenario.as_of, scenario.step_days);
        model.run(
            SEED,
            run,
            &Assumptions::none(),
            &mut Vec::new(),
            &mut recorder,
        );
        recorder
            .weeks
            .iter()
            .any(|w| w.talks == Talks::Secret && w.stance == Stance::Reject)
    });
    assert!(found);
}

#[test]
fn m2_without_deniability_fewer_talks() {
    let base = flagship(&[]);
    let no_deniability = flagship(&["leader.deniability=0"]);
    let d = any_talks(&paired(&base, &no_deniability, &Assumptions::none()));
    assert!(d.ci95.1 < 0.0, "{d:?}");
}

/// Finds, in the flagship's runs, a collapse of talks under a public rejection.
struct CollapseUnderRejection {
    found: Option<(f64, f64)>,
    capital_before: f64,
    standing_before: f64,
    capital_after: f64,
    standing_after: f64,
    week_of_collapse: Option<usize>,
}

impl Observer for CollapseUnderRejection {
    fn event(&mut self, week: usize, event: Event) {
        if let Event::TalksCollapsed {
            stance: Stance::Reject,
            negotiator_loss,
            leader_change,
        } = event
            && self.found.is_none()
        {
            self.found = Some((negotiator_loss, leader_change));
            self.week_of_collapse = Some(week);
        }
    }
    fn end_of_week(&mut self, state: &RunState, _: &Context) {
        if self.week_of_collapse == Some(state.week) {
            self.capital_after = state.negotiator_capital;
            self.standing_after = state.leader_standing;
        } else if self.found.is_none() {
            self.capital_before = state.negotiator_capital;
            self.standing_before = state.leader_standing;
        }
    }
}

#[test]
fn m2_a_collapse_under_rejection_costs_the_negotiator_not_the_leader() {
    // The initial capital and standing at their central values, fixed, so
    // that the state before the first week is known.
    let model = flagship(&[
        "initial.negotiator_capital=0.6",
        "initial.leader_standing=0.4",
    ]);
    // Before the first week ends, the state is the initial one (a collapse
    // can come in week 0).
    let initial = |key: &str| match &model.scenario().parameter(key).expect(key).value {
        redline_core::scenario::ParamValue::Number(d) if d.is_fixed() => d.support().0,
        other => panic!("{key} is fixed in the flagship: {other:?}"),
    };
    let mut seen = 0;
    for run in 0..2000 {
        let mut watch = CollapseUnderRejection {
            found: None,
            capital_before: initial("initial.negotiator_capital"),
            standing_before: initial("initial.leader_standing"),
            capital_after: 0.0,
            standing_after: 0.0,
            week_of_collapse: None,
        };
        model.run(SEED, run, &Assumptions::none(), &mut Vec::new(), &mut watch);
        if let Some((loss, leader_change)) = watch.found {
            // M2's table under rejection, with this run's own parameter draws:
            // the negotiator loses the collapse cost, the leader gains the
            // vindication in proportion to his deniability.
            let p = model.params_for_run(SEED, run, &mut Vec::new());
            assert!(
                (loss - p.blame.collapse_cost).abs() < 1e-12
                    && (leader_change - p.blame.vindication_gain * p.red_lines.deniability).abs()
                        < 1e-12,
                "run {run}: {loss} {leader_change}"
            );
            assert!(
                watch.capital_after < watch.capital_before,
                "run {run}: capital did not fall: {} -> {} in week {:?}",
                watch.capital_before,
                watch.capital_after,
                watch.week_of_collapse
            );
            assert!(
                watch.standing_after >= watch.standing_before,
                "run {run}: the leader lost standing"
            );
            seen += 1;
        }
    }
    assert!(
        seen >= 5,
        "only {seen} collapses under rejection in 2000 runs"
    );
}

#[test]
fn m3_secret_talks_need_only_private_permission() {
    // With the private permission certain on day one, secret talks open more
    // often although the public stance is still rejection.
    let base = flagship(&[]);
    let permitted = flagship(&["initial.permission_allow=1"]);
    let d = diff(
        &paired(&base, &permitted, &Assumptions::none()),
        Outcome::TalksSecret,
    );
    assert!(d.ci95.0 > 0.0, "{d:?}");
}

/// Checks, week by week, that a deal is concluded only when its zone
/// overlaps and on the terms the zone gives.
#[derive(Default)]
struct ZoneCheck {
    concluded: Option<Talks>,
    terms: Option<DealTerms>,
    deals: u32,
    closed_weeks: u32,
    failures: Vec<String>,
}

impl Observer for ZoneCheck {
    fn event(&mut self, _week: usize, event: Event) {
        match event {
            Event::TalksAdvanced(t) if t.deal() => self.concluded = Some(t),
            Event::DealTerms(t) => self.terms = Some(t),
            _ => {}
        }
    }
    fn end_of_week(&mut self, s: &RunState, c: &Context) {
        if !c.interim_zone {
            self.closed_weeks += 1;
        }
        if let Some(deal) = self.concluded.take() {
            self.deals += 1;
            let (open, terms) = if deal == Talks::Interim {
                (c.interim_zone, c.interim_terms)
            } else {
                (c.full_zone, c.full_terms)
            };
            if !open {
                self.failures
                    .push(format!("week {}: {deal:?} without its zone", s.week));
            }
            if self.terms != Some(terms) || s.deal_terms != terms {
                self.failures
                    .push(format!("week {}: {deal:?} on terms off the zone", s.week));
            }
        }
    }
}

#[test]
fn m4_deals_are_concluded_only_inside_their_zone() {
    // The zone opens and closes within runs, deals are made, and every one of
    // them must be made in a week its zone overlaps, on the terms it gives
    // (tests/deals.rs measures what moves the zone: the coercer's demands,
    // the stockpile cap, the leader's red lines).
    for id in ["iran-2025-02-07", "iran-2013-02-07"] {
        let sets: Vec<String> = Vec::new();
        let m = CrisisModel::new(redline_scenarios::load_shipped(id, &sets).expect("loads"))
            .expect("validates");
        let mut check = ZoneCheck::default();
        for run in 0..3000 {
            m.run(SEED, run, &Assumptions::none(), &mut Vec::new(), &mut check);
        }
        assert!(
            check.failures.is_empty(),
            "{id}: {:?}",
            &check.failures[..1]
        );
        assert!(check.deals > 20, "{id}: {} deals", check.deals);
        assert!(check.closed_weeks > 0, "{id}: the zone never closed");
    }
}

#[test]
fn m5_without_snapback_fewer_npt_withdrawals() {
    let base = flagship(&[]);
    let no_snapback = flagship(&["snapback.enabled=false"]);
    let d = paired(&base, &no_snapback, &Assumptions::none());
    assert!(
        diff(&d, Outcome::NptWithdrawal).ci95.1 < 0.0,
        "{:?}",
        diff(&d, Outcome::NptWithdrawal)
    );
    assert_eq!(p(&no_snapback, Outcome::UnSanctionsReimposed), 0.0);
}

#[test]
fn m5_reimposition_cuts_leverage_and_deals() {
    let base = flagship(&[]);
    let assumptions = assume(&base, &["un_sanctions_reimposed@2025-03-14"]);
    let d = paired(&base, &base, &assumptions);
    assert!(
        diff(&d, Outcome::InterimDeal).ci95.1 < 0.0,
        "{:?}",
        diff(&d, Outcome::InterimDeal)
    );
    assert!(
        diff(&d, Outcome::NptWithdrawal).ci95.0 > 0.0,
        "{:?}",
        diff(&d, Outcome::NptWithdrawal)
    );
}

#[test]
fn m6_m7_an_assumed_strike_raises_weaponization_and_sets_the_program_back() {
    let base = flagship(&[]);
    let assumptions = assume(&base, &["israeli_strike@2025-05-01"]);
    let d = paired(&base, &base, &assumptions);
    let w = diff(&d, Outcome::WeaponizationDecision);
    assert!(w.ci95.0 > 0.0, "{w:?}");
    // Every run has the strike, in the week of 1 May 2025 (week 11).
    let f = ensemble::forecast(&base, &assumptions, 500, SEED, 2, &|_| {});
    assert_eq!(f.outcomes[Outcome::IsraeliStrike.index()].probability, 1.0);
    assert_eq!(
        f.counts
            .weeks(f.outcomes[Outcome::IsraeliStrike.index()].slot)[11],
        500
    );
    // The trace shows the setback in breakout time.
    let scenario = base.scenario();
    let mut recorder = TraceRecorder::new(scenario.as_of, scenario.step_days);
    base.run(SEED, 0, &assumptions, &mut Vec::new(), &mut recorder);
    let strike = recorder.weeks[11].events.iter().find_map(|e| match e {
        Event::Strike {
            breakout_before,
            breakout_after,
            ..
        } => Some((*breakout_before, *breakout_after)),
        _ => None,
    });
    let (before, after) = strike.expect("the strike is in week 11");
    assert!(after > before, "breakout {before} → {after}");
    assert!(recorder.weeks[11].breakout_weeks > recorder.weeks[10].breakout_weeks);
}

#[test]
fn m7_assumptions_suppress_the_outcome_before_its_date() {
    let base = flagship(&[]);
    let assumptions = assume(&base, &["israeli_strike@2025-09-05"]);
    let f = ensemble::forecast(&base, &assumptions, 1000, SEED, 2, &|_| {});
    let weeks = f
        .counts
        .weeks(f.outcomes[Outcome::IsraeliStrike.index()].slot);
    let week = base
        .scenario()
        .step_of(redline_core::Date::parse("2025-09-05").expect("date"))
        .expect("in range");
    assert!(weeks[..week].iter().all(|&n| n == 0));
    assert_eq!(weeks[week], 1000);
}

#[test]
fn m8_without_reciprocity_less_war() {
    let base = flagship(&[]);
    let no_reciprocity = flagship(&[
        "reciprocity.target_response=0",
        "reciprocity.coercer_response=0",
    ]);
    let d = diff(
        &paired(&base, &no_reciprocity, &Assumptions::none()),
        Outcome::War,
    );
    assert!(d.ci95.1 < 0.0, "{d:?}");
}

#[test]
fn m9_strategies_compare_on_common_random_numbers() {
    // What the flagship shows (docs/MODEL.md discusses it): GRIT gives more
    // interim deals and less war than maximum pressure.
    let base = flagship(&[]);
    let grit = base.with_strategy(Strategy::of(Play::Grit));
    let d = paired(&base, &grit, &Assumptions::none());
    assert!(
        diff(&d, Outcome::InterimDeal).ci95.0 > 0.0,
        "{:?}",
        diff(&d, Outcome::InterimDeal)
    );
    assert!(
        diff(&d, Outcome::War).ci95.1 < 0.0,
        "{:?}",
        diff(&d, Outcome::War)
    );
}

#[test]
fn a_comparison_is_its_ensembles_and_their_paired_differences() {
    let base = flagship(&[]);
    let none = Assumptions::none();
    let strategies = [
        Strategy::of(Play::Grit),
        Strategy::of(Play::MaxPressure),
        Strategy::of(Play::Grit),
    ];
    let runs = 1500;
    let one = ensemble::compare(&base, &none, &strategies, runs, SEED, 1, &|_| {});
    let two = ensemble::compare(&base, &none, &strategies, runs, SEED, 2, &|_| {});
    // The own strategy (maximum pressure) and grit, each once.
    assert_eq!(one.own.strategy, Strategy::of(Play::MaxPressure));
    assert_eq!(one.compared.len(), 1);
    assert_eq!(one.compared[0].strategy, Strategy::of(Play::Grit));
    // Same bytes on one or two threads: the paired tallies are integers.
    assert_eq!(one.own.forecast.counts, two.own.forecast.counts);
    assert_eq!(one.compared[0].difference, two.compared[0].difference);
    // Each forecast is the ensemble the model gives alone.
    let alone = ensemble::forecast(&base, &none, runs, SEED, 2, &|_| {});
    assert_eq!(one.own.forecast.counts, alone.counts);
    let grit = base.with_strategy(Strategy::of(Play::Grit));
    let grit_alone = ensemble::forecast(&grit, &none, runs, SEED, 2, &|_| {});
    assert_eq!(one.compared[0].forecast.counts, grit_alone.counts);
    // The differences are the paired estimator's, and their means are the
    // differences of the two ensembles' probabilities.
    let d = one.compared[0].difference.as_ref().expect("differences");
    assert_eq!(
        d,
        &ensemble::paired((&base, &none), (&grit, &none), runs, SEED)
    );
    for o in Outcome::ALL {
        let expected =
            grit_alone.outcomes[o.index()].probability - alone.outcomes[o.index()].probability;
        assert!((d[o.index()].mean - expected).abs() < 1e-12, "{o:?}");
    }
}

#[test]
fn paired_intervals_are_narrower_than_independent_ones() {
    // Common random numbers are the point of a paired comparison: for war
    // under GRIT vs maximum pressure, the paired interval must be narrower
    // than the interval of a difference of two independent samples of the
    // same size (Wilson half-widths combined in quadrature).
    let base = flagship(&[]);
    let none = Assumptions::none();
    let runs = 4000;
    let c = ensemble::compare(
        &base,
        &none,
        &[Strategy::of(Play::Grit)],
        runs,
        SEED,
        2,
        &|_| {},
    );
    let war = Outcome::War.index();
    let paired = c.compared[0].difference.as_ref().expect("differences")[war];
    let half = |ci: (f64, f64)| (ci.1 - ci.0) / 2.0;
    let independent = (half(c.own.forecast.outcomes[war].ci95).powi(2)
        + half(c.compared[0].forecast.outcomes[war].ci95).powi(2))
    .sqrt();
    let paired_half = half(paired.ci95);
    assert!(
        paired_half < 0.9 * independent,
        "paired ±{paired_half:.4} vs independent ±{independent:.4}"
    );
}
