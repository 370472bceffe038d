//! Vector autoregression: OLS estimation, lag choice, Granger tests,
//! impulse responses with bootstrap intervals.
//!
//! A VAR(p) for K series, `y_t = c + A₁ y_{t−1} + … + A_p y_{t−p} + u_t`, is
//! estimated equation by equation by ordinary least squares, which is
//! efficient here because every equation has the same regressors
//! (Lütkepohl 2005, *New Introduction to Multiple Time Series Analysis*,
//! §3.2). Conventions follow Lütkepohl:
//!
//! - residual covariance `Σ̃ = Û'Û / T` (the ML estimate) for the
//!   information criteria `AIC(p) = ln|Σ̃_p| + 2pK²/T` and
//!   `BIC(p) = ln|Σ̃_p| + ln(T)·pK²/T` (§4.3), all orders fitted on the same
//!   `T = n − p_max` observations;
//! - Granger non-causality of `x` for `y`: the F test of the p lags of `x`
//!   in `y`'s equation, `F = ((RSS_r − RSS_u)/p) / (RSS_u/(T − Kp − 1))` with
//!   `(p, T − Kp − 1)` degrees of freedom (Granger 1969; Hamilton 1994,
//!   *Time Series Analysis*, §11.2);
//! - impulse responses `Φ₀ = I`, `Φ_h = Σ_{l=1}^{min(h,p)} Φ_{h−l} A_l`: the
//!   response of each series h periods after a one-unit move of another
//!   (§2.3.2); orthogonalised responses `Φ_h P` with `PP' = Σ̃`;
//! - intervals by the recursive-design residual bootstrap (Runkle 1987;
//!   Lütkepohl §3.7.3): centred residuals are resampled with replacement,
//!   series rebuilt from the observed first p values, the VAR refitted;
//!   percentile intervals. Replicate b uses
//!   `RandomStream::new(seed, b, "var-bootstrap")`, so results do not
//!   depend on the number of threads.

use crate::linalg::Matrix;
use crate::stats::{f_sf, quantile};
use rayon::prelude::*;
use redline_core::RandomStream;
use std::fmt;

/// Why a VAR could not be estimated.
#[derive(Clone, Debug, PartialEq)]
pub struct VarError(pub String);

impl fmt::Display for VarError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for VarError {}

/// A fitted VAR(p).
#[derive(Clone, Debug, PartialEq)]
pub struct VarFit {
    /// Number of series K.
    pub k: usize,
    /// Lag order p.
    pub lags: usize,
    /// Observations used (T).
    pub nobs: usize,
    /// Intercepts c (K).
    pub intercept: Vec<f64>,
    /// `A_l` for l = 1…p; `coef[l−1][(i, j)]` is the effect of series j at
    /// lag l on series i.
    pub coef: Vec<Matrix>,
    /// Residual covariance Σ̃ = Û'Û / T.
    pub sigma: Matrix,
    /// Residual sum of squares per equation.
    pub rss: Vec<f64>,
    /// Residuals, one row of K per observation.
    pub residuals: Vec<Vec<f64>>,
}

fn check(series: &[Vec<f64>], lags: usize, start: usize) -> Result<usize, VarError> {
    let k = series.len();
    if k == 0 {
        return Err(VarError("no series".into()));
    }
    let n = series[0].len();
    if series.iter().any(|s| s.len() != n) {
        return Err(VarError("series of different lengths".into()));
    }
    if series.iter().flatten().any(|v| !v.is_finite()) {
        return Err(VarError("a series has a missing or infinite value".into()));
    }
    let regressors = 1 + k * lags;
    let t = n.saturating_sub(start);
    if lags == 0 || start < lags || t <= regressors + 1 {
        return Err(VarError(format!(
            "{n} periods are too few for {lags} lag(s) of {k} series \
             (need more than {} after the first {start})",
            regressors + 1
        )));
    }
    Ok(t)
}

/// Regressor matrix: rows t = start…n−1, columns [1, y_{t−1}, …, y_{t−p}],
/// dropping the lags of series `drop` when given.
fn design(series: &[Vec<f64>], lags: usize, start: usize, drop: Option<usize>) -> Matrix {
    let k = series.len();
    let n = series[0].len();
    let kept: Vec<usize> = (0..k).filter(|&j| Some(j) != drop).collect();
    let cols = 1 + kept.len() * lags;
    let mut x = Matrix::zeros(n - start, cols);
    for (r, t) in (start..n).enumerate() {
        x[(r, 0)] = 1.0;
        for l in 1..=lags {
            for (c, &j) in kept.iter().enumerate() {
                x[(r, 1 + (l - 1) * kept.len() + c)] = series[j][t - l];
            }
        }
    }
    x
}

