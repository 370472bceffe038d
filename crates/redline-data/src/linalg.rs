//! Small dense matrices: products, Cholesky factorisation, solves, inverses.
//!
//! The regressions here have a handful of columns (1 + K·p for a VAR with K
//! series and p lags), so a plain row-major matrix and a Cholesky solve of
//! the normal equations are enough (Golub & Van Loan, *Matrix Computations*,
//! §4.2). A matrix that is not positive definite (collinear regressors, a
//! constant series) is reported, not hidden.

/// A row-major dense matrix.
#[derive(Clone, Debug, PartialEq)]
pub struct Matrix {
    /// Number of rows.
    pub rows: usize,
    /// Number of columns.
    pub cols: usize,
    /// Entries, row by row.
    pub data: Vec<f64>,
}

impl Matrix {
    /// A zero matrix.
    pub fn zeros(rows: usize, cols: usize) -> Self {
        Matrix {
            rows,
            cols,
            data: vec![0.0; rows * cols],
        }
    }

    /// The identity.
    pub fn identity(n: usize) -> Self {
        let mut m = Self::zeros(n, n);
        for i in 0..n {
            m[(i, i)] = 1.0;
        }
        m
    }

    /// A matrix from rows (all of the same length).
    pub fn from_rows(rows: &[Vec<f64>]) -> Self {
        let cols = rows.first().map_or(0, Vec::len);
        Matrix {
            rows: rows.len(),
            cols,
            data: rows.iter().flatten().copied().collect(),
        }
    }

    /// The product `self · other`.
    pub fn mul(&self, other: &Matrix) -> Matrix {
        assert_eq!(self.cols, other.rows, "matrix shapes");
        let mut out = Matrix::zeros(self.rows, other.cols);
        for i in 0..self.rows {
            for k in 0..self.cols {
                let a = self[(i, k)];
                if a == 0.0 {
                    continue;
                }
                for j in 0..other.cols {
                    out[(i, j)] += a * other[(k, j)];
                }
            }
        }
        out
    }

    /// The transpose.
    pub fn transpose(&self) -> Matrix {
        let mut out = Matrix::zeros(self.cols, self.rows);
        for i in 0..self.rows {
            for j in 0..self.cols {
                out[(j, i)] = self[(i, j)];
            }
        }
        out
    }

    /// `selfᵀ · other`, without forming the transpose.
    pub fn t_mul(&self, other: &Matrix) -> Matrix {
        assert_eq!(self.rows, other.rows, "matrix shapes");
        let mut out = Matrix::zeros(self.cols, other.cols);
        for r in 0..self.rows {
            let a = &self.data[r * self.cols..(r + 1) * self.cols];
            let b = &other.data[r * other.cols..(r + 1) * other.cols];
            for (i, &ai) in a.iter().enumerate() {
                let row = &mut out.data[i * other.cols..(i + 1) * other.cols];
                for (o, &bj) in row.iter_mut().zip(b) {
                    *o += ai * bj;
                }
            }
        }
        out
    }

    /// `selfᵀ · self`, the Gram matrix of the columns.
    pub fn gram(&self) -> Matrix {
        let mut out = Matrix::zeros(self.cols, self.cols);
        for r in 0..self.rows {
            let row = &self.data[r * self.cols..(r + 1) * self.cols];
            for i in 0..self.cols {
                for j in i..self.cols {
                    out.data[i * self.cols + j] += row[i] * row[j];
                }
            }
        }
        for i in 0..self.cols {
            for j in 0..i {
                out.data[i * self.cols + j] = out.data[j * self.cols + i];
            }
        }
        out
    }

    /// The lower-triangular Cholesky factor `L` with `L Lᵀ = self`, or
    /// `None` when the matrix is not (numerically) positive definite.
    pub fn cholesky(&self) -> Option<Matrix> {
        let n = self.rows;
        let mut l = Matrix::zeros(n, n);
        let scale = (0..n).map(|i| self[(i, i)].abs()).fold(0.0, f64::max);
        for j in 0..n {
            let mut d = self[(j, j)];
            for k in 0..j {
                d -= l[(j, k)] * l[(j, k)];
            }
            if d.is_nan() || d <= 1e-12 * scale.max(f64::MIN_POSITIVE) {
                return None;
            }
            let d = d.sqrt();
            l[(j, j)] = d;
            for i in j + 1..n {
                let mut s = self[(i, j)];
                for k in 0..j {
                    s -= l[(i, k)] * l[(j, k)];
                }
                l[(i, j)] = s / d;
            }
        }
        Some(l)
    }

