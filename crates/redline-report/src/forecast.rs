//! Forecast tables, JSON and CSV.
//!
//! JSON shape (stable; notebooks rely on it):
//! `{"scenario": {"name", "as_of", "horizon"}, "runs", "seed", "strategy",
//! "outcomes": [{"id", "label", "probability", "ci95": [lo, hi],
//! "median_date" (or null), "cumulative": [{"date", "p"}…]}…],
//! "comparison": [{"strategy", "outcomes": […]}…]}` (comparison only with `--compare`).

use crate::{csv_field, percent};
use redline_core::Scenario;
use redline_crisis::ensemble::{Forecast, OutcomeForecast};
use serde_json::{Value, json};

/// A forecast with the strategy it was run under.
pub struct Labelled<'a> {
    /// The counterpart's strategy name.
    pub strategy: &'a str,
    /// The forecast.
    pub forecast: &'a Forecast,
}

fn outcome_json(o: &OutcomeForecast) -> Value {
    json!({
        "id": o.outcome.id(),
        "label": o.outcome.label(),
        "probability": o.probability,
        "ci95": [o.ci95.0, o.ci95.1],
        "median_date": o.median_date.map(|d| d.to_string()),
        "cumulative": o.cumulative.iter().map(|(d, p)| json!({"date": d.to_string(), "p": p})).collect::<Vec<_>>(),
    })
}

/// The forecast as JSON; `comparison` holds the `--compare` strategies.
pub fn to_json(scenario: &Scenario, main: &Labelled<'_>, comparison: &[Labelled<'_>]) -> Value {
    let mut value = json!({
        "scenario": {"id": scenario.id, "name": scenario.name, "as_of": scenario.as_of.to_string(), "horizon": scenario.horizon.to_string()},
        "runs": main.forecast.runs,
        "seed": main.forecast.seed,
        "strategy": main.strategy,
        "outcomes": main.forecast.outcomes.iter().map(outcome_json).collect::<Vec<_>>(),
    });
    if !comparison.is_empty() {
        value["comparison"] = comparison
            .iter()
            .map(|c| json!({"strategy": c.strategy, "outcomes": c.forecast.outcomes.iter().map(outcome_json).collect::<Vec<_>>()}))
            .collect();
    }
    value
}

/// The forecast as CSV: one row per strategy and outcome.
pub fn to_csv(main: &Labelled<'_>, comparison: &[Labelled<'_>]) -> String {
    let mut out =
        String::from("strategy,outcome,label,probability,ci95_low,ci95_high,median_date\n");
    for labelled in std::iter::once(main).chain(comparison) {
        for o in &labelled.forecast.outcomes {
            out.push_str(&format!(
                "{},{},{},{:.6},{:.6},{:.6},{}\n",
                csv_field(labelled.strategy),
                o.outcome.id(),
                csv_field(o.outcome.label()),
                o.probability,
                o.ci95.0,
                o.ci95.1,
                o.median_date.map(|d| d.to_string()).unwrap_or_default()
            ));
        }
    }
    out
}

/// The forecast as a terminal table; with comparisons, one probability column per strategy.
pub fn to_table(scenario: &Scenario, main: &Labelled<'_>, comparison: &[Labelled<'_>]) -> String {
    let mut out = format!(
        "{} — {} runs, seed {}, horizon {} ({} weeks), counterpart: {}\n\n",
        scenario.name,
        main.forecast.runs,
        main.forecast.seed,
        scenario.horizon,
        scenario.steps(),
        main.strategy
    );
    if comparison.is_empty() {
        out.push_str(&format!(
            "{:<24} {:>11} {:>17} {:>12}\n",
            "outcome", "probability", "95% interval", "median date"
        ));
        for o in &main.forecast.outcomes {
            out.push_str(&format!(
                "{:<24} {:>11} {:>17} {:>12}\n",
                o.outcome.id(),
                percent(o.probability),
                format!("{}–{}", percent(o.ci95.0), percent(o.ci95.1)),
                o.median_date.map_or("—".to_string(), |d| d.to_string())
            ));
        }
        return out;
    }
    let all: Vec<&Labelled<'_>> = std::iter::once(main).chain(comparison).collect();
    out.push_str(&format!("{:<24}", "outcome"));
    for l in &all {
        out.push_str(&format!(" {:>22}", l.strategy));
    }
    out.push('\n');
    for (i, o) in main.forecast.outcomes.iter().enumerate() {
        out.push_str(&format!("{:<24}", o.outcome.id()));
        for l in &all {
            let x = &l.forecast.outcomes[i];
            out.push_str(&format!(
                " {:>22}",
                format!(
                    "{} ({}–{})",
                    percent(x.probability),
                    percent(x.ci95.0),
                    percent(x.ci95.1)
                )
            ));
        }
        out.push('\n');
    }
    out
}
