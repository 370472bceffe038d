//! The logit quantal response equilibrium (QRE) correspondence, traced by
//! homotopy from the centroid at λ = 0 towards a Nash equilibrium as λ → ∞
//! (McKelvey & Palfrey 1995, "Quantal response equilibria for normal form
//! games"; Turocy 2005, "A dynamic homotopy interpretation of the logistic
//! quantal response equilibrium correspondence"). This module holds the
//! path follower and the strategic-form QRE; [`agent`] holds the agent QRE
//! of an extensive game, in behaviour strategies, on the same follower.
//!
//! In log-probabilities `v_ij = ln σ_ij` the branch solves, for every player
//! `i`, `Σ_j exp(v_ij) = 1` and `v_ij − v_i0 − λ (u_ij(σ) − u_i0(σ)) = 0`
//! for `j ≥ 1`: `N = Σ_i n_i` equations in `N + 1` unknowns, a curve. It is
//! followed by arc length with an Euler predictor along the tangent (the
//! null vector of the Jacobian, oriented by the previous tangent) and a
//! Newton corrector in the plane orthogonal to it (Allgower & Georg 1990,
//! *Numerical Continuation Methods*), with step-size adaptation. At the end
//! (λ ≥ `lambda_max`) the strategies with probability above `1e-6` form
//! the support; Newton on the support's indifference equations then refines
//! the point to the Nash equilibrium it approximates, which is accepted only
//! if its regret is below `1e-9`. Floating point throughout.

pub mod agent;

use crate::budget::{self, Budget, Stop, times};
use crate::nfg::NormalFormGame;
use crate::number::to_f64;

/// Why a logit branch gave no equilibrium.
#[derive(Clone, Debug, PartialEq)]
pub enum LogitError {
    /// The path could not be followed, or its end failed the check (the message says which).
    Failed(String),
    /// The work budget ran out, or the solve was stopped.
    Stopped(Stop),
}

impl std::fmt::Display for LogitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LogitError::Failed(m) => f.write_str(m),
            LogitError::Stopped(stop) => stop.fmt(f),
        }
    }
}

impl From<String> for LogitError {
    fn from(m: String) -> Self {
        LogitError::Failed(m)
    }
}

impl From<&str> for LogitError {
    fn from(m: &str) -> Self {
        LogitError::Failed(m.to_string())
    }
}

impl From<Stop> for LogitError {
    fn from(stop: Stop) -> Self {
        LogitError::Stopped(stop)
    }
}

/// Refuses a branch of `unknowns` whose Jacobian (`unknowns` + 1 squared)
/// would exceed [`budget::MAX_CELLS`], before it is allocated.
fn check_size(unknowns: usize) -> Result<(), LogitError> {
    if budget::cells(&[unknowns + 1, unknowns + 1]).is_none() {
        return Err(LogitError::Failed(format!(
            "logit: {unknowns} strategies or actions make a Jacobian of more than {} cells",
            budget::MAX_CELLS
        )));
    }
    Ok(())
}

/// The cost of one step of the path follower on `unknowns` unknowns whose
/// equations take `evaluation` units to evaluate: the evaluation and a
/// dense linear solve (a cube).
fn step_cost(unknowns: usize, evaluation: u64) -> u64 {
    let n = unknowns as u64 + 1;
    evaluation.saturating_add(n.saturating_mul(n).saturating_mul(n))
}

/// One point of the traced branch.
#[derive(Clone, Debug, PartialEq)]
pub struct PathPoint {
    /// The precision parameter λ.
    pub lambda: f64,
    /// The QRE at λ, one probability vector per player (for the agent form,
    /// the player's information sets' action probabilities one after another).
    pub profile: Vec<Vec<f64>>,
}

/// The traced branch and the Nash equilibrium at its end.
#[derive(Clone, Debug, PartialEq)]
pub struct LogitResult {
    /// Accepted points of the branch, in order.
    pub path: Vec<PathPoint>,
    /// The limiting Nash equilibrium.
    pub equilibrium: Vec<Vec<f64>>,
    /// Its expected payoffs.
    pub payoffs: Vec<f64>,
    /// Its largest regret (below 1e-9).
    pub regret: f64,
}

