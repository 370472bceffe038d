//! The crisis model of a scenario: its settings, its parameters'
//! distributions, and one run from (seed, run index) to its outcomes.

use crate::assume::Assumptions;
use crate::draws::{Streams, WeekDraws};
use crate::params::{ModelParams, Settings};
use crate::roles::{Outcomes, Roles};
use crate::snapback::SnapbackCalendar;
use crate::state::{Observer, RunState};
use crate::step::{WeekCalendar, week};
use crate::strategy::Strategy;
use redline_core::parameters::Choice;
use redline_core::scenario::{ParamSampler, Replay};
use redline_core::{InputError, ParamReader, Scenario};

/// A scenario made ready to run.
#[derive(Clone, Debug)]
pub struct CrisisModel {
    scenario: Scenario,
    roles: Roles,
    outcomes: Outcomes,
    settings: Settings,
    sampler: ParamSampler,
    calendar: Vec<WeekCalendar>,
    runs_per_draw: u64,
    choices: Vec<Choice>,
}

impl CrisisModel {
    /// Validates a scenario against the model: its actors must fill the
    /// roles, every parameter the model reads must be there, with its
    /// metadata, and nothing else may be.
    pub fn new(scenario: Scenario) -> Result<CrisisModel, InputError> {
        let roles = Roles::read(&scenario)?;
        let mut reader = ParamReader::new(&scenario);
        let mut settings = Settings::read(&mut reader)?;
        settings.has_mediator = !roles.mediators.is_empty();
        settings.strikers = roles.strikers.len();
        settings.initial_struck = crate::formats::read_initial_strike(&mut reader, &roles.strikers);
        let _central = ModelParams::read(&mut reader, &roles.strikers);
        let choices = reader.choices().to_vec();
        let sampler = reader.finish()?;
        let outcomes = Outcomes::read(&scenario, &roles, &settings)?;
        let steps = scenario.steps();
        let mut calendar = vec![
            WeekCalendar {
                board_meeting: false,
                scripted_stance: None
            };
            steps
        ];
        for &w in &settings.board_weeks {
            calendar[w].board_meeting = true;
        }
        for &(w, stance) in &settings.scripted_stances {
            calendar[w].scripted_stance = Some(stance);
        }
        Ok(CrisisModel {
            scenario,
            roles,
            outcomes,
            settings,
            sampler,
            calendar,
            runs_per_draw: crate::ensemble::DEFAULT_RUNS_PER_DRAW,
            choices,
        })
    }

    /// The parameters that take a word, with the words the model accepts
    /// (and, for some, a number instead), in the order the model reads them.
    pub fn choices(&self) -> &[Choice] {
        &self.choices
    }

    /// The scenario.
    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    /// What in the scenario is valid but probably not what its author meant:
    /// calendar entries after the forecast's end, declared actors the model
    /// does not use, and mechanisms switched on without the roles they need.
    /// Each is located where it was written.
    pub fn warnings(&self) -> Vec<InputError> {
        let scenario = &self.scenario;
        let roles = &self.roles;
        let mut warnings = Vec::new();
        let end = scenario.forecast_end();
        for entry in &scenario.calendar {
            if entry.date >= end {
                warnings.push(scenario.error_at(
                    entry.loc,
                    "calendar",
                    format!(
                        "{} ({}) is after the forecast ends on {end}: it has no effect",
                        entry.date, entry.event
                    ),
                ));
            }
        }
        let mediator = scenario
            .parameter("talks.mediator_available")
            .and_then(|p| match &p.value {
                redline_core::scenario::ParamValue::Number(d) => Some(d.support().1),
                _ => None,
            })
            .unwrap_or(0.0);
        let snapback = self.settings.snapback_enabled;
        for actor in roles.guarantors.iter().filter(|_| !snapback) {
            warnings.push(scenario.error_at(
                actor.loc,
                &format!("actors.{}", actor.id),
                format!(
                    "the guarantor {} is not used: the sanctions route is switched off (snapback.enabled = false)",
                    actor.name
                ),
            ));
        }
        for actor in roles.mediators.iter().filter(|_| mediator <= 0.0) {
            warnings.push(scenario.error_at(
                actor.loc,
                &format!("actors.{}", actor.id),
                format!(
                    "the mediator {} is not used: talks.mediator_available is 0",
                    actor.name
                ),
            ));
        }
        if snapback && roles.guarantors.is_empty() {
            let loc = scenario.parameter("snapback.enabled").map(|p| p.loc);
            let message = "the sanctions route is switched on (snapback.enabled) but no actor has the role `guarantor` to hold it";
            warnings.push(match loc {
                Some(loc) => scenario.error_at(loc, "snapback.enabled", message),
                None => scenario.error("snapback.enabled", message),
            });
        }
        if mediator > 0.0 && roles.mediators.is_empty() {
            let loc = scenario
                .parameter("talks.mediator_available")
                .map(|p| p.loc);
            let message = "talks.mediator_available is above 0 but no actor has the role `mediator`: the back channel gets no mediator's bonus";
            warnings.push(match loc {
                Some(loc) => scenario.error_at(loc, "talks.mediator_available", message),
                None => scenario.error("talks.mediator_available", message),
            });
        }
        for decl in &scenario.outcomes {
            let lacking = match decl.kind {
                redline_core::outcome::Kind::SanctionsTriggered
                | redline_core::outcome::Kind::SanctionsReimposed
                    if roles.guarantors.is_empty() || !snapback =>
                {
                    Some("the sanctions route has no guarantor or is switched off")
                }
                _ => None,
            };
            if let Some(why) = lacking {
                warnings.push(scenario.error_at(
                    decl.loc,
                    &format!("outcomes.{}", decl.id),
                    format!("`{}` cannot happen in this scenario: {why}", decl.id),
                ));
            }
        }
        warnings
    }

