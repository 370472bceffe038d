//! A scenario's parameters as a model reads them: the limits a model sets
//! ([`Bounds`]), the validating reader ([`ParamReader`]) that checks every
//! key, type, range and metadata at load time and reports unknown keys with
//! "did you mean", and the per-run side ([`ParamSampler`] draws a run's
//! uncertain values, [`Replay`] hands them back) — one model function over
//! [`ParamSource`] serves both. The file format itself is [`crate::scenario`].

use crate::date::Date;
use crate::distribution::Distribution;
use crate::input_error::{InputError, did_you_mean};
use crate::rng::RandomStream;
use crate::scenario::{ParamValue, Parameter, Scenario};

/// Hard limits on a numeric parameter, set by the model that reads it (a
/// probability can be nothing but [0, 1], whatever the file says).
#[derive(Clone, Copy, Debug)]
pub struct Bounds {
    /// Least value the model accepts.
    pub min: f64,
    /// Greatest value the model accepts.
    pub max: f64,
    /// What the quantity is, for messages ("a probability").
    pub what: &'static str,
}

impl Bounds {
    /// [0, 1], a probability.
    pub const PROBABILITY: Bounds = Bounds {
        min: 0.0,
        max: 1.0,
        what: "a probability",
    };
    /// [0, 1], a share or index.
    pub const SHARE: Bounds = Bounds {
        min: 0.0,
        max: 1.0,
        what: "a share in [0, 1]",
    };
    /// [0, ∞).
    pub const NON_NEGATIVE: Bounds = Bounds {
        min: 0.0,
        max: f64::INFINITY,
        what: "a non-negative number",
    };
    /// (0, ∞).
    pub const POSITIVE: Bounds = Bounds {
        min: f64::MIN_POSITIVE,
        max: f64::INFINITY,
        what: "a positive number",
    };
    /// Any finite number (a regression coefficient).
    pub const ANY: Bounds = Bounds {
        min: f64::NEG_INFINITY,
        max: f64::INFINITY,
        what: "a number",
    };
    /// The Goldstein conflict–cooperation scale, [−10, 10].
    pub const GOLDSTEIN: Bounds = Bounds {
        min: -10.0,
        max: 10.0,
        what: "a Goldstein value in [-10, 10]",
    };
}

/// Where a model gets its numeric parameters. At load time a [`ParamReader`]
/// validates each key; in each run a [`Replay`] hands back that run's draws in
/// the same order. A model writes one function over `impl ParamSource` and
/// gets both.
pub trait ParamSource {
    /// The value of the numeric parameter `key`, within `bounds`.
    fn number(&mut self, key: &str, bounds: Bounds) -> f64;
}

/// Reads and validates a scenario's parameters on behalf of a model, and
/// records the numeric ones in the order the model asks for them.
pub struct ParamReader<'s> {
    scenario: &'s Scenario,
    used: Vec<bool>,
    numbers: Vec<usize>,
    choices: Vec<Choice>,
    error: Option<InputError>,
}

/// The words a parameter may take, as the model asked for them: what an
/// interface offers as a choice (`leader.red_line`: negotiable, absolute, or
/// a number).
#[derive(Clone, Debug)]
pub struct Choice {
    /// The parameter's key.
    pub key: String,
    /// The words it accepts.
    pub options: Vec<String>,
    /// The numbers it accepts besides the words, if any.
    pub or_number: Option<Bounds>,
}

impl<'s> ParamReader<'s> {
    /// A reader over `scenario`'s parameters.
    pub fn new(scenario: &'s Scenario) -> Self {
        ParamReader {
            scenario,
            used: vec![false; scenario.parameters.len()],
            numbers: Vec::new(),
            choices: Vec::new(),
            error: None,
        }
    }

    /// The choices read so far ([`ParamReader::choice`] and
    /// [`ParamReader::choice_or_number`]), in the order read.
    pub fn choices(&self) -> &[Choice] {
        &self.choices
    }

    fn record_choice(&mut self, key: &str, options: &[&str], or_number: Option<Bounds>) {
        if self.choices.iter().all(|c| c.key != key) {
            self.choices.push(Choice {
                key: key.to_string(),
                options: options.iter().map(|o| o.to_string()).collect(),
                or_number,
            });
        }
    }

