//! Global sensitivity analysis: which uncertain parameters move which outcome.
//!
//! Two methods over the unit hypercube of the `k` uncertain parameters (each
//! mapped onto its own distribution by the inverse CDF, so the analysis
//! explores exactly the uncertainty the scenario states):
//!
//! * **Morris elementary effects** (Morris 1991, "Factorial Sampling Plans for
//!   Preliminary Computational Experiments", *Technometrics* 33(2)), with the
//!   mean of absolute effects μ* of Campolongo, Cariboni & Saltelli (2007,
//!   *Environmental Modelling & Software* 22(10)). `r` trajectories on a
//!   4-level grid with step Δ = 2/3; each moves one factor at a time, in a
//!   random order, so one trajectory costs k + 1 evaluations.
//!   EEᵢ = (y(x + Δeᵢ) − y(x))/Δ; μ = mean EEᵢ, μ* = mean |EEᵢ|, σ = sd EEᵢ.
//! * **Sobol indices** with Saltelli sampling (Saltelli et al. 2010, "Variance
//!   based sensitivity analysis of model output", *Computer Physics
//!   Communications* 181(2)): matrices A, B of N rows, and for each factor
//!   A_B⁽ⁱ⁾ (A with column i from B); N(k + 2) evaluations. First order
//!   Sᵢ = mean(f(B)·(f(A_B⁽ⁱ⁾) − f(A)))/V (Saltelli 2010), total
//!   S_Tᵢ = mean((f(A) − f(A_B⁽ⁱ⁾))²)/(2V) (Jansen 1999), V the variance of f
//!   over A and B together.
//!
//! A design is a pure function of (method, k, samples, seed): any piece of it
//! can be evaluated anywhere (`--shard I/N` takes the points whose index is
//! I mod N) and the pieces merged into exactly the result of one run.

use crate::assume::Assumptions;
use crate::model::CrisisModel;
use crate::params::ModelParams;
use crate::state::Silent;
use rayon::prelude::*;
use redline_core::scenario::Replay;
use redline_core::{Outcome, RandomStream};

/// Which analysis.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// Morris elementary effects.
    Morris,
    /// Sobol first-order and total indices.
    Sobol,
}

impl Method {
    /// The name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Method::Morris => "morris",
            Method::Sobol => "sobol",
        }
    }
}

/// Morris grid levels.
const LEVELS: usize = 4;
/// Morris step, p / (2(p − 1)) for p levels.
const DELTA: f64 = LEVELS as f64 / (2.0 * (LEVELS as f64 - 1.0));

/// The points of an analysis in the unit hypercube.
#[derive(Clone, Debug, PartialEq)]
pub struct Design {
    /// The method.
    pub method: Method,
    /// Number of factors.
    pub factors: usize,
    /// Trajectories (Morris) or base samples N (Sobol).
    pub samples: usize,
    /// Seed of the design.
    pub seed: u64,
    /// The points, each of `factors` coordinates in [0, 1].
    pub points: Vec<Vec<f64>>,
    /// Morris only: for each trajectory, the order in which factors move.
    orders: Vec<Vec<usize>>,
}

impl Design {
    /// The design for `method` on `factors` factors with `samples` trajectories or base samples.
    pub fn new(method: Method, factors: usize, samples: usize, seed: u64) -> Design {
        let mut stream = RandomStream::new(seed, 0, "sensitivity.design");
        let mut points = Vec::new();
        let mut orders = Vec::new();
        match method {
            Method::Morris => {
                // Base values on the grid {0, 1/3} so that x + Δ stays within [0, 1].
                let base_levels = LEVELS / 2;
                for _ in 0..samples {
                    let mut x: Vec<f64> = (0..factors)
                        .map(|_| stream.below(base_levels as u64) as f64 / (LEVELS as f64 - 1.0))
                        .collect();
                    let mut order: Vec<usize> = (0..factors).collect();
                    for i in (1..factors).rev() {
                        order.swap(i, stream.below(i as u64 + 1) as usize);
                    }
                    points.push(x.clone());
                    for &i in &order {
                        x[i] += DELTA;
                        points.push(x.clone());
                    }
                    orders.push(order);
                }
            }
            Method::Sobol => {
                for _ in 0..samples {
                    let a: Vec<f64> = (0..factors).map(|_| stream.uniform()).collect();
                    let b: Vec<f64> = (0..factors).map(|_| stream.uniform()).collect();
                    points.push(a.clone());
                    points.push(b.clone());
                    for i in 0..factors {
                        let mut ab = a.clone();
                        ab[i] = b[i];
                        points.push(ab);
                    }
                }
            }
        }
        Design {
            method,
            factors,
            samples,
            seed,
            points,
            orders,
        }
    }

