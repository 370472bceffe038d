//! `redline fit`: the shared behavioural parameters estimated from the case
//! library, with today's judgments as priors.
//!
//! **What is maximised.** Each fitted parameter θᵢ has a prior, the
//! distribution its judgment gives it in `scenarios/shared/parameters.toml`
//! (or `shared/iran.toml`). The fit works on the prior's normal scores,
//! θᵢ = Qᵢ(Φ(zᵢ)) with Qᵢ the prior's quantile function, so that the prior
//! of z is exactly N(0, I) and the penalised objective is
//!
//! ```text
//! L(z) = −Σ_cases Σ_scored [ y ln p̂(z) + (1 − y) ln(1 − p̂(z)) ] + ½‖z‖²
//! p̂(z) = (happened runs + ½) / (runs + 1)
//! ```
//!
//! the negative log posterior up to a constant: the record's log likelihood
//! (the log score of the case's forecasts, each outcome scored yes or no as
//! `redline backtest` scores it) plus the prior. Its minimum is the
//! maximum a posteriori estimate: a penalised fit, not free curve-fitting,
//! since a parameter the cases say nothing about stays at its prior's median
//! (z = 0). Every case is run on the same random streams at every candidate
//! (common random numbers), so that differences between candidates are the
//! parameters' and not luck's; the other uncertain parameters are drawn per
//! run as in a forecast. A case uses a fitted parameter only where it takes
//! the shared judgment (a case that sets its own value, as the North Korea
//! cases set the test rate, keeps it).
//!
//! **The optimiser** is CMA-ES ([`crate::cmaes`], Hansen 2016), started at
//! the priors' medians: rank-based and derivative-free, which a simulated
//! objective needs.
//!
//! **Uncertainty** is the Laplace approximation at the estimate: the
//! posterior of z is taken as N(ẑ, H⁻¹), H the Hessian of L by central
//! differences (step [`Settings::step`] in z), its eigenvalues held at 1 or
//! more (the posterior is never wider than the prior: H = I + the data's
//! information, which is non-negative). A parameter is **identified** when
//! the data at least halve its prior variance (posterior sd in z below
//! 1/√2); otherwise it stays at its prior. The cases that **informed** a
//! parameter are those whose own curvature in it, ∂²Lc/∂zᵢ², is at least a
//! tenth of the data's total.

use crate::cmaes;
use crate::linalg::Matrix;
use crate::scoring::{RecordedOutcome, Verdict};
use redline_core::distribution::Distribution;
use redline_core::special::normal_cdf;
use redline_crisis::CrisisModel;
use redline_crisis::sensitivity;
use serde::{Deserialize, Serialize};

/// The shared parameters fitted by default: the behavioural ones the case
/// library can inform (the opening and pace of talks, deals' breakdown,
/// retaliation, the decisions to weaponize and to leave the treaty, the
/// guarantors' trigger, the strike decisions' reading of breakout, and how
/// open maximum pressure is to talks).
pub const DEFAULT_KEYS: [&str; 12] = [
    "leader.permission.allow_base_annual",
    "talks.open_base_annual",
    "talks.open_hostility",
    "talks.weeks_per_stage",
    "talks.collapse_weekly",
    "deals.breakdown_weekly",
    "retaliation.probability",
    "weaponization.base_annual",
    "weaponization.hostility",
    "npt.base_annual",
    "snapback.trigger_base_annual",
    "strategies.max_pressure.openness",
];

/// One historical case as the fit uses it.
#[derive(Clone)]
pub struct Case {
    /// The scenario's id.
    pub id: String,
    /// Its model.
    pub model: CrisisModel,
    /// Scored outcomes: (index in the model's outcome order, happened).
    pub scored: Vec<(usize, bool)>,
}

impl Case {
    /// The case of `model` with its record; `None` when nothing in the
    /// record is scored (every row `unknown` or `n/a`, or no row matches).
    pub fn new(model: CrisisModel, record: &[RecordedOutcome]) -> Option<Case> {
        let scored: Vec<(usize, bool)> = model
            .outcomes()
            .outcomes()
            .enumerate()
            .filter_map(|(i, o)| {
                let r = record.iter().find(|r| r.outcome == o.id)?;
                match r.verdict {
                    Verdict::Yes => Some((i, true)),
                    Verdict::No => Some((i, false)),
                    Verdict::Unknown | Verdict::NotApplicable => None,
                }
            })
            .collect();
        (!scored.is_empty()).then(|| Case {
            id: model.scenario().id.clone(),
            model,
            scored,
        })
    }
}

