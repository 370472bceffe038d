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
//!   Sᵢ = mean(f(B)·(f(A_B⁽ⁱ⁾) − f(A)))/V (Saltelli 2010; f centred on its
//!   mean over the design first, as SALib does), total
//!   S_Tᵢ = mean((f(A) − f(A_B⁽ⁱ⁾))²)/(2V) (Jansen 1999), V the variance of f
//!   over A and B together.
//!
//! Each index has a 95 % bootstrap interval, as SALib reports it (the
//! half-width z₀.₉₇₅·sd of the estimates over resamples of the N Sobol rows
//! or the r Morris trajectories; [`sobol`], [`morris`]); resample b draws from
//! `RandomStream::new(seed, b, "sobol-bootstrap")` (or `"morris-bootstrap"`).
//! [`analyse`] computes every outcome's indices and the [`Warning`]s that the
//! Sobol sample is too small (first order above total beyond the intervals,
//! an index below zero beyond its interval, or a half-width above 0.1).
//!
//! A design is a pure function of (method, k, samples, seed): any piece of it
//! can be evaluated anywhere (`--shard I/N` takes the points whose index is
//! I mod N) and the pieces merged into exactly the result of one run. A
//! piece travels as a [`Shard`] (a serde type: the file format is its JSON
//! form) and [`merge`] joins the pieces, checking that they belong to one
//! analysis and cover every point exactly once.
//!
//! [`morris_ranking`] is the Morris screening of one outcome that the
//! report's tornado chart draws.
//!
//! Architecture Invariant: the shard file format is defined once, by the
//! serde types [`Header`], [`Shard`] and [`Evaluation`]; nothing reads or
//! writes a shard field by hand.

use crate::assume::Assumptions;
use crate::model::CrisisModel;
use crate::params::ModelParams;
use crate::state::Silent;
use rayon::prelude::*;
use redline_core::RandomStream;
use redline_core::distribution::Distribution;
use redline_core::scenario::Replay;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// Which analysis (`morris` or `sobol` in shard files).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
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

    /// Number of points of the design for `method` on `factors` factors with
    /// `samples` trajectories or base samples, without building it (`None` on overflow).
    pub fn point_count(method: Method, factors: usize, samples: usize) -> Option<usize> {
        let per_sample = match method {
            Method::Morris => factors.checked_add(1)?,
            Method::Sobol => factors.checked_add(2)?,
        };
        samples.checked_mul(per_sample)
    }

    /// Indices of the points in shard `shard` of `shards` (index ≡ shard mod shards).
    pub fn shard(&self, shard: usize, shards: usize) -> Vec<usize> {
        (0..self.points.len())
            .filter(|i| i % shards.max(1) == shard)
            .collect()
    }
}

/// Bootstrap resamples of the indices' intervals unless told otherwise (SALib's `num_resamples`).
pub const DEFAULT_RESAMPLES: usize = 100;
/// Confidence level of the intervals.
pub const CONFIDENCE: f64 = 0.95;
/// Name of the random streams of the Sobol bootstrap (one stream per resample).
pub const SOBOL_BOOTSTRAP_STREAM: &str = "sobol-bootstrap";
/// Name of the random streams of the Morris bootstrap (one stream per resample).
pub const MORRIS_BOOTSTRAP_STREAM: &str = "morris-bootstrap";

/// A factor's Morris statistics.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MorrisIndex {
    /// Mean elementary effect.
    pub mu: f64,
    /// Mean absolute elementary effect.
    pub mu_star: f64,
    /// Half-width of μ*'s 95 % bootstrap interval (z · sd of μ* over
    /// resampled trajectories; NaN with fewer than two resamples).
    pub mu_star_conf: f64,
    /// Standard deviation of the elementary effects.
    pub sigma: f64,
}

/// A factor's Sobol indices.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SobolIndex {
    /// First-order index Sᵢ.
    pub first: f64,
    /// Half-width of Sᵢ's 95 % bootstrap interval (NaN with fewer than two resamples).
    pub first_conf: f64,
    /// Total index S_Tᵢ.
    pub total: f64,
    /// Half-width of S_Tᵢ's 95 % bootstrap interval (NaN with fewer than two resamples).
    pub total_conf: f64,
}

/// z·sd (sample standard deviation, n − 1) of bootstrap estimates: the
/// half-width of the normal-approximation interval SALib reports as `*_conf`.
/// NaN with fewer than two estimates.
fn half_width(estimates: impl Iterator<Item = f64> + Clone) -> f64 {
    let n = estimates.clone().count();
    if n < 2 {
        return f64::NAN;
    }
    let mean = estimates.clone().sum::<f64>() / n as f64;
    let variance = estimates.map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
    redline_core::special::normal_quantile(0.5 + CONFIDENCE / 2.0) * variance.sqrt()
}

/// `n` indices drawn uniformly with replacement from `0..n`, from resample
/// `resample`'s own stream: the bootstrap depends only on (seed, resample),
/// never on threads or on which shard evaluated which point.
fn resample_rows(seed: u64, resample: usize, name: &str, n: usize) -> Vec<usize> {
    let mut stream = RandomStream::new(seed, resample as u64, name);
    (0..n).map(|_| stream.below(n as u64) as usize).collect()
}

/// Morris statistics of one output (`y[i]` is the output at point i), with
/// μ*'s bootstrap interval over `resamples` resamples of the trajectories
/// (Campolongo, Cariboni & Saltelli 2007; SALib's `morris.analyze`), drawn
/// from `RandomStream::new(seed, resample, "morris-bootstrap")`.
pub fn morris(design: &Design, y: &[f64], resamples: usize, seed: u64) -> Vec<MorrisIndex> {
    let k = design.factors;
    let r = design.orders.len();
    // effects[i][t]: factor i's elementary effect in trajectory t.
    let mut effects = vec![vec![0.0; r]; k];
    for (t, order) in design.orders.iter().enumerate() {
        let start = t * (k + 1);
        for (step, &i) in order.iter().enumerate() {
            effects[i][t] = (y[start + step + 1] - y[start + step]) / DELTA;
        }
    }
    let mean_abs = |e: &[f64], rows: &mut dyn Iterator<Item = usize>| {
        rows.map(|t| e[t].abs()).sum::<f64>() / r.max(1) as f64
    };
    let boot: Vec<Vec<f64>> = (0..resamples)
        .into_par_iter()
        .map(|b| {
            let rows = resample_rows(seed, b, MORRIS_BOOTSTRAP_STREAM, r);
            effects
                .iter()
                .map(|e| mean_abs(e, &mut rows.iter().copied()))
                .collect()
        })
        .collect();
    effects
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let n = r.max(1) as f64;
            let mu = e.iter().sum::<f64>() / n;
            let mu_star = mean_abs(e, &mut (0..r));
            let sigma = if r > 1 {
                (e.iter().map(|x| (x - mu).powi(2)).sum::<f64>() / (n - 1.0)).sqrt()
            } else {
                0.0
            };
            MorrisIndex {
                mu,
                mu_star,
                mu_star_conf: half_width(boot.iter().map(|b| b[i])),
                sigma,
            }
        })
        .collect()
}

