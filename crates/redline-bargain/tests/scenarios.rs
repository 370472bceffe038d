//! The shipped scenarios/bargaining files: they read, their TOML and CSV forms agree
//! (the CSVs are written from the TOML by scripts/bargain_scenarios.py), and every model
//! runs on them.

use redline_bargain::read::read_any;
use redline_bargain::{Model, bdm::BdmOptions, run, smp::SmpOptions};

fn read(name: &str) -> redline_bargain::BargainingProblem {
    let path = format!(
        "{}/../../scenarios/bargaining/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).expect("shipped scenario");
    read_any(&path, &text).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn the_forms_of_the_iran_scenario_agree() {
    let toml = read("iran-2025-talks.toml");
    let csv = read("iran-2025-talks.csv");
    let bdm = read("iran-2025-enrichment.csv");
    assert_eq!(toml.dimensions, vec!["enrichment", "relief", "inspections"]);
    assert_eq!(csv.dimensions, toml.dimensions);
    assert_eq!(toml.status_quo, Some(vec![100.0, 0.0, 5.0]));
    assert_eq!(csv.status_quo, None);
    let names: Vec<&str> = toml.actors.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "US",
            "Israel",
            "E3",
            "Russia",
            "China",
            "Khamenei",
            "Pezeshkian",
            "IRGC"
        ]
    );
    let total: f64 = toml.actors.iter().map(|a| a.influence).sum();
    for ((t, c), b) in toml.actors.iter().zip(&csv.actors).zip(&bdm.actors) {
        assert_eq!((&t.name, t.influence), (&c.name, c.influence));
        assert_eq!(t.positions, c.positions);
        assert_eq!(t.saliences, c.saliences);
        assert_eq!(
            (b.positions[0], b.saliences[0]),
            (t.positions[0], t.saliences[0])
        );
        assert!((b.influence - t.influence / total).abs() < 1e-4);
    }
}

#[test]
fn every_model_runs_on_the_iran_scenario() {
    let s = read("iran-2025-talks.toml");
    for model in [
        Model::Smp(SmpOptions::default()),
        Model::Bdm(BdmOptions::default()),
        Model::Mean,
        Model::Median,
        Model::Nash,
    ] {
        let r = run(&s, &model).unwrap();
        assert_eq!(r.outcome.len(), 3);
        for x in &r.outcome {
            assert!((0.0..=100.0).contains(x), "{model:?}: {x}");
        }
    }
}
