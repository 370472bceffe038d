//! The crisis model of a scenario: its settings, its parameters'
//! distributions, and one run from (seed, run index) to its outcomes.

use crate::assume::Assumptions;
use crate::draws::{Streams, WeekDraws};
use crate::params::{ModelParams, Settings};
use crate::snapback::SnapbackCalendar;
use crate::state::{Observer, RunState};
use crate::step::{WeekCalendar, week};
use crate::strategy::Strategy;
use redline_core::scenario::{ParamSampler, Replay};
use redline_core::{InputError, ParamReader, Scenario};

/// A scenario made ready to run.
#[derive(Clone, Debug)]
pub struct CrisisModel {
    scenario: Scenario,
    settings: Settings,
    sampler: ParamSampler,
    calendar: Vec<WeekCalendar>,
}

impl CrisisModel {
    /// Validates a scenario against the model: every parameter the model
    /// reads must be there, with its metadata, and nothing else may be.
    pub fn new(scenario: Scenario) -> Result<CrisisModel, InputError> {
        let mut reader = ParamReader::new(&scenario);
        let settings = Settings::read(&mut reader)?;
        let _central = ModelParams::read(&mut reader);
        let sampler = reader.finish()?;
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
            settings,
            sampler,
            calendar,
        })
    }

    /// The scenario.
    pub fn scenario(&self) -> &Scenario {
        &self.scenario
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

    /// Run `run`'s parameter values (buffer reused across runs).
    pub fn params_for_run(&self, seed: u64, run: u64, buffer: &mut Vec<f64>) -> ModelParams {
        self.sampler.sample_into(seed, run, buffer);
        ModelParams::read(&mut Replay::new(buffer))
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