/// OLS of each of `ys` on `x`: coefficients (cols × equations) and residuals.
fn ols(x: &Matrix, ys: &Matrix) -> Result<(Matrix, Matrix), VarError> {
    let l = x.gram().cholesky().ok_or_else(|| {
        VarError(
            "the regressors are collinear (a constant or duplicated series?); \
             try another period or dyad"
                .into(),
        )
    })?;
    let b = Matrix::cholesky_solve(&l, &x.t_mul(ys));
    let fitted = x.mul(&b);
    let mut resid = ys.clone();
    for (r, f) in resid.data.iter_mut().zip(&fitted.data) {
        *r -= f;
    }
    Ok((b, resid))
}

fn targets(series: &[Vec<f64>], start: usize) -> Matrix {
    let k = series.len();
    let n = series[0].len();
    let mut y = Matrix::zeros(n - start, k);
    for (r, t) in (start..n).enumerate() {
        for (i, s) in series.iter().enumerate() {
            y[(r, i)] = s[t];
        }
    }
    y
}

fn fit_from(series: &[Vec<f64>], lags: usize, start: usize) -> Result<VarFit, VarError> {
    let t = check(series, lags, start)?;
    let k = series.len();
    let x = design(series, lags, start, None);
    let y = targets(series, start);
    let (b, resid) = ols(&x, &y)?;
    let intercept = (0..k).map(|i| b[(0, i)]).collect();
    let coef = (1..=lags)
        .map(|l| {
            let mut a = Matrix::zeros(k, k);
            for i in 0..k {
                for j in 0..k {
                    a[(i, j)] = b[(1 + (l - 1) * k + j, i)];
                }
            }
            a
        })
        .collect();
    let mut sigma = resid.gram();
    for v in &mut sigma.data {
        *v /= t as f64;
    }
    let rss = (0..k).map(|i| sigma[(i, i)] * t as f64).collect();
    let residuals = (0..t)
        .map(|r| (0..k).map(|i| resid[(r, i)]).collect())
        .collect();
    Ok(VarFit {
        k,
        lags,
        nobs: t,
        intercept,
        coef,
        sigma,
        rss,
        residuals,
    })
}

/// Fits a VAR(`lags`) to `series` (one `Vec` per series, equal lengths).
pub fn fit(series: &[Vec<f64>], lags: usize) -> Result<VarFit, VarError> {
    fit_from(series, lags, lags)
}

/// Information criteria for lag orders 1…`max_lags`.
#[derive(Clone, Debug, PartialEq)]
pub struct LagChoice {
    /// Observations used for every order (n − max_lags).
    pub nobs: usize,
    /// AIC for p = 1…max_lags.
    pub aic: Vec<f64>,
    /// BIC (Schwarz) for p = 1…max_lags.
    pub bic: Vec<f64>,
    /// The order minimising AIC.
    pub by_aic: usize,
    /// The order minimising BIC.
    pub by_bic: usize,
}

fn argmin(v: &[f64]) -> usize {
    v.iter()
        .enumerate()
        .min_by(|a, b| a.1.total_cmp(b.1))
        .map_or(1, |(i, _)| i + 1)
}

/// Chooses the lag order by AIC and BIC on a common sample.
pub fn select_lags(series: &[Vec<f64>], max_lags: usize) -> Result<LagChoice, VarError> {
    if max_lags == 0 {
        return Err(VarError("the largest lag order must be at least 1".into()));
    }
    let k = series.len() as f64;
    let mut aic = Vec::new();
    let mut bic = Vec::new();
    let mut nobs = 0;
    for p in 1..=max_lags {
        let fit = fit_from(series, p, max_lags)?;
        let t = fit.nobs as f64;
        nobs = fit.nobs;
        let ln_det = fit
            .sigma
            .ln_det_spd()
            .ok_or_else(|| VarError("the residual covariance is singular".into()))?;
        let params = p as f64 * k * k;
        aic.push(ln_det + 2.0 * params / t);
        bic.push(ln_det + t.ln() * params / t);
    }
    Ok(LagChoice {
        nobs,
        by_aic: argmin(&aic),
        by_bic: argmin(&bic),
        aic,
        bic,
    })
}

/// A Granger causality F test.
#[derive(Clone, Debug, PartialEq)]
pub struct Granger {
    /// Index of the series whose lags are tested.
    pub cause: usize,
    /// Index of the series whose equation is tested.
    pub effect: usize,
    /// The F statistic.
    pub f: f64,
    /// Numerator degrees of freedom (p).
    pub df1: f64,
    /// Denominator degrees of freedom (T − Kp − 1).
    pub df2: f64,
    /// P(F > f) under non-causality.
    pub p_value: f64,
}

