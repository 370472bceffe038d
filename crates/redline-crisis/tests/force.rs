//! Crisis model, part 2: the decisions of force and coercive diplomacy, each
//! checked where the rule makes its answer certain (so the test states what
//! must happen, not a measured size) — deadline decisions within their
//! week, war only after a strike, wars that end, the coercer's answer to an
//! ally, and playbooks written in TOML playing as the named ones.

use redline_crisis::CrisisModel;
use redline_crisis::assume::Assumptions;
use redline_crisis::ensemble;
use redline_crisis::roles::{MAX_STRIKERS, Slot};
use redline_crisis::state::{Context, Event, Observer, RunState};
use std::path::{Path, PathBuf};

const SEED: u64 = 2025;

fn flagship(sets: &[&str]) -> CrisisModel {
    flagship_with(None, sets).expect("flagship loads")
}

/// The flagship with a `--with` fragment of TOML text and `--set`s.
fn flagship_with(
    fragment: Option<&str>,
    sets: &[&str],
) -> Result<CrisisModel, redline_core::InputError> {
    let sets: Vec<String> = sets.iter().map(|s| s.to_string()).collect();
    let text = fragment.unwrap_or_default().to_string();
    let read = |path: &Path| -> std::io::Result<String> {
        match path.to_str() {
            Some("playbook.toml") => Ok(text.clone()),
            _ => Err(std::io::ErrorKind::NotFound.into()),
        }
    };
    let with: Vec<PathBuf> = fragment
        .map(|_| PathBuf::from("playbook.toml"))
        .into_iter()
        .collect();
    let scenario = redline_scenarios::load(None, &with, &sets, &read)?;
    CrisisModel::new(scenario)
}

/// The first week each outcome happened in run `run`.
fn play(model: &CrisisModel, run: u64, observer: &mut impl Observer) -> RunState {
    model.run(SEED, run, &Assumptions::none(), &mut Vec::new(), observer)
}

struct Events(Vec<(usize, Event)>);

impl Observer for Events {
    fn event(&mut self, week: usize, event: Event) {
        self.0.push((week, event));
    }
    fn end_of_week(&mut self, _: &RunState, _: &Context) {}
}

#[test]
fn a_decision_the_rule_makes_certain_happens_within_its_week() {
    // The guarantors' trigger is a per-week rule: a base rate of 1 (certain
    // within the year at the reference state) makes it certain in its first
    // week. Converting an annual probability to a week would have capped it
    // (the log-odds of a probability are clamped at ±27.6, which an annual
    // conversion turns into 41 % a week).
    let model = flagship(&["snapback.trigger_base_annual=1"]);
    let runs = 2000;
    let forecast = ensemble::forecast(&model, &Assumptions::none(), runs, SEED, 2, &|_| {});
    let weeks = forecast.counts.weeks(Slot::SanctionsTriggered);
    assert_eq!(weeks[0], runs, "{weeks:?}");
    // And a strike the rule makes certain comes in week 0 too.
    let model = flagship(&["actors.israel.strike.base_annual=1"]);
    let forecast = ensemble::forecast(&model, &Assumptions::none(), runs, SEED, 2, &|_| {});
    assert_eq!(forecast.counts.weeks(Slot::Strike(1))[0], runs);
}

#[test]
fn no_war_without_a_strike_by_one_side_or_the_other() {
    for sets in [
        &[][..],
        &["counterpart.strategy=ultimatum"][..],
        &[
            "reciprocity.target_attribution_bias=3",
            "war.ceasefire_weekly=0.5",
        ][..],
    ] {
        let model = flagship(sets);
        let mut wars = 0;
        for run in 0..3000 {
            let end = play(&model, run, &mut redline_crisis::state::Silent);
            let Some(war) = end.happened[Slot::War.index()] else {
                continue;
            };
            wars += 1;
            let struck_before = (0..MAX_STRIKERS)
                .any(|i| end.happened[Slot::Strike(i as u8).index()].is_some_and(|w| w <= war))
                || model.settings().initial_struck.contains(&true);
            assert!(
                struck_before,
                "{sets:?}, run {run}: war in week {war} without a strike"
            );
        }
        assert!(wars > 100, "{sets:?}: only {wars} wars in 3000 runs");
    }
}

