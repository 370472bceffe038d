//! Times SMP (KTAB's CSV defaults) on the files given as arguments: for each,
//! the best and median wall time of `REPEAT` runs (default 5) and the number of
//! states. Used by scripts/bargain_bench.sh; not a test.

use redline_bargain::read::read_any;
use redline_bargain::smp::{SmpOptions, run_detailed};
use std::time::Instant;

fn main() {
    let repeat: usize = std::env::var("REPEAT")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(5);
    for path in std::env::args().skip(1) {
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("{path}: {e}");
                continue;
            }
        };
        let problem = match read_any(&path, &text) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("{e}");
                continue;
            }
        };
        let mut times = Vec::new();
        let mut states = 0;
        for _ in 0..repeat.max(1) {
            let start = Instant::now();
            let run = run_detailed(&problem, &SmpOptions::default()).expect("runs");
            times.push(start.elapsed().as_secs_f64());
            states = run.states.len();
        }
        times.sort_by(f64::total_cmp);
        println!(
            "{path}: {} actors, {} dims, {states} states, best {:.4} s, median {:.4} s",
            problem.num_actors(),
            problem.num_dimensions(),
            times[0],
            times[times.len() / 2]
        );
    }
}
