//! Deal content, breakdown and blame (M2, M4): each effect is measured on
//! common random numbers (`ensemble::paired`) and stated as a size with its
//! paired interval, not only a sign.
//!
//! The effect tests run 20,000 paired runs each (about 3 s in the test
//! profile) and check an effect of at least four standard errors of the
//! paired difference, with its whole interval above a stated size.

use redline_bargain::winset::{Interval, captured_share, settle};
use redline_crisis::CrisisModel;
use redline_crisis::assume::Assumptions;
use redline_crisis::ensemble::{self, PairedDifference};
use redline_crisis::params::Stance;
use redline_crisis::state::{Context, Event, Observer, RunState, Talks};

const SEED: u64 = 2025;
const EFFECT_RUNS: u64 = 20_000;

/// The flagship's outcomes used here, by position in its display order.
const TALKS_PUBLIC: usize = 1;
const INTERIM_DEAL: usize = 2;
const COMPREHENSIVE_DEAL: usize = 3;

/// Every parameter of M2's blame ledger.
const NO_BLAME: [&str; 8] = [
    "blame.collapse_cost=0",
    "blame.ambiguous_leader_share=0",
    "blame.vindication_gain=0",
    "blame.deal_credit_leader=0",
    "blame.deal_credit_negotiator=0",
    "blame.capital_recovery_weekly=0",
    "blame.min_capital=0",
    "blame.breakdown_cost=0",
];

fn model(id: &str, sets: &[&str]) -> CrisisModel {
    let sets: Vec<String> = sets.iter().map(|s| s.to_string()).collect();
    let scenario = redline_scenarios::load_shipped(id, &sets).expect("scenario loads");
    CrisisModel::new(scenario).expect("scenario validates")
}

fn flagship(sets: &[&str]) -> CrisisModel {
    model(redline_scenarios::FLAGSHIP_ID, sets)
}

/// Standard error of a paired difference, from its 95 % interval.
fn se(d: &PairedDifference) -> f64 {
    (d.ci95.1 - d.ci95.0) / (2.0 * 1.959_963_984_540_054)
}

/// The paired difference `variant − base` on `outcome` over `runs` runs.
fn effect(
    base: &CrisisModel,
    variant: &CrisisModel,
    outcome: usize,
    runs: u64,
) -> PairedDifference {
    let none = Assumptions::none();
    ensemble::paired((base, &none), (variant, &none), runs, SEED)[outcome]
}

/// Checks an effect at 20,000 runs: at least four standard errors of the
/// paired difference, and its whole 95 % interval above `floor` (a
/// difference in probability).
fn assert_effect(base: &CrisisModel, variant: &CrisisModel, outcome: usize, floor: f64) {
    let d = effect(base, variant, outcome, EFFECT_RUNS);
    assert!(
        d.mean >= 4.0 * se(&d) && d.ci95.0 > floor,
        "{EFFECT_RUNS} runs: {:+.3} pp (SE {:.3} pp, {:+.3} to {:+.3}), expected 4 SE and above {:+.2} pp",
        100.0 * d.mean,
        100.0 * se(&d),
        100.0 * d.ci95.0,
        100.0 * d.ci95.1,
        100.0 * floor
    );
}

#[test]
fn m2_blame_matters_without_it_more_public_talks() {
    // Without blame, acknowledging talks costs the leader nothing and a
    // failure costs the negotiator nothing: more talks go public. Measured
    // (20,000 runs, seed 42): +2.58 pp (+2.36 to +2.80), 23 SE; of which the
    // capital that blame takes, alone, +0.29 pp (+0.21 to +0.36).
    assert_effect(&flagship(&[]), &flagship(&NO_BLAME), TALKS_PUBLIC, 0.01);
}

