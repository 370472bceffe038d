//! Talk formats (issue 13): secret, indirect and direct talks under the
//! scope of the leader's public rejection, and the initial state (talks, a
//! deal, a recent strike). Directional claims are paired differences on
//! common random numbers whose 95 % interval excludes zero; what a format
//! forbids is checked in every week of every run by an observer.

use redline_crisis::CrisisModel;
use redline_crisis::assume::Assumptions;
use redline_crisis::ensemble::{self, PairedDifference};
use redline_crisis::params::Stance;
use redline_crisis::state::{Context, Event, Format, Observer, RunState, Talks};

const RUNS: u64 = 4000;
const SEED: u64 = 2025;

fn model(id: &str, sets: &[&str]) -> CrisisModel {
    let sets: Vec<String> = sets.iter().map(|s| s.to_string()).collect();
    let scenario = redline_scenarios::load_shipped(id, &sets).expect("scenario loads");
    CrisisModel::new(scenario).expect("scenario validates")
}

fn flagship(sets: &[&str]) -> CrisisModel {
    model(redline_scenarios::FLAGSHIP_ID, sets)
}

/// The position of outcome `id` in the model's display order (the index of
/// its paired difference and of its forecast).
fn position(model: &CrisisModel, id: &str) -> usize {
    model
        .outcomes()
        .ids()
        .position(|o| o == id)
        .unwrap_or_else(|| panic!("{id} is forecast"))
}

fn paired(a: &CrisisModel, b: &CrisisModel, id: &str) -> PairedDifference {
    let d = ensemble::paired(
        (a, &Assumptions::none()),
        (b, &Assumptions::none()),
        RUNS,
        SEED,
    );
    d[position(a, id)]
}

/// What one run did with the formats, week by week.
#[derive(Default)]
struct Formats {
    /// Talks advanced to these rungs this week (cleared at the week's end).
    advanced: Vec<Talks>,
    /// Talks became public in a week that ended under a public rejection.
    public_under_rejection: bool,
    /// Talks were direct, or became direct, in a week that ended under a rejection.
    direct_under_rejection: bool,
    /// Talks became direct in a week that ended under a rejection.
    became_direct_under_rejection: bool,
    /// Talks were ever direct.
    ever_direct: bool,
    /// A deal was reached while talks were indirect.
    indirect_deal: bool,
    /// Direct talks went on through the mediator after a rejection.
    fell_back: bool,
    /// Talks collapsed in week 0.
    collapsed_in_week_0: bool,
    /// Talks advanced or collapsed at all.
    moved: bool,
    /// A deal in force broke down (M4).
    broke_down: bool,
}

impl Observer for Formats {
    fn event(&mut self, week: usize, event: Event) {
        match event {
            Event::TalksAdvanced(rung) => {
                self.advanced.push(rung);
                self.moved = true;
            }
            Event::TalksFormat(Format::Indirect) => self.fell_back = true,
            Event::DealBrokeDown { .. } => self.broke_down = true,
            Event::TalksCollapsed { .. } => {
                self.moved = true;
                self.collapsed_in_week_0 |= week == 0;
            }
            _ => {}
        }
    }

    fn end_of_week(&mut self, s: &RunState, _: &Context) {
        // Nothing after talks advance in a week changes the stance or the
        // format, so the week's end tells what they were at the advance.
        let rejecting = s.stance == Stance::Reject;
        if rejecting && self.advanced.contains(&Talks::Indirect) {
            self.public_under_rejection = true;
        }
        let direct_now = s.talks != Talks::None && s.format == Format::Direct;
        let became_direct = self.advanced.contains(&Talks::Direct);
        self.became_direct_under_rejection |= rejecting && became_direct;
        self.direct_under_rejection |=
            rejecting && (became_direct || (s.talks.negotiating() && direct_now));
        self.ever_direct |= s.talks == Talks::Direct || self.advanced.contains(&Talks::Direct);
        if s.format == Format::Indirect
            && self
                .advanced
                .iter()
                .any(|&r| r == Talks::Interim || r == Talks::Comprehensive)
        {
            self.indirect_deal = true;
        }
        self.advanced.clear();
    }
}

fn watch(model: &CrisisModel, runs: u64) -> Vec<Formats> {
    let mut buffer = Vec::new();
    (0..runs)
        .map(|run| {
            let mut w = Formats::default();
            model.run(SEED, run, &Assumptions::none(), &mut buffer, &mut w);
            w
        })
        .collect()
}

fn share(watched: &[Formats], f: impl Fn(&Formats) -> bool) -> f64 {
    watched.iter().filter(|w| f(w)).count() as f64 / watched.len() as f64
}

