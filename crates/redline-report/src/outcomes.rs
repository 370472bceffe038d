//! `redline outcomes`: the tracked outcomes and what counts as each happening.

use crate::json_text;
use crate::meta::Meta;
use redline_core::Outcome;
use serde::Serialize;

#[derive(Serialize)]
struct Row<'a> {
    id: &'a str,
    label: &'a str,
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    actor: Option<&'a str>,
    definition: &'a str,
}

#[derive(Serialize)]
struct Document<'a> {
    meta: &'a Meta,
    outcomes: Vec<Row<'a>>,
}

/// A scenario's outcomes as JSON: `{"meta", "outcomes": [{"id", "label",
/// "kind", "actor" (strikes only), "definition"}…]}`.
pub fn to_json<'a>(meta: &Meta, outcomes: impl Iterator<Item = &'a Outcome>) -> String {
    json_text(&Document {
        meta,
        outcomes: outcomes
            .map(|o| Row {
                id: o.id(),
                label: o.label(),
                kind: o.kind.name(),
                actor: o.actor.as_deref(),
                definition: o.definition(),
            })
            .collect(),
    })
}

/// A scenario's outcomes as a table: id and definition.
pub fn to_table<'a>(outcomes: impl Iterator<Item = &'a Outcome>) -> String {
    outcomes
        .map(|o| format!("{:<24} {}\n", crate::short(o.id()), o.definition()))
        .collect()
}
