//! Hazards: logistic forms in named covariates, and the conversion from
//! per-year probabilities to per-week ones.
//!
//! Every event in the model happens in a week with probability
//! `h = 1 − (1 − p)^(1/52)`, where `p = logistic(logit(p₀) + Σ βᵢ xᵢ)` is the
//! probability per year at the current state: `p₀` is the base rate at the
//! reference state (all covariates zero) and each `βᵢ` is a named scenario
//! parameter. Transitions that are naturally fast (rungs of the talks
//! ladder, collapse, a deal's breakdown) are written directly per week:
//! `h = logistic(logit(h₀) + Σ βᵢ (xᵢ − xᵢ_ref))`, their covariates measured
//! from the reference state `talks.reference.*` (docs/MODEL.md, M4).

/// Log-odds of `p`, clamped away from 0 and 1 so that certain events stay finite.
pub fn logit(p: f64) -> f64 {
    let p = p.clamp(1e-12, 1.0 - 1e-12);
    (p / (1.0 - p)).ln()
}

/// The logistic function, 1 / (1 + e^(−x)).
pub fn logistic(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

/// Weekly probability from the log-odds of a per-year probability.
pub fn weekly_from_annual_logit(annual_logit: f64) -> f64 {
    let p = logistic(annual_logit);
    // 1 − (1 − p)^(1/52), written with ln_1p/exp_m1 to stay exact for small p.
    -((-p).ln_1p() / 52.0).exp_m1()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weekly_hazards_compound_back_to_the_annual_rate() {
        for p in [0.001, 0.05, 0.5, 0.9] {
            let h = weekly_from_annual_logit(logit(p));
            let annual = 1.0 - (1.0 - h).powi(52);
            assert!((annual - p).abs() < 1e-9, "{p}: {annual}");
        }
        assert!((logistic(logit(0.3)) - 0.3).abs() < 1e-12);
        assert!(
            (weekly_from_annual_logit(logit(0.5)) - (1.0 - 0.5f64.powf(1.0 / 52.0))).abs() < 1e-12
        );
    }
}
