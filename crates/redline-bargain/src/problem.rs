//! The input of every bargaining model, a [`BargainingProblem`] (KTAB calls
//! it a scenario; redline keeps that word for `redline_core::Scenario`): actors with an influence (power,
//! capability), and per issue dimension a position and a salience.
//!
//! Positions and saliences are kept on the input's own scale: KTAB files put
//! both on 0–100, the BDM replications put positions on any scale (the 1994
//! car-emission example runs from 4 to 10) and saliences on 0–100. Each model
//! rescales what it needs and documents how.

/// One actor of a bargaining problem.
#[derive(Clone, Debug, PartialEq)]
pub struct Actor {
    /// Short name (unique within a problem).
    pub name: String,
    /// Free-text description (may be empty).
    pub description: String,
    /// Influence, power or capability (non-negative, any unit).
    pub influence: f64,
    /// Position on each dimension, on the problem's scale.
    pub positions: Vec<f64>,
    /// Salience of each dimension, 0–100 (their sum at most 100 for KTAB input).
    pub saliences: Vec<f64>,
}

/// A bargaining problem: named dimensions and the actors' stakes in them.
#[derive(Clone, Debug, PartialEq)]
pub struct BargainingProblem {
    /// The problem's name (KTAB: the scenario name).
    pub name: String,
    /// The problem's description.
    pub description: String,
    /// Names of the issue dimensions.
    pub dimensions: Vec<String>,
    /// The actors, in input order (the order matters for KTAB's tie rules).
    pub actors: Vec<Actor>,
    /// The range of positions `(lowest, highest)` of the scale, when the input
    /// states it (KTAB: 0–100); `None` means "the range spanned by the actors".
    pub scale: Option<(f64, f64)>,
    /// The status quo (the outcome if no agreement is reached), one value per
    /// dimension, when the input states it (TOML `status_quo`); the Nash
    /// bargaining solution uses it as the disagreement point.
    pub status_quo: Option<Vec<f64>>,
}

impl BargainingProblem {
    /// Number of actors.
    pub fn num_actors(&self) -> usize {
        self.actors.len()
    }

    /// Number of dimensions.
    pub fn num_dimensions(&self) -> usize {
        self.dimensions.len()
    }

    /// The scale's lower and upper bound on dimension `d`: the stated scale,
    /// or else the lowest and highest position any actor takes there.
    pub fn bounds(&self, d: usize) -> (f64, f64) {
        if let Some(scale) = self.scale {
            return scale;
        }
        let mut lo = f64::INFINITY;
        let mut hi = f64::NEG_INFINITY;
        for a in &self.actors {
            lo = lo.min(a.positions[d]);
            hi = hi.max(a.positions[d]);
        }
        (lo, hi)
    }

    /// Each actor's positions, actor-major: `positions()[i][d]`.
    pub fn positions(&self) -> Vec<Vec<f64>> {
        self.actors.iter().map(|a| a.positions.clone()).collect()
    }
}

/// What a model produced: the positions after each iteration and the outcome.
#[derive(Clone, Debug, PartialEq)]
pub struct BargainRun {
    /// The model's name (`smp`, `bdm`, `mean`, `median`, `nash`).
    pub model: String,
    /// Names of the dimensions.
    pub dimensions: Vec<String>,
    /// Names of the actors, in input order.
    pub actors: Vec<String>,
    /// Positions at each recorded state, `iterations[t][i][d]`, on the
    /// input's scale; state 0 is the input. Static models record one state.
    pub iterations: Vec<Vec<Vec<f64>>>,
    /// The predicted outcome on each dimension, on the input's scale.
    pub outcome: Vec<f64>,
}