#[test]
fn every_war_can_end_and_a_certain_ceasefire_ends_it_the_next_week() {
    let model = flagship(&["war.ceasefire_weekly=0.999999", "war.ceasefire_hostility=0"]);
    let steps = model.steps();
    let (mut wars, mut ended) = (0, 0);
    for run in 0..3000 {
        let mut events = Events(Vec::new());
        play(&model, run, &mut events);
        for (i, &(week, event)) in events.0.iter().enumerate() {
            if event != Event::War || week + 1 >= steps {
                continue;
            }
            wars += 1;
            let next = events.0[i..]
                .iter()
                .find(|(_, e)| matches!(e, Event::Ceasefire { .. }));
            assert!(
                matches!(next, Some(&(w, Event::Ceasefire { weeks: 1 })) if w == week + 1),
                "run {run}: war in week {week}, then {next:?}"
            );
            ended += 1;
        }
    }
    assert!(wars > 100 && ended == wars, "{ended} of {wars}");
}

#[test]
fn a_coercer_that_always_joins_strikes_with_its_ally() {
    // The US answer to an Israeli strike is its own decision: joining it
    // certainly, the US strikes in the week Israel first does, if not before.
    let model = flagship(&["actors.us.response.join_base=1"]);
    let mut joined = 0;
    for run in 0..2000 {
        let end = play(&model, run, &mut redline_crisis::state::Silent);
        let israel = end.happened[Slot::Strike(1).index()];
        let us = end.happened[Slot::Strike(0).index()];
        if let Some(israel) = israel {
            assert!(
                us.is_some_and(|us| us <= israel),
                "run {run}: {us:?} after {israel}"
            );
            joined += 1;
        }
    }
    assert!(joined > 500, "{joined}");
}

/// The named ultimatum written as a playbook, its deadline fixed.
const ULTIMATUM: &str = r#"
[playbooks.written-ultimatum]
description = "the named ultimatum, written out"
start = "offer"
[playbooks.written-ultimatum.states.pressure]
play = "max-pressure"
[playbooks.written-ultimatum.states.offer]
play = "tit-for-tat"
deadline_weeks = 8
until = "indirect"
on_collapse = "pressure"
on_rejected = "pressure"
on_deadline = "pressure"
on_talks = "engaged"
on_deal = "engaged"
[playbooks.written-ultimatum.states.engaged]
play = "tit-for-tat"
on_collapse = "pressure"
"#;

#[test]
fn a_playbook_written_in_toml_plays_as_the_named_one() {
    let written = flagship_with(
        Some(ULTIMATUM),
        &[
            "counterpart.strategy=written-ultimatum",
            "strategies.ultimatum.deadline_weeks=8",
        ],
    )
    .expect("the playbook loads");
    let named = flagship(&[
        "counterpart.strategy=ultimatum",
        "strategies.ultimatum.deadline_weeks=8",
    ]);
    let none = Assumptions::none();
    let a = ensemble::forecast(&written, &none, 3000, SEED, 2, &|_| {});
    let b = ensemble::forecast(&named, &none, 3000, SEED, 2, &|_| {});
    for (x, y) in a.outcomes.iter().zip(&b.outcomes) {
        assert_eq!(x.probability, y.probability, "{}", x.outcome.id);
        assert_eq!(a.counts.weeks(x.slot), b.counts.weeks(y.slot));
    }
    // And it is not max pressure: the offer changes the forecast.
    let pressure = ensemble::forecast(&flagship(&[]), &none, 3000, SEED, 2, &|_| {});
    assert!(
        a.outcomes
            .iter()
            .zip(&pressure.outcomes)
            .any(|(x, y)| x.probability != y.probability)
    );
}