/// First-order and total indices of every factor from the base rows `rows`
/// (with repetition, for the bootstrap) of the centred outputs.
fn sobol_estimates(y: &[f64], k: usize, rows: &[usize]) -> Vec<(f64, f64)> {
    let stride = k + 2;
    let n = rows.len().max(1) as f64;
    let fa = |j: usize| y[j * stride];
    let fb = |j: usize| y[j * stride + 1];
    let fab = |j: usize, i: usize| y[j * stride + 2 + i];
    let sum: f64 = rows.iter().map(|&j| fa(j) + fb(j)).sum();
    let mean = sum / (2.0 * n);
    let variance = rows
        .iter()
        .map(|&j| (fa(j) - mean).powi(2) + (fb(j) - mean).powi(2))
        .sum::<f64>()
        / (2.0 * n);
    (0..k)
        .map(|i| {
            if variance <= 0.0 {
                return (0.0, 0.0);
            }
            let first = rows
                .iter()
                .map(|&j| fb(j) * (fab(j, i) - fa(j)))
                .sum::<f64>()
                / n;
            let total = rows
                .iter()
                .map(|&j| (fa(j) - fab(j, i)).powi(2))
                .sum::<f64>()
                / (2.0 * n);
            (first / variance, total / variance)
        })
        .collect()
}

