//! Baselines: the weighted mean (compromise model), the weighted median,
//! and the Nash bargaining solution.
//!
//! The European Union decision-making literature compares the elaborate
//! models against these (Achen 2006, "Evaluating political decision-making
//! models", in Thomson, Stokman, Achen & König (eds.), *The European Union
//! Decides*): the compromise model, a capability-and-salience weighted mean
//! of the positions (van den Bos 1991), is a strong one.
//!
//! Each actor's weight on dimension `d` is `influence × salience_d`.

#![allow(
    clippy::needless_range_loop,
    reason = "indices mirror the subscripts of the equations"
)]

use crate::problem::BargainingProblem;

/// The weighted mean of the positions on each dimension (compromise model):
/// `Σ_i c_i s_id x_id / Σ_i c_i s_id`. A dimension where every weight is 0
/// gets the plain mean.
pub fn weighted_mean(problem: &BargainingProblem) -> Vec<f64> {
    (0..problem.num_dimensions())
        .map(|d| {
            let (mut total, mut weight) = (0.0, 0.0);
            for a in &problem.actors {
                let w = a.influence * a.saliences[d];
                total += w * a.positions[d];
                weight += w;
            }
            if weight > 0.0 {
                total / weight
            } else {
                let n = problem.num_actors() as f64;
                problem.actors.iter().map(|a| a.positions[d]).sum::<f64>() / n
            }
        })
        .collect()
}

/// The weighted median on each dimension: the lowest position at which the
/// weight of the actors at or below it reaches half the total. On a line with
/// linear losses this is the position that beats every other in pairwise
/// weighted votes (Black 1948, "On the rationale of group decision-making").
pub fn weighted_median(problem: &BargainingProblem) -> Vec<f64> {
    (0..problem.num_dimensions())
        .map(|d| {
            let mut points: Vec<(f64, f64)> = problem
                .actors
                .iter()
                .map(|a| (a.positions[d], a.influence * a.saliences[d]))
                .collect();
            points.sort_by(|a, b| a.0.total_cmp(&b.0));
            let total: f64 = points.iter().map(|p| p.1).sum();
            let mut cumulative = 0.0;
            for &(x, w) in &points {
                cumulative += w;
                if cumulative >= 0.5 * total {
                    return x;
                }
            }
            points.last().map_or(0.0, |p| p.0)
        })
        .collect()
}

/// The Nash bargaining solution: the point `x` of the scale's box that
/// maximises `Π_i (u_i(x) − u_i(dᵢ))^{c_i}` (Nash 1950, "The bargaining
/// problem"; asymmetric, power-weighted form of Kalai 1977 as used by Achen
/// 2006), with quadratic salience-weighted utilities
/// `u_i(x) = −Σ_d s_id ((x_d − x_id)/w_d)²` (`w_d` the width of the scale).
///
/// The disagreement point is the problem's status quo when it states one
/// (TOML `status_quo`): then only agreements that every actor with a stake
/// prefers to the status quo count, and when there is none (the status quo
/// is Pareto-optimal) the solution is the status quo itself. Otherwise each
/// actor's disagreement point is its worst point of the box (the corner
/// farthest from it, by its own saliences), so every actor gains from any
/// agreement inside the box: our choice (judgment), stated in
/// docs/model/bargain.md. An actor with zero salience everywhere or zero
/// influence does not weigh.
///
/// The objective is a weighted sum of logs of concave functions, hence
/// concave; it is maximised by cyclic coordinate ascent, each coordinate by
/// bisection on the sign of the objective's partial derivative inside the
/// interval where every gain stays positive. With a status quo, a first
/// phase finds such a point by maximising a smooth minimum of the gains.
pub fn nash_solution(problem: &BargainingProblem) -> Vec<f64> {
    Nash::new(problem).solve()
}

/// The data of a Nash bargaining problem with quadratic utilities.
struct Nash {
    dims: usize,
    bounds: Vec<(f64, f64)>,
    /// `a[i][d] = s_id / w_d²`: the curvature of actor `i`'s utility.
    a: Vec<Vec<f64>>,
    ideal: Vec<Vec<f64>>,
    weight: Vec<f64>,
    /// Each weighing actor's utility at its disagreement point (< 0).
    disagreement: Vec<f64>,
    status_quo: Option<Vec<f64>>,
    start: Vec<f64>,
}

