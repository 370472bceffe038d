//! The explorer under load on loopback: 50 concurrent clients, a bounded
//! number of forecasts each, in three waves. Reports p50/p99 latency and
//! asserts zero errors and a flat resident memory between the waves.
//!
//! The figures in docs/PERFORMANCE.md come from the release build:
//! `cargo test --release -p redline-serve --test load -- --nocapture`
//! (sizes from `LOAD_CLIENTS`, `LOAD_REQUESTS`, `LOAD_RUNS`, `SINGLE_RUNS`).

mod common;

use common::{get, start};
use redline_serve::Config;
use std::time::{Duration, Instant};

fn setting(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The resident set of this process (the server runs in it), in KiB.
fn resident_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

fn quantile(sorted: &[Duration], q: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * q).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn millis(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

#[test]
fn fifty_clients_get_every_answer_and_memory_stays_flat() {
    let clients = setting("LOAD_CLIENTS", 50);
    let requests = setting("LOAD_REQUESTS", 4);
    let runs = setting("LOAD_RUNS", 500);
    let single_runs = setting("SINGLE_RUNS", 10_000);
    let address = start(Config::default());

    // One client alone: the latency of one forecast of the flagship.
    let mut alone: Vec<Duration> = (0..5)
        .map(|i| {
            let started = Instant::now();
            let answer = get(
                address,
                &format!("/api/forecast?runs={single_runs}&seed={i}"),
            );
            assert_eq!(answer.status, 200, "{}", answer.body);
            started.elapsed()
        })
        .collect();
    alone.sort();
    println!(
        "one client, {single_runs}-run flagship forecasts: median {:.0} ms, max {:.0} ms",
        millis(quantile(&alone, 0.5)),
        millis(alone[alone.len() - 1])
    );

    let mut resident = Vec::new();
    for wave in 0..3u64 {
        let started = Instant::now();
        let handles: Vec<_> = (0..clients)
            .map(|client| {
                std::thread::spawn(move || {
                    (0..requests)
                        .map(|i| {
                            let seed = (wave * clients + client) * requests + i;
                            let sent = Instant::now();
                            let answer =
                                get(address, &format!("/api/forecast?runs={runs}&seed={seed}"));
                            (answer.status, sent.elapsed())
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        let results: Vec<(u16, Duration)> = handles
            .into_iter()
            .flat_map(|h| h.join().expect("a client"))
            .collect();
        let wall = started.elapsed();
        let errors = results.iter().filter(|(status, _)| *status != 200).count();
        let mut latencies: Vec<Duration> = results.iter().map(|(_, d)| *d).collect();
        latencies.sort();
        resident.push(resident_kib());
        println!(
            "wave {wave}: {clients} clients × {requests} forecasts of {runs} runs: {} requests in {:.2} s \
             ({:.0}/s), p50 {:.0} ms, p99 {:.0} ms, max {:.0} ms, errors {errors}, resident {:.1} MiB",
            results.len(),
            wall.as_secs_f64(),
            results.len() as f64 / wall.as_secs_f64(),
            millis(quantile(&latencies, 0.5)),
            millis(quantile(&latencies, 0.99)),
            millis(latencies[latencies.len() - 1]),
            resident[resident.len() - 1] as f64 / 1024.0,
        );
        assert_eq!(errors, 0, "wave {wave}: {errors} requests failed");
        assert_eq!(results.len() as u64, clients * requests);
    }
    // Flat: after the first wave has warmed the allocator and the pools,
    // two more waves of the same load add less than 16 MiB.
    let growth = resident[2].saturating_sub(resident[0]);
    assert!(
        growth < 16 << 10,
        "resident memory grew by {growth} KiB over two waves: {resident:?}"
    );
}
