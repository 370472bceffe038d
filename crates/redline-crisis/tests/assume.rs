//! `--assume OUTCOME@DATE` is coherent: for every outcome of a scenario, the
//! assumed outcome happens in the date's week in every run and never before,
//! whatever path would have led to it; what it needs happens no later; and
//! what cannot happen is refused with the reason and the nearest date that
//! can (docs/MODEL.md, "Assumed outcomes").

use redline_core::{Date, InputError};
use redline_crisis::assume::Assumptions;
use redline_crisis::params::Stance;
use redline_crisis::roles::Slot;
use redline_crisis::state::{Context, Event, Observer, RunState, Silent};
use redline_crisis::{CrisisModel, ensemble};

const SEED: u64 = 2025;
const RUNS: u64 = 2000;
/// Runs followed one by one for the prerequisites.
const TRACED: u64 = 300;
const NORTH_KOREA: &str = "north-korea-2017-08-08";

fn model(id: &str, sets: &[&str]) -> CrisisModel {
    let sets: Vec<String> = sets.iter().map(|s| s.to_string()).collect();
    let scenario = redline_scenarios::load_shipped(id, &sets).expect("scenario loads");
    CrisisModel::new(scenario).expect("scenario validates")
}

fn flagship(sets: &[&str]) -> CrisisModel {
    model(redline_scenarios::FLAGSHIP_ID, sets)
}

fn assume(model: &CrisisModel, clauses: &[&str]) -> Result<Assumptions, InputError> {
    let clauses: Vec<String> = clauses.iter().map(|s| s.to_string()).collect();
    Assumptions::parse(&clauses, model)
}

fn date(text: &str) -> Date {
    Date::parse(text).expect("date")
}

fn week_of(model: &CrisisModel, text: &str) -> usize {
    model
        .scenario()
        .step_of(date(text))
        .expect("in the forecast")
}

fn slot(model: &CrisisModel, id: &str) -> Slot {
    model.outcomes().by_id(id).expect("outcome").1
}

/// What an outcome needs, recorded no later than it: each group is
/// satisfied by any one of its slots.
fn prerequisites(model: &CrisisModel, slot: Slot) -> Vec<Vec<Slot>> {
    let strikes: Vec<Slot> = (0..model.roles().strikers.len())
        .map(|i| Slot::Strike(u8::try_from(i).expect("few strikers")))
        .collect();
    match slot {
        Slot::InterimDeal | Slot::ComprehensiveDeal => vec![vec![Slot::TalksPublic]],
        Slot::SanctionsReimposed => vec![vec![Slot::SanctionsTriggered]],
        Slot::War => vec![strikes],
        // Where the decision is already taken on the as-of date (North
        // Korea), nothing records it.
        Slot::NuclearTest
            if model
                .outcomes()
                .by_slot(Slot::WeaponizationDecision)
                .is_some() =>
        {
            vec![vec![Slot::WeaponizationDecision]]
        }
        _ => Vec::new(),
    }
}

/// The middle of the forecast, mid-week (so the date is not its week's start).
fn mid_horizon(model: &CrisisModel) -> (Date, usize) {
    let week = model.steps() / 2;
    (model.scenario().step_date(week).add_days(3), week)
}

/// Every outcome of `model`, assumed in the middle of the horizon: it
/// happens in that week in every run and in none before, and its
/// prerequisites are recorded no later. Returns, per outcome, the runs in
/// which it happens before that week without the assumption (to show the
/// suppression had something to suppress).
fn every_outcome_holds(model: &CrisisModel) -> Vec<(String, u64)> {
    let (day, week) = mid_horizon(model);
    let natural = ensemble::forecast(model, &Assumptions::none(), RUNS, SEED, 2, &|_| {});
    let mut early = Vec::new();
    let mut buffer = Vec::new();
    for (outcome, slot) in model.outcomes().iter() {
        let clause = format!("{}@{day}", outcome.id);
        let assumptions = assume(model, &[&clause]).unwrap_or_else(|e| panic!("{clause}: {e}"));
        let f = ensemble::forecast(model, &assumptions, RUNS, SEED, 2, &|_| {});
        let weeks = f.counts.weeks(slot);
        assert_eq!(
            weeks[..week].iter().sum::<u64>(),
            0,
            "{clause}: runs with it before week {week}"
        );
        assert_eq!(weeks[week], RUNS, "{clause}: runs with it in week {week}");
        assert_eq!(f.counts.count(slot), RUNS, "{clause}: probability 1");
        early.push((
            outcome.id.clone(),
            natural.counts.weeks(slot)[..week].iter().sum(),
        ));
        for run in 0..TRACED {
            let state = model.run(SEED, run, &assumptions, &mut buffer, &mut Silent);
            let at = |s: Slot| state.happened[s.index()].map(usize::from);
            assert_eq!(at(slot), Some(week), "{clause}, run {run}");
            for group in prerequisites(model, slot) {
                assert!(
                    group.iter().any(|&s| at(s).is_some_and(|w| w <= week)),
                    "{clause}, run {run}: none of {group:?} by week {week}: {:?}",
                    state.happened
                );
            }
        }
    }
    early
}

