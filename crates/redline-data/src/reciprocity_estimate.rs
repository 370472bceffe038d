//! "Respond in kind": how strongly each side of a dyad answers the other.
//!
//! Following Goldstein & Freeman (1990, *Three-Way Street: Strategic
//! Reciprocity in World Politics*) and Goldstein (1991, "Reciprocity in
//! superpower relations", *International Studies Quarterly* 35(2)), the two
//! directed series of a dyad — here the mean Goldstein score per period of
//! A's actions toward B and of B's toward A — form a bivariate VAR. The
//! reciprocity of B toward A is the summed coefficient of A→B's lags in the
//! B→A equation: the change in B's mean score toward A per one-point change
//! in A's score toward B, summed over the lags. Periods without events
//! count as 0 (neutral) and are reported.

use crate::fragment::{Fragment, FragmentEntry};
use crate::linalg::Matrix;
use crate::series::DyadSeries;
use crate::var::{self, Bootstrap, Granger, LagChoice, VarError, VarFit};
use redline_crisis::keys;

/// Which information criterion picks the lag order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Criterion {
    /// Akaike.
    Aic,
    /// Schwarz (Bayesian).
    Bic,
}

/// How to estimate reciprocity.
#[derive(Clone, Debug, PartialEq)]
pub struct ReciprocityOptions {
    /// A fixed lag order, or `None` to choose it.
    pub lags: Option<usize>,
    /// Largest order tried when choosing.
    pub max_lags: usize,
    /// Criterion for choosing.
    pub criterion: Criterion,
    /// Impulse-response horizon in periods.
    pub horizon: usize,
    /// Bootstrap replicates.
    pub replicates: usize,
    /// Seed of the bootstrap streams.
    pub seed: u64,
    /// Interval coverage (0.9 = 5th to 95th percentile).
    pub level: f64,
}

impl Default for ReciprocityOptions {
    fn default() -> Self {
        ReciprocityOptions {
            lags: None,
            max_lags: 8,
            criterion: Criterion::Bic,
            horizon: 8,
            replicates: 500,
            seed: 1,
            level: 0.9,
        }
    }
}

/// A point estimate with its bootstrap interval.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Estimate {
    /// OLS estimate.
    pub value: f64,
    /// Lower bound.
    pub lower: f64,
    /// Upper bound.
    pub upper: f64,
}

/// Reciprocity estimates for the dyad A–B.
#[derive(Clone, Debug, PartialEq)]
pub struct Reciprocity {
    /// Actor A.
    pub a: String,
    /// Actor B.
    pub b: String,
    /// Periods in the series.
    pub periods: usize,
    /// Periods with no A→B and no B→A events, respectively.
    pub empty_periods: [usize; 2],
    /// The lag choice, when the order was chosen.
    pub lag_choice: Option<LagChoice>,
    /// The fitted VAR (series 0 = A→B, series 1 = B→A).
    pub fit: VarFit,
    /// B's response to A (summed lag coefficients of A→B in B→A's equation).
    pub b_answers_a: Estimate,
    /// A's response to B.
    pub a_answers_b: Estimate,
    /// Persistence of A's own behaviour toward B (own lag sum).
    pub a_inertia: Estimate,
    /// Persistence of B's own behaviour toward A.
    pub b_inertia: Estimate,
    /// Does A→B Granger-cause B→A?
    pub granger_a_to_b: Granger,
    /// Does B→A Granger-cause A→B?
    pub granger_b_to_a: Granger,
    /// Responses Φ₀…Φ_h to a one-point move.
    pub irf: Vec<Matrix>,
    /// Bootstrap intervals.
    pub bootstrap: Bootstrap,
    /// Seed of the bootstrap.
    pub seed: u64,
}

