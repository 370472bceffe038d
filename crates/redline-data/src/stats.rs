//! Special functions and distributions. The general ones (log-gamma, the
//! incomplete beta and its inverse, the normal CDF and quantile) live in
//! `redline_core::special` and are re-exported here; this module adds the
//! F distribution and sample quantiles.
//!
//! - The F distribution: `P(F ≤ f) = I_{d₁f/(d₁f+d₂)}(d₁/2, d₂/2)`
//!   (A&S 26.6.2).
//! - Sample quantiles (Hyndman & Fan 1996, type 7).

pub use redline_core::special::{
    beta_quantile, erfc, inc_beta, ln_gamma, normal_cdf, normal_quantile,
};

/// `P(F ≤ f)` for the F distribution with `d1`, `d2` degrees of freedom.
pub fn f_cdf(f: f64, d1: f64, d2: f64) -> f64 {
    if f <= 0.0 {
        return 0.0;
    }
    inc_beta(d1 * f / (d1 * f + d2), d1 / 2.0, d2 / 2.0)
}

/// `P(F > f)`, computed directly in the upper tail for accuracy.
pub fn f_sf(f: f64, d1: f64, d2: f64) -> f64 {
    if f <= 0.0 {
        return 1.0;
    }
    inc_beta(d2 / (d2 + d1 * f), d2 / 2.0, d1 / 2.0)
}

/// The `q` quantile (0–1) of `values` by linear interpolation between order
/// statistics (Hyndman & Fan 1996, type 7). `values` need not be sorted.
pub fn quantile(values: &[f64], q: f64) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    let mut v: Vec<f64> = values.to_vec();
    v.sort_by(f64::total_cmp);
    let h = (v.len() - 1) as f64 * q.clamp(0.0, 1.0);
    let lo = h.floor() as usize;
    let hi = h.ceil() as usize;
    v[lo] + (h - lo as f64) * (v[hi] - v[lo])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol
    }

    #[test]
    fn f_distribution_matches_closed_form_and_tables() {
        // d1 = 2: P(F ≤ x) = 1 − (d2 / (d2 + 2x))^(d2/2).
        for &(x, d2) in &[(0.5f64, 7.0f64), (3.1, 20.0), (10.0, 3.0)] {
            let exact: f64 = 1.0 - (d2 / (d2 + 2.0 * x)).powf(d2 / 2.0);
            assert!(close(f_cdf(x, 2.0, d2), exact, 1e-12));
            assert!(close(f_sf(x, 2.0, d2), 1.0 - exact, 1e-12));
        }
        // 5% critical values from standard F tables (e.g. NIST/SEMATECH
        // e-Handbook 1.3.6.7.3): F(1,10) 4.965, F(3,10) 3.708, F(4,20) 2.866.
        assert!(close(f_sf(4.965, 1.0, 10.0), 0.05, 2e-4));
        assert!(close(f_sf(3.708, 3.0, 10.0), 0.05, 2e-4));
        assert!(close(f_sf(2.866, 4.0, 20.0), 0.05, 2e-4));
    }

    #[test]
    fn quantiles() {
        assert_eq!(quantile(&[3.0, 1.0, 2.0, 4.0], 0.5), 2.5);
        assert_eq!(quantile(&[5.0, 1.0], 1.0), 5.0);
    }
}