#[test]
fn the_shipped_scenarios_state_a_scope_and_the_flagship_rejects_all_talks() {
    use redline_crisis::params::RedLineScope;
    for (id, scope) in [
        ("iran-2013-02-07", RedLineScope::Direct),
        ("iran-2018-05-08", RedLineScope::All),
        ("iran-2019-06-20", RedLineScope::All),
        ("iran-2021-01-20", RedLineScope::Direct),
        ("iran-2025-02-07", RedLineScope::All),
        ("north-korea-2017-08-08", RedLineScope::All),
        ("libya-2003-03-20", RedLineScope::All),
    ] {
        assert_eq!(model(id, &[]).settings().red_line_scope, scope, "{id}");
    }
}

#[test]
fn a_rejection_of_direct_talks_only_lets_indirect_talks_go_public_under_it() {
    // The flagship's rejection covers all talks (7 Feb 2025); the same
    // scenario with a rejection of direct talks only (as in 2021) has public,
    // indirect talks under the rejection, and more public talks overall.
    let all = flagship(&[]);
    let direct = flagship(&["leader.red_line_scope=direct"]);
    let d = paired(&all, &direct, "talks_public");
    println!("talks_public, scope direct − all: {d:?}");
    assert!(d.ci95.0 > 0.20, "talks_public, direct − all: {d:?}");
    let under_direct = watch(&direct, RUNS);
    let under_all = watch(&all, RUNS);
    let rate = share(&under_direct, |w| w.public_under_rejection);
    println!("runs with talks made public under a rejection (scope direct): {rate}");
    assert!(
        rate >= 0.20,
        "public talks under a rejection of direct talks: {rate}"
    );
    assert_eq!(
        share(&under_all, |w| w.public_under_rejection),
        0.0,
        "a rejection of all talks lets none go public"
    );
    // The deal follows: an interim deal is more likely too.
    let deal = paired(&all, &direct, "interim_deal");
    println!("interim_deal, scope direct − all: {deal:?}");
    assert!(deal.ci95.0 > 0.0, "interim_deal, direct − all: {deal:?}");
}

#[test]
fn direct_talks_never_happen_while_the_stance_rejects_them() {
    // Under a rejection of direct talks only, no week ends with direct talks
    // (or a framework held face to face) under the rejection: a rejection
    // that comes while they are under way sends them through the mediator.
    for sets in [
        &["leader.red_line_scope=direct"][..],
        &["leader.red_line_scope=direct", "leader.red_line=absolute"],
    ] {
        let watched = watch(&flagship(sets), RUNS);
        assert_eq!(
            share(&watched, |w| w.direct_under_rejection),
            0.0,
            "{sets:?}"
        );
    }
    // Under a rejection of all talks (the flagship) no talks become direct
    // under it either; talks already direct when it comes stall on their
    // rung, as before formats existed (there is no acknowledged format left
    // to fall back to).
    let all = watch(&flagship(&[]), RUNS);
    assert_eq!(share(&all, |w| w.became_direct_under_rejection), 0.0);
    // Under a rejection of direct talks alone, an absolute red line never
    // softens, so talks are never direct; yet they go public and reach deals.
    let absolute = watch(
        &flagship(&["leader.red_line_scope=direct", "leader.red_line=absolute"]),
        RUNS,
    );
    assert_eq!(share(&absolute, |w| w.ever_direct), 0.0);
    assert!(share(&absolute, |w| w.public_under_rejection) > 0.1);
    assert!(share(&absolute, |w| w.indirect_deal) > 0.0);
    // Direct talks that the stance turns against go on through the mediator.
    let negotiable = watch(&flagship(&["leader.red_line_scope=direct"]), RUNS);
    assert!(share(&negotiable, |w| w.fell_back) > 0.0);
}

#[test]
fn talks_under_way_on_the_as_of_date_are_public_in_week_0_and_reach_deals_without_going_direct() {
    // Vienna, 2021, stated as the initial state: indirect talks under a
    // rejection of direct ones.
    let m = model("iran-2021-01-20", &["initial.talks=indirect"]);
    let forecast = ensemble::forecast(&m, &Assumptions::none(), RUNS, SEED, 2, &|_| {});
    let public = &forecast.outcomes[position(&m, "talks_public")];
    assert_eq!(public.probability, 1.0);
    assert_eq!(
        forecast.counts.weeks(public.slot)[0],
        RUNS,
        "recorded in week 0"
    );
    // Public talks are not secret ones (secret talks come only after a collapse).
    let secret = &forecast.outcomes[position(&m, "talks_secret")];
    assert_eq!(forecast.counts.weeks(secret.slot)[0], 0);
    let interim = forecast.outcomes[position(&m, "interim_deal")].probability;
    println!("2021 from indirect talks: interim deal {interim}");
    assert!(interim > 0.2, "interim deal from indirect talks: {interim}");
    let watched = watch(&m, RUNS);
    let without_going_direct = share(&watched, |w| w.indirect_deal && !w.ever_direct);
    println!("2021 from indirect talks: deals never direct {without_going_direct}");
    assert!(
        without_going_direct > 0.1,
        "deals reached in indirect talks that never became direct: {without_going_direct}"
    );
}

