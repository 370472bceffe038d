//! Talk formats: secret, indirect and direct talks, each with its own
//! permission under the leader's red line (M1, M3, M4).
//!
//! A public rejection has a **scope** (`leader.red_line_scope`): what it
//! covers. `"all"` rejects any talks with the coercer (Khamenei, 7 February
//! 2025: negotiating with America is "not smart, wise or honourable");
//! `"direct"` rejects direct talks only, so acknowledged indirect talks can
//! run under it (Vienna, April 2021: Iran refused to meet the US delegation,
//! which sat in another hotel while the EU coordinator carried messages
//! between them). Each format's permission:
//!
//! ```text
//! secret:    permission = allow                                  (M1's private permission)
//! indirect:  stance ≠ reject  or  scope = direct                  (the rejection does not cover it)
//! direct:    stance ≠ reject                                     (every rejection covers it)
//! ```
//!
//! Talks open secretly (M3), so acknowledged talks always follow a private
//! permission. The ladder, rung by rung, with the format each needs:
//!
//! ```text
//! secret → indirect              needs indirect permitted                              (talks_public)
//! indirect → direct              needs direct permitted and capital ≥ blame.min_capital
//! indirect → framework           when direct is not permitted but indirect is, with capital;
//!                                paced as talks.indirect_framework_stages stages
//! direct → framework             needs direct permitted and capital
//! framework → interim / comprehensive   needs the deal zone (M4), in either format
//! ```
//!
//! A framework and the deals after it keep the format of the talks that
//! reached them. When the stance turns to rejection under scope `"direct"`
//! while talks are direct, they go on through the mediator: direct talks fall
//! back to the indirect rung, a framework reached face to face continues in
//! the indirect format ([`Event::TalksFormat`]). Under scope `"all"` a
//! rejection leaves no acknowledged format: talks already public stall on
//! their rung (they can still collapse or, at a framework, conclude), as
//! before formats existed; scope `"all"` is the model as it was.
//!
//! The leader's exposure in M1 — the cost of allowing talks under his own
//! rejection — applies only when the rejection covers the talks his
//! permission lets happen, that is under scope `"all"`; so does the binding
//! of an absolute red line (no permission while rejecting). Under scope
//! `"direct"` an absolute red line still never softens, so direct talks never
//! come, but secret and indirect talks can.
//!
//! The initial state can also say the target was struck recently before the
//! as-of date (`initial.struck_by`, `initial.weeks_since_strike`): the strike
//! enters every covariate a strike in the run enters — threat T, the NPT and
//! weaponization hazards (M6), the other strikers' `other_struck` term (M7) —
//! and, when it fell in the as-of week (`weeks_since_strike` < 1), the
//! collapse hazard of talks in week 0 (M4).

use crate::params::{ModelParams, RedLineScope, Settings, Stance};
use crate::roles::{MAX_STRIKERS, Striker};
use crate::state::{Context, Event, Format, Observer, Permission, RunState, Talks};
use redline_core::ParamReader;

/// True when the leader's public stance rejects talks in `format`: a
/// rejection never covers secret talks, covers indirect ones under scope
/// `"all"`, and always covers direct ones.
pub fn rejection_covers(stance: Stance, scope: RedLineScope, format: Format) -> bool {
    stance == Stance::Reject
        && match format {
            Format::Secret => false,
            Format::Indirect => scope == RedLineScope::All,
            Format::Direct => true,
        }
}

/// True when talks may be held in `format` this week: secret talks need the
/// private permission; acknowledged ones a public stance that does not
/// cover them.
pub fn permits(s: &RunState, settings: &Settings, format: Format) -> bool {
    match format {
        Format::Secret => s.permission == Permission::Allow,
        _ => !rejection_covers(s.stance, settings.red_line_scope, format),
    }
}

/// The next rung of talks under way and whether its format allows climbing
/// to it this week.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Climb {
    /// The rung above.
    pub next: Talks,
    /// The formats, capital and deal zone allow it.
    pub allowed: bool,
    /// How many stages of `talks.weeks_per_stage` the climb stands for.
    pub stages: f64,
}

/// The climb open to talks under way (see the module's ladder), or `None`
/// when there is no rung above.
pub fn climb(s: &RunState, p: &ModelParams, settings: &Settings, c: &Context) -> Option<Climb> {
    let capital = s.negotiator_capital >= p.blame.min_capital;
    let direct = permits(s, settings, Format::Direct);
    let indirect = permits(s, settings, Format::Indirect);
    let step = |next, allowed| Climb {
        next,
        allowed,
        stages: 1.0,
    };
    Some(match s.talks {
        Talks::Secret => step(Talks::Indirect, indirect),
        // Direct talks ruled out: a framework through the mediator.
        Talks::Indirect if indirect && !direct => Climb {
            next: Talks::Framework,
            allowed: capital,
            stages: p.talks.indirect_framework_stages,
        },
        Talks::Indirect => step(Talks::Direct, direct && capital),
        Talks::Direct => step(Talks::Framework, direct && capital),
        Talks::Framework if c.full_zone => step(Talks::Comprehensive, true),
        Talks::Framework => step(Talks::Interim, c.interim_zone),
        // An interim deal can become comprehensive (M4).
        Talks::Interim => step(Talks::Comprehensive, c.full_zone),
        Talks::None | Talks::Comprehensive => return None,
    })
}

