//! Forecast tables, JSON and CSV, from one [`Comparison`].
//!
//! JSON shape (stable; notebooks rely on it):
//! `{"meta": {…}, "scenario": {"id", "name", "as_of", "horizon", "weeks"}, "runs", "seed",
//! "strategy", "outcomes": [{"id", "label", "probability", "ci95": [lo, hi],
//! "median_date" (the start of the week that holds the median date, or null),
//! "cumulative": [{"date", "p"}…]}…],
//! "comparison": [{"strategy", "outcomes": [{"id", "label", "probability", "ci95",
//! "difference", "difference_ci95", "median_date"}…], "any_talks": {"difference",
//! "difference_ci95"}}…]}` (comparison only with `--compare`). A difference is the
//! strategy's paired difference from the scenario's own strategy on common random
//! numbers, as a probability (0.05 = five percentage points).

use crate::meta::Meta;
use crate::{csv_text, json_text, percent};
use redline_core::{Date, Scenario};
use redline_crisis::ensemble::{Comparison, OutcomeForecast, PairedDifference, StrategyForecast};
use serde::Serialize;

/// The scenario as a forecast names it.
#[derive(Serialize)]
pub struct ScenarioHeader<'a> {
    id: &'a str,
    name: &'a str,
    as_of: String,
    /// The end of the forecast ([`Scenario::forecast_end`]).
    horizon: String,
    weeks: usize,
}

impl<'a> ScenarioHeader<'a> {
    /// The header of `scenario`.
    pub fn of(scenario: &'a Scenario) -> ScenarioHeader<'a> {
        ScenarioHeader {
            id: &scenario.id,
            name: &scenario.name,
            as_of: scenario.as_of.to_string(),
            horizon: scenario.forecast_end().to_string(),
            weeks: scenario.steps(),
        }
    }
}

#[derive(Serialize)]
struct Point {
    date: String,
    p: f64,
}

#[derive(Serialize)]
struct OutcomeRow {
    id: String,
    label: String,
    probability: f64,
    ci95: [f64; 2],
    median_date: Option<String>,
    cumulative: Vec<Point>,
}

impl OutcomeRow {
    fn of(o: &OutcomeForecast) -> OutcomeRow {
        OutcomeRow {
            id: o.outcome.id.clone(),
            label: o.outcome.label.clone(),
            probability: o.probability,
            ci95: [o.ci95.0, o.ci95.1],
            median_date: o.median_date.map(|d| d.to_string()),
            cumulative: o
                .cumulative
                .iter()
                .map(|(d, p)| Point {
                    date: d.to_string(),
                    p: *p,
                })
                .collect(),
        }
    }
}

#[derive(Serialize)]
struct ComparedOutcome {
    id: String,
    label: String,
    probability: f64,
    ci95: [f64; 2],
    difference: f64,
    difference_ci95: [f64; 2],
    median_date: Option<String>,
}

#[derive(Serialize)]
struct Difference {
    difference: f64,
    difference_ci95: [f64; 2],
}

impl Difference {
    fn of(d: &PairedDifference) -> Difference {
        Difference {
            difference: d.mean,
            difference_ci95: [d.ci95.0, d.ci95.1],
        }
    }
}

#[derive(Serialize)]
struct ComparedStrategy {
    strategy: &'static str,
    outcomes: Vec<ComparedOutcome>,
    any_talks: Difference,
}

/// Paired differences of a compared strategy, or zeros for the own one.
fn differences(s: &StrategyForecast) -> Vec<PairedDifference> {
    s.difference.clone().unwrap_or_else(|| {
        vec![
            PairedDifference {
                mean: 0.0,
                ci95: (0.0, 0.0)
            };
            s.forecast.outcomes.len() + 1
        ]
    })
}

impl ComparedStrategy {
    fn of(s: &StrategyForecast) -> ComparedStrategy {
        let d = differences(s);
        ComparedStrategy {
            strategy: s.strategy.name(),
            outcomes: s
                .forecast
                .outcomes
                .iter()
                .enumerate()
                .map(|(i, o)| {
                    let d = &d[i];
                    ComparedOutcome {
                        id: o.outcome.id.clone(),
                        label: o.outcome.label.clone(),
                        probability: o.probability,
                        ci95: [o.ci95.0, o.ci95.1],
                        difference: d.mean,
                        difference_ci95: [d.ci95.0, d.ci95.1],
                        median_date: o.median_date.map(|d| d.to_string()),
                    }
                })
                .collect(),
            any_talks: Difference::of(&d[s.forecast.outcomes.len()]),
        }
    }
}

#[derive(Serialize)]
struct ForecastDocument<'a> {
    meta: &'a Meta,
    scenario: ScenarioHeader<'a>,
    runs: u64,
    seed: u64,
    strategy: &'static str,
    outcomes: Vec<OutcomeRow>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    comparison: Vec<ComparedStrategy>,
}