/// Estimates reciprocity from the two directed series of a dyad (same periods).
pub fn estimate(
    a_to_b: &DyadSeries,
    b_to_a: &DyadSeries,
    options: &ReciprocityOptions,
) -> Result<Reciprocity, VarError> {
    if a_to_b.starts != b_to_a.starts {
        return Err(VarError("the two series cover different periods".into()));
    }
    let series = vec![a_to_b.means_or(0.0), b_to_a.means_or(0.0)];
    let empty = |s: &DyadSeries| s.buckets.iter().filter(|b| b.events == 0).count();
    let (lags, lag_choice) = match options.lags {
        Some(p) => (p, None),
        None => {
            let max = options.max_lags.min(series[0].len() / 4).max(1);
            let choice = var::select_lags(&series, max)?;
            let p = match options.criterion {
                Criterion::Aic => choice.by_aic,
                Criterion::Bic => choice.by_bic,
            };
            (p, Some(choice))
        }
    };
    let fit = var::fit(&series, lags)?;
    let boot = var::bootstrap(
        &series,
        &fit,
        options.horizon,
        options.replicates,
        options.seed,
        options.level,
    );
    let sum = fit.lag_sum();
    let est = |i: usize, j: usize| Estimate {
        value: sum[(i, j)],
        lower: boot.lag_sum_lower[(i, j)],
        upper: boot.lag_sum_upper[(i, j)],
    };
    Ok(Reciprocity {
        a: a_to_b.source.clone(),
        b: a_to_b.target.clone(),
        periods: series[0].len(),
        empty_periods: [empty(a_to_b), empty(b_to_a)],
        lag_choice,
        b_answers_a: est(1, 0),
        a_answers_b: est(0, 1),
        a_inertia: est(0, 0),
        b_inertia: est(1, 1),
        granger_a_to_b: var::granger(&series, lags, 0, 1)?,
        granger_b_to_a: var::granger(&series, lags, 1, 0)?,
        irf: fit.impulse_responses(options.horizon),
        bootstrap: boot,
        seed: options.seed,
        fit,
    })
}

impl Reciprocity {
    /// The M8 estimates as a scenario fragment. `data` names the input.
    pub fn fragment(&self, data: &str, period: &str) -> Fragment {
        let a = self.a.to_lowercase();
        let b = self.b.to_lowercase();
        let entry = |key: String, e: Estimate, meaning: String| FragmentEntry {
            key,
            value: e.value,
            interval: Some((e.lower, e.upper, self.bootstrap.level)),
            meaning,
        };
        let adjective = match period {
            "day" => "daily",
            "week" => "weekly",
            "month" => "monthly",
            other => other,
        };
        Fragment {
            source: format!(
                "{data}: {adjective} mean Goldstein {}->{} and {}->{}, {} periods, VAR({}) by OLS, \
                 {} bootstrap replicates (seed {}); Goldstein & Freeman (1990)",
                self.a,
                self.b,
                self.b,
                self.a,
                self.periods,
                self.fit.lags,
                self.bootstrap.replicates,
                self.seed
            ),
            entries: vec![
                entry(
                    format!("reciprocity.{b}_answers_{a}"),
                    self.b_answers_a,
                    format!(
                        "change in {}'s score toward {} per 1-point move of {}",
                        self.b, self.a, self.a
                    ),
                ),
                entry(
                    format!("reciprocity.{a}_answers_{b}"),
                    self.a_answers_b,
                    format!(
                        "change in {}'s score toward {} per 1-point move of {}",
                        self.a, self.b, self.b
                    ),
                ),
                entry(
                    format!("reciprocity.{a}_inertia"),
                    self.a_inertia,
                    format!("persistence of {}'s own score toward {}", self.a, self.b),
                ),
                entry(
                    format!("reciprocity.{b}_inertia"),
                    self.b_inertia,
                    format!("persistence of {}'s own score toward {}", self.b, self.a),
                ),
                FragmentEntry {
                    key: format!("reciprocity.{a}_noise_sd"),
                    value: self.fit.sigma[(0, 0)].sqrt(),
                    interval: None,
                    meaning: format!(
                        "sd of {}'s unexplained moves per period (Goldstein points)",
                        self.a
                    ),
                },
                FragmentEntry {
                    key: format!("reciprocity.{b}_noise_sd"),
                    value: self.fit.sigma[(1, 1)].sqrt(),
                    interval: None,
                    meaning: format!(
                        "sd of {}'s unexplained moves per period (Goldstein points)",
                        self.b
                    ),
                },
            ],
        }
    }
}

