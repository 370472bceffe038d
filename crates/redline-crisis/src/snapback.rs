//! M5 — the snapback deadline and disappearing leverage.
//!
//! UN Security Council Resolution 2231 (2015) lets a JCPOA participant
//! notify the Council of significant non-performance; unless the Council
//! adopts a resolution continuing the relief within 30 days, the pre-2015
//! UN sanctions resolutions apply again (paragraphs 11–12). The resolution
//! terminates on its termination day (18 October 2025), after which the
//! mechanism is gone; so the last notification that can complete falls
//! 30 days before it. "Once UN sanctions are reinstated, the ability to offer
//! Iran meaningful sanctions relief — Washington's primary leverage —
//! essentially disappears" (founding analysis).
//!
//! Deadline proximity rises linearly from 0 to 1 over the
//! `snapback.deadline_window_weeks` before the last trigger week. While
//! snapback is available the E3 trigger it with
//!
//! ```text
//! logit h = logit h₀ + β_deadline·D + β_access·(1 − access) + β_talks·[direct talks or beyond]
//!           + β_deal·[deal] + β_board·[IAEA Board meets this week] + β_war·[a war has been fought]
//! ```
//!
//! per week, its base rate given per year (`crate::hazard`): a rule that
//! makes the trigger certain makes it certain within the week, so the
//! guarantors decide by the deadline rather than at an annual rate.
//! Reimposition follows `snapback.clock_days` later unless a deal
//! is in force by then (the triggering states then back a continuation).
//! Reimposition cuts relief leverage to `snapback.leverage_after` and adds
//! `snapback.pressure_jump` of economic pressure; it also enters the NPT and
//! weaponization hazards (M6).

use crate::assume::{Assumptions, Forcing};
use crate::draws::WeekDraws;
use crate::hazard::happens;
use crate::params::{ModelParams, Settings};
use crate::roles::Slot;
use crate::state::{Context, Event, Observer, RunState, Snapback, Talks};
use redline_core::Scenario;

/// Fixed dates of the snapback process, in weeks of the scenario.
#[derive(Clone, Copy, Debug)]
pub struct SnapbackCalendar {
    /// The last week in which a notification can still complete before
    /// termination (`None`: that day was before the as-of date, so no
    /// notification can complete).
    pub last_trigger_week: Option<usize>,
    /// The week of the termination day (`None`: before the as-of date).
    pub termination_week: Option<usize>,
    /// Whether the resolution had already terminated on the as-of date.
    pub terminated: bool,
}

impl SnapbackCalendar {
    /// Computes the calendar from the termination day and clock.
    pub fn new(scenario: &Scenario, settings: &Settings, clock_days: f64) -> SnapbackCalendar {
        let termination = settings.termination_day;
        let last_trigger = termination.add_days(-(clock_days.round() as i32));
        let weeks = |date: redline_core::Date| {
            let days = date.days_since(scenario.as_of);
            (days >= 0).then(|| usize::try_from(days / scenario.step_days).unwrap_or(usize::MAX))
        };
        SnapbackCalendar {
            last_trigger_week: weeks(last_trigger),
            termination_week: weeks(termination),
            terminated: termination <= scenario.as_of,
        }
    }

    /// Deadline proximity in `week`.
    pub fn proximity(&self, week: usize, window_weeks: f64) -> f64 {
        match self.last_trigger_week {
            Some(last) if week <= last => {
                (1.0 - (last - week) as f64 / window_weeks).clamp(0.0, 1.0)
            }
            _ => 0.0,
        }
    }
}

/// Runs the snapback process for one week.
#[allow(
    clippy::too_many_arguments,
    reason = "each mechanism takes the week's inputs explicitly"
)]
pub fn step<O: Observer>(
    s: &mut RunState,
    p: &ModelParams,
    settings: &Settings,
    calendar: &SnapbackCalendar,
    c: &Context,
    d: &WeekDraws,
    assumptions: &Assumptions,
    obs: &mut O,
) {
    let sp = &p.snapback;
    let clock_weeks = (sp.clock_days / 7.0).ceil() as usize;
    // An assumed reimposition fixes the trigger a clock earlier and holds off
    // any trigger before it, so the clock runs out exactly in the assumed
    // week (`Assumptions::trigger`); `Assumptions::parse` refused dates the
    // route's window cannot deliver.
    let trigger = assumptions.trigger(s.week, clock_weeks);
    let reimposition = assumptions.forcing(Slot::SanctionsReimposed, s.week);
    match s.snapback {
        Snapback::Available => {
            let in_window = !calendar.terminated
                && calendar
                    .last_trigger_week
                    .is_some_and(|last| s.week <= last);
            let natural = settings.snapback_enabled && in_window && {
                let x = sp.trigger_base.logit
                    + sp.trigger_deadline * c.deadline
                    + sp.trigger_access * (1.0 - s.access)
                    + sp.trigger_talks
                        * f64::from(u8::from(s.talks >= Talks::Direct && s.talks.negotiating()))
                    + sp.trigger_deal * f64::from(u8::from(s.talks.deal()))
                    + sp.trigger_board * f64::from(u8::from(c.board_meeting))
                    + sp.trigger_war * f64::from(u8::from(s.has(Slot::War)));
                happens(d.trigger, x)
            };
            let triggered = match trigger {
                Forcing::Natural => natural,
                Forcing::Suppressed => false,
                Forcing::Force => {
                    obs.event(s.week, Event::Assumed(Slot::SanctionsTriggered));
                    true
                }
            };
            if triggered {
                s.record(Slot::SanctionsTriggered);
                obs.event(s.week, Event::SnapbackTriggered);
                s.snapback = Snapback::Clock {
                    reimposed_in_week: s.week + clock_weeks,
                };
            } else if !in_window || calendar.termination_week.is_some_and(|t| s.week >= t) {
                s.snapback = Snapback::Lapsed;
                obs.event(s.week, Event::SnapbackLapsed);
            }
        }
        Snapback::Clock { reimposed_in_week } => {
            if s.talks.deal() && !assumptions.holds_clock(s.week) {
                // A deal in force: the triggering states back a continuation resolution.
                s.snapback = Snapback::Lapsed;
            } else if s.week >= reimposed_in_week && reimposition != Forcing::Suppressed {
                if reimposition == Forcing::Force {
                    obs.event(s.week, Event::Assumed(Slot::SanctionsReimposed));
                }
                reimpose(s, p, obs);
            }
        }
        Snapback::Reimposed | Snapback::Lapsed => {}
    }
}

fn reimpose<O: Observer>(s: &mut RunState, p: &ModelParams, obs: &mut O) {
    s.snapback = Snapback::Reimposed;
    s.sanctions_in_force = true;
    s.record(Slot::SanctionsReimposed);
    obs.event(s.week, Event::SanctionsReimposed);
    s.relief_leverage = s.relief_leverage.min(p.snapback.leverage_after);
    s.econ_pressure = (s.econ_pressure + p.snapback.pressure_jump).min(1.0);
}