    /// Indices of the points in shard `shard` of `shards` (index ≡ shard mod shards).
    pub fn shard(&self, shard: usize, shards: usize) -> Vec<usize> {
        (0..self.points.len())
            .filter(|i| i % shards.max(1) == shard)
            .collect()
    }
}

/// A factor's Morris statistics.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MorrisIndex {
    /// Mean elementary effect.
    pub mu: f64,
    /// Mean absolute elementary effect.
    pub mu_star: f64,
    /// Standard deviation of the elementary effects.
    pub sigma: f64,
}

/// A factor's Sobol indices.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SobolIndex {
    /// First-order index.
    pub first: f64,
    /// Total index.
    pub total: f64,
}

/// Morris statistics of one output (`y[i]` is the output at point i).
pub fn morris(design: &Design, y: &[f64]) -> Vec<MorrisIndex> {
    let k = design.factors;
    let mut effects = vec![Vec::with_capacity(design.samples); k];
    for (t, order) in design.orders.iter().enumerate() {
        let start = t * (k + 1);
        for (step, &i) in order.iter().enumerate() {
            effects[i].push((y[start + step + 1] - y[start + step]) / DELTA);
        }
    }
    effects
        .iter()
        .map(|e| {
            let n = e.len().max(1) as f64;
            let mu = e.iter().sum::<f64>() / n;
            let mu_star = e.iter().map(|x| x.abs()).sum::<f64>() / n;
            let sigma = if e.len() > 1 {
                (e.iter().map(|x| (x - mu).powi(2)).sum::<f64>() / (n - 1.0)).sqrt()
            } else {
                0.0
            };
            MorrisIndex { mu, mu_star, sigma }
        })
        .collect()
}

/// Sobol indices of one output (`y[i]` is the output at point i).
pub fn sobol(design: &Design, y: &[f64]) -> Vec<SobolIndex> {
    let k = design.factors;
    let n = design.samples;
    let stride = k + 2;
    let fa = |j: usize| y[j * stride];
    let fb = |j: usize| y[j * stride + 1];
    let fab = |j: usize, i: usize| y[j * stride + 2 + i];
    let all: Vec<f64> = (0..n).flat_map(|j| [fa(j), fb(j)]).collect();
    let mean = all.iter().sum::<f64>() / all.len().max(1) as f64;
    let variance = all.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / all.len().max(1) as f64;
    (0..k)
        .map(|i| {
            if variance <= 0.0 {
                return SobolIndex {
                    first: 0.0,
                    total: 0.0,
                };
            }
            let first =
                (0..n).map(|j| fb(j) * (fab(j, i) - fa(j))).sum::<f64>() / n as f64 / variance;
            let total = (0..n).map(|j| (fa(j) - fab(j, i)).powi(2)).sum::<f64>()
                / (2.0 * n as f64)
                / variance;
            SobolIndex { first, total }
        })
        .collect()
}

/// The uncertain parameters of a model: (index in the sampler, key).
pub fn uncertain_factors(model: &CrisisModel) -> Vec<(usize, String)> {
    let sampler = model.sampler();
    sampler
        .distributions()
        .iter()
        .zip(sampler.keys())
        .enumerate()
        .filter(|(_, (d, _))| !d.is_fixed())
        .map(|(i, (_, k))| (i, k.clone()))
        .collect()
}

