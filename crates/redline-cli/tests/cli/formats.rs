//! Every command's JSON and CSV, and the tables the README's tour does not
//! show, as snapshots (insta): a change in any field, its order or a number
//! shows in review. Small inputs (the files under `examples/`), few runs.

use crate::util::{self, stderr, stdout};

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
    ("strategies_json", &["strategies", "--format", "json"]),
    (
        "sweep_json",
        &[
            "misperception-sweep",
            "--strategies",
            "Tit For Tat,GRIT",
            "--to",
            "0.1",
            "--steps",
            "2",
            "--repetitions",
            "2",
            "--format",
            "json",
        ],
    ),
    (
        "deniability_json",
        &[
            "game",
            "deniability",
            "--sweep",
            "--steps",
            "2",
            "--format",
            "json",
        ],
    ),
    (
        "calibrate_toml",
        &["calibrate", "--events", "examples/events/usa-irn-2024.tsv"],
    ),
    // Tables the README's tour does not show.
    ("outcomes_table", &["outcomes"]),
    ("cameo_table", &["cameo", "042", "163", "1213"]),
    ("strategies_table", &["strategies"]),
    (
        "evolve_table",
        &[
            "evolve",
            "--strategies",
            "Tit For Tat,Defector",
            "--moran",
            "--population",
            "4",
            "--repetitions",
            "2",
        ],
    ),
    (
        "sweep_table",
        &[
            "misperception-sweep",
            "--strategies",
            "Tit For Tat,GRIT",
            "--to",
            "0.1",
            "--steps",
            "2",
            "--repetitions",
            "2",
        ],
    ),
    (
        "sensitivity_table",
        &[
            "sensitivity",
            "--samples",
            "2",
            "--runs",
            "40",
            "--outcome",
            "war",
        ],
    ),
    (
        "match_table",
        &["match", "Tit For Tat", "Prober", "--turns", "10"],
    ),
    (
        "params_table",
        &["scenario", "params", "--set", "leader.red_line=absolute"],
    ),
    (
        "trace_text",
        &[
            "trace",
            "--run",
            "3",
            "--set",
            "scenario.horizon=2025-04-11",
        ],
    ),
    ("credibility_table", &["credibility"]),
];

#[test]
fn every_output_matches_its_snapshot() {
    let dir = util::clone_like("formats", "all", &["examples"]);
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
