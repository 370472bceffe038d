//! Vertex enumeration of a best-response polytope `{z ≥ 0 : M z ≤ 1}`
//! (`M > 0`, so bounded) by reverse search (Avis & Fukuda 1992, "A pivoting
//! algorithm for convex hulls and vertex enumeration of arrangements and
//! polyhedra"; Avis 2000, "lrs: a revised implementation of the reverse
//! search vertex enumeration algorithm").
//!
//! The simplex method with Bland's entering rule and the lexicographic
//! ratio test, maximising `w = −Σ z_j`, leads from every lexicographically
//! positive feasible basis to the origin's basis (the unique optimum: every
//! reduced cost there is −1). Its pivots form a tree on those bases, and
//! reverse search walks the tree depth first from the root without storing
//! it: a neighbour is a child when the simplex pivot from the neighbour would
//! lead straight back, which is tested on the current tableau alone; going
//! up is one simplex pivot. Memory is one tableau, whatever the number of
//! vertices, where a search that remembers visited bases grows with them
//! (the earlier version of this solver needed 24 GB on a random 20×20 game).
//!
//! Lexicographically positive bases are the bases of the polytope with the
//! right-hand side perturbed to `1 + (ε, ε², …)` (Dantzig, Orden & Wolfe
//! 1955), which is simple; every vertex of the original polytope has at
//! least one, and a degenerate vertex may have several. Degenerate vertices
//! are therefore reported once each by remembering their points (only
//! theirs: nondegenerate vertices have exactly one basis).

use crate::budget::{Budget, Stop};
use crate::number::Q;
use crate::tableau::{Tableau, slack_rows};
use crate::wide::{PivotInt, Wide, by_entry_words, entry_words};
use num_bigint::BigInt;
use num_traits::{One, Zero};
use std::collections::HashSet;

/// The vertices of one polytope: label sets, plus the points of the
/// degenerate ones. Points of nondegenerate vertices are not kept (they are
/// recomputed from the labels by [`vertex_point`] for the few that matter).
pub(crate) struct Vertices {
    /// Words per label set (bit `l` of word `l / 64` for label `l`).
    pub(crate) words: usize,
    /// Label sets of the nondegenerate vertices other than the origin,
    /// `words` words each.
    pub(crate) simple: Vec<u64>,
    /// The degenerate vertices other than the origin: label set and point.
    pub(crate) degenerate: Vec<(Vec<u64>, Vec<Q>)>,
}

impl Vertices {
    /// The label set of the `k`-th nondegenerate vertex.
    pub(crate) fn simple_labels(&self, k: usize) -> &[u64] {
        &self.simple[k * self.words..(k + 1) * self.words]
    }

    /// How many nondegenerate vertices.
    pub(crate) fn simple_count(&self) -> usize {
        self.simple.len() / self.words.max(1)
    }
}

/// Every vertex of `{z ≥ 0 : M z ≤ 1}` except the origin, each once, with
/// the labels of its zero variables: variable `v` (`0..d` for `z`, `d + r`
/// for the slack of row `r`) carries label `label_of_var(v)` `< labels`.
///
/// The tableau's integers are fixed-width ([`Wide`]) when Hadamard's bound
/// on its starting rows (those of `[M | I | 1]` and the objective row)
/// shows they fit in at most 8 words, and `BigInt` otherwise.
pub(crate) fn enumerate(
    m: &[Vec<BigInt>],
    label_of_var: &(dyn Fn(usize) -> usize + Sync),
    labels: usize,
    budget: &Budget,
) -> Result<Vertices, Stop> {
    let d = m.first().map_or(0, Vec::len);
    // The objective row w + Σ z_j = 0 is a starting row too.
    let mut rows = slack_rows(m);
    rows.push(vec![<BigInt as One>::one(); d + 1]);
    by_entry_words!(
        entry_words(&rows),
        enumerate_with,
        m,
        label_of_var,
        labels,
        budget
    )
}

