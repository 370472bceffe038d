//! A spatial-bargaining run ([`BargainRun`]) as JSON, CSV or a terminal table.
//!
//! JSON: `{"meta", "model", "dimensions", "actors", "iterations": [{"positions":
//! {"ACTOR": [x…]}}…], "outcome": [x…]}`, actors in input order, positions
//! on the input's scale (non-finite numbers as null). `meta` names the input
//! file and, for seeded SMP runs, the seed. Numbers are [tidy](decimal::tidy): `55`, not
//! `55.00000000000001` (the models rescale positions to 0–1 and back).

use crate::decimal::{self, tidy_all};
use crate::meta::Meta;
use crate::{csv_records, json_text};
use redline_bargain::BargainRun;
use serde::Serialize;
use serde_json::{Map, Value};

#[derive(Serialize)]
struct State {
    positions: Map<String, Value>,
}

#[derive(Serialize)]
struct RunDocument<'a> {
    meta: &'a Meta,
    model: &'a str,
    dimensions: &'a [String],
    actors: &'a [String],
    iterations: Vec<State>,
    outcome: Vec<f64>,
}

/// The run as JSON (see the module docs).
pub fn to_json(meta: &Meta, run: &BargainRun) -> String {
    json_text(&RunDocument {
        meta,
        model: &run.model,
        dimensions: &run.dimensions,
        actors: &run.actors,
        iterations: run
            .iterations
            .iter()
            .map(|state| State {
                positions: run
                    .actors
                    .iter()
                    .zip(state)
                    .map(|(a, p)| (a.clone(), Value::from(tidy_all(p))))
                    .collect(),
            })
            .collect(),
        outcome: tidy_all(&run.outcome),
    })
}

/// The run as CSV: `iteration,actor,<dimension>…`, one row per actor and
/// state, then a row `outcome,,<x>…`.
pub fn to_csv(run: &BargainRun) -> String {
    let header: Vec<String> = ["iteration", "actor"]
        .into_iter()
        .map(str::to_string)
        .chain(run.dimensions.iter().cloned())
        .collect();
    let rows = run.iterations.iter().enumerate().flat_map(|(t, state)| {
        run.actors.iter().zip(state).map(move |(a, p)| {
            [t.to_string(), a.clone()]
                .into_iter()
                .chain(p.iter().map(|&x| decimal::text(x)))
                .collect::<Vec<_>>()
        })
    });
    let outcome = ["outcome".to_string(), String::new()]
        .into_iter()
        .chain(run.outcome.iter().map(|&x| decimal::text(x)))
        .collect::<Vec<_>>();
    csv_records(
        std::iter::once(header)
            .chain(rows)
            .chain(std::iter::once(outcome)),
    )
}

/// A table for the terminal: the first and last positions of every actor
/// and the outcome, per dimension.
pub fn to_table(run: &BargainRun) -> String {
    let width = crate::name_width(run.actors.iter().map(String::as_str), 7);
    let mut out = format!(
        "model {}: {} state(s) recorded\n\n",
        run.model,
        run.iterations.len()
    );
    let first = run.iterations.first();
    let last = run.iterations.last();
    for (d, name) in run.dimensions.iter().enumerate() {
        out.push_str(&format!(
            "{name}\n  {:<width$}  {:>9}  {:>9}\n",
            "actor", "start", "end"
        ));
        for (i, a) in run.actors.iter().enumerate() {
            let start = first.map_or(f64::NAN, |s| s[i][d]);
            let end = last.map_or(f64::NAN, |s| s[i][d]);
            out.push_str(&format!(
                "  {:<width$}  {start:>9.2}  {end:>9.2}\n",
                crate::short(a)
            ));
        }
        out.push_str(&format!(
            "  {:<width$}  {:>9}  {:>9.2}\n\n",
            "outcome", "", run.outcome[d]
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run() -> BargainRun {
        BargainRun {
            model: "mean".into(),
            dimensions: vec!["enrichment, %".into()],
            actors: vec!["B".into(), "A\"x".into()],
            iterations: vec![vec![vec![1.0], vec![3.5]]],
            // 0.55 rescaled to 0–100 is 55.00000000000001 in floating point.
            outcome: vec![0.55 * 100.0],
        }
    }

    #[test]
    fn json_keeps_actor_order_and_parses() {
        let meta = Meta::new("bargain").inputs(&["talks.csv".to_string()]);
        let text = to_json(&meta, &run());
        assert!(text.starts_with("{\n  \"meta\": {\n"), "{text}");
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["meta"]["command"], "bargain");
        assert_eq!(v["meta"]["inputs"][0], "talks.csv");
        assert_eq!(v["model"], "mean");
        assert_eq!(v["outcome"][0], 55.0);
        assert_eq!(v["iterations"][0]["positions"]["A\"x"][0], 3.5);
        assert!(text.find("\"B\"").unwrap() < text.find("A\\\"x").unwrap());
    }

    #[test]
    fn csv_quotes_and_ends_with_the_outcome() {
        assert_eq!(
            to_csv(&run()),
            "iteration,actor,\"enrichment, %\"\n0,B,1\n0,\"A\"\"x\",3.5\noutcome,,55\n"
        );
    }
}
