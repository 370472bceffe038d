//! What an explorer request costs apart from its ensemble: loading the
//! scenario and building the model (`prepare`), and a whole `/api/forecast`
//! answer computed afresh or served from the cache of recent forecasts.
//!
//! `cargo bench -p redline-serve --bench api`; docs/PERFORMANCE.md ("The
//! explorer") records the figures. A benchmark, not a timed test: it
//! reports, it does not fail.

use divan::{Bencher, black_box};
use redline_serve::api::{self, Context};
use redline_serve::catalog::Catalog;
use redline_serve::question::{Limits, Question};

fn main() {
    divan::main();
}

fn question(runs: u64) -> Question {
    Question::parse(
        &format!("scenario=iran-2025-02-07&runs={runs}&seed=42"),
        &Limits::default(),
    )
    .expect("a valid question")
}

fn context() -> Context {
    Context::new(Catalog::new(None).expect("shipped"), 1)
}

/// The flagship loaded (extends, fitted values) and its model built.
#[divan::bench(sample_count = 20)]
fn prepare_flagship(bencher: Bencher) {
    let ctx = context();
    let q = question(500);
    bencher.bench(|| api::prepare(&ctx.catalog, black_box(&q)).expect("prepared"));
}

/// `/api/forecast` of 500 and 10,000 runs on one thread, computed afresh:
/// the ensemble, its storylines, the JSON and the charts.
#[divan::bench(args = [500, 10_000], sample_count = 10)]
fn forecast_afresh(bencher: Bencher, runs: u64) {
    let q = question(runs);
    bencher
        .with_inputs(context)
        .bench_values(|ctx| api::forecast(&ctx, black_box(&q)).expect("forecast"));
}

/// The same answer when its ensemble and storylines are cached (a download
/// after the page's forecast, or a return to an earlier view): what is left
/// is the fixed cost of a request.
#[divan::bench(args = [500, 10_000], sample_count = 20)]
fn forecast_cached(bencher: Bencher, runs: u64) {
    let ctx = context();
    let q = question(runs);
    api::forecast(&ctx, &q).expect("forecast");
    bencher.bench(|| api::forecast(&ctx, black_box(&q)).expect("forecast"));
}