/// A square system of equations `F(x) = 0`: its values and Jacobian rows at `x`.
type System<'a> = dyn Fn(&[f64]) -> (Vec<f64>, Vec<Vec<f64>>) + 'a;

/// The branch's N equations at a point `x` (the unknowns followed by λ).
struct Equations {
    /// `H(x)`.
    value: Vec<f64>,
    /// Its Jacobian: N rows of N + 1 columns.
    jacobian: Vec<Vec<f64>>,
    /// For each equation, the size of the terms it adds up (for
    /// `v_j − v_0 − λ (u_j − u_0)`, λ times |u_j|, |u_0| and the largest
    /// payoff that enters them): rounding makes its computed value uncertain
    /// by a small multiple of ε times that.
    size: Vec<f64>,
}

/// The homotopy: the branch's equations at any point.
type Homotopy<'a> = dyn Fn(&[f64]) -> Equations + 'a;

fn max_abs(v: &[f64]) -> f64 {
    v.iter().fold(0.0f64, |m, x| m.max(x.abs()))
}

/// Solves `a x = b` by Gaussian elimination with partial pivoting.
fn solve_linear(mut a: Vec<Vec<f64>>, mut b: Vec<f64>) -> Option<Vec<f64>> {
    let n = b.len();
    for col in 0..n {
        let pivot = (col..n).max_by(|&r, &s| a[r][col].abs().total_cmp(&a[s][col].abs()))?;
        if a[pivot][col].abs() < 1e-300 || !a[pivot][col].is_finite() {
            return None;
        }
        a.swap(col, pivot);
        b.swap(col, pivot);
        for r in col + 1..n {
            let f = a[r][col] / a[col][col];
            if f != 0.0 {
                let (top, bottom) = a.split_at_mut(r);
                for (v, p) in bottom[0][col..].iter_mut().zip(&top[col][col..]) {
                    *v -= f * p;
                }
                b[r] -= f * b[col];
            }
        }
    }
    let mut x = vec![0.0; n];
    for r in (0..n).rev() {
        let mut v = b[r];
        for c in r + 1..n {
            v -= a[r][c] * x[c];
        }
        x[r] = v / a[r][r];
    }
    x.iter().all(|v| v.is_finite()).then_some(x)
}

/// The unit tangent of the branch at a point with Jacobian `jac`, oriented
/// like `previous`.
fn tangent(jac: &[Vec<f64>], previous: &[f64]) -> Option<Vec<f64>> {
    let mut a: Vec<Vec<f64>> = jac.to_vec();
    a.push(previous.to_vec());
    let mut b = vec![0.0; previous.len()];
    if let Some(last) = b.last_mut() {
        *last = 1.0;
    }
    let t = solve_linear(a, b)?;
    let norm = t.iter().map(|v| v * v).sum::<f64>().sqrt();
    Some(t.iter().map(|v| v / norm).collect())
}

/// Newton's method from `y` on the branch's equations plus `row · δ = 0`:
/// with the tangent as `row` the correction stays in the hyperplane
/// orthogonal to it (the arc-length corrector); with the unit vector on λ it
/// keeps λ fixed. Returns the corrected point, if it converged, and the
/// number of iterations used.
fn correct(homotopy: &Homotopy, mut y: Vec<f64>, row: &[f64]) -> (Option<Vec<f64>>, usize) {
    let mut iterations = 0;
    let mut previous_norm = f64::INFINITY;
    while iterations < 10 {
        iterations += 1;
        let Equations {
            value: hy,
            jacobian: jy,
            size,
        } = homotopy(&y);
        let norm = max_abs(&hy);
        // A relative tolerance per equation, against what rounding can
        // explain: the size of its terms, plus `Σ_c |∂H_r/∂x_c| |x_c|` for
        // the rounding of the point itself (the componentwise backward error
        // of Oettli & Prager 1964). Far along the path |v| and λ reach 10⁶: a
        // payoff difference of order 10 carries an error of order ε·10·λ,
        // and one that depends on beliefs, i.e. on differences of such |v|,
        // an error of order ε λ |v|. A uniform tolerance would sit below
        // that floor and stall the corrector.
        let converged = hy.iter().zip(&jy).zip(&size).all(|((h, row), terms)| {
            let point: f64 = row.iter().zip(&y).map(|(j, x)| (j * x).abs()).sum();
            h.abs() < 1e-12 * (1.0 + terms + point)
        });
        if converged {
            return (Some(y), iterations);
        }
        if norm > previous_norm || !norm.is_finite() {
            break;
        }
        previous_norm = norm;
        let mut a = jy;
        a.push(row.to_vec());
        let mut b: Vec<f64> = hy.iter().map(|v| -v).collect();
        b.push(0.0);
        let Some(delta) = solve_linear(a, b) else {
            break;
        };
        for (v, dv) in y.iter_mut().zip(&delta) {
            *v += dv;
        }
    }
    (None, iterations)
}

