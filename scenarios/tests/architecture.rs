//! The workspace-wide invariants of docs/ARCHITECTURE.md that a scan of the
//! sources and manifests can check:
//!
//! - Architecture Invariant: no crate reads a file outside its own directory
//!   at compile time. Every `include_str!`/`include_bytes!` in the workspace
//!   (`crates/*`, `scenarios/`, `data/src`) names a file inside the crate that
//!   contains it; shipped scenarios come from this crate and shipped records
//!   from `redline-records`.
//! - Architecture Invariant: one scenario loader. Outside `redline-core` and
//!   this crate, no library or command source calls `Scenario::load_extending`.
//! - Architecture Invariant: the CLI runs no model itself: `redline-cli`
//!   depends on no parallel runtime and draws no random numbers (no `rayon`,
//!   no `RandomStream`); ensembles, designs and resampling live in the libraries.
//! - Architecture Invariant: every choice on the command line is typed: a
//!   `clap::ValueEnum` (`redline-cli/src/args.rs`), never a list of strings
//!   matched by hand.
//! - Architecture Invariant: one output layer: the CLI builds no JSON itself
//!   (no `json!`, no `serde_json::Value`); every document comes from a
//!   serde type of `redline-report`.
//! - Architecture Invariant: CSV is written by the `csv` crate, through
//!   `redline_report::csv_text` or `csv_records`; no source quotes CSV fields by hand.
//! - Architecture Invariant: neither the crisis model nor the scenarios depend,
//!   even indirectly, on the recorded outcomes (`redline-records`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};

fn workspace() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the workspace root")
}

/// A compile-time include that escapes its crate: (file, line, the path it names).
#[derive(Debug, PartialEq)]
struct Escape {
    file: PathBuf,
    line: usize,
    target: String,
}

/// The string literals in `text` (up to its end), with `\"` and `\\` unescaped.
fn string_literals(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '"' {
            continue;
        }
        let mut literal = String::new();
        while let Some(c) = chars.next() {
            match c {
                '"' => break,
                '\\' => literal.extend(chars.next()),
                c => literal.push(c),
            }
        }
        out.push(literal);
    }
    out
}

/// `path` without `.` and with each `..` taken back, textually.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// The includes in the source `text` of `file` (inside the crate at `root`)
/// that name a file outside `root`.
fn escapes(file: &Path, root: &Path, text: &str) -> Vec<Escape> {
    let macros = [concat!("include_", "str!"), concat!("include_", "bytes!")];
    let root = normalize(root);
    let mut found = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim_start().starts_with("//") {
            continue;
        }
        for name in macros {
            let mut rest = line;
            while let Some(at) = rest.find(name) {
                let start = &text[offset_of(text, rest) + at..];
                rest = &rest[at + name.len()..];
                // The macro's argument: up to its closing parenthesis (string
                // literals in this code hold no parentheses that matter here).
                let Some(open) = start.find('(') else {
                    continue;
                };
                let argument = argument_of(&start[open..]);
                let literals = string_literals(argument);
                let (base, relative) = if argument.contains("CARGO_MANIFEST_DIR") {
                    let joined: String = literals
                        .iter()
                        .filter(|l| l.as_str() != "CARGO_MANIFEST_DIR")
                        .map(String::as_str)
                        .collect();
                    (root.clone(), joined.trim_start_matches('/').to_string())
                } else {
                    let Some(first) = literals.first() else {
                        continue;
                    };
                    (
                        file.parent().unwrap_or(Path::new("")).to_path_buf(),
                        first.clone(),
                    )
                };
                let target = normalize(&base.join(&relative));
                if !target.starts_with(&root) {
                    found.push(Escape {
                        file: file.to_path_buf(),
                        line: n + 1,
                        target: relative,
                    });
                }
            }
        }
    }
    found
}

/// Byte offset of `part` (a slice of `text`) in `text`.
fn offset_of(text: &str, part: &str) -> usize {
    part.as_ptr() as usize - text.as_ptr() as usize
}

/// The text from an opening parenthesis to its matching closing one.
fn argument_of(text: &str) -> &str {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        if in_string {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return &text[..=i];
                }
            }
            _ => {}
        }
    }
    text
}