/// Sets the format on reaching `rung`: the rung's own, or for a framework or
/// a deal the format of the talks that reached it (indirect when they were
/// still secret, as when `--assume` skips the rungs between).
pub fn enter(s: &mut RunState, rung: Talks) {
    s.format = match Format::of_rung(rung) {
        Some(format) => format,
        None if s.format == Format::Secret => Format::Indirect,
        None => s.format,
    };
}

/// The format of the talks stated on the as-of date (`initial.talks`): the
/// rung's own, or for a framework or a deal the most open format the
/// initial stance permits.
pub fn initial_format(s: &RunState, settings: &Settings) -> Format {
    Format::of_rung(s.talks).unwrap_or(
        if rejection_covers(s.stance, settings.red_line_scope, Format::Direct) {
            Format::Indirect
        } else {
            Format::Direct
        },
    )
}

/// Keeps talks under way in a format the stance permits: once a rejection
/// covers direct talks but not indirect ones, direct talks fall back to the
/// indirect rung and a framework goes on through the mediator. Under a
/// rejection of all talks nothing moves (public talks stall on their rung).
pub fn enforce<O: Observer>(s: &mut RunState, settings: &Settings, obs: &mut O) {
    if !s.talks.negotiating()
        || s.format != Format::Direct
        || permits(s, settings, Format::Direct)
        || !permits(s, settings, Format::Indirect)
    {
        return;
    }
    if s.talks == Talks::Direct {
        s.talks = Talks::Indirect;
    }
    s.format = Format::Indirect;
    obs.event(s.week, Event::TalksFormat(Format::Indirect));
}

/// True in week 0 when the scenario says the target was struck in the
/// as-of week (`initial.struck_by` with `initial.weeks_since_strike` < 1):
/// the strike then enters that week's collapse hazard as a strike in the run does.
pub fn struck_in_as_of_week(s: &RunState, p: &ModelParams, settings: &Settings) -> bool {
    s.week == 0 && settings.initial_struck.contains(&true) && p.initial.weeks_since_strike < 1.0
}

/// Reads `initial.struck_by`: `"none"`, a striker's actor id, or `"all"`
/// (every striker), the strikers that struck the target in the year before
/// the as-of date.
pub fn read_initial_strike(
    reader: &mut ParamReader<'_>,
    strikers: &[Striker],
) -> [bool; MAX_STRIKERS] {
    let mut options = vec!["none", "all"];
    options.extend(strikers.iter().map(|s| s.actor.id.as_str()));
    let word = reader.choice("initial.struck_by", &options);
    let mut struck = [false; MAX_STRIKERS];
    for (i, striker) in strikers.iter().enumerate().take(MAX_STRIKERS) {
        struck[i] = word == "all" || word == striker.actor.id;
    }
    struck
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_a_rejection_covers() {
        use Format::{Direct, Indirect, Secret};
        use RedLineScope as Scope;
        // (stance, scope, [secret, indirect, direct] covered)
        let table = [
            (Stance::Reject, Scope::All, [false, true, true]),
            (Stance::Reject, Scope::Direct, [false, false, true]),
            (Stance::Ambiguous, Scope::All, [false, false, false]),
            (Stance::Ambiguous, Scope::Direct, [false, false, false]),
            (Stance::Endorse, Scope::All, [false, false, false]),
        ];
        for (stance, scope, covered) in table {
            for (format, expected) in [Secret, Indirect, Direct].into_iter().zip(covered) {
                assert_eq!(
                    rejection_covers(stance, scope, format),
                    expected,
                    "{stance:?} {scope:?} {format:?}"
                );
            }
        }
    }

    #[test]
    fn rungs_that_fix_a_format() {
        assert_eq!(Format::of_rung(Talks::Secret), Some(Format::Secret));
        assert_eq!(Format::of_rung(Talks::Indirect), Some(Format::Indirect));
        assert_eq!(Format::of_rung(Talks::Direct), Some(Format::Direct));
        for rung in [
            Talks::None,
            Talks::Framework,
            Talks::Interim,
            Talks::Comprehensive,
        ] {
            assert_eq!(Format::of_rung(rung), None);
        }
    }
}
