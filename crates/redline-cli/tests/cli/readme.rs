//! The README as a new user reads it: the main job's printed forecast is what
//! `redline forecast` prints, and every example of the tour runs as written,
//! its output compared with a snapshot (insta; `cargo insta review`, or
//! `INSTA_UPDATE=always`, after an intended change).
//!
//! Examples run one after another, in the README's order (one may read what
//! an earlier one wrote), in a fresh directory that links to the repository's
//! `examples/` and `scenarios/`. An example whose comment says `(slow)` runs
//! only with `REDLINE_SLOW_TESTS=1`.

use crate::util::{self, stderr, stdout};

fn readme() -> String {
    std::fs::read_to_string(util::repository().join("README.md")).expect("README.md")
}

/// One example: its line in the README, its words, and whether it is slow.
struct Example {
    line: usize,
    text: String,
    words: Vec<String>,
    slow: bool,
}

/// Splits a shell line into words: blanks separate, double or single quotes
/// group, `#` outside quotes starts a comment.
fn shell_words(line: &str) -> (Vec<String>, String) {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut quote = None;
    for (i, c) in line.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.get_or_insert_with(String::new).push(c),
            (None, '"' | '\'') => {
                quote = Some(c);
                word.get_or_insert_with(String::new);
            }
            (None, '#') => {
                words.extend(word.take());
                return (words, line[i + 1..].trim().to_string());
            }
            (None, c) if c.is_whitespace() => words.extend(word.take()),
            (None, c) => word.get_or_insert_with(String::new).push(c),
        }
    }
    words.extend(word);
    (words, String::new())
}

/// The `redline …` lines of the README's ```sh blocks.
fn examples() -> Vec<Example> {
    let text = readme();
    let mut out = Vec::new();
    let mut in_sh = false;
    for (n, line) in text.lines().enumerate() {
        if line.starts_with("```") {
            in_sh = line.trim() == "```sh";
            continue;
        }
        if in_sh && line.starts_with("redline ") {
            let (words, comment) = shell_words(line);
            out.push(Example {
                line: n + 1,
                text: line.split(" #").next().unwrap_or(line).trim().to_string(),
                words: words.into_iter().skip(1).collect(),
                slow: comment.contains("(slow)"),
            });
        }
    }
    out
}

#[test]
fn shell_words_split_like_a_shell() {
    let (words, comment) =
        shell_words(r#"redline match "Tit For Tat" 'Prober' --x 1  # a comment"#);
    assert_eq!(
        words,
        ["redline", "match", "Tit For Tat", "Prober", "--x", "1"]
    );
    assert_eq!(comment, "a comment");
}

#[test]
fn the_readme_prints_what_the_main_job_prints() {
    // The block after "What it prints" is `redline forecast` (seed 42) to the byte.
    let text = readme();
    let start = text.find("```\nIran, as of").expect("the forecast block") + 4;
    let end = start + text[start..].find("```").expect("its end");
    let out = util::redline(Some(&util::repository()), &["forecast"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), &text[start..end]);
}

#[test]
fn every_readme_example_runs_as_written() {
    let examples = examples();
    assert!(examples.len() >= 20, "found {} examples", examples.len());
    let slow = std::env::var_os("REDLINE_SLOW_TESTS").is_some();
    let dir = util::clone_like("readme", "tour", &["examples", "scenarios"]);
    let mut failures = Vec::new();
    for example in &examples {
        if example.slow && !slow {
            continue;
        }
        let args: Vec<&str> = example.words.iter().map(String::as_str).collect();
        let out = util::redline(Some(&dir), &args);
        if !out.status.success() {
            failures.push(format!(
                "README.md:{}: `{}` exited with {:?}: {}",
                example.line,
                example.text,
                out.status.code(),
                stderr(&out)
            ));
            continue;
        }
        // Named by the command, not its line, so that editing the README
        // around an example does not rename its snapshot.
        let slug: String = example
            .words
            .join("_")
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' {
                    c
                } else {
                    '_'
                }
            })
            .take(80)
            .collect();
        let name = format!("readme__{slug}");
        let shown = format!(
            "$ {}\n{}{}",
            example.text,
            stdout(&out),
            if out.stderr.is_empty() {
                String::new()
            } else {
                format!("--- stderr\n{}", stderr(&out))
            }
        );
        insta::with_settings!({ snapshot_suffix => "", prepend_module_to_snapshot => false, omit_expression => true }, {
            insta::assert_snapshot!(name, shown);
        });
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}