/// A parameter to fit: its prior and where each case reads it.
#[derive(Clone, Debug)]
pub struct Factor {
    /// The parameter's key.
    pub key: String,
    /// Its prior: the shared judgment.
    pub prior: Distribution,
    /// Its range, if the scenario gives one.
    pub range: Option<(f64, f64)>,
    /// Its unit.
    pub unit: String,
    /// Per case, the parameter's index in the case's sampler, or `None`
    /// where the case sets its own value or lacks the key.
    pub index_in_case: Vec<Option<usize>>,
}

/// Whether a case takes `key` from the shared files (and so can inform it).
pub fn uses(case: &Case, key: &str) -> bool {
    redline_scenarios::takes_shared(case.model.scenario(), key)
}

/// The factors for `keys` over `cases`. Errors name a key that no case
/// takes from the shared files, or whose shared value is not a distribution.
pub fn factors(cases: &[Case], keys: &[String]) -> Result<Vec<Factor>, String> {
    keys.iter()
        .map(|key| {
            let index_in_case: Vec<Option<usize>> = cases
                .iter()
                .map(|c| {
                    if !uses(c, key) {
                        return None;
                    }
                    c.model.sampler().keys().iter().position(|k| k == key)
                })
                .collect();
            let Some((case, index)) = cases
                .iter()
                .zip(&index_in_case)
                .find_map(|(c, i)| i.map(|i| (c, i)))
            else {
                return Err(format!(
                    "`{key}`: no case takes it from the shared parameters, so history cannot inform it"
                ));
            };
            let prior = case.model.sampler().distributions()[index].clone();
            if prior.is_fixed() {
                return Err(format!(
                    "`{key}` is a fixed value, not a judgment with a distribution: there is no prior to fit from"
                ));
            }
            let parameter = case.model.scenario().parameter(key);
            Ok(Factor {
                key: key.clone(),
                prior,
                range: parameter.and_then(|p| p.range),
                unit: parameter
                    .and_then(|p| p.unit.clone())
                    .unwrap_or_default(),
                index_in_case,
            })
        })
        .collect()
}

/// How the fit runs.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Settings {
    /// Runs per case per candidate.
    pub runs: u64,
    /// Seed of the runs (common to every candidate) and of the search.
    pub seed: u64,
    /// CMA-ES generations at most.
    pub generations: usize,
    /// Step of the Hessian's central differences, in prior standard deviations.
    pub step: f64,
    /// Independent searches (restarts): the first from the priors' medians,
    /// the others from draws from the prior; the best is kept. Shards of a
    /// fit share its starts out.
    pub starts: usize,
    /// The whole Hessian, or its diagonal only (2n + 1 evaluations instead
    /// of 2n² + 1: the cross-validation's folds, which need each
    /// parameter's spread but not their correlations).
    pub curvature: Curvature,
}

/// How much of the Hessian the Laplace approximation computes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Curvature {
    /// Every second derivative (correlations included).
    Full,
    /// The diagonal only (the posterior taken as independent).
    Diagonal,
}

/// Where the search starts: the normal scores and the initial step.
#[derive(Clone, Debug, PartialEq)]
pub struct Start {
    /// Normal scores, one per factor (zeros: the priors' medians).
    pub z: Vec<f64>,
    /// CMA-ES's initial step σ₀ in z.
    pub sigma: f64,
}

impl Start {
    /// The priors' medians with a step of 0.6 prior standard deviations.
    pub fn at_priors(factors: usize) -> Start {
        Start {
            z: vec![0.0; factors],
            sigma: 0.6,
        }
    }
}

/// The value of a factor at normal score `z`.
fn value_at(prior: &Distribution, z: f64) -> f64 {
    prior.quantile(normal_cdf(z).clamp(1e-9, 1.0 - 1e-9))
}

