//! The readers on the real samples in ../shared/data/events (skipped when
//! that folder is absent). Expected figures were computed independently with
//! Python's csv module: `python3 scripts/data/sample_facts.py ../shared/data/events`.

use redline_data::events::{EventFormat, ReadOptions, read_events};
use redline_data::series::{Period, SeriesBuilder};
use std::path::PathBuf;

fn sample(name: &str) -> Option<PathBuf> {
    let path = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/data/events"
    ))
    .join(name);
    if path.exists() {
        Some(path)
    } else {
        eprintln!("skipping: {} is absent", path.display());
        None
    }
}

#[test]
fn gdelt1_r_export_with_header() {
    let Some(path) = sample("gdelt1_georgia_extract_june2012.csv") else {
        return;
    };
    let mut builder = SeriesBuilder::new(Period::Month, None, None).only_pair("USA", "IRN");
    let mut june_20 = Vec::new();
    let report = read_events(open(&path), &ReadOptions::new("gdelt"), |e| {
        if e.date.to_string() == "2012-06-20" && e.source == "USA" && e.target == "IRN" {
            june_20.push((e.cameo.clone(), e.goldstein));
        }
        builder.add(e);
    })
    .unwrap();
    assert_eq!(report.format, EventFormat::Gdelt1);
    assert!(report.header);
    assert_eq!(report.rows, 6237);
    assert_eq!(report.malformed, 0);
    assert_eq!(report.events, 962);
    assert_eq!(report.without_dyad, 6237 - 962);
    june_20.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(
        june_20,
        [
            ("061".into(), 6.4),
            ("120".into(), -4.0),
            ("120".into(), -4.0)
        ]
    );
    let series = builder.finish("sample").expect("a short span");
    assert_eq!(series[0].total_events(), 5);
    assert!((series[0].buckets[0].goldstein_sum - 5.4).abs() < 1e-9);
    assert_eq!(series[1].total_events(), 11);
    assert!((series[1].buckets[0].goldstein_sum - 50.4).abs() < 1e-9);
}

#[test]
fn gdelt_busiest_dyads_first() {
    let Some(path) = sample("gdelt1_georgia_extract_june2012.csv") else {
        return;
    };
    let mut builder = SeriesBuilder::new(Period::Week, None, None);
    read_events(open(&path), &ReadOptions::new("gdelt"), |e| builder.add(e)).unwrap();
    let series = builder.finish("sample").expect("a short span");
    let top: Vec<(String, String, u64)> = series[..3]
        .iter()
        .map(|s| (s.source.clone(), s.target.clone(), s.total_events()))
        .collect();
    assert_eq!(
        top,
        [
            ("USA".into(), "USA".into(), 207),
            ("USA".into(), "RUS".into(), 41),
            ("USA".into(), "ARM".into(), 37)
        ]
    );
}

#[test]
fn icews_sample_maps_names_and_keeps_intensity() {
    let Some(path) = sample("icews_events.2018.sample.tab") else {
        return;
    };
    let mut irn_usa = Vec::new();
    let report = read_events(open(&path), &ReadOptions::new("icews"), |e| {
        if e.source == "IRN" && e.target == "USA" {
            irn_usa.push((e.line, e.cameo.clone(), e.goldstein));
        }
    })
    .unwrap();
    assert_eq!(report.format, EventFormat::Icews);
    assert_eq!(report.rows, 3705);
    assert_eq!(report.malformed, 0);
    assert_eq!(report.without_dyad, 368);
    assert!(report.unknown_countries.is_empty());
    assert_eq!(report.events, 3705 - 368);
    assert_eq!(irn_usa.len(), 1);
    assert_eq!((irn_usa[0].1.as_str(), irn_usa[0].2), ("111", -2.0));
}

/// Opens a file for the reader (the library itself opens no files).
fn open(path: &std::path::Path) -> std::io::BufReader<std::fs::File> {
    std::io::BufReader::with_capacity(1 << 16, std::fs::File::open(path).expect("readable file"))
}
