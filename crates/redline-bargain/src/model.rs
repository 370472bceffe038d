//! One entry point for every model: [`Model`] and [`run`].

use crate::baseline;
use crate::bdm::{self, BdmOptions};
use crate::scenario::{BargainRun, Scenario};
use crate::smp::{self, SmpOptions};
use redline_core::InputError;

/// A bargaining model with its settings.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Model {
    /// KTAB's Spatial Model of Politics.
    Smp(SmpOptions),
    /// Bueno de Mesquita's expected utility model.
    Bdm(BdmOptions),
    /// Weighted mean (compromise model).
    Mean,
    /// Weighted median.
    Median,
    /// Nash bargaining solution.
    Nash,
}

impl Model {
    /// The names `run` accepts on the command line.
    pub const NAMES: [&'static str; 5] = ["smp", "bdm", "mean", "median", "nash"];
}

/// Runs `model` on `scenario`. Static models record one state (the input).
pub fn run(scenario: &Scenario, model: &Model) -> Result<BargainRun, InputError> {
    let static_run = |name: &str, outcome: Vec<f64>| BargainRun {
        model: name.to_string(),
        dimensions: scenario.dimensions.clone(),
        actors: scenario.actors.iter().map(|a| a.name.clone()).collect(),
        iterations: vec![scenario.positions()],
        outcome,
    };
    Ok(match model {
        Model::Smp(options) => smp::run(scenario, options)?,
        Model::Bdm(options) => bdm::run(scenario, options),
        Model::Mean => static_run("mean", baseline::weighted_mean(scenario)),
        Model::Median => static_run("median", baseline::weighted_median(scenario)),
        Model::Nash => static_run("nash", baseline::nash_solution(scenario)),
    })
}
