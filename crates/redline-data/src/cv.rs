//! `redline backtest --cv`: the fit scored out of sample.
//!
//! Each case is forecast with the shared parameters fitted only on its
//! **training cases**, and scored against what happened:
//!
//! - **rolling** (the honest test of a forecaster): the cases whose horizon
//!   ended by the case's as-of date (on it or before), so no outcome in its
//!   future informed its forecast (what happened on the as-of date itself
//!   was known that day, the rule `redline_scenarios::lay_fitted` keeps too). A case with nothing before it (Osirak 1980) is
//!   forecast with the priors, the judgments.
//! - **leave one out**: every other case (later ones included: a test of
//!   the fit's stability, not of forecasting).
//!
//! Cases with the same training set share one fit (a **fold**). Rolling
//! training sets are nested, so each fold's search starts from the previous
//! fold's estimate with a smaller step (a warm start: that estimate used
//! only cases the next fold also has). Leave-one-out folds all start at the
//! priors: a start fitted on the held-out case would leak it. Folds compute
//! the Hessian's diagonal only ([`fit::Curvature::Diagonal`]); a held-out
//! case then draws each fitted parameter from its posterior
//! ([`fit::Estimate::posterior`]) where it takes the shared value.
//!
//! **Baselines**, all on the same held-out forecasts: always 50 %; the
//! family's base rate computed the same way over the training cases,
//! (positives + ½)/(scored + 1), so ½ with no history; and redline on the
//! judgments alone (the priors), run on the same random streams. Skill is
//! 1 − Brier/Brier(baseline), with a 95 % interval from a bootstrap over
//! cases (outcomes of one case are not independent, so cases are resampled
//! whole, [`Settings::bootstrap`] times, from the stream
//! (seed, 0, "cv-bootstrap")).

use crate::backtest::{ReliabilityRow, reliability_rows};
use crate::fit::{self, Case, Start};
use crate::scoring;
use redline_core::{Date, RandomStream};
use redline_crisis::assume::Assumptions;
use redline_crisis::{CrisisModel, ensemble};
use serde::Serialize;
use std::collections::BTreeMap;

/// Which cases train the fit that forecasts a case.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Scheme {
    /// The cases whose horizon ended by the case's as-of date.
    Rolling,
    /// Every other case.
    LeaveOneOut,
}

impl Scheme {
    /// The scheme's name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Scheme::Rolling => "rolling",
            Scheme::LeaveOneOut => "loo",
        }
    }
}

/// How the cross-validation runs.
#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    /// The scheme.
    pub scheme: Scheme,
    /// The shared parameters to fit (those no training case takes from the
    /// shared files stay at their priors in that fold).
    pub keys: Vec<String>,
    /// The folds' fits (runs per case per candidate, generations, seed).
    pub fit: fit::Settings,
    /// Runs of each held-out forecast.
    pub runs: u64,
    /// Seed of the held-out forecasts (the same for the fitted and the
    /// judgment-only forecast: common random numbers).
    pub seed: u64,
    /// Worker threads of the forecasts.
    pub threads: usize,
    /// Bootstrap resamples of the skill intervals.
    pub bootstrap: usize,
}

/// One forecast scored out of sample.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Forecast {
    /// The case.
    pub scenario: String,
    /// The outcome.
    pub outcome: String,
    /// Its family.
    pub family: String,
    /// Whether it happened.
    pub happened: bool,
    /// P with the parameters fitted on the training cases.
    pub fitted: f64,
    /// P with the judgments.
    pub judgment: f64,
    /// The family's base rate over the training cases.
    pub base_rate: f64,
}

/// One fold: the cases it forecast and what it was fitted on.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Fold {
    /// The cases forecast with this fold's fit.
    pub held_out: Vec<String>,
    /// The cases it was fitted on (empty: the priors).
    pub training: Vec<String>,
    /// The estimates (none when there was nothing to fit on).
    pub estimates: Vec<FoldEstimate>,
    /// CMA-ES generations run.
    pub generations: usize,
    /// Objective evaluations.
    pub evaluations: usize,
}

/// One parameter's estimate in a fold.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FoldEstimate {
    /// The key.
    pub key: String,
    /// The estimate.
    pub estimate: f64,
    /// Its normal score (0: the prior's median).
    pub z: f64,
    /// The posterior sd of z (diagonal Laplace).
    pub posterior_sd_z: f64,
}

