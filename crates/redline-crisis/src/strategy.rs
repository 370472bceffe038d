//! M9 — the counterpart's strategy: how Washington answers Tehran each week.
//!
//! The founding analysis ends on "a tit-for-tat cycle of de-escalation —
//! reciprocal concessions and confidence-building measures". The strategies
//! here let a user compare that path with maximum pressure on common random
//! numbers:
//!
//! * `max-pressure`: hostile every week (sanctions designations, threats),
//!   whatever Iran does; the relief it will offer is small.
//! * `tit-for-tat`: cooperates first, then repeats Iran's last *perceived*
//!   move (Axelrod 1984, *The Evolution of Cooperation*).
//! * `generous-tit-for-tat`: as tit-for-tat, but forgives a perceived
//!   defection with probability `generosity` (Nowak & Sigmund 1992, *Nature*
//!   355: the value that keeps cooperation stable under noise is
//!   min(1 − (T−R)/(R−S), (R−P)/(T−P)), 1/3 for the usual PD payoffs).
//! * `grit`: Osgood's Graduated Reciprocation in Tension-reduction (1962,
//!   *An Alternative to War or Surrender*): announced unilateral conciliatory
//!   steps kept up for `initiative_weeks` whatever the answer; then
//!   reciprocation, with retaliation limited to one clear, proportionate week
//!   per exploitation before conciliation resumes.
//!
//! **Playbooks.** A strategy is a small state machine, a *playbook*: each
//! state plays one of the behaviours above, may make an offer — a rung of
//! talks (`until`, public talks by default) to be reached by a deadline
//! (`deadline_weeks`) — and moves to another state on an event:
//!
//! * `deal`: a deal is reached;
//! * `collapse`: talks collapse or a deal breaks down;
//! * `rejected`: the target rejects the offer (its leader hardens his public
//!   stance to rejection or withdraws his private leave for talks while the
//!   offer stands);
//! * `ally_strike`: an ally strikes the target;
//! * `deadline`: the offer's deadline lapses with talks below its rung;
//! * `talks`: talks reach the offer's rung.
//!
//! Events are gathered over the week and the playbook moves at its end (the
//! first event in the order above that has a transition), so the new state
//! plays from the next week. A lapsed deadline starts the memory of a lapsed
//! ultimatum and a rejected offer the memory of failed diplomacy, both
//! covariates of every strike decision (M7): a compellent threat whose
//! deadline passes engages the coercer's credibility (Schelling 1966, *Arms
//! and Influence*, ch. 2). The four behaviours are one-state playbooks; the
//! ultimatum family is George's (1991, *Forceful Persuasion*): `ultimatum`,
//! his full-blown ultimatum — an offer played as tit-for-tat with a deadline
//! of `strategies.ultimatum.deadline_weeks` for public talks, maximum
//! pressure once it lapses, is rejected, or talks collapse, and tit-for-tat
//! once talks go public (until they collapse); `try-and-see`, the same offer
//! without a deadline. A scenario defines its own in `[playbooks.<name>]`:
//!
//! ```toml
//! [playbooks.compellence]
//! description = "an offer with a deadline, then pressure"
//! start = "offer"
//! [playbooks.compellence.states.offer]
//! play = "grit"
//! deadline_weeks = 8
//! until = "indirect"
//! on_deadline = "pressure"
//! on_rejected = "pressure"
//! [playbooks.compellence.states.pressure]
//! play = "max-pressure"
//! ```
//!
//! A week's move is cooperate or defect; its Goldstein level is
//! `strategies.cooperate_level` or `strategies.hostile_level` (M8 adds the
//! in-kind answer to Iranian escalation on top).

use crate::params::ModelParams;
use crate::state::{Event, Observer, RunState, Talks};
use redline_core::scenario::PlaybookDecl;
use redline_core::{InputError, Scenario};
use std::sync::Arc;

