//! `redline trace`: the narrative and the table state the same figures, rows
//! fit 100 columns, and `--format json` keeps every field and every event's data.

use super::util::{json, redline, stderr, stdout, temp_dir};

/// The Israeli strike is forced on 2025-05-01; run 0 of seed 42 has it in
/// the week of 2025-04-25 (week 11) and no other strike that week.
const STRIKE: [&str; 5] = [
    "trace",
    "--run",
    "0",
    "--assume",
    "israeli_strike@2025-05-01",
];

/// The numbers in `text`, in order (a leading minus sign kept).
fn numbers(text: &str) -> Vec<f64> {
    text.split(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-'))
        .filter_map(|t| t.trim_end_matches('.').parse::<f64>().ok())
        .collect()
}

/// The breakout column of a table row: the fourth value from the right
/// (breakout, stock, Goldstein IRN→US, US→IRN).
fn breakout_of_row(row: &str) -> f64 {
    let tokens: Vec<&str> = row.split_whitespace().collect();
    tokens[tokens.len() - 4]
        .parse()
        .expect("breakout is a number")
}

#[test]
fn a_strike_sentence_states_the_figures_of_the_rows() {
    let dir = temp_dir("trace", "narrative");
    let out = redline(Some(&dir), &STRIKE);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    let row_at = |prefix: &str| {
        lines
            .iter()
            .position(|l| l.starts_with(prefix))
            .unwrap_or_else(|| panic!("no row {prefix} in\n{text}"))
    };
    let before = row_at("2025-04-18 (week 10)");
    let strike_week = row_at("2025-04-25 (week 11)");
    // The week's events: the indented lines under its row, each sentence
    // starting four spaces in, its wrapped continuation lines further in.
    let mut sentences: Vec<String> = Vec::new();
    for line in lines[strike_week + 1..]
        .iter()
        .take_while(|l| l.starts_with("    "))
    {
        match sentences.last_mut() {
            Some(last) if line.starts_with("     ") => {
                last.push(' ');
                last.push_str(line.trim());
            }
            _ => sentences.push(line.trim().to_string()),
        }
    }
    let strike = sentences
        .iter()
        .find(|s| s.starts_with("Israel strikes"))
        .unwrap_or_else(|| panic!("the strike is told: {sentences:?}"));
    let figures = numbers(strike);
    assert!(figures.len() >= 2, "{strike}");
    // From: the breakout time the row before shows (the end of last week).
    assert_eq!(
        figures[0],
        breakout_of_row(lines[before]),
        "{strike}\n{}",
        lines[before]
    );
    // The last figure the sentence states is the end of this week, as its row.
    assert_eq!(
        *figures.last().expect("a figure"),
        breakout_of_row(lines[strike_week]),
        "{strike}\n{}",
        lines[strike_week]
    );
    assert!(strike.contains("at the strike"), "{strike}");
    assert!(strike.contains("At the end of the week"), "{strike}");

    // The same in JSON: the event's data and the weeks' values agree with the sentence.
    let v = json(&redline(
        Some(&dir),
        &[STRIKE.as_slice(), &["--format", "json"]].concat(),
    ));
    let weeks = v["weeks"].as_array().expect("weeks");
    let event = weeks[11]["events"]
        .as_array()
        .expect("events")
        .iter()
        .find(|e| e["kind"] == "strike")
        .expect("a strike event in week 11");
    assert_eq!(event["by"], "israel");
    assert_eq!(event["breakout_before"], weeks[10]["breakout_weeks"]);
    let after = event["breakout_after"].as_f64().expect("number");
    let end = weeks[11]["breakout_weeks"].as_f64().expect("number");
    let sentence = event["sentence"].as_str().expect("sentence");
    assert!(
        sentence.contains(&format!("to {after:.1} weeks at the strike"))
            && sentence.contains(&format!("At the end of the week: {end:.1} weeks.")),
        "{sentence}"
    );
}

#[test]
fn every_line_fits_100_columns() {
    let dir = temp_dir("trace", "width");
    for args in [
        STRIKE.as_slice(),
        &["trace", "--run", "3"],
        &["trace", "--run", "7", "--set", "counterpart.strategy=grit"],
    ] {
        let out = redline(Some(&dir), args);
        assert!(out.status.success(), "{}", stderr(&out));
        let text = stdout(&out);
        let rows = text
            .lines()
            .filter(|l| {
                l.get(10..17) == Some(" (week ")
                    && l.get(..10)
                        .is_some_and(|d| redline_core::Date::parse(d).is_ok())
            })
            .count();
        assert_eq!(rows, 52, "one row per week:\n{text}");
        for line in text.lines() {
            assert!(
                line.chars().count() <= 100,
                "{} columns: {line}",
                line.chars().count()
            );
        }
    }
}

#[test]
fn json_keeps_every_field_and_every_event_with_its_data() {
    let dir = temp_dir("trace", "json");
    let v = json(&redline(
        Some(&dir),
        &[STRIKE.as_slice(), &["--format", "json"]].concat(),
    ));
    // The fields of redline_crisis::trace::TracedWeek, listed here by hand.
    let fields = [
        "week",
        "date",
        "stance",
        "permission",
        "talks",
        "format",
        "negotiator_capital",
        "leader_standing",
        "relief_leverage",
        "econ_pressure",
        "snapback",
        "breakout_weeks",
        "stockpile_kg",
        "stockpile_20_kg",
        "stockpile_leu_kg",
        "iaea_access",
        "goldstein_target_to_coercer",
        "goldstein_coercer_to_target",
        "deal_zone_overlaps",
        "enrichment_percent",
        "deal_terms",
        "events",
    ];
    let weeks = v["weeks"].as_array().expect("weeks");
    assert_eq!(weeks.len(), 52);
    for w in weeks {
        let keys: Vec<&str> = w
            .as_object()
            .expect("object")
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys, fields);
        let snapback: Vec<&str> = w["snapback"]
            .as_object()
            .expect("snapback is an object")
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(snapback, ["state", "reimposed_in_week"]);
        // Every event is kept, with its kind: the counterpart moves every week.
        let events = w["events"].as_array().expect("events");
        assert!(
            events.iter().any(|e| e["kind"] == "counterpart_move"
                && (e["move"] == "cooperate" || e["move"] == "defect")),
            "{w}"
        );
        for e in events {
            assert!(e["kind"].is_string(), "{e}");
            assert!(e.get("sentence").is_some(), "{e}");
        }
    }
    let strike = weeks[11]["events"]
        .as_array()
        .expect("events")
        .iter()
        .find(|e| e["kind"] == "strike")
        .expect("strike");
    let keys: Vec<&str> = strike
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "kind",
            "by",
            "days",
            "setback",
            "stock_lost_share",
            "breakout_before",
            "breakout_after",
            "sentence"
        ]
    );
    assert!(
        weeks[11]["events"]
            .as_array()
            .expect("events")
            .iter()
            .any(|e| e["kind"] == "assumed" && e["outcome"] == "israeli_strike")
    );
    assert_eq!(v["meta"]["command"], "trace");
    assert_eq!(v["outcomes"][0]["id"], "israeli_strike");
    assert_eq!(v["outcomes"][0]["date"], "2025-04-25");
}