#[test]
fn every_flagship_outcome_assumed_mid_horizon_happens_then_and_never_before() {
    let model = flagship(&[]);
    let early = every_outcome_holds(&model);
    // Without the assumption these happen before the middle of the year in
    // some runs, so their suppression is tested; a comprehensive deal and a
    // test never do (the win-sets rarely meet; a device takes 26 weeks or more).
    for (id, n) in &early {
        let never = ["comprehensive_deal", "nuclear_test"].contains(&id.as_str());
        assert_eq!(*n == 0, never, "{id}: {n} natural runs before mid-year");
    }
}

#[test]
fn every_north_korean_outcome_assumed_mid_horizon_happens_then_and_never_before() {
    // The route never lapses there (no termination day within reach) and
    // weapons exist on day one: a test needs no decision and no build.
    let model = model(NORTH_KOREA, &[]);
    let early = every_outcome_holds(&model);
    let talks_public = early
        .iter()
        .find(|(id, _)| id == "talks_public")
        .expect("talks_public");
    assert!(talks_public.1 > 0, "{early:?}");
    let test = early
        .iter()
        .find(|(id, _)| id == "nuclear_test")
        .expect("nuclear_test");
    assert!(
        test.1 > 0,
        "a device exists: tests happen naturally: {early:?}"
    );
}

#[test]
fn issue_13_a_reimposition_on_14_september_has_its_trigger_a_clock_before_and_none_earlier() {
    // As the CLI runs it: `redline forecast --assume un_sanctions_reimposed@2025-09-14`
    // (10,000 runs, seed 42). Without the assumption over a third of the runs
    // have UN sanctions back before that week (the week of 12 September: 3,720
    // when this was written); the assumption used to leave all of them in place.
    let model = flagship(&[]);
    let (runs, seed) = (10_000, 42);
    let reimposed = slot(&model, "un_sanctions_reimposed");
    let triggered = slot(&model, "snapback_triggered");
    let week = week_of(&model, "2025-09-14");
    assert_eq!(week, 31);
    assert_eq!(model.scenario().step_date(week), date("2025-09-12"));
    let natural = ensemble::forecast(&model, &Assumptions::none(), runs, seed, 2, &|_| {});
    let early = natural.counts.weeks(reimposed)[..week].iter().sum::<u64>();
    assert!(
        early > runs / 10,
        "the assumption has runs to hold off: {early}"
    );

    let assumptions = assume(&model, &["un_sanctions_reimposed@2025-09-14"]).expect("valid");
    let f = ensemble::forecast(&model, &assumptions, runs, seed, 2, &|_| {});
    // Every run: triggered in week 26 (8 August, 30 days = 5 weeks of the
    // clock before), reimposed in week 31, neither earlier.
    let mut expected = vec![0; model.steps()];
    expected[week] = runs;
    assert_eq!(f.counts.weeks(reimposed), expected.as_slice());
    let mut expected = vec![0; model.steps()];
    expected[week - 5] = runs;
    assert_eq!(f.counts.weeks(triggered), expected.as_slice());
    let reimposition = &f.outcomes[model
        .outcomes()
        .ids()
        .position(|id| id == "un_sanctions_reimposed")
        .expect("listed")];
    assert_eq!(reimposition.probability, 1.0);
    assert_eq!(reimposition.median_date, Some(date("2025-09-14")));
}

#[test]
fn issue_13_a_trigger_after_the_termination_day_is_refused_with_the_last_date_that_completes() {
    let model = flagship(&[]);
    let error = assume(&model, &["snapback_triggered@2025-10-24"]).expect_err("refused");
    let text = error.to_string();
    assert!(
        text.starts_with("--assume snapback_triggered@2025-10-24:1:20: "),
        "{text}"
    );
    for words in [
        "`snapback_triggered` cannot happen on 2025-10-24",
        "termination day, 2025-10-18",
        "snapback.clock_days: 30 days",
        "the latest date it can is 2025-09-18",
    ] {
        assert!(text.contains(words), "`{text}` lacks `{words}`");
    }
    // The last date that completes is accepted, the day after it is not.
    assume(&model, &["snapback_triggered@2025-09-18"]).expect("the last trigger that completes");
    assume(&model, &["snapback_triggered@2025-09-19"]).expect_err("one day late");
}

