//! Exact numbers: Gambit's integers, decimals and fractions as rationals.

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, Signed, Zero};

/// An exact rational number (payoffs, probabilities).
pub type Q = BigRational;

/// The most decimal digits the numerator or the denominator of a number may
/// need, as written (`1e100` needs 101, `2.2e-308` a denominator of 309).
///
/// Numbers are read exactly, as their decimal text says, so a payoff such as
/// `2.2e-308` is the fraction 22/10³⁰⁹, not a tiny double. The solvers scale
/// every payoff of a player by the common denominator, and the exact
/// pivoting's integers grow with the digits of every entry: one such payoff
/// in a 12×12 game took enummixed from 0.3 s to more than two minutes, and a
/// payoff of 100,000 digits took 36 s to read. A hundred digits is far
/// beyond any payoff a model gives (doubles carry 17), and keeps each
/// number's cost small and linear to read.
pub const MAX_DIGITS: usize = 100;

/// Why a text is not a number [`read_number`] accepts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NumberError {
    /// Not an integer, decimal or fraction, or a zero denominator.
    Invalid,
    /// Its exact value needs more than [`MAX_DIGITS`] digits above or below
    /// the fraction bar (the count it needs).
    TooLong(usize),
}

/// Parses an integer (`-3`), a fraction (`1/3`), or a decimal with an
/// optional exponent (`0.25`, `1.5e-3`) into an exact rational.
/// Returns `None` when the text is not such a number, has a zero
/// denominator, or needs more than [`MAX_DIGITS`] digits.
pub fn parse_number(text: &str) -> Option<Q> {
    read_number(text).ok()
}

/// [`parse_number`], saying why a text is refused.
pub fn read_number(text: &str) -> Result<Q, NumberError> {
    if let Some((num, den)) = text.split_once('/') {
        let num = parse_decimal(num)?;
        let den = parse_decimal(den)?;
        if den.is_zero() {
            return Err(NumberError::Invalid);
        }
        // Each side is within the bound, their quotient need not be
        // (`1e-99/1e99` is 1/10¹⁹⁸): the value is bounded as `format_q`
        // writes it, so a game that reads is written back readable.
        let value = num / den;
        let needed = digits(value.numer()).max(digits(value.denom()));
        if needed > MAX_DIGITS {
            return Err(NumberError::TooLong(needed));
        }
        return Ok(value);
    }
    parse_decimal(text)
}

/// The decimal digits of `n`'s magnitude.
fn digits(n: &BigInt) -> usize {
    n.magnitude().to_string().len()
}

fn parse_decimal(text: &str) -> Result<Q, NumberError> {
    let invalid = NumberError::Invalid;
    let (sign, body) = match text.as_bytes().first().ok_or(invalid.clone())? {
        b'-' => (-1, &text[1..]),
        b'+' => (1, &text[1..]),
        _ => (1, text),
    };
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(i) => (
            &body[..i],
            body[i + 1..].parse::<i64>().map_err(|_| invalid.clone())?,
        ),
        None => (body, 0),
    };
    let (int_part, frac_part) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if int_part.is_empty() && frac_part.is_empty() {
        return Err(invalid);
    }
    if !int_part.bytes().all(|b| b.is_ascii_digit())
        || !frac_part.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(invalid);
    }
    // The value is `digits · 10^scale` with the significant digits only:
    // leading zeros and trailing zeros (moved into the scale) do not count,
    // so `0.500000` is 5·10⁻¹ and `1200` is 12·10².
    let all = format!("{int_part}{frac_part}");
    let significant = all.trim_start_matches('0');
    let trimmed = significant.trim_end_matches('0');
    if trimmed.is_empty() {
        return Ok(Q::zero());
    }
    let scale = i64::try_from(frac_part.len())
        .ok()
        .and_then(|f| exponent.checked_sub(f))
        .and_then(|s| s.checked_add((significant.len() - trimmed.len()) as i64))
        .ok_or(NumberError::TooLong(usize::MAX))?;
    // Checked before any big-integer work: decimal-to-binary conversion is
    // quadratic in the digits.
    let numerator_digits = (trimmed.len() as i64).saturating_add(scale.max(0));
    let denominator_digits = 1i64.saturating_add((-scale).max(0));
    let needed = numerator_digits.max(denominator_digits);
    if needed > MAX_DIGITS as i64 {
        return Err(NumberError::TooLong(
            usize::try_from(needed).unwrap_or(usize::MAX),
        ));
    }
    let numerator: BigInt = trimmed.parse().map_err(|_| invalid.clone())?;
    let ten = BigInt::from(10);
    let value = if scale >= 0 {
        Q::from_integer(numerator * num_traits::pow(ten, scale as usize))
    } else {
        Q::new(numerator, num_traits::pow(ten, (-scale) as usize))
    };
    Ok(if sign < 0 { -value } else { value })
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
        assert_eq!(parse_number("0.000"), Some(q(0, 1)));
        assert_eq!(parse_number("-001200"), Some(q(-1200, 1)));
    }

    #[test]
    fn numbers_needing_more_than_max_digits_are_refused() {
        // 2.2e-308 is 22/10^309 exactly: a denominator of 310 digits.
        assert_eq!(read_number("2.2e-308"), Err(NumberError::TooLong(310)));
        assert_eq!(read_number("1e100"), Err(NumberError::TooLong(101)));
        assert_eq!(
            read_number(&"7".repeat(100_000)),
            Err(NumberError::TooLong(100_000))
        );
        let tiny = read_number("1e-99").expect("99 zeros are allowed");
        assert_eq!(tiny.denom().to_string().len(), 100);
        assert_eq!(
            read_number("1e99").map(|v| v.numer().to_string().len()),
            Ok(100)
        );
        // Zeros that do not change the value do not count.
        let zeros = format!("0.5{}", "0".repeat(500));
        assert_eq!(read_number(&zeros), Ok(q(1, 2)));
        assert_eq!(read_number(&format!("{}1", "0".repeat(500))), Ok(q(1, 1)));
        assert!(matches!(
            read_number("1e-9999999999999"),
            Err(NumberError::TooLong(_))
        ));
        assert_eq!(
            read_number("1e99999999999999999999"),
            Err(NumberError::Invalid)
        );
        // A fraction of two bounded decimals is bounded as a value.
        assert_eq!(read_number("1e-99/1e99"), Err(NumberError::TooLong(199)));
        assert_eq!(
            read_number("1e-50/1e49").map(|v| v.denom().to_string().len()),
            Ok(100)
        );
    }

    #[test]
    fn formats_like_gambit() {
        assert_eq!(format_q(&q(6, 3)), "2");
        assert_eq!(format_q(&q(-2, 6)), "-1/3");
        assert_eq!(format_q(&q(0, 5)), "0");
    }
}