/// Follows the branch of `system` through `start` (λ, the last coordinate,
/// increasing at first) until λ ≥ `lambda_max`; returns the accepted points,
/// `start` first.
/// Each evaluation of the equations (the predictor's and each Newton
/// iteration's) is paid from `budget` at `cost` (see [`step_cost`]).
fn trace(
    homotopy: &Homotopy,
    start: Vec<f64>,
    lambda_max: f64,
    budget: &Budget,
    cost: u64,
) -> Result<Vec<Vec<f64>>, LogitError> {
    let size = start.len() - 1;
    let mut x = start;
    let mut t = vec![0.0; size + 1];
    t[size] = 1.0;
    let mut h = 0.03;
    let mut path = vec![x.clone()];
    let mut steps = 0;
    while x[size] < lambda_max {
        steps += 1;
        if steps > 200_000 {
            return Err("logit: too many steps along the path".into());
        }
        budget.spend(cost)?;
        let jac = homotopy(&x).jacobian;
        let Some(tangent) = tangent(&jac, &t) else {
            return Err(format!("logit: singular Jacobian at λ = {}", x[size]).into());
        };
        let y: Vec<f64> = x.iter().zip(&tangent).map(|(a, b)| a + h * b).collect();
        let (accepted, iterations) = correct(homotopy, y, &tangent);
        budget.spend(cost.saturating_mul(iterations as u64))?;
        match accepted {
            Some(next)
                if tangent.iter().zip(&t).map(|(a, b)| a * b).sum::<f64>() > 0.0 || steps == 1 =>
            {
                x = next;
                t = tangent;
                if iterations <= 3 {
                    h *= 1.5;
                }
                path.push(x.clone());
            }
            _ => {
                h /= 2.0;
                if h < 1e-12 {
                    return Err(format!("logit: the step size collapsed at λ = {}", x[size]).into());
                }
            }
        }
    }
    Ok(path)
}

/// The points of a traced branch at the given values of λ: each is
/// interpolated between the first two consecutive points whose λ bracket it,
/// then corrected by Newton with λ fixed.
fn at_lambdas(
    homotopy: &Homotopy,
    path: &[Vec<f64>],
    lambdas: &[f64],
) -> Result<Vec<Vec<f64>>, String> {
    let Some(size) = path.first().map(|x| x.len() - 1) else {
        return Err("logit: an empty path".into());
    };
    let mut fixed = vec![0.0; size + 1];
    fixed[size] = 1.0;
    lambdas
        .iter()
        .map(|&lambda| {
            if let Some(point) = path.iter().find(|x| x[size] == lambda) {
                return Ok(point.clone());
            }
            let bracket = path
                .windows(2)
                .find(|w| w[0][size] <= lambda && lambda <= w[1][size])
                .ok_or_else(|| format!("logit: the path does not reach λ = {lambda}"))?;
            let (a, b) = (&bracket[0], &bracket[1]);
            let s = if b[size] > a[size] {
                (lambda - a[size]) / (b[size] - a[size])
            } else {
                0.0
            };
            let mut y: Vec<f64> = a.iter().zip(b).map(|(p, q)| p + s * (q - p)).collect();
            y[size] = lambda;
            let (point, _) = correct(homotopy, y, &fixed);
            point.ok_or_else(|| format!("logit: no convergence at λ = {lambda}"))
        })
        .collect()
}

