//! Writing a scenario for a new crisis: `scenario new` gives a file that
//! checks and runs, `scenario schema` describes every key the shipped files
//! use, and `scenario check` warns about what is valid but inert.

use super::util::{self, json, stderr, stdout};

fn temp_dir(name: &str) -> util::TestDir {
    util::temp_dir("authoring", name)
}

#[test]
fn a_new_scenario_checks_runs_and_uses_every_role() {
    let dir = temp_dir("new");
    let new = util::redline(
        Some(&dir),
        &[
            "scenario",
            "new",
            "--id",
            "border-2024",
            "--name",
            "Border crisis",
            "--as-of",
            "2024-06-01",
            "--out",
            "border.toml",
        ],
    );
    assert!(new.status.success(), "{}", stderr(&new));
    let text = std::fs::read_to_string(dir.join("border.toml")).expect("written");
    assert!(text.contains("id = \"border-2024\"") && text.contains("as_of = 2024-06-01"));
    assert!(text.contains("horizon = 2025-06-01"), "one year later");
    let check = util::redline(Some(&dir), &["scenario", "check", "border.toml"]);
    assert!(check.status.success(), "{}", stderr(&check));
    assert!(
        !stdout(&check).contains("warning"),
        "every role of the template is used: {}",
        stdout(&check)
    );
    let forecast = util::redline(
        Some(&dir),
        &[
            "forecast",
            "border.toml",
            "--runs",
            "300",
            "--format",
            "json",
        ],
    );
    let v = json(&forecast);
    let ids: Vec<&str> = v["outcomes"]
        .as_array()
        .expect("outcomes")
        .iter()
        .map(|o| o["id"].as_str().expect("id"))
        .collect();
    // The model's own outcomes for the template's roles: one strike per striker.
    assert!(
        ids.contains(&"strike_coercer") && ids.contains(&"strike_ally"),
        "{ids:?}"
    );
    assert!(ids.contains(&"sanctions_triggered") && ids.contains(&"treaty_withdrawal"));
    // A bad id is refused, exit code 2, before anything is written.
    let bad = util::redline(
        Some(&dir),
        &["scenario", "new", "--id", "Bad Id", "--out", "bad.toml"],
    );
    assert_eq!(bad.status.code(), Some(2), "{}", stderr(&bad));
    assert!(
        stderr(&bad).contains("an id is lower-case"),
        "{}",
        stderr(&bad)
    );
    assert!(!dir.join("bad.toml").exists());
}

/// Every key path of a TOML document, tables and arrays of tables walked.
fn key_paths(node: &redline_core::tree::Node, prefix: &str, out: &mut Vec<String>) {
    if let Some(entries) = node.value.as_table() {
        if redline_core::tree::is_parameter(node) {
            out.push(prefix.to_string());
            return;
        }
        for e in entries {
            let path = if prefix.is_empty() {
                e.key.clone()
            } else {
                format!("{prefix}.{}", e.key)
            };
            key_paths(&e.node, &path, out);
        }
    } else {
        out.push(prefix.to_string());
    }
}

/// The schema of the value at `path`, following `properties`, and for maps
/// keyed by ids (`actors`, `outcomes`), `additionalProperties`.
fn schema_at<'a>(schema: &'a serde_json::Value, path: &str) -> Option<&'a serde_json::Value> {
    let mut at = schema;
    for part in path.split('.') {
        at = match at.get("properties").and_then(|p| p.get(part)) {
            Some(next) => next,
            None => at.get("additionalProperties").filter(|a| a.is_object())?,
        };
    }
    Some(at)
}

#[test]
fn the_schema_names_every_key_the_shipped_files_use_and_nothing_unknown() {
    let dir = temp_dir("schema");
    let schema = json(&util::redline(Some(&dir), &["scenario", "schema"]));
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    let root = util::repository().join("scenarios");
    let mut files: Vec<_> = std::fs::read_dir(&root)
        .expect("scenarios/")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml") && !p.ends_with("Cargo.toml"))
        .collect();
    files.push(root.join("shared/parameters.toml"));
    files.push(root.join("shared/iran.toml"));
    for file in &files {
        let text = std::fs::read_to_string(file).expect("read");
        let mut origins = redline_core::tree::Origins::default();
        let origin = origins.add(file.display().to_string(), text.clone());
        let doc = redline_core::tree::parse_document(&origins, origin, &text).expect("TOML");
        let mut paths = Vec::new();
        key_paths(&doc, "", &mut paths);
        assert!(paths.len() > 10, "{}", file.display());
        for path in paths {
            // Calendar entries are an array of tables, checked by their item schema.
            if path == "calendar" {
                continue;
            }
            assert!(
                schema_at(&schema, &path).is_some(),
                "{}: `{path}` is not in the schema",
                file.display()
            );
        }
    }
    // And the schema is closed: a misspelt key has no place in it.
    assert!(schema_at(&schema, "leader.firmnes").is_none());
    assert!(schema_at(&schema, "actors.iran.strike.base_anual").is_none());
    assert!(schema_at(&schema, "actors.iran.strike.base_annual").is_some());
}

#[test]
fn check_warns_about_dates_past_the_end_and_unused_actors() {
    let dir = temp_dir("warnings");
    let flagship = redline_scenarios::FLAGSHIP.replace("date = 2025-11-19", "date = 2026-11-19");
    std::fs::write(dir.join("case.toml"), flagship).expect("write");
    let check = util::redline(
        Some(&dir),
        &[
            "scenario",
            "check",
            "case.toml",
            "--set",
            "snapback.enabled=false",
            "--set",
            "talks.mediator_available=0",
        ],
    );
    assert!(
        check.status.success(),
        "warnings are not errors: {}",
        stderr(&check)
    );
    let out = stdout(&check);
    for words in [
        "2026-11-19 (board_meeting) is after the forecast ends on 2026-02-06",
        "the guarantor E3 (France, Germany, United Kingdom) is not used",
        "the mediator Oman is not used",
        "`snapback_triggered` cannot happen in this scenario",
    ] {
        assert!(out.contains(words), "missing `{words}` in:\n{out}");
    }
    // Each warning says where: the file and line of the entry.
    assert!(out.contains("warning: case.toml:"), "{out}");
}
