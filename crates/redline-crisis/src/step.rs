//! The week: the mechanisms composed in one readable function.
//!
//! Order within a week, and why:
//! 1. scripted calendar stances (the leader's speech on the as-of date);
//! 2. the context every mechanism shares: deadline proximity, threat, firmness;
//! 3. M9 + M8: the counterpart moves under its strategy and both sides answer
//!    in kind, so this week's hostility is known to everything after;
//! 4. M1: the leader's stance and private permission react to the context,
//!    and talks under way keep to a format the stance permits (`formats`);
//! 5. M4: the win-sets and the deal zone under this week's pressure (computed
//!    after 6 and M3, only in weeks that read it: neither changes what it reads);
//! 6. M7: strikes, retaliation and exchanges (a strike this week can break talks);
//! 7. M3 + M4 (+ M2): secret talks open, talks advance, conclude or collapse,
//!    deals upgrade or break down, with blame and credit;
//! 8. M5: snapback trigger, clock and reimposition;
//! 9. M6: stockpile, breakout, NPT exit, the weaponization decision.

use crate::assume::Assumptions;
use crate::draws::WeekDraws;
use crate::params::{ModelParams, Settings, Stance};
use crate::snapback::SnapbackCalendar;
use crate::state::{Context, Event, Observer, Permission, RunState, Talks};
use crate::{
    back_channel, blame, formats, latency, military, negotiation, reciprocity, red_lines, snapback,
    strategy,
};

/// What a week knows of the fixed calendar.
#[derive(Clone, Copy, Debug)]
pub struct WeekCalendar {
    /// The IAEA Board meets.
    pub board_meeting: bool,
    /// A scripted public stance.
    pub scripted_stance: Option<Stance>,
}

/// Advances `s` by one week.
#[allow(
    clippy::too_many_arguments,
    reason = "each mechanism takes the week's inputs explicitly"
)]
pub fn week<O: Observer>(
    s: &mut RunState,
    p: &ModelParams,
    settings: &Settings,
    snapback_calendar: &SnapbackCalendar,
    calendar: WeekCalendar,
    d: &WeekDraws,
    assumptions: &Assumptions,
    obs: &mut O,
) {
    if let Some(stance) = calendar.scripted_stance
        && stance != s.stance
    {
        s.stance = stance;
        obs.event(s.week, Event::Stance(stance));
    }

    let (stance_before, permission_before) = (s.stance, s.permission);
    let mut c = Context {
        deadline: snapback_calendar.proximity(s.week, p.snapback.deadline_window_weeks),
        threat: (s.coercer_hostility().max(0.0) + f64::from(u8::from(s.struck()))).min(1.0),
        firmness: settings.firmness(p),
        board_meeting: calendar.board_meeting,
        ..Context::default()
    };

    c.cooperation = reciprocity::step(s, p, d, obs);
    red_lines::step(s, p, settings, &c, d, assumptions, obs);
    formats::enforce(s, settings, obs);
    // A strike stated in the as-of week breaks talks as one in the run does.
    let struck = military::step(s, p, settings.strikers, d, assumptions, obs)
        | formats::struck_in_as_of_week(s, p, settings);
    back_channel::step(s, p, settings, d, assumptions, obs);
    // The deal zone is computed only where something reads it (M4's step when
    // talks are under way, a deal is in force or a rung is assumed; an
    // observer that reads the context): most weeks of most runs have no talks,
    // and the zone was a fifth of a week's work. It is the zone of the state
    // after M1: this week's strikes and the opening of secret talks change
    // nothing it reads (pressure, trust, leverage, stock, enrichment, a deal's
    // terms), so computing it here gives what computing it there gave.
    if s.talks != Talks::None || !assumptions.is_empty() || O::READS_CONTEXT {
        negotiation::deal_zone(s, p, &mut c);
    }
    negotiation::step(s, p, settings, &mut c, d, struck, assumptions, obs);
    // The spoiler's motive next week (M7): public talks whose deal is in reach.
    s.deal_in_reach =
        s.talks >= Talks::Indirect && s.talks.negotiating() && (c.interim_zone || c.full_zone);
    blame::recover(s, p);
    snapback::step(s, p, settings, snapback_calendar, &c, d, assumptions, obs);
    latency::step(s, p, d, assumptions, obs);
    let rejected = (s.stance == Stance::Reject && stance_before != Stance::Reject)
        || (s.permission == Permission::Block && permission_before != Permission::Block);
    strategy::step(s, p, &settings.strategy, rejected, obs);

    obs.end_of_week(s, &c);
    s.week += 1;
}
