//! Splitting an event file into fields: redline's line splitter
//! (`redline_data::csv::Record`, one line at a time) against the `csv`
//! crate's reader (`ByteRecord`s over the whole stream), on the same file,
//! doing the same work per row (UTF-8 check, every field touched). Used for
//! docs/PERFORMANCE.md's events section; not a test.
//!
//! Usage: cargo run --release -p redline-data --example split_throughput -- ours|csv FILE

use redline_data::csv::Record;
use std::io::{BufRead, BufReader};
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(mode), Some(path)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: split_throughput ours|csv FILE");
        std::process::exit(2);
    };
    let file = match std::fs::File::open(path) {
        Ok(f) => BufReader::with_capacity(1 << 16, f),
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(2);
        }
    };
    let start = Instant::now();
    let (mut rows, mut fields, mut bytes_in_fields, mut bad) = (0usize, 0usize, 0usize, 0usize);
    match mode.as_str() {
        "ours" => {
            let mut reader = file;
            let mut line = Vec::new();
            let mut record = Record::new();
            loop {
                line.clear();
                if reader.read_until(b'\n', &mut line).unwrap_or(0) == 0 {
                    break;
                }
                while matches!(line.last(), Some(b'\n' | b'\r')) {
                    line.pop();
                }
                let Ok(text) = std::str::from_utf8(&line) else {
                    bad += 1;
                    continue;
                };
                rows += 1;
                if record.split(text, b',', true).is_err() {
                    bad += 1;
                    continue;
                }
                fields += record.len();
                for i in 0..record.len() {
                    bytes_in_fields += record.get(i).map_or(0, str::len);
                }
            }
        }
        "csv" => {
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_reader(file);
            let mut record = csv::ByteRecord::new();
            loop {
                match reader.read_byte_record(&mut record) {
                    Ok(false) => break,
                    Ok(true) => {}
                    Err(_) => {
                        bad += 1;
                        continue;
                    }
                }
                if std::str::from_utf8(record.as_slice()).is_err() {
                    bad += 1;
                    continue;
                }
                rows += 1;
                fields += record.len();
                for field in record.iter() {
                    bytes_in_fields += field.len();
                }
            }
        }
        other => {
            eprintln!("unknown mode `{other}`: ours or csv");
            std::process::exit(2);
        }
    }
    let seconds = start.elapsed().as_secs_f64();
    println!(
        "{mode}: {rows} rows, {fields} fields, {bytes_in_fields} field bytes, {bad} bad, \
         {seconds:.2} s"
    );
}
