//! Evolutionary dynamics on a tournament's payoff matrix.
//!
//! Both processes take `A[i][j]`, the mean per-turn payoff of strategy `i`
//! against strategy `j` (a tournament's payoff matrix), and follow the shares
//! of the strategies in a population.
//!
//! - **Moran process** (Moran 1958; Nowak et al. 2004, Nature 428): a
//!   population of `N` individuals. An individual of type `i`, with `n_k`
//!   individuals of each type, has fitness
//!   `f_i = (Σ_k n_k A[i][k] − A[i][i]) / (N − 1)` (the mean payoff against
//!   every *other* individual). Each step one individual is chosen to
//!   reproduce with probability proportional to fitness and one to die
//!   uniformly among all `N` (the reproducer included); the offspring takes
//!   its parent's type or, with probability `mutation`, a uniformly chosen
//!   other type. Without mutation the process stops at fixation.
//! - **Discrete replicator dynamics** (Taylor & Jonker 1978; Hofbauer &
//!   Sigmund 1998): `x_i ← x_i (A x)_i / (xᵀ A x)`.
//!
//! Payoffs are made non-negative for use as fitness by subtracting the
//! matrix's minimum when it is negative (a shift that leaves the Moran
//! process's fixed points, not its speed, unchanged).

use redline_core::{InputError, RandomStream};

/// Shares over time.
#[derive(Clone, Debug, PartialEq)]
pub struct Trajectory {
    /// The step of each recorded state.
    pub steps: Vec<usize>,
    /// The share of each strategy at each recorded step.
    pub shares: Vec<Vec<f64>>,
    /// For a Moran process without mutation: the type that took over, if any.
    pub fixated: Option<usize>,
}

impl Trajectory {
    /// The trajectory thinned for output: the states whose step is a multiple
    /// of `every` (0 counts as 1: keep everything), and always the last state,
    /// so that the final shares survive. `fixated` is kept.
    ///
    /// [`moran`] thins as it goes (`record_every`); [`replicator`] records
    /// every step, and its callers thin with this.
    pub fn thinned(self, every: usize) -> Trajectory {
        let every = every.max(1);
        let last = self.steps.len().saturating_sub(1);
        let (steps, shares) = self
            .steps
            .into_iter()
            .zip(self.shares)
            .enumerate()
            .filter(|(i, (step, _))| step % every == 0 || *i == last)
            .map(|(_, kept)| kept)
            .unzip();
        Trajectory {
            steps,
            shares,
            fixated: self.fixated,
        }
    }
}

fn fitness_matrix(payoffs: &[Vec<f64>]) -> Result<Vec<Vec<f64>>, InputError> {
    let n = payoffs.len();
    if n < 2 || payoffs.iter().any(|row| row.len() != n) {
        return Err(InputError::new(
            "--strategies",
            "evolution needs a square payoff matrix of at least two strategies",
        ));
    }
    let min = payoffs
        .iter()
        .flatten()
        .copied()
        .fold(f64::INFINITY, f64::min);
    let shift = if min < 0.0 { -min } else { 0.0 };
    Ok(payoffs
        .iter()
        .map(|row| row.iter().map(|x| x + shift).collect())
        .collect())
}

/// A Moran process from `counts` individuals of each type, for at most
/// `max_steps` steps, recording every `record_every` steps.
pub fn moran(
    payoffs: &[Vec<f64>],
    counts: &[usize],
    mutation: f64,
    max_steps: usize,
    record_every: usize,
    seed: u64,
) -> Result<Trajectory, InputError> {
    let a = fitness_matrix(payoffs)?;
    let k = a.len();
    if counts.len() != k {
        return Err(InputError::new(
            "--population",
            "one count per strategy is needed",
        ));
    }
    let population: usize = counts.iter().sum();
    if population < 2 {
        return Err(InputError::new(
            "--population",
            "a population needs at least two individuals",
        ));
    }
    if !(0.0..=1.0).contains(&mutation) {
        return Err(InputError::new(
            "--mutation",
            format!("{mutation} is not a probability"),
        ));
    }
    let record_every = record_every.max(1);
    let mut rng = RandomStream::new(seed, 0, "moran");
    let mut counts = counts.to_vec();
    let share = |c: &[usize]| {
        c.iter()
            .map(|&x| x as f64 / population as f64)
            .collect::<Vec<_>>()
    };
    let mut trajectory = Trajectory {
        steps: vec![0],
        shares: vec![share(&counts)],
        fixated: None,
    };
    let fixed = |c: &[usize]| c.iter().position(|&x| x == population);
    let mut last_step = 0;
    for step in 1..=max_steps {
        if let (0.0, Some(t)) = (mutation, fixed(&counts)) {
            trajectory.fixated = Some(t);
            break;
        }
        // Fitness of each type, then the reproducer's type with weight n_i f_i.
        let fitness: Vec<f64> = (0..k)
            .map(|i| {
                let total: f64 = (0..k).map(|j| counts[j] as f64 * a[i][j]).sum();
                (total - a[i][i]) / (population - 1) as f64
            })
            .collect();
        let weights: Vec<f64> = (0..k).map(|i| counts[i] as f64 * fitness[i]).collect();
        let parent = pick(&weights, &counts, &mut rng);
        let mut child = parent;
        if mutation > 0.0 && rng.bernoulli(mutation) {
            child = (parent + 1 + rng.below(k as u64 - 1) as usize) % k;
        }
        let alive: Vec<f64> = counts.iter().map(|&c| c as f64).collect();
        let dead = pick(&alive, &counts, &mut rng);
        counts[dead] -= 1;
        counts[child] += 1;
        last_step = step;
        if step % record_every == 0 {
            trajectory.steps.push(step);
            trajectory.shares.push(share(&counts));
        }
    }
    if mutation == 0.0 && trajectory.fixated.is_none() {
        trajectory.fixated = fixed(&counts);
    }
    if trajectory.steps.last() != Some(&last_step) {
        trajectory.steps.push(last_step);
        trajectory.shares.push(share(&counts));
    }
    Ok(trajectory)
}

