//! A scenario's parameters, as `redline scenario params` lists them.

use crate::meta::Meta;
use crate::{csv_text, json_text};
use redline_core::Scenario;
use redline_core::scenario::{ParamValue, Parameter};

fn range_text(p: &Parameter) -> String {
    p.range
        .map_or(String::new(), |(a, b)| format!("[{a}, {b}]"))
}

fn default_text(p: &Parameter) -> String {
    p.default
        .as_ref()
        .map_or(String::new(), ParamValue::to_string)
}

/// The source column: the source, then why the parameter is inert, if it is.
fn source_text(p: &Parameter) -> String {
    let source = p.source.as_deref().unwrap_or("");
    match &p.inert {
        Some(why) => format!("{source} [inert here: {why}]"),
        None => source.to_string(),
    }
}

/// The parameters as a table: key, value, unit, range, default, source (and
/// `[inert here: why]` after the source of a parameter marked inert).
pub fn to_table(scenario: &Scenario) -> String {
    let mut out = format!(
        "{} ({}): {} parameters\n\n",
        scenario.name,
        scenario.file_name(),
        scenario.parameters.len()
    );
    let width = crate::name_width(scenario.parameters.iter().map(|p| p.key.as_str()), 10);
    out.push_str(&format!(
        "{:<width$}  {:<28} {:<28} {:<14} {:<12} source\n",
        "key", "value", "unit", "range", "default"
    ));
    for p in &scenario.parameters {
        let value = format!("{}{}", p.value, if p.overridden { " *" } else { "" });
        out.push_str(&format!(
            "{:<width$}  {:<28} {:<28} {:<14} {:<12} {}\n",
            crate::short(&p.key),
            value,
            p.unit.as_deref().unwrap_or(""),
            range_text(p),
            default_text(p),
            source_text(p)
        ));
    }
    if scenario.parameters.iter().any(|p| p.overridden) {
        out.push_str("\n* set by --set or --with\n");
    }
    let inert = scenario
        .parameters
        .iter()
        .filter(|p| p.inert.is_some())
        .count();
    if inert > 0 {
        out.push_str(&format!(
            "\n{inert} of {} parameters are marked inert: they move no outcome of this scenario \
             (why, after the source).\n",
            scenario.parameters.len()
        ));
    }
    out
}

#[derive(serde::Serialize)]
struct ParameterRow<'a> {
    key: &'a str,
    value: String,
    unit: Option<&'a str>,
    range: Option<[f64; 2]>,
    default: Option<String>,
    source: Option<&'a str>,
    inert: Option<&'a str>,
    overridden: bool,
}

fn rows(scenario: &Scenario) -> impl Iterator<Item = ParameterRow<'_>> {
    scenario.parameters.iter().map(|p| ParameterRow {
        key: &p.key,
        value: p.value.to_string(),
        unit: p.unit.as_deref(),
        range: p.range.map(|(a, b)| [a, b]),
        default: p.default.as_ref().map(ParamValue::to_string),
        source: p.source.as_deref(),
        inert: p.inert.as_deref(),
        overridden: p.overridden,
    })
}

#[derive(serde::Serialize)]
struct ParametersDocument<'a> {
    meta: &'a Meta,
    parameters: Vec<ParameterRow<'a>>,
}

/// The parameters as JSON: `{"meta": …, "parameters": [{"key", "value",
/// "unit", "range", "default", "source", "inert", "overridden"}…]}`; `inert` is
/// null, or why the parameter moves no outcome of this scenario.
pub fn to_json(scenario: &Scenario, meta: &Meta) -> String {
    json_text(&ParametersDocument {
        meta,
        parameters: rows(scenario).collect(),
    })
}

#[derive(serde::Serialize)]
struct CsvRow<'a> {
    key: &'a str,
    value: String,
    unit: &'a str,
    range: String,
    default: String,
    source: &'a str,
    inert: &'a str,
    overridden: bool,
}

/// The parameters as CSV (`inert` empty unless the parameter is marked inert).
pub fn to_csv(scenario: &Scenario) -> String {
    csv_text(scenario.parameters.iter().map(|p| CsvRow {
        key: &p.key,
        value: p.value.to_string(),
        unit: p.unit.as_deref().unwrap_or(""),
        range: range_text(p),
        default: default_text(p),
        source: p.source.as_deref().unwrap_or(""),
        inert: p.inert.as_deref().unwrap_or(""),
        overridden: p.overridden,
    }))
}
