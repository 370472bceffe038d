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
use redline_core::scenario::Replay;
use redline_core::{Outcome, RandomStream};
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
    outcome: Outcome,
    samples: usize,
    runs: u64,
    seed: u64,
    progress: &(dyn Fn(u64) + Sync),
) -> Vec<MorrisRow> {
    let keys: Vec<String> = uncertain_factors(model)
        .into_iter()
        .map(|(_, key)| key)
        .collect();
    if samples == 0 || runs == 0 || keys.is_empty() {
        return Vec::new();
    }
    let design = Design::new(Method::Morris, keys.len(), samples, seed);
    let all: Vec<usize> = (0..design.points.len()).collect();
    let y: Vec<f64> = evaluate(model, &design, &all, runs, seed, progress)
        .iter()
        .map(|r| r[outcome.index()] as f64 / runs as f64)
        .collect();
    rank_morris(&keys, &morris(&design, &y))
}

/// Outcomes as their ids in shard files.
mod outcome_ids {
    use redline_core::Outcome;
    use serde::de::Error;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(outcomes: &[Outcome], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(outcomes.iter().map(|o| o.id()))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Outcome>, D::Error> {
        Vec::<String>::deserialize(d)?
            .iter()
            .map(|id| {
                Outcome::from_id(id)
                    .ok_or_else(|| D::Error::custom(format!("unknown outcome `{id}`")))
            })
            .collect()
    }
}

/// Everything that defines a design and its evaluations; the shards of one
/// analysis agree on it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Header {
    /// The method.
    pub method: Method,
    /// The scenario's id.
    pub scenario: String,
    /// Seed of the design and of every run.
    pub seed: u64,
    /// Morris trajectories or Sobol base samples.
    pub samples: usize,
    /// Runs at each design point.
    pub runs: u64,
    /// The uncertain parameters' keys, in the design's factor order.
    pub factors: Vec<String>,
    /// The outcomes analysed (ids in JSON).
    #[serde(with = "outcome_ids")]
    pub outcomes: Vec<Outcome>,
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
    /// Runs in which each outcome happened, in [`Outcome::ALL`] order.
    pub counts: [u64; Outcome::COUNT],
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
        rows: &[[u64; Outcome::COUNT]],
    ) -> Shard {
        Shard {
            kind: ShardKind::SensitivityShard,
            header,
            shard: (shard, shards),
            evaluations: indices
                .iter()
                .zip(rows)
                .map(|(&point, &counts)| Evaluation { point, counts })
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
    pub rows: Vec<[u64; Outcome::COUNT]>,
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
    /// A point evaluated twice.
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
    let mut found: BTreeMap<usize, ([u64; Outcome::COUNT], usize)> = BTreeMap::new();
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
            if let Some((_, before)) = found.insert(e.point, (e.counts, f)) {
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
        let rows = morris_ranking(&model, Outcome::TalksPublic, 2, 20, 3, &|_| {});
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
        assert!(morris_ranking(&model, Outcome::War, 0, 8, 3, &|_| {}).is_empty());
    }

    fn header(method: Method) -> Header {
        Header {
            method,
            scenario: "s".into(),
            seed: 7,
            samples: 2,
            runs: 10,
            factors: vec!["x".into(), "y".into()],
            outcomes: vec![Outcome::War, Outcome::InterimDeal],
        }
    }

    /// Shards 0..n of `n` of a Morris design of 2 factors × 2 samples (6 points),
    /// point p's row all p.
    fn shards(n: usize) -> Vec<(String, Shard)> {
        let design = header(Method::Morris).design();
        (0..n)
            .map(|i| {
                let indices = design.shard(i, n);
                let rows: Vec<[u64; Outcome::COUNT]> = indices
                    .iter()
                    .map(|&p| [p as u64; Outcome::COUNT])
                    .collect();
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
        assert_eq!(v["evaluations"][0]["point"], 1);
        assert_eq!(v["evaluations"][0]["counts"][11], 1);
        let back: Shard = serde_json::from_value(v).unwrap();
        assert_eq!(&back, shard);
        // A file as the first version wrote it (keys in alphabetical order) still reads.
        let old = r#"{"evaluations": [{"counts": [1,2,3,4,5,6,7,8,9,10,11,12], "point": 0}],
            "factors": ["x"], "kind": "redline-sensitivity-shard", "method": "sobol",
            "outcomes": ["war"], "runs": 5, "samples": 1, "scenario": "s", "seed": 3,
            "shard": [0, 3]}"#;
        let old: Shard = serde_json::from_str(old).unwrap();
        assert_eq!(old.header.method, Method::Sobol);
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
