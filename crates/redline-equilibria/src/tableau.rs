//! An integer tableau with fraction-free (Bareiss) pivoting.
//!
//! Rows hold `det · x_B + Σ T[r][k] x_k = T[r][rhs]` for the basic variable
//! `x_B` of each row, all entries integers and `det > 0` the absolute value
//! of the current basis determinant. A pivot on `(r, c)` replaces every
//! other row by `(T[r][c]·T[i] − T[i][c]·T[r]) / det`, a division that is
//! always exact (Edmonds 1967; von Stengel 2007, §3.5 of "Equilibrium
//! computation for two-player games in strategic and extensive form").

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, Signed, Zero};
use std::cmp::Ordering;

/// Integer tableau; column `vars` is the right-hand side.
#[derive(Clone, Debug)]
pub(crate) struct Tableau {
    pub(crate) vars: usize,
    pub(crate) t: Vec<Vec<BigInt>>,
    pub(crate) basis: Vec<usize>,
    pub(crate) det: BigInt,
}

impl Tableau {
    /// The polytope `{z ≥ 0 : M z ≤ 1}` with slack variables: variables
    /// `0..d` are `z`, `d..d+k` the slacks of the `k` rows of `m`, which
    /// start basic.
    pub(crate) fn polytope(m: &[Vec<BigInt>]) -> Self {
        let k = m.len();
        let d = m.first().map_or(0, Vec::len);
        let vars = d + k;
        let t = (0..k)
            .map(|r| {
                let mut row = vec![BigInt::zero(); vars + 1];
                for (c, v) in m[r].iter().enumerate() {
                    row[c] = v.clone();
                }
                row[d + r] = BigInt::one();
                row[vars] = BigInt::one();
                row
            })
            .collect();
        Tableau {
            vars,
            t,
            basis: (d..d + k).collect(),
            det: BigInt::one(),
        }
    }

    pub(crate) fn rhs(&self, r: usize) -> &BigInt {
        &self.t[r][self.vars]
    }

    /// Pivots variable `c` into the basis at row `r` (requires `T[r][c] > 0`).
    pub(crate) fn pivot(&mut self, r: usize, c: usize) {
        let pivot_row = self.t[r].clone();
        let p = pivot_row[c].clone();
        for (i, row) in self.t.iter_mut().enumerate() {
            if i == r {
                continue;
            }
            // Column c becomes (p·f − f·p) / det = 0 outside the pivot row.
            let f = std::mem::take(&mut row[c]);
            // T[i] ← (p·T[i] − f·T[r]) / det, skipping the zero terms (the
            // basic columns are mostly zeros) and dividing exactly.
            for (col, (v, pr)) in row.iter_mut().zip(&pivot_row).enumerate() {
                if col == c {
                    continue;
                }
                let zero_term = f.is_zero() || pr.is_zero();
                if v.is_zero() && zero_term {
                    continue;
                }
                *v *= &p;
                if !zero_term {
                    *v -= &f * pr;
                }
                if !self.det.is_one() {
                    *v /= &self.det;
                }
            }
        }
        self.det = p;
        self.basis[r] = c;
    }

    /// [`Self::pivot`], also updating `extra`, a row over the same columns
    /// that is never pivoted on (an objective row `det·w + Σ extra[k] x_k =
    /// extra[rhs]` with `w` always basic).
    pub(crate) fn pivot_carrying(&mut self, r: usize, c: usize, extra: &mut [BigInt]) {
        let p = &self.t[r][c];
        let f = extra[c].clone();
        for (v, pr) in extra.iter_mut().zip(&self.t[r]) {
            *v = (p * &*v - &f * pr).div_floor(&self.det);
        }
        self.pivot(r, c);
    }

    /// Pivots on any non-zero element, then flips every sign if needed so
    /// that `det > 0` (the rows stay valid equations; division stays exact).
    pub(crate) fn pivot_any(&mut self, r: usize, c: usize) {
        self.pivot(r, c);
        if self.det.is_negative() {
            for row in self.t.iter_mut() {
                for v in row.iter_mut() {
                    *v = -std::mem::take(v);
                }
            }
            self.det = -std::mem::take(&mut self.det);
        }
    }

    /// The rows achieving the minimum ratio `rhs / T[r][c]` over the rows
    /// with `T[r][c] > 0` that `allowed` accepts.
    pub(crate) fn min_ratio_rows_among(
        &self,
        c: usize,
        allowed: &dyn Fn(usize) -> bool,
    ) -> Vec<usize> {
        let mut best: Vec<usize> = Vec::new();
        for r in 0..self.t.len() {
            if !allowed(r) || !self.t[r][c].is_positive() {
                continue;
            }
            match best.first() {
                None => best.push(r),
                Some(&b) => match self.compare_ratio(r, b, c, self.vars) {
                    Ordering::Less => best = vec![r],
                    Ordering::Equal => best.push(r),
                    Ordering::Greater => {}
                },
            }
        }
        best
    }

    /// Compares `T[r1][col]/T[r1][c]` with `T[r2][col]/T[r2][c]` (both divisors positive).
    fn compare_ratio(&self, r1: usize, r2: usize, c: usize, col: usize) -> Ordering {
        (&self.t[r1][col] * &self.t[r2][c]).cmp(&(&self.t[r2][col] * &self.t[r1][c]))
    }

    /// The lexicographic minimum-ratio row for entering column `c`, using the
    /// columns `lex` (the initial basis) to break ties, so degenerate
    /// problems cannot cycle. `None` when no entry in the column is positive.
    pub(crate) fn lex_min_ratio_row(&self, c: usize, lex: &[usize]) -> Option<usize> {
        self.lex_min_ratio_row_among(c, lex, &|_| true)
    }

    /// [`Self::lex_min_ratio_row`] restricted to the rows `allowed` accepts.
    pub(crate) fn lex_min_ratio_row_among(
        &self,
        c: usize,
        lex: &[usize],
        allowed: &dyn Fn(usize) -> bool,
    ) -> Option<usize> {
        let mut candidates = self.min_ratio_rows_among(c, allowed);
        for &col in lex {
            if candidates.len() <= 1 {
                break;
            }
            let mut best = vec![candidates[0]];
            for &r in &candidates[1..] {
                match self.compare_ratio(r, best[0], c, col) {
                    Ordering::Less => best = vec![r],
                    Ordering::Equal => best.push(r),
                    Ordering::Greater => {}
                }
            }
            candidates = best;
        }
        candidates.first().copied()
    }
}
