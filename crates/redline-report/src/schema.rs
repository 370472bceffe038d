//! `redline scenario schema`: a JSON Schema (draft 2020-12) of the scenario
//! file format, for editors that complete and check TOML against a schema
//! (Taplo, the Even Better TOML extension).
//!
//! The fixed parts (`[scenario]`, `[actors.<id>]`, `[[calendar]]`,
//! `[outcomes.<id>]`, `[playbooks.<id>]`) are written here from the format's vocabulary; the
//! parameters are those a model reads, passed in with their unit, range and
//! source, so the schema cannot drift from the model. A parameter accepts
//! either a bare value or the table form (`value` or `dist`, with `unit`,
//! `range`, `default`, `source`).

use crate::json_text;
use redline_core::outcome::Kind;
use redline_core::scenario::{ParamValue, Parameter, Role};
use redline_crisis::state::Talks;
use redline_crisis::strategy::{Cause, Play};
use serde_json::{Map, Value, json};

/// Keywords every object of the format closes with: nothing but the keys listed.
fn closed(properties: Map<String, Value>, required: &[&str]) -> Value {
    json!({
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": false,
    })
}

fn described(kind: &str, description: &str) -> Value {
    json!({ "type": kind, "description": description })
}

/// The schema of one parameter: a bare value of its type, or the table form.
fn parameter(p: &Parameter) -> Value {
    let bare = match &p.value {
        ParamValue::Number(_) => {
            let mut number = json!({ "type": "number" });
            if let Some((low, high)) = p.range {
                number["minimum"] = json!(low);
                number["maximum"] = json!(high);
            }
            number
        }
        ParamValue::Text(_) => json!({ "type": "string" }),
        ParamValue::Bool(_) => json!({ "type": "boolean" }),
        ParamValue::Date(_) => json!({ "type": "string", "format": "date" }),
    };
    let mut description = String::new();
    if let Some(unit) = &p.unit {
        description.push_str(&format!("Unit: {unit}. "));
    }
    if let Some((low, high)) = p.range {
        description.push_str(&format!("Range: [{low}, {high}]. "));
    }
    if let Some(source) = &p.source {
        description.push_str(&format!("Shipped value's source: {source}"));
    }
    json!({
        "description": description.trim_end(),
        "anyOf": [bare, { "$ref": "#/$defs/parameter" }],
    })
}

/// Inserts `schema` at the dotted `key` into nested object schemas.
fn insert(root: &mut Map<String, Value>, key: &str, schema: Value) {
    let mut parts = key.split('.').peekable();
    let mut table = root;
    while let Some(part) = parts.next() {
        if parts.peek().is_none() {
            table.insert(part.to_string(), schema);
            return;
        }
        let entry = table.entry(part.to_string()).or_insert_with(
            || json!({ "type": "object", "properties": {}, "additionalProperties": false }),
        );
        let Some(properties) = entry.get_mut("properties").and_then(Value::as_object_mut) else {
            return;
        };
        table = properties;
    }
}

