//! A what-if question as the page asks it: the query string of every API
//! call and of the page's own address (its permalink), parsed and checked
//! like the command line's flags, with the same names.
//!
//! `?scenario=iran-2025-02-07&set=leader.red_line=absolute&assume=israeli_strike@2025-05-01&compare=grit,tit-for-tat&runs=10000&seed=42`

use redline_scenarios::Params;

/// The limits a question must respect (the server's `--max-runs`, …).
#[derive(Clone, Debug)]
pub struct Limits {
    /// Most runs of one forecast.
    pub max_runs: u64,
    /// Most `set`s, `assume`s and compared strategies, each.
    pub max_items: usize,
    /// Most Morris trajectories of a tornado.
    pub max_samples: usize,
    /// Most runs per design point of a tornado.
    pub max_sensitivity_runs: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_runs: 200_000,
            max_items: 256,
            // The report's tornado (8 × 400: about 35 s for the flagship in
            // a release build) is the largest a request may hold a slot for.
            max_samples: 8,
            max_sensitivity_runs: 400,
        }
    }
}

/// The runs of a forecast when the question does not say (the CLI's default).
pub const DEFAULT_RUNS: u64 = 10_000;
/// The seed when the question does not say (the CLI's default).
pub const DEFAULT_SEED: u64 = 42;

/// A parsed question.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Question {
    /// The scenario's name (a shipped id or a folder file's stem).
    pub scenario: String,
    /// Fitted or judgment parameters (`params=`, as `--params`).
    pub params: Params,
    /// `set=KEY=VALUE`, in order (as `--set`).
    pub sets: Vec<String>,
    /// `assume=OUTCOME@DATE`, in order (as `--assume`).
    pub assume: Vec<String>,
    /// Strategies compared with the scenario's own (as `--compare`).
    pub compare: Vec<String>,
    /// Runs of the forecast.
    pub runs: u64,
    /// Seed of every stream.
    pub seed: u64,
    /// The run a trace tells.
    pub run: u64,
    /// The outcome of a tornado.
    pub outcome: Option<String>,
    /// Morris trajectories of a tornado.
    pub samples: usize,
    /// Runs per design point of a tornado.
    pub sensitivity_runs: u64,
}

/// The query keys a question may carry.
pub const KEYS: &[&str] = &[
    "scenario",
    "params",
    "set",
    "assume",
    "compare",
    "runs",
    "seed",
    "run",
    "outcome",
    "samples",
    "sensitivity_runs",
];

/// What is wrong with a question: the key and the message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BadQuestion {
    /// The query key at fault.
    pub key: String,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for BadQuestion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.key, self.message)
    }
}

impl Question {
    /// Parses a query string (without the `?`); an empty one is the
    /// flagship with the CLI's defaults.
    pub fn parse(query: &str, limits: &Limits) -> Result<Question, BadQuestion> {
        let mut q = Question {
            scenario: redline_scenarios::FLAGSHIP_ID.to_string(),
            params: Params::Fitted,
            sets: Vec::new(),
            assume: Vec::new(),
            compare: Vec::new(),
            runs: DEFAULT_RUNS,
            seed: DEFAULT_SEED,
            run: 0,
            outcome: None,
            samples: 8,
            sensitivity_runs: 400,
        };
        for (key, value) in form_urlencoded::parse(query.as_bytes()) {
            let bad = |message: String| BadQuestion {
                key: key.to_string(),
                message,
            };
            let value = value.trim();
            match key.as_ref() {
                "scenario" => q.scenario = value.to_string(),
                "params" => {
                    q.params = match value {
                        "fitted" => Params::Fitted,
                        "judgment" => Params::Judgment,
                        _ => return Err(bad(format!("`{value}`: expected fitted or judgment"))),
                    }
                }
                "set" => {
                    if !value.contains('=') {
                        return Err(bad(format!("`{value}`: expected KEY=VALUE")));
                    }
                    q.sets.push(value.to_string());
                }
                "assume" => q.assume.push(value.to_string()),
                "compare" => q.compare.extend(
                    value
                        .split(',')
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(str::to_string),
                ),
                "runs" => q.runs = number(value, 1, limits.max_runs).map_err(bad)?,
                "seed" => q.seed = number(value, 0, u64::MAX).map_err(bad)?,
                "run" => q.run = number(value, 0, u64::MAX - 1).map_err(bad)?,
                "outcome" => q.outcome = Some(value.to_string()),
                "samples" => {
                    q.samples = number(value, 1, limits.max_samples as u64).map_err(bad)? as usize
                }
                "sensitivity_runs" => {
                    q.sensitivity_runs =
                        number(value, 1, limits.max_sensitivity_runs).map_err(bad)?
                }
                other => {
                    let hint = redline_core::input_error::did_you_mean(other, KEYS.iter().copied())
                        .map_or(String::new(), |near| format!(" (did you mean `{near}`?)"));
                    return Err(bad(format!(
                        "unknown query parameter{hint}; expected one of: {}",
                        KEYS.join(", ")
                    )));
                }
            }
            for (name, items) in [
                ("set", &q.sets),
                ("assume", &q.assume),
                ("compare", &q.compare),
            ] {
                if items.len() > limits.max_items {
                    return Err(BadQuestion {
                        key: name.to_string(),
                        message: format!("more than {} items", limits.max_items),
                    });
                }
            }
        }
        Ok(q)
    }

