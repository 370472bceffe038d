//! Hazards: logistic forms in named covariates, each decided per week.
//!
//! Every event in the model happens in a week with probability
//!
//! ```text
//! h = logistic(logit(h₀) + Σ βᵢ xᵢ),    h₀ = 1 − (1 − p₀)^(1/52)
//! ```
//!
//! where `p₀` is the scenario's base rate per year at the reference state
//! (all covariates zero), converted once to the weekly rate `h₀` it compounds
//! to, and each `βᵢ` is a named scenario parameter: a log-odds ratio on the
//! weekly hazard, which for rare events is the log of a hazard ratio (the
//! proportional-hazards reading of a coefficient: Cox 1972). The covariates act on the
//! week, not on the year: a rule whose covariates make a decision
//! near-certain makes it near-certain within the week, where converting a
//! per-year probability would cap it (an annual log-odds of 30 converts to
//! 44 % a week). Transitions that are naturally fast (rungs of the talks
//! ladder, collapse, a deal's breakdown) give `h₀` directly per week, their
//! covariates measured from the reference state `talks.reference.*`
//! (docs/MODEL.md, M4).

/// Log-odds of `p`, clamped away from 0 and 1 so that certain events stay finite.
pub fn logit(p: f64) -> f64 {
    let p = p.clamp(1e-12, 1.0 - 1e-12);
    (p / (1.0 - p)).ln()
}

/// The logistic function, 1 / (1 + e^(−x)).
pub fn logistic(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

/// The weekly probability that compounds to the per-year probability `p`:
/// 1 − (1 − p)^(1/52), written with ln_1p/exp_m1 to stay exact for small p.
pub fn weekly_from_annual(p: f64) -> f64 {
    -((-p).ln_1p() / 52.0).exp_m1()
}

/// Whether an event with weekly log-odds `weekly_logit` happens in a week
/// whose draw is `u`.
#[inline]
pub fn happens(u: f64, weekly_logit: f64) -> bool {
    u < logistic(weekly_logit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weekly_rates_compound_back_to_the_annual_rate() {
        for p in [0.001, 0.05, 0.5, 0.9, 0.999_999] {
            let h = weekly_from_annual(p);
            let annual = 1.0 - (1.0 - h).powi(52);
            assert!((annual - p).abs() < 1e-9, "{p}: {annual}");
        }
        assert!((logistic(logit(0.3)) - 0.3).abs() < 1e-12);
        assert!((weekly_from_annual(0.5) - (1.0 - 0.5f64.powf(1.0 / 52.0))).abs() < 1e-12);
    }

    #[test]
    fn a_rule_that_makes_a_decision_certain_makes_it_certain_within_the_week() {
        // A base rate of 1 % a year with covariates worth 40 log-odds: the
        // weekly hazard is 1 to within 1e-15, so every draw below 1 fires.
        let x = logit(weekly_from_annual(0.01)) + 40.0;
        let mut stream = redline_core::RandomStream::new(1, 2, "hazard-test");
        for _ in 0..100_000 {
            assert!(happens(stream.uniform(), x));
        }
        // And an annual conversion of the same log-odds would have capped it.
        let capped = weekly_from_annual(logistic(logit(0.01) + 40.0));
        assert!(capped < 0.6, "{capped}");
    }
}