/// The schema as JSON text. `parameters` are the parameters a model reads
/// (those of a loaded scenario: its keys are exactly the model's).
pub fn to_json(parameters: &[Parameter]) -> String {
    let mut root = Map::new();
    let mut scenario = Map::new();
    for (key, kind, description) in [
        ("id", "string", "short id, used in outputs and records"),
        ("name", "string", "display name"),
        (
            "as_of",
            "string",
            "the date whose knowledge the file holds, and nothing after it",
        ),
        ("horizon", "string", "last day forecast"),
        ("step", "string", "`week`"),
        ("description", "string", "a paragraph for people"),
        (
            "extends",
            "string",
            "a file of parameters laid under this one (`shared/parameters.toml`)",
        ),
    ] {
        scenario.insert(key.to_string(), described(kind, description));
    }
    root.insert(
        "scenario".into(),
        closed(scenario, &["id", "name", "as_of", "horizon", "step"]),
    );

    // Actors: fixed fields, each striker's decision and the coercer's answer
    // to an ally's strike as tables of parameters.
    let table = |section: &str| -> Map<String, Value> {
        parameters
            .iter()
            .filter_map(|p| {
                let rest = p.key.strip_prefix("actors.")?;
                let (_, field) = rest.split_once(section)?;
                Some((field.to_string(), parameter(p)))
            })
            .collect()
    };
    let strike = table(".strike.");
    let response = table(".response.");
    let mut actor = Map::new();
    actor.insert(
        "role".into(),
        json!({ "enum": Role::ALL.iter().map(|r| r.name()).collect::<Vec<_>>(),
                "description": "the part the actor plays" }),
    );
    for (key, description) in [
        ("name", "who plays it"),
        ("description", "a line on its part in the crisis"),
        (
            "leader",
            "target only: who holds the public stance and private permission",
        ),
        (
            "negotiator",
            "target only: the government that negotiates and carries blame",
        ),
        ("hardliners", "target only: who opposes a deal"),
        ("treaty", "target only: the treaty it could leave"),
    ] {
        actor.insert(key.into(), described("string", description));
    }
    actor.insert(
        "strike".into(),
        json!({
            "description": "coercer and allies: the actor's decision to strike the target (M7)",
            "type": "object",
            "properties": strike,
            "additionalProperties": false,
        }),
    );
    actor.insert(
        "response".into(),
        json!({
            "description": "coercer only, with an ally: its answer to the ally's strike — join, defend or stand aside (M7)",
            "type": "object",
            "properties": response,
            "additionalProperties": false,
        }),
    );
    root.insert(
        "actors".into(),
        json!({ "type": "object", "additionalProperties": closed(actor, &["role", "name"]) }),
    );

    let mut calendar = Map::new();
    calendar.insert("date".into(), json!({ "type": "string", "format": "date" }));
    calendar.insert(
        "event".into(),
        json!({ "enum": ["stance_reject", "stance_ambiguous", "stance_endorse", "board_meeting", "iaea_board"] }),
    );
    calendar.insert("note".into(), described("string", "a line for people"));
    calendar.insert(
        "source".into(),
        described("string", "where the date comes from"),
    );
    root.insert(
        "calendar".into(),
        json!({ "type": "array", "items": closed(calendar, &["date", "event", "source"]) }),
    );

    let mut outcome = Map::new();
    outcome.insert(
        "kind".into(),
        json!({ "enum": Kind::names().collect::<Vec<_>>() }),
    );
    outcome.insert(
        "actor".into(),
        described("string", "for a strike: the striking actor's id"),
    );
    outcome.insert(
        "label".into(),
        described("string", "a short label for tables and charts"),
    );
    outcome.insert(
        "definition".into(),
        described("string", "what counts as it happening"),
    );
    root.insert(
        "outcomes".into(),
        json!({ "type": "object", "additionalProperties": closed(outcome, &["kind"]) }),
    );

    // The coercer's own strategies: states with a play, an optional offer
    // and transitions `on_<event>` (redline_crisis::strategy).
    let mut state = Map::new();
    state.insert(
        "play".into(),
        json!({ "enum": Play::ALL.iter().map(|p| p.name()).collect::<Vec<_>>() }),
    );
    state.insert(
        "deadline_weeks".into(),
        json!({ "type": "number", "minimum": 1, "maximum": 520, "description": "the offer's deadline, weeks from entering the state" }),
    );
    state.insert(
        "until".into(),
        json!({ "enum": Talks::ALL[1..].iter().map(|t| t.key()).collect::<Vec<_>>(), "description": "the rung of talks the offer asks for (default indirect)" }),
    );
    for cause in Cause::ALL {
        state.insert(
            format!("on_{}", cause.key()),
            described("string", "the state to move to on this event"),
        );
    }
    let mut playbook = Map::new();
    playbook.insert(
        "description".into(),
        described("string", "a sentence for people"),
    );
    playbook.insert(
        "start".into(),
        described("string", "the state it starts in"),
    );
    playbook.insert(
        "states".into(),
        json!({ "type": "object", "additionalProperties": closed(state, &["play"]) }),
    );
    root.insert(
        "playbooks".into(),
        json!({ "type": "object", "additionalProperties": closed(playbook, &["start", "states"]) }),
    );

    for p in parameters.iter().filter(|p| !p.key.starts_with("actors.")) {
        insert(&mut root, &p.key, parameter(p));
    }

    let table_form = json!({
        "type": "object",
        "properties": {
            "value": { "description": "the value (a number, word, boolean or date)" },
            "dist": { "enum": ["fixed", "uniform", "triangular", "beta", "normal"] },
            "low": { "type": "number" }, "high": { "type": "number" },
            "mode": { "type": "number" }, "alpha": { "type": "number" },
            "beta": { "type": "number" }, "mean": { "type": "number" },
            "sd": { "type": "number" },
            "unit": { "type": "string" },
            "range": { "type": "array", "items": { "type": "number" }, "minItems": 2, "maxItems": 2 },
            "default": {},
            "source": { "type": "string", "description": "a citation dated on or before as_of, or \"judgment: why\"" },
        },
        "additionalProperties": false,
    });
    json_text(&json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "redline crisis scenario",
        "description": "A crisis as an analyst writes it down: metadata, actors by role, a dated calendar, outcomes and parameters (docs/MODEL.md).",
        "type": "object",
        "properties": root,
        "required": ["scenario", "actors"],
        "additionalProperties": false,
        "$defs": { "parameter": table_form },
    }))
}