/// Each case's negative log likelihood at each candidate: `[point][case]`.
fn case_losses(
    cases: &[Case],
    factors: &[Factor],
    zs: &[Vec<f64>],
    settings: &Settings,
) -> Vec<Vec<f64>> {
    let mut losses = vec![vec![0.0; cases.len()]; zs.len()];
    for (c, case) in cases.iter().enumerate() {
        let used: Vec<(usize, &Factor)> = factors
            .iter()
            .enumerate()
            .filter(|(_, f)| f.index_in_case[c].is_some())
            .collect();
        let in_case: Vec<(usize, Distribution)> = used
            .iter()
            .filter_map(|(_, f)| Some((f.index_in_case[c]?, f.prior.clone())))
            .collect();
        let units: Vec<Vec<f64>> = zs
            .iter()
            .map(|z| {
                used.iter()
                    .map(|(i, _)| normal_cdf(z[*i]).clamp(1e-9, 1.0 - 1e-9))
                    .collect()
            })
            .collect();
        let points: Vec<&[f64]> = units.iter().map(|u| u.as_slice()).collect();
        let rows = sensitivity::evaluate_at(
            &case.model,
            &in_case,
            &points,
            settings.runs,
            settings.seed,
            &|_| {},
        );
        for (point, row) in rows.iter().enumerate() {
            losses[point][c] = case
                .scored
                .iter()
                .map(|&(outcome, happened)| {
                    let p = (row[outcome] as f64 + 0.5) / (settings.runs as f64 + 1.0);
                    -(if happened { p.ln() } else { (1.0 - p).ln() })
                })
                .sum();
        }
    }
    losses
}

/// The penalised objective of each candidate, with the per-case losses.
fn objective(
    cases: &[Case],
    factors: &[Factor],
    zs: &[Vec<f64>],
    settings: &Settings,
) -> (Vec<f64>, Vec<Vec<f64>>) {
    let losses = case_losses(cases, factors, zs, settings);
    let totals = zs
        .iter()
        .zip(&losses)
        .map(|(z, l)| l.iter().sum::<f64>() + 0.5 * z.iter().map(|v| v * v).sum::<f64>())
        .collect();
    (totals, losses)
}

/// One fitted parameter.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Estimate {
    /// The parameter's key.
    pub key: String,
    /// Its unit.
    pub unit: String,
    /// The prior, as the scenario writes it.
    pub prior: String,
    /// The prior's median.
    pub prior_median: f64,
    /// The estimate (the posterior mode mapped through the prior's quantiles).
    pub estimate: f64,
    /// The 90 % posterior interval (Laplace), in the parameter's units.
    pub interval: [f64; 2],
    /// The estimate's normal score (0: the prior's median).
    pub z: f64,
    /// The posterior standard deviation of z (1: no more than the prior knew).
    pub posterior_sd_z: f64,
    /// The data at least halve the prior variance.
    pub identified: bool,
    /// The cases that informed it, with their share of the data's curvature.
    pub informed_by: Vec<(String, f64)>,
    /// Cases that take it from the shared parameters.
    pub cases: usize,
}

impl Estimate {
    /// The posterior as a distribution a forecast draws from: a normal
    /// truncated to the parameter's range, centred on the estimate, its
    /// spread half the width of the ±1 sd interval of z mapped through the
    /// prior's quantiles (so a parameter the cases did not pin down keeps
    /// about its prior's spread).
    pub fn posterior(&self, factor: &Factor) -> Distribution {
        let below = value_at(&factor.prior, self.z - self.posterior_sd_z);
        let above = value_at(&factor.prior, self.z + self.posterior_sd_z);
        let (low, high) = factor.range.unwrap_or((f64::NEG_INFINITY, f64::INFINITY));
        Distribution::TruncatedNormal {
            mean: self.estimate,
            sd: (0.5 * (above - below)).abs().max(1e-6),
            low,
            high,
        }
    }

    /// The informing cases as "id share%, …", or `None` when no case stands out.
    pub fn informed_by_text(&self) -> Option<String> {
        (!self.informed_by.is_empty()).then(|| {
            self.informed_by
                .iter()
                .map(|(id, share)| format!("{id} {:.0}%", 100.0 * share))
                .collect::<Vec<_>>()
                .join(", ")
        })
    }
}

