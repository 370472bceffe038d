//! No panics, no hangs, nothing unbounded: sizes are refused before
//! allocation with a located error, numbers are bounded in digits, and every
//! solver stops at its work budget or when its stop flag is raised.

use redline_equilibria::budget::MAX_CELLS;
use redline_equilibria::efg::parse_efg;
use redline_equilibria::nfg::parse_nfg;
use redline_equilibria::reduced::backward_induction;
use redline_equilibria::solution::{Method, SolveOptions, solve_text};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("fixture")
}

fn options(method: Method, max_work: u64) -> SolveOptions {
    SolveOptions {
        method: Some(method),
        max_work,
        ..Default::default()
    }
}

#[test]
fn huge_strategy_counts_are_refused_at_the_count_before_allocation() {
    for (counts, column) in [
        // The product overflows usize.
        ("{ 18446744073709551615 18446744073709551615 }", 3),
        // The first alone is past the cap.
        ("{ 99999999999 99999999999 }", 3),
        // 4000 × 4000 contingencies × 2 players: 32 million payoffs, at the second count.
        ("{ 4000 4000 }", 8),
        // One player alone past the cap.
        ("{ 20000000 1 }", 3),
    ] {
        let text = format!("NFG 1 R \"big\" {{ \"A\" \"B\" }}\n{counts}\n\"\"\n1 2\n");
        let e = parse_nfg("big.nfg", &text).unwrap_err();
        assert_eq!((e.line, e.column), (Some(2), Some(column)), "{counts}: {e}");
        assert!(e.message.contains(&MAX_CELLS.to_string()), "{e}");
    }
    // A count within the cap with too few payoffs is an ordinary located
    // error at the end of the file (nothing is reserved for the table).
    let e = parse_nfg(
        "short.nfg",
        "NFG 1 R \"x\" { \"A\" \"B\" } { 2000 2000 }\n\"\"\n1 2\n",
    )
    .unwrap_err();
    assert_eq!(e.line, Some(4), "{e}");
}

#[test]
fn an_outcome_number_past_the_cap_is_refused_not_filled_in() {
    // Outcomes are stored densely: number 9,999,999,999 once made that many
    // (a hang, or an abort on the allocation).
    for number in ["9999999999", "18446744073709551615", "5000001"] {
        let text = format!(
            "EFG 2 R \"x\" {{ \"A\" \"B\" }}\n\"\"\np \"\" 1 1 \"\" {{ \"a\" \"b\" }} 0\nt \"\" {number} \"o\" {{ 1, 2 }}\nt \"\" 1 \"p\" {{ 0, 0 }}\n"
        );
        let e = parse_efg("o.efg", &text).unwrap_err();
        assert_eq!((e.line, e.column), (Some(4), Some(6)), "{number}: {e}");
    }
    // Gaps in the numbering below the cap are still read (as zero payoffs).
    let g = parse_efg(
        "gap.efg",
        "EFG 2 R \"x\" { \"A\" }\n\"\"\np \"\" 1 1 \"\" { \"a\" \"b\" } 0\nt \"\" 3 \"o\" { 1 }\nt \"\" 1 \"p\" { 2 }\n",
    )
    .unwrap();
    assert_eq!(g.outcomes.len(), 3);
}

#[test]
fn odd_outcome_lines_parse_or_fail_located_and_solve_or_stop() {
    // Every outcome line of the fixtures replaced by odd variants: each file
    // parses or gives a located error, and what parses solves (or stops at
    // its budget) with every method: no abort, no hang.
    let odd = [
        "0",
        "1",
        "4294967296",
        "0 \"z\" { 1, 1 }",
        "1 \"z\" { }",
        "1 \"z\" { 1 2 3 }",
        "1 \"z\" { 1/0, 1 }",
        "1 \"z\" { 1e400, -1e400 }",
        "2 \"z\" { 2.2e-308, 1 }",
        "7 \"z\" { 3, 3 }",
        "999999 \"z\" { 1, 1 }",
        "-1 \"z\" { 1, 1 }",
        "1/2 \"z\" { 1, 1 }",
        "1 z { 1, 1 }",
        "1 \"z\" { 1, 1",
    ];
    let methods = [
        Method::EnumPure,
        Method::EnumMixed,
        Method::Lcp,
        Method::Backward,
        Method::Logit,
    ];
    let mut parsed = 0;
    for name in ["entry.efg", "beer_quiche.efg"] {
        let text = fixture(name);
        let lines: Vec<&str> = text.lines().collect();
        for (k, line) in lines.iter().enumerate() {
            if !line.starts_with("t \"\" ") {
                continue;
            }
            for (v, variant) in odd.iter().enumerate() {
                let mut edited = lines.clone();
                let replaced = format!("t \"\" {variant}");
                edited[k] = &replaced;
                let text = edited.join("\n");
                match parse_efg(name, &text) {
                    Err(e) => assert!(e.line.is_some(), "{name} line {k} `{variant}`: {e}"),
                    Ok(_) => {
                        parsed += 1;
                        let method = methods[(k + v) % methods.len()];
                        if let Err(e) = solve_text(name, &text, &options(method, 50_000_000)) {
                            assert!(!e.message.is_empty());
                        }
                    }
                }
            }
        }
    }
    assert!(
        parsed > 10,
        "too few variants parsed ({parsed}) to test the solvers"
    );
}