    /// The scenario being read.
    pub fn scenario(&self) -> &'s Scenario {
        self.scenario
    }

    fn fail(&mut self, error: InputError) {
        if self.error.is_none() {
            self.error = Some(error);
        }
    }

    fn lookup(&mut self, key: &str) -> Option<(usize, &'s Parameter)> {
        let scenario = self.scenario;
        match scenario.parameters.iter().position(|p| p.key == key) {
            Some(i) => {
                self.used[i] = true;
                let parameter = &scenario.parameters[i];
                self.check_metadata(parameter);
                Some((i, parameter))
            }
            None => {
                // A missing key is most often a misspelt one: point at the misspelling.
                let misspelt = scenario
                    .parameters
                    .iter()
                    .filter(|p| {
                        p.key.rsplit_once('.').map(|(t, _)| t)
                            == key.rsplit_once('.').map(|(t, _)| t)
                    })
                    .find(|p| did_you_mean(&p.key, [key]).is_some());
                let error = match misspelt {
                    Some(p) => scenario
                        .error_at(p.key_loc, &p.key, "unknown key")
                        .hint(format!("did you mean `{key}`?")),
                    None => scenario.error(key, format!("missing parameter `{key}`")),
                };
                self.fail(error);
                None
            }
        }
    }

    fn check_metadata(&mut self, p: &Parameter) {
        let mut missing = Vec::new();
        let numeric = matches!(p.value, ParamValue::Number(_));
        if numeric && p.unit.is_none() {
            missing.push("unit");
        }
        if numeric && p.range.is_none() {
            missing.push("range");
        }
        if p.default.is_none() {
            missing.push("default");
        }
        if p.source.as_deref().is_none_or(|s| s.trim().is_empty()) {
            missing.push("source");
        }
        if !missing.is_empty() {
            let message = format!(
                "a parameter needs {}: write it as {{ value = …, unit = \"…\", range = [low, high], default = …, source = \"…\" }}",
                missing.join(", ")
            );
            self.fail(self.scenario.error_at(p.loc, &p.key, message));
        }
    }

    fn wrong_type(&mut self, p: &Parameter, expected: &str) {
        let found = match p.value {
            ParamValue::Number(_) => "a number",
            ParamValue::Text(_) => "a string",
            ParamValue::Bool(_) => "a boolean",
            ParamValue::Date(_) => "a date",
        };
        self.fail(self.scenario.error_at(
            p.loc,
            &p.key,
            format!("expected {expected}, found {found}"),
        ));
    }

    /// A word from `options` (`counterpart.strategy`).
    pub fn choice(&mut self, key: &str, options: &[&str]) -> String {
        self.record_choice(key, options, None);
        let Some((_, p)) = self.lookup(key) else {
            return options.first().copied().unwrap_or_default().to_string();
        };
        match &p.value {
            ParamValue::Text(s) if options.contains(&s.as_str()) => s.clone(),
            ParamValue::Text(s) => {
                let error = self
                    .scenario
                    .error_at(p.loc, key, format!("unknown value `{s}`"));
                let error = match did_you_mean(s, options.iter().copied()) {
                    Some(near) => error.hint(format!(
                        "did you mean `{near}`? expected one of: {}",
                        options.join(", ")
                    )),
                    None => error.hint(format!("expected one of: {}", options.join(", "))),
                };
                self.fail(error);
                options.first().copied().unwrap_or_default().to_string()
            }
            _ => {
                self.wrong_type(p, &format!("one of: {}", options.join(", ")));
                options.first().copied().unwrap_or_default().to_string()
            }
        }
    }

    /// A word from `options`, or a number within `bounds` (`leader.red_line`
    /// is "negotiable", "absolute", or a firmness value).
    pub fn choice_or_number(
        &mut self,
        key: &str,
        options: &[&str],
        bounds: Bounds,
    ) -> Result<String, f64> {
        self.record_choice(key, options, Some(bounds));
        let scenario = self.scenario;
        if let Some(p) = scenario.parameters.iter().find(|p| p.key == key)
            && let ParamValue::Number(Distribution::Fixed(v)) = p.value
        {
            self.lookup(key);
            if !(bounds.min..=bounds.max).contains(&v) {
                self.fail(scenario.error_at(p.loc, key, format!("{v} is not {}", bounds.what)));
            }
            return Err(v);
        }
        Ok(self.choice(key, options))
    }

    /// A switch (`snapback.enabled`).
    pub fn flag(&mut self, key: &str) -> bool {
        let Some((_, p)) = self.lookup(key) else {
            return false;
        };
        match p.value {
            ParamValue::Bool(b) => b,
            _ => {
                self.wrong_type(p, "true or false");
                false
            }
        }
    }

    /// A date (`snapback.termination_day`).
    pub fn date(&mut self, key: &str) -> Date {
        let fallback = self.scenario.as_of;
        let Some((_, p)) = self.lookup(key) else {
            return fallback;
        };
        match p.value {
            ParamValue::Date(d) => d,
            _ => {
                self.wrong_type(p, "a date (YYYY-MM-DD)");
                fallback
            }
        }
    }

    /// Checks everything read and reports the first problem, or an unknown
    /// key (one no model read). Returns the numeric parameters in the order
    /// they were read, ready to sample.
    pub fn finish(self) -> Result<ParamSampler, InputError> {
        if let Some(error) = self.error {
            return Err(error);
        }
        let known: Vec<&str> = self
            .scenario
            .parameters
            .iter()
            .zip(&self.used)
            .filter(|(_, u)| **u)
            .map(|(p, _)| p.key.as_str())
            .collect();
        if let Some((p, _)) = self
            .scenario
            .parameters
            .iter()
            .zip(&self.used)
            .find(|(_, u)| !**u)
        {
            let error = self.scenario.error_at(p.key_loc, &p.key, "unknown key");
            return Err(match did_you_mean(&p.key, known.iter().copied()) {
                Some(near) => error.hint(format!("did you mean `{near}`?")),
                None => {
                    error.hint("`redline scenario params` lists the parameters this model reads")
                }
            });
        }
        let parameters = &self.scenario.parameters;
        Ok(ParamSampler {
            distributions: self
                .numbers
                .iter()
                .map(|&i| number_of(&parameters[i]))
                .collect(),
            keys: self
                .numbers
                .iter()
                .map(|&i| parameters[i].key.clone())
                .collect(),
        })
    }
}