/// Tests whether the lags of series `cause` help predict series `effect`
/// in a VAR(`lags`).
pub fn granger(
    series: &[Vec<f64>],
    lags: usize,
    cause: usize,
    effect: usize,
) -> Result<Granger, VarError> {
    let t = check(series, lags, lags)?;
    let k = series.len();
    if cause >= k || effect >= k || cause == effect {
        return Err(VarError(
            "cause and effect must be two different series".into(),
        ));
    }
    let y = targets(series, lags);
    let mut ye = Matrix::zeros(t, 1);
    for r in 0..t {
        ye[(r, 0)] = y[(r, effect)];
    }
    let rss = |x: &Matrix| -> Result<f64, VarError> {
        let (_, resid) = ols(x, &ye)?;
        Ok(resid.data.iter().map(|e| e * e).sum())
    };
    let unrestricted = rss(&design(series, lags, lags, None))?;
    let restricted = rss(&design(series, lags, lags, Some(cause)))?;
    let df1 = lags as f64;
    let df2 = (t - k * lags - 1) as f64;
    let f = ((restricted - unrestricted) / df1) / (unrestricted / df2);
    let f = f.max(0.0);
    Ok(Granger {
        cause,
        effect,
        f,
        df1,
        df2,
        p_value: f_sf(f, df1, df2),
    })
}

impl VarFit {
    /// Responses Φ₀…Φ_horizon to a one-unit move of each series:
    /// `Φ_h[(i, j)]` is the change in series i, h periods after series j
    /// moves by one unit.
    pub fn impulse_responses(&self, horizon: usize) -> Vec<Matrix> {
        let mut phi = vec![Matrix::identity(self.k)];
        for h in 1..=horizon {
            let mut next = Matrix::zeros(self.k, self.k);
            for l in 1..=h.min(self.lags) {
                let term = phi[h - l].mul(&self.coef[l - 1]);
                for (n, t) in next.data.iter_mut().zip(&term.data) {
                    *n += t;
                }
            }
            phi.push(next);
        }
        phi
    }

    /// Orthogonalised responses `Φ_h P` (P the Cholesky factor of Σ̃): the
    /// response to a one-standard-deviation shock, ordered as the series.
    pub fn orthogonal_responses(&self, horizon: usize) -> Option<Vec<Matrix>> {
        let p = self.sigma.cholesky()?;
        Some(
            self.impulse_responses(horizon)
                .iter()
                .map(|phi| phi.mul(&p))
                .collect(),
        )
    }

    /// `Σ_l A_l`: the total effect of each series' past on each series.
    pub fn lag_sum(&self) -> Matrix {
        let mut s = Matrix::zeros(self.k, self.k);
        for a in &self.coef {
            for (x, y) in s.data.iter_mut().zip(&a.data) {
                *x += y;
            }
        }
        s
    }

    /// The series generated by this VAR from the first `lags` values of
    /// `start` with the given innovations (one row of K per later period).
    pub fn generate(&self, start: &[Vec<f64>], innovations: &[Vec<f64>]) -> Vec<Vec<f64>> {
        let p = self.lags;
        let n = p + innovations.len();
        let mut out: Vec<Vec<f64>> = start
            .iter()
            .map(|s| {
                let mut v = s[..p].to_vec();
                v.reserve(n - p);
                v
            })
            .collect();
        for (step, u) in innovations.iter().enumerate() {
            let t = p + step;
            let row: Vec<f64> = (0..self.k)
                .map(|i| {
                    let mut v = self.intercept[i] + u[i];
                    for l in 1..=p {
                        for (j, past) in out.iter().enumerate() {
                            v += self.coef[l - 1][(i, j)] * past[t - l];
                        }
                    }
                    v
                })
                .collect();
            for (series, v) in out.iter_mut().zip(row) {
                series.push(v);
            }
        }
        out
    }
}

/// One bootstrap replicate: the lag sum, the impulse responses, the intercepts.
type Draw = (Matrix, Vec<Matrix>, Vec<f64>);