/// The result of a fit.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Fit {
    /// The cases fitted, by id.
    pub cases: Vec<String>,
    /// Scored forecasts over them.
    pub scored: usize,
    /// The estimates, in the order the keys were given.
    pub estimates: Vec<Estimate>,
    /// The objective at the priors' medians and at the estimate.
    pub objective_at_prior: f64,
    /// The objective at the estimate.
    pub objective_at_estimate: f64,
    /// The mean log score of the case's outcomes at the priors' medians and at the estimate.
    pub log_score_at_prior: f64,
    /// … at the estimate.
    pub log_score_at_estimate: f64,
    /// CMA-ES generations run and objective evaluations (search and Hessian).
    pub generations: usize,
    /// Evaluations of the objective (candidates × cases is the model's work).
    pub evaluations: usize,
    /// Each start's search (one unless [`Settings::starts`] asks for more).
    pub starts: Vec<SearchResult>,
    /// The settings.
    #[serde(skip)]
    pub settings: Settings,
}

/// Evaluations of the objective a fit of `factors` parameters makes at most:
/// each start's generations and the choice of its estimate (2), then
/// [`laplace_evaluations`] (for a progress bar).
pub fn evaluations_at_most(factors: usize, settings: &Settings) -> usize {
    settings.starts.max(1) * (settings.generations * cmaes::default_population(factors) + 2)
        + laplace_evaluations(factors, settings.curvature)
}

/// Evaluations of the objective [`laplace`] makes: the priors' medians, the
/// centre, and the Hessian's 2n² (2n for its diagonal).
pub fn laplace_evaluations(factors: usize, curvature: Curvature) -> usize {
    match curvature {
        Curvature::Full => 2 * factors * factors + 2,
        Curvature::Diagonal => 2 * factors + 2,
    }
}

/// One search of the fit: where it ended and the objective there.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SearchResult {
    /// The start's index (0: the priors' medians).
    pub start: usize,
    /// The estimate's normal scores.
    pub z: Vec<f64>,
    /// The objective there.
    pub objective: f64,
    /// CMA-ES generations run.
    pub generations: usize,
    /// Objective evaluations.
    pub evaluations: usize,
}

/// Where start `index` of a fit begins: the priors' medians for start 0,
/// a draw from the prior N(0, I) (stream (seed, index, "fit-start")) for
/// the others; each with σ₀ = 0.6.
pub fn start_point(factors: usize, seed: u64, index: usize) -> Start {
    if index == 0 {
        return Start::at_priors(factors);
    }
    let mut stream = redline_core::RandomStream::new(seed, index as u64, "fit-start");
    Start {
        z: (0..factors).map(|_| stream.standard_normal()).collect(),
        sigma: 0.6,
    }
}

/// Runs the searches of the starts `indices` (a shard's share of
/// [`Settings::starts`]).
pub fn search(
    cases: &[Case],
    factors: &[Factor],
    settings: &Settings,
    indices: &[usize],
    progress: &dyn Fn(usize),
) -> Vec<SearchResult> {
    indices
        .iter()
        .map(|&index| {
            search_from(
                cases,
                factors,
                settings,
                &start_point(factors.len(), settings.seed, index),
                index,
                progress,
            )
        })
        .collect()
}

/// The best of the searches: the lowest objective, the lowest start index
/// among equals (so the choice does not depend on the order shards arrive in).
pub fn best(results: &[SearchResult]) -> Option<&SearchResult> {
    results.iter().min_by(|a, b| {
        a.objective
            .total_cmp(&b.objective)
            .then(a.start.cmp(&b.start))
    })
}

/// Fits `factors` on `cases`: every start's search ([`Settings::starts`]),
/// then the Laplace approximation at the best; `progress` is told how many
/// evaluations of the objective each batch made.
pub fn fit(
    cases: &[Case],
    factors: &[Factor],
    settings: &Settings,
    progress: &dyn Fn(usize),
) -> Fit {
    let indices: Vec<usize> = (0..settings.starts.max(1)).collect();
    let searches = search(cases, factors, settings, &indices, progress);
    laplace(cases, factors, settings, &searches, progress)
}

/// Fits `factors` on `cases` with one search from `start` (a warm start:
/// an earlier fit's estimate on fewer cases).
pub fn fit_from(
    cases: &[Case],
    factors: &[Factor],
    settings: &Settings,
    start: &Start,
    progress: &dyn Fn(usize),
) -> Fit {
    let searched = search_from(cases, factors, settings, start, 0, progress);
    laplace(cases, factors, settings, &[searched], progress)
}

