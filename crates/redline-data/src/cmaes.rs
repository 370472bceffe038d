//! CMA-ES, the covariance matrix adaptation evolution strategy, for
//! minimising a noisy function of a dozen real variables.
//!
//! `redline fit` minimises a penalised log score that it estimates by
//! simulation: each evaluation is a few thousand model runs, so the
//! objective is rugged at the scale of one run and has no gradient. CMA-ES
//! suits that (Hansen 2016, "The CMA Evolution Strategy: A Tutorial",
//! arXiv:1604.00772; Hansen & Ostermeier 2001, *Evolutionary Computation*
//! 9(2)): it ranks candidates rather than using their values, so a monotone
//! rescaling or a little noise does not mislead it, it learns the
//! objective's correlations (the covariance), and a generation's candidates
//! can be evaluated in parallel. Bayesian optimisation would need fewer
//! evaluations but a surrogate model of its own, and spends its effort on
//! the noise where, as here, evaluations are cheap enough to run hundreds.
//!
//! The (μ/μ_w, λ) strategy with the tutorial's default parameters
//! (Table 1): λ = 4 + ⌊3 ln n⌋ candidates, the best μ = ⌊λ/2⌋ recombined with
//! weights w_i ∝ ln((λ + 1)/2) − ln i; cumulative step-size adaptation (the
//! path p_σ), rank-one (p_c) and rank-μ updates of the covariance C, and
//! h_σ stalling the rank-one update while the step size grows. Candidate k of
//! generation g of restart r is drawn from `RandomStream::new(seed, r·2³² + g, "cmaes")`, so a
//! run is a pure function of (start, settings, objective).

use crate::linalg::Matrix;
use redline_core::RandomStream;

/// How the search runs.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Settings {
    /// Candidates per generation (λ); 0 takes the default 4 + ⌊3 ln n⌋.
    pub population: usize,
    /// Initial step size σ₀, in the variables' units.
    pub sigma: f64,
    /// Generations at most.
    pub generations: usize,
    /// Stop when σ times the largest axis of C falls below this.
    pub tolerance: f64,
    /// Seed of the candidates' draws.
    pub seed: u64,
    /// Which restart this is: restart r draws generation g's candidates
    /// from stream index r·2³² + g, so restarts never share a stream.
    pub restart: u64,
}

/// Where the search ended.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    /// The best candidate evaluated.
    pub best: Vec<f64>,
    /// Its objective value.
    pub best_value: f64,
    /// The distribution's mean at the end (less noisy than `best` when the
    /// objective is estimated).
    pub mean: Vec<f64>,
    /// Generations run.
    pub generations: usize,
    /// Objective evaluations.
    pub evaluations: usize,
    /// The best value of each generation.
    pub history: Vec<f64>,
}

/// The default population for `n` variables, 4 + ⌊3 ln n⌋.
pub fn default_population(n: usize) -> usize {
    4 + (3.0 * (n.max(1) as f64).ln()).floor() as usize
}

