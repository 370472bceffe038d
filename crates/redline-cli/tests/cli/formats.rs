//! Every command's JSON and CSV, as a snapshot (insta): a change in any field,
//! its order or a number shows in review. Small inputs (the files under
//! `examples/`), few runs; the tables are covered by the README's examples.

use crate::util::{self, stderr, stdout};
use std::path::{Path, PathBuf};

fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("the repository")
}

/// (snapshot name, arguments).
const CASES: &[(&str, &[&str])] = &[
    (
        "forecast_json",
        &[
            "forecast",
            "--runs",
            "300",
            "--compare",
            "grit",
            "--format",
            "json",
        ],
    ),
    (
        "forecast_csv",
        &[
            "forecast",
            "--runs",
            "300",
            "--compare",
            "grit",
            "--format",
            "csv",
        ],
    ),
    (
        "trace_json",
        &[
            "trace",
            "--run",
            "3",
            "--set",
            "scenario.horizon=2025-04-11",
            "--format",
            "json",
        ],
    ),
    (
        "params_json",
        &[
            "scenario",
            "params",
            "--set",
            "leader.red_line=absolute",
            "--format",
            "json",
        ],
    ),
    ("params_csv", &["scenario", "params", "--format", "csv"]),
    ("outcomes_json", &["outcomes", "--format", "json"]),
    (
        "sensitivity_json",
        &[
            "sensitivity",
            "--samples",
            "2",
            "--runs",
            "40",
            "--outcome",
            "war",
            "--format",
            "json",
        ],
    ),
    (
        "backtest_json",
        &["backtest", "--runs", "200", "--format", "json"],
    ),
    (
        "match_json",
        &[
            "match",
            "Tit For Tat",
            "Prober",
            "--turns",
            "10",
            "--format",
            "json",
        ],
    ),
    (
        "tournament_csv",
        &[
            "tournament",
            "--strategies",
            "Tit For Tat,Defector,Grudger",
            "--repetitions",
            "2",
            "--format",
            "csv",
        ],
    ),
    (
        "evolve_json",
        &[
            "evolve",
            "--strategies",
            "Tit For Tat,Defector",
            "--replicator",
            "--steps",
            "3",
            "--format",
            "json",
        ],
    ),
    (
        "bargain_json",
        &[
            "bargain",
            "examples/bargaining/enrichment.csv",
            "--model",
            "bdm",
            "--format",
            "json",
        ],
    ),
    (
        "bargain_csv",
        &[
            "bargain",
            "examples/bargaining/enrichment.csv",
            "--model",
            "mean",
            "--format",
            "csv",
        ],
    ),
    (
        "solve_json",
        &[
            "solve",
            "examples/games/ultimatum.efg",
            "--method",
            "lcp",
            "--format",
            "json",
        ],
    ),
    (
        "solve_gambit",
        &["solve", "examples/games/standoff.nfg", "--format", "gambit"],
    ),
    ("cameo_json", &["cameo", "042", "163", "--format", "json"]),
    ("cameo_csv", &["cameo", "042", "163", "--format", "csv"]),
    (
        "events_csv",
        &[
            "events",
            "examples/events/usa-irn-2024.tsv",
            "--dyad",
            "USA,IRN",
            "--period",
            "month",
            "--format",
            "csv",
        ],
    ),
    (
        "events_json",
        &[
            "events",
            "examples/events/usa-irn-2024.tsv",
            "--dyad",
            "USA,IRN",
            "--period",
            "month",
            "--format",
            "json",
        ],
    ),
    (
        "reciprocity_json",
        &[
            "reciprocity",
            "examples/events/usa-irn-2024.tsv",
            "--dyad",
            "USA,IRN",
            "--replicates",
            "50",
            "--format",
            "json",
        ],
    ),
    (
        "credibility_json",
        &[
            "credibility",
            "examples/redlines/record.csv",
            "--actor",
            "AAA",
            "--format",
            "json",
        ],
    ),
];

#[test]
fn every_json_and_csv_output_matches_its_snapshot() {
    let dir = util::temp_dir("formats", "all");
    let link = dir.join("examples");
    let _ = std::fs::remove_file(&link);
    std::os::unix::fs::symlink(repository().join("examples"), &link).expect("link");
    let mut failures = Vec::new();
    for (name, args) in CASES {
        let out = util::redline(Some(&dir), args);
        if !out.status.success() {
            failures.push(format!("{name}: {args:?}: {}", stderr(&out)));
            continue;
        }
        insta::with_settings!({ prepend_module_to_snapshot => false, omit_expression => true, description => args.join(" ") }, {
            insta::assert_snapshot!(format!("format__{name}"), stdout(&out));
        });
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}
