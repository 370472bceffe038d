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

/// Whether an event with per-year log-odds `annual_logit` happens in a week
/// whose draw is `u`: `u < 1 − (1 − p)^(1/52)`, decided without the
/// logarithms where the draw alone settles it. The weekly hazard lies
/// between p/52 and p (Bernoulli's inequality: (1 − p)^(1/52) ≤ 1 − p/52), and
/// most draws fall above p, since most events are rare: those need only the
/// logistic. The answer is [`weekly_from_annual_logit`]'s (tested).
#[inline]
pub fn weekly_event(u: f64, annual_logit: f64) -> bool {
    let p = logistic(annual_logit);
    if u >= p {
        return false;
    }
    if u < p / 52.0 {
        return true;
    }
    u < -((-p).ln_1p() / 52.0).exp_m1()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_weekly_event_is_decided_as_its_hazard_decides_it() {
        // Draws everywhere, and draws within a few ulps of p, of p/52 and of
        // the hazard itself, over log-odds from near-impossible to near-certain.
        let mut stream = redline_core::RandomStream::new(1, 2, "hazard-test");
        for _ in 0..200_000 {
            let x = -30.0 + 60.0 * stream.uniform();
            let p = logistic(x);
            let h = weekly_from_annual_logit(x);
            for u in [
                stream.uniform(),
                p,
                p * (1.0 - 1e-15),
                p / 52.0,
                p / 52.0 * (1.0 + 1e-15),
                h,
                h * (1.0 - 1e-15),
                h * (1.0 + 1e-15),
            ] {
                assert_eq!(
                    weekly_event(u, x),
                    u < h,
                    "x = {x}, u = {u}, h = {h}, p = {p}"
                );
            }
        }
    }

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