#[test]
fn a_deal_in_force_on_the_as_of_date_holds_from_week_0() {
    // A JCPOA-era state on a shipped scenario: the comprehensive deal is in
    // force on day one (`--set initial.talks=comprehensive`).
    let m = model("iran-2018-05-08", &["initial.talks=comprehensive"]);
    let forecast = ensemble::forecast(&m, &Assumptions::none(), 1000, SEED, 2, &|_| {});
    let p = |id: &str| forecast.outcomes[position(&m, id)].probability;
    assert_eq!(p("comprehensive_deal"), 1.0);
    assert_eq!(p("talks_public"), 1.0);
    assert_eq!(
        p("interim_deal"),
        0.0,
        "a comprehensive deal is not an interim one"
    );
    // Secret talks come only after the deal breaks down (M4) and the cooldown.
    assert!(p("talks_secret") < 0.05, "{}", p("talks_secret"));
    let mut buffer = Vec::new();
    let mut held = 0;
    for run in 0..200 {
        let mut w = Formats::default();
        let end = m.run(SEED, run, &Assumptions::none(), &mut buffer, &mut w);
        if w.broke_down {
            continue;
        }
        held += 1;
        assert!(
            !w.moved,
            "run {run}: a deal in force neither advances nor collapses until it breaks down"
        );
        assert_eq!(end.talks, Talks::Comprehensive);
        let params = m.params_for_run(SEED, run, &mut buffer);
        if !end.npt_withdrawn && !end.struck() {
            assert!(
                end.access >= params.nuclear.access_comprehensive,
                "run {run}"
            );
        }
    }
    // In 2018 most such deals break down within the year (179 of these 200
    // runs when this was written): the coercer's demands (zero enrichment)
    // lie outside the JCPOA's terms, as they did when the US left on 8 May
    // 2018 (M4's breakdown). Some hold, and those that hold do not move.
    assert!(held > 0, "no deal held: {held} of 200");
}

#[test]
fn a_recent_strike_on_the_as_of_date_raises_the_weaponization_and_npt_hazards() {
    let base = flagship(&[]);
    let struck = flagship(&["initial.struck_by=israel"]);
    let weaponization = paired(&base, &struck, "weaponization_decision");
    println!("weaponization_decision, struck by Israel − not: {weaponization:?}");
    // Measured (4,000 runs, seed 2025): +6.4 pp (+5.3 to +7.5; the
    // decision comes in most runs anyway once strikes are as likely as part 2
    // of the crisis model makes them); asserted above +4 pp.
    assert!(weaponization.ci95.0 > 0.04, "{weaponization:?}");
    let npt = paired(&base, &struck, "npt_withdrawal");
    println!("npt_withdrawal, struck by Israel − not: {npt:?}");
    assert!(npt.ci95.0 > 0.0, "{npt:?}");
    // It is a strike before the as-of date, not one in the forecast: week 0
    // sees only the strikes the week's own hazard brings.
    let forecast = ensemble::forecast(&struck, &Assumptions::none(), 1000, SEED, 2, &|_| {});
    let strike = &forecast.outcomes[position(&struck, "israeli_strike")];
    assert!(strike.probability < 1.0);
    // (A few per cent of runs in week 0, 2.5 % when this was written, not
    // every run.)
    assert!(
        forecast.counts.weeks(strike.slot)[0] < 100,
        "{}",
        strike.probability
    );
}

#[test]
fn a_strike_in_the_as_of_week_breaks_talks_under_way_then() {
    // Same runs, same draws: a strike stated in the as-of week enters week 0's
    // collapse hazard, one stated 10 weeks earlier does not.
    let sets = |weeks: &'static str| ["initial.talks=indirect", "initial.struck_by=israel", weeks];
    let now = watch(
        &model("iran-2021-01-20", &sets("initial.weeks_since_strike=0")),
        RUNS,
    );
    let earlier = watch(
        &model("iran-2021-01-20", &sets("initial.weeks_since_strike=10")),
        RUNS,
    );
    let (n_now, n_earlier) = (
        now.iter().filter(|w| w.collapsed_in_week_0).count(),
        earlier.iter().filter(|w| w.collapsed_in_week_0).count(),
    );
    println!("week-0 collapses: strike in the as-of week {n_now}, 10 weeks before {n_earlier}");
    assert!(n_now > 2 * n_earlier.max(1), "{n_now} vs {n_earlier}");
    for (a, b) in now.iter().zip(&earlier) {
        assert!(a.collapsed_in_week_0 || !b.collapsed_in_week_0);
    }
}