/// One forecaster's scores over the held-out forecasts.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Scores {
    /// Who forecast.
    pub forecaster: &'static str,
    /// Mean Brier score (lower is better).
    pub brier: f64,
    /// Mean log score (higher is better).
    pub log_score: f64,
}

/// The fitted forecasts' skill against a baseline, with its interval.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Skill {
    /// The baseline.
    pub against: &'static str,
    /// 1 − Brier(fitted)/Brier(baseline).
    pub brier_skill: f64,
    /// Its 95 % bootstrap interval over cases.
    pub interval: [f64; 2],
    /// Mean log score of the fitted forecasts minus the baseline's.
    pub log_score_gain: f64,
}

/// The scores of one outcome family.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Family {
    /// The family.
    pub family: String,
    /// Held-out forecasts of it.
    pub count: usize,
    /// How many happened.
    pub happened: usize,
    /// Mean Brier: fitted.
    pub brier_fitted: f64,
    /// Mean Brier: judgment only.
    pub brier_judgment: f64,
    /// Mean Brier: the rolling base rate.
    pub brier_base_rate: f64,
    /// Skill of the fitted forecasts against the base rate (none when the
    /// base rate scores a perfect 0).
    pub skill_vs_base_rate: Option<f64>,
    /// Skill of the fitted forecasts against the judgments (none when those score 0).
    pub skill_vs_judgment: Option<f64>,
}

/// The result of a cross-validated backtest.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CrossValidation {
    /// The scheme.
    pub scheme: Scheme,
    /// The parameters fitted.
    pub keys: Vec<String>,
    /// The folds, in the order they were fitted.
    pub folds: Vec<Fold>,
    /// Every held-out forecast, case by case in input order.
    pub forecasts: Vec<Forecast>,
    /// Scores of the fitted forecasts and of the three baselines.
    pub scores: Vec<Scores>,
    /// The fitted forecasts' skill against each baseline.
    pub skill: Vec<Skill>,
    /// Scores by outcome family.
    pub families: Vec<Family>,
    /// Reliability of the fitted forecasts in tenths (bins with a forecast).
    pub reliability: Vec<ReliabilityRow>,
    /// Reliability of the judgment-only forecasts.
    pub reliability_judgment: Vec<ReliabilityRow>,
}

/// Name of the fitted forecaster.
pub const FITTED: &str = "redline, fitted out of sample";
/// Name of the judgment-only forecaster.
pub const JUDGMENT: &str = "redline, judgments only";
/// Name of the rolling base rate.
pub const BASE_RATE: &str = "base rate of the family over the training cases";

/// The indices of the cases that train the forecast of case `k`.
fn training(scheme: Scheme, dates: &[(Date, Date)], k: usize) -> Vec<usize> {
    (0..dates.len())
        .filter(|&j| match scheme {
            Scheme::Rolling => dates[j].1 <= dates[k].0,
            Scheme::LeaveOneOut => j != k,
        })
        .collect()
}

/// The family of each scored outcome of a case, in `case.scored` order.
fn families(case: &Case) -> Vec<String> {
    let outcomes: Vec<_> = case.model.outcomes().outcomes().collect();
    case.scored
        .iter()
        .map(|&(i, _)| {
            case.model
                .outcomes()
                .by_id(&outcomes[i].id)
                .map_or("", |(_, slot)| slot.family())
                .to_string()
        })
        .collect()
}

/// The probability of each scored outcome of `model` by its horizon.
fn forecast(case: &Case, model: &CrisisModel, settings: &Settings) -> Vec<f64> {
    let result = ensemble::forecast(
        model,
        &Assumptions::none(),
        settings.runs,
        settings.seed,
        settings.threads,
        &|_| {},
    );
    let outcomes: Vec<_> = case.model.outcomes().outcomes().collect();
    case.scored
        .iter()
        .map(|&(i, _)| {
            result
                .outcomes
                .iter()
                .find(|o| o.outcome.id == outcomes[i].id)
                .map_or(0.0, |o| o.probability)
        })
        .collect()
}

/// Evaluations of the objective the folds make at most (for a progress bar).
pub fn evaluations_at_most(cases: &[Case], settings: &Settings) -> usize {
    let dates = case_dates(cases);
    let mut sets: Vec<Vec<usize>> = (0..cases.len())
        .map(|k| training(settings.scheme, &dates, k))
        .filter(|t| !t.is_empty())
        .collect();
    sets.sort();
    sets.dedup();
    sets.len() * fit::evaluations_at_most(settings.keys.len(), &settings.fit)
}