    /// Solves `L Lᵀ x = b` for each column of `b`, given the Cholesky factor `L`.
    pub fn cholesky_solve(l: &Matrix, b: &Matrix) -> Matrix {
        let n = l.rows;
        let mut x = b.clone();
        for c in 0..b.cols {
            for i in 0..n {
                let mut s = x[(i, c)];
                for k in 0..i {
                    s -= l[(i, k)] * x[(k, c)];
                }
                x[(i, c)] = s / l[(i, i)];
            }
            for i in (0..n).rev() {
                let mut s = x[(i, c)];
                for k in i + 1..n {
                    s -= l[(k, i)] * x[(k, c)];
                }
                x[(i, c)] = s / l[(i, i)];
            }
        }
        x
    }

    /// The inverse of a positive definite matrix, if it is one.
    pub fn inverse_spd(&self) -> Option<Matrix> {
        let l = self.cholesky()?;
        Some(Self::cholesky_solve(&l, &Matrix::identity(self.rows)))
    }

    /// `ln det` of a positive definite matrix, if it is one.
    pub fn ln_det_spd(&self) -> Option<f64> {
        let l = self.cholesky()?;
        Some((0..self.rows).map(|i| 2.0 * l[(i, i)].ln()).sum())
    }

    /// Eigenvalues and eigenvectors of a symmetric matrix by cyclic Jacobi
    /// rotations (Golub & Van Loan, §8.5): `(values, vectors)` with vector
    /// `k` in column `k`, so that `A = V diag(values) Vᵀ`. Exact to rounding
    /// for the small matrices here (CMA-ES's covariance, a dozen rows);
    /// sweeps stop when the off-diagonal mass is below 10⁻²⁴ of the total.
    pub fn symmetric_eigen(&self) -> (Vec<f64>, Matrix) {
        let n = self.rows;
        let mut a = self.clone();
        let mut v = Matrix::identity(n);
        let total: f64 = a
            .data
            .iter()
            .map(|x| x * x)
            .sum::<f64>()
            .max(f64::MIN_POSITIVE);
        for _sweep in 0..100 {
            let off: f64 = (0..n)
                .flat_map(|i| (0..n).filter(move |&j| j != i).map(move |j| (i, j)))
                .map(|(i, j)| a[(i, j)] * a[(i, j)])
                .sum();
            if off <= 1e-24 * total {
                break;
            }
            for p in 0..n {
                for q in p + 1..n {
                    if a[(p, q)] == 0.0 {
                        continue;
                    }
                    // The rotation that zeroes a[p][q] (Rutishauser's form).
                    let theta = (a[(q, q)] - a[(p, p)]) / (2.0 * a[(p, q)]);
                    let t = theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt());
                    let t = if theta == 0.0 { 1.0 } else { t };
                    let c = 1.0 / (t * t + 1.0).sqrt();
                    let s = t * c;
                    for k in 0..n {
                        let (akp, akq) = (a[(k, p)], a[(k, q)]);
                        a[(k, p)] = c * akp - s * akq;
                        a[(k, q)] = s * akp + c * akq;
                    }
                    for k in 0..n {
                        let (apk, aqk) = (a[(p, k)], a[(q, k)]);
                        a[(p, k)] = c * apk - s * aqk;
                        a[(q, k)] = s * apk + c * aqk;
                    }
                    for k in 0..n {
                        let (vkp, vkq) = (v[(k, p)], v[(k, q)]);
                        v[(k, p)] = c * vkp - s * vkq;
                        v[(k, q)] = s * vkp + c * vkq;
                    }
                }
            }
        }
        ((0..n).map(|i| a[(i, i)]).collect(), v)
    }
}

impl std::ops::Index<(usize, usize)> for Matrix {
    type Output = f64;
    fn index(&self, (i, j): (usize, usize)) -> &f64 {
        &self.data[i * self.cols + j]
    }
}