fn refused(model: &CrisisModel, clauses: &[&str], words: &[&str]) {
    let error = assume(model, clauses).expect_err("refused");
    let text = error.to_string();
    for word in words {
        assert!(text.contains(word), "{clauses:?}: `{text}` lacks `{word}`");
    }
}

#[test]
fn dates_outside_the_forecast_are_refused_with_its_first_or_last_day() {
    let model = flagship(&[]);
    refused(
        &model,
        &["war@2025-02-06"],
        &[
            "outside the forecast (2025-02-07 to 2026-02-06)",
            "the earliest date it can is 2025-02-07",
        ],
    );
    refused(
        &model,
        &["war@2026-02-06"],
        &[
            "outside the forecast",
            "the latest date it can is 2026-02-05",
        ],
    );
    assume(&model, &["war@2026-02-05"]).expect("the forecast's last day");
    assume(&model, &["war@2025-02-07"]).expect("the as-of date");
}

#[test]
fn sanctions_outcomes_are_refused_where_the_route_cannot_deliver_them() {
    let model = flagship(&[]);
    // Reimposition: at the latest on the termination day.
    refused(
        &model,
        &["un_sanctions_reimposed@2025-10-19"],
        &[
            "the route ends on the termination day, 2025-10-18",
            "the latest date it can is 2025-10-18",
        ],
    );
    assume(&model, &["un_sanctions_reimposed@2025-10-18"]).expect("the termination day");
    // Reimposition: at the earliest a clock after as-of, counted in whole
    // weeks as the weekly step counts it (30 days: 5 weeks).
    refused(
        &model,
        &["un_sanctions_reimposed@2025-03-13"],
        &[
            "before the as-of date 2025-02-07",
            "5 weeks in the weekly model",
            "the earliest date it can is 2025-03-14",
        ],
    );
    let a = assume(&model, &["un_sanctions_reimposed@2025-03-14"]).expect("the earliest");
    let f = ensemble::forecast(&model, &a, 200, SEED, 2, &|_| {});
    assert_eq!(f.counts.weeks(slot(&model, "snapback_triggered"))[0], 200);
    assert_eq!(
        f.counts.weeks(slot(&model, "un_sanctions_reimposed"))[5],
        200
    );

    // A route switched off delivers nothing, on any date.
    let off = flagship(&["snapback.enabled=false"]);
    for id in ["snapback_triggered", "un_sanctions_reimposed"] {
        refused(
            &off,
            &[&format!("{id}@2025-06-02")],
            &[
                "switched off",
                "snapback.enabled = false",
                "no date in the forecast can",
            ],
        );
    }
    // An uncertain clock: every run must be able to deliver the date.
    let uncertain = flagship(&["snapback.clock_days={ dist = \"uniform\", low = 20, high = 45 }"]);
    refused(
        &uncertain,
        &["un_sanctions_reimposed@2025-03-27"],
        &[
            "20 to 45 days",
            "up to 7 weeks",
            "the earliest date it can is 2025-03-28",
        ],
    );
    refused(
        &uncertain,
        &["snapback_triggered@2025-09-10"],
        &["the latest date it can is 2025-09-03"],
    );
}

#[test]
fn an_uncertain_clock_puts_the_trigger_one_clock_before_the_reimposition_in_each_run() {
    let model = flagship(&["snapback.clock_days={ dist = \"uniform\", low = 20, high = 45 }"]);
    let a = assume(&model, &["un_sanctions_reimposed@2025-07-01"]).expect("valid");
    let week = week_of(&model, "2025-07-01");
    let mut buffer = Vec::new();
    let mut clocks = std::collections::BTreeSet::new();
    for run in 0..200 {
        let clock = model
            .params_for_run(SEED, run, &mut buffer)
            .snapback
            .clock_days;
        let clock_weeks = (clock / 7.0).ceil() as usize;
        clocks.insert(clock_weeks);
        let state = model.run(SEED, run, &a, &mut buffer, &mut Silent);
        let at = |s: Slot| state.happened[s.index()].map(usize::from);
        assert_eq!(at(Slot::SanctionsReimposed), Some(week), "run {run}");
        assert_eq!(
            at(Slot::SanctionsTriggered),
            Some(week - clock_weeks),
            "run {run}"
        );
    }
    // Clocks of 20 to 45 days run 3 to 7 weeks.
    assert!(clocks.len() >= 3, "{clocks:?}");
}

