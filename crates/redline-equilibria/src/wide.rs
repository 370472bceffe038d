//! Exact integers for fraction-free pivoting: [`PivotInt`], implemented by
//! `BigInt` and by [`Wide`], a fixed-width two's-complement integer of `W`
//! 64-bit words with wrapping arithmetic.
//!
//! Wrapping arithmetic is exact when every true value fits, and for a
//! fraction-free tableau that can be known in advance: every entry is a
//! minor of the starting matrix, so by Hadamard's inequality its absolute
//! value is at most `H`, the product of the starting rows' Euclidean norms.
//! [`entry_words`] picks `L` with `H < 2^(64L − 2)`, and `Wide<W>` with
//! `W = 2L` holds entries in its low half and a pivot's intermediate
//! `p·v − f·w` (at most `2H²`) in full. Products of entries are therefore
//! computed on `L` words only, and no operation can overflow.
//!
//! Division in a pivot is exact (Bareiss), which allows Jebelean's exact
//! division ("An algorithm for exact division", J. Symbolic Computation
//! 1993): with the divisor `d = 2^s·d'`, `d'` odd, the quotient of `a` is
//! `(a >> s) · d'⁻¹ mod 2^(64L)`, since the quotient, an entry, fits in `L`
//! words; one truncated multiplication once the inverse (Newton's iteration
//! `x ← x(2 − d'x)`, doubling the correct bits each time) has been computed,
//! once per pivot. This is what makes `Wide` several times faster than
//! `BigInt`, which allocates and divides on every entry.

use num_bigint::{BigInt, Sign};
use num_traits::{Signed, Zero};
use std::cmp::Ordering;
use std::fmt::Debug;

/// Calls `$f::<I>($args…)` with `I` the narrowest [`Wide`] whose half holds
/// `$words` words (entries), or `BigInt` beyond eight.
macro_rules! by_entry_words {
    ($words:expr, $f:ident, $($arg:expr),* $(,)?) => {
        match $words {
            0..=1 => $f::<Wide<2>>($($arg),*),
            2 => $f::<Wide<4>>($($arg),*),
            3 => $f::<Wide<6>>($($arg),*),
            4 => $f::<Wide<8>>($($arg),*),
            5 => $f::<Wide<10>>($($arg),*),
            6 => $f::<Wide<12>>($($arg),*),
            7..=8 => $f::<Wide<16>>($($arg),*),
            _ => $f::<num_bigint::BigInt>($($arg),*),
        }
    };
}
pub(crate) use by_entry_words;

/// Integer operations a fraction-free tableau needs.
pub(crate) trait PivotInt: Clone + Debug + Ord + Send + Sync + 'static {
    /// A divisor prepared for repeated exact division.
    type Divisor;
    /// The integer `v` (which must fit).
    fn from_big(v: &BigInt) -> Self;
    /// The value as a `BigInt`.
    fn to_big(&self) -> BigInt;
    /// Zero.
    fn zero() -> Self;
    /// One.
    fn one() -> Self;
    /// Whether zero.
    fn is_zero(&self) -> bool;
    /// Whether strictly positive.
    fn is_positive(&self) -> bool;
    /// Whether strictly negative.
    fn is_negative(&self) -> bool;
    /// `self · other`, both tableau entries.
    fn mul(&self, other: &Self) -> Self;
    /// `self · a − b · c`, the pivot's update before division.
    fn mul_sub(&self, a: &Self, b: &Self, c: &Self) -> Self;
    /// `−self`.
    fn neg(&self) -> Self;
    /// Prepares `d > 0` for [`PivotInt::div_exact`].
    fn divisor(d: &Self) -> Self::Divisor;
    /// `self / d`, when `d` divides `self` and the quotient is a tableau entry.
    fn div_exact(&self, d: &Self::Divisor) -> Self;
    /// The 64-bit words an operation on this entry works on: the fixed
    /// width of a [`Wide`] entry, the actual size of a `BigInt` (what the
    /// work budget charges, squared, per operation).
    fn words(&self) -> u64;
}

