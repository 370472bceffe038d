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
//! A week's move is cooperate or defect; its Goldstein level is
//! `strategies.cooperate_level` or `strategies.hostile_level` (M8 adds the
//! in-kind answer to Iranian escalation on top).

/// The counterpart's strategy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Strategy {
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

impl Strategy {
    /// Every strategy, in the order of their parameter arrays.
    pub const ALL: [Strategy; 4] = [
        Strategy::MaxPressure,
        Strategy::TitForTat,
        Strategy::GenerousTitForTat,
        Strategy::Grit,
    ];

    /// The name used on the command line and in scenario values.
    pub fn name(self) -> &'static str {
        match self {
            Strategy::MaxPressure => "max-pressure",
            Strategy::TitForTat => "tit-for-tat",
            Strategy::GenerousTitForTat => "generous-tit-for-tat",
            Strategy::Grit => "grit",
        }
    }

    /// The key of its parameter table (`strategies.<key>.…`).
    pub fn key(self) -> &'static str {
        match self {
            Strategy::MaxPressure => "max_pressure",
            Strategy::TitForTat => "tit_for_tat",
            Strategy::GenerousTitForTat => "generous_tit_for_tat",
            Strategy::Grit => "grit",
        }
    }

    /// The strategy with this name.
    pub fn from_name(name: &str) -> Option<Strategy> {
        Strategy::ALL.into_iter().find(|s| s.name() == name)
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
            Strategy::MaxPressure => Move::Defect,
            Strategy::TitForTat => {
                if week > 0 && iran_defected {
                    Move::Defect
                } else {
                    Move::Cooperate
                }
            }
            Strategy::GenerousTitForTat => {
                if week > 0 && iran_defected && u >= generosity {
                    Move::Defect
                } else {
                    Move::Cooperate
                }
            }
            Strategy::Grit => {
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

#[cfg(test)]
mod tests {
    use super::*;
    use Move::*;

    /// (strategy, week, Iran defected, own last move, draw) → expected move.
    #[test]
    fn strategy_table() {
        let cases = [
            (Strategy::MaxPressure, 0, false, Cooperate, 0.5, Defect),
            (Strategy::TitForTat, 0, true, Cooperate, 0.5, Cooperate),
            (Strategy::TitForTat, 3, true, Cooperate, 0.5, Defect),
            (Strategy::TitForTat, 3, false, Defect, 0.5, Cooperate),
            (
                Strategy::GenerousTitForTat,
                3,
                true,
                Cooperate,
                0.2,
                Cooperate,
            ),
            (Strategy::GenerousTitForTat, 3, true, Cooperate, 0.9, Defect),
            (Strategy::Grit, 5, true, Cooperate, 0.9, Cooperate),
            (Strategy::Grit, 12, true, Cooperate, 0.9, Defect),
            (Strategy::Grit, 13, true, Defect, 0.9, Cooperate),
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
        for s in Strategy::ALL {
            assert_eq!(Strategy::from_name(s.name()), Some(s));
        }
    }
}