/// A way of playing a week: the named strategies' behaviours, and what a
/// playbook's state plays.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Play {
    /// Hostile every week.
    MaxPressure,
    /// Cooperate first, then mirror.
    TitForTat,
    /// Mirror, but forgive with some probability.
    GenerousTitForTat,
    /// Unilateral initiative, then limited reciprocation.
    Grit,
}

/// A week's move.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Move {
    /// Conciliatory steps.
    Cooperate,
    /// Hostile steps.
    Defect,
}

impl Play {
    /// Every play, in the order of their parameter arrays.
    pub const ALL: [Play; 4] = [
        Play::MaxPressure,
        Play::TitForTat,
        Play::GenerousTitForTat,
        Play::Grit,
    ];

    /// The name used on the command line and in scenario values.
    pub fn name(self) -> &'static str {
        match self {
            Play::MaxPressure => "max-pressure",
            Play::TitForTat => "tit-for-tat",
            Play::GenerousTitForTat => "generous-tit-for-tat",
            Play::Grit => "grit",
        }
    }

    /// The key of its parameter table (`strategies.<key>.…`).
    pub fn key(self) -> &'static str {
        match self {
            Play::MaxPressure => "max_pressure",
            Play::TitForTat => "tit_for_tat",
            Play::GenerousTitForTat => "generous_tit_for_tat",
            Play::Grit => "grit",
        }
    }

    /// The play with this name.
    pub fn from_name(name: &str) -> Option<Play> {
        Play::ALL.into_iter().find(|s| s.name() == name)
    }

    /// Index into per-strategy parameter arrays.
    pub fn index(self) -> usize {
        self as usize
    }

    /// This week's move, given what the counterpart perceived of Iran's last
    /// week, its own last move, the week number, and one uniform draw `u`
    /// (always consumed, so that strategies compare on common random numbers).
    pub fn choose(
        self,
        week: usize,
        iran_defected: bool,
        own_last: Move,
        generosity: f64,
        initiative_weeks: f64,
        u: f64,
    ) -> Move {
        match self {
            Play::MaxPressure => Move::Defect,
            Play::TitForTat => {
                if week > 0 && iran_defected {
                    Move::Defect
                } else {
                    Move::Cooperate
                }
            }
            Play::GenerousTitForTat => {
                if week > 0 && iran_defected && u >= generosity {
                    Move::Defect
                } else {
                    Move::Cooperate
                }
            }
            Play::Grit => {
                if (week as f64) < initiative_weeks {
                    Move::Cooperate
                } else if iran_defected && own_last == Move::Cooperate {
                    Move::Defect
                } else {
                    Move::Cooperate
                }
            }
        }
    }
}

/// What moves a playbook from one state to another (`on_<event>`), in the
/// order the week's events are looked at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cause {
    /// A deal is reached.
    Deal,
    /// Talks collapse or a deal breaks down.
    Collapse,
    /// The target rejects the offer.
    Rejected,
    /// An ally strikes the target.
    AllyStrike,
    /// The offer's deadline lapses.
    Deadline,
    /// Talks reach the offer's rung.
    Talks,
}

impl Cause {
    /// Every cause, in priority order.
    pub const ALL: [Cause; 6] = [
        Cause::Deal,
        Cause::Collapse,
        Cause::Rejected,
        Cause::AllyStrike,
        Cause::Deadline,
        Cause::Talks,
    ];

    /// The event's name in `on_<event>`.
    pub fn key(self) -> &'static str {
        match self {
            Cause::Deal => "deal",
            Cause::Collapse => "collapse",
            Cause::Rejected => "rejected",
            Cause::AllyStrike => "ally_strike",
            Cause::Deadline => "deadline",
            Cause::Talks => "talks",
        }
    }

    /// Its bit in a week's set of events.
    pub fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

/// How long an offer stands.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Deadline {
    /// No deadline.
    None,
    /// A number of weeks from entering the state.
    Weeks(f64),
    /// `strategies.ultimatum.deadline_weeks`, drawn per run.
    Ultimatum,
}

