//! `redline events`, `redline reciprocity`, `redline credibility` through the
//! real binary, on small fixtures written here (and on ../shared samples
//! when present).

use std::path::{Path, PathBuf};
use std::process::Output;

use super::util;

fn temp_dir(name: &str) -> util::TestDir {
    util::temp_dir("data", name)
}

fn redline(args: &[&str], dir: &Path) -> Output {
    util::redline(Some(dir), args)
}

use util::{stderr, stdout};

const HEADER: &str = "date,source,target,cameo_code,goldstein,note,source_url\n";

/// A weekly project CSV where IRN answers USA's last week's score with 0.5
/// of it, from a deterministic pseudo-random USA series (a small LCG).
fn tit_for_tat_csv(weeks: i32) -> String {
    let mut text = String::from(HEADER);
    let mut state: u64 = 12345;
    let mut next = || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((state >> 33) as f64 / (1u64 << 31) as f64) * 2.0 - 1.0
    };
    let mut usa_last = 0.0;
    for w in 0..weeks {
        // Monday 2018-01-01 plus w weeks, as a date string.
        let date = day_string(17532 + 7 * w);
        let usa = 5.0 * next();
        let irn = (0.5 * usa_last + 2.0 * next()).clamp(-10.0, 10.0);
        text.push_str(&format!(
            "{date},USA,IRN,010,{usa:.3},,https://example.org\n"
        ));
        text.push_str(&format!(
            "{date},IRN,USA,010,{irn:.3},,https://example.org\n"
        ));
        usa_last = usa;
    }
    text
}

/// YYYY-MM-DD for days since 1970-01-01 (civil_from_days, Hinnant).
fn day_string(days: i32) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i32::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

#[test]
fn events_fills_gaps_and_writes_csv() {
    let dir = temp_dir("events");
    std::fs::write(
        dir.join("e.csv"),
        format!(
            "{HEADER}2025-02-03,USA,IRN,163,,sanctions,https://a\n\
             2025-02-19,IRN,USA,042,,visit,https://b\n"
        ),
    )
    .unwrap();
    let o = redline(
        &["events", "e.csv", "--dyad", "usa,irn", "--format", "csv"],
        &dir,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 1 + 2 * 3, "{text}"); // header + 2 dyads × 3 weeks
    // 163 (impose embargo/sanctions) is −8.0 in the GDELT table; quad class 4.
    assert_eq!(lines[1], "USA,IRN,2025-02-03,1,-8.0,-8.000,0,0,0,1");
    assert_eq!(lines[2], "USA,IRN,2025-02-10,0,0.0,,0,0,0,0");
    assert_eq!(lines[6], "IRN,USA,2025-02-17,1,1.9,1.900,1,0,0,0");
}

#[test]
fn malformed_rows_warn_and_strict_fails_with_location() {
    let dir = temp_dir("strict");
    std::fs::write(
        dir.join("e.csv"),
        format!(
            "{HEADER}2025-02-03,USA,IRN,163,,,\n2025-02-0x,USA,IRN,163,,,\n\
             2025-02-04,USA,IRN,\"163,,,\n2025-02-05,USA,IRN,163,,,\n"
        ),
    )
    .unwrap();
    let o = redline(&["events", "e.csv", "--format", "json"], &dir);
    assert_eq!(o.status.code(), Some(0));
    assert!(stderr(&o).contains("2 malformed row(s)"), "{}", stderr(&o));
    assert!(stderr(&o).contains("e.csv:3:"));
    assert!(stderr(&o).contains("e.csv:4:"));
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(json["read"]["events"], 2);
    assert_eq!(json["dyads"][0]["events"], 2);

    let o = redline(&["events", "e.csv", "--strict"], &dir);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("e.csv:3:1"), "{}", stderr(&o));
}

