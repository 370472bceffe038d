//! Exact numbers: Gambit's integers, decimals and fractions as rationals.

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, Signed, Zero};

/// An exact rational number (payoffs, probabilities).
pub type Q = BigRational;

/// Parses an integer (`-3`), a fraction (`1/3`), or a decimal with an
/// optional exponent (`0.25`, `1.5e-3`) into an exact rational.
/// Returns `None` when the text is not such a number or has a zero denominator.
pub fn parse_number(text: &str) -> Option<Q> {
    if let Some((num, den)) = text.split_once('/') {
        let num = parse_decimal(num)?;
        let den = parse_decimal(den)?;
        if den.is_zero() {
            return None;
        }
        return Some(num / den);
    }
    parse_decimal(text)
}

fn parse_decimal(text: &str) -> Option<Q> {
    let (sign, body) = match text.as_bytes().first()? {
        b'-' => (-1, &text[1..]),
        b'+' => (1, &text[1..]),
        _ => (1, text),
    };
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(i) => (&body[..i], body[i + 1..].parse::<i32>().ok()?),
        None => (body, 0),
    };
    let (int_part, frac_part) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if int_part.is_empty() && frac_part.is_empty() {
        return None;
    }
    if !int_part.bytes().all(|b| b.is_ascii_digit())
        || !frac_part.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    if exponent.unsigned_abs() > 4000 {
        return None;
    }
    let digits = format!("{int_part}{frac_part}");
    let numerator: BigInt = if digits.is_empty() {
        BigInt::zero()
    } else {
        digits.parse().ok()?
    };
    let scale = exponent - frac_part.len() as i32;
    let ten = BigInt::from(10);
    let value = if scale >= 0 {
        Q::from_integer(numerator * num_traits::pow(ten, scale as usize))
    } else {
        Q::new(numerator, num_traits::pow(ten, (-scale) as usize))
    };
    Some(if sign < 0 { -value } else { value })
}

/// Writes `q` as Gambit writes exact numbers: `3`, `-1/2`.
pub fn format_q(q: &Q) -> String {
    if q.is_integer() {
        q.numer().to_string()
    } else {
        format!("{}/{}", q.numer(), q.denom())
    }
}

/// The nearest `f64` to `q` (for display and floating solvers).
pub fn to_f64(q: &Q) -> f64 {
    use num_traits::ToPrimitive;
    q.to_f64().unwrap_or(f64::NAN)
}

/// The exact rational equal to a finite `f64` (every finite double is a dyadic rational).
pub fn from_f64(x: f64) -> Option<Q> {
    Q::from_float(x)
}

/// Zero.
pub fn zero() -> Q {
    Q::zero()
}

/// One.
pub fn one() -> Q {
    Q::one()
}

/// Whether `q` is strictly negative.
pub fn is_negative(q: &Q) -> bool {
    q.is_negative()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(n: i64, d: i64) -> Q {
        Q::new(BigInt::from(n), BigInt::from(d))
    }

    #[test]
    fn parses_gambit_numbers() {
        assert_eq!(parse_number("3"), Some(q(3, 1)));
        assert_eq!(parse_number("-563/880"), Some(q(-563, 880)));
        assert_eq!(parse_number("0.500000"), Some(q(1, 2)));
        assert_eq!(parse_number("-.25"), Some(q(-1, 4)));
        assert_eq!(parse_number("1.5e-3"), Some(q(3, 2000)));
        assert_eq!(parse_number("2E2"), Some(q(200, 1)));
        assert_eq!(parse_number("1/0"), None);
        assert_eq!(parse_number("1..2"), None);
        assert_eq!(parse_number("abc"), None);
        assert_eq!(parse_number("-"), None);
        assert_eq!(parse_number("."), None);
    }

    #[test]
    fn formats_like_gambit() {
        assert_eq!(format_q(&q(6, 3)), "2");
        assert_eq!(format_q(&q(-2, 6)), "-1/3");
        assert_eq!(format_q(&q(0, 5)), "0");
    }
}