impl Nash {
    fn new(problem: &BargainingProblem) -> Self {
        let dims = problem.num_dimensions();
        let bounds: Vec<(f64, f64)> = (0..dims).map(|d| problem.bounds(d)).collect();
        let widths: Vec<f64> = bounds
            .iter()
            .map(|(lo, hi)| if hi > lo { hi - lo } else { 1.0 })
            .collect();
        let status_quo = problem.status_quo.clone();
        let (mut a, mut ideal, mut weight, mut disagreement) = (vec![], vec![], vec![], vec![]);
        for actor in &problem.actors {
            let curvature: Vec<f64> = (0..dims)
                .map(|d| actor.saliences[d] / 100.0 / (widths[d] * widths[d]))
                .collect();
            let point: Vec<f64> = match &status_quo {
                Some(sq) => sq.clone(),
                None => (0..dims)
                    .map(|d| {
                        let (lo, hi) = bounds[d];
                        if (actor.positions[d] - lo).abs() >= (hi - actor.positions[d]).abs() {
                            lo
                        } else {
                            hi
                        }
                    })
                    .collect(),
            };
            let u: f64 = -(0..dims)
                .map(|d| curvature[d] * (point[d] - actor.positions[d]).powi(2))
                .sum::<f64>();
            let stake = curvature.iter().any(|c| *c > 0.0);
            if actor.influence > 0.0 && stake {
                a.push(curvature);
                ideal.push(actor.positions.clone());
                weight.push(actor.influence);
                disagreement.push(u);
            }
        }
        Nash {
            dims,
            bounds,
            a,
            ideal,
            weight,
            disagreement,
            status_quo,
            start: weighted_mean(problem),
        }
    }

    fn gain(&self, i: usize, x: &[f64]) -> f64 {
        let u: f64 = -(0..self.dims)
            .map(|d| self.a[i][d] * (x[d] - self.ideal[i][d]).powi(2))
            .sum::<f64>();
        u - self.disagreement[i]
    }

    /// ∂gain_i/∂x_d.
    fn gain_slope(&self, i: usize, x: &[f64], d: usize) -> f64 {
        -2.0 * self.a[i][d] * (x[d] - self.ideal[i][d])
    }

    /// The interval of coordinate `d` (others fixed at `x`) where every gain
    /// stays positive; `x` itself must lie in it.
    fn feasible_interval(&self, x: &[f64], d: usize) -> (f64, f64) {
        let (mut lo, mut hi) = self.bounds[d];
        for i in 0..self.a.len() {
            let a = self.a[i][d];
            if a > 0.0 {
                let rest = self.gain(i, x) + a * (x[d] - self.ideal[i][d]).powi(2);
                let r = (rest.max(0.0) / a).sqrt();
                lo = lo.max(self.ideal[i][d] - r);
                hi = hi.min(self.ideal[i][d] + r);
            }
        }
        (lo, hi)
    }

    /// Cyclic coordinate ascent: each coordinate set where `slope` changes
    /// sign inside `interval` (bisection), until no coordinate moves.
    fn ascend(
        &self,
        mut x: Vec<f64>,
        interval: impl Fn(&[f64], usize) -> (f64, f64),
        slope: impl Fn(&[f64], usize) -> f64,
        done: impl Fn(&[f64]) -> bool,
    ) -> Vec<f64> {
        for _ in 0..500 {
            let mut moved = 0.0_f64;
            for d in 0..self.dims {
                let (mut lo, mut hi) = interval(&x, d);
                let mut y = x.clone();
                for _ in 0..200 {
                    let mid = 0.5 * (lo + hi);
                    if mid <= lo || mid >= hi {
                        break;
                    }
                    y[d] = mid;
                    if slope(&y, d) > 0.0 {
                        lo = mid;
                    } else {
                        hi = mid;
                    }
                }
                let best = 0.5 * (lo + hi);
                let (blo, bhi) = self.bounds[d];
                moved = moved.max((best - x[d]).abs() / (bhi - blo).max(f64::MIN_POSITIVE));
                x[d] = best;
                if done(&x) {
                    return x;
                }
            }
            if moved < 1e-12 {
                break;
            }
        }
        x
    }