/// The nearest folder above `file` with a `Cargo.toml`: the crate's root.
fn crate_root(file: &Path) -> PathBuf {
    let mut dir = file.parent();
    while let Some(d) = dir {
        if d.join("Cargo.toml").exists() {
            return d.to_path_buf();
        }
        dir = d.parent();
    }
    panic!("{} is in no crate", file.display());
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn no_crate_includes_a_file_outside_its_own_directory() {
    let workspace = workspace();
    let mut files = Vec::new();
    for dir in ["crates", "scenarios/src", "scenarios/tests", "data/src"] {
        rust_files(&workspace.join(dir), &mut files);
    }
    assert!(files.len() > 50, "found only {} files", files.len());
    let mut all = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("source");
        all.extend(escapes(file, &crate_root(file), &text));
    }
    let listed: Vec<String> = all
        .iter()
        .map(|e| {
            format!(
                "{}:{}: includes `{}`, outside its crate",
                e.file.strip_prefix(workspace).unwrap_or(&e.file).display(),
                e.line,
                e.target
            )
        })
        .collect();
    assert!(listed.is_empty(), "\n{}", listed.join("\n"));
}

#[test]
fn the_check_finds_what_it_looks_for() {
    let root = Path::new("/w/crates/c");
    let file = root.join("src/lib.rs");
    let include = concat!("include_", "str!");
    let text = format!(
        "const A: &str = {include}(\"../../../scenarios/a.toml\");\n\
         const B: &str = {include}(\"../tests/fixtures/b.efg\");\n\
         // {include}(\"../../../in/a/comment\")\n\
         const C: &str = {include}(concat!(\n    env!(\"CARGO_MANIFEST_DIR\"),\n    \"/../../data/c.tsv\"\n));\n\
         const D: &str = {include}(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/data/d.tsv\"));\n\
         const E: &[u8] = {}(\"../../x.bin\");\n",
        concat!("include_", "bytes!")
    );
    let found = escapes(&file, root, &text);
    let lines: Vec<(usize, &str)> = found.iter().map(|e| (e.line, e.target.as_str())).collect();
    assert_eq!(
        lines,
        [
            (1, "../../../scenarios/a.toml"),
            (4, "../../data/c.tsv"),
            (9, "../../x.bin"),
        ]
    );
}

#[test]
fn only_the_loader_calls_load_extending() {
    let workspace = workspace();
    let call = concat!("load_", "extending(");
    let mut files = Vec::new();
    let crates = std::fs::read_dir(workspace.join("crates")).expect("crates/");
    for dir in crates.filter_map(|e| e.ok().map(|e| e.path())) {
        if !dir.ends_with("redline-core") {
            rust_files(&dir.join("src"), &mut files);
        }
    }
    rust_files(&workspace.join("data/src"), &mut files);
    assert!(files.len() > 50, "found only {} files", files.len());
    let mut found = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("source");
        for (n, line) in text.lines().enumerate() {
            if line.contains(call) && !line.trim_start().starts_with("//") {
                found.push(format!(
                    "{}:{}: loads a scenario itself; call redline_scenarios::load",
                    file.strip_prefix(workspace).unwrap_or(file).display(),
                    n + 1
                ));
            }
        }
    }
    assert!(found.is_empty(), "\n{}", found.join("\n"));
}

#[test]
fn the_cli_runs_no_model_itself() {
    let workspace = workspace();
    let manifest =
        std::fs::read_to_string(workspace.join("crates/redline-cli/Cargo.toml")).expect("manifest");
    assert!(
        !manifest
            .lines()
            .any(|l| l.trim_start().starts_with("rayon")),
        "redline-cli depends on rayon: parallel work belongs in a library"
    );
    let mut files = Vec::new();
    rust_files(&workspace.join("crates/redline-cli/src"), &mut files);
    assert!(files.len() > 5, "found only {} files", files.len());
    let mut found = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("source");
        for (n, line) in text.lines().enumerate() {
            for word in ["rayon::", "RandomStream", "par_iter"] {
                if line.contains(word) && !line.trim_start().starts_with("//") {
                    found.push(format!(
                        "{}:{}: `{word}` in the CLI; move the work into a library",
                        file.strip_prefix(workspace).unwrap_or(file).display(),
                        n + 1
                    ));
                }
            }
        }
    }
    assert!(found.is_empty(), "\n{}", found.join("\n"));
}

#[test]
fn command_line_choices_are_typed() {
    let workspace = workspace();
    let mut files = Vec::new();
    rust_files(&workspace.join("crates/redline-cli/src"), &mut files);
    let list = concat!("value_parser = ", "[");
    let mut found = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("source");
        for (n, line) in text.lines().enumerate() {
            if line.contains(list) {
                found.push(format!(
                    "{}:{}: a choice as a list of strings; make it a ValueEnum in args.rs",
                    file.strip_prefix(workspace).unwrap_or(file).display(),
                    n + 1
                ));
            }
        }
    }
    assert!(found.is_empty(), "\n{}", found.join("\n"));
}