/// Sobol indices of one output (`y[i]` is the output at point i), with
/// bootstrap intervals as SALib's `sobol.analyze` computes them: the outputs
/// are centred on their mean over the whole design, then each of `resamples`
/// resamples draws N rows of (A, B, A_B⁽ⁱ⁾) with replacement from
/// `RandomStream::new(seed, resample, "sobol-bootstrap")` and recomputes
/// every index; the half-width is z₀.₉₇₅ · sd of the resampled estimates.
pub fn sobol(design: &Design, y: &[f64], resamples: usize, seed: u64) -> Vec<SobolIndex> {
    let k = design.factors;
    let n = design.samples;
    let mean = y.iter().sum::<f64>() / y.len().max(1) as f64;
    let centred: Vec<f64> = y.iter().map(|v| v - mean).collect();
    let all: Vec<usize> = (0..n).collect();
    let point = sobol_estimates(&centred, k, &all);
    let boot: Vec<Vec<(f64, f64)>> = (0..resamples)
        .into_par_iter()
        .map(|b| {
            let rows = resample_rows(seed, b, SOBOL_BOOTSTRAP_STREAM, n);
            sobol_estimates(&centred, k, &rows)
        })
        .collect();
    point
        .iter()
        .enumerate()
        .map(|(i, &(first, total))| SobolIndex {
            first,
            first_conf: half_width(boot.iter().map(|b| b[i].0)),
            total,
            total_conf: half_width(boot.iter().map(|b| b[i].1)),
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

/// One design point's evaluation: runs in which each of the model's
/// outcomes happened, in its display order (the header's `columns`).
pub type Row = Vec<u64>;

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
) -> Vec<Row> {
    let distributions = model.sampler().distributions();
    let factors: Vec<(usize, Distribution)> = uncertain_factors(model)
        .into_iter()
        .map(|(index, _)| (index, distributions[index].clone()))
        .collect();
    evaluate_factors(model, &factors, design, indices, runs, seed, progress)
}

/// [`evaluate`] over chosen factors: factor j of the design is the model's
/// numeric parameter `factors[j].0` (its index in the sampler), mapped from
/// the unit interval onto `factors[j].1` by the inverse CDF. The inert
/// screen (`tests/inert.rs`) makes every numeric parameter a factor, a
/// fixed one over a range around its value. Run r draws the other uncertain
/// parameters as draw r (one run per draw).
pub fn evaluate_factors(
    model: &CrisisModel,
    factors: &[(usize, Distribution)],
    design: &Design,
    indices: &[usize],
    runs: u64,
    seed: u64,
    progress: &(dyn Fn(u64) + Sync),
) -> Vec<Row> {
    let points: Vec<&[f64]> = indices
        .iter()
        .map(|&point| design.points[point].as_slice())
        .collect();
    evaluate_at(model, factors, &points, runs, seed, progress)
}

/// [`evaluate_factors`] at any points of the unit hypercube (one
/// coordinate per factor), in parallel over the points: what `redline fit`
/// evaluates its candidates with.
pub fn evaluate_at(
    model: &CrisisModel,
    factors: &[(usize, Distribution)],
    points: &[&[f64]],
    runs: u64,
    seed: u64,
    progress: &(dyn Fn(u64) + Sync),
) -> Vec<Row> {
    let slots: Vec<crate::roles::Slot> = model.outcomes().iter().map(|(_, s)| s).collect();
    points
        .par_iter()
        .map(|unit| {
            let mut values = Vec::new();
            let mut counts = vec![0u64; slots.len()];
            for run in 0..runs {
                if redline_core::interrupt::requested() {
                    break;
                }
                model.sampler().sample_into(seed, run, &mut values);
                for (&u, (index, distribution)) in unit.iter().zip(factors) {
                    values[*index] = distribution.quantile(u);
                }
                let params = ModelParams::read(&mut Replay::new(&values), &model.roles().strikers);
                let state = model.run_with(&params, seed, run, &Assumptions::none(), &mut Silent);
                for (c, slot) in counts.iter_mut().zip(&slots) {
                    *c += u64::from(state.happened[slot.index()].is_some());
                }
            }
            progress(1);
            counts
        })
        .collect()
}

/// One factor's Morris statistics for one outcome, by the factor's key.
#[derive(Clone, Debug, PartialEq)]
pub struct MorrisRow {
    /// The parameter's key.
    pub key: String,
    /// Mean elementary effect on P(outcome) over the parameter's range.
    pub mu: f64,
    /// Mean absolute elementary effect.
    pub mu_star: f64,
    /// Standard deviation of the elementary effects.
    pub sigma: f64,
}

/// Ranks factors by μ* (largest first, ties by key) and leaves out those
/// whose every elementary effect is exactly zero (μ* = 0): they have no
/// measured effect on the outcome.
pub fn rank_morris(keys: &[String], indices: &[MorrisIndex]) -> Vec<MorrisRow> {
    let mut rows: Vec<MorrisRow> = keys
        .iter()
        .zip(indices)
        .filter(|(_, m)| m.mu_star != 0.0)
        .map(|(key, m)| MorrisRow {
            key: key.clone(),
            mu: m.mu,
            mu_star: m.mu_star,
            sigma: m.sigma,
        })
        .collect();
    rows.sort_by(|a, b| b.mu_star.total_cmp(&a.mu_star).then(a.key.cmp(&b.key)));
    rows
}

/// Morris screening of one outcome: a design of `samples` trajectories over
/// the model's uncertain parameters, each point evaluated with `runs` runs
/// (see [`evaluate`]; `progress` is called once per point), the effects on
/// P(`outcome`) ranked by [`rank_morris`]. Empty when the model has no
/// uncertain parameters or `samples` is 0.
pub fn morris_ranking(
    model: &CrisisModel,
    outcome: &str,
    samples: usize,
    runs: u64,
    seed: u64,
    progress: &(dyn Fn(u64) + Sync),
) -> Vec<MorrisRow> {
    let keys: Vec<String> = uncertain_factors(model)
        .into_iter()
        .map(|(_, key)| key)
        .collect();
    let Some(column) = model.outcomes().ids().position(|id| id == outcome) else {
        return Vec::new();
    };
    if samples == 0 || runs == 0 || keys.is_empty() {
        return Vec::new();
    }
    let design = Design::new(Method::Morris, keys.len(), samples, seed);
    let all: Vec<usize> = (0..design.points.len()).collect();
    let y: Vec<f64> = evaluate(model, &design, &all, runs, seed, progress)
        .iter()
        .map(|r| r[column] as f64 / runs as f64)
        .collect();
    // The ranking needs no intervals: no bootstrap.
    rank_morris(&keys, &morris(&design, &y, 0, seed))
}

/// Everything that defines a design and its evaluations; the shards of one
/// analysis agree on it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Header {
    /// The method.
    pub method: Method,
    /// The scenario's id.
    pub scenario: String,
    /// The file the scenario was read from (empty in shards of older versions).
    #[serde(default)]
    pub scenario_file: String,
    /// SHA-256 of the resolved scenario (empty in shards of older versions).
    #[serde(default)]
    pub scenario_sha256: String,
    /// Every `--set KEY=VALUE` of the run, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub set: Vec<String>,
    /// Every `--with FRAGMENT` of the run, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub with: Vec<String>,
    /// Which parameters the scenario ran on (fitted or the judgments), in
    /// words (empty in shards of older versions).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub params: String,
    /// Seed of the design and of every run.
    pub seed: u64,
    /// Morris trajectories or Sobol base samples.
    pub samples: usize,
    /// Runs at each design point.
    pub runs: u64,
    /// The uncertain parameters' keys, in the design's factor order.
    pub factors: Vec<String>,
    /// The ids of the model's outcomes, in the order of every evaluation's
    /// counts (absent in shards written before scenarios named their
    /// outcomes: those held the twelve Iran outcomes, [`LEGACY_COLUMNS`]).
    #[serde(default = "legacy_columns")]
    pub columns: Vec<String>,
    /// The labels of the model's outcomes, in `columns` order.
    #[serde(default = "legacy_labels")]
    pub labels: Vec<String>,
    /// The ids of the outcomes analysed.
    pub outcomes: Vec<String>,
}

/// The outcome columns of shards written before scenarios named their
/// outcomes: the Iran cases' twelve, in their order then.
pub const LEGACY_COLUMNS: [(&str, &str); 12] = [
    ("talks_secret", "Secret talks"),
    ("talks_public", "Public talks"),
    ("interim_deal", "Interim deal"),
    ("comprehensive_deal", "Comprehensive deal"),
    ("snapback_triggered", "Snapback triggered"),
    ("un_sanctions_reimposed", "UN sanctions reimposed"),
    ("npt_withdrawal", "NPT withdrawal"),
    ("israeli_strike", "Israeli strike"),
    ("us_strike", "US strike"),
    ("war", "War"),
    ("weaponization_decision", "Weaponization decision"),
    ("nuclear_test", "Nuclear test"),
];

fn legacy_columns() -> Vec<String> {
    LEGACY_COLUMNS
        .iter()
        .map(|(id, _)| id.to_string())
        .collect()
}

fn legacy_labels() -> Vec<String> {
    LEGACY_COLUMNS.iter().map(|(_, l)| l.to_string()).collect()
}

impl Header {
    /// The design the header describes.
    pub fn design(&self) -> Design {
        Design::new(self.method, self.factors.len(), self.samples, self.seed)
    }
}

/// The `kind` of a shard file: `"redline-sensitivity-shard"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ShardKind {
    /// The only kind.
    #[serde(rename = "redline-sensitivity-shard")]
    SensitivityShard,
}

/// The evaluation of one design point: how many runs saw each outcome.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Evaluation {
    /// The point's index in the design.
    pub point: usize,
    /// Runs in which each outcome happened, in the header's `columns` order.
    pub counts: Row,
}

/// A piece of an analysis: the header, which shard of how many, and the
/// evaluations of its points. Its JSON form is the shard file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Shard {
    /// Always [`ShardKind::SensitivityShard`].
    pub kind: ShardKind,
    /// The analysis.
    #[serde(flatten)]
    pub header: Header,
    /// (I, N): this shard holds the points whose index is I mod N.
    pub shard: (usize, usize),
    /// The points' evaluations.
    pub evaluations: Vec<Evaluation>,
}

