//! M1 — red lines whose strictness depends on context.
//!
//! "Khamenei's red lines are not always absolute. Their strictness depends on
//! the political context, strategic considerations, and his own desire to
//! maintain plausible deniability" (the founding analysis, 7 February 2025).
//!
//! The leader has two separate, persistent states: a **public stance**
//! (reject / ambiguous / endorse) and a **private permission** (block /
//! allow). Each week they move with logistic hazards in the context:
//!
//! ```text
//! block→allow:  logit h = logit h₀ + β_econ·E + β_deadline·D + β_threat·T + β_standing·(S − ½)
//!                          − R·(β_exposure·(1 − deniability) + β_firmness·f)
//! allow→block:  logit h = logit h₀ + β_hostility·H_us
//! reject→ambiguous: logit h = logit h₀ + β_talks·[talks under way] + β_econ·E + β_deadline·D − β_firmness·f
//! ambiguous→endorse: logit h = logit h₀ (only once a framework is agreed)
//! ambiguous/endorse→reject: logit h = logit h₀ + β_hostility·H_us
//! ```
//!
//! (weekly hazards, their base rates given per year: `crate::hazard`). E is economic
//! pressure, D deadline proximity, T threat of attack, S the leader's
//! standing, H_us the counterpart's hostility, f the red line's firmness,
//! R = [stance = reject and the rejection covers indirect talks] (scope `"all"`).
//! An **absolute** red line (f = 1) binds: while the public stance is
//! rejection the stance does not soften and, if the rejection covers all
//! talks, the permission is block.
//!
//! What a rejection covers is its scope (`leader.red_line_scope`, see
//! [`crate::formats`]): under scope `"direct"` it rejects direct talks only,
//! so allowing secret or indirect talks does not contradict it — the
//! exposure and firmness costs of allowing talks apply only when it covers
//! indirect talks too (scope `"all"`), and so does an absolute red line's
//! block.
//! The red line's other face, the bounds on the issue dimensions, is in
//! [`crate::negotiation`].

use crate::assume::Assumptions;
use crate::draws::WeekDraws;
use crate::formats::rejection_covers;
use crate::hazard::{happens, logistic};
use crate::params::{ModelParams, Settings, Stance};
use crate::state::{Context, Event, Format, Observer, Permission, RunState, Talks};

/// Moves the public stance and the private permission for one week.
pub fn step<O: Observer>(
    s: &mut RunState,
    p: &ModelParams,
    settings: &Settings,
    c: &Context,
    d: &WeekDraws,
    assumptions: &Assumptions,
    obs: &mut O,
) {
    let r = &p.red_lines;
    let absolute = c.firmness >= 1.0;
    // Allowing talks contradicts the rejection only where it covers the
    // indirect talks the permission can lead to (scope "all").
    let rejecting = rejection_covers(s.stance, settings.red_line_scope, Format::Indirect);

    // Public stance.
    let new_stance = match s.stance {
        Stance::Reject if !absolute => {
            let talks_under_way = f64::from(u8::from(s.talks.negotiating()));
            let x = r.soften_base.logit
                + r.soften_talks * talks_under_way
                + r.soften_econ * s.econ_pressure
                + r.soften_deadline * c.deadline
                - r.soften_firmness * c.firmness;
            happens(d.stance, x).then_some(Stance::Ambiguous)
        }
        Stance::Reject => None,
        Stance::Ambiguous | Stance::Endorse => {
            let harden = logistic(r.harden_base.logit + r.harden_hostility * s.coercer_hostility());
            if d.stance < harden {
                Some(Stance::Reject)
            } else if s.stance == Stance::Ambiguous
                && s.talks >= Talks::Framework
                && d.stance < harden + logistic(r.endorse_base.logit)
            {
                Some(Stance::Endorse)
            } else {
                None
            }
        }
    };
    // An assumed rung of the talks ladder this week (`--assume`) needs the
    // leader's leave: his private permission, and, for talks that go public
    // (public talks or a deal reached from below them), a public stance other
    // than rejection (M4 refuses public rungs under it). The stance softens
    // here, in M1, so the week's record shows why the talks could go public.
    let forced = assumptions
        .highest_forced_rung(s.week)
        .filter(|&rung| rung > s.talks);
    let new_stance = match (forced, new_stance.unwrap_or(s.stance)) {
        // Only where the rejection covers the indirect talks that go public.
        (Some(rung), Stance::Reject)
            if rung >= Talks::Indirect
                && s.talks < Talks::Indirect
                && rejection_covers(Stance::Reject, settings.red_line_scope, Format::Indirect) =>
        {
            Some(Stance::Ambiguous)
        }
        _ => new_stance,
    };
    if let Some(stance) = new_stance
        && stance != s.stance
    {
        s.stance = stance;
        obs.event(s.week, Event::Stance(stance));
    }

    // Private permission (public talks need, besides, a stance that does not
    // cover their format: `formats`); an assumed rung implies the leader
    // allowed the talks. An absolute red line binds where it covers all talks.
    let binds = absolute && rejection_covers(s.stance, settings.red_line_scope, Format::Indirect);
    let new_permission = match s.permission {
        _ if forced.is_some() => Permission::Allow,
        Permission::Allow if binds => Permission::Block,
        Permission::Allow => {
            let x = r.revoke_base.logit
                + r.revoke_hostility * s.coercer_hostility()
                + r.revoke_war * f64::from(u8::from(s.at_war));
            if happens(d.permission, x) {
                Permission::Block
            } else {
                Permission::Allow
            }
        }
        Permission::Block if binds => Permission::Block,
        Permission::Block => {
            let exposure = if rejecting {
                r.allow_exposure * (1.0 - r.deniability) + r.allow_firmness * c.firmness
            } else {
                0.0
            };
            let x = r.allow_base.logit
                + r.allow_econ * s.econ_pressure
                + r.allow_deadline * c.deadline
                + r.allow_threat * c.threat
                + r.allow_standing * (s.leader_standing - 0.5)
                - exposure;
            if happens(d.permission, x) {
                Permission::Allow
            } else {
                Permission::Block
            }
        }
    };
    if new_permission != s.permission {
        s.permission = new_permission;
        obs.event(s.week, Event::Permission(new_permission));
    }
}
