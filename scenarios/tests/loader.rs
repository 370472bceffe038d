//! The one scenario loader: the flagship, shipped ids, paths, copies kept
//! elsewhere, fragments and overrides, and the errors a user sees.

use redline_core::{InputError, Scenario};
use redline_scenarios::{
    FLAGSHIP, FLAGSHIP_ID, SHARED_IRAN, SHARED_PARAMETERS, load, load_shipped,
};
use std::collections::HashMap;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

/// A reader over files held in memory.
fn files(list: &[(&str, &str)]) -> impl Fn(&Path) -> std::io::Result<String> + use<> {
    let map: HashMap<PathBuf, String> = list
        .iter()
        .map(|(p, t)| (PathBuf::from(p), t.to_string()))
        .collect();
    move |path: &Path| map.get(path).cloned().ok_or(ErrorKind::NotFound.into())
}

/// The file a parameter's value was written in.
fn origin_of(scenario: &Scenario, key: &str) -> String {
    let p = scenario.parameter(key).expect(key);
    scenario.error_at(p.loc, key, "").origin
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("redline-scenarios-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn disk(path: &Path) -> std::io::Result<String> {
    std::fs::read_to_string(path)
}

#[test]
fn no_reference_is_the_embedded_flagship() {
    let scenario = load(None, &[], &[], &files(&[])).expect("flagship");
    assert_eq!(scenario.id, FLAGSHIP_ID);
    assert_eq!(
        scenario.file_name(),
        "scenarios/iran-2025-02-07.toml (embedded)"
    );
    assert_eq!(
        origin_of(&scenario, "leader.deniability"),
        "scenarios/shared/parameters.toml (embedded)"
    );
}

#[test]
fn a_shipped_id_loads_the_embedded_copy() {
    for id in redline_scenarios::ids() {
        let scenario = load(Some(Path::new(id)), &[], &[], &files(&[])).expect(id);
        assert_eq!(scenario.id, id);
        assert_eq!(
            scenario.file_name(),
            format!("scenarios/{id}.toml (embedded)")
        );
    }
    let by_path = load_shipped("scenarios/iran-2018-05-08.toml", &[]).expect("by path");
    assert_eq!(by_path.id, "iran-2018-05-08");
}

#[test]
fn every_historical_case_ends_by_the_flagships_as_of_date() {
    // No hindsight: the library's horizons end on or before 7 February 2025,
    // the flagship's as-of date, so nothing it is scored on is later.
    let flagship = load_shipped(FLAGSHIP_ID, &[]).expect("flagship");
    for id in redline_scenarios::ids().filter(|id| *id != FLAGSHIP_ID) {
        let case = load_shipped(id, &[]).expect(id);
        assert!(case.as_of < case.horizon, "{id}");
        assert!(case.horizon <= flagship.as_of, "{id} ends {}", case.horizon);
    }
}

#[test]
fn a_file_wins_over_a_shipped_id_of_the_same_name() {
    let mine = FLAGSHIP.replace("id = \"iran-2025-02-07\"", "id = \"mine\"");
    let read = files(&[
        ("iran-2018-05-08", &mine),
        ("shared/iran.toml", SHARED_IRAN),
        ("shared/parameters.toml", SHARED_PARAMETERS),
    ]);
    let scenario = load(Some(Path::new("iran-2018-05-08")), &[], &[], &read).expect("file");
    assert_eq!(scenario.id, "mine");
    assert_eq!(scenario.file_name(), "iran-2018-05-08");
    assert_eq!(
        origin_of(&scenario, "leader.deniability"),
        "shared/parameters.toml",
        "the file next to it, not the embedded copy"
    );
}

#[test]
fn a_path_reads_the_file_and_what_it_extends_next_to_it() {
    let shared = SHARED_PARAMETERS.replace(
        "deniability = { dist = \"beta\", alpha = 6, beta = 3,",
        "deniability = { value = 0.25,",
    );
    assert_ne!(shared, SHARED_PARAMETERS, "the edit applies");
    let read = files(&[
        ("cases/iran.toml", FLAGSHIP),
        ("cases/shared/iran.toml", SHARED_IRAN),
        ("cases/shared/parameters.toml", &shared),
    ]);
    let scenario = load(Some(Path::new("cases/iran.toml")), &[], &[], &read).expect("path");
    assert_eq!(scenario.file_name(), "cases/iran.toml");
    assert_eq!(
        origin_of(&scenario, "leader.deniability"),
        "cases/shared/parameters.toml"
    );
    assert_eq!(
        scenario
            .parameter("leader.deniability")
            .expect("present")
            .value
            .to_string(),
        "0.25"
    );
}

#[test]
fn a_copy_elsewhere_finds_the_embedded_shared_parameters() {
    let dir = temp_dir("copy");
    let path = dir.join("my-case.toml");
    std::fs::write(&path, FLAGSHIP.replace("iran-2025-02-07", "my-case")).expect("write");
    assert!(!dir.join("shared").exists());
    let scenario = load(Some(&path), &[], &[], &disk).expect("copy");
    assert_eq!(scenario.id, "my-case");
    assert_eq!(scenario.file_name(), path.display().to_string());
    assert_eq!(
        origin_of(&scenario, "leader.deniability"),
        "scenarios/shared/parameters.toml (embedded)"
    );
    // A file it extends that is neither next to it nor shipped: located at `extends`.
    let missing = FLAGSHIP.replace(
        "extends = \"shared/iran.toml\"",
        "extends = \"shared/nowhere.toml\"",
    );
    let line = missing
        .lines()
        .position(|l| l.starts_with("extends = "))
        .expect("extends")
        + 1;
    std::fs::write(&path, missing).expect("write");
    let error = load(Some(&path), &[], &[], &disk).expect_err("missing");
    assert_eq!(error.origin, path.display().to_string());
    assert_eq!(error.line, Some(line));
    assert_eq!(error.key.as_deref(), Some("scenario.extends"));
    assert!(
        error.message.contains("cannot read `")
            && error
                .message
                .contains("nowhere.toml`, which this scenario extends"),
        "{error}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn an_unknown_id_lists_the_shipped_ids_with_did_you_mean() {
    let error =
        load(Some(Path::new("iran-2018-05-09")), &[], &[], &files(&[])).expect_err("unknown");
    assert_eq!(error.origin, "iran-2018-05-09");
    for id in redline_scenarios::ids() {
        assert!(error.message.contains(id), "{error}");
    }
    assert_eq!(
        error.hint.as_deref(),
        Some("did you mean `iran-2018-05-08`?")
    );
    let far = load(Some(Path::new("syria")), &[], &[], &files(&[])).expect_err("unknown");
    assert_eq!(far.hint, None, "{far}");
    assert!(far.message.contains("iran-2025-02-07"), "{far}");
}

#[test]
fn a_missing_path_cannot_be_read() {
    let error: InputError =
        load(Some(Path::new("missing.toml")), &[], &[], &files(&[])).expect_err("missing");
    assert_eq!(error.origin, "missing.toml");
    assert!(error.message.starts_with("cannot read: "), "{error}");
    assert_eq!(error.hint, None);
    // A shipped scenario's path from elsewhere: the hint names its id.
    let error = load(
        Some(Path::new("scenarios/iran-2018-05-08.toml")),
        &[],
        &[],
        &files(&[]),
    )
    .expect_err("not here");
    assert!(
        error
            .hint
            .as_deref()
            .is_some_and(|h| h.contains("`iran-2018-05-08`")),
        "{error}"
    );
}

#[test]
fn fragments_and_sets_are_laid_over_in_order() {
    let fragment = "[leader]\ndeniability = { value = 0.2, source = \"calibrated\" }\n";
    let read = files(&[("frag.toml", fragment)]);
    let scenario = load(
        Some(Path::new("iran-2018-05-08")),
        &[PathBuf::from("frag.toml")],
        &[],
        &read,
    )
    .expect("fragment");
    let p = scenario.parameter("leader.deniability").expect("present");
    assert!(p.overridden);
    assert_eq!(p.value.to_string(), "0.2");
    assert_eq!(origin_of(&scenario, "leader.deniability"), "frag.toml");
    let set = load(
        None,
        &[PathBuf::from("frag.toml")],
        &["leader.deniability=0.3".to_string()],
        &read,
    )
    .expect("set");
    assert_eq!(
        set.parameter("leader.deniability")
            .expect("present")
            .value
            .to_string(),
        "0.3"
    );
}

#[test]
fn fragment_errors_name_the_fragment_file() {
    let read = files(&[("bad.toml", "[leader]\ndeniability = { value = 0.2\n")]);
    let error = load(None, &[PathBuf::from("bad.toml")], &[], &read).expect_err("syntax");
    assert_eq!(error.origin, "bad.toml");
    assert_eq!(error.line, Some(2), "{error}");
    assert!(error.column.is_some(), "{error}");
    let error = load(None, &[PathBuf::from("gone.toml")], &[], &read).expect_err("unreadable");
    assert_eq!(error.origin, "gone.toml");
    assert!(error.message.starts_with("cannot read: "), "{error}");
    let error = load(
        None,
        &[PathBuf::from("bad.toml")],
        &["leader.deniability=".to_string()],
        &read,
    )
    .expect_err("the fragment is read before the sets");
    assert_eq!(error.origin, "bad.toml");
}
