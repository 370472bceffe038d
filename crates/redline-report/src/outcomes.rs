//! `redline outcomes`: the tracked outcomes and what counts as each happening.

use crate::json_text;
use crate::meta::Meta;
use redline_core::Outcome;
use serde::Serialize;

#[derive(Serialize)]
struct Row {
    id: &'static str,
    label: &'static str,
    definition: &'static str,
}

#[derive(Serialize)]
struct Document<'a> {
    meta: &'a Meta,
    outcomes: Vec<Row>,
}

/// The outcomes as JSON: `{"meta", "outcomes": [{"id", "label", "definition"}…]}`.
pub fn to_json(meta: &Meta) -> String {
    json_text(&Document {
        meta,
        outcomes: Outcome::ALL
            .iter()
            .map(|o| Row {
                id: o.id(),
                label: o.label(),
                definition: o.definition(),
            })
            .collect(),
    })
}

/// The outcomes as a table: id and definition.
pub fn to_table() -> String {
    Outcome::ALL
        .iter()
        .map(|o| format!("{:<24} {}\n", o.id(), o.definition()))
        .collect()
}
