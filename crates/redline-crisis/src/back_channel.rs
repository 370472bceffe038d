//! M3 — back channels.
//!
//! "In February 2013, Khamenei issued nearly identical remarks … Yet at that
//! very moment, Iran was engaged in secret talks with American officials in
//! Oman." Secret talks through a mediator need only the leader's *private*
//! permission, not his public stance. Each week with permission, no talks,
//! no cooldown and enough negotiator capital, they open with
//!
//! ```text
//! logit h = logit h₀ + β_mediator·[mediator available] + β_capital·(capital − ½)
//!           + β_hostility·(H_iran + H_us)/2 + openness(strategy)
//! ```
//!
//! per week, its base rate given per year (`crate::hazard`). Talks become public (indirect) once the stance no longer
//! rejects indirect talks — at once under a rejection of direct talks only
//! (see [`crate::formats`], [`crate::negotiation`]).

use crate::assume::{Assumptions, Forcing};
use crate::draws::WeekDraws;
use crate::hazard::happens;
use crate::params::{ModelParams, Settings};
use crate::roles::Slot;
use crate::state::{Event, Observer, Permission, RunState, Talks};

/// Opens secret talks this week if the hazard fires.
pub fn step<O: Observer>(
    s: &mut RunState,
    p: &ModelParams,
    settings: &Settings,
    d: &WeekDraws,
    assumptions: &Assumptions,
    obs: &mut O,
) {
    if s.talks != Talks::None {
        return;
    }
    let t = &p.talks;
    let eligible = s.permission == Permission::Allow
        && s.cooldown_weeks <= 0.0
        && s.negotiator_capital >= p.blame.min_capital;
    let natural = eligible && {
        let x = t.open_base.logit
            + t.open_mediator * t.mediator_available * f64::from(u8::from(settings.has_mediator))
            + t.open_capital * (s.negotiator_capital - 0.5)
            + t.open_hostility * 0.5 * (s.target_hostility() + s.coercer_hostility())
            + p.strategy.openness[s.play.index()]
            + t.open_war * f64::from(u8::from(s.at_war));
        happens(d.open, x)
    };
    let forcing = assumptions.forcing(Slot::TalksSecret, s.week);
    if forcing == Forcing::Force {
        obs.event(s.week, Event::Assumed(Slot::TalksSecret));
    }
    if assumptions.decide(Slot::TalksSecret, s.week, natural) {
        s.talks = Talks::Secret;
        crate::formats::enter(s, Talks::Secret);
        s.record(Slot::TalksSecret);
        obs.event(s.week, Event::TalksAdvanced(Talks::Secret));
    }
}