impl Shard {
    /// Shard `shard` of `shards`, from the points `indices` and their rows (as [`evaluate`] returns them).
    pub fn new(
        header: Header,
        shard: usize,
        shards: usize,
        indices: &[usize],
        rows: &[Row],
    ) -> Shard {
        Shard {
            kind: ShardKind::SensitivityShard,
            header,
            shard: (shard, shards),
            evaluations: indices
                .iter()
                .zip(rows)
                .map(|(&point, counts)| Evaluation {
                    point,
                    counts: counts.clone(),
                })
                .collect(),
        }
    }
}

/// Merged shards: the whole analysis, as if run at once.
#[derive(Clone, Debug, PartialEq)]
pub struct Merged {
    /// The analysis.
    pub header: Header,
    /// Its design.
    pub design: Design,
    /// One row per design point, in order.
    pub rows: Vec<Row>,
}

/// Why shards do not merge. `file` fields are the names the caller gave.
#[derive(Clone, Debug, PartialEq)]
pub enum MergeError {
    /// No shard was given.
    NoShards,
    /// A shard's `shard` is not I/N with 0 ≤ I < N.
    BadShardIndex {
        /// The shard's file.
        file: String,
        /// Its (I, N).
        shard: (usize, usize),
    },
    /// A shard's header or shard count differs from the first shard's.
    DifferentAnalysis {
        /// The shard's file.
        file: String,
        /// The first shard's file.
        first: String,
    },
    /// A point outside the design, or not in the shard it claims.
    PointNotInShard {
        /// The shard's file.
        file: String,
        /// The point.
        point: usize,
        /// The shard's (I, N).
        shard: (usize, usize),
        /// Points in the design.
        points: usize,
    },
    /// A point's counts do not have one entry per outcome column.
    WrongCounts {
        /// The shard's file.
        file: String,
        /// The point.
        point: usize,
        /// Entries found.
        found: usize,
        /// Outcome columns of the header.
        columns: usize,
    },
    /// A point was evaluated in two shards.
    Duplicate {
        /// The file where the point appears again.
        file: String,
        /// The point.
        point: usize,
        /// The file where it appeared first.
        first: String,
    },
    /// Points no shard evaluated.
    Missing {
        /// How many are missing.
        count: usize,
        /// Points in the design.
        points: usize,
        /// The first missing points (at most ten).
        first_missing: Vec<usize>,
        /// The shards (I of N) that were not given and hold points, at most ten.
        shards_not_given: Vec<usize>,
        /// N.
        shards: usize,
    },
}

fn list(items: &[usize], more: bool) -> String {
    let mut text = items
        .iter()
        .map(usize::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    if more {
        text.push_str(", …");
    }
    text
}

impl fmt::Display for MergeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MergeError::NoShards => f.write_str("no shard files given"),
            MergeError::BadShardIndex {
                file,
                shard: (i, n),
            } => {
                write!(f, "{file}: shard {i}/{n}: expected I/N with 0 ≤ I < N")
            }
            MergeError::DifferentAnalysis { file, first } => {
                write!(f, "{file}: belongs to a different analysis than {first}")
            }
            MergeError::PointNotInShard {
                file,
                point,
                shard: (i, n),
                points,
            } => write!(
                f,
                "{file}: point {point} is not in shard {i}/{n} of a design of {points} points"
            ),
            MergeError::WrongCounts {
                file,
                point,
                found,
                columns,
            } => write!(
                f,
                "{file}: point {point} has {found} counts for {columns} outcome columns"
            ),
            MergeError::Duplicate { file, point, first } => {
                write!(
                    f,
                    "{file}: point {point} was already read from {first}: give each shard once"
                )
            }
            MergeError::Missing {
                count,
                points,
                first_missing,
                shards_not_given,
                shards,
            } => {
                write!(
                    f,
                    "{count} of {points} design points are missing (point{} {})",
                    if *count == 1 { "" } else { "s" },
                    list(first_missing, *count > first_missing.len())
                )?;
                if !shards_not_given.is_empty() {
                    let named: Vec<String> = shards_not_given
                        .iter()
                        .map(|i| format!("{i}/{shards}"))
                        .collect();
                    write!(f, "; shards not given: {}", named.join(", "))?;
                    if shards_not_given.len() == 10 {
                        f.write_str(", …")?;
                    }
                }
                f.write_str(": merge every shard of the analysis")
            }
        }
    }
}

impl std::error::Error for MergeError {}

