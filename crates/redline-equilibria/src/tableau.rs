//! An integer tableau with fraction-free (Bareiss) pivoting.
//!
//! Rows hold `det · x_B + Σ T[r][k] x_k = T[r][rhs]` for the basic variable
//! `x_B` of each row, all entries integers and `det > 0` the absolute value
//! of the current basis determinant. A pivot on `(r, c)` replaces every
//! other row by `(T[r][c]·T[i] − T[i][c]·T[r]) / det`, a division that is
//! always exact (Edmonds 1967; von Stengel 2007, §3.5 of "Equilibrium
//! computation for two-player games in strategic and extensive form").
//!
//! The integers are `BigInt` by default, or a fixed-width [`crate::wide::Wide`]
//! when the vertex search has shown that no entry can outgrow it.

use crate::wide::PivotInt;
use num_bigint::BigInt;
use std::cmp::Ordering;

/// Integer tableau; column `vars` is the right-hand side.
#[derive(Clone, Debug)]
pub(crate) struct Tableau<I = BigInt> {
    pub(crate) vars: usize,
    pub(crate) t: Vec<Vec<I>>,
    pub(crate) basis: Vec<usize>,
    pub(crate) det: I,
    /// Work done since [`Self::take_work`] last ran, in budget units
    /// (`crate::budget`): a pivot costs rows × columns operations, a ratio
    /// test one per row, each operation the square of the words of the
    /// determinant (the size of the entries, all minors of the same order:
    /// exact, so the same on every run).
    pub(crate) work: u64,
}

impl<I: PivotInt> Tableau<I> {
    /// The polytope `{z ≥ 0 : M z ≤ 1}` with slack variables: variables
    /// `0..d` are `z`, `d..d+k` the slacks of the `k` rows of `m`, which
    /// start basic.
    pub(crate) fn polytope(m: &[Vec<BigInt>]) -> Self {
        let k = m.len();
        let d = m.first().map_or(0, Vec::len);
        let vars = d + k;
        let t = (0..k)
            .map(|r| {
                let mut row = vec![I::zero(); vars + 1];
                for (c, v) in m[r].iter().enumerate() {
                    row[c] = I::from_big(v);
                }
                row[d + r] = I::one();
                row[vars] = I::one();
                row
            })
            .collect();
        Tableau {
            vars,
            t,
            basis: (d..d + k).collect(),
            det: I::one(),
            work: 0,
        }
    }

    /// The work done since the last call, for the solver's budget.
    pub(crate) fn take_work(&mut self) -> u64 {
        std::mem::take(&mut self.work)
    }

    fn charge(&mut self, operations: usize) {
        let w = self.det.words();
        self.work = self
            .work
            .saturating_add((operations as u64).saturating_mul(w.saturating_mul(w)));
    }

    pub(crate) fn rhs(&self, r: usize) -> &I {
        &self.t[r][self.vars]
    }

    /// Pivots variable `c` into the basis at row `r` (requires `T[r][c] > 0`).
    pub(crate) fn pivot(&mut self, r: usize, c: usize) {
        self.charge(self.t.len().saturating_mul(self.vars + 1));
        let pivot_row = self.t[r].clone();
        let p = pivot_row[c].clone();
        let divisor = (self.det != I::one()).then(|| I::divisor(&self.det));
        for (i, row) in self.t.iter_mut().enumerate() {
            if i != r {
                update_row(row, &pivot_row, c, &p, divisor.as_ref());
            }
        }
        self.det = p;
        self.basis[r] = c;
    }

    /// [`Self::pivot`], also updating `extra`, a row over the same columns
    /// that is never pivoted on (an objective row `det·w + Σ extra[k] x_k =
    /// extra[rhs]` with `w` always basic).
    pub(crate) fn pivot_carrying(&mut self, r: usize, c: usize, extra: &mut [I]) {
        self.charge(self.vars + 1);
        let divisor = (self.det != I::one()).then(|| I::divisor(&self.det));
        update_row(extra, &self.t[r], c, &self.t[r][c], divisor.as_ref());
        self.pivot(r, c);
    }

    /// Pivots on any non-zero element, then flips every sign if needed so
    /// that `det > 0` (the rows stay valid equations; division stays exact).
    pub(crate) fn pivot_any(&mut self, r: usize, c: usize) {
        self.pivot(r, c);
        if self.det.is_negative() {
            for row in self.t.iter_mut() {
                for v in row.iter_mut() {
                    *v = v.neg();
                }
            }
            self.det = self.det.neg();
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
        self.t[r1][col]
            .mul(&self.t[r2][c])
            .cmp(&self.t[r2][col].mul(&self.t[r1][c]))
    }

    /// The lexicographic minimum-ratio row for entering column `c`, using the
    /// columns `lex` (the initial basis) to break ties, so degenerate
    /// problems cannot cycle. `None` when no entry in the column is positive.
    pub(crate) fn lex_min_ratio_row(&mut self, c: usize, lex: &[usize]) -> Option<usize> {
        self.lex_min_ratio_row_among(c, lex, &|_| true)
    }

    /// [`Self::lex_min_ratio_row`] restricted to the rows `allowed` accepts.
    pub(crate) fn lex_min_ratio_row_among(
        &mut self,
        c: usize,
        lex: &[usize],
        allowed: &dyn Fn(usize) -> bool,
    ) -> Option<usize> {
        self.charge(self.t.len());
        let mut candidates = self.min_ratio_rows_among(c, allowed);
        for &col in lex {
            if candidates.len() <= 1 {
                break;
            }
            self.charge(candidates.len());
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

/// `row ← (p·row − row[c]·pivot_row) / det` (no division while `det` is 1),
/// skipping the zero terms: the basic columns are mostly zeros. Column `c`
/// becomes `(p·f − f·p) / det = 0`.
fn update_row<I: PivotInt>(
    row: &mut [I],
    pivot_row: &[I],
    c: usize,
    p: &I,
    divisor: Option<&I::Divisor>,
) {
    let f = std::mem::replace(&mut row[c], I::zero());
    let f_zero = f.is_zero();
    for (col, (v, pr)) in row.iter_mut().zip(pivot_row).enumerate() {
        if col == c {
            continue;
        }
        let zero_term = f_zero || pr.is_zero();
        if zero_term && v.is_zero() {
            continue;
        }
        let a = if zero_term {
            v.mul(p)
        } else {
            v.mul_sub(p, &f, pr)
        };
        *v = match divisor {
            Some(d) => a.div_exact(d),
            None => a,
        };
    }
}

/// The starting rows `[M | I | 1]` of [`Tableau::polytope`] without their
/// zeros (one slack and the right-hand side per row): what Hadamard's bound
/// on the entries is computed from.
pub(crate) fn slack_rows(m: &[Vec<BigInt>]) -> Vec<Vec<BigInt>> {
    m.iter()
        .map(|row| {
            row.iter()
                .cloned()
                .chain([BigInt::one(), BigInt::one()])
                .collect()
        })
        .collect()
}
