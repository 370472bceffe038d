//! The explorer's query strings (`redline serve`: every API call and the
//! page's address), parsed as the server parses them; a question that
//! parses writes back to a query that reads as the same question.
#![no_main]

use libfuzzer_sys::fuzz_target;
use redline_serve::question::{Limits, Question};

fuzz_target!(|data: &[u8]| {
    let text = redline_fuzz::text(data);
    let limits = Limits::default();
    if let Ok(question) = Question::parse(&text, &limits) {
        let again = Question::parse(&question.to_query(), &limits)
            .expect("a written question reads back");
        assert_eq!(again.scenario, question.scenario);
        assert_eq!(again.sets, question.sets);
        assert_eq!(again.assume, question.assume);
        assert_eq!(again.compare, question.compare);
        assert_eq!(
            (again.runs, again.seed, again.params),
            (question.runs, question.seed, question.params)
        );
    }
});