/// Evaluates the model at design points: for each point, in how many of
/// `runs` runs each outcome happens when the factors take the point's values
/// and everything else is drawn as usual (common random numbers across
/// points). Counts, not shares, so that shards exchange exact integers.
/// Returns one row per requested point, in order.
pub fn evaluate(
    model: &CrisisModel,
    design: &Design,
    indices: &[usize],
    runs: u64,
    seed: u64,
    progress: &(dyn Fn(u64) + Sync),
) -> Vec<[u64; Outcome::COUNT]> {
    let factors = uncertain_factors(model);
    let distributions = model.sampler().distributions();
    indices
        .par_iter()
        .map(|&point| {
            let unit = &design.points[point];
            let mut values = Vec::new();
            let mut counts = [0u64; Outcome::COUNT];
            for run in 0..runs {
                model.sampler().sample_into(seed, run, &mut values);
                for (&u, (index, _)) in unit.iter().zip(&factors) {
                    values[*index] = distributions[*index].quantile(u);
                }
                let params = ModelParams::read(&mut Replay::new(&values));
                let state = model.run_with(&params, seed, run, &Assumptions::none(), &mut Silent);
                for (c, h) in counts.iter_mut().zip(&state.happened) {
                    *c += u64::from(h.is_some());
                }
            }
            progress(1);
            counts
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::f64::consts::PI;

    fn ishigami(x: &[f64]) -> f64 {
        let (a, b) = (7.0, 0.1);
        let z: Vec<f64> = x.iter().map(|u| -PI + 2.0 * PI * u).collect();
        z[0].sin() + a * z[1].sin().powi(2) + b * z[2].powi(4) * z[0].sin()
    }

    #[test]
    fn sobol_recovers_the_ishigami_indices() {
        // Analytical values for a = 7, b = 0.1 (Ishigami & Homma 1990; Saltelli et al. 2008,
        // Global Sensitivity Analysis: The Primer, §4.8): S = (0.3139, 0.4424, 0),
        // S_T = (0.5576, 0.4424, 0.2437).
        let design = Design::new(Method::Sobol, 3, 20_000, 11);
        let y: Vec<f64> = design.points.iter().map(|x| ishigami(x)).collect();
        let s = sobol(&design, &y);
        let first = [0.3139, 0.4424, 0.0];
        let total = [0.5576, 0.4424, 0.2437];
        for i in 0..3 {
            assert!(
                (s[i].first - first[i]).abs() < 0.03,
                "S{i} = {}",
                s[i].first
            );
            assert!(
                (s[i].total - total[i]).abs() < 0.03,
                "ST{i} = {}",
                s[i].total
            );
        }
    }

    #[test]
    fn morris_effects_of_a_linear_function_are_its_coefficients() {
        let c = [2.0, -0.5, 0.0, 7.0];
        let design = Design::new(Method::Morris, 4, 25, 3);
        let y: Vec<f64> = design
            .points
            .iter()
            .map(|x| x.iter().zip(c).map(|(a, b)| a * b).sum())
            .collect();
        for (m, want) in morris(&design, &y).iter().zip(c) {
            assert!(
                (m.mu - want).abs() < 1e-12
                    && (m.mu_star - want.abs()).abs() < 1e-12
                    && m.sigma < 1e-12,
                "{m:?}"
            );
        }
        assert!(
            design
                .points
                .iter()
                .flatten()
                .all(|u| (0.0..=1.0 + 1e-12).contains(u))
        );
    }

    #[test]
    fn morris_sees_ishigami_interactions() {
        // x3 acts only through its interaction with x1: its effects vary in sign and size.
        let design = Design::new(Method::Morris, 3, 200, 5);
        let y: Vec<f64> = design.points.iter().map(|x| ishigami(x)).collect();
        let m = morris(&design, &y);
        assert!(m[2].sigma > 0.5 && m[2].mu_star > 0.5, "{:?}", m[2]);
    }

    #[test]
    fn shards_partition_the_design() {
        let design = Design::new(Method::Sobol, 5, 10, 1);
        let mut all: Vec<usize> = (0..3).flat_map(|s| design.shard(s, 3)).collect();
        all.sort_unstable();
        assert_eq!(all, (0..design.points.len()).collect::<Vec<_>>());
        assert_eq!(Design::new(Method::Sobol, 5, 10, 1), design);
    }
}

/// The indices of one output under the design's method.
#[derive(Clone, Debug, PartialEq)]
pub enum Indices {
    /// Morris statistics per factor.
    Morris(Vec<MorrisIndex>),
    /// Sobol indices per factor.
    Sobol(Vec<SobolIndex>),
}

impl Indices {
    /// Computes the indices of output `y` (one value per design point).
    pub fn of(design: &Design, y: &[f64]) -> Indices {
        match design.method {
            Method::Morris => Indices::Morris(morris(design, y)),
            Method::Sobol => Indices::Sobol(sobol(design, y)),
        }
    }

    /// The importance used to rank factors: μ* (Morris) or the total index (Sobol).
    pub fn importance(&self) -> Vec<f64> {
        match self {
            Indices::Morris(m) => m.iter().map(|x| x.mu_star).collect(),
            Indices::Sobol(s) => s.iter().map(|x| x.total).collect(),
        }
    }
}