/// One CMA-ES search from `start`; restart `index` draws its candidates
/// from its own streams.
fn search_from(
    cases: &[Case],
    factors: &[Factor],
    settings: &Settings,
    start: &Start,
    index: usize,
    progress: &dyn Fn(usize),
) -> SearchResult {
    let mut evaluations = 0;
    let search = cmaes::minimize(
        &start.z,
        &cmaes::Settings {
            population: 0,
            sigma: start.sigma,
            generations: settings.generations,
            tolerance: 1e-3,
            seed: settings.seed,
            restart: index as u64,
        },
        &mut |zs| {
            let (totals, _) = objective(cases, factors, zs, settings);
            evaluations += zs.len();
            progress(zs.len());
            totals
        },
    );
    // The estimate: the better of the search's best candidate and its final
    // mean (the mean averages over the last generations' noise).
    let (at_both, _) = objective(
        cases,
        factors,
        &[search.best.clone(), search.mean.clone()],
        settings,
    );
    evaluations += 2;
    progress(2);
    let (z, objective) = if at_both[1] <= at_both[0] {
        (search.mean, at_both[1])
    } else {
        (search.best, at_both[0])
    };
    SearchResult {
        start: index,
        z,
        objective,
        generations: search.generations,
        evaluations,
    }
}

/// The Laplace approximation at the best of `searches`, and the estimates.
pub fn laplace(
    cases: &[Case],
    factors: &[Factor],
    settings: &Settings,
    searches: &[SearchResult],
    progress: &dyn Fn(usize),
) -> Fit {
    let n = factors.len();
    let z_hat = best(searches).map_or(vec![0.0; n], |b| b.z.clone());
    let mut evaluations: usize = searches.iter().map(|s| s.evaluations).sum();
    let generations: usize = searches.iter().map(|s| s.generations).sum();
    let (at_prior, _) = objective(cases, factors, &[vec![0.0; n]], settings);
    evaluations += 1;
    progress(1);
    let at_prior = at_prior[0];

    // Hessian by central differences: the centre, ±h eᵢ, and ±h eᵢ ± h eⱼ.
    let h = settings.step;
    let shifted = |moves: &[(usize, f64)]| {
        let mut z = z_hat.clone();
        for &(i, d) in moves {
            z[i] += d;
        }
        z
    };
    let mut points = vec![z_hat.clone()];
    for i in 0..n {
        points.push(shifted(&[(i, h)]));
        points.push(shifted(&[(i, -h)]));
    }
    if settings.curvature == Curvature::Full {
        for i in 0..n {
            for j in i + 1..n {
                for (a, b) in [(h, h), (h, -h), (-h, h), (-h, -h)] {
                    points.push(shifted(&[(i, a), (j, b)]));
                }
            }
        }
    }
    let (totals, losses) = objective(cases, factors, &points, settings);
    evaluations += points.len();
    progress(points.len());
    let f0 = totals[0];
    let plus = |i: usize| 1 + 2 * i;
    let mut hessian = Matrix::zeros(n, n);
    for i in 0..n {
        hessian[(i, i)] = (totals[plus(i)] - 2.0 * f0 + totals[plus(i) + 1]) / (h * h);
    }
    let mut k = 1 + 2 * n;
    for i in 0..n {
        if settings.curvature == Curvature::Diagonal {
            break;
        }
        for j in i + 1..n {
            let v = (totals[k] - totals[k + 1] - totals[k + 2] + totals[k + 3]) / (4.0 * h * h);
            hessian[(i, j)] = v;
            hessian[(j, i)] = v;
            k += 4;
        }
    }
    // Posterior covariance: H⁻¹ with H's eigenvalues held at 1 or more.
    let (values, vectors) = hessian.symmetric_eigen();
    let mut covariance = Matrix::zeros(n, n);
    for i in 0..n {
        for j in 0..n {
            covariance[(i, j)] = (0..n)
                .map(|e| vectors[(i, e)] * vectors[(j, e)] / values[e].max(1.0))
                .sum();
        }
    }
    let scored: usize = cases.iter().map(|c| c.scored.len()).sum();
    let estimates = factors
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let sd = covariance[(i, i)].max(0.0).sqrt();
            // Each case's own curvature in zᵢ.
            let curvature: Vec<f64> = (0..cases.len())
                .map(|c| {
                    (losses[plus(i)][c] - 2.0 * losses[0][c] + losses[plus(i) + 1][c]) / (h * h)
                })
                .collect();
            let total: f64 = curvature.iter().map(|v| v.max(0.0)).sum();
            let mut informed_by: Vec<(String, f64)> = cases
                .iter()
                .zip(&curvature)
                .filter(|(_, v)| total > 0.0 && **v >= 0.1 * total)
                .map(|(c, v)| (c.id.clone(), v / total))
                .collect();
            informed_by.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            Estimate {
                key: f.key.clone(),
                unit: f.unit.clone(),
                prior: f.prior.to_string(),
                prior_median: value_at(&f.prior, 0.0),
                estimate: value_at(&f.prior, z_hat[i]),
                interval: [
                    value_at(&f.prior, z_hat[i] - 1.644_853_626_951_472_2 * sd),
                    value_at(&f.prior, z_hat[i] + 1.644_853_626_951_472_2 * sd),
                ],
                z: z_hat[i],
                posterior_sd_z: sd,
                identified: sd < std::f64::consts::FRAC_1_SQRT_2,
                informed_by,
                cases: f.index_in_case.iter().filter(|i| i.is_some()).count(),
            }
        })
        .collect();
    let penalty = 0.5 * z_hat.iter().map(|v| v * v).sum::<f64>();
    Fit {
        cases: cases.iter().map(|c| c.id.clone()).collect(),
        scored,
        estimates,
        objective_at_prior: at_prior,
        objective_at_estimate: f0,
        log_score_at_prior: -at_prior / scored.max(1) as f64,
        log_score_at_estimate: -(f0 - penalty) / scored.max(1) as f64,
        generations,
        evaluations,
        starts: searches.to_vec(),
        settings: *settings,
    }
}