    /// The same question as a query string, in a fixed order (the forecast's
    /// `query` field, for clients of the API; the page builds its own address
    /// with the same keys in `explorer.js`). The trace's and the tornado's
    /// keys are left out.
    pub fn to_query(&self) -> String {
        let mut out = form_urlencoded::Serializer::new(String::new());
        out.append_pair("scenario", &self.scenario);
        if self.params == Params::Judgment {
            out.append_pair("params", "judgment");
        }
        for s in &self.sets {
            out.append_pair("set", s);
        }
        for a in &self.assume {
            out.append_pair("assume", a);
        }
        if !self.compare.is_empty() {
            out.append_pair("compare", &self.compare.join(","));
        }
        out.append_pair("runs", &self.runs.to_string());
        out.append_pair("seed", &self.seed.to_string());
        out.finish()
    }
}

/// An integer in `[low, high]`.
fn number(text: &str, low: u64, high: u64) -> Result<u64, String> {
    let n: u64 = text
        .replace('_', "")
        .parse()
        .map_err(|_| format!("`{text}` is not a whole number"))?;
    if n < low || n > high {
        return Err(format!("{n} is outside {low}..={high}"));
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_query_is_the_flagship_with_the_cli_defaults() {
        let q = Question::parse("", &Limits::default()).unwrap();
        assert_eq!(q.scenario, "iran-2025-02-07");
        assert_eq!((q.runs, q.seed), (10_000, 42));
        assert_eq!(q.params, Params::Fitted);
    }

    #[test]
    fn repeated_keys_keep_their_order_and_round_trip() {
        let text = "scenario=iran-2018-05-08&params=judgment&set=leader.red_line%3Dabsolute&set=snapback.enabled%3Dfalse&assume=israeli_strike%402025-05-01&compare=grit%2Ctit-for-tat&runs=2000&seed=7";
        let q = Question::parse(text, &Limits::default()).unwrap();
        assert_eq!(
            q.sets,
            ["leader.red_line=absolute", "snapback.enabled=false"]
        );
        assert_eq!(q.compare, ["grit", "tit-for-tat"]);
        assert_eq!(q.assume, ["israeli_strike@2025-05-01"]);
        assert_eq!(
            Question::parse(&q.to_query(), &Limits::default()).unwrap(),
            q
        );
        assert_eq!(q.to_query(), text);
    }

    #[test]
    fn bad_values_name_their_key() {
        let limits = Limits::default();
        let e = Question::parse("runs=0", &limits).unwrap_err();
        assert_eq!(e.key, "runs");
        let e = Question::parse("runs=200001", &limits).unwrap_err();
        assert!(e.message.contains("outside 1..=200000"), "{e}");
        let e = Question::parse("seeds=3", &limits).unwrap_err();
        assert!(e.message.contains("did you mean `seed`"), "{e}");
        let e = Question::parse("set=leader.red_line", &limits).unwrap_err();
        assert_eq!(e.key, "set");
        let many = vec!["assume=x@2025-01-01"; 300].join("&");
        assert_eq!(Question::parse(&many, &limits).unwrap_err().key, "assume");
    }
}
