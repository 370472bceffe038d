//! The query parser under arbitrary input (a bounded fuzz run on stable;
//! the long campaign is the cargo-fuzz target `serve_question`): it never
//! panics, and a question it accepts writes back to a query that reads as
//! the same question.

use proptest::prelude::*;
use redline_serve::question::{Limits, Question};

/// Pieces a query is made of, so that random strings reach the parser's
/// branches (keys, separators, escapes, numbers at the limits).
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("scenario=".to_string()),
        Just("set=".to_string()),
        Just("assume=".to_string()),
        Just("compare=".to_string()),
        Just("runs=".to_string()),
        Just("seed=".to_string()),
        Just("run=".to_string()),
        Just("params=".to_string()),
        Just("samples=".to_string()),
        Just("outcome=".to_string()),
        Just("&".to_string()),
        Just("=".to_string()),
        Just("%3D".to_string()),
        Just("%2C".to_string()),
        Just("%".to_string()),
        Just("%ff%fe".to_string()),
        Just("+".to_string()),
        Just(",".to_string()),
        Just("18446744073709551615".to_string()),
        Just("18446744073709551616".to_string()),
        Just("200000".to_string()),
        Just("1_000".to_string()),
        Just("judgment".to_string()),
        "[a-z._@0-9-]{0,12}",
        any::<String>(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn any_query_is_parsed_or_refused_and_round_trips(pieces in proptest::collection::vec(piece(), 0..12)) {
        let text = pieces.concat();
        let limits = Limits::default();
        if let Ok(question) = Question::parse(&text, &limits) {
            let again = Question::parse(&question.to_query(), &limits);
            // `run`, `outcome` and the tornado's settings are not part of
            // the address's question; the rest must come back the same.
            let again = again.expect("a written question reads back");
            prop_assert_eq!(&again.scenario, &question.scenario);
            prop_assert_eq!(&again.sets, &question.sets);
            prop_assert_eq!(&again.assume, &question.assume);
            prop_assert_eq!(&again.compare, &question.compare);
            prop_assert_eq!((again.runs, again.seed, again.params), (question.runs, question.seed, question.params));
        }
    }
}