fn number_of(p: &Parameter) -> Distribution {
    match &p.value {
        ParamValue::Number(d) => d.clone(),
        _ => Distribution::Fixed(f64::NAN),
    }
}

impl ParamSource for ParamReader<'_> {
    fn number(&mut self, key: &str, bounds: Bounds) -> f64 {
        let Some((index, p)) = self.lookup(key) else {
            return 0.0;
        };
        let ParamValue::Number(dist) = &p.value else {
            self.wrong_type(p, &format!("a number ({})", bounds.what));
            return 0.0;
        };
        let mut dist = dist.clone();
        // A truncated normal takes the parameter's range as its truncation points.
        if let (Distribution::TruncatedNormal { low, high, .. }, Some((a, b))) =
            (&mut dist, p.range)
        {
            *low = a;
            *high = b;
        }
        let (lo, hi) = dist.support();
        let (range_lo, range_hi) = p.range.unwrap_or((lo, hi));
        if lo < bounds.min || hi > bounds.max || range_lo < bounds.min || range_hi > bounds.max {
            let shown = if dist.is_fixed() {
                format!("{lo}")
            } else {
                format!("{dist} (range [{range_lo}, {range_hi}])")
            };
            self.fail(self.scenario.error_at(
                p.loc,
                key,
                format!("{shown} is not {}", bounds.what),
            ));
        }
        if let Some(ParamValue::Number(Distribution::Fixed(d))) = &p.default
            && !(range_lo..=range_hi).contains(d)
        {
            self.fail(self.scenario.error_at(
                p.loc,
                key,
                format!("the default {d} is outside the range [{range_lo}, {range_hi}]"),
            ));
        }
        self.numbers.push(index);
        dist.central()
    }
}

/// The numeric parameters of a model in the order it reads them, with their
/// distributions: draws each run's values.
#[derive(Clone, Debug)]
pub struct ParamSampler {
    distributions: Vec<Distribution>,
    keys: Vec<String>,
}

impl ParamSampler {
    /// Number of numeric parameters.
    pub fn len(&self) -> usize {
        self.distributions.len()
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.distributions.is_empty()
    }

    /// Keys in read order.
    pub fn keys(&self) -> &[String] {
        &self.keys
    }

    /// Distributions in read order.
    pub fn distributions(&self) -> &[Distribution] {
        &self.distributions
    }

    /// Writes parameter draw `draw`'s values into `values`. Each uncertain
    /// parameter has its own stream, keyed by (seed, draw, its name), so
    /// adding or fixing one parameter leaves every other parameter's draws
    /// unchanged. An ensemble gives each group of runs one draw (run r of an
    /// ensemble with m runs per draw uses draw r / m; m = 1 gives every run
    /// its own).
    pub fn sample_into(&self, seed: u64, draw: u64, values: &mut Vec<f64>) {
        values.clear();
        values.extend(
            self.distributions
                .iter()
                .zip(&self.keys)
                .map(|(dist, key)| {
                    if dist.is_fixed() {
                        dist.central()
                    } else {
                        dist.sample(&mut RandomStream::new(seed, draw, key))
                    }
                }),
        );
    }
}

/// Hands a model one run's parameter draws back in the order it reads them.
pub struct Replay<'v> {
    values: &'v [f64],
    next: usize,
}

impl<'v> Replay<'v> {
    /// A replay of `values` (from [`ParamSampler::sample_into`]).
    pub fn new(values: &'v [f64]) -> Self {
        Replay { values, next: 0 }
    }
}

impl ParamSource for Replay<'_> {
    fn number(&mut self, _key: &str, _bounds: Bounds) -> f64 {
        let value = self.values.get(self.next).copied().unwrap_or(f64::NAN);
        self.next += 1;
        value
    }
}