/// Newton's method on a system from `x`, up to `iterations` steps or until
/// `max |F| < tolerance`; returns the last iterate. Degenerate games give
/// singular systems (supports of unequal size), and a system may have more
/// equations than unknowns: then a damped least-squares
/// (Levenberg–Marquardt, i.e. Gauss–Newton) step is taken instead. `None`
/// when not even that step can be computed.
fn newton(system: &System, mut x: Vec<f64>, tolerance: f64, iterations: usize) -> Option<Vec<f64>> {
    for _ in 0..iterations {
        let (h, jac) = system(&x);
        if max_abs(&h) < tolerance {
            return Some(x);
        }
        let size = x.len();
        let square = jac.len() == size;
        let direct = square
            .then(|| solve_linear(jac.clone(), h.iter().map(|v| -v).collect()))
            .flatten();
        let step = match direct {
            Some(step) => step,
            None => {
                let mut normal = vec![vec![0.0; size]; size];
                let mut rhs = vec![0.0; size];
                for (r, row) in jac.iter().enumerate() {
                    for a in 0..size {
                        rhs[a] -= row[a] * h[r];
                        for b in 0..size {
                            normal[a][b] += row[a] * row[b];
                        }
                    }
                }
                for (a, row) in normal.iter_mut().enumerate() {
                    row[a] += 1e-12;
                }
                solve_linear(normal, rhs)?
            }
        };
        for (v, dv) in x.iter_mut().zip(&step) {
            *v += dv;
        }
    }
    Some(x)
}

/// Payoffs as floating-point numbers with the game's shape.
struct Dense {
    shape: Vec<usize>,
    payoffs: Vec<Vec<f64>>,
    /// The largest absolute payoff.
    largest: f64,
}

impl Dense {
    fn new(game: &NormalFormGame) -> Self {
        let payoffs: Vec<Vec<f64>> = game
            .payoffs
            .iter()
            .map(|p| p.iter().map(to_f64).collect())
            .collect();
        let largest = payoffs.iter().flatten().fold(0.0f64, |m, x| m.max(x.abs()));
        Dense {
            shape: game.shape(),
            payoffs,
            largest,
        }
    }

    fn profile(&self, mut index: usize, out: &mut [usize]) {
        for (s, &k) in out.iter_mut().zip(&self.shape) {
            *s = index % k;
            index /= k;
        }
    }

    /// `u[i][j]`: payoff to `i` of strategy `j` against the others' mixture;
    /// `d[i][j][k][l]`: the same with player `k ≠ i` playing `l` for sure.
    #[allow(clippy::type_complexity)]
    fn derivatives(&self, sigma: &[Vec<f64>]) -> (Vec<Vec<f64>>, Vec<Vec<Vec<Vec<f64>>>>) {
        let n = self.shape.len();
        let mut u: Vec<Vec<f64>> = self.shape.iter().map(|&k| vec![0.0; k]).collect();
        let mut d: Vec<Vec<Vec<Vec<f64>>>> = self
            .shape
            .iter()
            .map(|&k| vec![self.shape.iter().map(|&m| vec![0.0; m]).collect(); k])
            .collect();
        let mut s = vec![0usize; n];
        for (c, pay) in self.payoffs.iter().enumerate() {
            self.profile(c, &mut s);
            for i in 0..n {
                let mut w = 1.0;
                for m in 0..n {
                    if m != i {
                        w *= sigma[m][s[m]];
                    }
                }
                u[i][s[i]] += w * pay[i];
                for k in 0..n {
                    if k == i {
                        continue;
                    }
                    let mut w = 1.0;
                    for m in 0..n {
                        if m != i && m != k {
                            w *= sigma[m][s[m]];
                        }
                    }
                    d[i][s[i]][k][s[k]] += w * pay[i];
                }
            }
        }
        (u, d)
    }
}