/// [`enumerate`] with the tableau's integers of type `I`.
pub(crate) fn enumerate_with<I: PivotInt>(
    m: &[Vec<BigInt>],
    label_of_var: &(dyn Fn(usize) -> usize + Sync),
    labels: usize,
    budget: &Budget,
) -> Result<Vertices, Stop> {
    let d = m.first().map_or(0, Vec::len);
    let words = labels.div_ceil(64).max(1);
    let mut found = Vertices {
        words,
        simple: Vec::new(),
        degenerate: Vec::new(),
    };
    let mut degenerate_points: HashSet<Vec<Q>> = HashSet::new();
    reverse_search::<I>(m, budget, &mut |tab: &Tableau<I>| {
        let mut mask = vec![0u64; words];
        let mut zero = vec![true; tab.vars];
        let mut degenerate = false;
        let mut origin = true;
        for (r, &b) in tab.basis.iter().enumerate() {
            if tab.rhs(r).is_zero() {
                degenerate = true;
            } else {
                zero[b] = false;
                origin &= b >= d;
            }
        }
        if origin {
            return;
        }
        for (v, &z) in zero.iter().enumerate() {
            if z {
                let l = label_of_var(v);
                mask[l / 64] |= 1 << (l % 64);
            }
        }
        if degenerate {
            let mut point = vec![Q::zero(); d];
            for (r, &b) in tab.basis.iter().enumerate() {
                if b < d {
                    point[b] = Q::new(tab.rhs(r).to_big(), tab.det.to_big());
                }
            }
            if degenerate_points.insert(point.clone()) {
                found.degenerate.push((mask, point));
            }
        } else {
            found.simple.extend_from_slice(&mask);
        }
    })?;
    Ok(found)
}

/// Calls `visit` on every lexicographically positive feasible basis of
/// `{z ≥ 0 : M z ≤ 1}`, the origin's first, by reverse search, spending
/// the tableau's work from `budget` as it goes.
pub(crate) fn reverse_search<I: PivotInt>(
    m: &[Vec<BigInt>],
    budget: &Budget,
    visit: &mut dyn FnMut(&Tableau<I>),
) -> Result<(), Stop> {
    let d = m.first().map_or(0, Vec::len);
    let mut tab = Tableau::<I>::polytope(m);
    let vars = tab.vars;
    // Lexicographic ties are broken on the columns of the starting basis.
    let lex: Vec<usize> = (d..vars).collect();
    // The objective row of w = −Σ z_j, written w + Σ z_j = 0: a cobasic
    // variable k improves w when objective[k] < 0.
    let mut objective: Vec<I> = (0..=vars)
        .map(|v| if v < d { I::one() } else { I::zero() })
        .collect();
    let mut basic = vec![false; vars];
    for &b in &tab.basis {
        basic[b] = true;
    }
    visit(&tab);
    // The next cobasic variable to try as the entering one at this basis.
    let mut next = 0;
    loop {
        // Each turn of this loop is one basis visited or left: the work of
        // the ratio tests and the pivot it made is paid here.
        budget.spend(tab.take_work().max(1))?;
        let mut child = None;
        while next < vars {
            let s = next;
            next += 1;
            // Going back from the neighbour needs the leaving variable to
            // improve there, which needs s not to improve here.
            if basic[s] || !objective[s].is_positive() {
                continue;
            }
            let Some(r) = tab.lex_min_ratio_row(s, &lex) else {
                continue;
            };
            if is_reverse_pivot(&tab, &objective, &basic, r, s) {
                child = Some((r, s));
                break;
            }
        }
        if let Some((r, s)) = child {
            let leaving = tab.basis[r];
            tab.pivot_carrying(r, s, &mut objective);
            basic[leaving] = false;
            basic[s] = true;
            visit(&tab);
            next = 0;
            continue;
        }
        // Every child done: back to the parent by Bland's rule. The origin's
        // basis, the root, has no improving variable.
        let Some(entering) = (0..vars).find(|&k| !basic[k] && objective[k].is_negative()) else {
            break;
        };
        let Some(r) = tab.lex_min_ratio_row(entering, &lex) else {
            break; // unbounded: impossible for M > 0
        };
        let leaving = tab.basis[r];
        tab.pivot_carrying(r, entering, &mut objective);
        basic[leaving] = false;
        basic[entering] = true;
        // At the parent, `leaving` entered to reach the child just finished.
        next = leaving + 1;
    }
    Ok(())
}