#[test]
fn the_cli_builds_no_json_itself() {
    let workspace = workspace();
    let mut files = Vec::new();
    rust_files(&workspace.join("crates/redline-cli/src"), &mut files);
    let mut found = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("source");
        for (n, line) in text.lines().enumerate() {
            for word in [
                concat!("json", "!("),
                concat!("serde_json::", "Value"),
                "to_string_pretty",
            ] {
                if line.contains(word) && !line.trim_start().starts_with("//") {
                    found.push(format!(
                        "{}:{}: `{word}`: build output in redline-report from a serde type",
                        file.strip_prefix(workspace).unwrap_or(file).display(),
                        n + 1
                    ));
                }
            }
        }
    }
    assert!(found.is_empty(), "\n{}", found.join("\n"));
}

#[test]
fn no_source_quotes_csv_by_hand() {
    // A hand-written CSV writer doubles quotes itself; the csv crate does
    // that for us (and handles `\r`, which one of three hand-written
    // quoting functions missed). Parsers of Gambit files quote their own
    // format and are not CSV.
    let workspace = workspace();
    let doubling = concat!("\"\\\"", "\\\"\"");
    let mut files = Vec::new();
    let crates = std::fs::read_dir(workspace.join("crates")).expect("crates/");
    for dir in crates.filter_map(|e| e.ok().map(|e| e.path())) {
        rust_files(&dir.join("src"), &mut files);
    }
    let mut found = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("source");
        for (n, line) in text.lines().enumerate() {
            if line.contains(doubling) && !file.ends_with("lex.rs") {
                found.push(format!(
                    "{}:{}: quotes CSV by hand; use redline_report::csv_text",
                    file.strip_prefix(workspace).unwrap_or(file).display(),
                    n + 1
                ));
            }
        }
    }
    assert!(found.is_empty(), "\n{}", found.join("\n"));
}

/// The workspace's crates and the `redline-*` crates each depends on (in
/// `[dependencies]` and `[build-dependencies]`, not dev-dependencies).
fn dependency_graph() -> BTreeMap<String, BTreeSet<String>> {
    let workspace = workspace();
    let mut manifests = vec![
        workspace.join("scenarios/Cargo.toml"),
        workspace.join("data/Cargo.toml"),
    ];
    let crates = std::fs::read_dir(workspace.join("crates")).expect("crates/");
    manifests.extend(crates.filter_map(|e| e.ok().map(|e| e.path().join("Cargo.toml"))));
    let mut graph = BTreeMap::new();
    for manifest in manifests {
        let Ok(text) = std::fs::read_to_string(&manifest) else {
            continue;
        };
        let mut name = None;
        let mut section = "";
        let mut deps = BTreeSet::new();
        for line in text.lines().map(str::trim) {
            if line.starts_with('[') {
                section = line;
                continue;
            }
            let Some((key, value)) = line.split_once('=') else {
                continue;
            };
            let key = key.trim();
            if section == "[package]" && key == "name" {
                name = Some(value.trim().trim_matches('"').to_string());
            } else if matches!(section, "[dependencies]" | "[build-dependencies]")
                && key.starts_with("redline-")
            {
                deps.insert(key.trim_end_matches(".workspace").to_string());
            }
        }
        graph.insert(name.expect("a package name"), deps);
    }
    graph
}

#[test]
fn the_model_never_depends_on_the_recorded_outcomes() {
    let graph = dependency_graph();
    assert!(
        graph["redline-data"].contains("redline-records"),
        "{graph:?}"
    );
    for root in ["redline-crisis", "redline-scenarios", "redline-core"] {
        let mut seen = BTreeSet::new();
        let mut todo = vec![root.to_string()];
        while let Some(name) = todo.pop() {
            if seen.insert(name.clone()) {
                todo.extend(graph.get(&name).into_iter().flatten().cloned());
            }
        }
        assert!(
            !seen.contains("redline-records"),
            "{root} depends on redline-records through {seen:?}"
        );
    }
}

/// Every crate but the explorer's is a default member, so `cargo build`
/// builds the product without the web server and misses no crate.
#[test]
fn the_default_build_is_every_crate_but_the_explorer() {
    let workspace = workspace();
    let manifest = std::fs::read_to_string(workspace.join("Cargo.toml")).expect("manifest");
    let defaults = manifest
        .split("default-members = [")
        .nth(1)
        .and_then(|rest| rest.split(']').next())
        .expect("default-members in Cargo.toml");
    let listed = |member: &str| defaults.contains(&format!("\"{member}\""));
    for entry in std::fs::read_dir(workspace.join("crates")).expect("crates/") {
        let name = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .to_string();
        let member = format!("crates/{name}");
        if name == "redline-serve" {
            assert!(!listed(&member), "the explorer's crate is a default member");
        } else {
            assert!(listed(&member), "{member} is not in default-members");
        }
    }
    assert!(listed("scenarios") && listed("data"));
}