#[test]
fn m4_the_coercers_enrichment_demand_moves_interim_deals() {
    // A demand of zero enrichment against the leader's 3.67 % puts the
    // comprehensive zone out of reach; the rungs of substance are negotiated
    // in its shadow. Measured (20,000 runs, seed 42): +0.56 pp (+0.43 to
    // +0.68), 9 SE, for 3.67 % against 0 % (+1.16 pp before part 2 of the
    // crisis model, whose strikes, wars and campaigns end more of the talks
    // an interim deal needs).
    let zero = flagship(&["issues.enrichment.coercer_demand=0"]);
    let jcpoa = flagship(&["issues.enrichment.coercer_demand=3.67"]);
    assert_effect(&zero, &jcpoa, INTERIM_DEAL, 0.003);
}

#[test]
fn m4_the_old_enrichment_key_still_reads() {
    let old = flagship(&["issues.enrichment.counterpart_cap=0"]);
    let new = flagship(&["issues.enrichment.coercer_demand=0"]);
    let none = Assumptions::none();
    let a = ensemble::forecast(&old, &none, 1000, SEED, 2, &|_| {});
    let b = ensemble::forecast(&new, &none, 1000, SEED, 2, &|_| {});
    assert_eq!(a.counts, b.counts);
}

#[test]
fn m4_the_stockpile_cap_matters() {
    // The coercer's stockpile cap: 150 kg against none. Measured (20,000
    // runs, seed 42): +1.19 pp (+1.04 to +1.34), 15 SE with 11 parameters
    // drawn; +0.63 pp (+0.49 to +0.76), 9 SE, with every judgment drawn
    // (fewer runs reach the ladder's interim rung at all).
    let none = flagship(&["issues.stockpile.counterpart_cap=0"]);
    let loose = flagship(&["issues.stockpile.counterpart_cap=150"]);
    assert_effect(&none, &loose, INTERIM_DEAL, 0.003);
}

#[test]
fn putnam_a_smaller_win_set_captures_more_of_the_gains() {
    // Enrichment, range 0–10 %. The coercer accepts 0–4 % (|W_C| = 4).
    let range = Interval::new(0.0, 10.0);
    let coercer = Interval::new(0.0, 4.0);
    // A leader who accepts 2–10 % (|W_L| = 8) captures 4/(8 + 4) = 1/3 of
    // the zone 2–4: the deal is 2 + 2/3 %.
    let wide = Interval::new(2.0, 10.0);
    let share_wide = captured_share(&wide, &coercer, &range);
    assert!((share_wide - 1.0 / 3.0).abs() < 1e-12);
    let zone = wide.intersect(&coercer).expect("overlap");
    assert!((settle(&zone, share_wide, true) - 8.0 / 3.0).abs() < 1e-12);
    // Bound more tightly at home, 3–10 % (|W_L| = 7), he captures 4/11 of
    // the smaller zone 3–4: the deal is 3 + 4/11 %. A larger share, and a
    // better deal for him.
    let narrow = Interval::new(3.0, 10.0);
    let share_narrow = captured_share(&narrow, &coercer, &range);
    assert!((share_narrow - 4.0 / 11.0).abs() < 1e-12);
    assert!(share_narrow > share_wide);
    let zone = narrow.intersect(&coercer).expect("overlap");
    assert!((settle(&zone, share_narrow, true) - (3.0 + 4.0 / 11.0)).abs() < 1e-12);
    // The price (Putnam; Schelling's bound negotiator): if the coercer's cap
    // is uniform on 0–10 %, agreement needs cap ≥ floor, with probability
    // (10 − floor)/10: 0.8 for the wide win-set, 0.7 for the narrow one.
    // Counted on a grid of 1,000 equally likely caps:
    let agree = |floor: f64| {
        (0..1000)
            .filter(|&k| {
                let cap = (f64::from(k) + 0.5) / 100.0;
                Interval::new(floor, 10.0)
                    .intersect(&Interval::new(0.0, cap))
                    .is_some()
            })
            .count()
    };
    assert_eq!(agree(2.0), 800);
    assert_eq!(agree(3.0), 700);
}

