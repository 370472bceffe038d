//! One run's story, week by week.
//!
//! A [`TracedWeek`] holds the state at the *end* of its week and the events of
//! the week in the order they happened. An event's own figures are taken when
//! it happens (a strike's breakout time right after the strike); the rest of
//! the week (enrichment, recovery of political capital) can move them before
//! the week ends. [`TracedWeek::narrative`] tells both, so that a sentence and
//! its week's row never seem to disagree.

use crate::params::Stance;
use crate::state::{Context, Event, Observer, Permission, RunState, Snapback, Striker, Talks};
use crate::{CrisisModel, Strategy};
use redline_core::{Date, Outcome};

/// The state at the end of one week, and what happened in it.
#[derive(Clone, Debug)]
pub struct TracedWeek {
    /// Week index.
    pub week: usize,
    /// The date the week starts.
    pub date: Date,
    /// Public stance.
    pub stance: Stance,
    /// Private permission.
    pub permission: Permission,
    /// Talks rung.
    pub talks: Talks,
    /// Negotiator's capital.
    pub negotiator_capital: f64,
    /// Leader's standing.
    pub leader_standing: f64,
    /// Relief leverage.
    pub relief_leverage: f64,
    /// Economic pressure.
    pub econ_pressure: f64,
    /// Snapback process.
    pub snapback: Snapback,
    /// Breakout time, weeks.
    pub breakout_weeks: f64,
    /// 60 % stockpile, kg.
    pub stockpile_kg: f64,
    /// IAEA access, 0–1.
    pub iaea_access: f64,
    /// Iran → US Goldstein weekly mean (−10 hostile … +10 cooperative).
    pub goldstein_iran_to_us: f64,
    /// US → Iran Goldstein weekly mean.
    pub goldstein_us_to_iran: f64,
    /// The deal zone overlaps on every dimension (a comprehensive deal is possible).
    pub deal_zone_overlaps: bool,
    /// Events of the week.
    pub events: Vec<Event>,
}

/// Records a run for [`TracedWeek`]s.
pub struct TraceRecorder {
    as_of: Date,
    step_days: i32,
    pending: Vec<Event>,
    /// The weeks recorded so far.
    pub weeks: Vec<TracedWeek>,
}

impl TraceRecorder {
    /// A recorder for a scenario starting on `as_of` with steps of `step_days`.
    pub fn new(as_of: Date, step_days: i32) -> TraceRecorder {
        TraceRecorder {
            as_of,
            step_days,
            pending: Vec::new(),
            weeks: Vec::new(),
        }
    }
}

impl Observer for TraceRecorder {
    fn event(&mut self, _week: usize, event: Event) {
        self.pending.push(event);
    }

    fn end_of_week(&mut self, s: &RunState, c: &Context) {
        self.weeks.push(TracedWeek {
            week: s.week,
            date: self
                .as_of
                .add_days(self.step_days * i32::try_from(s.week).unwrap_or(0)),
            stance: s.stance,
            permission: s.permission,
            talks: s.talks,
            negotiator_capital: s.negotiator_capital,
            leader_standing: s.leader_standing,
            relief_leverage: s.relief_leverage,
            econ_pressure: s.econ_pressure,
            snapback: s.snapback,
            breakout_weeks: s.breakout_weeks,
            stockpile_kg: s.stockpile_kg,
            iaea_access: s.access,
            goldstein_iran_to_us: s.goldstein_iran,
            goldstein_us_to_iran: s.goldstein_us,
            deal_zone_overlaps: c.full_zone,
            events: std::mem::take(&mut self.pending),
        });
    }
}

impl TracedWeek {
    /// The week's events as sentences, in order. Where an event's figures
    /// are taken at the event and the week goes on to move them, the
    /// sentence also gives the end-of-week value the week's row shows
    /// (same rounding), saying which is which.
    pub fn narrative(&self) -> Vec<String> {
        self.events.iter().filter_map(|e| self.tell(e)).collect()
    }

    /// One event of this week as a sentence ([`sentence`]), with the
    /// end-of-week value where the rest of the week moves the event's figures.
    pub fn tell(&self, event: &Event) -> Option<String> {
        let text = sentence(event)?;
        Some(match *event {
            Event::Strike { .. } => format!(
                "{text} At the end of the week: {:.1} weeks.",
                self.breakout_weeks
            ),
            Event::TalksCollapsed { .. } => format!(
                "{text} At the end of the week: capital {:.2}, standing {:.2}.",
                self.negotiator_capital, self.leader_standing
            ),
            _ => text,
        })
    }
}

