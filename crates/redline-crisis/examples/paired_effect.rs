//! The effect of a change to a scenario on every outcome, measured on common
//! random numbers: each run is played with and without the change on the same
//! `(seed, run)` streams, and the paired difference (with the change − without)
//! is reported with its standard error and 95 % interval (`ensemble::paired`).
//!
//! ```text
//! cargo run -p redline-crisis --example paired_effect -- SCENARIO RUNS SEED KEY=VALUE… [-- KEY=VALUE…]
//! ```
//!
//! The `KEY=VALUE`s before `--` make the variant; those after it, if any,
//! are applied to both (the base of the comparison).

use redline_crisis::CrisisModel;
use redline_crisis::assume::Assumptions;
use redline_crisis::ensemble;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 3 {
        eprintln!("usage: paired_effect SCENARIO RUNS SEED KEY=VALUE… [-- KEY=VALUE…]");
        std::process::exit(2);
    }
    let id = &args[0];
    let runs: u64 = args[1].parse().expect("RUNS");
    let seed: u64 = args[2].parse().expect("SEED");
    let rest = &args[3..];
    let split = rest.iter().position(|a| a == "--").unwrap_or(rest.len());
    let both: Vec<String> = rest.get(split + 1..).unwrap_or(&[]).to_vec();
    let variant: Vec<String> = both.iter().chain(&rest[..split]).cloned().collect();
    let load = |sets: &[String]| {
        CrisisModel::new(redline_scenarios::load_shipped(id, sets).expect("scenario loads"))
            .expect("scenario validates")
    };
    let (a, b) = (load(&both), load(&variant));
    let none = Assumptions::none();
    let base = ensemble::forecast(&a, &none, runs, seed, 2, &|_| {});
    let changed = ensemble::forecast(&b, &none, runs, seed, 2, &|_| {});
    let d = ensemble::paired((&a, &none), (&b, &none), runs, seed);
    println!(
        "{id}, {runs} runs, seed {seed}; variant: {}",
        rest[..split].join(" ")
    );
    if !both.is_empty() {
        println!("(both with: {})", both.join(" "));
    }
    println!(
        "{:<26} {:>8} {:>8} {:>9} {:>8} {:>7}  95% interval (pp)",
        "outcome", "base", "variant", "diff pp", "SE pp", "z"
    );
    for (i, id) in a.outcomes().ids().enumerate() {
        let x = d[i];
        let se = (x.ci95.1 - x.ci95.0) / (2.0 * 1.959_963_984_540_054);
        let z = if se > 0.0 { x.mean / se } else { 0.0 };
        println!(
            "{id:<26} {:>7.2}% {:>7.2}% {:>+9.2} {:>8.3} {:>+7.1}  {:+.2} to {:+.2}",
            100.0 * base.outcomes[i].probability,
            100.0 * changed.outcomes[i].probability,
            100.0 * x.mean,
            100.0 * se,
            z,
            100.0 * x.ci95.0,
            100.0 * x.ci95.1
        );
    }
}
