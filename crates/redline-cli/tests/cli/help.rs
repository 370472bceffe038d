//! Every example under a command's `--help` runs as written, in a fresh
//! directory that links to the repository's `examples/`, `scenarios/` and
//! `data/` (examples run in order, so one may read what an earlier wrote).
//! Examples that run for a long time in a debug build run only with
//! `REDLINE_SLOW_TESTS=1`; without it, their input files must still exist.

use crate::util::{self, stderr, stdout};
use std::path::Path;

/// Examples that take long in a debug build (big designs, many runs, every strategy).
const SLOW: &[&str] = &[
    "--samples 64",
    "redline report",
    "--runs 10000",
    "--runs 20000",
    "tournament --all",
    "--first-tournament",
    "misperception-sweep --all",
    "--method morris --samples 10",
    "redline backtest",
    "redline fit",
    // Reads the fragment the slow fit before it writes.
    "--with fitted.toml",
    // Reads the shards the two slow examples before it write.
    "sensitivity merge",
];

/// Splits an example line into words: blanks separate, double quotes group,
/// `#` starts a comment.
fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word: Option<String> = None;
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                word.get_or_insert_with(String::new);
            }
            '#' if !quoted => break,
            c if c.is_whitespace() && !quoted => out.extend(word.take()),
            c => word.get_or_insert_with(String::new).push(c),
        }
    }
    out.extend(word);
    out
}

/// The subcommands `redline --help` lists, with `scenario` and `game` expanded.
fn commands(dir: &Path) -> Vec<Vec<String>> {
    let help = stdout(&util::redline(Some(dir), &["--help"]));
    let mut out = Vec::new();
    let mut in_commands = false;
    for line in help.lines() {
        if line.starts_with("Commands:") {
            in_commands = true;
            continue;
        }
        if in_commands {
            let Some(name) = line.split_whitespace().next() else {
                break;
            };
            if !line.starts_with("  ") || name == "help" {
                continue;
            }
            match name {
                "scenario" => {
                    out.push(vec!["scenario".into(), "params".into()]);
                    out.push(vec!["scenario".into(), "check".into()]);
                }
                "game" => out.push(vec!["game".into(), "deniability".into()]),
                _ => out.push(vec![name.to_string()]),
            }
        }
    }
    out
}

#[test]
fn every_help_example_runs_as_written() {
    let dir = util::clone_like("help", "examples", &["examples", "scenarios", "data"]);
    let slow = std::env::var_os("REDLINE_SLOW_TESTS").is_some();
    let commands = commands(&dir);
    assert!(commands.len() >= 18, "{commands:?}");
    let (mut ran, mut failures) = (0, Vec::new());
    for command in &commands {
        let mut args: Vec<&str> = command.iter().map(String::as_str).collect();
        args.push("--help");
        let help = stdout(&util::redline(Some(&dir), &args));
        let section: Vec<&str> = help
            .lines()
            .skip_while(|l| !l.starts_with("Example"))
            .skip(1)
            .take_while(|l| !l.trim().is_empty())
            .collect();
        // clap wraps help at 100 columns: an example longer than that
        // breaks in two and no longer runs when copied.
        for line in section.iter().filter(|l| !l.trim().starts_with("redline ")) {
            failures.push(format!("{command:?}: an example wraps: `{}`", line.trim()));
        }
        let examples = section
            .iter()
            .map(|l| l.trim())
            .filter(|l| l.starts_with("redline "));
        for line in examples {
            let words = words(line);
            // A server runs until it is stopped, and `merge DIR` needs the
            // shards a cluster writes: their examples are only checked like
            // slow ones (serve.rs and slurm.rs run them for real).
            let never = line.starts_with("redline serve") || line.starts_with("redline merge");
            if (SLOW.iter().any(|s| line.contains(s)) && !slow) || never {
                for w in &words[1..] {
                    let named = w.contains('/')
                        && !w.contains(',')
                        && [".toml", ".csv", ".tsv", ".nfg", ".efg"]
                            .iter()
                            .any(|e| w.ends_with(e));
                    if named && !dir.join(w).exists() {
                        failures.push(format!("`{line}`: {w} does not exist"));
                    }
                }
                continue;
            }
            let args: Vec<&str> = words[1..].iter().map(String::as_str).collect();
            let out = util::redline(Some(&dir), &args);
            ran += 1;
            if !out.status.success() {
                failures.push(format!("{command:?}: `{line}`: {}", stderr(&out)));
            }
        }
    }
    assert!(ran >= 30, "ran only {ran} examples");
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}
