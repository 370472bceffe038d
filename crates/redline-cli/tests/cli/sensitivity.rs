//! `redline sensitivity`: sharded runs merge into exactly the result of one run, with the
//! run's provenance; intervals and warnings when the sample is too small; the tornado's caption.

use std::path::Path;
use std::process::Output;

use super::util;

fn redline(dir: &Path, args: &[&str]) -> Output {
    util::redline(Some(dir), args)
}

fn temp_dir(name: &str) -> util::TestDir {
    util::temp_dir("sensitivity", name)
}

#[test]
fn shards_merge_into_the_single_run_result() {
    let dir = temp_dir("merge");
    for method in ["morris", "sobol"] {
        let common = [
            "sensitivity",
            "--method",
            method,
            "--samples",
            "3",
            "--runs",
            "60",
            "--outcome",
            "war",
            "--outcome",
            "interim_deal",
            "--set",
            "counterpart.strategy=grit",
        ];
        let single = redline(&dir, &[&common[..], &["--format", "json"]].concat());
        assert!(
            single.status.success(),
            "{}",
            String::from_utf8_lossy(&single.stderr)
        );
        for shard in ["0/3", "1/3", "2/3"] {
            let file = format!("{method}-{}.json", &shard[..1]);
            let out = redline(
                &dir,
                &[&common[..], &["--shard", shard, "--out", &file]].concat(),
            );
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let files: Vec<String> = (0..3).map(|i| format!("{method}-{i}.json")).collect();
        let merged = redline(
            &dir,
            &[
                &["sensitivity", "merge"][..],
                &files.iter().map(String::as_str).collect::<Vec<_>>(),
                &["--format", "json"],
            ]
            .concat(),
        );
        assert!(
            merged.status.success(),
            "{}",
            String::from_utf8_lossy(&merged.stderr)
        );
        assert!(
            merged.stdout == single.stdout,
            "{method}: merge differs from one run"
        );
        let v: serde_json::Value = serde_json::from_slice(&single.stdout).expect("JSON");
        assert_eq!(v["results"].as_array().expect("results").len(), 2);
        // Provenance first, with the override the shards recorded.
        assert!(util::stdout(&merged).starts_with("{\n  \"meta\": {"));
        assert_eq!(v["meta"]["command"], "sensitivity");
        assert_eq!(
            v["meta"]["set"],
            serde_json::json!(["counterpart.strategy=grit"])
        );
        assert_eq!(v["meta"]["seed"], 42);
        assert_eq!(v["meta"]["runs"], 60);
        let sha = v["meta"]["scenario"]["sha256"].as_str().expect("sha256");
        assert_eq!(sha.len(), 64);
        let key = if method == "sobol" {
            "ST_conf"
        } else {
            "mu_star_conf"
        };
        assert!(v["results"][0]["indices"][0][key].is_f64(), "{key}");
        // An incomplete merge is an input error.
        let partial = redline(&dir, &["sensitivity", "merge", &files[0], &files[1]]);
        assert_eq!(partial.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&partial.stderr).contains("missing"));
    }
}

#[test]
fn bad_arguments_exit_2() {
    let dir = temp_dir("bad");
    for args in [
        &[
            "sensitivity",
            "--shard",
            "3/2",
            "--samples",
            "1",
            "--runs",
            "1",
        ][..],
        &[
            "sensitivity",
            "--outcome",
            "wars",
            "--samples",
            "1",
            "--runs",
            "1",
        ],
        &["sensitivity", "--samples", "0"],
        &[
            "sensitivity",
            "--resamples",
            "1",
            "--samples",
            "1",
            "--runs",
            "1",
        ],
        &["sensitivity", "merge", "x.json", "--resamples", "0"],
    ] {
        let out = redline(&dir, args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
    }
}

#[test]
fn a_small_sobol_sample_warns_in_the_table_and_in_json() {
    let dir = temp_dir("warn");
    let args = [
        "sensitivity",
        "--method",
        "sobol",
        "--samples",
        "8",
        "--runs",
        "40",
        "--outcome",
        "war",
    ];
    let table = redline(&dir, &args);
    assert!(table.status.success(), "{}", util::stderr(&table));
    let text = util::stdout(&table);
    assert!(text.contains("  warning: war: "), "{text}");
    assert!(
        text.contains("sample of 8 base samples is too small"),
        "{text}"
    );
    assert!(text.contains("try --samples"), "{text}");
    let v = util::json(&redline(&dir, &[&args[..], &["--format", "json"]].concat()));
    let warnings = v["warnings"].as_array().expect("warnings");
    assert!(!warnings.is_empty());
    let factors = v["factors"].as_array().expect("factors");
    for w in warnings {
        assert_eq!(w["outcome"], "war");
        assert!(factors.contains(&w["factor"]), "{w}");
        assert!(w["suggested_samples"].as_u64().expect("n") >= 32, "{w}");
        assert!(w["message"].as_str().expect("text").contains("--samples"));
    }
    // Morris has intervals but no such warnings.
    let morris = util::json(&redline(
        &dir,
        &[
            "sensitivity",
            "--samples",
            "3",
            "--runs",
            "20",
            "--outcome",
            "war",
            "--format",
            "json",
        ],
    ));
    assert_eq!(morris["warnings"], serde_json::json!([]));
    assert_eq!(morris["resamples"], 100);
}

#[test]
fn tornado_caption_counts_the_parameters_left_out() {
    let dir = temp_dir("tornado");
    let out = redline(
        &dir,
        &[
            "report",
            "--format",
            "svg",
            "--chart",
            "tornado",
            "--runs",
            "200",
            "--sensitivity-samples",
            "2",
            "--sensitivity-runs",
            "50",
        ],
    );
    assert!(out.status.success(), "{}", util::stderr(&out));
    let svg = util::stdout(&out);
    let bars = svg.matches("class=\"bar\"").count();
    let analysis = util::json(&redline(
        &dir,
        &[
            "sensitivity",
            "--samples",
            "1",
            "--runs",
            "1",
            "--outcome",
            "war",
            "--format",
            "json",
        ],
    ));
    let uncertain = analysis["factors"].as_array().expect("factors").len();
    // Factors with an effect under a pixel are counted apart ("Not drawn: N
    // factors …"), not among those left out for having none.
    let not_drawn: usize = svg
        .split_once("Not drawn: ")
        .and_then(|(_, rest)| rest.split_whitespace().next())
        .map_or(0, |n| n.parse().expect("a count"));
    let bars = bars + not_drawn;
    let caption = if bars == uncertain {
        format!("all {uncertain} uncertain parameters shown")
    } else {
        format!(
            "{} of {uncertain} uncertain parameters left out",
            uncertain - bars
        )
    };
    assert!(svg.contains(&caption), "{caption}\n{svg}");
}
