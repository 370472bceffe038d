//! One entry point for every model: [`Model`] and [`run`].

use crate::baseline;
use crate::bdm::{self, BdmOptions};
use crate::problem::{BargainRun, BargainingProblem};
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

/// Runs `model` on `problem`. Static models record one state (the input).
pub fn run(problem: &BargainingProblem, model: &Model) -> Result<BargainRun, InputError> {
    let static_run = |name: &str, outcome: Vec<f64>| BargainRun {
        model: name.to_string(),
        dimensions: problem.dimensions.clone(),
        actors: problem.actors.iter().map(|a| a.name.clone()).collect(),
        iterations: vec![problem.positions()],
        outcome,
    };
    Ok(match model {
        Model::Smp(options) => smp::run(problem, options)?,
        Model::Bdm(options) => bdm::run(problem, options),
        Model::Mean => static_run("mean", baseline::weighted_mean(problem)),
        Model::Median => static_run("median", baseline::weighted_median(problem)),
        Model::Nash => static_run("nash", baseline::nash_solution(problem)),
    })
}