/// Whether the basis reached by pivoting `s` in at row `r` has this basis
/// as its parent: in the new basis the variable leaving now, `u`, improves
/// (it does when `objective[s] > 0`, checked by the caller) and no cobasic
/// variable of smaller index does, so Bland's rule picks `u`; the
/// lexicographic ratio test then picks `s`'s row, because lexicographic
/// pivots on the perturbed (simple) polytope are reversible.
fn is_reverse_pivot<I: PivotInt>(
    tab: &Tableau<I>,
    objective: &[I],
    basic: &[bool],
    r: usize,
    s: usize,
) -> bool {
    let u = tab.basis[r];
    let p = &tab.t[r][s];
    // After the pivot, objective[k] becomes (p·objective[k] − objective[s]·T[r][k]) / det.
    (0..u).all(|k| k == s || basic[k] || p.mul(&objective[k]) >= objective[s].mul(&tab.t[r][k]))
}

/// The point of the nondegenerate vertex of `{z ≥ 0 : M z ≤ 1}` whose zero
/// variables carry exactly the labels in `mask`: their complement is its
/// basis, pivoted in from the slack basis.
pub(crate) fn vertex_point(
    m: &[Vec<BigInt>],
    label_of_var: &dyn Fn(usize) -> usize,
    mask: &[u64],
) -> Option<Vec<Q>> {
    let d = m.first().map_or(0, Vec::len);
    let mut tab = Tableau::<BigInt>::polytope(m);
    let in_basis: Vec<bool> = (0..tab.vars)
        .map(|v| {
            let l = label_of_var(v);
            mask[l / 64] & (1 << (l % 64)) == 0
        })
        .collect();
    for v in 0..tab.vars {
        if !in_basis[v] || tab.basis.contains(&v) {
            continue;
        }
        let r = (0..tab.basis.len())
            .find(|&r| !in_basis[tab.basis[r]] && !PivotInt::is_zero(&tab.t[r][v]))?;
        tab.pivot_any(r, v);
    }
    let mut point = vec![Q::zero(); d];
    for (r, &b) in tab.basis.iter().enumerate() {
        if PivotInt::is_negative(tab.rhs(r)) {
            return None;
        }
        if b < d {
            point[b] = Q::new(tab.rhs(r).clone(), tab.det.clone());
        }
    }
    Some(point)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::number::one;
    use num_traits::Signed;

    fn int_matrix(rows: &[&[i64]]) -> Vec<Vec<BigInt>> {
        rows.iter()
            .map(|r| r.iter().map(|&v| BigInt::from(v)).collect())
            .collect()
    }

    /// Every vertex by brute force: each choice of `d` tight constraints
    /// among the `d + k` of `z ≥ 0, M z ≤ 1`, solved exactly, kept if feasible.
    fn brute_force(m: &[Vec<BigInt>]) -> HashSet<Vec<Q>> {
        let k = m.len();
        let d = m[0].len();
        let total = d + k;
        let mut points = HashSet::new();
        for subset in 0u32..(1 << total) {
            if subset.count_ones() as usize != d {
                continue;
            }
            // Tight constraints as rows of a d×d system A z = b.
            let mut a: Vec<Vec<Q>> = Vec::new();
            let mut b: Vec<Q> = Vec::new();
            for c in 0..total {
                if subset & (1 << c) == 0 {
                    continue;
                }
                if c < d {
                    a.push(
                        (0..d)
                            .map(|j| if j == c { one() } else { Q::zero() })
                            .collect(),
                    );
                    b.push(Q::zero());
                } else {
                    a.push(
                        m[c - d]
                            .iter()
                            .map(|v| Q::from_integer(v.clone()))
                            .collect(),
                    );
                    b.push(one());
                }
            }
            let Some(z) = gauss(a, b) else { continue };
            let feasible = z.iter().all(|v| !v.is_negative())
                && m.iter().all(|row| {
                    row.iter()
                        .zip(&z)
                        .map(|(a, x)| Q::from_integer(a.clone()) * x)
                        .sum::<Q>()
                        <= one()
                });
            if feasible && z.iter().any(|v| !v.is_zero()) {
                points.insert(z);
            }
        }
        points
    }

    fn gauss(mut a: Vec<Vec<Q>>, mut b: Vec<Q>) -> Option<Vec<Q>> {
        let n = b.len();
        for col in 0..n {
            let pivot = (col..n).find(|&r| !a[r][col].is_zero())?;
            a.swap(col, pivot);
            b.swap(col, pivot);
            let pivot_row = a[col].clone();
            for r in 0..n {
                if r != col && !a[r][col].is_zero() {
                    let f = &a[r][col] / &pivot_row[col];
                    for (x, p) in a[r].iter_mut().zip(&pivot_row) {
                        *x -= &f * p;
                    }
                    let delta = &f * &b[col];
                    b[r] -= delta;
                }
            }
        }
        Some((0..n).map(|i| &b[i] / &a[i][i]).collect())
    }

    fn all_points(m: &[Vec<BigInt>]) -> HashSet<Vec<Q>> {
        let k = m.len();
        let d = m[0].len();
        let label = |v: usize| v;
        let found = enumerate(m, &label, d + k, &Budget::unlimited()).unwrap();
        let mut points: HashSet<Vec<Q>> = HashSet::new();
        for i in 0..found.simple_count() {
            let p = vertex_point(m, &label, found.simple_labels(i)).expect("a vertex");
            assert!(points.insert(p), "a nondegenerate vertex reported twice");
        }
        for (_, p) in &found.degenerate {
            assert!(
                points.insert(p.clone()),
                "a degenerate vertex reported twice"
            );
        }
        points
    }

    fn lcg_matrix(rows: usize, cols: usize, seed: u64, modulus: u64) -> Vec<Vec<BigInt>> {
        let mut state = seed;
        (0..rows)
            .map(|_| {
                (0..cols)
                    .map(|_| {
                        state = state
                            .wrapping_mul(6364136223846793005)
                            .wrapping_add(1442695040888963407);
                        BigInt::from((state >> 33) % modulus + 1)
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn finds_the_vertices_of_a_square_and_a_triangle() {
        // z1, z2 ≤ 1/2 each: the square's vertices other than the origin.
        let square = int_matrix(&[&[2, 0], &[0, 2]]);
        assert_eq!(all_points(&square).len(), 3);
        // z1 + z2 ≤ 1 with a redundant z1 + z2 ≤ 1 twice: degenerate.
        let triangle = int_matrix(&[&[1, 1], &[1, 1]]);
        assert_eq!(all_points(&triangle), brute_force(&triangle));
        assert_eq!(all_points(&triangle).len(), 2);
    }

    #[test]
    fn agrees_with_brute_force_on_random_and_degenerate_polytopes() {
        let mut degenerate = 0;
        for seed in 0..12 {
            // Small payoff ranges make ties, hence degenerate vertices, common.
            let modulus = if seed % 2 == 0 { 3 } else { 50 };
            let m = lcg_matrix(5, 4, seed, modulus);
            assert_eq!(all_points(&m), brute_force(&m), "seed {seed}");
            degenerate += enumerate(&m, &|v| v, 9, &Budget::unlimited())
                .unwrap()
                .degenerate
                .len();
        }
        assert!(degenerate > 0, "no degenerate polytope was tested");
    }

    #[test]
    fn fixed_width_and_bigint_searches_agree() {
        for seed in 0..6 {
            let modulus = if seed % 2 == 0 { 4 } else { 1000 };
            let m = lcg_matrix(8, 7, seed, modulus);
            let label = |v: usize| v;
            let unlimited = Budget::unlimited();
            let wide = enumerate(&m, &label, 15, &unlimited).unwrap();
            let big = enumerate_with::<BigInt>(&m, &label, 15, &unlimited).unwrap();
            assert_eq!(wide.simple, big.simple, "seed {seed}");
            assert_eq!(wide.degenerate, big.degenerate, "seed {seed}");
            assert!(wide.simple_count() > 0);
        }
    }
}
