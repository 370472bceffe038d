//! Reads an event file into weekly dyad series and reports rows per second.
//! Used by scripts/bench/data_read.sh; not a test.
//!
//! Usage: cargo run --release -p redline-data --example read_throughput -- FILE

use redline_data::events::{ReadOptions, read_events};
use redline_data::series::{Period, SeriesBuilder};
use std::time::Instant;

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: read_throughput FILE");
        std::process::exit(2);
    };
    let path = std::path::PathBuf::from(path);
    let bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    let start = Instant::now();
    let mut builder = SeriesBuilder::new(Period::Week, None, None);
    let report = match read_events(
        open(&path),
        &ReadOptions::new(path.display().to_string()),
        |e| builder.add(e),
    ) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    let dyads = builder.finish("input").map_or(0, |s| s.len());
    let seconds = start.elapsed().as_secs_f64();
    println!(
        "{} rows ({} events, {} malformed), {dyads} dyads, {:.1} MB in {seconds:.2} s: \
         {:.0} rows/s, {:.1} MB/s",
        report.rows,
        report.events,
        report.malformed,
        bytes as f64 / 1e6,
        report.rows as f64 / seconds,
        bytes as f64 / 1e6 / seconds
    );
}

/// Opens a file for the reader (the library itself opens no files).
fn open(path: &std::path::Path) -> std::io::BufReader<std::fs::File> {
    std::io::BufReader::with_capacity(1 << 16, std::fs::File::open(path).expect("readable file"))
}