#[test]
fn the_north_korean_route_never_lapses_but_still_needs_a_clock_after_as_of() {
    let model = model(NORTH_KOREA, &[]);
    // Any date of the forecast can see a trigger: no termination day is near.
    let last = model.scenario().forecast_end().add_days(-1);
    assume(&model, &[&format!("sanctions_triggered@{last}")]).expect("the last day");
    assume(&model, &[&format!("sanctions_reimposed@{last}")]).expect("the last day");
    // A new round needs its clock of 32 days (5 weeks) after as-of.
    refused(
        &model,
        &["sanctions_reimposed@2017-09-01"],
        &[
            "snapback.clock_days: 32 days, 5 weeks in the weekly model",
            "the earliest date it can is 2017-09-12",
        ],
    );
    // Sanctions already in force on day one do not make a new round happen.
    let a = assume(&model, &["sanctions_reimposed@2017-09-12"]).expect("the earliest");
    let f = ensemble::forecast(&model, &a, 300, SEED, 2, &|_| {});
    assert_eq!(f.counts.weeks(Slot::SanctionsTriggered)[0], 300);
    assert_eq!(f.counts.weeks(Slot::SanctionsReimposed)[5], 300);
}

#[test]
fn two_assumptions_that_contradict_each_other_are_refused() {
    let model = flagship(&[]);
    let cases: [(&[&str], &[&str]); 8] = [
        (
            &["war@2025-05-01", "israeli_strike@2025-06-02"],
            &[
                "`war` cannot happen on 2025-05-01",
                "`israeli_strike` on 2025-06-02",
                "the earliest date it can is 2025-06-02",
            ],
        ),
        (
            &[
                "nuclear_test@2025-07-01",
                "weaponization_decision@2025-08-01",
            ],
            &[
                "needs the weaponization decision",
                "the earliest date it can is 2025-08-01",
            ],
        ),
        (
            &["talks_public@2025-08-01", "interim_deal@2025-07-01"],
            &[
                "`interim_deal` cannot happen on 2025-07-01",
                "needs public talks",
                "the earliest date it can is 2025-08-01",
            ],
        ),
        (
            &["comprehensive_deal@2025-07-01", "interim_deal@2025-08-01"],
            &[
                "lasts to the horizon",
                "the latest date it can is 2025-07-01",
            ],
        ),
        (
            &["talks_public@2025-07-01", "talks_secret@2025-08-01"],
            &[
                "secret talks open only when no talks are under way",
                "the latest date it can is 2025-07-01",
            ],
        ),
        (
            &[
                "snapback_triggered@2025-06-02",
                "un_sanctions_reimposed@2025-08-01",
            ],
            &[
                "in the week of 2025-07-04",
                "the latest date it can is 2025-07-10",
            ],
        ),
        (
            &["war@2025-05-01", "war@2025-06-01"],
            &["already assumed on 2025-05-01", "assume it once"],
        ),
        (
            &["interim_deal@2025-05-01", "talks_secret@2025-06-01"],
            &["`interim_deal` is assumed earlier, on 2025-05-01"],
        ),
    ];
    for (clauses, words) in cases {
        refused(&model, clauses, words);
    }
    // The same pairs in a coherent order are accepted.
    for clauses in [
        &["war@2025-06-02", "israeli_strike@2025-06-02"][..],
        &[
            "nuclear_test@2025-08-01",
            "weaponization_decision@2025-07-01",
        ],
        &["talks_public@2025-07-01", "interim_deal@2025-07-01"],
        &["comprehensive_deal@2025-09-01", "interim_deal@2025-08-01"],
        &["talks_public@2025-08-01", "talks_secret@2025-07-01"],
        &[
            "snapback_triggered@2025-06-02",
            "un_sanctions_reimposed@2025-07-05",
        ],
        &["war@2025-05-01", "war@2025-05-01"],
    ] {
        assume(&model, clauses).unwrap_or_else(|e| panic!("{clauses:?}: {e}"));
    }
}