    fn solve(&self) -> Vec<f64> {
        let n = self.a.len();
        let start = match &self.status_quo {
            None => {
                if n == 0 {
                    return self.start.clone();
                }
                self.start.clone()
            }
            Some(sq) => {
                // Someone with a stake already at its ideal cannot gain: no deal beats it.
                if n == 0 || self.disagreement.iter().any(|d| *d >= 0.0) {
                    return sq.clone();
                }
                // Phase 1: maximise a smooth minimum of the gains, each relative to the
                // actor's largest possible gain, from the status quo; stop once all are
                // positive.
                let beta = 200.0;
                let scale: Vec<f64> = self.disagreement.iter().map(|d| -d).collect();
                let soft_slope = |x: &[f64], d: usize| -> f64 {
                    let g: Vec<f64> = (0..n).map(|i| self.gain(i, x) / scale[i]).collect();
                    let m = g.iter().copied().fold(f64::INFINITY, f64::min);
                    let (mut num, mut den) = (0.0, 0.0);
                    for i in 0..n {
                        let w = (-beta * (g[i] - m)).exp();
                        num += w * self.gain_slope(i, x, d) / scale[i];
                        den += w;
                    }
                    num / den
                };
                let feasible = |x: &[f64]| (0..n).all(|i| self.gain(i, x) > 0.0);
                let x = self.ascend(sq.clone(), |_, d| self.bounds[d], soft_slope, feasible);
                if !feasible(&x) {
                    return sq.clone();
                }
                x
            }
        };
        // Phase 2: the weighted log objective, inside the positive-gain region.
        let slope = |x: &[f64], d: usize| -> f64 {
            (0..n)
                .map(|i| {
                    self.weight[i] * self.gain_slope(i, x, d)
                        / self.gain(i, x).max(f64::MIN_POSITIVE)
                })
                .sum()
        };
        self.ascend(start, |x, d| self.feasible_interval(x, d), slope, |_| false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::problem::Actor;

    fn problem(actors: &[(f64, f64, f64)], scale: Option<(f64, f64)>) -> BargainingProblem {
        BargainingProblem {
            name: "t".into(),
            description: String::new(),
            dimensions: vec!["x".into()],
            actors: actors
                .iter()
                .enumerate()
                .map(|(k, &(c, x, s))| Actor {
                    name: format!("a{k}"),
                    description: String::new(),
                    influence: c,
                    positions: vec![x],
                    saliences: vec![s],
                })
                .collect(),
            scale,
            status_quo: None,
        }
    }

    /// The 1994 car-emission example (Bueno de Mesquita & Stokman 1994), as
    /// in the BDM replications: (capability, position, salience).
    fn emission() -> BargainingProblem {
        problem(
            &[
                (0.08, 4.0, 80.0),
                (0.08, 7.0, 40.0),
                (0.03, 4.0, 20.0),
                (0.16, 4.0, 80.0),
                (0.16, 10.0, 60.0),
                (0.16, 10.0, 60.0),
                (0.16, 10.0, 90.0),
                (0.05, 7.0, 10.0),
                (0.05, 4.0, 100.0),
                (0.08, 7.0, 70.0),
            ],
            None,
        )
    }

    #[test]
    fn mean_of_the_emission_example() {
        // By hand: weights c·s at 4: 6.4+0.6+12.8+5 = 24.8; at 7: 3.2+0.5+5.6 = 9.3;
        // at 10: 9.6+9.6+14.4 = 33.6; total 67.7; mean = 500.3/67.7 = 7.389955686…
        // (the replication's first-round mean, 7.38996).
        let m = weighted_mean(&emission())[0];
        assert!((m - 500.3 / 67.7).abs() < 1e-12);
        assert!((m - 7.38996).abs() < 1e-5);
    }

    #[test]
    fn median_of_the_emission_example() {
        // Cumulative weight 24.8 at 4 (< 33.85 = half), 34.1 at 7: median 7.
        assert_eq!(weighted_median(&emission()), vec![7.0]);
        // A heavy actor alone decides.
        let s = problem(
            &[(10.0, 80.0, 50.0), (1.0, 0.0, 50.0), (1.0, 10.0, 50.0)],
            None,
        );
        assert_eq!(weighted_median(&s), vec![80.0]);
    }

    #[test]
    fn nash_symmetric_and_weighted() {
        // Two equal actors at the ends of [0, 1]: the midpoint.
        let s = problem(&[(1.0, 0.0, 100.0), (1.0, 1.0, 100.0)], Some((0.0, 1.0)));
        assert!((nash_solution(&s)[0] - 0.5).abs() < 1e-12);
        // Weights 2 and 1: maximise 2 ln(1 − x²) + ln(1 − (1 − x)²), whose first-order
        // condition is 3x³ − 5x² − x + 1 = 0; its root in (0, 1), by hand (bisection on
        // the cubic), is 0.3977508….
        let s = problem(&[(2.0, 0.0, 100.0), (1.0, 1.0, 100.0)], Some((0.0, 1.0)));
        let x = nash_solution(&s)[0];
        let cubic = 3.0 * x.powi(3) - 5.0 * x * x - x + 1.0;
        assert!(cubic.abs() < 1e-12, "x = {x}, cubic = {cubic}");
        assert!((x - 0.397_750_81).abs() < 1e-8, "x = {x}");
        // Two dimensions, mirror-image actors at opposite corners: the centre.
        let mut s = problem(&[(1.0, 0.0, 60.0), (1.0, 1.0, 60.0)], Some((0.0, 1.0)));
        s.dimensions.push("y".into());
        for a in &mut s.actors {
            a.positions.push(a.positions[0]);
            a.saliences.push(30.0);
        }
        let x = nash_solution(&s);
        assert!(
            (x[0] - 0.5).abs() < 1e-9 && (x[1] - 0.5).abs() < 1e-9,
            "{x:?}"
        );
    }

    #[test]
    fn nash_with_a_status_quo() {
        // Actors at 0.4 and 1.0 on [0, 1], equal weights, status quo 0: the gains are
        // x(0.8 − x) and x(2 − x); the first-order condition (1 − x)(0.8 − x) = (x − 0.4)(2 − x)
        // reduces to x² − 2.1x + 0.8 = 0, whose root in (0, 0.8) is (2.1 − 1.1)/2 = 0.5.
        let mut s = problem(&[(1.0, 0.4, 100.0), (1.0, 1.0, 100.0)], Some((0.0, 1.0)));
        s.status_quo = Some(vec![0.0]);
        assert!((nash_solution(&s)[0] - 0.5).abs() < 1e-9);
        // A status quo between them is Pareto-optimal: no agreement beats it.
        s.status_quo = Some(vec![0.7]);
        assert_eq!(nash_solution(&s), vec![0.7]);
        // Two dimensions, mirror-image actors at (0.3, 0.7) and (0.7, 0.3), status quo at
        // the origin: by symmetry the solution lies on the diagonal, where both gains are
        // 0.29 − ½((t − 0.3)² + (t − 0.7)²), largest at t = 0.5.
        let mut s = problem(&[(1.0, 0.3, 50.0), (1.0, 0.7, 50.0)], Some((0.0, 1.0)));
        s.dimensions.push("y".into());
        for a in &mut s.actors {
            a.positions.push(1.0 - a.positions[0]);
            a.saliences.push(50.0);
        }
        s.status_quo = Some(vec![0.0, 0.0]);
        let x = nash_solution(&s);
        assert!(
            (x[0] - 0.5).abs() < 1e-7 && (x[1] - 0.5).abs() < 1e-7,
            "{x:?}"
        );
    }

    #[test]
    fn nash_agrees_with_a_grid_search() {
        // Three unequal actors in two dimensions, with and without a status quo: the
        // optimiser's point must be the best of a 401 × 401 grid, to the grid's spacing.
        let mut s = problem(
            &[(3.0, 20.0, 60.0), (1.0, 90.0, 30.0), (2.0, 60.0, 50.0)],
            Some((0.0, 100.0)),
        );
        s.dimensions.push("y".into());
        for (a, (y, sy)) in s
            .actors
            .iter_mut()
            .zip([(70.0, 40.0), (10.0, 70.0), (80.0, 20.0)])
        {
            a.positions.push(y);
            a.saliences.push(sy);
        }
        for sq in [None, Some(vec![100.0, 100.0]), Some(vec![5.0, 5.0])] {
            s.status_quo = sq.clone();
            let utility = |a: &crate::problem::Actor, x: &[f64]| -> f64 {
                -(0..2)
                    .map(|d| a.saliences[d] / 100.0 * ((x[d] - a.positions[d]) / 100.0).powi(2))
                    .sum::<f64>()
            };
            let disagreement = |a: &crate::problem::Actor| -> f64 {
                match &sq {
                    Some(q) => utility(a, q),
                    None => {
                        let corner: Vec<f64> = a
                            .positions
                            .iter()
                            .map(|p| if *p >= 50.0 { 0.0 } else { 100.0 })
                            .collect();
                        utility(a, &corner)
                    }
                }
            };
            let objective = |x: &[f64]| -> f64 {
                let mut total = 0.0;
                for a in &s.actors {
                    let g = utility(a, x) - disagreement(a);
                    if g <= 0.0 {
                        return f64::NEG_INFINITY;
                    }
                    total += a.influence * g.ln();
                }
                total
            };
            let mut best = (f64::NEG_INFINITY, vec![0.0, 0.0]);
            for i in 0..=400 {
                for j in 0..=400 {
                    let x = vec![i as f64 / 4.0, j as f64 / 4.0];
                    let v = objective(&x);
                    if v > best.0 {
                        best = (v, x);
                    }
                }
            }
            let x = nash_solution(&s);
            assert!(
                objective(&x) >= best.0 - 1e-9,
                "{sq:?}: {x:?} vs grid {:?}",
                best.1
            );
            assert!(
                (x[0] - best.1[0]).abs() <= 0.5 && (x[1] - best.1[1]).abs() <= 0.5,
                "{sq:?}: {x:?} vs grid {:?}",
                best.1
            );
        }
    }
}
