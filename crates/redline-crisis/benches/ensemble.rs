//! Run-weeks per second of the flagship ensemble.
//!
//! `cargo bench -p redline-crisis --bench ensemble`; docs/PERFORMANCE.md
//! records the figures. A benchmark, not a timed test: it reports, it does
//! not fail.

use divan::{Bencher, black_box, counter::ItemsCount};
use redline_crisis::assume::Assumptions;
use redline_crisis::{CrisisModel, ensemble};

fn main() {
    divan::main();
}

fn flagship() -> CrisisModel {
    CrisisModel::new(
        redline_scenarios::load_shipped(redline_scenarios::FLAGSHIP_ID, &[]).expect("flagship"),
    )
    .expect("valid")
}

/// 10,000 runs of 52 weeks on 1 and 2 threads; the counter is run-weeks.
#[divan::bench(args = [1, 2], sample_count = 10)]
fn flagship_10k_runs(bencher: Bencher, threads: usize) {
    let model = flagship();
    let runs = 10_000u64;
    bencher
        .counter(ItemsCount::new(runs as usize * model.steps()))
        .bench(|| {
            ensemble::forecast(
                black_box(&model),
                &Assumptions::none(),
                runs,
                42,
                threads,
                &|_| {},
            )
        });
}

/// One run, single-threaded: the cost of a run's parameter draws and 52 steps.
#[divan::bench]
fn one_run(bencher: Bencher) {
    let model = flagship();
    let mut buffer = Vec::new();
    let mut run = 0u64;
    bencher
        .counter(ItemsCount::new(model.steps()))
        .bench_local(|| {
            run += 1;
            model.run(
                42,
                black_box(run),
                &Assumptions::none(),
                &mut buffer,
                &mut redline_crisis::state::Silent,
            )
        });
}