/// Percentile bootstrap intervals for a VAR's lag sums and responses.
#[derive(Clone, Debug, PartialEq)]
pub struct Bootstrap {
    /// Replicates requested.
    pub replicates: usize,
    /// Replicates that could be refitted (others were singular).
    pub usable: usize,
    /// Coverage of the intervals (e.g. 0.9).
    pub level: f64,
    /// Lower bounds of `Σ_l A_l`.
    pub lag_sum_lower: Matrix,
    /// Upper bounds of `Σ_l A_l`.
    pub lag_sum_upper: Matrix,
    /// Lower bounds of Φ₀…Φ_h.
    pub irf_lower: Vec<Matrix>,
    /// Upper bounds of Φ₀…Φ_h.
    pub irf_upper: Vec<Matrix>,
    /// Each usable replicate's `Σ_l A_l` and intercepts, in replicate order
    /// (for intervals of quantities derived from them).
    pub draws: Vec<(Matrix, Vec<f64>)>,
}

/// Residual bootstrap of `fit` (estimated on `series`), `replicates` times.
pub fn bootstrap(
    series: &[Vec<f64>],
    fit: &VarFit,
    horizon: usize,
    replicates: usize,
    seed: u64,
    level: f64,
) -> Bootstrap {
    let k = fit.k;
    let t = fit.nobs;
    let mut mean = vec![0.0; k];
    for row in &fit.residuals {
        for (m, v) in mean.iter_mut().zip(row) {
            *m += v / t as f64;
        }
    }
    let centred: Vec<Vec<f64>> = fit
        .residuals
        .iter()
        .map(|row| row.iter().zip(&mean).map(|(v, m)| v - m).collect())
        .collect();
    let draws: Vec<Option<Draw>> = (0..replicates)
        .into_par_iter()
        .map(|b| {
            let mut rng = RandomStream::new(seed, b as u64, "var-bootstrap");
            let innovations: Vec<Vec<f64>> = (0..t)
                .map(|_| centred[rng.below(t as u64) as usize].clone())
                .collect();
            let synthetic = fit.generate(series, &innovations);
            let refit = self::fit(&synthetic, fit.lags).ok()?;
            Some((
                refit.lag_sum(),
                refit.impulse_responses(horizon),
                refit.intercept,
            ))
        })
        .collect();
    let usable: Vec<&Draw> = draws.iter().flatten().collect();
    let alpha = (1.0 - level) / 2.0;
    let bounds = |pick: &dyn Fn(&Draw) -> f64| {
        let v: Vec<f64> = usable.iter().map(|d| pick(d)).collect();
        (quantile(&v, alpha), quantile(&v, 1.0 - alpha))
    };
    let mut lag_sum_lower = Matrix::zeros(k, k);
    let mut lag_sum_upper = Matrix::zeros(k, k);
    let mut irf_lower = vec![Matrix::zeros(k, k); horizon + 1];
    let mut irf_upper = vec![Matrix::zeros(k, k); horizon + 1];
    for i in 0..k {
        for j in 0..k {
            let (lo, hi) = bounds(&|d| d.0[(i, j)]);
            lag_sum_lower[(i, j)] = lo;
            lag_sum_upper[(i, j)] = hi;
            for h in 0..=horizon {
                let (lo, hi) = bounds(&|d| d.1[h][(i, j)]);
                irf_lower[h][(i, j)] = lo;
                irf_upper[h][(i, j)] = hi;
            }
        }
    }
    Bootstrap {
        replicates,
        usable: usable.len(),
        draws: usable.iter().map(|d| (d.0.clone(), d.2.clone())).collect(),
        level,
        lag_sum_lower,
        lag_sum_upper,
        irf_lower,
        irf_upper,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A known VAR with Gaussian innovations (sd 1), after a burn-in.
    fn simulate(intercept: &[f64], coef: &[Matrix], n: usize, seed: u64) -> Vec<Vec<f64>> {
        let k = intercept.len();
        let p = coef.len();
        let truth = VarFit {
            k,
            lags: p,
            nobs: 0,
            intercept: intercept.to_vec(),
            coef: coef.to_vec(),
            sigma: Matrix::identity(k),
            rss: vec![],
            residuals: vec![],
        };
        let mut rng = RandomStream::new(seed, 0, "test-var");
        let burn = 200;
        let innovations: Vec<Vec<f64>> = (0..n + burn)
            .map(|_| (0..k).map(|_| rng.standard_normal()).collect())
            .collect();
        let zeros = vec![vec![0.0; p]; k];
        truth
            .generate(&zeros, &innovations)
            .into_iter()
            .map(|s| s[p + burn..].to_vec())
            .collect()
    }

    fn a(rows: &[[f64; 2]; 2]) -> Matrix {
        Matrix::from_rows(&[rows[0].to_vec(), rows[1].to_vec()])
    }

    #[test]
    fn ols_recovers_known_coefficients() {
        // y₁ answers y₂ (0.3) but y₂ ignores y₁.
        let a1 = a(&[[0.5, 0.3], [0.0, 0.4]]);
        let s = simulate(&[1.0, -0.5], std::slice::from_ref(&a1), 5000, 1);
        let f = fit(&s, 1).unwrap();
        for (est, truth) in f.coef[0].data.iter().zip(&a1.data) {
            assert!((est - truth).abs() < 0.04, "{est} vs {truth}");
        }
        assert!((f.intercept[0] - 1.0).abs() < 0.15);
        assert!((f.intercept[1] + 0.5).abs() < 0.15);
        // Innovations have unit variance and are independent.
        assert!((f.sigma[(0, 0)] - 1.0).abs() < 0.06);
        assert!(f.sigma[(0, 1)].abs() < 0.05);
    }

    #[test]
    fn granger_tests_find_the_causal_direction() {
        let a1 = a(&[[0.5, 0.3], [0.0, 0.4]]);
        let s = simulate(&[0.0, 0.0], &[a1], 2000, 2);
        let y2_causes_y1 = granger(&s, 1, 1, 0).unwrap();
        let y1_causes_y2 = granger(&s, 1, 0, 1).unwrap();
        assert!(y2_causes_y1.p_value < 1e-10);
        assert!(y1_causes_y2.p_value > 0.01);
        assert_eq!(
            (y2_causes_y1.df1, y2_causes_y1.df2),
            (1.0, 2000.0 - 1.0 - 3.0)
        );
    }

    #[test]
    fn bic_finds_the_true_order() {
        let a1 = a(&[[0.3, 0.2], [0.1, 0.3]]);
        let a2 = a(&[[-0.3, 0.0], [0.25, 0.2]]);
        let s = simulate(&[0.0, 0.0], &[a1, a2], 3000, 3);
        let choice = select_lags(&s, 6).unwrap();
        assert_eq!(choice.by_bic, 2);
        assert!(choice.by_aic >= 2);
        assert_eq!(choice.nobs, 3000 - 6);
    }

    #[test]
    fn impulse_responses_are_powers_of_a_for_var1() {
        // Φ_h = A^h for a VAR(1). A = [[0.5, 0.3], [0, 0.4]]:
        // A² = [[0.25, 0.27], [0, 0.16]].
        let fit = VarFit {
            k: 2,
            lags: 1,
            nobs: 0,
            intercept: vec![0.0, 0.0],
            coef: vec![a(&[[0.5, 0.3], [0.0, 0.4]])],
            sigma: a(&[[4.0, 2.0], [2.0, 3.0]]),
            rss: vec![],
            residuals: vec![],
        };
        let phi = fit.impulse_responses(2);
        assert_eq!(phi[0], Matrix::identity(2));
        let want = [0.25, 0.27, 0.0, 0.16];
        for (x, w) in phi[2].data.iter().zip(want) {
            assert!((x - w).abs() < 1e-15);
        }
        // Orthogonal Φ₁P with P = [[2, 0], [1, √2]]: [[1.3, 0.3√2], [0.4, 0.4√2]].
        let o = fit.orthogonal_responses(1).unwrap();
        let r2 = 2f64.sqrt();
        let want = [1.3, 0.3 * r2, 0.4, 0.4 * r2];
        for (x, w) in o[1].data.iter().zip(want) {
            assert!((x - w).abs() < 1e-14);
        }
    }

    #[test]
    fn bootstrap_intervals_cover_the_truth_and_are_reproducible() {
        let a1 = a(&[[0.5, 0.3], [0.0, 0.4]]);
        let s = simulate(&[0.0, 0.0], &[a1], 400, 4);
        let f = fit(&s, 1).unwrap();
        let b1 = bootstrap(&s, &f, 4, 200, 7, 0.9);
        let b2 = bootstrap(&s, &f, 4, 200, 7, 0.9);
        assert_eq!(b1, b2);
        assert_eq!(b1.usable, 200);
        let (lo, hi) = (b1.lag_sum_lower[(0, 1)], b1.lag_sum_upper[(0, 1)]);
        assert!(lo < 0.3 && 0.3 < hi, "[{lo}, {hi}]");
        assert!(hi - lo < 0.3);
        assert!(b1.irf_lower[0][(0, 0)] == 1.0 && b1.irf_upper[0][(0, 0)] == 1.0);
    }

    #[test]
    fn too_short_or_constant_series_are_errors() {
        let short = vec![vec![1.0, 2.0, 3.0], vec![0.0, 1.0, 0.0]];
        assert!(fit(&short, 1).unwrap_err().0.contains("too few"));
        let constant = vec![vec![1.0; 50], (0..50).map(|i| (i % 3) as f64).collect()];
        assert!(fit(&constant, 1).unwrap_err().0.contains("collinear"));
    }
}
