//! `--assume OUTCOME@DATE`: force an outcome on a date in every run.
//!
//! Before the date the outcome's own hazard is suppressed (it cannot happen
//! "early"); in the date's week it happens, through the same code path as a
//! natural occurrence, so its consequences follow (a forced strike sets the
//! program back, raises the weaponization hazard and may bring retaliation);
//! after the date the mechanism runs as usual.

use crate::CrisisModel;
use crate::roles::Slot;
use redline_core::{Date, InputError};

/// What an assumption says about an outcome in a given week.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Forcing {
    /// The mechanism runs as usual.
    Natural,
    /// Before the assumed date: the outcome cannot happen.
    Suppressed,
    /// The assumed week: the outcome happens.
    Force,
}

/// The set of `--assume` clauses of a forecast.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Assumptions {
    weeks: [Option<usize>; Slot::COUNT],
    dates: [Option<Date>; Slot::COUNT],
}

impl Assumptions {
    /// No assumptions.
    pub fn none() -> Assumptions {
        Assumptions::default()
    }

    /// Parses `OUTCOME@YYYY-MM-DD` clauses against a model's outcomes and
    /// its scenario's calendar.
    pub fn parse(clauses: &[String], model: &CrisisModel) -> Result<Assumptions, InputError> {
        let scenario = model.scenario();
        let outcomes = model.outcomes();
        let mut assumptions = Assumptions::default();
        for clause in clauses {
            let origin = format!("--assume {clause}");
            let Some((id, date)) = clause.split_once('@') else {
                return Err(InputError::new(origin, "expected OUTCOME@YYYY-MM-DD").at(1, 1));
            };
            let Some((_, outcome)) = outcomes.by_id(id.trim()) else {
                let error =
                    InputError::new(&origin, format!("unknown outcome `{}`", id.trim())).at(1, 1);
                return Err(
                    match redline_core::input_error::did_you_mean(id.trim(), outcomes.ids()) {
                        Some(near) => error.hint(format!("did you mean `{near}`?")),
                        None => error.hint(format!(
                            "expected one of: {}",
                            outcomes.ids().collect::<Vec<_>>().join(", ")
                        )),
                    },
                );
            };
            let column = id.len() + 2;
            let date = Date::parse(date.trim())
                .map_err(|e| InputError::new(&origin, e.0).at(1, column))?;
            let Some(week) = scenario.step_of(date) else {
                return Err(InputError::new(
                    &origin,
                    format!(
                        "{date} is outside the forecast ({} to {})",
                        scenario.as_of,
                        scenario.step_date(scenario.steps())
                    ),
                )
                .at(1, column));
            };
            assumptions.weeks[outcome.index()] = Some(week);
            assumptions.dates[outcome.index()] = Some(date);
        }
        Ok(assumptions)
    }

    /// What the assumptions say about `outcome` in `week`.
    #[inline]
    pub fn forcing(&self, outcome: Slot, week: usize) -> Forcing {
        match self.weeks[outcome.index()] {
            None => Forcing::Natural,
            Some(w) if week < w => Forcing::Suppressed,
            Some(w) if week == w => Forcing::Force,
            Some(_) => Forcing::Natural,
        }
    }

    /// Decides whether an outcome happens this week: `natural` is the
    /// mechanism's own verdict, which assumptions may override.
    #[inline]
    pub fn decide(&self, outcome: Slot, week: usize, natural: bool) -> bool {
        match self.forcing(outcome, week) {
            Forcing::Natural => natural,
            Forcing::Suppressed => false,
            Forcing::Force => true,
        }
    }

    /// The date `outcome` is assumed to happen on, if it is.
    pub fn date(&self, outcome: Slot) -> Option<Date> {
        self.dates[outcome.index()]
    }

    /// True when there are no assumptions.
    pub fn is_empty(&self) -> bool {
        self.weeks.iter().all(Option::is_none)
    }
}
