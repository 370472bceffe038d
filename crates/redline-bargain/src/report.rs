//! Writing a [`BargainRun`] as JSON, CSV or a terminal table.
//!
//! JSON: `{"model", "dimensions", "actors", "iterations": [{"positions":
//! {"ACTOR": [x…]}}…], "outcome": [x…]}`, actors in input order, positions
//! on the input's scale.

use crate::scenario::BargainRun;

fn json_string(s: &str) -> String {
    serde_json::Value::String(s.to_string()).to_string()
}

fn json_number(x: f64) -> String {
    if x.is_finite() {
        format!("{x:?}") // always with a decimal point: 4.0, not 4
    } else {
        "null".to_string()
    }
}

fn json_list(xs: &[f64]) -> String {
    let items: Vec<String> = xs.iter().map(|x| json_number(*x)).collect();
    format!("[{}]", items.join(", "))
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

impl BargainRun {
    /// The run as JSON (see the module docs), ending with a newline.
    pub fn to_json(&self) -> String {
        let dims: Vec<String> = self.dimensions.iter().map(|d| json_string(d)).collect();
        let actors: Vec<String> = self.actors.iter().map(|a| json_string(a)).collect();
        let iterations: Vec<String> = self
            .iterations
            .iter()
            .map(|state| {
                let positions: Vec<String> = self
                    .actors
                    .iter()
                    .zip(state)
                    .map(|(a, p)| format!("      {}: {}", json_string(a), json_list(p)))
                    .collect();
                format!(
                    "    {{\"positions\": {{\n{}\n    }}}}",
                    positions.join(",\n")
                )
            })
            .collect();
        format!(
            "{{\n  \"model\": {},\n  \"dimensions\": [{}],\n  \"actors\": [{}],\n  \"iterations\": [\n{}\n  ],\n  \"outcome\": {}\n}}\n",
            json_string(&self.model),
            dims.join(", "),
            actors.join(", "),
            iterations.join(",\n"),
            json_list(&self.outcome)
        )
    }

    /// The run as CSV: `iteration,actor,<dimension>…`, one row per actor and
    /// state, then a row `outcome,,<x>…`.
    pub fn to_csv(&self) -> String {
        let mut out = String::from("iteration,actor");
        for d in &self.dimensions {
            out.push(',');
            out.push_str(&csv_field(d));
        }
        out.push('\n');
        for (t, state) in self.iterations.iter().enumerate() {
            for (a, p) in self.actors.iter().zip(state) {
                out.push_str(&format!("{t},{}", csv_field(a)));
                for x in p {
                    out.push_str(&format!(",{x}"));
                }
                out.push('\n');
            }
        }
        out.push_str("outcome,");
        for x in &self.outcome {
            out.push_str(&format!(",{x}"));
        }
        out.push('\n');
        out
    }

    /// A table for the terminal: the first and last positions of every actor
    /// and the outcome, per dimension.
    pub fn to_table(&self) -> String {
        let width = self
            .actors
            .iter()
            .map(|a| a.chars().count())
            .max()
            .unwrap_or(5)
            .max(7);
        let mut out = format!(
            "model {}: {} state(s) recorded\n\n",
            self.model,
            self.iterations.len()
        );
        let first = self.iterations.first();
        let last = self.iterations.last();
        for (d, name) in self.dimensions.iter().enumerate() {
            out.push_str(&format!(
                "{name}\n  {:<width$}  {:>9}  {:>9}\n",
                "actor", "start", "end"
            ));
            for (i, a) in self.actors.iter().enumerate() {
                let start = first.map_or(f64::NAN, |s| s[i][d]);
                let end = last.map_or(f64::NAN, |s| s[i][d]);
                out.push_str(&format!("  {a:<width$}  {start:>9.2}  {end:>9.2}\n"));
            }
            out.push_str(&format!(
                "  {:<width$}  {:>9}  {:>9.2}\n\n",
                "outcome", "", self.outcome[d]
            ));
        }
        out
    }
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
            outcome: vec![2.25],
        }
    }

    #[test]
    fn json_keeps_actor_order_and_parses() {
        let text = run().to_json();
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["model"], "mean");
        assert_eq!(v["outcome"][0], 2.25);
        assert_eq!(v["iterations"][0]["positions"]["A\"x"][0], 3.5);
        assert!(text.find("\"B\"").unwrap() < text.find("A\\\"x").unwrap());
    }

    #[test]
    fn csv_quotes_and_ends_with_the_outcome() {
        let text = run().to_csv();
        assert_eq!(
            text,
            "iteration,actor,\"enrichment, %\"\n0,B,1\n0,\"A\"\"x\",3.5\noutcome,,2.25\n"
        );
    }
}
