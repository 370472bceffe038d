//! M4 — negotiation and the deal zone (a two-level game).
//!
//! Talks climb a ladder, none → secret → indirect → direct → framework →
//! interim deal → comprehensive deal, or collapse. Putnam (1988) calls the
//! agreements each side could ratify at home its win-set; a deal needs the
//! win-sets to overlap (`redline_bargain::winset`). Here each side's win-set
//! is a box on four dimensions: enrichment level (% U-235), 60 % stockpile
//! kept (kg), inspector access (0–1), sanctions relief (share of full relief).
//!
//! The leader's red lines bound his set and **relax with pressure and the
//! deadline** unless absolute: with relaxation
//! `ρ = (1 − f)·ρ_max·(E + D + T)/3` (f firmness, E economic pressure, D
//! deadline proximity, T threat), his enrichment and stockpile floors and his
//! relief floor shrink by the factor (1 − ρ) and his access ceiling rises by
//! ρ of the way to full access. The counterpart's bounds move toward his by
//! `issues.counterpart_relax · trust` (trust is built by mutual cooperation,
//! M8/M9), and the relief it can offer is its strategy's ceiling times the
//! relief leverage left (M5).
//!
//! Each week, talks under way move up one rung with
//!
//! ```text
//! logit h = logit(1/weeks_per_stage) + β_zone·[zone overlaps] − β_gap·gap + β_leverage·L
//!           + β_deadline·D + β_cooperation·C + openness(strategy)
//! ```
//!
//! where the zone and gap are the interim ones (access and relief, each side asking
//! `issues.interim_scale` of its comprehensive demand) for rungs up to an
//! interim deal and the full one for a comprehensive deal; a deal rung is
//! reached only when its zone overlaps. Which rung comes next and whether its
//! format is permitted is [`crate::formats::climb`]: going public (secret →
//! indirect) needs a stance that does not cover indirect talks, direct talks
//! one that does not cover them; when only indirect talks are permitted (a
//! rejection of direct talks alone) they climb to a framework without ever
//! becoming direct, at `talks.indirect_framework_stages` stages; direct
//! talks and a framework need the negotiator's capital above
//! `blame.min_capital`. Talks collapse with
//! `logit h = logit h₀ + β_hostility·H + β_gap·gap_interim + β_strike·[strike this week]`,
//! and then cannot reopen for `talks.cooldown_weeks`.

use crate::assume::Assumptions;
use crate::blame;
use crate::draws::WeekDraws;
use crate::hazard::{logistic, logit};
use crate::params::{ModelParams, Settings};
use crate::roles::Slot;
use crate::state::{Context, Event, Observer, RunState, Talks};
use redline_bargain::winset::{Interval, normalised_gap, overlap_into};

/// Largest value on an open-ended dimension (kg of stockpile).
const UNBOUNDED: f64 = f64::INFINITY;

/// The sides' win-sets this week and whether they overlap.
pub fn deal_zone(s: &RunState, p: &ModelParams, settings: &Settings, c: &mut Context) {
    let i = &p.issues;
    let pressure = (s.econ_pressure + c.deadline + c.threat) / 3.0;
    let relax = (1.0 - c.firmness) * i.relax_max * pressure.clamp(0.0, 1.0);
    let leader = [
        Interval::new(i.leader_enrichment_floor * (1.0 - relax), 90.0),
        Interval::new(i.leader_stockpile_floor * (1.0 - relax), UNBOUNDED),
        Interval::new(
            0.0,
            i.leader_access_ceiling + (1.0 - i.leader_access_ceiling) * relax,
        ),
        Interval::new(i.leader_relief_floor * (1.0 - relax), 1.0),
    ];
    let give = i.counterpart_relax * s.trust;
    let toward = |own: f64, target: f64| {
        if own < target {
            own + (target - own) * give
        } else {
            own
        }
    };
    let relief_offer = p.strategy.relief_ceiling[settings.strategy.index()] * s.relief_leverage;
    let counterpart = [
        Interval::new(0.0, toward(i.counterpart_enrichment_cap, leader[0].lower)),
        Interval::new(0.0, toward(i.counterpart_stockpile_cap, leader[1].lower)),
        Interval::new(
            i.counterpart_access_floor
                - (i.counterpart_access_floor - leader[2].upper).max(0.0) * give,
            1.0,
        ),
        Interval::new(
            0.0,
            toward(relief_offer, leader[3].lower).min(s.relief_leverage),
        ),
    ];
    let mut zone = [Interval::new(0.0, 0.0); 4];
    c.full_zone = overlap_into(&leader, &counterpart, &mut zone);
    // An interim deal trades a freeze for partial relief (as the JPOA did):
    // the leader asks for `interim_scale` of his relief floor, the
    // counterpart for `interim_scale` of its access floor.
    let interim_leader = [
        leader[2],
        Interval::new(leader[3].lower * i.interim_scale, 1.0),
    ];
    let interim_counterpart = [
        Interval::new(counterpart[2].lower * i.interim_scale, 1.0),
        counterpart[3],
    ];
    c.interim_zone = overlap_into(&interim_leader, &interim_counterpart, &mut zone[2..]);
    c.gap = normalised_gap(&leader, &counterpart, &i.gap_scale);
    c.interim_gap = normalised_gap(&interim_leader, &interim_counterpart, &i.gap_scale[2..]);
}

