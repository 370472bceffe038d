//! The readers on small hand-made fixtures (tests/fixtures/), each with one
//! deliberate defect: a short row in a raw GDELT 2.0 file, an unclosed quote
//! and a code without its leading zero in a GDELT 1.0 CSV export (CRLF, `NA`),
//! an unknown country name and a missing intensity in an ICEWS file.

use redline_data::events::{Event, EventFormat, ReadOptions, ReadReport, read_events};
use std::path::Path;

fn read(name: &str) -> (ReadReport, Vec<Event>) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    let mut events = Vec::new();
    let report = read_events(open(&path), &ReadOptions::new(name), |e| {
        events.push(e.clone())
    })
    .unwrap();
    (report, events)
}

fn summary(events: &[Event]) -> Vec<(usize, String, String, String, f64, u8)> {
    events
        .iter()
        .map(|e| {
            (
                e.line,
                e.source.clone(),
                e.target.clone(),
                e.cameo.clone(),
                e.goldstein,
                e.quad_class,
            )
        })
        .collect()
}

#[test]
fn gdelt2_raw_with_a_short_row() {
    let (report, events) = read("gdelt2-raw.tsv");
    assert_eq!(report.format, EventFormat::Gdelt2);
    assert!(!report.header);
    assert_eq!((report.rows, report.events, report.malformed), (4, 3, 1));
    assert_eq!(report.first_malformed[0].line, 3);
    assert!(
        report.first_malformed[0]
            .message
            .contains("expected 61 columns")
    );
    assert_eq!(
        summary(&events),
        [
            (1, "USA".into(), "IRN".into(), "163".into(), -8.0, 4),
            (2, "IRN".into(), "USA".into(), "0841".into(), 7.0, 2),
            (4, "IRN".into(), "USA".into(), "111".into(), -2.0, 3),
        ]
    );
}

#[test]
fn gdelt1_export_with_unclosed_quote_and_lost_zero() {
    let (report, events) = read("gdelt1-export.csv");
    assert_eq!(report.format, EventFormat::Gdelt1);
    assert!(report.header);
    assert_eq!(
        (
            report.rows,
            report.events,
            report.malformed,
            report.without_dyad
        ),
        (4, 2, 1, 1)
    );
    assert_eq!(report.first_malformed[0].line, 3);
    assert!(report.first_malformed[0].message.contains("not closed"));
    assert_eq!(
        summary(&events),
        [
            (2, "IRN".into(), "USA".into(), "125".into(), -5.0, 3),
            (5, "USA".into(), "IRN".into(), "042".into(), 1.9, 1),
        ]
    );
}

#[test]
fn icews_with_unknown_country_and_missing_intensity() {
    let (report, events) = read("icews.tab");
    assert_eq!(report.format, EventFormat::Icews);
    assert_eq!((report.rows, report.events, report.without_dyad), (3, 2, 1));
    assert_eq!(report.unknown_countries.get("Ruritania"), Some(&1));
    // 016 has no intensity in the file: ICEWS follows the Parus table (−5, GDELT −2).
    assert_eq!(
        summary(&events),
        [
            (2, "IRN".into(), "USA".into(), "111".into(), -2.0, 3),
            (3, "USA".into(), "IRN".into(), "016".into(), -5.0, 1),
        ]
    );
}

/// Opens a file for the reader (the library itself opens no files).
fn open(path: &std::path::Path) -> std::io::BufReader<std::fs::File> {
    std::io::BufReader::with_capacity(1 << 16, std::fs::File::open(path).expect("readable file"))
}