#[test]
fn a_bad_playbook_is_refused_with_where_and_why() {
    for (from, to, key, says) in [
        (
            "play = \"max-pressure\"",
            "play = \"max-presure\"",
            "playbooks.written-ultimatum.states.pressure.play",
            "unknown play `max-presure`",
        ),
        (
            "on_talks = \"engaged\"",
            "on_talks = \"engage\"",
            "playbooks.written-ultimatum.states.offer.on_talks",
            "no state `engage`",
        ),
        (
            "on_collapse = \"pressure\"\non_rejected",
            "on_colapse = \"pressure\"\non_rejected",
            "playbooks.written-ultimatum.states.offer.on_colapse",
            "unknown event `colapse`",
        ),
        (
            "start = \"offer\"",
            "start = \"ofer\"",
            "playbooks.written-ultimatum.start",
            "no state `ofer`",
        ),
        (
            "deadline_weeks = 8",
            "deadline_weeks = 0",
            "playbooks.written-ultimatum.states.offer.deadline_weeks",
            "not a number of weeks",
        ),
    ] {
        let text = ULTIMATUM.replacen(from, to, 1);
        assert_ne!(text, ULTIMATUM, "{from}");
        let error = flagship_with(Some(&text), &[]).expect_err(says);
        assert_eq!(error.key.as_deref(), Some(key), "{error}");
        assert!(error.to_string().contains(says), "{error}");
        assert!(error.line.is_some(), "{error}");
        assert_eq!(error.origin, "playbook.toml", "{error}");
    }
    // A near miss gets the name it missed.
    let text = ULTIMATUM.replacen("play = \"max-pressure\"", "play = \"max-presure\"", 1);
    let error = flagship_with(Some(&text), &[]).expect_err("near miss");
    assert_eq!(error.hint.as_deref(), Some("did you mean `max-pressure`?"));
    // `on_deadline` without a deadline is refused where it is written.
    let text = ULTIMATUM.replacen("deadline_weeks = 8\n", "", 1);
    let error = flagship_with(Some(&text), &[]).expect_err("no deadline");
    assert_eq!(
        error.key.as_deref(),
        Some("playbooks.written-ultimatum.states.offer.on_deadline")
    );
}

#[test]
fn production_shortens_breakout() {
    // The 2021 case starts with low-enriched uranium only and a 20 % line
    // the Majlis law of Dec 2020 set at 120 kg a year. Without the line,
    // breakout at the horizon is the separative work from the low-enriched
    // stock; with it, from the 20 % stock the year has made: more
    // production, a shorter breakout, run by run (paired on the same
    // streams).
    let case = |production: &str| {
        let sets = vec![format!("nuclear.production_20_kg_weekly={production}")];
        let scenario = redline_scenarios::load_shipped("iran-2021-01-20", &sets).expect("loads");
        CrisisModel::new(scenario).expect("validates")
    };
    let (none, law) = (case("0"), case("2.3"));
    let n = 2000;
    let d: Vec<f64> = (0..n)
        .map(|run| {
            let a = play(&none, run, &mut redline_crisis::state::Silent).breakout_weeks;
            let b = play(&law, run, &mut redline_crisis::state::Silent).breakout_weeks;
            b - a
        })
        .collect();
    let mean = d.iter().sum::<f64>() / n as f64;
    let var = d.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n as f64 - 1.0);
    let half = 1.96 * (var / n as f64).sqrt();
    // By hand (the value function, 0.4 % tails, 25 kg of 90 %): 1,379
    // kg-SWU from 4.5 % feed against 438 from the year's 120 kg of 20 %; at
    // full capacity and 5,200 kg-SWU a year (100 a week) that is
    // 1.5 + 13.8 = 15.3 against 1.5 + 4.4 = 5.9 weeks: −9.4 weeks.
    println!(
        "breakout at the horizon, 2.3 − 0 kg of 20 % a week: {mean:+.2} weeks (95% ±{half:.2})"
    );
    assert!(mean + half < -3.5, "{mean:+.2} ± {half:.2}");
}