impl PivotInt for BigInt {
    type Divisor = BigInt;
    fn from_big(v: &BigInt) -> Self {
        v.clone()
    }
    fn to_big(&self) -> BigInt {
        self.clone()
    }
    fn zero() -> Self {
        Zero::zero()
    }
    fn one() -> Self {
        num_traits::One::one()
    }
    fn is_zero(&self) -> bool {
        Zero::is_zero(self)
    }
    fn is_positive(&self) -> bool {
        Signed::is_positive(self)
    }
    fn is_negative(&self) -> bool {
        Signed::is_negative(self)
    }
    fn mul(&self, other: &Self) -> Self {
        self * other
    }
    fn mul_sub(&self, a: &Self, b: &Self, c: &Self) -> Self {
        self * a - b * c
    }
    fn neg(&self) -> Self {
        -self
    }
    fn divisor(d: &Self) -> Self::Divisor {
        d.clone()
    }
    fn div_exact(&self, d: &Self::Divisor) -> Self {
        self / d
    }
    fn words(&self) -> u64 {
        self.bits() / 64 + 1
    }
}

/// A signed integer of `W` 64-bit words, two's complement, little-endian,
/// with wrapping arithmetic; tableau entries live in its low `W / 2` words
/// (see the module docs).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Wide<const W: usize>([u64; W]);

impl<const W: usize> Debug for Wide<W> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.to_big())
    }
}

impl<const W: usize> Wide<W> {
    /// Words of an entry; `W` must be even (checked when compiled).
    const HALF: usize = {
        assert!(W.is_multiple_of(2), "Wide needs an even number of words");
        W / 2
    };

    fn wrapping_add(&self, other: &Self) -> Self {
        let mut out = [0u64; W];
        let mut carry = false;
        for (o, (a, b)) in out.iter_mut().zip(self.0.iter().zip(&other.0)) {
            let (s1, c1) = a.overflowing_add(*b);
            let (s2, c2) = s1.overflowing_add(u64::from(carry));
            *o = s2;
            carry = c1 || c2;
        }
        Wide(out)
    }

    fn wrapping_sub(&self, other: &Self) -> Self {
        let mut out = [0u64; W];
        let mut borrow = false;
        for (o, (a, b)) in out.iter_mut().zip(self.0.iter().zip(&other.0)) {
            let (s1, b1) = a.overflowing_sub(*b);
            let (s2, b2) = s1.overflowing_sub(u64::from(borrow));
            *o = s2;
            borrow = b1 || b2;
        }
        Wide(out)
    }

    /// The product modulo `2^(64·words)`, sign-extended to `W` words
    /// (schoolbook on the low `words` words only).
    #[inline]
    fn mul_mod(&self, other: &Self, words: usize) -> Self {
        let mut out = [0u64; W];
        for i in 0..words {
            let a = self.0[i];
            if a == 0 {
                continue;
            }
            let mut carry: u128 = 0;
            for j in 0..words - i {
                let t = u128::from(a) * u128::from(other.0[j]) + u128::from(out[i + j]) + carry;
                out[i + j] = t as u64;
                carry = t >> 64;
            }
        }
        Wide(out).sign_extend(words)
    }

    /// Copies the top bit of word `words − 1` into the words above it.
    #[inline]
    fn sign_extend(mut self, words: usize) -> Self {
        if words < W {
            let fill = if (self.0[words - 1] as i64) < 0 {
                u64::MAX
            } else {
                0
            };
            for w in &mut self.0[words..] {
                *w = fill;
            }
        }
        self
    }

    /// The exact product of two values that fit in `W / 2` words, signed
    /// (tableau entries). With `a = a_u − 2^(64h)·[a < 0]` for the unsigned
    /// low half `a_u` (h = W/2 words), and likewise `b`, the product modulo
    /// `2^(64W)` is `a_u·b_u − 2^(64h)·([a < 0]·b_u + [b < 0]·a_u)`: one
    /// unsigned h×h product and two subtractions in the high half.
    #[inline(always)]
    fn mul_entries(&self, other: &Self) -> Self {
        let h = Self::HALF;
        let mut out = [0u64; W];
        for i in 0..h {
            let x = self.0[i];
            if x == 0 {
                continue;
            }
            let mut carry: u128 = 0;
            for j in 0..h {
                let t = u128::from(x) * u128::from(other.0[j]) + u128::from(out[i + j]) + carry;
                out[i + j] = t as u64;
                carry = t >> 64;
            }
            if i + h < W {
                out[i + h] = carry as u64;
            }
        }
        let mut subtract_high = |v: &Self| {
            let mut borrow = false;
            for k in 0..W - h {
                let (s1, b1) = out[h + k].overflowing_sub(v.0[k]);
                let (s2, b2) = s1.overflowing_sub(u64::from(borrow));
                out[h + k] = s2;
                borrow = b1 || b2;
            }
        };
        if PivotInt::is_negative(self) {
            subtract_high(other);
        }
        if PivotInt::is_negative(other) {
            subtract_high(self);
        }
        Wide(out)
    }