/// Picks a type with probability proportional to `weights` (one total
/// weight per type), or proportional to `counts` when all weights are zero.
fn pick(weights: &[f64], counts: &[usize], rng: &mut RandomStream) -> usize {
    let total: f64 = weights.iter().sum();
    let fallback: Vec<f64>;
    let (weights, total) = if total > 0.0 {
        (weights, total)
    } else {
        fallback = counts.iter().map(|&c| c as f64).collect();
        let sum = fallback.iter().sum();
        (fallback.as_slice(), sum)
    };
    let mut u = rng.uniform() * total;
    for (i, &w) in weights.iter().enumerate() {
        if u < w {
            return i;
        }
        u -= w;
    }
    weights.iter().rposition(|&w| w > 0.0).unwrap_or(0)
}

/// Discrete replicator dynamics from `shares` for `steps` steps.
pub fn replicator(
    payoffs: &[Vec<f64>],
    shares: &[f64],
    steps: usize,
) -> Result<Trajectory, InputError> {
    let a = fitness_matrix(payoffs)?;
    let k = a.len();
    if shares.len() != k || shares.iter().any(|&x| x.is_nan() || x < 0.0) {
        return Err(InputError::new(
            "--shares",
            "one non-negative share per strategy is needed",
        ));
    }
    let total: f64 = shares.iter().sum();
    if total <= 0.0 {
        return Err(InputError::new(
            "--shares",
            "the shares must not all be zero",
        ));
    }
    let mut x: Vec<f64> = shares.iter().map(|s| s / total).collect();
    let mut trajectory = Trajectory {
        steps: vec![0],
        shares: vec![x.clone()],
        fixated: None,
    };
    for step in 1..=steps {
        let fitness: Vec<f64> = (0..k)
            .map(|i| (0..k).map(|j| a[i][j] * x[j]).sum())
            .collect();
        let mean: f64 = (0..k).map(|i| x[i] * fitness[i]).sum();
        if mean <= 0.0 {
            break;
        }
        for i in 0..k {
            x[i] *= fitness[i] / mean;
        }
        trajectory.steps.push(step);
        trajectory.shares.push(x.clone());
    }
    Ok(trajectory)
}

#[cfg(test)]
mod tests {
    use super::*;

    // Prisoner's dilemma per-turn payoffs of Defector (0) and Cooperator (1).
    fn dc() -> Vec<Vec<f64>> {
        vec![vec![1.0, 5.0], vec![0.0, 3.0]]
    }

    #[test]
    fn replicator_step_by_hand() {
        // x = (1/2, 1/2): f_D = 3, f_C = 1.5, mean 2.25 → x_D = 0.5·3/2.25 = 2/3.
        let t = replicator(&dc(), &[1.0, 1.0], 1).unwrap();
        assert!((t.shares[1][0] - 2.0 / 3.0).abs() < 1e-15);
        let t = replicator(&dc(), &[1.0, 1.0], 200).unwrap();
        assert!(t.shares[200][0] > 0.999);
    }

    #[test]
    fn thinning_keeps_multiples_and_the_last_state() {
        let t = Trajectory {
            steps: (0..=7).collect(),
            shares: (0..=7).map(|i| vec![f64::from(i), 1.0]).collect(),
            fixated: Some(1),
        };
        let thin = t.clone().thinned(3);
        assert_eq!(thin.steps, vec![0, 3, 6, 7]);
        assert_eq!(
            thin.shares,
            vec![
                vec![0.0, 1.0],
                vec![3.0, 1.0],
                vec![6.0, 1.0],
                vec![7.0, 1.0]
            ]
        );
        assert_eq!(thin.fixated, Some(1));
        // The last state is not repeated when it is a multiple; 0 and 1 keep everything.
        assert_eq!(t.clone().thinned(7).steps, vec![0, 7]);
        assert_eq!(t.clone().thinned(0), t);
        assert_eq!(t.clone().thinned(1), t);
        let empty = Trajectory {
            steps: vec![],
            shares: vec![],
            fixated: None,
        };
        assert_eq!(empty.clone().thinned(2), empty);
    }

    #[test]
    fn defectors_take_over_cooperators_in_a_moran_process() {
        // A cooperator never has a positive fitness advantage: the process
        // fixes on defection far more often than the neutral 1/2.
        let mut defect_wins = 0;
        for seed in 0..200 {
            let t = moran(&dc(), &[5, 5], 0.0, 100_000, 1000, seed).unwrap();
            let winner = t.fixated.expect("fixation");
            defect_wins += usize::from(winner == 0);
        }
        assert!(defect_wins > 150, "{defect_wins}");
    }

    #[test]
    fn mutation_keeps_both_types() {
        let t = moran(&dc(), &[5, 5], 0.2, 2000, 10, 1).unwrap();
        assert_eq!(t.fixated, None);
        let late: f64 =
            t.shares[100..].iter().map(|s| s[1]).sum::<f64>() / (t.shares.len() - 100) as f64;
        assert!(late > 0.0 && late < 0.5, "{late}");
    }
}