/// Advances, collapses or concludes talks this week.
#[allow(
    clippy::too_many_arguments,
    reason = "each mechanism takes the week's inputs explicitly"
)]
pub fn step<O: Observer>(
    s: &mut RunState,
    p: &ModelParams,
    settings: &Settings,
    c: &Context,
    d: &WeekDraws,
    struck_this_week: bool,
    assumptions: &Assumptions,
    obs: &mut O,
) {
    let t = &p.talks;
    if s.cooldown_weeks > 0.0 {
        s.cooldown_weeks -= 1.0;
    }
    force_assumed(s, p, assumptions, obs);
    if !s.talks.negotiating() {
        return;
    }

    // Collapse first: a week that breaks talks does not also advance them.
    let hostility = 0.5 * (s.target_hostility() + s.coercer_hostility());
    let collapse_logit = logit(t.collapse_weekly)
        + t.collapse_hostility * hostility
        + t.collapse_gap * c.interim_gap
        + t.collapse_strike * f64::from(u8::from(struck_this_week));
    if d.collapse < logistic(collapse_logit) {
        blame::collapse(s, p, obs);
        s.talks = Talks::None;
        s.cooldown_weeks = t.cooldown_weeks;
        return;
    }

    let Some(climb) = crate::formats::climb(s, p, settings, c) else {
        return;
    };
    let (next, allowed) = (climb.next, climb.allowed);
    // Rungs up to an interim deal are judged against the interim zone, the
    // last rung against the full one.
    let (zone, gap) = if next == Talks::Comprehensive {
        (c.full_zone, c.gap)
    } else {
        (c.interim_zone, c.interim_gap)
    };
    let x = logit(1.0 / (t.weeks_per_stage * climb.stages).max(1.0))
        + t.advance_zone * f64::from(u8::from(zone))
        - t.advance_gap * gap
        + t.advance_leverage * s.relief_leverage
        + t.advance_deadline * c.deadline
        + t.advance_cooperation * c.cooperation
        + p.strategy.openness[settings.strategy.index()];
    let natural = allowed && d.advance < logistic(x);
    let outcome = match next {
        Talks::Indirect => Some(Slot::TalksPublic),
        Talks::Interim => Some(Slot::InterimDeal),
        Talks::Comprehensive => Some(Slot::ComprehensiveDeal),
        _ => None,
    };
    let advance = match outcome {
        Some(o) => assumptions.decide(o, s.week, natural),
        None => natural,
    };
    if advance {
        reach(s, p, next, obs);
    }
}

/// Moves talks to `rung`, recording outcomes and crediting deals.
fn reach<O: Observer>(s: &mut RunState, p: &ModelParams, rung: Talks, obs: &mut O) {
    s.talks = rung;
    crate::formats::enter(s, rung);
    obs.event(s.week, Event::TalksAdvanced(rung));
    if rung >= Talks::Indirect {
        s.record(Slot::TalksPublic);
    }
    if rung == Talks::Interim || rung == Talks::Comprehensive {
        s.record(if rung == Talks::Interim {
            Slot::InterimDeal
        } else {
            Slot::ComprehensiveDeal
        });
        blame::deal(s, p, obs);
    }
}

/// Applies `--assume` for the talks outcomes in their week: the ladder
/// climbs to each forced rung in turn (so a deal forced from below records
/// public talks in the same week, and an interim deal forced with a
/// comprehensive one is recorded before it). Secret talks open in M3; the
/// stance and permission a forced rung needs were given in M1.
fn force_assumed<O: Observer>(
    s: &mut RunState,
    p: &ModelParams,
    assumptions: &Assumptions,
    obs: &mut O,
) {
    for (outcome, rung) in assumptions.forced_rungs(s.week) {
        if rung >= Talks::Indirect && s.talks < rung {
            obs.event(s.week, Event::Assumed(outcome));
            reach(s, p, rung, obs);
        }
    }
}