/// Joins shards (each with the name of its file, for errors) into the whole
/// analysis. Every shard must carry the same header and shard count, and
/// every point of the design must be evaluated exactly once; otherwise the
/// error names the file, point or shards at fault.
pub fn merge(shards: &[(String, Shard)]) -> Result<Merged, MergeError> {
    let Some((first_file, first)) = shards.first() else {
        return Err(MergeError::NoShards);
    };
    let h = &first.header;
    let total = Design::point_count(h.method, h.factors.len(), h.samples).unwrap_or(usize::MAX);
    let n = first.shard.1;
    let mut found: BTreeMap<usize, (Row, usize)> = BTreeMap::new();
    let mut given = std::collections::BTreeSet::new();
    for (f, (file, shard)) in shards.iter().enumerate() {
        let (i, this_n) = shard.shard;
        if this_n == 0 || i >= this_n {
            return Err(MergeError::BadShardIndex {
                file: file.clone(),
                shard: shard.shard,
            });
        }
        if shard.header != first.header || this_n != n {
            return Err(MergeError::DifferentAnalysis {
                file: file.clone(),
                first: first_file.clone(),
            });
        }
        given.insert(i);
        for e in &shard.evaluations {
            if e.point >= total || e.point % n != i {
                return Err(MergeError::PointNotInShard {
                    file: file.clone(),
                    point: e.point,
                    shard: shard.shard,
                    points: total,
                });
            }
            if e.counts.len() != h.columns.len() {
                return Err(MergeError::WrongCounts {
                    file: file.clone(),
                    point: e.point,
                    found: e.counts.len(),
                    columns: h.columns.len(),
                });
            }
            if let Some((_, before)) = found.insert(e.point, (e.counts.clone(), f)) {
                return Err(MergeError::Duplicate {
                    file: file.clone(),
                    point: e.point,
                    first: shards[before].0.clone(),
                });
            }
        }
    }
    if found.len() < total {
        // Walk at most found.len() + 10 indices to name the first missing points.
        let first_missing: Vec<usize> = (0..total)
            .filter(|p| !found.contains_key(p))
            .take(10)
            .collect();
        let shards_not_given: Vec<usize> = (0..n.min(total))
            .filter(|s| !given.contains(s))
            .take(10)
            .collect();
        return Err(MergeError::Missing {
            count: total - found.len(),
            points: total,
            first_missing,
            shards_not_given,
            shards: n,
        });
    }
    Ok(Merged {
        design: first.header.design(),
        header: first.header.clone(),
        rows: found.into_values().map(|(row, _)| row).collect(),
    })
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
    /// Computes the indices of output `y` (one value per design point), with
    /// `resamples` bootstrap resamples keyed by the design's seed.
    pub fn of(design: &Design, y: &[f64], resamples: usize) -> Indices {
        match design.method {
            Method::Morris => Indices::Morris(morris(design, y, resamples, design.seed)),
            Method::Sobol => Indices::Sobol(sobol(design, y, resamples, design.seed)),
        }
    }

    /// The importance used to rank factors: μ* (Morris) or the total index (Sobol).
    pub fn importance(&self) -> Vec<f64> {
        match self {
            Indices::Morris(m) => m.iter().map(|x| x.mu_star).collect(),
            Indices::Sobol(s) => s.iter().map(|x| x.total).collect(),
        }
    }

    /// Factor indices ranked by importance, largest first (ties by factor order).
    pub fn ranked(&self) -> Vec<usize> {
        let importance = self.importance();
        let mut order: Vec<usize> = (0..importance.len()).collect();
        order.sort_by(|&a, &b| importance[b].total_cmp(&importance[a]).then(a.cmp(&b)));
        order
    }
}

/// The largest bootstrap half-width of a Sobol index that passes without a warning.
pub const MAX_HALF_WIDTH: f64 = 0.1;

/// What is wrong with a factor's Sobol indices: signs that the sample is too small.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Problem {
    /// Sᵢ − its half-width exceeds S_Tᵢ + its half-width: impossible for the
    /// true indices (Sᵢ ≤ S_Tᵢ), so the estimates are noise.
    FirstAboveTotal,
    /// An index's whole interval lies below zero: impossible for a variance share.
    Negative,
    /// An interval is wider than ±[`MAX_HALF_WIDTH`].
    WideInterval,
    /// Fewer than two base samples: the bootstrap cannot measure the uncertainty.
    TooFewSamples,
}

/// A warning that the sample is too small for an outcome's indices.
#[derive(Clone, Debug, PartialEq)]
pub struct Warning {
    /// The outcome's id.
    pub outcome: String,
    /// The factor's key (`None` for [`Problem::TooFewSamples`]).
    pub factor: Option<String>,
    /// What is wrong, each problem once, in [`Problem`]'s order.
    pub problems: Vec<Problem>,
    /// The factor's indices (zeros for [`Problem::TooFewSamples`]).
    pub index: SobolIndex,
    /// The base samples to try instead.
    pub suggested_samples: usize,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = &self.index;
        write!(f, "{}", self.outcome)?;
        if let Some(factor) = &self.factor {
            write!(f, ": {factor}")?;
        }
        let mut sep = ": ";
        for problem in &self.problems {
            f.write_str(sep)?;
            sep = "; ";
            match problem {
                Problem::FirstAboveTotal => write!(
                    f,
                    "first-order index {:.3} ± {:.3} is above the total index {:.3} ± {:.3}, \
                     which cannot be",
                    s.first, s.first_conf, s.total, s.total_conf
                )?,
                Problem::Negative => {
                    let (name, v, c) = if s.first + s.first_conf < 0.0 {
                        ("first-order", s.first, s.first_conf)
                    } else {
                        ("total", s.total, s.total_conf)
                    };
                    write!(
                        f,
                        "{name} index {v:.3} ± {c:.3} is below zero beyond its interval, which \
                         a share of variance cannot be"
                    )?
                }
                Problem::WideInterval => write!(
                    f,
                    "intervals ±{:.3} (first order) and ±{:.3} (total) are wider than \
                     ±{MAX_HALF_WIDTH}",
                    s.first_conf, s.total_conf
                )?,
                Problem::TooFewSamples => {
                    f.write_str("one base sample cannot show how uncertain the indices are")?
                }
            }
        }
        write!(
            f,
            " — the sample is too small: try --samples {}",
            self.suggested_samples
        )
    }
}

/// The samples to suggest after a warning: enough to bring a half-width `h`
/// down to [`MAX_HALF_WIDTH`] (intervals shrink as 1/√N), at least four
/// times `samples` (half the width), as a power of two.
fn suggested_samples(samples: usize, h: f64) -> usize {
    let factor = if h.is_finite() {
        (h / MAX_HALF_WIDTH).powi(2).max(4.0)
    } else {
        4.0
    };
    let wanted = (samples.max(1) as f64 * factor)
        .ceil()
        .min(usize::MAX as f64 / 2.0) as usize;
    wanted.next_power_of_two()
}

/// The warnings for one outcome's Sobol indices from `samples` base samples
/// (in factor order, one per factor with problems).
pub fn sobol_warnings(
    outcome: &str,
    factors: &[String],
    indices: &[SobolIndex],
    samples: usize,
) -> Vec<Warning> {
    if samples < 2 {
        return vec![Warning {
            outcome: outcome.to_string(),
            factor: None,
            problems: vec![Problem::TooFewSamples],
            index: SobolIndex {
                first: 0.0,
                first_conf: 0.0,
                total: 0.0,
                total_conf: 0.0,
            },
            suggested_samples: suggested_samples(samples, f64::NAN),
        }];
    }
    let mut warnings = Vec::new();
    for (key, s) in factors.iter().zip(indices) {
        let h = s.first_conf.max(s.total_conf);
        let mut problems = Vec::new();
        if s.first - s.first_conf > s.total + s.total_conf {
            problems.push(Problem::FirstAboveTotal);
        }
        if s.first + s.first_conf < 0.0 || s.total + s.total_conf < 0.0 {
            problems.push(Problem::Negative);
        }
        if h > MAX_HALF_WIDTH {
            problems.push(Problem::WideInterval);
        }
        if !problems.is_empty() {
            warnings.push(Warning {
                outcome: outcome.to_string(),
                factor: Some(key.clone()),
                problems,
                index: *s,
                suggested_samples: suggested_samples(samples, h),
            });
        }
    }
    warnings
}