    /// The actors in their roles.
    pub fn roles(&self) -> &Roles {
        &self.roles
    }

    /// The outcomes the model forecasts, in display order.
    pub fn outcomes(&self) -> &Outcomes {
        &self.outcomes
    }

    /// The fixed settings.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The numeric parameters' distributions, in read order.
    pub fn sampler(&self) -> &ParamSampler {
        &self.sampler
    }

    /// Weeks forecast.
    pub fn steps(&self) -> usize {
        self.calendar.len()
    }

    /// The same model under another counterpart strategy.
    pub fn with_strategy(&self, strategy: Strategy) -> CrisisModel {
        let mut model = self.clone();
        model.settings.strategy = strategy;
        model
    }

    /// Every strategy the counterpart can play in this scenario: the named
    /// ones, then the scenario's playbooks.
    pub fn strategies(&self) -> Vec<Strategy> {
        let mut all = Strategy::named();
        all.extend(self.settings.playbooks.iter().cloned());
        all
    }

    /// The strategy named `name` (a named one or the scenario's playbook).
    pub fn strategy(&self, name: &str) -> Option<Strategy> {
        self.strategies().into_iter().find(|s| s.name() == name)
    }

    /// The strategy named `name`, or the error a user sees (`--compare`, or
    /// the explorer's `compare`): the names there are, and the nearest.
    pub fn strategy_named(&self, name: &str) -> Result<Strategy, InputError> {
        let name = name.trim();
        let all = self.strategies();
        if let Some(found) = all.iter().find(|s| s.name() == name) {
            return Ok(found.clone());
        }
        let names: Vec<&str> = all.iter().map(Strategy::name).collect();
        let error = InputError::new(
            "--compare",
            format!(
                "unknown strategy `{name}`; expected one of: {}",
                names.join(", ")
            ),
        );
        Err(
            match redline_core::input_error::did_you_mean(name, names.iter().copied()) {
                Some(near) => error.hint(format!("did you mean `{near}`?")),
                None => error,
            },
        )
    }

    /// The outcome with id `id`, or the error a user sees (`origin`: the flag
    /// or key that named it), with the nearest id or the list of them.
    pub fn outcome_named(
        &self,
        origin: &str,
        id: &str,
    ) -> Result<redline_core::Outcome, InputError> {
        let id = id.trim();
        if let Some((outcome, _)) = self.outcomes.by_id(id) {
            return Ok(outcome.clone());
        }
        let error = InputError::new(origin, format!("unknown outcome `{id}`"));
        Err(
            match redline_core::input_error::did_you_mean(id, self.outcomes.ids()) {
                Some(near) => error.hint(format!("did you mean `{near}`?")),
                None => error.hint(format!(
                    "expected one of: {}",
                    self.outcomes.ids().collect::<Vec<_>>().join(", ")
                )),
            },
        )
    }

    /// How many consecutive runs share one parameter draw (m): run r plays
    /// draw r / m ([`crate::ensemble::DEFAULT_RUNS_PER_DRAW`] unless set).
    pub fn runs_per_draw(&self) -> u64 {
        self.runs_per_draw
    }

    /// The same model with `m` runs per parameter draw (at least 1; 1 gives
    /// every run its own draw, as before draws were shared).
    pub fn with_runs_per_draw(&self, m: u64) -> CrisisModel {
        let mut model = self.clone();
        model.runs_per_draw = m.max(1);
        model
    }

    /// The parameter draw run `run` plays: `run / runs_per_draw`.
    pub fn draw_of(&self, run: u64) -> u64 {
        run / self.runs_per_draw
    }

    /// Run `run`'s parameter values (buffer reused across runs): those of
    /// its draw, [`CrisisModel::draw_of`]. A run still depends only on
    /// (seed, run index), given the model's runs per draw.
    pub fn params_for_run(&self, seed: u64, run: u64, buffer: &mut Vec<f64>) -> ModelParams {
        self.sampler.sample_into(seed, self.draw_of(run), buffer);
        ModelParams::read(&mut Replay::new(buffer), &self.roles.strikers)
    }

    /// Plays run `run` to the horizon and returns its final state (with the
    /// week each outcome first happened).
    pub fn run<O: Observer>(
        &self,
        seed: u64,
        run: u64,
        assumptions: &Assumptions,
        buffer: &mut Vec<f64>,
        observer: &mut O,
    ) -> RunState {
        let params = self.params_for_run(seed, run, buffer);
        self.run_with(&params, seed, run, assumptions, observer)
    }

    /// Plays run `run` with given parameter values.
    pub fn run_with<O: Observer>(
        &self,
        params: &ModelParams,
        seed: u64,
        run: u64,
        assumptions: &Assumptions,
        observer: &mut O,
    ) -> RunState {
        let mut streams = Streams::new(seed, run);
        let mut state = RunState::initial(params, &self.settings, streams.initial_permission());
        let snapback_calendar =
            SnapbackCalendar::new(&self.scenario, &self.settings, params.snapback.clock_days);
        let mut draws = WeekDraws::default();
        for &calendar in &self.calendar {
            streams.next_week(&mut draws);
            week(
                &mut state,
                params,
                &self.settings,
                &snapback_calendar,
                calendar,
                &draws,
                assumptions,
                observer,
            );
        }
        state
    }
}
