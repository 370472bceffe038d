//! Times a reciprocity estimate: lag choice, VAR fit, Granger tests and a
//! residual bootstrap, on a simulated weekly dyad. Used by
//! scripts/bench/data_var.sh; not a test.
//!
//! Usage: cargo run --release -p redline-data --example var_bootstrap -- WEEKS REPLICATES

use redline_core::RandomStream;
use redline_data::reciprocity_estimate::{ReciprocityOptions, estimate};
use redline_data::series::DyadSeries;
use std::time::Instant;

fn series(source: &str, target: &str, values: &[f64]) -> DyadSeries {
    DyadSeries::weekly_from_values(source, target, values)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let weeks: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(1000);
    let replicates: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(1000);
    let mut rng = RandomStream::new(1, 0, "bench-var");
    let (mut x, mut y) = (vec![0.0, 0.0], vec![0.0, 0.0]);
    for t in 2..weeks {
        x.push(0.3 * x[t - 1] + 0.1 * y[t - 2] + rng.standard_normal());
        y.push(0.5 * x[t - 1] - 0.2 * x[t - 2] + 0.2 * y[t - 1] + rng.standard_normal());
    }
    let options = ReciprocityOptions {
        replicates,
        ..ReciprocityOptions::default()
    };
    let start = Instant::now();
    let r = estimate(
        &series("USA", "IRN", &x),
        &series("IRN", "USA", &y),
        &options,
    )
    .expect("simulated series fit");
    let seconds = start.elapsed().as_secs_f64();
    println!(
        "{weeks} weeks, VAR({}), {replicates} replicates, horizon {}: {seconds:.3} s \
         (IRN answers USA {:.3} [{:.3}, {:.3}]); threads {}",
        r.fit.lags,
        options.horizon,
        r.b_answers_a.value,
        r.b_answers_a.lower,
        r.b_answers_a.upper,
        rayon::current_num_threads()
    );
}