#[test]
fn bad_arguments_exit_2() {
    let dir = temp_dir("bad");
    std::fs::write(
        dir.join("e.csv"),
        format!("{HEADER}2025-02-03,USA,IRN,163,,,\n"),
    )
    .unwrap();
    for args in [
        vec!["events", "missing.csv"],
        vec!["events", "e.csv", "--dyad", "USA"],
        vec!["events", "e.csv", "--from", "2025-13-01"],
        vec!["events", "e.csv", "--input-format", "icews"],
        vec!["reciprocity", "e.csv", "--dyad", "USA,IRN"],
        vec!["reciprocity", "e.csv", "--dyad", "USA,IRN", "--lags", "0"],
        vec![
            "reciprocity",
            "e.csv",
            "--dyad",
            "USA,IRN",
            "--level",
            "1.5",
        ],
        vec!["credibility", "missing.csv"],
    ] {
        let o = redline(&args, &dir);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(!stderr(&o).contains("panicked"), "{args:?}");
    }
}

#[test]
fn reciprocity_finds_the_simulated_response() {
    let dir = temp_dir("reciprocity");
    std::fs::write(dir.join("w.csv"), tit_for_tat_csv(300)).unwrap();
    let o = redline(
        &[
            "reciprocity",
            "w.csv",
            "--dyad",
            "USA,IRN",
            "--replicates",
            "200",
            "--format",
            "json",
        ],
        &dir,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(json["lags"], 1);
    let b = &json["b_answers_a"];
    let value = b["value"].as_f64().unwrap();
    assert!((value - 0.5).abs() < 0.1, "{value}");
    assert!(b["lower"].as_f64().unwrap() < 0.5 && 0.5 < b["upper"].as_f64().unwrap());
    assert!(json["granger_a_to_b"]["p_value"].as_f64().unwrap() < 1e-6);

    let o = redline(
        &[
            "reciprocity",
            "w.csv",
            "--dyad",
            "USA,IRN",
            "--replicates",
            "50",
            "--format",
            "fragment",
            "--out",
            "m8.toml",
        ],
        &dir,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let fragment = std::fs::read_to_string(dir.join("m8.toml")).unwrap();
    assert!(
        fragment
            .lines()
            .any(|l| l.starts_with("source = \"w.csv: weekly mean Goldstein"))
    );
    assert!(fragment.contains("reciprocity.irn_answers_usa = 0."));
    assert!(fragment.contains("reciprocity.usa_answers_irn = "));

    let o = redline(
        &[
            "reciprocity",
            "w.csv",
            "--dyad",
            "USA,IRN",
            "--replicates",
            "50",
            "--format",
            "crisis",
        ],
        &dir,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // IRN answers 0.5 of USA's last week with no inertia: ρ_I ≈ 0.5.
    let line = stdout(&o)
        .lines()
        .find(|l| l.starts_with("reciprocity.target_response = "))
        .map(str::to_string)
        .unwrap();
    let value: f64 = line.split_whitespace().nth(2).unwrap().parse().unwrap();
    assert!((value - 0.5).abs() < 0.1, "{line}");
}

#[test]
fn credibility_on_the_shipped_record_and_a_bad_record() {
    let dir = temp_dir("credibility");
    let o = redline(&["credibility", "--format", "json"], &dir);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let irn = json["beta_binomial"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["actor"] == "IRN" && g["topic"].is_null())
        .unwrap();
    let (n, k) = (
        irn["resolved"].as_f64().unwrap(),
        irn["held"].as_f64().unwrap(),
    );
    // Beta(1,1) prior: posterior mean (k + 1) / (n + 2).
    assert!((irn["mean"].as_f64().unwrap() - (k + 1.0) / (n + 2.0)).abs() < 1e-12);

    let o = redline(&["credibility", "--format", "fragment"], &dir);
    assert!(stdout(&o).contains("red_lines.irn.firmness = "));
    let o = redline(&["credibility", "--format", "crisis"], &dir);
    assert!(stdout(&o).contains("leader.firmness = "), "{}", stdout(&o));

    std::fs::write(
        dir.join("r.csv"),
        "date,actor,statement,topic,stance,source_url,followed_by,outcome_date,held\n\
         2013-02-07,IRN,no talks,talks,reject,https://a,,,perhaps\n",
    )
    .unwrap();
    let o = redline(&["credibility", "r.csv"], &dir);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("r.csv:2:"), "{}", stderr(&o));
}

#[test]
fn events_on_the_gdelt_sample() {
    let sample = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/data/events/gdelt1_georgia_extract_june2012.csv"
    ));
    if !sample.exists() {
        eprintln!("skipping: {} is absent", sample.display());
        return;
    }
    let dir = temp_dir("gdelt");
    let o = redline(
        &[
            "events",
            sample.to_str().unwrap(),
            "--dyad",
            "IRN,USA",
            "--period",
            "month",
            "--format",
            "csv",
        ],
        &dir,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // scripts/data/sample_facts.py: 11 IRN→USA events summing to 50.4, 5 USA→IRN summing to 5.4.
    let text = stdout(&o);
    assert!(text.contains("IRN,USA,2012-06-01,11,50.4,"), "{text}");
    assert!(text.contains("USA,IRN,2012-06-01,5,5.4,"), "{text}");
}

#[test]
fn cameo_lookup_shows_both_scales_and_plover() {
    let dir = temp_dir("cameo");
    let o = redline(&["cameo", "016", "42", "1213", "--format", "json"], &dir);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let doc: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(doc["meta"]["command"], "cameo");
    let json = &doc["codes"];
    // GDELT −2 vs Parus −5 for 016 (data/events/SOURCES.md); 42 is read as 042.
    assert_eq!(json[0]["goldstein_gdelt"], -2.0);
    assert_eq!(json[0]["goldstein_parus"], -5.0);
    assert_eq!(json[1]["code"], "042");
    assert_eq!(json[1]["plover"]["category"], "CONSULT");
    assert_eq!(json[2]["goldstein_gdelt"], serde_json::Value::Null);
    assert_eq!(json[2]["quad_class"], 3);
    let keys: Vec<&str> = json[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "code",
            "description",
            "goldstein_gdelt",
            "goldstein_parus",
            "quad_class",
            "plover"
        ]
    );
    let o = redline(&["cameo", "9999"], &dir);
    assert_eq!(o.status.code(), Some(2));
    let o = redline(
        &[
            "events",
            "x.csv",
            "--from",
            "2025-02-07",
            "--to",
            "2025-01-01",
        ],
        &dir,
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("is after --to"), "{}", stderr(&o));
}