/// One outcome's indices.
#[derive(Clone, Debug, PartialEq)]
pub struct OutcomeAnalysis {
    /// The outcome's id.
    pub outcome: String,
    /// Its label.
    pub label: String,
    /// Its indices, in factor order.
    pub indices: Indices,
}

/// A whole analysis: the header, each outcome's indices with their
/// bootstrap intervals, and the warnings. A pure function of the header and
/// the evaluated rows, so merged shards give exactly one run's analysis.
#[derive(Clone, Debug, PartialEq)]
pub struct Analysis {
    /// What was analysed.
    pub header: Header,
    /// Bootstrap resamples of the intervals.
    pub resamples: usize,
    /// One entry per outcome of the header, in its order.
    pub outcomes: Vec<OutcomeAnalysis>,
    /// Signs that the sample is too small (Sobol only), by outcome and factor.
    pub warnings: Vec<Warning>,
}

/// Analyses the evaluated rows of a design (one per point, as [`evaluate`]
/// or [`merge`] give them): for each outcome of `header`, its share of runs
/// at each point is the output.
pub fn analyse(header: &Header, design: &Design, rows: &[Row], resamples: usize) -> Analysis {
    let mut warnings = Vec::new();
    let outcomes = header
        .outcomes
        .iter()
        .filter_map(|outcome| {
            // Merged headers were checked; an outcome not among the columns has no data.
            let column = header.columns.iter().position(|c| c == outcome)?;
            let y: Vec<f64> = rows
                .iter()
                .map(|r| r.get(column).copied().unwrap_or(0) as f64 / header.runs.max(1) as f64)
                .collect();
            let indices = Indices::of(design, &y, resamples);
            if let Indices::Sobol(s) = &indices {
                warnings.extend(sobol_warnings(outcome, &header.factors, s, header.samples));
            }
            Some(OutcomeAnalysis {
                outcome: outcome.clone(),
                label: header.labels.get(column).cloned().unwrap_or_default(),
                indices,
            })
        })
        .collect();
    Analysis {
        header: header.clone(),
        resamples,
        outcomes,
        warnings,
    }
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
        let s = sobol(&design, &y, 0, 11);
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

    /// y = Σ aᵢuᵢ with uᵢ uniform: Sᵢ = S_Tᵢ = aᵢ²/Σa² (Saltelli et al. 2008, *The
    /// Primer*, ch. 1: for a linear model with independent inputs the first-order indices
    /// are the squared standardised regression coefficients, and they sum to one).
    fn linear_sobol(samples: usize, seed: u64, resamples: usize) -> Vec<SobolIndex> {
        let a = [1.0, 2.0, 3.0];
        let design = Design::new(Method::Sobol, 3, samples, seed);
        let y: Vec<f64> = design
            .points
            .iter()
            .map(|x| x.iter().zip(a).map(|(u, c)| u * c).sum())
            .collect();
        sobol(&design, &y, resamples, seed)
    }

    /// 1/14, 4/14, 9/14, by hand.
    const LINEAR_S: [f64; 3] = [1.0 / 14.0, 4.0 / 14.0, 9.0 / 14.0];

    #[test]
    fn sobol_bootstrap_intervals_cover_the_analytic_indices() {
        // 40 independent analyses of N = 256: a 95 % interval should cover the analytic
        // value about 95 % of the time; a broken bootstrap (too narrow, or the wrong
        // spread) covers far less.
        let (mut covered, mut total) = (0, 0);
        for seed in 1..=40 {
            for (s, want) in linear_sobol(256, seed, 100).iter().zip(LINEAR_S) {
                for (value, conf) in [(s.first, s.first_conf), (s.total, s.total_conf)] {
                    total += 1;
                    covered += usize::from((value - want).abs() <= conf);
                }
            }
        }
        assert!(covered * 100 >= total * 88, "{covered} of {total} covered");
        assert!(covered < total, "intervals that always cover are too wide");
    }

    #[test]
    fn sobol_bootstrap_intervals_shrink_as_the_sample_grows() {
        // Sixteen times the sample: the half-widths shrink about fourfold (1/√N).
        let small = linear_sobol(256, 3, 100);
        let large = linear_sobol(4096, 3, 100);
        for (s, l) in small.iter().zip(&large) {
            assert!(l.first_conf < s.first_conf / 2.5, "{s:?} {l:?}");
            assert!(l.total_conf < s.total_conf / 2.5, "{s:?} {l:?}");
            assert!(l.first_conf > s.first_conf / 8.0, "{s:?} {l:?}");
        }
        // Well sampled: covers, and nothing to warn about.
        for (l, want) in large.iter().zip(LINEAR_S) {
            assert!((l.first - want).abs() <= 2.0 * l.first_conf, "{l:?}");
        }
        let keys: Vec<String> = ["a", "b", "c"].map(String::from).to_vec();
        assert_eq!(sobol_warnings("war", &keys, &large, 4096), vec![]);
    }

    #[test]
    fn morris_interval_is_the_standard_error_of_mu_star() {
        // The bootstrap sd of a mean of r independent values is their standard error,
        // sd/√r: computed here from the design's points alone (the moved coordinate of
        // each consecutive pair), not through the orders the estimator uses.
        let r = 400;
        let design = Design::new(Method::Morris, 3, r, 9);
        let y: Vec<f64> = design.points.iter().map(|x| ishigami(x)).collect();
        let m = morris(&design, &y, 2000, 9);
        assert_eq!(m.len(), 3);
        for (i, mi) in m.iter().enumerate() {
            let effects: Vec<f64> = (0..r)
                .flat_map(|t| (0..3).map(move |s| t * 4 + s))
                .filter(|&p| design.points[p + 1][i] != design.points[p][i])
                .map(|p| {
                    let dx = design.points[p + 1][i] - design.points[p][i];
                    ((y[p + 1] - y[p]) / dx).abs()
                })
                .collect();
            assert_eq!(effects.len(), r);
            let mean = effects.iter().sum::<f64>() / r as f64;
            let sd = (effects.iter().map(|e| (e - mean).powi(2)).sum::<f64>() / r as f64).sqrt();
            let expected = 1.959_964 * sd / (r as f64).sqrt();
            assert!((mi.mu_star - mean).abs() < 1e-9, "{mi:?}");
            assert!(
                (mi.mu_star_conf / expected - 1.0).abs() < 0.1,
                "{} vs {expected}",
                mi.mu_star_conf
            );
        }
    }

    #[test]
    fn bootstrap_depends_on_the_seed_not_on_threads() {
        let design = Design::new(Method::Sobol, 3, 64, 4);
        let y: Vec<f64> = design.points.iter().map(|x| ishigami(x)).collect();
        let morris_design = Design::new(Method::Morris, 3, 20, 4);
        let my: Vec<f64> = morris_design.points.iter().map(|x| ishigami(x)).collect();
        let on = |threads: usize| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap()
                .install(|| {
                    (
                        sobol(&design, &y, 100, 4),
                        morris(&morris_design, &my, 100, 4),
                    )
                })
        };
        assert_eq!(on(1), on(3));
        assert_ne!(sobol(&design, &y, 100, 5), on(1).0);
    }

    #[test]
    fn warnings_by_hand() {
        let keys: Vec<String> = ["above", "negative", "wide", "fine", "close"]
            .map(String::from)
            .to_vec();
        let s = |first, first_conf, total, total_conf| SobolIndex {
            first,
            first_conf,
            total,
            total_conf,
        };
        let indices = [
            s(0.5, 0.05, 0.3, 0.05),
            s(-0.3, 0.1, 0.2, 0.05),
            s(0.2, 0.3, 0.3, 0.2),
            s(0.2, 0.02, 0.25, 0.03),
            // Above the total, but within the intervals: no warning.
            s(0.32, 0.05, 0.30, 0.05),
        ];
        let w = sobol_warnings("war", &keys, &indices, 64);
        let found: Vec<(&str, &[Problem], usize)> = w
            .iter()
            .map(|w| {
                (
                    w.factor.as_deref().unwrap(),
                    w.problems.as_slice(),
                    w.suggested_samples,
                )
            })
            .collect();
        // Suggestions: 4N = 256 unless (h/0.1)² is larger: (0.3/0.1)² = 9 → 576 → 1024.
        assert_eq!(
            found,
            vec![
                ("above", &[Problem::FirstAboveTotal][..], 256),
                ("negative", &[Problem::Negative][..], 256),
                ("wide", &[Problem::WideInterval][..], 1024),
            ]
        );
        assert_eq!(
            w[0].to_string(),
            "war: above: first-order index 0.500 ± 0.050 is above the total index 0.300 ± \
             0.050, which cannot be — the sample is too small: try --samples 256"
        );
        let one = sobol_warnings("war", &keys, &indices, 1);
        assert_eq!(one.len(), 1);
        assert_eq!(one[0].problems, vec![Problem::TooFewSamples]);
    }

    #[test]
    fn eight_base_samples_of_the_flagship_warn() {
        let scenario =
            redline_scenarios::load_shipped(redline_scenarios::FLAGSHIP_ID, &[]).unwrap();
        let model = CrisisModel::new(scenario).unwrap();
        let header = Header {
            method: Method::Sobol,
            scenario: model.scenario().id.clone(),
            scenario_file: String::new(),
            scenario_sha256: String::new(),
            set: Vec::new(),
            with: Vec::new(),
            params: String::new(),
            seed: 42,
            samples: 8,
            runs: 40,
            factors: uncertain_factors(&model)
                .into_iter()
                .map(|(_, k)| k)
                .collect(),
            columns: model.outcomes().ids().map(str::to_string).collect(),
            labels: model
                .outcomes()
                .outcomes()
                .map(|o| o.label.clone())
                .collect(),
            outcomes: vec!["war".into(), "talks_public".into()],
        };
        let design = header.design();
        let all: Vec<usize> = (0..design.points.len()).collect();
        let rows = evaluate(&model, &design, &all, header.runs, header.seed, &|_| {});
        let analysis = analyse(&header, &design, &rows, DEFAULT_RESAMPLES);
        assert!(!analysis.warnings.is_empty());
        assert!(analysis.warnings.iter().all(|w| w.suggested_samples >= 32
            && w.factor.is_some()
            && w.to_string().contains("try --samples")));
        assert_eq!(
            analysis,
            analyse(&header, &design, &rows, DEFAULT_RESAMPLES)
        );
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
        for (m, want) in morris(&design, &y, 50, 3).iter().zip(c) {
            assert!(
                (m.mu - want).abs() < 1e-12
                    && (m.mu_star - want.abs()).abs() < 1e-12
                    && m.sigma < 1e-12
                    && m.mu_star_conf < 1e-12,
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
        let m = morris(&design, &y, 0, 5);
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

    #[test]
    fn point_count_is_the_design_size() {
        for method in [Method::Morris, Method::Sobol] {
            for (k, n) in [(1, 1), (3, 4), (7, 2)] {
                assert_eq!(
                    Design::point_count(method, k, n),
                    Some(Design::new(method, k, n, 1).points.len())
                );
            }
        }
        assert_eq!(Design::point_count(Method::Sobol, usize::MAX, 2), None);
    }

    #[test]
    fn ranking_by_hand_leaves_out_zero_effects() {
        let keys: Vec<String> = ["a", "b", "c", "d"].map(String::from).to_vec();
        let m = |mu, mu_star| MorrisIndex {
            mu,
            mu_star,
            mu_star_conf: 0.0,
            sigma: 0.0,
        };
        let rows = rank_morris(
            &keys,
            &[m(0.1, 0.2), m(0.0, 0.0), m(-0.5, 0.5), m(0.0, 0.2)],
        );
        let ranked: Vec<(&str, f64)> = rows.iter().map(|r| (r.key.as_str(), r.mu)).collect();
        // b has no effect at all; d's effects cancel (μ = 0) but it has an effect (μ* > 0).
        assert_eq!(ranked, vec![("c", -0.5), ("a", 0.1), ("d", 0.0)]);
    }

    #[test]
    fn morris_ranking_of_the_flagship() {
        let scenario =
            redline_scenarios::load_shipped(redline_scenarios::FLAGSHIP_ID, &[]).unwrap();
        let model = CrisisModel::new(scenario).unwrap();
        let factors = uncertain_factors(&model);
        let rows = morris_ranking(&model, "talks_public", 2, 20, 3, &|_| {});
        assert!(!rows.is_empty() && rows.len() <= factors.len());
        assert!(
            rows.iter()
                .all(|r| r.mu_star > 0.0 && r.mu.abs() <= r.mu_star)
        );
        assert!(rows.windows(2).all(|w| w[0].mu_star >= w[1].mu_star));
        assert!(
            rows.iter()
                .all(|r| factors.iter().any(|(_, key)| *key == r.key))
        );
        assert!(morris_ranking(&model, "war", 0, 8, 3, &|_| {}).is_empty());
    }

    fn header(method: Method) -> Header {
        Header {
            method,
            scenario: "s".into(),
            scenario_file: "s.toml".into(),
            scenario_sha256: "00".into(),
            set: vec!["a.b=1".into()],
            with: Vec::new(),
            params: String::new(),
            seed: 7,
            samples: 2,
            runs: 10,
            factors: vec!["x".into(), "y".into()],
            columns: vec!["war".into(), "interim_deal".into(), "talks_public".into()],
            labels: vec!["War".into(), "Interim deal".into(), "Public talks".into()],
            outcomes: vec!["war".into(), "interim_deal".into()],
        }
    }

    /// Shards 0..n of `n` of a Morris design of 2 factors × 2 samples (6 points),
    /// point p's row all p.
    fn shards(n: usize) -> Vec<(String, Shard)> {
        let design = header(Method::Morris).design();
        (0..n)
            .map(|i| {
                let indices = design.shard(i, n);
                let rows: Vec<Row> = indices.iter().map(|&p| vec![p as u64; 3]).collect();
                (
                    format!("part{i}.json"),
                    Shard::new(header(Method::Morris), i, n, &indices, &rows),
                )
            })
            .collect()
    }

    #[test]
    fn shard_json_is_the_file_format() {
        let (_, shard) = &shards(2)[1];
        let v = serde_json::to_value(shard).unwrap();
        assert_eq!(v["kind"], "redline-sensitivity-shard");
        assert_eq!(v["method"], "morris");
        assert_eq!(v["outcomes"], serde_json::json!(["war", "interim_deal"]));
        assert_eq!(v["shard"], serde_json::json!([1, 2]));
        assert_eq!(v["scenario_sha256"], "00");
        assert_eq!(v["set"], serde_json::json!(["a.b=1"]));
        assert!(v.get("with").is_none());
        assert_eq!(v["evaluations"][0]["point"], 1);
        assert_eq!(v["evaluations"][0]["counts"][2], 1);
        assert_eq!(v["columns"][2], "talks_public");
        let back: Shard = serde_json::from_value(v).unwrap();
        assert_eq!(&back, shard);
        // A file as the first version wrote it (keys in alphabetical order) still reads.
        let old = r#"{"evaluations": [{"counts": [1,2,3,4,5,6,7,8,9,10,11,12], "point": 0}],
            "factors": ["x"], "kind": "redline-sensitivity-shard", "method": "sobol",
            "outcomes": ["war"], "runs": 5, "samples": 1, "scenario": "s", "seed": 3,
            "shard": [0, 3]}"#;
        let old: Shard = serde_json::from_str(old).unwrap();
        assert_eq!(old.header.method, Method::Sobol);
        assert!(old.header.scenario_sha256.is_empty() && old.header.set.is_empty());
        assert_eq!(old.evaluations[0].counts[11], 12);
        for bad in [
            r#"{"kind": "other"}"#,
            r#"{"kind": "redline-sensitivity-shard", "method": "morris", "outcomes": ["wars"]}"#,
        ] {
            assert!(serde_json::from_str::<Shard>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn merge_checks_headers_and_names_missing_points() {
        let all = shards(3);
        let merged = merge(&all).unwrap();
        assert_eq!(merged.rows.len(), 6);
        assert!(
            merged
                .rows
                .iter()
                .enumerate()
                .all(|(p, r)| r[0] == p as u64)
        );
        assert_eq!(merged.header, header(Method::Morris));
        assert_eq!(merged.design, header(Method::Morris).design());
        // Shard 1 of 3 holds points 1 and 4.
        let error = merge(&[all[0].clone(), all[2].clone()]).unwrap_err();
        assert_eq!(
            error,
            MergeError::Missing {
                count: 2,
                points: 6,
                first_missing: vec![1, 4],
                shards_not_given: vec![1],
                shards: 3,
            }
        );
        assert_eq!(
            error.to_string(),
            "2 of 6 design points are missing (points 1, 4); shards not given: 1/3: \
             merge every shard of the analysis"
        );
        assert_eq!(merge(&[]).unwrap_err(), MergeError::NoShards);
        let twice = merge(&[all[0].clone(), all[1].clone(), all[0].clone()]).unwrap_err();
        assert!(
            matches!(twice, MergeError::Duplicate { point: 0, .. }),
            "{twice}"
        );
        let mut other = all[1].clone();
        other.1.header.seed = 8;
        let error = merge(&[all[0].clone(), other]).unwrap_err();
        assert_eq!(
            error.to_string(),
            "part1.json: belongs to a different analysis than part0.json"
        );
        let mut stray = all[1].clone();
        stray.1.evaluations[0].point = 2;
        assert!(matches!(
            merge(&[stray]).unwrap_err(),
            MergeError::PointNotInShard { point: 2, .. }
        ));
        let mut bad = all[0].clone();
        bad.1.shard = (3, 3);
        assert!(matches!(
            merge(&[bad]).unwrap_err(),
            MergeError::BadShardIndex { .. }
        ));
    }
}