/// The mean agreed enrichment level of the interim deals in `runs` runs.
struct Terms {
    enrichment: f64,
    deals: u32,
}

impl Observer for Terms {
    fn event(&mut self, _week: usize, event: Event) {
        if let Event::DealTerms(t) = event {
            self.enrichment += t.enrichment_percent;
            self.deals += 1;
        }
    }
    fn end_of_week(&mut self, _: &RunState, _: &Context) {}
}

#[test]
fn putnam_in_the_model_a_tighter_red_line_gets_more_and_agrees_less() {
    // The leader's enrichment floor raised to 5 % (from its judgment,
    // triangular(2.5, 3.5, 4.5)), on the 2013 case (where the stockpile is
    // not at stake): the coercer's demand, uniform(0, 5), rarely reaches it,
    // so the comprehensive zone closes in most draws and fewer comprehensive
    // deals are made; interim deals take part of their place; and the deals
    // made allow more enrichment. Measured at 20,000 runs, seed 42
    // (`paired_effect iran-2013-02-07 20000 42
    // issues.enrichment.leader_floor=5`): comprehensive −2.78 pp (−3.29 to
    // −2.27), interim +1.74 pp (+1.17 to +2.31).
    let id = "iran-2013-02-07";
    let base = model(id, &[]);
    let bound = model(id, &["issues.enrichment.leader_floor=5"]);
    let none = Assumptions::none();
    let d = ensemble::paired((&base, &none), (&bound, &none), EFFECT_RUNS, SEED);
    let (comprehensive, interim) = (&d[COMPREHENSIVE_DEAL], &d[INTERIM_DEAL]);
    assert!(
        comprehensive.mean <= -4.0 * se(comprehensive) && comprehensive.ci95.1 < -0.01,
        "comprehensive deals {:+.2} pp ({:+.2} to {:+.2})",
        100.0 * comprehensive.mean,
        100.0 * comprehensive.ci95.0,
        100.0 * comprehensive.ci95.1
    );
    // Agrees less: the interim deals gained are fewer than the
    // comprehensive ones lost.
    assert!(
        interim.mean < -comprehensive.mean,
        "interim {:+.2} pp against comprehensive {:+.2} pp",
        100.0 * interim.mean,
        100.0 * comprehensive.mean
    );
    let mean_enrichment = |m: &CrisisModel| {
        let mut t = Terms {
            enrichment: 0.0,
            deals: 0,
        };
        for run in 0..2000 {
            m.run(SEED, run, &Assumptions::none(), &mut Vec::new(), &mut t);
        }
        assert!(t.deals > 50, "{} deals", t.deals);
        t.enrichment / f64::from(t.deals)
    };
    let (loose, tight) = (mean_enrichment(&base), mean_enrichment(&bound));
    assert!(tight > loose + 0.5, "{loose:.2} % vs {tight:.2} %");
}

/// Watches one run for a deal's breakdown and the talks after it.
#[derive(Default)]
struct AfterBreakdown {
    broken: bool,
    /// The first breakdown: stance, the negotiator's loss, the leader's change.
    blame: Option<(Stance, f64, f64)>,
    /// Weeks with talks under way or a deal in force after the first breakdown.
    talk_weeks: u32,
}

impl Observer for AfterBreakdown {
    fn event(&mut self, _week: usize, event: Event) {
        if let Event::DealBrokeDown {
            stance,
            negotiator_loss,
            leader_change,
            ..
        } = event
            && !self.broken
        {
            self.broken = true;
            self.blame = Some((stance, negotiator_loss, leader_change));
        }
    }
    fn end_of_week(&mut self, s: &RunState, _: &Context) {
        if self.broken && s.talks != Talks::None {
            self.talk_weeks += 1;
        }
    }
}