/// An offer: a rung of talks the target is to reach, perhaps by a deadline.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Offer {
    /// The rung talks must reach.
    pub until: Talks,
    /// By when.
    pub deadline: Deadline,
}

/// One state of a playbook.
#[derive(Clone, Debug, PartialEq)]
pub struct State {
    /// Its name.
    pub name: String,
    /// What it plays each week.
    pub play: Play,
    /// The offer it makes on entry, if any.
    pub offer: Option<Offer>,
    /// The state each cause moves to, by [`Cause`] index.
    pub on: [Option<u8>; Cause::ALL.len()],
}

/// The coercer's strategy: a playbook of states, the first the start.
#[derive(Clone, Debug, PartialEq)]
pub struct Strategy {
    name: Arc<str>,
    states: Arc<[State]>,
}

/// The most states a playbook may have.
pub const MAX_STATES: usize = 16;

impl Strategy {
    /// The one-state playbook that plays `play` every week.
    pub fn of(play: Play) -> Strategy {
        Strategy {
            name: play.name().into(),
            states: Arc::new([State {
                name: play.name().to_string(),
                play,
                offer: None,
                on: [None; Cause::ALL.len()],
            }]),
        }
    }

    /// Maximum pressure, every week.
    pub fn max_pressure() -> Strategy {
        Strategy::of(Play::MaxPressure)
    }

    /// The named strategies every scenario has: the four behaviours and the
    /// ultimatum family.
    pub fn named() -> Vec<Strategy> {
        let mut all: Vec<Strategy> = Play::ALL.into_iter().map(Strategy::of).collect();
        all.push(Strategy::ultimatum("ultimatum", Deadline::Ultimatum));
        all.push(Strategy::ultimatum("try-and-see", Deadline::None));
        all
    }

    /// George's ultimatum family: an offer of public talks played as
    /// tit-for-tat; maximum pressure once it lapses, is rejected, or talks
    /// collapse; tit-for-tat once talks go public, until they collapse.
    fn ultimatum(name: &str, deadline: Deadline) -> Strategy {
        let on = |pairs: &[(Cause, u8)]| {
            let mut on = [None; Cause::ALL.len()];
            for &(cause, to) in pairs {
                on[cause as usize] = Some(to);
            }
            on
        };
        Strategy {
            name: name.into(),
            states: Arc::new([
                State {
                    name: "offer".into(),
                    play: Play::TitForTat,
                    offer: Some(Offer {
                        until: Talks::Indirect,
                        deadline,
                    }),
                    on: on(&[
                        (Cause::Collapse, 1),
                        (Cause::Rejected, 1),
                        (Cause::Deadline, 1),
                        (Cause::Talks, 2),
                        (Cause::Deal, 2),
                    ]),
                },
                State {
                    name: "pressure".into(),
                    play: Play::MaxPressure,
                    offer: None,
                    on: on(&[]),
                },
                State {
                    name: "engaged".into(),
                    play: Play::TitForTat,
                    offer: None,
                    on: on(&[(Cause::Collapse, 1)]),
                },
            ]),
        }
    }

    /// The name the counterpart's strategy and `--compare` use.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Its states, the start first.
    pub fn states(&self) -> &[State] {
        &self.states
    }

    /// State `i` (the start if out of range).
    pub fn state(&self, i: u8) -> &State {
        self.states.get(usize::from(i)).unwrap_or(&self.states[0])
    }