    #[inline]
    fn abs(&self) -> Self {
        if PivotInt::is_negative(self) {
            PivotInt::neg(self)
        } else {
            *self
        }
    }

    /// Arithmetic shift right by `s < 64·W` bits.
    #[inline]
    fn shr(&self, s: u32) -> Self {
        if s == 0 {
            return *self;
        }
        let fill = if PivotInt::is_negative(self) {
            u64::MAX
        } else {
            0
        };
        let words = (s / 64) as usize;
        let bits = s % 64;
        let word = |i: usize| if i < W { self.0[i] } else { fill };
        let mut out = [0u64; W];
        for (i, o) in out.iter_mut().enumerate() {
            let lo = word(i + words);
            *o = if bits == 0 {
                lo
            } else {
                (lo >> bits) | (word(i + words + 1) << (64 - bits))
            };
        }
        Wide(out)
    }

    fn trailing_zeros(&self) -> u32 {
        let mut n = 0;
        for w in &self.0 {
            if *w == 0 {
                n += 64;
            } else {
                return n + w.trailing_zeros();
            }
        }
        n
    }
}

impl<const W: usize> Ord for Wide<W> {
    fn cmp(&self, other: &Self) -> Ordering {
        let (a, b) = (self.0[W - 1] as i64, other.0[W - 1] as i64);
        a.cmp(&b).then_with(|| {
            for i in (0..W - 1).rev() {
                match self.0[i].cmp(&other.0[i]) {
                    Ordering::Equal => continue,
                    o => return o,
                }
            }
            Ordering::Equal
        })
    }
}

impl<const W: usize> PartialOrd for Wide<W> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// An odd part's inverse modulo `2^(64·W/2)`, with the power-of-two shift.
pub(crate) struct WideDivisor<const W: usize> {
    shift: u32,
    inverse: Wide<W>,
}

impl<const W: usize> PivotInt for Wide<W> {
    type Divisor = WideDivisor<W>;

    fn from_big(v: &BigInt) -> Self {
        let (sign, digits) = v.to_u64_digits();
        let mut out = [0u64; W];
        for (o, d) in out.iter_mut().zip(digits) {
            *o = d;
        }
        let magnitude = Wide(out);
        if sign == Sign::Minus {
            magnitude.neg()
        } else {
            magnitude
        }
    }

    fn to_big(&self) -> BigInt {
        let negative = PivotInt::is_negative(self);
        let magnitude = self.abs();
        let v = BigInt::from_slice(
            Sign::Plus,
            &magnitude
                .0
                .iter()
                .flat_map(|w| [*w as u32, (*w >> 32) as u32])
                .collect::<Vec<u32>>(),
        );
        if negative { -v } else { v }
    }

    fn zero() -> Self {
        Wide([0; W])
    }

    fn one() -> Self {
        let mut v = [0; W];
        v[0] = 1;
        Wide(v)
    }

    fn is_zero(&self) -> bool {
        self.0.iter().all(|w| *w == 0)
    }

    fn is_positive(&self) -> bool {
        !self.is_negative() && !PivotInt::is_zero(self)
    }

    fn is_negative(&self) -> bool {
        (self.0[W - 1] as i64) < 0
    }

    fn mul(&self, other: &Self) -> Self {
        self.mul_entries(other)
    }

    fn mul_sub(&self, a: &Self, b: &Self, c: &Self) -> Self {
        self.mul_entries(a).wrapping_sub(&b.mul_entries(c))
    }

    fn neg(&self) -> Self {
        let mut out = [0u64; W];
        for (o, w) in out.iter_mut().zip(&self.0) {
            *o = !w;
        }
        Wide(out).wrapping_add(&<Self as PivotInt>::one())
    }