impl std::ops::IndexMut<(usize, usize)> for Matrix {
    fn index_mut(&mut self, (i, j): (usize, usize)) -> &mut f64 {
        &mut self.data[i * self.cols + j]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symmetric_eigen_of_a_hand_example() {
        // [[2, 1], [1, 2]]: eigenvalues 1 and 3, eigenvectors (1, −1)/√2 and (1, 1)/√2.
        let a = Matrix::from_rows(&[vec![2.0, 1.0], vec![1.0, 2.0]]);
        let (mut values, v) = a.symmetric_eigen();
        values.sort_by(f64::total_cmp);
        assert!((values[0] - 1.0).abs() < 1e-12 && (values[1] - 3.0).abs() < 1e-12);
        // A = V Λ Vᵀ, and V is orthogonal.
        let (values, _) = a.symmetric_eigen();
        let mut lambda = Matrix::zeros(2, 2);
        for i in 0..2 {
            lambda[(i, i)] = values[i];
        }
        let back = v.mul(&lambda).mul(&v.transpose());
        let vtv = v.transpose().mul(&v);
        for i in 0..2 {
            for j in 0..2 {
                assert!((back[(i, j)] - a[(i, j)]).abs() < 1e-12);
                let id = if i == j { 1.0 } else { 0.0 };
                assert!((vtv[(i, j)] - id).abs() < 1e-12);
            }
        }
        // A 3 × 3 with a known spectrum: diag(1, 2, 5) rotated.
        let q = Matrix::from_rows(&[
            vec![2.0 / 3.0, -2.0 / 3.0, 1.0 / 3.0],
            vec![2.0 / 3.0, 1.0 / 3.0, -2.0 / 3.0],
            vec![1.0 / 3.0, 2.0 / 3.0, 2.0 / 3.0],
        ]);
        let mut d = Matrix::zeros(3, 3);
        for (i, x) in [1.0, 2.0, 5.0].into_iter().enumerate() {
            d[(i, i)] = x;
        }
        let a3 = q.mul(&d).mul(&q.transpose());
        let (mut values, _) = a3.symmetric_eigen();
        values.sort_by(f64::total_cmp);
        for (got, want) in values.iter().zip([1.0, 2.0, 5.0]) {
            assert!((got - want).abs() < 1e-10, "{got} vs {want}");
        }
    }

    #[test]
    fn cholesky_of_a_hand_example() {
        // [[4, 2], [2, 3]] = L Lᵀ with L = [[2, 0], [1, √2]]; det = 8.
        let a = Matrix::from_rows(&[vec![4.0, 2.0], vec![2.0, 3.0]]);
        let l = a.cholesky().unwrap();
        assert_eq!(l[(0, 0)], 2.0);
        assert_eq!(l[(1, 0)], 1.0);
        assert!((l[(1, 1)] - 2f64.sqrt()).abs() < 1e-15);
        assert!((a.ln_det_spd().unwrap() - 8f64.ln()).abs() < 1e-14);
        // Inverse: (1/8) [[3, −2], [−2, 4]].
        let inv = a.inverse_spd().unwrap();
        let want = [3.0 / 8.0, -0.25, -0.25, 0.5];
        for (x, w) in inv.data.iter().zip(want) {
            assert!((x - w).abs() < 1e-14);
        }
    }

    #[test]
    fn singular_matrices_are_refused() {
        let a = Matrix::from_rows(&[vec![1.0, 2.0], vec![2.0, 4.0]]);
        assert!(a.cholesky().is_none());
        assert!(Matrix::zeros(2, 2).cholesky().is_none());
    }

    #[test]
    fn gram_and_products_agree() {
        let x = Matrix::from_rows(&[vec![1.0, 2.0], vec![3.0, 4.0], vec![5.0, 6.0]]);
        assert_eq!(x.gram(), x.transpose().mul(&x));
        let y = Matrix::from_rows(&[vec![1.0], vec![0.0], vec![-1.0]]);
        assert_eq!(x.t_mul(&y).data, [-4.0, -4.0]);
        assert_eq!(x.gram().data, [35.0, 44.0, 44.0, 56.0]);
    }
}