    /// The strategy a scenario defines in `[playbooks.<id>]`, checked: the
    /// plays, rungs, events and states it names exist.
    pub fn from_decl(scenario: &Scenario, decl: &PlaybookDecl) -> Result<Strategy, InputError> {
        let path = format!("playbooks.{}", decl.id);
        if Strategy::named().iter().any(|s| s.name() == decl.id) {
            return Err(scenario.error_at(
                decl.loc,
                &path,
                format!(
                    "`{}` is a named strategy: give the playbook a name of its own",
                    decl.id
                ),
            ));
        }
        if decl.states.is_empty() || decl.states.len() > MAX_STATES {
            return Err(scenario.error_at(
                decl.loc,
                &format!("{path}.states"),
                format!(
                    "a playbook has 1 to {MAX_STATES} states, not {}",
                    decl.states.len()
                ),
            ));
        }
        // The start first, then the others in file order.
        let Some(start) = decl.states.iter().position(|s| s.id == decl.start.0) else {
            let error = scenario.error_at(
                decl.start.1,
                &format!("{path}.start"),
                format!("no state `{}`", decl.start.0),
            );
            let ids = decl.states.iter().map(|s| s.id.as_str());
            return Err(
                match redline_core::input_error::did_you_mean(&decl.start.0, ids) {
                    Some(near) => error.hint(format!("did you mean `{near}`?")),
                    None => error,
                },
            );
        };
        let mut order: Vec<usize> = vec![start];
        order.extend((0..decl.states.len()).filter(|&i| i != start));
        let index_of = |id: &str| {
            order
                .iter()
                .position(|&i| decl.states[i].id == id)
                .and_then(|i| u8::try_from(i).ok())
        };
        let mut states = Vec::with_capacity(order.len());
        for &i in &order {
            let d = &decl.states[i];
            let state_path = format!("{path}.states.{}", d.id);
            let play = Play::from_name(&d.play.0).ok_or_else(|| {
                let names: Vec<&str> = Play::ALL.iter().map(|p| p.name()).collect();
                let error = scenario.error_at(
                    d.play.1,
                    &format!("{state_path}.play"),
                    format!("unknown play `{}`", d.play.0),
                );
                match redline_core::input_error::did_you_mean(&d.play.0, names.iter().copied()) {
                    Some(near) => error.hint(format!("did you mean `{near}`?")),
                    None => error.hint(format!("expected one of: {}", names.join(", "))),
                }
            })?;
            let until = match &d.until {
                None => None,
                Some((name, loc)) => Some(
                    Talks::ALL
                        .into_iter()
                        .find(|t| t.key() == name && *t >= Talks::Secret)
                        .ok_or_else(|| {
                            let names: Vec<&str> =
                                Talks::ALL[1..].iter().map(|t| t.key()).collect();
                            scenario
                                .error_at(
                                    *loc,
                                    &format!("{state_path}.until"),
                                    format!("unknown rung `{name}`"),
                                )
                                .hint(format!("expected one of: {}", names.join(", ")))
                        })?,
                ),
            };
            let offer = match (d.deadline_weeks, until) {
                (None, None) => None,
                (deadline, until) => Some(Offer {
                    until: until.unwrap_or(Talks::Indirect),
                    deadline: deadline.map_or(Deadline::None, |(w, _)| Deadline::Weeks(w)),
                }),
            };
            let mut on = [None; Cause::ALL.len()];
            for (event, target, loc) in &d.on {
                let key = format!("{state_path}.on_{event}");
                let Some(cause) = Cause::ALL.into_iter().find(|c| c.key() == event) else {
                    let keys = Cause::ALL.map(Cause::key);
                    let error = scenario.error_at(*loc, &key, format!("unknown event `{event}`"));
                    return Err(match redline_core::input_error::did_you_mean(event, keys) {
                        Some(near) => error.hint(format!("did you mean `on_{near}`?")),
                        None => error.hint(format!("expected one of: {}", keys.join(", "))),
                    });
                };
                if offer.is_none()
                    && matches!(cause, Cause::Deadline | Cause::Talks | Cause::Rejected)
                {
                    return Err(scenario
                        .error_at(*loc, &key, format!("`on_{event}` needs an offer in its state"))
                        .hint("give the state `until` (a rung of talks) and, for a deadline, `deadline_weeks`"));
                }
                if cause == Cause::Deadline && offer.is_some_and(|o| o.deadline == Deadline::None) {
                    return Err(scenario.error_at(
                        *loc,
                        &key,
                        "`on_deadline` needs `deadline_weeks` in its state",
                    ));
                }
                let Some(to) = index_of(target) else {
                    let ids = decl.states.iter().map(|s| s.id.as_str());
                    let error = scenario.error_at(*loc, &key, format!("no state `{target}`"));
                    return Err(match redline_core::input_error::did_you_mean(target, ids) {
                        Some(near) => error.hint(format!("did you mean `{near}`?")),
                        None => error,
                    });
                };
                on[cause as usize] = Some(to);
            }
            states.push(State {
                name: d.id.clone(),
                play,
                offer,
                on,
            });
        }
        Ok(Strategy {
            name: decl.id.as_str().into(),
            states: states.into(),
        })
    }
}