/// The kinds of branch a traced run shows, as the storylines count them:
/// a campaign, a limited and a sustained retaliation, each answer of the
/// coercer, a ceasefire, a lapsed deadline, a playbook's turn.
fn branch_kinds(trace: &redline_crisis::trace::Trace) -> usize {
    use redline_crisis::state::Response;
    let mut kinds = std::collections::BTreeSet::new();
    for week in &trace.weeks {
        for event in &week.events {
            let kind = match event {
                Event::Strike { days, .. } if *days > 1 => "campaign",
                Event::Retaliation { sustained: false } => "salvo",
                Event::Retaliation { sustained: true } => "exchange",
                Event::Response(Response::Join) => "join",
                Event::Response(Response::Defend) => "defend",
                Event::Response(Response::StandAside) => "stand aside",
                Event::Ceasefire { .. } => "ceasefire",
                Event::DeadlineLapsed => "lapsed",
                Event::Playbook { .. } => "playbook",
                _ => continue,
            };
            kinds.insert(kind);
        }
    }
    kinds.len()
}

#[test]
fn each_storyline_is_told_by_a_run_that_shows_the_most_branches_of_its_path() {
    // Under the ultimatum every branch can happen: its lapses and turns, the
    // strikes, answers and wars they lead to.
    let model = flagship(&["counterpart.strategy=ultimatum"]);
    let none = Assumptions::none();
    let runs = 300;
    let stories = redline_crisis::trace::storylines(&model, &none, SEED, runs, 3);
    assert_eq!(stories.len(), 3);
    let traces: Vec<_> = (0..runs)
        .map(|run| redline_crisis::trace::trace(&model, &none, SEED, run))
        .collect();
    let mut told_more_than_the_first = false;
    for story in &stories {
        let ids: Vec<&str> = story.path.iter().map(|o| o.id.as_str()).collect();
        let following: Vec<_> = traces
            .iter()
            .filter(|t| {
                t.outcomes
                    .iter()
                    .map(|(o, _)| o.id.as_str())
                    .eq(ids.iter().copied())
            })
            .collect();
        assert!(!following.is_empty(), "{ids:?}");
        let best = following.iter().map(|t| branch_kinds(t)).max().unwrap_or(0);
        let teller = &traces[usize::try_from(story.run).expect("run")];
        assert_eq!(branch_kinds(teller), best, "{ids:?}: run {}", story.run);
        // The earliest run that shows that many tells it.
        let first_best = following
            .iter()
            .find(|t| branch_kinds(t) == best)
            .map(|t| t.run);
        assert_eq!(first_best, Some(story.run), "{ids:?}");
        told_more_than_the_first |= story.run != following[0].run;
    }
    // On this ensemble the choice matters: some path's first run shows fewer.
    assert!(told_more_than_the_first);
}

#[test]
fn a_playbooks_every_field_is_in_the_scenarios_digest() {
    // The provenance's digest (and the explorer's cache key) stands for
    // everything that can change a forecast; a playbook is a strategy.
    let base = flagship_with(Some(ULTIMATUM), &[]).expect("loads");
    let digest = base.scenario().sha256();
    assert_ne!(digest, flagship(&[]).scenario().sha256());
    for (from, to) in [
        ("deadline_weeks = 8", "deadline_weeks = 9"),
        ("until = \"indirect\"", "until = \"direct\""),
        ("on_deadline = \"pressure\"", "on_deadline = \"engaged\""),
        ("start = \"offer\"", "start = \"pressure\""),
        (
            "[playbooks.written-ultimatum.states.pressure]\nplay = \"max-pressure\"",
            "[playbooks.written-ultimatum.states.pressure]\nplay = \"grit\"",
        ),
    ] {
        let edited = ULTIMATUM.replace(from, to);
        assert_ne!(edited, ULTIMATUM, "{from}");
        let other = flagship_with(Some(&edited), &[]).expect(to);
        assert_ne!(other.scenario().sha256(), digest, "{from} -> {to}");
    }
}