impl Fit {
    /// The fit as a scenario overlay for `redline forecast --with`: each
    /// fitted parameter as a normal distribution truncated to its range,
    /// centred on the estimate with the posterior's spread (half the width
    /// of its ±1 sd interval, mapped through the prior's quantiles), so that
    /// forecasts carry the fitted uncertainty; its source says how it was
    /// fitted and from which cases. (The Laplace posterior's correlations
    /// are not carried: each parameter is drawn on its own.)
    pub fn overlay(&self, factors: &[Factor]) -> String {
        use std::fmt::Write;
        let mut out = format!(
            "# Fitted by `redline fit` on {} cases ({} scored forecasts), {} runs per case, seed {}:\n\
             # the judgments' distributions as priors, maximum a posteriori by CMA-ES, Laplace intervals.\n",
            self.cases.len(),
            self.scored,
            self.settings.runs,
            self.settings.seed
        );
        for (e, f) in self.estimates.iter().zip(factors) {
            let Distribution::TruncatedNormal { mean, sd, .. } = e.posterior(f) else {
                continue;
            };
            let informed = e
                .informed_by_text()
                .unwrap_or("no case in particular".to_string());
            let source = format!(
                "redline fit: prior {} (median {}), estimate {} with 90% interval [{}, {}]; {}; informed by {}",
                e.prior,
                crate::fragment::format_value(e.prior_median),
                crate::fragment::format_value(e.estimate),
                crate::fragment::format_value(e.interval[0]),
                crate::fragment::format_value(e.interval[1]),
                if e.identified {
                    "identified by the cases"
                } else {
                    "stays near its prior"
                },
                informed
            );
            let (low, high) = f.range.unwrap_or((f64::NEG_INFINITY, f64::INFINITY));
            let _ = writeln!(
                out,
                "{} = {{ dist = \"normal\", mean = {}, sd = {}, range = [{}, {}], unit = {}, source = {} }}",
                e.key,
                crate::fragment::format_value(mean),
                crate::fragment::format_value(sd),
                low,
                high,
                crate::fragment::toml_string(&f.unit),
                crate::fragment::toml_string(&source)
            );
        }
        out
    }
}

/// The format tag of a fit shard file.
pub const SHARD_FORMAT: &str = "redline fit shard 1";