/// Moves the counterpart's playbook at the end of a week on the week's
/// events (`rejected`: the target's leader hardened his stance to
/// rejection or withdrew his leave for talks this week). A lapsed deadline
/// starts the memory of a lapsed ultimatum, a rejected offer the memory of
/// failed diplomacy (M7), whether or not the state moves on them.
pub fn step<O: Observer>(
    s: &mut RunState,
    p: &ModelParams,
    strategy: &Strategy,
    rejected: bool,
    obs: &mut O,
) {
    let mut events = std::mem::take(&mut s.plan_events);
    let state = strategy.state(s.plan_state);
    if let Some(offer) = state.offer {
        if rejected {
            events |= Cause::Rejected.bit();
            s.failed_diplomacy = 1.0;
        }
        if s.talks >= offer.until {
            events |= Cause::Talks.bit();
        }
        let deadline = match offer.deadline {
            Deadline::None => None,
            Deadline::Weeks(w) => Some(w),
            Deadline::Ultimatum => Some(p.strategy.ultimatum_deadline_weeks),
        };
        let elapsed = s.week + 1 - usize::from(s.plan_entered).min(s.week);
        if let Some(weeks) = deadline
            && s.talks < offer.until
            && elapsed == weeks.ceil().max(1.0) as usize
        {
            events |= Cause::Deadline.bit();
            s.lapsed_deadline = 1.0;
            obs.event(s.week, Event::DeadlineLapsed);
        }
    }
    for cause in Cause::ALL {
        if events & cause.bit() != 0
            && let Some(to) = state.on[cause as usize]
        {
            s.plan_state = to;
            s.plan_entered = u16::try_from(s.week + 1).unwrap_or(u16::MAX);
            s.play = strategy.state(to).play;
            obs.event(s.week, Event::Playbook { state: to, cause });
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Move::*;

    /// (strategy, week, Iran defected, own last move, draw) → expected move.
    #[test]
    fn strategy_table() {
        let cases = [
            (Play::MaxPressure, 0, false, Cooperate, 0.5, Defect),
            (Play::TitForTat, 0, true, Cooperate, 0.5, Cooperate),
            (Play::TitForTat, 3, true, Cooperate, 0.5, Defect),
            (Play::TitForTat, 3, false, Defect, 0.5, Cooperate),
            (Play::GenerousTitForTat, 3, true, Cooperate, 0.2, Cooperate),
            (Play::GenerousTitForTat, 3, true, Cooperate, 0.9, Defect),
            (Play::Grit, 5, true, Cooperate, 0.9, Cooperate),
            (Play::Grit, 12, true, Cooperate, 0.9, Defect),
            (Play::Grit, 13, true, Defect, 0.9, Cooperate),
        ];
        for (strategy, week, defected, last, u, want) in cases {
            assert_eq!(
                strategy.choose(week, defected, last, 1.0 / 3.0, 8.0, u),
                want,
                "{strategy:?} week {week}"
            );
        }
    }

    #[test]
    fn names_round_trip() {
        for s in Play::ALL {
            assert_eq!(Play::from_name(s.name()), Some(s));
        }
    }
}