impl Reciprocity {
    /// The estimates in the crisis model's M8 parameterisation, when one side
    /// of the dyad is `IRN`:
    ///
    /// ```text
    /// g_I ← ι·g_I + (1 − ι)·(μ_I + ρ_I·ĝ_US) + σ·ε
    /// ```
    ///
    /// matched to Iran's VAR equation with lag sums S and intercept c:
    /// `ι = S_II`, `ρ_I = S_IU / (1 − S_II)`, `μ_I = c_I / (1 − S_II)`,
    /// `σ = sd of Iran's residuals` (it also absorbs misperception noise,
    /// which the event data cannot separate), and for the counterpart
    /// `ρ_US = S_UI / (1 − S_UU)` (a linear approximation of a response that
    /// the crisis model applies to escalation only). Intervals are
    /// percentiles of the same functions of each bootstrap replicate
    /// (replicates with `1 − S < 0.05`, near a unit root, are left out).
    /// Values are clamped to the crisis model's ranges (inertia in [0, 0.99],
    /// responses ≥ 0), and the comment says so when that happened.
    pub fn crisis_fragment(&self, data: &str, period: &str) -> Option<Fragment> {
        let (iran, us) = if self.a == "IRN" {
            (0, 1)
        } else if self.b == "IRN" {
            (1, 0)
        } else {
            return None;
        };
        let counterpart = if iran == 0 { &self.b } else { &self.a };
        let tail = (1.0 - self.bootstrap.level) / 2.0;
        let interval = |f: &dyn Fn(&Matrix, &[f64]) -> Option<f64>| {
            let v: Vec<f64> = self
                .bootstrap
                .draws
                .iter()
                .filter_map(|(s, c)| f(s, c))
                .collect();
            (!v.is_empty()).then(|| {
                (
                    crate::stats::quantile(&v, tail),
                    crate::stats::quantile(&v, 1.0 - tail),
                    self.bootstrap.level,
                )
            })
        };
        let ratio = |num: f64, own: f64| (1.0 - own >= 0.05).then(|| num / (1.0 - own));
        let iota = |s: &Matrix, _: &[f64]| Some(s[(iran, iran)]);
        let rho_i = |s: &Matrix, _: &[f64]| ratio(s[(iran, us)], s[(iran, iran)]);
        let mu_i = |_: &Matrix, c: &[f64]| Some(c[iran]);
        let rho_us = |s: &Matrix, _: &[f64]| ratio(s[(us, iran)], s[(us, us)]);
        let sum = self.fit.lag_sum();
        let mut entries = Vec::new();
        let mut push = |key: &str,
                        raw: Option<f64>,
                        range: (f64, f64),
                        interval: Option<(f64, f64, f64)>,
                        meaning: String| {
            let Some(raw) = raw else { return };
            let value = raw.clamp(range.0, range.1);
            let meaning = if value == raw {
                meaning
            } else {
                format!(
                    "{meaning}; clamped from {}",
                    crate::fragment::format_value(raw)
                )
            };
            entries.push(FragmentEntry {
                key: key.into(),
                value,
                interval,
                meaning,
            });
        };
        let own = sum[(iran, iran)];
        push(
            keys::RECIPROCITY_INERTIA,
            iota(&sum, &self.fit.intercept),
            (0.0, 0.99),
            interval(&iota),
            "Iran's own lag sum".into(),
        );
        push(
            keys::RECIPROCITY_TARGET_RESPONSE,
            rho_i(&sum, &self.fit.intercept),
            (0.0, f64::INFINITY),
            interval(&rho_i),
            format!("Iran's answer to {counterpart}, per Goldstein point, net of inertia"),
        );
        // μ_I from the intercept needs the same (1 − ι) scaling.
        let mu = ratio(self.fit.intercept[iran], own);
        push(
            keys::RECIPROCITY_TARGET_BASELINE,
            mu,
            (-10.0, 10.0),
            interval(&|s: &Matrix, c: &[f64]| mu_i(s, c).and_then(|ci| ratio(ci, s[(iran, iran)]))),
            format!("Iran's resting level toward {counterpart} (Goldstein)"),
        );
        push(
            keys::RECIPROCITY_COERCER_RESPONSE,
            rho_us(&sum, &self.fit.intercept),
            (0.0, f64::INFINITY),
            interval(&rho_us),
            format!("{counterpart}'s answer to Iran (linear estimate), net of inertia"),
        );
        push(
            keys::RECIPROCITY_SHOCK_SD,
            Some(self.fit.sigma[(iran, iran)].sqrt()),
            (0.0, f64::INFINITY),
            None,
            "sd of Iran's unexplained moves (includes misperception noise)".into(),
        );
        let adjective = match period {
            "day" => "daily",
            "week" => "weekly",
            "month" => "monthly",
            other => other,
        };
        Some(Fragment {
            source: format!(
                "{data}: {adjective} mean Goldstein {}<->{}, {} periods, VAR({}) by OLS mapped to \
                 the M8 equation, {} bootstrap replicates (seed {}); Goldstein & Freeman (1990)",
                self.a, self.b, self.periods, self.fit.lags, self.bootstrap.replicates, self.seed
            ),
            entries,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use redline_core::{Date, RandomStream};

    fn series(source: &str, target: &str, values: &[f64]) -> DyadSeries {
        DyadSeries::weekly_from_values(source, target, values)
    }

    #[test]
    fn recovers_a_known_tit_for_tat_response() {
        // B answers A with 0.6 of A's last move; A ignores B.
        let mut rng = RandomStream::new(9, 0, "test-reciprocity");
        let (mut x, mut y) = (vec![0.0], vec![0.0]);
        for t in 1..1500 {
            x.push(0.3 * x[t - 1] + rng.standard_normal());
            y.push(0.6 * x[t - 1] + 0.2 * y[t - 1] + rng.standard_normal());
        }
        let options = ReciprocityOptions {
            replicates: 200,
            ..ReciprocityOptions::default()
        };
        let r = estimate(
            &series("USA", "IRN", &x),
            &series("IRN", "USA", &y),
            &options,
        )
        .unwrap();
        assert_eq!(r.fit.lags, 1);
        assert!((r.b_answers_a.value - 0.6).abs() < 0.06);
        assert!(r.b_answers_a.lower < 0.6 && 0.6 < r.b_answers_a.upper);
        assert!(r.a_answers_b.lower < 0.0 && 0.0 < r.a_answers_b.upper);
        assert!(r.granger_a_to_b.p_value < 1e-10);
        let text = r.fragment("x.csv", "week").render();
        assert!(
            text.contains("reciprocity.irn_answers_usa = 0.5")
                || text.contains("reciprocity.irn_answers_usa = 0.6")
        );
    }

    #[test]
    fn crisis_parameters_from_a_simulated_m8_process() {
        // Iran: g ← ι g + (1 − ι)(μ + ρ ĝ_US) + ε with ι = 0.5, μ = −2, ρ = 0.6;
        // US: independent with mean 1 (so ρ_US = 0).
        let (iota, mu, rho) = (0.5, -2.0, 0.6);
        let mut rng = RandomStream::new(3, 0, "test-m8");
        let (mut us, mut ir) = (vec![1.0], vec![-1.0]);
        for t in 1..3000 {
            us.push(1.0 + 0.3 * (us[t - 1] - 1.0) + rng.standard_normal());
            ir.push(
                iota * ir[t - 1] + (1.0 - iota) * (mu + rho * us[t - 1]) + rng.standard_normal(),
            );
        }
        let options = ReciprocityOptions {
            lags: Some(1),
            replicates: 200,
            ..ReciprocityOptions::default()
        };
        let r = estimate(
            &series("USA", "IRN", &us),
            &series("IRN", "USA", &ir),
            &options,
        )
        .unwrap();
        let f = r.crisis_fragment("sim", "week").unwrap();
        let get = |k: &str| f.entries.iter().find(|e| e.key == k).unwrap().clone();
        let close = |k: &str, truth: f64, tol: f64| {
            let e = get(k);
            assert!((e.value - truth).abs() < tol, "{k}: {} vs {truth}", e.value);
            let (lo, hi, _) = e.interval.unwrap();
            assert!(lo < truth && truth < hi, "{k}: [{lo}, {hi}] misses {truth}");
        };
        close("reciprocity.inertia", iota, 0.05);
        close("reciprocity.target_response", rho, 0.1);
        close("reciprocity.target_baseline", mu, 0.3);
        assert!(get("reciprocity.coercer_response").value < 0.1);
        assert!((get("reciprocity.shock_sd").value - 1.0).abs() < 0.05);
        let neither = estimate(
            &series("USA", "ISR", &us),
            &series("ISR", "USA", &ir),
            &options,
        )
        .unwrap();
        assert!(neither.crisis_fragment("sim", "week").is_none());
    }

    #[test]
    fn mismatched_periods_are_refused() {
        let a = series("A", "B", &[1.0; 30]);
        let mut b = series("B", "A", &[1.0; 30]);
        b.starts[0] = Date::from_days(0);
        assert!(estimate(&a, &b, &ReciprocityOptions::default()).is_err());
    }
}