/// A plain sentence for an event, with the figures it carries as they were
/// when it happened. Counterpart moves (every week; they show in the
/// Goldstein columns) and talks falling back to none have no sentence.
pub fn sentence(event: &Event) -> Option<String> {
    Some(match *event {
        Event::Stance(Stance::Reject) => {
            "The leader publicly rejects talks with Washington.".into()
        }
        Event::Stance(Stance::Ambiguous) => {
            "The leader softens in public: neither endorsing nor rejecting talks.".into()
        }
        Event::Stance(Stance::Endorse) => "The leader publicly endorses the negotiations.".into(),
        Event::Permission(Permission::Allow) => {
            "In private, the leader allows the president to pursue talks.".into()
        }
        Event::Permission(Permission::Block) => {
            "In private, the leader withdraws his permission for talks.".into()
        }
        Event::TalksAdvanced(Talks::Secret) => {
            "Secret talks open through the Omani channel.".into()
        }
        Event::TalksAdvanced(Talks::Indirect) => {
            "Talks become public: indirect, mediated negotiations are acknowledged.".into()
        }
        Event::TalksAdvanced(Talks::Direct) => "Negotiators meet face to face.".into(),
        Event::TalksAdvanced(Talks::Framework) => "The sides agree a framework.".into(),
        Event::TalksAdvanced(Talks::Interim) => {
            "An interim deal is signed: a freeze for limited relief.".into()
        }
        Event::TalksAdvanced(Talks::Comprehensive) => {
            "A comprehensive agreement is concluded.".into()
        }
        Event::TalksAdvanced(Talks::None) => return None,
        Event::TalksCollapsed {
            stance,
            negotiator_loss,
            leader_change,
        } => format!(
            "Talks collapse under a public stance of {}: the president loses {:.2} of his political capital and the leader's standing {} {:.2} at the collapse.",
            stance.name(),
            negotiator_loss,
            if leader_change >= 0.0 {
                "rises by"
            } else {
                "falls by"
            },
            leader_change.abs()
        ),
        Event::DealCredit => "Both the leader and the president take credit for the deal.".into(),
        Event::CounterpartMove(_) => return None,
        Event::SnapbackTriggered => {
            "The E3 notify the Security Council: the 30-day snapback clock starts.".into()
        }
        Event::SanctionsReimposed => {
            "UN sanctions are reimposed; the relief Washington can offer collapses.".into()
        }
        Event::SnapbackLapsed => "The snapback window closes unused.".into(),
        Event::NptWithdrawal => {
            "Iran gives notice of withdrawal from the NPT; inspectors leave.".into()
        }
        Event::Strike {
            by,
            breakout_before,
            breakout_after,
        } => format!(
            "{} strikes Iran's nuclear sites: breakout time goes from {:.1} to {:.1} weeks at the strike.",
            match by {
                Striker::Israel => "Israel",
                Striker::Us => "The United States",
            },
            breakout_before,
            breakout_after
        ),
        Event::Retaliation => "Iran retaliates directly.".into(),
        Event::ExchangeDays(n) => format!(
            "Direct exchanges of fire on {n} day{}.",
            if n == 1 { "" } else { "s" }
        ),
        Event::War => "Exchanges reach 5 days within 30: war.".into(),
        Event::WeaponizationDecided => {
            "Iran's leadership decides to build a nuclear weapon.".into()
        }
        Event::WeaponizationDetected => {
            "Foreign intelligence detects the weaponization decision.".into()
        }
        Event::DeviceReady => "A deliverable device is ready.".into(),
        Event::NuclearTest => "Iran conducts a nuclear test.".into(),
        Event::Assumed(o) => format!("(Assumed: {} happens this week.)", o.label()),
    })
}

/// One run told week by week.
#[derive(Clone, Debug)]
pub struct Trace {
    /// The run's index in the ensemble.
    pub run: u64,
    /// The seed of every random stream.
    pub seed: u64,
    /// The counterpart's strategy.
    pub strategy: Strategy,
    /// The outcomes that happened, with the week each first happened, in
    /// the order they happened (those of one week in [`Outcome::ALL`] order).
    pub outcomes: Vec<(Outcome, usize)>,
    /// The run, week by week.
    pub weeks: Vec<TracedWeek>,
}

/// Plays run `run` of `seed` and records it.
pub fn trace(
    model: &CrisisModel,
    assumptions: &crate::assume::Assumptions,
    seed: u64,
    run: u64,
) -> Trace {
    let scenario = model.scenario();
    let mut recorder = TraceRecorder::new(scenario.as_of, scenario.step_days);
    let state = model.run(seed, run, assumptions, &mut Vec::new(), &mut recorder);
    let mut outcomes: Vec<(Outcome, usize)> = Outcome::ALL
        .iter()
        .filter_map(|&o| state.happened[o.index()].map(|w| (o, usize::from(w))))
        .collect();
    outcomes.sort_by_key(|&(_, week)| week);
    Trace {
        run,
        seed,
        strategy: model.settings().strategy,
        outcomes,
        weeks: recorder.weeks,
    }
}

/// A typical story of the ensemble: the most common sequences of outcomes,
/// each told through one run that followed it.
#[derive(Clone, Debug)]
pub struct Storyline {
    /// Outcomes in the order they first happened (empty: none happened).
    pub path: Vec<redline_core::Outcome>,
    /// Share of runs that followed this path.
    pub share: f64,
    /// The run that tells it.
    pub run: u64,
    /// That run, week by week.
    pub weeks: Vec<TracedWeek>,
}

/// The `count` most common outcome paths over `runs` runs, each with the
/// first run that followed it (ties broken by the path's first run).
pub fn storylines(
    model: &CrisisModel,
    assumptions: &crate::assume::Assumptions,
    seed: u64,
    runs: u64,
    count: usize,
) -> Vec<Storyline> {
    let mut paths: Vec<(Vec<Outcome>, u64, u64)> = Vec::new();
    let mut buffer = Vec::new();
    for run in 0..runs {
        let state = model.run(
            seed,
            run,
            assumptions,
            &mut buffer,
            &mut crate::state::Silent,
        );
        let mut path: Vec<(u16, Outcome)> = Outcome::ALL
            .iter()
            .filter_map(|&o| state.happened[o.index()].map(|w| (w, o)))
            .collect();
        path.sort();
        let path: Vec<Outcome> = path.into_iter().map(|(_, o)| o).collect();
        match paths.iter_mut().find(|(p, _, _)| *p == path) {
            Some(entry) => entry.1 += 1,
            None => paths.push((path, 1, run)),
        }
    }
    paths.sort_by(|a, b| b.1.cmp(&a.1).then(a.2.cmp(&b.2)));
    paths
        .into_iter()
        .take(count)
        .map(|(path, n, run)| Storyline {
            path,
            share: n as f64 / runs.max(1) as f64,
            run,
            weeks: trace(model, assumptions, seed, run).weeks,
        })
        .collect()
}