/// What every shard of one fit shares: the cases (id and the scenario's
/// SHA-256), the keys and the settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ShardHeader {
    /// The cases as the user named them (for the output's provenance).
    pub inputs: Vec<String>,
    /// Each fitted case: (id, SHA-256 of its resolved scenario).
    pub cases: Vec<(String, String)>,
    /// The keys fitted.
    pub keys: Vec<String>,
    /// Runs per case per candidate.
    pub runs: u64,
    /// Seed.
    pub seed: u64,
    /// Generations at most.
    pub generations: usize,
    /// Starts of the whole fit.
    pub starts: usize,
    /// The Hessian's step.
    pub step: f64,
}

/// One shard of a fit: the searches of its starts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Shard {
    /// [`SHARD_FORMAT`].
    pub format: String,
    /// What the fit is.
    pub header: ShardHeader,
    /// (I, N): this shard ran the starts whose index is I mod N.
    pub shard: (usize, usize),
    /// Its searches, by start index.
    pub searches: Vec<SearchResult>,
}

/// Reads a shard file's text; errors name `origin`, the line and the column.
pub fn read_shard(text: &str, origin: &str) -> Result<Shard, String> {
    serde_json::from_str(text)
        .map_err(|e| format!("{origin}:{}:{}: not a fit shard: {e}", e.line(), e.column()))
}

/// The most starts a fit may have (`redline fit --starts`).
pub const MAX_STARTS: usize = 1_000;

/// The start indices of shard `i` of `n` in a fit of `starts` starts.
pub fn shard_starts(starts: usize, i: usize, n: usize) -> Vec<usize> {
    (0..starts.max(1)).filter(|s| s % n.max(1) == i).collect()
}

/// Joins the shards of one fit: every start once, from shards of the same
/// fit. Errors name the file and what is wrong (another fit's shard, a
/// start outside its shard or repeated, the shards missing).
pub fn merge(shards: &[(String, Shard)]) -> Result<(ShardHeader, Vec<SearchResult>), String> {
    let Some((first_file, first)) = shards.first() else {
        return Err("no shard files given".to_string());
    };
    let h = &first.header;
    if h.starts == 0 || h.starts > MAX_STARTS {
        return Err(format!(
            "{first_file}: `starts` is {}, expected 1 to {MAX_STARTS}",
            h.starts
        ));
    }
    if h.runs == 0 || !(h.step.is_finite() && h.step > 0.0) {
        return Err(format!(
            "{first_file}: `runs` must be positive and `step` a positive number"
        ));
    }
    let n = first.shard.1;
    let mut found: std::collections::BTreeMap<usize, &str> = std::collections::BTreeMap::new();
    let mut searches = Vec::new();
    for (file, shard) in shards {
        if shard.format != SHARD_FORMAT {
            return Err(format!(
                "{file}: not a fit shard of this redline (format `{}`, expected `{SHARD_FORMAT}`)",
                shard.format
            ));
        }
        let (i, this_n) = shard.shard;
        if this_n == 0 || i >= this_n || this_n > h.starts {
            return Err(format!(
                "{file}: shard {i}/{this_n} is not I/N with 0 ≤ I < N"
            ));
        }
        if shard.header != first.header || this_n != n {
            return Err(format!(
                "{file}: a shard of another fit than {first_file} (its cases, scenarios, keys, settings or shard count differ)"
            ));
        }
        for s in &shard.searches {
            if s.z.len() != h.keys.len()
                || !s.objective.is_finite()
                || s.z.iter().any(|z| !z.is_finite())
            {
                return Err(format!(
                    "{file}: start {}: expected {} finite normal scores (one per key) and a finite objective",
                    s.start,
                    h.keys.len()
                ));
            }
            if s.start % n != i || s.start >= first.header.starts.max(1) {
                return Err(format!(
                    "{file}: start {} does not belong to shard {i}/{n}",
                    s.start
                ));
            }
            if let Some(before) = found.insert(s.start, file) {
                return Err(format!("{file}: start {} is also in {before}", s.start));
            }
            searches.push(s.clone());
        }
    }
    let missing: Vec<String> = (0..n)
        .filter(|i| {
            shard_starts(first.header.starts, *i, n)
                .iter()
                .any(|s| !found.contains_key(s))
        })
        .map(|i| format!("{i}/{n}"))
        .collect();
    if !missing.is_empty() {
        return Err(format!(
            "shards missing or incomplete: {} (run `redline fit … --shard I/N` for each)",
            missing.join(", ")
        ));
    }
    searches.sort_by_key(|s| s.start);
    Ok((first.header.clone(), searches))
}