#[test]
fn what_is_already_so_on_the_as_of_date_cannot_be_assumed_to_happen() {
    let model = flagship(&["initial.talks=indirect"]);
    refused(
        &model,
        &["talks_public@2025-06-02"],
        &[
            "already under way on the as-of date",
            "initial.talks = \"indirect\"",
        ],
    );
    refused(&model, &["talks_secret@2025-06-02"], &["already under way"]);
    assume(&model, &["interim_deal@2025-06-02"]).expect("a deal can still come");
    let model = flagship(&["initial.talks=comprehensive"]);
    refused(
        &model,
        &["interim_deal@2025-06-02"],
        &["a comprehensive deal is already in force"],
    );
}

#[test]
fn an_absolute_red_line_under_a_public_rejection_allows_no_talks_to_be_assumed() {
    // The flagship's stance is rejection on day one and nothing in its
    // calendar softens it; an absolute red line binds it (M1).
    let model = flagship(&["leader.red_line=absolute"]);
    for id in [
        "talks_secret",
        "talks_public",
        "interim_deal",
        "comprehensive_deal",
    ] {
        refused(
            &model,
            &[&format!("{id}@2025-06-02")],
            &["absolute", "no date in the forecast can"],
        );
    }
    assume(&model, &["israeli_strike@2025-06-02"]).expect("strikes are not talks");
}

/// Records the state at the end of one week and that week's events.
struct Week {
    week: usize,
    state: Option<RunState>,
    before: Option<RunState>,
    events: Vec<Event>,
}

impl Week {
    fn new(week: usize) -> Week {
        Week {
            week,
            state: None,
            before: None,
            events: Vec::new(),
        }
    }
}

impl Observer for Week {
    fn event(&mut self, week: usize, event: Event) {
        if week == self.week {
            self.events.push(event);
        }
    }
    fn end_of_week(&mut self, state: &RunState, _: &Context) {
        if state.week + 1 == self.week {
            self.before = Some(*state);
        }
        if state.week == self.week {
            self.state = Some(*state);
        }
    }
}

#[test]
fn assumed_public_talks_come_with_a_stance_that_allows_them() {
    // The flagship's leader rejects talks in public on day one: public talks
    // assumed on 2 June need the stance softened that week, in M1, and the
    // week's record shows it.
    let model = flagship(&[]);
    let a = assume(&model, &["talks_public@2025-06-02"]).expect("valid");
    let week = week_of(&model, "2025-06-02");
    let mut softened = 0;
    for run in 0..200 {
        let mut watch = Week::new(week);
        model.run(SEED, run, &a, &mut Vec::new(), &mut watch);
        let (before, after) = (watch.before.expect("week"), watch.state.expect("week"));
        assert!(after.has(Slot::TalksPublic), "run {run}");
        if before.stance == Stance::Reject {
            assert!(
                watch.events.contains(&Event::Stance(Stance::Ambiguous)),
                "run {run}: {:?}",
                watch.events
            );
            softened += 1;
        }
    }
    assert!(softened > 100, "the stance is mostly rejection: {softened}");
}

#[test]
fn an_assumed_test_comes_with_a_decision_and_a_device_in_its_week() {
    let model = flagship(&[]);
    let a = assume(&model, &["nuclear_test@2025-06-02"]).expect("valid");
    let week = week_of(&model, "2025-06-02");
    let mut buffer = Vec::new();
    for run in 0..100 {
        let weeks_to_device = model
            .params_for_run(SEED, run, &mut buffer)
            .nuclear
            .weeks_to_device;
        let mut watch = Week::new(week);
        model.run(SEED, run, &a, &mut buffer, &mut watch);
        let state = watch.state.expect("week");
        assert!(state.weaponization_decided, "run {run}");
        assert!(
            state.weaponization_progress >= weeks_to_device,
            "run {run}: {} of {weeks_to_device} weeks",
            state.weaponization_progress
        );
        assert!(watch.events.contains(&Event::DeviceReady), "run {run}");
        assert!(watch.events.contains(&Event::NuclearTest), "run {run}");
    }
}