struct Branch<'a> {
    dense: &'a Dense,
    offsets: Vec<usize>,
    size: usize,
}

impl Branch<'_> {
    fn sigma(&self, x: &[f64]) -> Vec<Vec<f64>> {
        self.dense
            .shape
            .iter()
            .zip(&self.offsets)
            .map(|(&k, &o)| (0..k).map(|j| x[o + j].exp()).collect())
            .collect()
    }

    /// H(x) and its Jacobian (N rows, N + 1 columns).
    fn system(&self, x: &[f64]) -> Equations {
        let n = self.size;
        let lambda = x[n];
        let sigma = self.sigma(x);
        let (u, d) = self.dense.derivatives(&sigma);
        let mut h = vec![0.0; n];
        let mut jac = vec![vec![0.0; n + 1]; n];
        let mut size = vec![0.0; n];
        for (i, (&k, &o)) in self.dense.shape.iter().zip(&self.offsets).enumerate() {
            h[o] = sigma[i].iter().sum::<f64>() - 1.0;
            for j in 0..k {
                jac[o][o + j] = sigma[i][j];
            }
            for j in 1..k {
                let row = o + j;
                h[row] = x[o + j] - x[o] - lambda * (u[i][j] - u[i][0]);
                // Expected payoffs are weighted sums of payoffs: rounding is
                // relative to the largest payoff, not to |u|.
                size[row] = lambda * (u[i][j].abs() + u[i][0].abs() + 2.0 * self.dense.largest);
                jac[row][o + j] += 1.0;
                jac[row][o] -= 1.0;
                for (other, (&kk, &oo)) in self.dense.shape.iter().zip(&self.offsets).enumerate() {
                    if other == i {
                        continue;
                    }
                    for l in 0..kk {
                        jac[row][oo + l] -=
                            lambda * (d[i][j][other][l] - d[i][0][other][l]) * sigma[other][l];
                    }
                }
                jac[row][n] = -(u[i][j] - u[i][0]);
            }
        }
        Equations {
            value: h,
            jacobian: jac,
            size,
        }
    }
}

fn regret_of(dense: &Dense, sigma: &[Vec<f64>]) -> (f64, Vec<f64>) {
    let (u, _) = dense.derivatives(sigma);
    let mut worst: f64 = 0.0;
    let mut payoffs = Vec::new();
    for (ui, si) in u.iter().zip(sigma) {
        let expected: f64 = ui.iter().zip(si).map(|(a, b)| a * b).sum();
        let best = ui.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        worst = worst.max(best - expected);
        payoffs.push(expected);
    }
    (worst, payoffs)
}

/// Newton on the support's indifference equations, starting from `sigma`.
fn refine(dense: &Dense, sigma: &[Vec<f64>]) -> Option<Vec<Vec<f64>>> {
    let support: Vec<Vec<usize>> = sigma
        .iter()
        .map(|s| (0..s.len()).filter(|&j| s[j] > 1e-6).collect())
        .collect();
    if support.iter().any(Vec::is_empty) {
        return None;
    }
    let mut offsets = Vec::new();
    let mut size = 0;
    for s in &support {
        offsets.push(size);
        size += s.len();
    }
    // The unknowns: the support's probabilities, player by player.
    let profile = |x: &[f64]| -> Vec<Vec<f64>> {
        sigma
            .iter()
            .zip(&support)
            .zip(&offsets)
            .map(|((s, sup), &o)| {
                let mut p = vec![0.0; s.len()];
                for (c, &j) in sup.iter().enumerate() {
                    p[j] = x[o + c];
                }
                p
            })
            .collect()
    };
    let start: Vec<f64> = sigma
        .iter()
        .zip(&support)
        .flat_map(|(s, sup)| {
            let total: f64 = sup.iter().map(|&j| s[j]).sum();
            sup.iter().map(move |&j| s[j] / total)
        })
        .collect();
    let system = |x: &[f64]| -> (Vec<f64>, Vec<Vec<f64>>) {
        let current = profile(x);
        let (u, d) = dense.derivatives(&current);
        let mut h = vec![0.0; size];
        let mut jac = vec![vec![0.0; size]; size];
        for (i, sup) in support.iter().enumerate() {
            let o = offsets[i];
            h[o] = sup.iter().map(|&j| current[i][j]).sum::<f64>() - 1.0;
            for c in 0..sup.len() {
                jac[o][o + c] = 1.0;
            }
            let first = sup[0];
            for (r, &j) in sup.iter().enumerate().skip(1) {
                h[o + r] = u[i][j] - u[i][first];
                for (k, supk) in support.iter().enumerate() {
                    if k == i {
                        continue;
                    }
                    for (c, &l) in supk.iter().enumerate() {
                        jac[o + r][offsets[k] + c] = d[i][j][k][l] - d[i][first][k][l];
                    }
                }
            }
        }
        (h, jac)
    };
    let current = profile(&newton(&system, start, 1e-13, 50)?);
    let (u, _) = dense.derivatives(&current);
    let ok = support
        .iter()
        .enumerate()
        .all(|(i, sup)| sup.iter().all(|&j| (u[i][j] - u[i][sup[0]]).abs() < 1e-12));
    ok.then_some(current)
}

