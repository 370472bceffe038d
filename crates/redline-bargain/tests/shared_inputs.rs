//! The readers on the real input files in ../shared/data (skipped, with a message,
//! when ../shared is absent), and the BDM 1994 example read from its file.

use redline_bargain::bdm::{self, BdmOptions};
use redline_bargain::read::{Format, detect, read_any};
use redline_bargain::smp::{SmpOptions, run_detailed};
use std::path::PathBuf;

fn shared(path: &str) -> Option<(String, String)> {
    let full =
        PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data")).join(path);
    match std::fs::read_to_string(&full) {
        Ok(text) => Some((full.display().to_string(), text)),
        Err(_) => {
            eprintln!(
                "skipping: {} not found (../shared is absent)",
                full.display()
            );
            None
        }
    }
}

#[test]
fn every_ktab_input_reads() {
    // (file, actors, dimensions) as their header lines declare.
    for (file, actors, dims) in [
        ("ktab/SOE-Competitive.csv", 34, 1),
        ("ktab/SOE-Policy.csv", 26, 1),
        ("ktab/SOE-Pol-Comp.csv", 13, 2),
        ("ktab/dummyData-a040.csv", 40, 1),
        ("ktab/dummyData-a080.csv", 80, 1),
        ("ktab/dummyData_3Dim.csv", 7, 3),
        ("ktab/dummyData_6Dim.csv", 27, 6),
    ] {
        let Some((origin, text)) = shared(file) else {
            return;
        };
        assert_eq!(detect(&origin, &text), Format::Ktab, "{file}");
        let s = read_any(&origin, &text).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            (s.num_actors(), s.num_dimensions()),
            (actors, dims),
            "{file}"
        );
        // SMP runs on each to KTAB's stop rule (no reference log for most of them);
        // the 80-actor file only with REDLINE_SLOW_TESTS.
        if actors <= 40 || std::env::var_os("REDLINE_SLOW_TESTS").is_some() {
            let run = run_detailed(&s, &SmpOptions::default()).unwrap();
            assert!(run.states.len() >= 3 && run.states.len() <= 101, "{file}");
            for p in run.states.iter().flatten().flatten() {
                assert!((0.0..=100.0).contains(p), "{file}: {p}");
            }
        }
    }
}

#[test]
fn bdm_inputs_read_and_the_emission_example_reproduces() {
    let Some((origin, text)) = shared("bdm/emission-bdm1994.csv") else {
        return;
    };
    assert_eq!(detect(&origin, &text), Format::Bdm);
    let s = read_any(&origin, &text).unwrap();
    assert_eq!(s.num_actors(), 10);
    let run = bdm::run(
        &s,
        &BdmOptions {
            rounds: 1,
            ..BdmOptions::default()
        },
    );
    let c: Vec<f64> = s.actors.iter().map(|a| a.influence).collect();
    let sal: Vec<f64> = s.actors.iter().map(|a| a.saliences[0] / 100.0).collect();
    let first: Vec<f64> = run.iterations[0].iter().map(|p| p[0]).collect();
    let second: Vec<f64> = run.iterations[1].iter().map(|p| p[0]).collect();
    // Published (Scholz-style replication): 7.0 and 7.38996, then 10.0 and 7.44452.
    assert_eq!(bdm::condorcet_winner(&c, &sal, &first), 7.0);
    assert!((bdm::weighted_mean(&c, &sal, &first) - 7.38996).abs() < 5e-6);
    assert_eq!(bdm::condorcet_winner(&c, &sal, &second), 10.0);
    assert!((bdm::weighted_mean(&c, &sal, &second) - 7.44452).abs() < 5e-6);
    assert_eq!(run.outcome, vec![10.0]);

    let Some((origin, text)) = shared("bdm/china.csv") else {
        return;
    };
    let s = read_any(&origin, &text).unwrap_or_else(|e| panic!("{e}"));
    assert!(s.num_actors() > 5);
}