/// The keys of a JSON object, in order.
fn keys(value: &serde_json::Value) -> Vec<&str> {
    value
        .as_object()
        .unwrap_or_else(|| panic!("not an object: {value}"))
        .keys()
        .map(String::as_str)
        .collect()
}

#[test]
fn events_json_has_meta_first_and_every_documented_field() {
    let dir = temp_dir("events-json");
    std::fs::write(
        dir.join("e.csv"),
        format!(
            "{HEADER}2025-02-03,USA,IRN,163,,sanctions,https://a\n\
             2025-02-04,USA,IRN,010,0.1,,https://a\n\
             2025-02-05,USA,IRN,010,0.2,,https://a\n\
             2025-02-19,IRN,USA,042,,visit,https://b\n"
        ),
    )
    .unwrap();
    let o = redline(
        &["events", "e.csv", "--dyad", "USA,IRN", "--format", "json"],
        &dir,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(keys(&json), ["meta", "read", "dyads"]);
    assert_eq!(json["meta"]["command"], "events");
    assert_eq!(json["meta"]["inputs"], serde_json::json!(["e.csv"]));
    assert_eq!(
        keys(&json["read"]),
        [
            "format",
            "header",
            "rows",
            "events",
            "without_dyad",
            "malformed",
            "first_malformed"
        ]
    );
    let dyad = &json["dyads"][0];
    assert_eq!(
        keys(dyad),
        ["source", "target", "period", "events", "series"]
    );
    assert_eq!(
        (dyad["source"].as_str(), dyad["events"].as_u64()),
        (Some("USA"), Some(3))
    );
    let week = &dyad["series"][0];
    assert_eq!(
        keys(week),
        ["start", "events", "goldstein_sum", "goldstein_mean", "quad"]
    );
    // 163 is −8.0 in the GDELT table; −8.0 + 0.1 + 0.2 = −7.7 (not −7.699999999999999).
    assert_eq!(week["goldstein_sum"].to_string(), "-7.7");
    assert_eq!(week["quad"], serde_json::json!([2, 0, 0, 1]));
    // A week without events has no mean.
    assert!(dyad["series"][1]["goldstein_mean"].is_null());
}

#[test]
fn reciprocity_and_credibility_json_carry_meta() {
    let dir = temp_dir("meta");
    std::fs::write(dir.join("w.csv"), tit_for_tat_csv(120)).unwrap();
    let o = redline(
        &[
            "reciprocity",
            "w.csv",
            "--dyad",
            "USA,IRN",
            "--replicates",
            "20",
            "--seed",
            "9",
            "--format",
            "json",
        ],
        &dir,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(
        keys(&json),
        [
            "meta",
            "a",
            "b",
            "periods",
            "empty_periods",
            "lags",
            "nobs",
            "lag_choice",
            "b_answers_a",
            "a_answers_b",
            "a_inertia",
            "b_inertia",
            "granger_a_to_b",
            "granger_b_to_a",
            "irf",
            "bootstrap"
        ]
    );
    assert_eq!(json["meta"]["command"], "reciprocity");
    assert_eq!(json["meta"]["inputs"], serde_json::json!(["w.csv"]));
    assert_eq!(json["meta"]["seed"], 9);
    assert_eq!(keys(&json["b_answers_a"]), ["value", "lower", "upper"]);
    assert_eq!(
        keys(&json["granger_a_to_b"]),
        ["f", "df1", "df2", "p_value"]
    );
    assert_eq!(
        keys(&json["irf"][0]),
        [
            "h",
            "b_from_a",
            "a_from_b",
            "b_from_a_interval",
            "a_from_b_interval"
        ]
    );
    assert_eq!(
        keys(&json["bootstrap"]),
        ["replicates", "usable", "level", "seed"]
    );

    let o = redline(&["credibility", "--format", "json"], &dir);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(
        keys(&json),
        ["meta", "records", "beta_binomial", "logistic"]
    );
    assert_eq!(json["meta"]["command"], "credibility");
    let inputs = json["meta"]["inputs"][0].as_str().unwrap();
    assert!(inputs.ends_with("us-iran-2025-02-07.csv"), "{inputs}");
    assert_eq!(
        keys(&json["beta_binomial"][0]),
        [
            "actor", "topic", "resolved", "held", "pending", "mean", "lower", "upper"
        ]
    );
    assert_eq!(
        keys(&json["logistic"]),
        [
            "names", "coef", "se", "lower", "upper", "level", "used", "dropped"
        ]
    );
}

#[test]
fn reciprocity_says_in_plain_words_how_empty_weeks_count() {
    let dir = temp_dir("empty-weeks");
    // 60 weeks; IRN is silent every fifth week (weeks 0, 5, 10, …: 12 weeks).
    let text: String = tit_for_tat_csv(60)
        .lines()
        .enumerate()
        .filter(|(i, _)| !(*i > 0 && i % 2 == 0 && ((i / 2) - 1) % 5 == 0))
        .map(|(_, l)| format!("{l}\n"))
        .collect();
    std::fs::write(dir.join("w.csv"), text).unwrap();
    let o = redline(
        &[
            "reciprocity",
            "w.csv",
            "--dyad",
            "USA,IRN",
            "--replicates",
            "20",
        ],
        &dir,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains(
            "# USA->IRN had no events in 0 of the 60 weeks, IRN->USA in 12; \
             a week without events counts as a mean Goldstein score of 0 (neutral)"
        ),
        "{out}"
    );
    assert!(!out.contains("counted as 0)"), "{out}");
}

#[test]
fn calibrate_names_its_inputs_and_refuses_a_dyad_without_iran() {
    let dir = temp_dir("calibrate-data");
    std::fs::write(dir.join("w.csv"), tit_for_tat_csv(150)).unwrap();
    let o = redline(&["calibrate", "--events", "w.csv"], &dir);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let first = stdout(&o).lines().next().unwrap_or_default().to_string();
    assert!(first.starts_with("# Written by redline "), "{first}");
    assert!(
        first.contains("`calibrate` from w.csv, data/redlines/"),
        "{first}"
    );

    let o = redline(
        &["calibrate", "--events", "w.csv", "--dyad", "USA,ISR"],
        &dir,
    );
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    assert!(stderr(&o).contains("no IRN side"), "{}", stderr(&o));
    let o = redline(&["calibrate", "--events", "missing.csv"], &dir);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("missing.csv"), "{}", stderr(&o));
    assert!(!stderr(&o).contains("panicked"));
}

/// A project CSV of `dyads` directed dyads (`A0`→`B0`, …), each with an
/// event on the first and on the last of `days` days from 2000-01-01: by day,
/// `dyads × days` periods to print from `2 × dyads` rows.
pub(crate) fn span_csv(dyads: usize, days: i32) -> String {
    let mut text = String::from(HEADER);
    for d in 0..dyads {
        for day in [10_957, 10_957 + days - 1] {
            text.push_str(&format!(
                "{},A{d},B{d},042,,,https://example.org\n",
                day_string(day)
            ));
        }
    }
    text
}

#[test]
fn events_by_day_stream_the_same_bytes_to_a_file_and_to_standard_output() {
    // 5 dyads × 400 days: 2,000 periods written from 10 rows. (The bytes of
    // each format are the snapshots' in formats.rs; this checks both ways
    // out write all of them.)
    let dir = temp_dir("events-stream");
    std::fs::write(dir.join("span.csv"), span_csv(5, 400)).unwrap();
    for format in ["json", "csv", "table"] {
        let args = ["events", "span.csv", "--period", "day", "--format", format];
        let shown = redline(&args, &dir);
        assert_eq!(shown.status.code(), Some(0), "{}", stderr(&shown));
        let out = format!("out.{format}");
        let written = redline(&[&args[..], &["--out", &out]].concat(), &dir);
        assert_eq!(written.status.code(), Some(0), "{}", stderr(&written));
        assert!(written.stdout.is_empty());
        let file = std::fs::read(dir.join(&out)).unwrap();
        assert!(
            file == shown.stdout,
            "{format}: the file differs from standard output"
        );
        if format == "json" {
            let json: serde_json::Value = serde_json::from_slice(&file).unwrap();
            let dyads = json["dyads"].as_array().unwrap();
            assert_eq!(dyads.len(), 5);
            for dyad in dyads {
                let series = dyad["series"].as_array().unwrap();
                assert_eq!(series.len(), 400);
                assert_eq!(series[0]["start"], "2000-01-01");
                assert_eq!(series[399]["start"], "2001-02-03");
                assert_eq!(series[1]["goldstein_mean"], serde_json::Value::Null);
                assert_eq!(dyad["events"], 2);
            }
        }
    }
}

#[test]
fn a_long_field_is_shown_by_its_start_and_length() {
    // A field of 100,000 characters was echoed whole in the warning (and in
    // the --strict error).
    let dir = temp_dir("long-field");
    let long = "9".repeat(100_000);
    std::fs::write(
        dir.join("e.csv"),
        format!(
            "{HEADER}2025-02-03,USA,IRN,{long},,x,https://a\n2025-02-04,USA,IRN,042,,x,https://a\n"
        ),
    )
    .unwrap();
    for strict in [false, true] {
        let args = ["events", "e.csv", "--strict"];
        let o = redline(&args[..if strict { 3 } else { 2 }], &dir);
        assert_eq!(
            o.status.code(),
            Some(if strict { 2 } else { 0 }),
            "{strict}"
        );
        let message = stderr(&o);
        assert!(message.len() < 600, "{} bytes of message", message.len());
        assert!(
            message.contains("… (100000 characters)` is not a CAMEO code"),
            "{message}"
        );
    }
}
