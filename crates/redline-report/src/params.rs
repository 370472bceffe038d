//! A scenario's parameters, as `redline scenario params` lists them.

use crate::csv_field;
use redline_core::Scenario;
use redline_core::scenario::{ParamValue, Parameter};
use serde_json::{Value, json};

fn range_text(p: &Parameter) -> String {
    p.range
        .map_or(String::new(), |(a, b)| format!("[{a}, {b}]"))
}

fn default_text(p: &Parameter) -> String {
    p.default
        .as_ref()
        .map_or(String::new(), ParamValue::to_string)
}

/// The parameters as a table: key, value, unit, range, default, source.
pub fn to_table(scenario: &Scenario) -> String {
    let mut out = format!(
        "{} ({}): {} parameters\n\n",
        scenario.name,
        scenario.file_name(),
        scenario.parameters.len()
    );
    let width = scenario
        .parameters
        .iter()
        .map(|p| p.key.len())
        .max()
        .unwrap_or(10);
    out.push_str(&format!(
        "{:<width$}  {:<28} {:<28} {:<14} {:<12} source\n",
        "key", "value", "unit", "range", "default"
    ));
    for p in &scenario.parameters {
        let value = format!("{}{}", p.value, if p.overridden { " *" } else { "" });
        out.push_str(&format!(
            "{:<width$}  {:<28} {:<28} {:<14} {:<12} {}\n",
            p.key,
            value,
            p.unit.as_deref().unwrap_or(""),
            range_text(p),
            default_text(p),
            p.source.as_deref().unwrap_or("")
        ));
    }
    if scenario.parameters.iter().any(|p| p.overridden) {
        out.push_str("\n* set by --set or --with\n");
    }
    out
}

/// The parameters as JSON: `[{"key", "value", "unit", "range", "default", "source", "overridden"}…]`.
pub fn to_json(scenario: &Scenario) -> Value {
    scenario
        .parameters
        .iter()
        .map(|p| {
            json!({
                "key": p.key,
                "value": p.value.to_string(),
                "unit": p.unit,
                "range": p.range.map(|(a, b)| vec![a, b]),
                "default": p.default.as_ref().map(ParamValue::to_string),
                "source": p.source,
                "overridden": p.overridden,
            })
        })
        .collect()
}

/// The parameters as CSV.
pub fn to_csv(scenario: &Scenario) -> String {
    let mut out = String::from("key,value,unit,range,default,source\n");
    for p in &scenario.parameters {
        out.push_str(&format!(
            "{},{},{},{},{},{}\n",
            csv_field(&p.key),
            csv_field(&p.value.to_string()),
            csv_field(p.unit.as_deref().unwrap_or("")),
            csv_field(&range_text(p)),
            csv_field(&default_text(p)),
            csv_field(p.source.as_deref().unwrap_or(""))
        ));
    }
    out
}