/// Minimises `objective` from `start`. The objective takes a generation's
/// candidates at once (so that it can evaluate them in parallel) and returns
/// their values in order; a non-finite value ranks last.
pub fn minimize(
    start: &[f64],
    settings: &Settings,
    objective: &mut dyn FnMut(&[Vec<f64>]) -> Vec<f64>,
) -> Outcome {
    let n = start.len();
    let lambda = if settings.population == 0 {
        default_population(n)
    } else {
        settings.population.max(2)
    };
    let mu = lambda / 2;
    let raw: Vec<f64> = (1..=mu)
        .map(|i| ((lambda as f64 + 1.0) / 2.0).ln() - (i as f64).ln())
        .collect();
    let sum: f64 = raw.iter().sum();
    let weights: Vec<f64> = raw.iter().map(|w| w / sum).collect();
    let mu_eff = 1.0 / weights.iter().map(|w| w * w).sum::<f64>();
    let nf = n as f64;
    let c_sigma = (mu_eff + 2.0) / (nf + mu_eff + 5.0);
    let d_sigma = 1.0 + 2.0 * (((mu_eff - 1.0) / (nf + 1.0)).sqrt() - 1.0).max(0.0) + c_sigma;
    let c_c = (4.0 + mu_eff / nf) / (nf + 4.0 + 2.0 * mu_eff / nf);
    let c_1 = 2.0 / ((nf + 1.3).powi(2) + mu_eff);
    let c_mu = (1.0 - c_1).min(2.0 * (mu_eff - 2.0 + 1.0 / mu_eff) / ((nf + 2.0).powi(2) + mu_eff));
    let chi_n = nf.sqrt() * (1.0 - 1.0 / (4.0 * nf) + 1.0 / (21.0 * nf * nf));

    let mut mean = start.to_vec();
    let mut sigma = settings.sigma;
    let mut c = Matrix::identity(n);
    let mut b = Matrix::identity(n);
    let mut d = vec![1.0; n];
    let mut p_sigma = vec![0.0; n];
    let mut p_c = vec![0.0; n];
    let mut best = start.to_vec();
    let mut best_value = f64::INFINITY;
    let mut history = Vec::new();
    let mut evaluations = 0;
    let mut generation = 0;
    while generation < settings.generations {
        let mut rng = RandomStream::new(
            settings.seed,
            (settings.restart << 32) | generation as u64,
            "cmaes",
        );
        // y_k = B D z_k, x_k = m + σ y_k.
        let ys: Vec<Vec<f64>> = (0..lambda)
            .map(|_| {
                let z: Vec<f64> = (0..n).map(|_| rng.standard_normal()).collect();
                (0..n)
                    .map(|i| (0..n).map(|j| b[(i, j)] * d[j] * z[j]).sum())
                    .collect()
            })
            .collect();
        let xs: Vec<Vec<f64>> = ys
            .iter()
            .map(|y| mean.iter().zip(y).map(|(m, y)| m + sigma * y).collect())
            .collect();
        let values = objective(&xs);
        evaluations += lambda;
        let mut order: Vec<usize> = (0..lambda).collect();
        let key = |k: usize| {
            let v = values.get(k).copied().unwrap_or(f64::INFINITY);
            if v.is_finite() { v } else { f64::INFINITY }
        };
        order.sort_by(|&i, &j| key(i).total_cmp(&key(j)).then(i.cmp(&j)));
        let top = order[0];
        history.push(key(top));
        if key(top) < best_value {
            best_value = key(top);
            best = xs[top].clone();
        }
        // Recombination: y_w = Σ w_i y_{i:λ}.
        let y_w: Vec<f64> = (0..n)
            .map(|i| weights.iter().zip(&order).map(|(w, &k)| w * ys[k][i]).sum())
            .collect();
        for (m, y) in mean.iter_mut().zip(&y_w) {
            *m += sigma * y;
        }
        // Step-size path: C^{-1/2} y_w = B D⁻¹ Bᵀ y_w.
        let bt_y: Vec<f64> = (0..n)
            .map(|j| (0..n).map(|i| b[(i, j)] * y_w[i]).sum::<f64>() / d[j])
            .collect();
        let c_inv_half_y: Vec<f64> = (0..n)
            .map(|i| (0..n).map(|j| b[(i, j)] * bt_y[j]).sum())
            .collect();
        let ps_scale = (c_sigma * (2.0 - c_sigma) * mu_eff).sqrt();
        for (p, v) in p_sigma.iter_mut().zip(&c_inv_half_y) {
            *p = (1.0 - c_sigma) * *p + ps_scale * v;
        }
        let ps_norm = p_sigma.iter().map(|x| x * x).sum::<f64>().sqrt();
        let fade = (1.0 - (1.0 - c_sigma).powi(2 * (generation as i32 + 1))).sqrt();
        let h_sigma = ps_norm / fade < (1.4 + 2.0 / (nf + 1.0)) * chi_n;
        let pc_scale = (c_c * (2.0 - c_c) * mu_eff).sqrt();
        for (p, y) in p_c.iter_mut().zip(&y_w) {
            *p = (1.0 - c_c) * *p + if h_sigma { pc_scale * y } else { 0.0 };
        }
        // Covariance: rank-one and rank-μ updates.
        let stall = if h_sigma {
            0.0
        } else {
            c_1 * c_c * (2.0 - c_c)
        };
        for i in 0..n {
            for j in 0..n {
                let rank_mu: f64 = weights
                    .iter()
                    .zip(&order)
                    .map(|(w, &k)| w * ys[k][i] * ys[k][j])
                    .sum();
                c[(i, j)] =
                    (1.0 - c_1 - c_mu + stall) * c[(i, j)] + c_1 * p_c[i] * p_c[j] + c_mu * rank_mu;
            }
        }
        sigma *= ((c_sigma / d_sigma) * (ps_norm / chi_n - 1.0)).exp();
        // Keep C symmetric against rounding, then B and D from it.
        for i in 0..n {
            for j in 0..i {
                let s = 0.5 * (c[(i, j)] + c[(j, i)]);
                c[(i, j)] = s;
                c[(j, i)] = s;
            }
        }
        let (eigenvalues, vectors) = c.symmetric_eigen();
        b = vectors;
        d = eigenvalues.iter().map(|e| e.max(1e-20).sqrt()).collect();
        generation += 1;
        let widest = d.iter().copied().fold(0.0, f64::max);
        if sigma * widest < settings.tolerance {
            break;
        }
    }
    Outcome {
        best,
        best_value,
        mean,
        generations: generation,
        evaluations,
        history,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(seed: u64) -> Settings {
        Settings {
            population: 0,
            sigma: 0.5,
            generations: 2000,
            tolerance: 1e-12,
            seed,
            restart: 0,
        }
    }

    fn each(f: impl Fn(&[f64]) -> f64) -> impl FnMut(&[Vec<f64>]) -> Vec<f64> {
        move |xs| xs.iter().map(|x| f(x)).collect()
    }

    #[test]
    fn finds_the_minimum_of_a_shifted_sphere() {
        let f = |x: &[f64]| {
            x.iter()
                .enumerate()
                .map(|(i, v)| (v - i as f64).powi(2))
                .sum()
        };
        let out = minimize(&[0.0; 6], &settings(1), &mut each(f));
        for (i, v) in out.best.iter().enumerate() {
            assert!((v - i as f64).abs() < 1e-5, "x{i} = {v}");
        }
    }

    #[test]
    fn learns_an_ill_conditioned_rotated_ellipsoid_and_rosenbrock() {
        // The ellipsoid Σ 10^(6 i/(n−1)) (Σ_j r_ij x_j)² with a fixed rotation:
        // a step-size-only method needs orders of magnitude more evaluations.
        let n = 8;
        let rotation = Matrix::from_rows(
            &(0..n)
                .map(|i| (0..n).map(|j| ((i * n + j) as f64 * 0.7).sin()).collect())
                .collect::<Vec<_>>(),
        )
        .gram()
        .symmetric_eigen()
        .1;
        let ellipsoid = move |x: &[f64]| -> f64 {
            (0..n)
                .map(|i| {
                    let r: f64 = (0..n).map(|j| rotation[(i, j)] * x[j]).sum();
                    10f64.powf(6.0 * i as f64 / (n - 1) as f64) * r * r
                })
                .sum()
        };
        let out = minimize(&[1.0; 8], &settings(2), &mut each(ellipsoid));
        assert!(out.best_value < 1e-10, "{}", out.best_value);
        // Rosenbrock's valley in 5 dimensions, minimum 0 at (1, …, 1).
        let rosenbrock = |x: &[f64]| -> f64 {
            x.windows(2)
                .map(|w| 100.0 * (w[1] - w[0] * w[0]).powi(2) + (1.0 - w[0]).powi(2))
                .sum()
        };
        let out = minimize(&[0.0; 5], &settings(3), &mut each(rosenbrock));
        assert!(out.best_value < 1e-8, "{}", out.best_value);
        for v in &out.best {
            assert!((v - 1.0).abs() < 1e-3, "{v}");
        }
    }

    #[test]
    fn a_run_is_a_function_of_its_inputs_and_noise_does_not_stop_it() {
        let f = |x: &[f64]| x.iter().map(|v| (v - 0.3).powi(2)).sum::<f64>();
        let a = minimize(&[2.0; 4], &settings(9), &mut each(f));
        let b = minimize(&[2.0; 4], &settings(9), &mut each(f));
        assert_eq!(a, b);
        // A sphere measured with noise of sd 0.01 (each evaluation its own
        // draw): the mean still settles within about the noise's reach.
        let mut calls = 0u64;
        let mut noisy = |xs: &[Vec<f64>]| -> Vec<f64> {
            xs.iter()
                .map(|x| {
                    calls += 1;
                    let mut rng = RandomStream::new(5, calls, "noise");
                    f(x) + 0.01 * rng.standard_normal()
                })
                .collect()
        };
        let s = Settings {
            generations: 200,
            ..settings(4)
        };
        let out = minimize(&[2.0; 4], &s, &mut noisy);
        for v in &out.mean {
            assert!((v - 0.3).abs() < 0.15, "{v}");
        }
    }
}