#[test]
fn a_tree_with_more_node_payoffs_than_the_cap_is_refused() {
    // 2,000 players and a chance node with 5,000 leaves: 10 million node
    // payoffs and more.
    let players: String = (0..2000).map(|_| "\"p\" ").collect();
    let actions: String = (0..5000)
        .map(|k| format!("\"a\" {}", if k == 0 { 1 } else { 0 }))
        .collect::<Vec<_>>()
        .join(" ");
    let leaves = "t \"\" 0\n".repeat(5000);
    let text =
        format!("EFG 2 R \"wide\" {{ {players}}}\n\"\"\nc \"\" 1 \"\" {{ {actions} }} 0\n{leaves}");
    let e = parse_efg("wide.efg", &text).unwrap_err();
    assert!(e.line.is_some() && e.message.contains("nodes"), "{e}");
}

#[test]
fn a_payoff_needing_more_than_a_hundred_digits_is_refused_where_it_is() {
    // 2.2e-308 is exactly 22/10^309: enummixed on a 12×12 game with it took
    // minutes. A payoff of 100,000 digits took 36 s just to read.
    let long = "7".repeat(100_000);
    for (payoff, needs) in [("2.2e-308", "310 digits"), (long.as_str(), "100000 digits")] {
        let text = format!("NFG 1 R \"x\" {{ \"A\" \"B\" }} {{ 2 2 }}\n1 2 3 {payoff} 5 6 7 8\n");
        let e = parse_nfg("digits.nfg", &text).unwrap_err();
        assert_eq!((e.line, e.column), (Some(2), Some(7)), "{e}");
        assert!(e.message.contains(needs), "{e}");
        // The message quotes the number shortened.
        assert!(e.message.len() < 200, "{}", e.message.len());
    }
    // Exact decimals of moderate size still read and solve exactly.
    let text = "NFG 1 R \"x\" { \"A\" \"B\" } { 2 2 }\n1e-90 0 0 1 0 1 1e90 0\n";
    let solution = solve_text("ok.nfg", text, &options(Method::EnumMixed, u64::MAX)).unwrap();
    assert!(!solution.equilibria.is_empty());
}

#[test]
fn a_fraction_whose_value_needs_more_than_a_hundred_digits_is_refused() {
    // Found by the `nfg` and `efg` fuzz targets: each side of the fraction
    // bar was within the bound, their quotient was not, so the game read but
    // its written form (`write_nfg`, `write_efg`) did not read back.
    let nfg = "NFG 1 R \"x\" { \"A\" \"B\" } { 2 2 }\n1 2 3 1e-99/1e99 5 6 7 8\n";
    let e = parse_nfg("fraction.nfg", nfg).unwrap_err();
    assert_eq!((e.line, e.column), (Some(2), Some(7)), "{e}");
    assert!(e.message.contains("199 digits"), "{e}");
    let efg = "EFG 2 R \"x\" { \"A\" \"B\" }\n\"\"\np \"\" 1 1 \"\" { \"a\" \"b\" } 0\nt \"\" 1 \"o\" { 1, 1e99/1e-99 }\nt \"\" 2 \"p\" { 0, 0 }\n";
    let e = parse_efg("fraction.efg", efg).unwrap_err();
    assert_eq!((e.line, e.column), (Some(4), Some(17)), "{e}");
    assert!(e.message.contains("199 digits"), "{e}");
    // Fractions whose value is within the bound read and are written back.
    let nfg = "NFG 1 R \"x\" { \"A\" \"B\" } { 2 2 }\n1 2 3 1e-50/1e49 5 6 7 8\n";
    let game = parse_nfg("fraction.nfg", nfg).unwrap();
    let written = redline_equilibria::nfg::write_nfg(&game);
    assert_eq!(
        parse_nfg("written.nfg", &written).unwrap(),
        game,
        "{written}"
    );
}