/// The forecast as JSON (the module's shape), with its provenance.
pub fn to_json(scenario: &Scenario, meta: &Meta, comparison: &Comparison) -> String {
    let own = &comparison.own;
    json_text(&ForecastDocument {
        meta,
        scenario: ScenarioHeader::of(scenario),
        runs: own.forecast.runs,
        seed: own.forecast.seed,
        strategy: own.strategy.name(),
        outcomes: own.forecast.outcomes.iter().map(OutcomeRow::of).collect(),
        comparison: comparison
            .compared
            .iter()
            .map(ComparedStrategy::of)
            .collect(),
    })
}

#[derive(Serialize)]
struct CsvRow {
    strategy: &'static str,
    outcome: String,
    label: String,
    probability: f64,
    ci95_low: f64,
    ci95_high: f64,
    difference: f64,
    difference_ci95_low: f64,
    difference_ci95_high: f64,
    median_date: Option<String>,
}

/// The forecast as CSV: one row per strategy and outcome; the own strategy's
/// differences are zero.
pub fn to_csv(comparison: &Comparison) -> String {
    let rows = comparison.all().flat_map(|s| {
        let d = differences(s);
        s.forecast.outcomes.iter().enumerate().map(move |(i, o)| {
            let d = &d[i];
            CsvRow {
                strategy: s.strategy.name(),
                outcome: o.outcome.id.clone(),
                label: o.outcome.label.clone(),
                probability: o.probability,
                ci95_low: o.ci95.0,
                ci95_high: o.ci95.1,
                difference: d.mean,
                difference_ci95_low: d.ci95.0,
                difference_ci95_high: d.ci95.1,
                median_date: o.median_date.map(|d| d.to_string()),
            }
        })
    });
    csv_text(rows)
}

/// "week of 2025-07-18", or "—".
fn week_of(date: Option<Date>) -> String {
    date.map_or("—".to_string(), |d| format!("week of {d}"))
}

/// A probability difference in percentage points with its interval:
/// `+6.8 pp (+6.1 to +7.5)`.
pub fn points(d: &PairedDifference) -> String {
    let pp = |x: f64| {
        let x = 100.0 * x;
        // −0.0 and values that round to zero print as 0.0.
        if x.abs() < 0.05 {
            "0.0".to_string()
        } else {
            format!("{x:+.1}")
        }
    };
    format!("{} pp ({} to {})", pp(d.mean), pp(d.ci95.0), pp(d.ci95.1))
}

/// The table's first lines: what was run, with what overrides.
fn header(scenario: &Scenario, meta: &Meta, comparison: &Comparison) -> String {
    let own = &comparison.own;
    let mut out = format!(
        "{} — {} runs, seed {}, horizon {} ({} weeks), counterpart: {}\n",
        scenario.name,
        own.forecast.runs,
        own.forecast.seed,
        scenario.forecast_end(),
        scenario.steps(),
        own.strategy.name()
    );
    if let Some(overrides) = meta.overrides() {
        out.push_str(&format!("overrides: {overrides}\n"));
    }
    out.push('\n');
    out
}

/// The forecast as a terminal table. With compared strategies: the own
/// strategy's probabilities, then per strategy its probability and its
/// paired difference from the own one.
pub fn to_table(scenario: &Scenario, meta: &Meta, comparison: &Comparison) -> String {
    let mut out = header(scenario, meta, comparison);
    let own = &comparison.own;
    if comparison.compared.is_empty() {
        out.push_str(&format!(
            "{:<24} {:>11} {:>17} {:>21}\n",
            "outcome", "probability", "95% interval", "median date"
        ));
        for o in &own.forecast.outcomes {
            out.push_str(&format!(
                "{:<24} {:>11} {:>17} {:>21}\n",
                o.outcome.id.clone(),
                percent(o.probability),
                format!("{}–{}", percent(o.ci95.0), percent(o.ci95.1)),
                week_of(o.median_date)
            ));
        }
        return out;
    }
    out.push_str(&format!("{:<24} {:>20}", "outcome", own.strategy.name()));
    for s in &comparison.compared {
        out.push_str(&format!("  {:>34}", s.strategy.name()));
    }
    out.push('\n');
    for (i, o) in own.forecast.outcomes.iter().enumerate() {
        out.push_str(&format!(
            "{:<24} {:>20}",
            o.outcome.id.clone(),
            format!(
                "{} ({}–{})",
                percent(o.probability),
                percent(o.ci95.0),
                percent(o.ci95.1)
            )
        ));
        for s in &comparison.compared {
            let difference = s
                .difference
                .as_ref()
                .map_or(String::new(), |d| points(&d[i]));
            out.push_str(&format!(
                "  {:>34}",
                format!(
                    "{} {difference}",
                    percent(s.forecast.outcomes[i].probability)
                )
            ));
        }
        out.push('\n');
    }
    out.push_str(&format!(
        "\nEach compared strategy: its probability, then its paired difference from {} in \
         percentage points with a 95% interval (the same runs under each strategy).\n",
        own.strategy.name()
    ));
    out
}