/// Traces the principal branch of the logit QRE correspondence up to
/// `lambda_max` and returns it with the Nash equilibrium at its end, or a
/// message when the path cannot be followed or its end fails the check.
pub fn logit(game: &NormalFormGame, lambda_max: f64) -> Result<LogitResult, String> {
    logit_within(game, lambda_max, &Budget::unlimited()).map_err(|e| e.to_string())
}

/// [`logit`] within a work budget: each evaluation of the branch's
/// equations costs the payoff cells times the players squared, plus the
/// linear solve (see [`step_cost`]); refining the end costs up to fifty more.
pub fn logit_within(
    game: &NormalFormGame,
    lambda_max: f64,
    budget: &Budget,
) -> Result<LogitResult, LogitError> {
    let unknowns: usize = game.strategies.iter().map(Vec::len).sum();
    check_size(unknowns)?;
    let n = game.num_players();
    let evaluation = times(game.payoffs.len(), n.saturating_mul(n).saturating_mul(n))
        .saturating_add(times(unknowns, unknowns));
    let cost = step_cost(unknowns, evaluation);
    let dense = Dense::new(game);
    let mut offsets = Vec::new();
    let mut size = 0;
    for &k in &dense.shape {
        offsets.push(size);
        size += k;
    }
    let branch = Branch {
        dense: &dense,
        offsets,
        size,
    };
    let mut start = vec![0.0; size + 1];
    for (&k, &o) in dense.shape.iter().zip(&branch.offsets) {
        for j in 0..k {
            start[o + j] = -(k as f64).ln();
        }
    }
    let points = trace(
        &|x: &[f64]| branch.system(x),
        start,
        lambda_max,
        budget,
        cost,
    )?;
    let path: Vec<PathPoint> = points
        .iter()
        .map(|x| PathPoint {
            lambda: x[size],
            profile: branch.sigma(x),
        })
        .collect();
    let x = points.last().ok_or("logit: an empty path")?;
    let end = branch.sigma(x);
    budget.spend(cost.saturating_mul(51))?;
    let equilibrium = refine(&dense, &end).unwrap_or(end);
    let (regret, payoffs) = regret_of(&dense, &equilibrium);
    if equilibrium.iter().flatten().any(|p| *p < -1e-12) || regret.is_nan() || regret >= 1e-9 {
        return Err(LogitError::Failed(format!(
            "logit: the end of the path (λ = {:.3e}) is not within 1e-9 of an equilibrium (regret {regret:.2e})",
            x[size]
        )));
    }
    let equilibrium = equilibrium
        .iter()
        .map(|s| s.iter().map(|p| p.max(0.0)).collect())
        .collect();
    Ok(LogitResult {
        path,
        equilibrium,
        payoffs,
        regret,
    })
}