#[test]
fn every_solver_stops_at_its_work_budget_and_names_the_flag() {
    let nfg = fixture("random_12x12.nfg");
    let efg = fixture("poker.efg");
    let cases: [(&str, &str, Method, bool); 7] = [
        ("random_12x12.nfg", &nfg, Method::EnumMixed, false),
        ("random_12x12.nfg", &nfg, Method::Lcp, false),
        ("random_12x12.nfg", &nfg, Method::EnumPure, false),
        ("random_12x12.nfg", &nfg, Method::Logit, false),
        ("poker.efg", &efg, Method::Lcp, false),
        ("poker.efg", &efg, Method::EnumMixed, false),
        ("poker.efg", &efg, Method::Logit, false),
    ];
    for (name, text, method, agent) in cases {
        let mut o = options(method, 100);
        o.agent = agent;
        let e = solve_text(name, text, &o).unwrap_err();
        assert!(
            e.message.contains("work budget of 100 units"),
            "{name} {method:?}: {e}"
        );
        assert!(e.to_string().contains("--max-work"), "{e}");
        // The default budget is ample for the fixtures.
        let mut o = options(method, redline_equilibria::budget::DEFAULT_WORK);
        o.agent = agent;
        assert!(solve_text(name, text, &o).is_ok(), "{name} {method:?}");
    }
}

#[test]
fn a_raised_stop_flag_stops_every_solver() {
    // What Ctrl-C or --timeout does: the flag is read at every pivot or step.
    let nfg = fixture("random_12x12.nfg");
    let efg = fixture("poker.efg");
    for (name, text, method) in [
        ("random_12x12.nfg", &nfg, Method::EnumMixed),
        ("random_12x12.nfg", &nfg, Method::Lcp),
        ("random_12x12.nfg", &nfg, Method::EnumPure),
        ("random_12x12.nfg", &nfg, Method::Logit),
        ("poker.efg", &efg, Method::Lcp),
        ("poker.efg", &efg, Method::EnumPure),
        ("poker.efg", &efg, Method::Logit),
    ] {
        let o = SolveOptions {
            stop: Some(Arc::new(AtomicBool::new(true))),
            ..options(method, u64::MAX)
        };
        let e = solve_text(name, text, &o).unwrap_err();
        assert!(
            e.message.contains("stopped before finishing"),
            "{name} {method:?}: {e}"
        );
    }
}

#[test]
fn backward_induction_on_a_chain_a_thousand_deep_is_exact() {
    // A centipede-like chain: player 1 and 2 alternate, each can stop (1, 0)
    // or (0, 1) for the mover, or go on; at the end both get 0. The mover
    // always stops. It took 7.7 s (cubic, through the reduced form's check);
    // the check is now a linear best-response pass.
    let depth = 1000;
    let mut text = String::from("EFG 2 R \"chain\" { \"1\" \"2\" }\n\"\"\n");
    for k in 0..depth {
        let player = k % 2 + 1;
        let stop = if player == 1 { "1, 0" } else { "0, 1" };
        text.push_str(&format!(
            "p \"\" {player} {} \"\" {{ \"stop\" \"go\" }} 0\nt \"\" {} \"\" {{ {stop} }}\n",
            k / 2 + 1,
            k + 1
        ));
    }
    text.push_str(&format!("t \"\" {} \"end\" {{ 0, 0 }}\n", depth + 1));
    let game = parse_efg("chain.efg", &text).unwrap();
    let spe = backward_induction(&game).unwrap();
    let one = redline_equilibria::number::one();
    let zero = redline_equilibria::number::zero();
    assert_eq!(spe.payoffs, vec![one.clone(), zero.clone()]);
    assert!(
        spe.profile
            .iter()
            .flatten()
            .all(|set| set[0] == one && set[1] == zero),
        "every mover stops"
    );
}