#[test]
fn war_needs_a_strike_the_coercers_unless_another_came_first_or_is_assumed() {
    let model = flagship(&[]);
    let week = week_of(&model, "2025-06-02");
    let coercer = Slot::Strike(0);
    let ally = slot(&model, "israeli_strike");
    // War alone: the coercer (the US) strikes in the war's week in every run
    // that saw no strike by then.
    let a = assume(&model, &["war@2025-06-02"]).expect("valid");
    let mut buffer = Vec::new();
    let (mut forced, mut earlier) = (0, 0);
    for run in 0..TRACED {
        let state = model.run(SEED, run, &a, &mut buffer, &mut Silent);
        let at = |s: Slot| state.happened[s.index()].map(usize::from);
        let first = [at(coercer), at(ally)].into_iter().flatten().min();
        assert!(first.is_some_and(|w| w <= week), "run {run}");
        if first == Some(week) && at(ally) != Some(week) {
            // No strike before, none by Israel in the week: the US's.
            assert_eq!(at(coercer), Some(week), "run {run}");
            forced += 1;
        } else if first < Some(week) {
            earlier += 1;
        }
    }
    assert!(
        forced > 0 && earlier > 0,
        "{forced} forced, {earlier} earlier"
    );
    // With the Israeli strike assumed in the same week, it is the one: the
    // US strikes up to that week exactly as with the Israeli strike alone
    // (before the war's week nothing the war holds off feeds back on the
    // strike decisions: exchanges only count towards war).
    let both = assume(&model, &["war@2025-06-02", "israeli_strike@2025-06-02"]).expect("valid");
    let strike = assume(&model, &["israeli_strike@2025-06-02"]).expect("valid");
    let f = ensemble::forecast(&model, &both, RUNS, SEED, 2, &|_| {});
    let alone = ensemble::forecast(&model, &strike, RUNS, SEED, 2, &|_| {});
    assert_eq!(f.counts.weeks(ally)[week], RUNS);
    assert_eq!(f.counts.weeks(Slot::War)[week], RUNS);
    assert_eq!(
        f.counts.weeks(coercer)[..=week],
        alone.counts.weeks(coercer)[..=week]
    );
}

#[test]
fn prerequisites_are_not_held_off_by_what_needs_them() {
    // A strike, public talks and a weaponization decision can still come
    // before the war, deal or test that needs them.
    let model = flagship(&[]);
    let week = week_of(&model, "2025-08-11");
    for (clause, needed) in [
        ("war@2025-08-11", "israeli_strike"),
        ("interim_deal@2025-08-11", "talks_public"),
        ("nuclear_test@2025-08-11", "weaponization_decision"),
    ] {
        let a = assume(&model, &[clause]).expect("valid");
        let f = ensemble::forecast(&model, &a, RUNS, SEED, 2, &|_| {});
        let early: u64 = f.counts.weeks(slot(&model, needed))[..week].iter().sum();
        assert!(early > 0, "{clause}: no `{needed}` before it");
    }
}

#[test]
fn an_assumed_interim_deal_holds_off_a_comprehensive_one_until_its_week() {
    // A comprehensive deal tops the ladder and lasts: one reached earlier
    // would leave no way to the interim deal. With every win-set overlapping
    // (the leader asks for no enrichment, stockpile or relief, and grants
    // the access the counterpart asks), talks at a framework go to a
    // comprehensive deal; under the assumption, none comes before the
    // interim deal's week.
    let model = flagship(&[
        "issues.enrichment.leader_floor=0",
        "issues.stockpile.leader_floor=0",
        "issues.relief.leader_floor=0",
        "issues.inspections.counterpart_floor=0.7",
    ]);
    let week = week_of(&model, "2025-10-01");
    let natural = ensemble::forecast(&model, &Assumptions::none(), RUNS, SEED, 2, &|_| {});
    let early: u64 = natural.counts.weeks(Slot::ComprehensiveDeal)[..week]
        .iter()
        .sum();
    assert!(early > 0, "no natural comprehensive deal to hold off");
    let a = assume(&model, &["interim_deal@2025-10-01"]).expect("valid");
    let f = ensemble::forecast(&model, &a, RUNS, SEED, 2, &|_| {});
    assert_eq!(
        f.counts.weeks(Slot::ComprehensiveDeal)[..week]
            .iter()
            .sum::<u64>(),
        0
    );
    assert_eq!(f.counts.weeks(Slot::InterimDeal)[week], RUNS);
}

#[test]
fn a_deal_in_force_does_not_stop_an_assumed_reimposition() {
    // A deal in force during the clock brings a continuation, unless the
    // reimposition is assumed: then the clock runs out in the assumed week.
    let model = flagship(&[]);
    let a = assume(
        &model,
        &[
            "interim_deal@2025-07-01",
            "un_sanctions_reimposed@2025-08-01",
        ],
    )
    .expect("valid");
    let f = ensemble::forecast(&model, &a, RUNS, SEED, 2, &|_| {});
    assert_eq!(
        f.counts.weeks(Slot::SanctionsReimposed)[week_of(&model, "2025-08-01")],
        RUNS
    );
}