fn case_dates(cases: &[Case]) -> Vec<(Date, Date)> {
    cases
        .iter()
        .map(|c| (c.model.scenario().as_of, c.model.scenario().horizon))
        .collect()
}

/// Cross-validates the fit over `cases`; `progress` is told of each batch
/// of the folds' objective evaluations. Errors come from a fitted key that
/// is a fixed value (no prior to fit from) or a posterior that does not
/// validate in a held-out case.
pub fn cross_validate(
    cases: &[Case],
    settings: &Settings,
    progress: &dyn Fn(usize),
) -> Result<CrossValidation, String> {
    let dates = case_dates(cases);
    // Folds: cases grouped by training set, smallest first (rolling sets
    // are nested, so each warm-starts from the one before).
    let mut by_training: BTreeMap<(usize, Vec<usize>), Vec<usize>> = BTreeMap::new();
    for k in 0..cases.len() {
        let t = training(settings.scheme, &dates, k);
        by_training.entry((t.len(), t)).or_default().push(k);
    }
    let mut folds = Vec::new();
    let mut fitted_p: Vec<Vec<f64>> = vec![Vec::new(); cases.len()];
    let mut judgment_p: Vec<Vec<f64>> = vec![Vec::new(); cases.len()];
    let mut base_rates: Vec<Vec<f64>> = vec![Vec::new(); cases.len()];
    let case_families: Vec<Vec<String>> = cases.iter().map(families).collect();
    let mut previous: BTreeMap<String, f64> = BTreeMap::new();
    for ((_, train), held_out) in &by_training {
        let training_cases: Vec<Case> = train.iter().map(|&j| cases[j].clone()).collect();
        let keys: Vec<String> = settings
            .keys
            .iter()
            .filter(|k| training_cases.iter().any(|c| fit::uses(c, k)))
            .cloned()
            .collect();
        let (estimates, posteriors, generations, evaluations) = if keys.is_empty() {
            (Vec::new(), Vec::new(), 0, 0)
        } else {
            let factors = fit::factors(&training_cases, &keys)?;
            let warm = settings.scheme == Scheme::Rolling && !previous.is_empty();
            let start = Start {
                z: keys
                    .iter()
                    .map(|k| previous.get(k).copied().unwrap_or(0.0))
                    .collect(),
                sigma: if warm { 0.3 } else { 0.6 },
            };
            let result = fit::fit_from(&training_cases, &factors, &settings.fit, &start, progress);
            let posteriors: Vec<(String, redline_core::distribution::Distribution, String)> =
                result
                    .estimates
                    .iter()
                    .zip(&factors)
                    .map(|(e, f)| {
                        (
                            e.key.clone(),
                            e.posterior(f),
                            format!(
                                "fitted on {} {} cases by backtest --cv {}",
                                train.len(),
                                match settings.scheme {
                                    Scheme::Rolling => "earlier",
                                    Scheme::LeaveOneOut => "other",
                                },
                                settings.scheme.name()
                            ),
                        )
                    })
                    .collect();
            if settings.scheme == Scheme::Rolling {
                for e in &result.estimates {
                    previous.insert(e.key.clone(), e.z);
                }
            }
            let estimates = result
                .estimates
                .iter()
                .map(|e| FoldEstimate {
                    key: e.key.clone(),
                    estimate: e.estimate,
                    z: e.z,
                    posterior_sd_z: e.posterior_sd_z,
                })
                .collect();
            (
                estimates,
                posteriors,
                result.generations,
                result.evaluations,
            )
        };
        // The training cases' positives by family, for the base rate.
        let mut rates: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
        for &j in train {
            for ((_, happened), family) in cases[j].scored.iter().zip(&case_families[j]) {
                let r = rates.entry(family.as_str()).or_default();
                r.0 += usize::from(*happened);
                r.1 += 1;
            }
        }
        for &k in held_out {
            let case = &cases[k];
            let mut scenario = case.model.scenario().clone();
            for (key, posterior, source) in &posteriors {
                if !redline_scenarios::takes_shared(&scenario, key) {
                    continue;
                }
                if let Some(p) = scenario.parameters.iter_mut().find(|p| p.key == *key) {
                    p.value = redline_core::scenario::ParamValue::Number(posterior.clone());
                    p.source = Some(source.clone());
                }
            }
            let model = CrisisModel::new(scenario).map_err(|e| e.to_string())?;
            fitted_p[k] = forecast(case, &model, settings);
            judgment_p[k] = forecast(case, &case.model, settings);
            base_rates[k] = case_families[k]
                .iter()
                .map(|f| {
                    let (yes, n) = rates.get(f.as_str()).copied().unwrap_or_default();
                    (yes as f64 + 0.5) / (n as f64 + 1.0)
                })
                .collect();
        }
        folds.push(Fold {
            held_out: held_out.iter().map(|&k| cases[k].id.clone()).collect(),
            training: train.iter().map(|&j| cases[j].id.clone()).collect(),
            estimates,
            generations,
            evaluations,
        });
    }
    let mut forecasts = Vec::new();
    let mut case_of = Vec::new();
    for (k, case) in cases.iter().enumerate() {
        let outcomes: Vec<_> = case.model.outcomes().outcomes().collect();
        for (s, &(i, happened)) in case.scored.iter().enumerate() {
            forecasts.push(Forecast {
                scenario: case.id.clone(),
                outcome: outcomes[i].id.to_string(),
                family: case_families[k][s].clone(),
                happened,
                fitted: fitted_p[k][s],
                judgment: judgment_p[k][s],
                base_rate: base_rates[k][s],
            });
            case_of.push(k);
        }
    }
    Ok(summarise(settings, cases.len(), folds, forecasts, &case_of))
}

