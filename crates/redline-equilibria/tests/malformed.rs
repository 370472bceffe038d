//! Bad input never panics: every truncation and many single-character edits
//! of the fixture files either parse or give a located error.

use redline_equilibria::solution::{Method, SolveOptions, solve_text};

const EDITS: [&str; 9] = [
    "{",
    "}",
    "\"",
    "0",
    "-1",
    "1/0",
    "x",
    "",
    "99999999999999999999",
];

#[test]
fn truncated_and_edited_files_never_panic() {
    let dir = format!("{}/tests/fixtures", env!("CARGO_MANIFEST_DIR"));
    let options = SolveOptions {
        method: Some(Method::EnumPure),
        agent: false,
        stop_after: 0,
        ..Default::default()
    };
    for name in [
        "entry.efg",
        "poker.efg",
        "bos_outcomes.nfg",
        "random_4x4.nfg",
    ] {
        let text = std::fs::read_to_string(format!("{dir}/{name}")).unwrap();
        let boundaries: Vec<usize> = (0..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .collect();
        for &cut in &boundaries {
            if let Err(e) = solve_text(name, &text[..cut], &options) {
                assert!(
                    e.line.is_some() || e.message.contains("not a Gambit"),
                    "{name} cut at {cut}: {e}"
                );
            }
        }
        for (k, &at) in boundaries.iter().enumerate().step_by(3) {
            let next = boundaries.get(k + 1).copied().unwrap_or(at);
            let edit = EDITS[k % EDITS.len()];
            let mutated = format!("{}{}{}", &text[..at], edit, &text[next..]);
            let _ = solve_text(name, &mutated, &options);
        }
    }
}

#[test]
fn a_deep_tree_is_an_error_not_a_stack_overflow() {
    let mut text = String::from("EFG 2 R \"deep\" { \"A\" }\n\"\"\n");
    for _ in 0..5000 {
        text.push_str("p \"\" 1 1 \"\" { \"a\" } 0\n");
    }
    let e = solve_text(
        "deep.efg",
        &text,
        &SolveOptions {
            method: None,
            agent: false,
            stop_after: 0,
            ..Default::default()
        },
    )
    .unwrap_err();
    assert!(e.message.contains("deeply"), "{e}");
}

#[test]
fn the_agent_logit_on_edited_trees_never_panics() {
    // Edited payoffs and probabilities that still parse (zero chance
    // probabilities, huge payoffs, changed actions) go through the whole
    // floating-point homotopy: an answer or an error, never a panic.
    let dir = format!("{}/tests/fixtures", env!("CARGO_MANIFEST_DIR"));
    let options = SolveOptions {
        method: Some(Method::Logit),
        agent: false,
        stop_after: 0,
        ..Default::default()
    };
    let mut solved = 0;
    for name in ["entry.efg", "poker.efg", "beer_quiche.efg"] {
        let text = std::fs::read_to_string(format!("{dir}/{name}")).unwrap();
        let boundaries: Vec<usize> = (0..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .collect();
        for (k, &at) in boundaries.iter().enumerate().step_by(5) {
            let next = boundaries.get(k + 1).copied().unwrap_or(at);
            let edit = EDITS[k % EDITS.len()];
            let mutated = format!("{}{}{}", &text[..at], edit, &text[next..]);
            if let Ok(s) = solve_text(name, &mutated, &options) {
                assert_eq!(s.equilibria.len(), 1);
                solved += 1;
            }
        }
    }
    assert!(solved > 20, "only {solved} edited games solved");
}