#[test]
fn m4_m2_a_deal_can_break_down_and_its_blame_lowers_later_talks() {
    // Every run has an interim deal in the week of 7 March 2025, and deals
    // break down often (5 % a week at the reference state), so that most runs
    // see a breakdown. With the breakdown's blame, and without it, on the same
    // random numbers: the runs agree until the first breakdown, after which
    // the blamed negotiator (M2) has less capital to reopen and climb talks.
    let sets = ["deals.breakdown_weekly=0.05"];
    let blamed = flagship(&sets);
    let unblamed = flagship(&["deals.breakdown_weekly=0.05", "blame.breakdown_cost=0"]);
    let clauses = ["interim_deal@2025-03-07".to_string()];
    let assumptions = Assumptions::parse(&clauses, &blamed).expect("assumption");
    let runs = 3000;
    let (mut breakdowns, mut sum, mut sum_sq) = (0u32, 0.0f64, 0.0f64);
    for run in 0..runs {
        let mut a = AfterBreakdown::default();
        let mut b = AfterBreakdown::default();
        blamed.run(SEED, run, &assumptions, &mut Vec::new(), &mut a);
        unblamed.run(SEED, run, &assumptions, &mut Vec::new(), &mut b);
        assert_eq!(
            a.broken, b.broken,
            "run {run}: the runs differ before a breakdown"
        );
        if let Some((stance, loss, change)) = a.blame {
            breakdowns += 1;
            // M2's table: who pays depends on the leader's public stance.
            let as_m2_says = match stance {
                Stance::Reject => loss > 0.0 && change >= 0.0,
                Stance::Ambiguous => loss > 0.0 && change < 0.0,
                Stance::Endorse => loss == 0.0 && change < 0.0,
            };
            assert!(as_m2_says, "run {run}: {stance:?}, {loss}, {change}");
            // Without the breakdown's cost nobody loses capital or standing
            // (a leader who rejected talks is still vindicated).
            let (_, loss_b, change_b) = b.blame.expect("the same breakdown");
            assert!(
                loss_b == 0.0 && change_b >= 0.0,
                "run {run}: {loss_b}, {change_b}"
            );
        }
        let d = f64::from(a.talk_weeks) - f64::from(b.talk_weeks);
        sum += d;
        sum_sq += d * d;
    }
    assert!(breakdowns > runs as u32 / 2, "{breakdowns} breakdowns");
    // Paired difference in weeks of talks after the first breakdown, per run.
    let n = runs as f64;
    let mean = sum / n;
    let sd = ((sum_sq - n * mean * mean) / (n - 1.0)).sqrt();
    let half = 1.96 * sd / n.sqrt();
    assert!(
        mean + half < 0.0,
        "weeks of talks after a breakdown: {mean:+.2} ({:+.2} to {:+.2})",
        mean - half,
        mean + half
    );
}

/// Records the order of deals in a run.
#[derive(Default)]
struct Upgrade {
    interim_week: Option<usize>,
    upgraded: bool,
    broken: bool,
}

impl Observer for Upgrade {
    fn event(&mut self, week: usize, event: Event) {
        match event {
            Event::TalksAdvanced(Talks::Interim) => self.interim_week = Some(week),
            Event::TalksAdvanced(Talks::Comprehensive)
                if self.interim_week.is_some() && !self.broken =>
            {
                self.upgraded = true;
            }
            Event::DealBrokeDown { .. } => self.broken = true,
            _ => {}
        }
    }
    fn end_of_week(&mut self, _: &RunState, _: &Context) {}
}

#[test]
fn m4_an_interim_deal_can_become_comprehensive() {
    // In the 2021 case (a US return to 3.67 %, no stockpile at stake) some
    // interim deals are upgraded to comprehensive ones within the year.
    let m = model("iran-2021-01-20", &[]);
    let upgraded = (0..20_000).find(|&run| {
        let mut u = Upgrade::default();
        m.run(SEED, run, &Assumptions::none(), &mut Vec::new(), &mut u);
        u.upgraded
    });
    assert!(upgraded.is_some(), "no interim deal became comprehensive");
}
