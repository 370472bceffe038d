//! Numbers as users expect them: a floating-point result printed as the
//! decimal it stands for (`55`, `1.535`), never with the rounding noise of
//! its last bits (`55.00000000000001`, `1.5350000000000001`).
//!
//! [`tidy`] rounds to twelve significant digits: far beyond what any of
//! redline's models can claim, and short enough that serde_json (which
//! writes the shortest decimal that reads back to the same double) prints
//! the decimal itself. Exact numbers (the equilibria solvers' fractions)
//! never pass through here: they stay exact strings.

/// Significant digits kept by [`tidy`].
pub const DIGITS: usize = 12;

/// `x` rounded to [`DIGITS`] significant digits; zero (of either sign) is
/// `0.0`, and infinities and NaN are returned unchanged.
pub fn tidy(x: f64) -> f64 {
    if x == 0.0 {
        return 0.0;
    }
    if !x.is_finite() {
        return x;
    }
    format!("{x:.*e}", DIGITS - 1).parse().unwrap_or(x)
}

/// Every value tidied.
pub fn tidy_all(values: &[f64]) -> Vec<f64> {
    values.iter().copied().map(tidy).collect()
}

/// Every row tidied.
pub fn tidy_rows(rows: &[Vec<f64>]) -> Vec<Vec<f64>> {
    rows.iter().map(|row| tidy_all(row)).collect()
}

/// The shortest decimal text of the tidied value (`55`, `0.3`, `NaN`), for
/// CSV fields and plain-text output.
pub fn text(x: f64) -> String {
    tidy(x).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(x: f64) -> String {
        serde_json::to_string(&tidy(x)).unwrap()
    }

    #[test]
    fn rounding_noise_is_gone() {
        // 0.1 + 0.2 is 0.30000000000000004 in binary floating point.
        assert_eq!(json(0.1 + 0.2), "0.3");
        assert_eq!(json(55.000_000_000_000_01), "55.0");
        assert_eq!(json(1.535_000_000_000_000_1), "1.535");
        assert_eq!(json(1.289_999_999_999_999_8), "1.29");
        assert_eq!(text(55.000_000_000_000_01), "55");
        assert_eq!(text(62.360_000_000_000_01), "62.36");
    }

    #[test]
    fn real_digits_are_kept() {
        // Twelve significant digits of 1/3, 2/3 and a tiny value.
        assert_eq!(json(1.0 / 3.0), "0.333333333333");
        assert_eq!(json(2.0 / 3.0), "0.666666666667");
        assert_eq!(json(1.234_567_890_123e-300), "1.23456789012e-300");
        assert_eq!(json(-2.5), "-2.5");
        assert_eq!(json(1e6), "1000000.0");
    }

    #[test]
    fn zero_and_non_finite_values() {
        assert_eq!(json(-0.0), "0.0");
        assert!(tidy(f64::NAN).is_nan());
        assert_eq!(tidy(f64::INFINITY), f64::INFINITY);
        assert_eq!(text(f64::NAN), "NaN");
    }
}
