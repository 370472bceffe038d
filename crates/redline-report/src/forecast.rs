//! Forecast tables, JSON and CSV, from one [`Comparison`].
//!
//! JSON shape (stable; notebooks rely on it):
//! `{"meta": {…}, "scenario": {"id", "name", "as_of", "horizon", "weeks"}, "runs", "seed",
//! "runs_per_draw", "draws", "strategy", "outcomes": [{"id", "label", "probability",
//! "ci95": [lo, hi], "parameter_interval": {"level", "low", "high", "sd"} (or null),
//! "design_effect", "median_date" (the start of the week that holds the median date, or null),
//! "cumulative": [{"date", "p"}…]}…],
//! "comparison": [{"strategy", "outcomes": [{"id", "label", "probability", "ci95",
//! "parameter_interval", "difference", "difference_ci95", "median_date"}…], "any_talks":
//! {"difference", "difference_ci95"}}…]}` (comparison only with `--compare`). `ci95` is
//! the Monte Carlo interval of the probability (Wilson's with the effective number of runs,
//! N / `design_effect`); `parameter_interval` is how much the probability depends on the
//! uncertain parameters: the `level` (0.9) central interval of P(outcome | θ) over the
//! parameters' distributions, and `sd` its standard deviation (docs/MODEL.md, "Parameter
//! uncertainty"); null with one run per draw. A difference is the strategy's paired
//! difference from the scenario's own strategy on common random numbers, as a probability
//! (0.05 = five percentage points).

use crate::meta::Meta;
use crate::{csv_text, json_text, percent};
use redline_core::{Date, Scenario};
use redline_crisis::ensemble::{
    Comparison, Forecast, OutcomeForecast, PARAMETER_LEVEL, PairedDifference, ParameterSpread,
    StrategyForecast,
};
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

/// How much a probability depends on the uncertain parameters.
#[derive(Serialize)]
struct ParameterInterval {
    /// The interval's level (0.9: the 5th to the 95th percentile).
    level: f64,
    low: f64,
    high: f64,
    /// Standard deviation of P(outcome | θ) between parameter draws.
    sd: f64,
}

impl ParameterInterval {
    fn of(spread: Option<&ParameterSpread>) -> Option<ParameterInterval> {
        spread.map(|p| ParameterInterval {
            level: PARAMETER_LEVEL,
            low: p.interval.0,
            high: p.interval.1,
            sd: p.sd,
        })
    }
}

#[derive(Serialize)]
struct OutcomeRow {
    id: String,
    label: String,
    probability: f64,
    ci95: [f64; 2],
    parameter_interval: Option<ParameterInterval>,
    design_effect: f64,
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
            parameter_interval: ParameterInterval::of(o.parameter.as_ref()),
            design_effect: o.design_effect,
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
    parameter_interval: Option<ParameterInterval>,
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
    strategy: String,
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
            strategy: s.strategy.name().to_string(),
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
                        parameter_interval: ParameterInterval::of(o.parameter.as_ref()),
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
    runs_per_draw: u64,
    draws: u64,
    strategy: String,
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
        runs_per_draw: own.forecast.runs_per_draw,
        draws: own.forecast.draws,
        strategy: own.strategy.name().to_string(),
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
    strategy: String,
    outcome: String,
    label: String,
    probability: f64,
    ci95_low: f64,
    ci95_high: f64,
    parameter_level: Option<f64>,
    parameter_low: Option<f64>,
    parameter_high: Option<f64>,
    difference: f64,
    difference_ci95_low: f64,
    difference_ci95_high: f64,
    median_date: Option<String>,
}

/// The forecast as CSV: one row per strategy and outcome; the own strategy's
/// differences are zero; the parameter interval's columns are empty with one
/// run per draw.
pub fn to_csv(comparison: &Comparison) -> String {
    let rows = comparison.all().flat_map(|s| {
        let d = differences(s);
        s.forecast.outcomes.iter().enumerate().map(move |(i, o)| {
            let d = &d[i];
            CsvRow {
                strategy: s.strategy.name().to_string(),
                outcome: o.outcome.id.clone(),
                label: o.outcome.label.clone(),
                probability: o.probability,
                ci95_low: o.ci95.0,
                ci95_high: o.ci95.1,
                parameter_level: o.parameter.map(|_| PARAMETER_LEVEL),
                parameter_low: o.parameter.map(|p| p.interval.0),
                parameter_high: o.parameter.map(|p| p.interval.1),
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
    out.push_str(&meta.header_lines());
    out.push('\n');
    out
}

/// `5.3%–6.2%`.
fn span(interval: (f64, f64)) -> String {
    format!("{}–{}", percent(interval.0), percent(interval.1))
}

/// A percentile of P(outcome | θ) as a percentage: as [`percent`], but a
/// value below 0.001 % (a beta's lower tail near 0) prints as `0.0%`.
pub fn percentile(p: f64) -> String {
    if p < 1e-5 { percent(0.0) } else { percent(p) }
}

/// A parameter interval, `0.0%–2.6%`.
pub fn parameter_span(interval: (f64, f64)) -> String {
    format!("{}–{}", percentile(interval.0), percentile(interval.1))
}

/// The line under a table that says how the runs were grouped.
fn draws_note(forecast: &Forecast) -> String {
    let runs = if forecast.runs_per_draw == 1 {
        "run"
    } else {
        "runs"
    };
    if forecast.draws < 2 || forecast.runs_per_draw < 2 {
        return format!(
            "\n{} parameter draws of {} {runs} each: no parameter interval (it needs two draws\n\
             or more, of two runs or more).\n",
            forecast.draws, forecast.runs_per_draw
        );
    }
    format!(
        "\n{} parameter draws of {} {runs} each. Monte Carlo 95%: the sampling error of the share \
         of runs;\nparameter 90%: the 5th to 95th percentile of the probability over the \
         parameters' distributions.\n",
        forecast.draws, forecast.runs_per_draw
    )
}

/// The forecast as a terminal table: per outcome its probability, the Monte
/// Carlo interval, the parameter interval and the median date. With compared
/// strategies: the own strategy's probabilities, then per strategy its
/// probability and its paired difference from the own one.
pub fn to_table(scenario: &Scenario, meta: &Meta, comparison: &Comparison) -> String {
    let mut out = header(scenario, meta, comparison);
    let own = &comparison.own;
    if comparison.compared.is_empty() {
        out.push_str(&format!(
            "{:<24} {:>11} {:>17} {:>17} {:>21}\n",
            "outcome", "probability", "Monte Carlo 95%", "parameter 90%", "median date"
        ));
        for o in &own.forecast.outcomes {
            out.push_str(&format!(
                "{:<24} {:>11} {:>17} {:>17} {:>21}\n",
                o.outcome.id.clone(),
                percent(o.probability),
                span(o.ci95),
                o.parameter
                    .map_or("—".to_string(), |p| parameter_span(p.interval)),
                week_of(o.median_date)
            ));
        }
        out.push_str(&draws_note(&own.forecast));
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