#[test]
fn a_deal_states_its_terms_and_its_breakdown_its_blame() {
    // An interim deal forced in the week of 2025-03-07 (week 4), in runs where
    // deals break down half the time each week: the deal's terms are an event
    // and the week's `deal_terms`, its breakdown an event with the blame.
    let dir = temp_dir("trace", "deal");
    let v = json(&redline(
        Some(&dir),
        &[
            "trace",
            "--run",
            "0",
            "--assume",
            "interim_deal@2025-03-07",
            "--set",
            "deals.breakdown_weekly=0.5",
            "--format",
            "json",
        ],
    ));
    let weeks = v["weeks"].as_array().expect("weeks");
    let events = |w: &serde_json::Value| w["events"].as_array().expect("events").clone();
    let terms = events(&weeks[4])
        .into_iter()
        .find(|e| e["kind"] == "deal_terms")
        .expect("the deal's terms in week 4");
    for key in ["enrichment_percent", "stockpile_kg", "access", "relief"] {
        assert!(terms[key].is_number(), "{terms}");
        assert_eq!(terms[key], weeks[4]["deal_terms"][key], "{key}");
    }
    assert!(
        terms["sentence"]
            .as_str()
            .expect("sentence")
            .starts_with("Its terms: enrichment up to "),
        "{terms}"
    );
    let (week, broke) = weeks
        .iter()
        .enumerate()
        .find_map(|(i, w)| {
            events(w)
                .into_iter()
                .find(|e| e["kind"] == "deal_broke_down")
                .map(|e| (i, e))
        })
        .expect("a breakdown");
    assert_eq!(broke["deal"], "interim deal");
    assert!(broke["negotiator_loss"].is_number() && broke["leader_change"].is_number());
    let sentence = broke["sentence"].as_str().expect("sentence");
    assert!(
        sentence.starts_with("The interim deal breaks down under a public stance of ")
            && sentence.contains("At the end of the week: capital"),
        "{sentence}"
    );
    assert_eq!(weeks[week]["talks"], "none");
    assert!(weeks[week]["deal_terms"].is_null());
    assert!(weeks[week - 1]["deal_terms"].is_object());
}