/// The forecasters compared: name and each forecast's probability.
type Forecaster = (&'static str, fn(&Forecast) -> f64);

const FORECASTERS: [Forecaster; 4] = [
    (FITTED, |f| f.fitted),
    (JUDGMENT, |f| f.judgment),
    (BASE_RATE, |f| f.base_rate),
    (crate::backtest::ALWAYS_HALF, |_| 0.5),
];

fn pairs(forecasts: &[&Forecast], p: fn(&Forecast) -> f64) -> Vec<(f64, bool)> {
    forecasts.iter().map(|f| (p(f), f.happened)).collect()
}

/// Sum of Brier scores per case for each forecaster: `[case][forecaster]`.
fn brier_by_case(forecasts: &[Forecast], case_of: &[usize], cases: usize) -> Vec<[f64; 4]> {
    let mut sums = vec![[0.0; 4]; cases];
    for (f, &k) in forecasts.iter().zip(case_of) {
        for (s, (_, p)) in FORECASTERS.iter().enumerate() {
            sums[k][s] += scoring::brier(p(f), f.happened);
        }
    }
    sums
}

fn summarise(
    settings: &Settings,
    cases: usize,
    folds: Vec<Fold>,
    forecasts: Vec<Forecast>,
    case_of: &[usize],
) -> CrossValidation {
    let all: Vec<&Forecast> = forecasts.iter().collect();
    let scores: Vec<Scores> = FORECASTERS
        .iter()
        .map(|&(forecaster, p)| {
            let (brier, log_score) = scoring::mean_scores(&pairs(&all, p));
            Scores {
                forecaster,
                brier,
                log_score,
            }
        })
        .collect();
    // Bootstrap over cases: each resample draws `cases` cases with
    // replacement and sums their Brier scores.
    let sums = brier_by_case(&forecasts, case_of, cases);
    let mut stream = RandomStream::new(settings.seed, 0, "cv-bootstrap");
    let mut resampled: Vec<[f64; 4]> = Vec::with_capacity(settings.bootstrap);
    for _ in 0..settings.bootstrap {
        let mut total = [0.0; 4];
        for _ in 0..cases {
            let k = stream.below(cases as u64) as usize;
            for (t, s) in total.iter_mut().zip(&sums[k]) {
                *t += s;
            }
        }
        resampled.push(total);
    }
    let skill = (1..FORECASTERS.len())
        .map(|b| {
            let mut draws: Vec<f64> = resampled
                .iter()
                .filter(|t| t[b] > 0.0)
                .map(|t| 1.0 - t[0] / t[b])
                .collect();
            draws.sort_by(f64::total_cmp);
            let at = |q: f64| {
                if draws.is_empty() {
                    f64::NAN
                } else {
                    draws[((q * (draws.len() - 1) as f64).round() as usize).min(draws.len() - 1)]
                }
            };
            Skill {
                against: scores[b].forecaster,
                brier_skill: scoring::skill(scores[0].brier, scores[b].brier),
                interval: [at(0.025), at(0.975)],
                log_score_gain: scores[0].log_score - scores[b].log_score,
            }
        })
        .collect();
    let mut names: Vec<&str> = forecasts.iter().map(|f| f.family.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    let families = names
        .into_iter()
        .map(|family| {
            let of: Vec<&Forecast> = forecasts.iter().filter(|f| f.family == family).collect();
            let brier = |p: fn(&Forecast) -> f64| scoring::mean_scores(&pairs(&of, p)).0;
            let (fitted, judgment, base_rate) = (
                brier(FORECASTERS[0].1),
                brier(FORECASTERS[1].1),
                brier(FORECASTERS[2].1),
            );
            Family {
                family: family.to_string(),
                count: of.len(),
                happened: of.iter().filter(|f| f.happened).count(),
                brier_fitted: fitted,
                brier_judgment: judgment,
                brier_base_rate: base_rate,
                skill_vs_base_rate: (base_rate > 0.0).then(|| scoring::skill(fitted, base_rate)),
                skill_vs_judgment: (judgment > 0.0).then(|| scoring::skill(fitted, judgment)),
            }
        })
        .collect();
    CrossValidation {
        scheme: settings.scheme,
        keys: settings.keys.clone(),
        folds,
        reliability: reliability_rows(&pairs(&all, FORECASTERS[0].1)),
        reliability_judgment: reliability_rows(&pairs(&all, FORECASTERS[1].1)),
        forecasts,
        scores,
        skill,
        families,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Date {
        Date::parse(text).expect("date")
    }

    #[test]
    fn rolling_training_sets_hold_only_cases_that_ended_before_the_as_of_date() {
        // (as of, horizon): a 1980–81, b 1993–94, c 1994–95 (as of inside b's horizon).
        let dates = [
            (date("1980-10-01"), date("1981-10-01")),
            (date("1993-02-25"), date("1994-02-25")),
            (date("1994-01-01"), date("1995-01-01")),
        ];
        assert_eq!(training(Scheme::Rolling, &dates, 0), Vec::<usize>::new());
        assert_eq!(training(Scheme::Rolling, &dates, 1), vec![0]);
        assert_eq!(
            training(Scheme::Rolling, &dates, 2),
            vec![0],
            "b's horizon ends after c's as-of date"
        );
        assert_eq!(training(Scheme::LeaveOneOut, &dates, 1), vec![0, 2]);
    }

    fn forecast(case: usize, p: f64, happened: bool) -> Forecast {
        Forecast {
            scenario: format!("case-{case}"),
            outcome: "war".into(),
            family: "war".into(),
            happened,
            fitted: p,
            judgment: 0.5 * p,
            base_rate: 0.5,
        }
    }

    #[test]
    fn skill_and_its_interval_by_hand() {
        // Two cases, one forecast each: fitted 0.8 (yes) and 0.2 (no), Brier
        // 0.04 each; the base rate ½ scores ¼: skill 1 − 0.04/0.25 = 0.84 on
        // every resample. Judgment 0.4 (yes) 0.1 (no): 0.36 and 0.01.
        let forecasts = vec![forecast(0, 0.8, true), forecast(1, 0.2, false)];
        let settings = Settings {
            scheme: Scheme::Rolling,
            keys: Vec::new(),
            fit: fit::Settings {
                runs: 1,
                seed: 1,
                generations: 0,
                step: 0.5,
                starts: 1,
                curvature: fit::Curvature::Diagonal,
            },
            runs: 1,
            seed: 3,
            threads: 1,
            bootstrap: 500,
        };
        let cv = summarise(&settings, 2, Vec::new(), forecasts, &[0, 1]);
        let base = cv
            .skill
            .iter()
            .find(|s| s.against == BASE_RATE)
            .expect("base rate");
        assert!((base.brier_skill - 0.84).abs() < 1e-12);
        assert!((base.interval[0] - 0.84).abs() < 1e-12 && (base.interval[1] - 0.84).abs() < 1e-12);
        let judgment = cv
            .skill
            .iter()
            .find(|s| s.against == JUDGMENT)
            .expect("judgment");
        // Pooled: 1 − 0.08/0.37. Resamples: both cases 0.08/0.37; case 0 twice
        // 0.08/0.72 (skill 0.889); case 1 twice 0.08/0.02 (skill −3).
        assert!((judgment.brier_skill - (1.0 - 0.08 / 0.37)).abs() < 1e-12);
        assert!(
            (judgment.interval[0] - (-3.0)).abs() < 1e-9,
            "{:?}",
            judgment.interval
        );
        assert!((judgment.interval[1] - (1.0 - 0.08 / 0.72)).abs() < 1e-9);
        assert_eq!(cv.families.len(), 1);
        assert_eq!((cv.families[0].count, cv.families[0].happened), (2, 1));
    }
}