    fn divisor(d: &Self) -> Self::Divisor {
        let shift = d.trailing_zeros();
        let odd = d.shr(shift);
        // Newton's iteration for the inverse modulo 2^(64·W/2): d'·d' ≡ 1
        // (mod 8) for odd d', so x = d' has 3 correct bits, and each step
        // doubles them.
        let one = <Self as PivotInt>::one();
        let two = one.wrapping_add(&one);
        let mut x = odd;
        let mut bits = 3;
        while bits < 64 * Self::HALF {
            x = x.mul_mod(&two.wrapping_sub(&odd.mul_mod(&x, Self::HALF)), Self::HALF);
            bits *= 2;
        }
        WideDivisor { shift, inverse: x }
    }

    fn div_exact(&self, d: &Self::Divisor) -> Self {
        // The quotient is an entry: its low W/2 words, sign-extended, are all of it.
        self.shr(d.shift).mul_mod(&d.inverse, Self::HALF)
    }
    fn words(&self) -> u64 {
        Self::HALF as u64
    }
}

/// The number of words `L` that hold every entry of a fraction-free
/// tableau started from the integer rows `rows`, with two bits to spare
/// (`H < 2^(64L − 2)`, `H` the product of the rows' Euclidean norms), so
/// that `Wide<2L>` can run it without overflow.
pub(crate) fn entry_words(rows: &[Vec<BigInt>]) -> usize {
    // log2 H = Σ ½·log2 Σ_j v_j², bounding each v² by 4^bits(v) (|v| < 2^bits).
    let log2_h: f64 = rows
        .iter()
        .map(|row| {
            let squares: f64 = row.iter().map(|v| 4f64.powf(v.bits() as f64)).sum();
            0.5 * squares.max(1.0).log2()
        })
        .sum();
    let bits = log2_h + 2.0;
    if !bits.is_finite() {
        return usize::MAX;
    }
    (bits / 64.0).ceil().max(1.0) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lcg(state: &mut u64) -> u64 {
        *state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        *state >> 11
    }

    fn random_big(state: &mut u64, words: usize) -> BigInt {
        let magnitude = BigInt::from_slice(
            Sign::Plus,
            &(0..2 * words)
                .map(|_| lcg(state) as u32)
                .collect::<Vec<u32>>(),
        );
        // Entries stay below 2^(64·words − 2), as in a tableau.
        let magnitude = magnitude >> (2 + lcg(state) % (64 * words as u64 - 2)) as usize;
        if lcg(state).is_multiple_of(2) {
            -magnitude
        } else {
            magnitude
        }
    }

    #[test]
    fn wide_arithmetic_agrees_with_bigint_while_values_fit() {
        let mut state = 7;
        for _ in 0..2000 {
            // Entries of at most 2 words in a 4-word integer: products fit.
            let (a, b, c) = (
                random_big(&mut state, 2),
                random_big(&mut state, 2),
                random_big(&mut state, 2),
            );
            let (wa, wb, wc) = (
                Wide::<4>::from_big(&a),
                Wide::<4>::from_big(&b),
                Wide::<4>::from_big(&c),
            );
            assert_eq!(wa.to_big(), a);
            assert_eq!(wa.mul(&wb).to_big(), &a * &b);
            assert_eq!(wa.mul_sub(&wb, &wc, &wa).to_big(), &a * &b - &c * &a);
            assert_eq!(wa.neg().to_big(), -&a);
            assert_eq!(wa.cmp(&wb), a.cmp(&b), "{a} vs {b}");
            assert_eq!(PivotInt::is_negative(&wa), Signed::is_negative(&a));
            // Exact division of a product of two entries by one of them, as
            // in a pivot, with even divisors too.
            let d = (b.abs() >> 9usize) << (lcg(&mut state) % 9) as usize;
            if !Zero::is_zero(&d) {
                let product = &a * &d;
                let quotient =
                    Wide::<4>::from_big(&product).div_exact(&Wide::divisor(&Wide::from_big(&d)));
                assert_eq!(quotient.to_big(), a, "{product} / {d}");
            }
        }
    }

    #[test]
    fn words_cover_hadamards_bound() {
        // A 2×2 identity: H = 1, so one word.
        let id = vec![
            vec![BigInt::from(1), BigInt::from(0)],
            vec![BigInt::from(0), BigInt::from(1)],
        ];
        assert_eq!(entry_words(&id), 1);
        // Twenty rows of twenty 100s: H = (100·√20)^20 ≈ 2^176, bounded
        // here by (√(20·4⁷))^20 ≈ 2^183: three words.
        let big = vec![vec![BigInt::from(100); 20]; 20];
        assert_eq!(entry_words(&big), 3);
    }
}
