//! Red-line records and how often red lines held.
//!
//! A record file is a CSV with a header and the columns
//! `date, actor, statement, topic, stance, source_url, followed_by,
//! outcome_date, held`, optionally followed by the context covariates
//! `economic_pressure, deadline_proximity, attack_threat` (each 0–1, empty
//! when unknown) and `note`. `held` is `yes` (the red line held: the
//! threatened response came, or the refused step was not taken), `no`, or
//! `pending` (not resolved by the record's cut-off; left out of the
//! estimates). Every row must carry a source URL.
//!
//! Two estimators:
//!
//! - Beta–binomial: with a Beta(α₀, β₀) prior on an actor's (or actor and
//!   topic's) probability θ that a red line holds, and k of n resolved red
//!   lines held, the posterior is Beta(α₀ + k, β₀ + n − k) (Gelman et al.
//!   2013, *Bayesian Data Analysis*, 3rd ed., §2.4); the next red line holds
//!   with the posterior mean, and the number of the next m that hold is
//!   beta–binomial. Intervals are equal-tailed posterior intervals.
//! - Logistic regression of `held` on the covariates, `logit P(held) =
//!   β₀ + β·x`, fitted by Newton–Raphson (IRLS) with independent normal
//!   priors (sd 2.5 on slopes for covariates on a 0–1 scale, 10 on the
//!   intercept; cf. Gelman, Jakulin, Pittau & Su 2008, "A weakly
//!   informative default prior distribution for logistic and other
//!   regression models") so that small, separable records still give finite
//!   estimates; intervals from the curvature at the mode (Laplace).

use crate::csv::{is_missing, split_line};
use crate::fragment::{Fragment, FragmentEntry};
use crate::linalg::Matrix;
use crate::stats::{beta_quantile, normal_quantile};
use redline_core::input_error::did_you_mean;
use redline_core::{Date, InputError};
use std::collections::BTreeMap;
use std::io::BufRead;

/// The shipped US–Iran red-line record (to 7 February 2025).
pub const US_IRAN_RECORD: &str = redline_records::redlines::US_IRAN;

/// The name of the shipped record, for messages and sources.
pub const US_IRAN_RECORD_NAME: &str = redline_records::redlines::US_IRAN_PATH;

/// The covariates of the logistic model, in order.
pub const COVARIATES: [&str; 3] = ["economic_pressure", "deadline_proximity", "attack_threat"];

const REQUIRED: [&str; 9] = [
    "date",
    "actor",
    "statement",
    "topic",
    "stance",
    "source_url",
    "followed_by",
    "outcome_date",
    "held",
];

/// Whether a red line held.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Held {
    /// It held.
    Yes,
    /// It did not.
    No,
    /// Not resolved yet.
    Pending,
}

/// One red-line statement and what followed.
#[derive(Clone, Debug, PartialEq)]
pub struct RedLine {
    /// 1-based line in the file.
    pub line: usize,
    /// Day of the statement (the first of the month when only `YYYY-MM` is known).
    pub date: Date,
    /// Who drew the line (a country code, `IRN`).
    pub actor: String,
    /// The statement, quoted or summarised.
    pub statement: String,
    /// What it was about (`talks`, `enrichment`, `retaliation`, …).
    pub topic: String,
    /// Its kind (`reject`, `threaten`, `demand`, …).
    pub stance: String,
    /// Where it is documented.
    pub source_url: String,
    /// What followed.
    pub followed_by: String,
    /// When the outcome was settled, if it is.
    pub outcome_date: Option<Date>,
    /// Whether it held.
    pub held: Held,
    /// Covariates (0–1), `None` when unknown.
    pub covariates: [Option<f64>; 3],
}

fn parse_day_or_month(text: &str) -> Option<Date> {
    let t = text.trim();
    if t.len() == 7 {
        let (y, m) = t.split_once('-')?;
        return Date::from_ymd(y.parse().ok()?, m.parse().ok()?, 1);
    }
    Date::parse(t).ok()
}

/// The shipped US–Iran record, parsed.
pub fn shipped_record() -> Result<Vec<RedLine>, InputError> {
    parse_record(US_IRAN_RECORD, US_IRAN_RECORD_NAME)
}

/// Reads a red-line record held in memory (see [`read_record`]).
pub fn parse_record(text: &str, origin: &str) -> Result<Vec<RedLine>, InputError> {
    read_record(text.as_bytes(), origin)
}

/// Reads a red-line record from a stream, line by line; `origin` names it in
/// messages. Every problem is an error with its line and column. Opening
/// files is the caller's business (the command line's).
pub fn read_record(reader: impl BufRead, origin: &str) -> Result<Vec<RedLine>, InputError> {
    let mut lines = reader.lines().enumerate().map(|(i, line)| {
        line.map(|l| (i + 1, l))
            .map_err(|e| InputError::new(origin, format!("cannot read: {e}")).at(i + 1, 1))
    });
    let (_, header) = lines
        .next()
        .transpose()?
        .ok_or_else(|| InputError::new(origin, "the record is empty"))?;
    let mut names = Vec::new();
    split_line(header.trim_start_matches('\u{feff}'), ',', true, &mut names)
        .map_err(|e| InputError::new(origin, e.message).at(1, e.column))?;
    let names: Vec<String> = names.iter().map(|n| n.trim().to_string()).collect();
    let known: Vec<&str> = REQUIRED
        .iter()
        .chain(&COVARIATES)
        .copied()
        .chain(["note"])
        .collect();
    for (i, n) in names.iter().enumerate() {
        if !known.contains(&n.as_str()) {
            let mut e = InputError::new(origin, format!("unknown column `{n}`")).at(1, i + 1);
            if let Some(s) = did_you_mean(n, known.iter().copied()) {
                e = e.hint(format!("did you mean `{s}`?"));
            }
            return Err(e);
        }
    }
    let col = |name: &str| names.iter().position(|n| n == name);
    let mut index = BTreeMap::new();
    for name in REQUIRED {
        let i = col(name).ok_or_else(|| {
            InputError::new(origin, format!("the header has no `{name}` column"))
                .at(1, 1)
                .hint(format!("required columns: {}", REQUIRED.join(", ")))
        })?;
        index.insert(name, i);
    }
    let covariate_cols: Vec<Option<usize>> = COVARIATES.iter().map(|c| col(c)).collect();
    let mut out = Vec::new();
    let mut fields = Vec::new();
    for item in lines {
        let (line_no, line) = item?;
        if line.trim().is_empty() {
            continue;
        }
        split_line(&line, ',', true, &mut fields)
            .map_err(|e| InputError::new(origin, e.message).at(line_no, e.column))?;
        if fields.len() != names.len() {
            return Err(InputError::new(
                origin,
                format!("expected {} fields, found {}", names.len(), fields.len()),
            )
            .at(line_no, 1));
        }
        let at = |name: &str| index[name];
        let column_of = |c: usize| {
            // Character column where field c starts (quotes make this approximate).
            fields[..c]
                .iter()
                .map(|f| f.chars().count() + 1)
                .sum::<usize>()
                + 1
        };
        let err = |c: usize, msg: String| {
            InputError::new(origin, msg)
                .at(line_no, column_of(c))
                .key(names[c].clone())
        };
        let get = |name: &str| fields[at(name)].trim().to_string();
        let date = parse_day_or_month(&get("date")).ok_or_else(|| {
            err(
                at("date"),
                format!("`{}` is not a date (YYYY-MM-DD or YYYY-MM)", get("date")),
            )
        })?;
        for name in ["actor", "statement", "topic", "stance", "source_url"] {
            if is_missing(&get(name)) {
                return Err(err(at(name), format!("`{name}` is empty")));
            }
        }
        let outcome_date = match get("outcome_date") {
            t if is_missing(&t) => None,
            t => Some(
                parse_day_or_month(&t)
                    .ok_or_else(|| err(at("outcome_date"), format!("`{t}` is not a date")))?,
            ),
        };
        let held = match get("held").to_lowercase().as_str() {
            "yes" => Held::Yes,
            "no" => Held::No,
            "pending" | "" => Held::Pending,
            other => {
                return Err(err(
                    at("held"),
                    format!("`{other}` is not yes, no or pending"),
                ));
            }
        };
        let mut covariates = [None; 3];
        for (slot, c) in covariates.iter_mut().zip(&covariate_cols) {
            if let Some(c) = *c {
                let t = fields[c].trim();
                if !is_missing(t) {
                    let v: f64 = t
                        .parse()
                        .ok()
                        .filter(|v: &f64| (0.0..=1.0).contains(v))
                        .ok_or_else(|| err(c, format!("`{t}` is not a number from 0 to 1")))?;
                    *slot = Some(v);
                }
            }
        }
        out.push(RedLine {
            line: line_no,
            date,
            actor: get("actor"),
            statement: get("statement"),
            topic: get("topic"),
            stance: get("stance"),
            source_url: get("source_url"),
            followed_by: get("followed_by"),
            outcome_date,
            held,
            covariates,
        });
    }
    Ok(out)
}

/// A Beta–binomial estimate for one group of red lines.
#[derive(Clone, Debug, PartialEq)]
pub struct GroupEstimate {
    /// Actor.
    pub actor: String,
    /// Topic, or `None` for all the actor's topics.
    pub topic: Option<String>,
    /// Resolved red lines.
    pub resolved: u32,
    /// Of which held.
    pub held: u32,
    /// Pending (not counted).
    pub pending: u32,
    /// Posterior mean of P(held).
    pub mean: f64,
    /// Lower bound of the posterior interval.
    pub lower: f64,
    /// Upper bound.
    pub upper: f64,
}

/// Beta–binomial estimates per actor (all topics) and per actor and topic,
/// with prior Beta(`prior.0`, `prior.1`) and equal-tailed intervals of
/// coverage `level`.
pub fn beta_binomial(records: &[RedLine], prior: (f64, f64), level: f64) -> Vec<GroupEstimate> {
    let mut groups: BTreeMap<(String, Option<String>), (u32, u32, u32)> = BTreeMap::new();
    for r in records {
        for key in [
            (r.actor.clone(), None),
            (r.actor.clone(), Some(r.topic.clone())),
        ] {
            let g = groups.entry(key).or_default();
            match r.held {
                Held::Yes => {
                    g.0 += 1;
                    g.1 += 1;
                }
                Held::No => g.0 += 1,
                Held::Pending => g.2 += 1,
            }
        }
    }
    let tail = (1.0 - level) / 2.0;
    groups
        .into_iter()
        .map(|((actor, topic), (n, k, pending))| {
            let a = prior.0 + f64::from(k);
            let b = prior.1 + f64::from(n - k);
            GroupEstimate {
                actor,
                topic,
                resolved: n,
                held: k,
                pending,
                mean: a / (a + b),
                lower: beta_quantile(tail, a, b),
                upper: beta_quantile(1.0 - tail, a, b),
            }
        })
        .collect()
}

/// A fitted logistic model of `held` on the covariates.
#[derive(Clone, Debug, PartialEq)]
pub struct Logistic {
    /// Names: `intercept` then the covariates.
    pub names: Vec<String>,
    /// Posterior mode of each coefficient (log-odds).
    pub coef: Vec<f64>,
    /// Standard errors from the curvature at the mode.
    pub se: Vec<f64>,
    /// Interval bounds at `level`.
    pub lower: Vec<f64>,
    /// Upper bounds.
    pub upper: Vec<f64>,
    /// Interval coverage.
    pub level: f64,
    /// Rows used (resolved, all covariates known).
    pub used: usize,
    /// Resolved rows left out for an unknown covariate.
    pub dropped: usize,
    /// Newton iterations.
    pub iterations: usize,
}

/// Fits `logit P(y = 1) = xβ` with normal priors of standard deviation
/// `prior_sd[j]` on each coefficient (`f64::INFINITY` for none: plain
/// maximum likelihood). Returns `None` when Newton's method fails to
/// converge (separable data without a prior).
pub fn fit_logistic(
    x: &[Vec<f64>],
    y: &[bool],
    prior_sd: &[f64],
) -> Option<(Vec<f64>, Matrix, usize)> {
    let p = prior_sd.len();
    let precision: Vec<f64> = prior_sd.iter().map(|s| 1.0 / (s * s)).collect();
    let mut beta = vec![0.0; p];
    for iteration in 1..=100 {
        let mut hessian = Matrix::zeros(p, p);
        let mut gradient = vec![0.0; p];
        for (row, &yi) in x.iter().zip(y) {
            let eta: f64 = row.iter().zip(&beta).map(|(a, b)| a * b).sum();
            let mu = 1.0 / (1.0 + (-eta).exp());
            let w = mu * (1.0 - mu);
            let resid = f64::from(u8::from(yi)) - mu;
            for i in 0..p {
                gradient[i] += row[i] * resid;
                for j in 0..p {
                    hessian[(i, j)] += w * row[i] * row[j];
                }
            }
        }
        for i in 0..p {
            gradient[i] -= precision[i] * beta[i];
            hessian[(i, i)] += precision[i];
        }
        let l = hessian.cholesky()?;
        let step = Matrix::cholesky_solve(
            &l,
            &Matrix {
                rows: p,
                cols: 1,
                data: gradient,
            },
        );
        let mut largest: f64 = 0.0;
        for (b, s) in beta.iter_mut().zip(&step.data) {
            *b += s;
            largest = largest.max(s.abs());
        }
        if !beta.iter().all(|b| b.is_finite()) || largest > 1e6 {
            return None;
        }
        if largest < 1e-10 {
            let covariance = hessian.inverse_spd()?;
            return Some((beta, covariance, iteration));
        }
    }
    None
}

/// The logistic model of `held` on the context covariates, over resolved
/// red lines of `actor` (all actors when `None`) with every covariate known.
pub fn logistic(records: &[RedLine], actor: Option<&str>, level: f64) -> Option<Logistic> {
    let mut x = Vec::new();
    let mut y = Vec::new();
    let mut dropped = 0;
    for r in records {
        if r.held == Held::Pending || actor.is_some_and(|a| r.actor != a) {
            continue;
        }
        match r.covariates {
            [Some(a), Some(b), Some(c)] => {
                x.push(vec![1.0, a, b, c]);
                y.push(r.held == Held::Yes);
            }
            _ => dropped += 1,
        }
    }
    if x.is_empty() {
        return None;
    }
    let (coef, cov, iterations) = fit_logistic(&x, &y, &[10.0, 2.5, 2.5, 2.5])?;
    let z = normal_quantile(0.5 + level / 2.0);
    let se: Vec<f64> = (0..coef.len()).map(|i| cov[(i, i)].sqrt()).collect();
    Some(Logistic {
        names: std::iter::once("intercept".to_string())
            .chain(COVARIATES.iter().map(|s| s.to_string()))
            .collect(),
        lower: coef.iter().zip(&se).map(|(c, s)| c - z * s).collect(),
        upper: coef.iter().zip(&se).map(|(c, s)| c + z * s).collect(),
        coef,
        se,
        level,
        used: x.len(),
        dropped,
        iterations,
    })
}

/// M1 estimates for `actor` as a scenario fragment: the probability that a
/// red line holds (Beta–binomial over all its topics) and, when the
/// logistic model could be fitted, the log-odds effects of the covariates.
pub fn fragment(
    groups: &[GroupEstimate],
    model: Option<&Logistic>,
    actor: &str,
    data: &str,
) -> Option<Fragment> {
    let g = groups
        .iter()
        .find(|g| g.actor == actor && g.topic.is_none())?;
    let a = actor.to_lowercase();
    let level = model.map_or(0.9, |m| m.level);
    let mut entries = vec![FragmentEntry {
        key: format!("red_lines.{a}.firmness"),
        value: g.mean,
        interval: Some((g.lower, g.upper, level)),
        meaning: format!(
            "P({actor}'s red line holds): {} of {} resolved held, Beta(1,1) prior",
            g.held, g.resolved
        ),
    }];
    for t in groups.iter().filter(|t| t.actor == actor && t.resolved > 0) {
        let Some(topic) = &t.topic else { continue };
        entries.push(FragmentEntry {
            key: format!("red_lines.{a}.held_{topic}"),
            value: t.mean,
            interval: Some((t.lower, t.upper, level)),
            meaning: format!(
                "P(a {topic} red line holds): {} of {} resolved held",
                t.held, t.resolved
            ),
        });
    }
    if let Some(m) = model {
        for (i, name) in m.names.iter().enumerate() {
            entries.push(FragmentEntry {
                key: format!("red_lines.{a}.logit_{name}"),
                value: m.coef[i],
                interval: Some((m.lower[i], m.upper[i], m.level)),
                meaning: format!("log-odds of holding, {name} (0-1 scale)"),
            });
        }
    }
    Some(Fragment {
        source: format!(
            "{data}: Beta-binomial and logistic (normal priors sd 10/2.5, Laplace intervals) \
             on {} resolved red lines of {actor}",
            g.resolved
        ),
        entries,
    })
}

/// The crisis model's `leader.firmness` (M1: how far a public rejection
/// binds) from `actor`'s red lines on `topic` (`talks`: public refusals of
/// negotiation), as the Beta–binomial posterior mean with its interval; the
/// comment gives the posterior Beta(α, β), which a scenario can use as the
/// parameter's distribution.
pub fn crisis_fragment(
    groups: &[GroupEstimate],
    actor: &str,
    topic: &str,
    prior: (f64, f64),
    level: f64,
    data: &str,
) -> Option<Fragment> {
    let g = groups
        .iter()
        .find(|g| g.actor == actor && g.topic.as_deref() == Some(topic) && g.resolved > 0)?;
    let alpha = prior.0 + f64::from(g.held);
    let beta = prior.1 + f64::from(g.resolved - g.held);
    Some(Fragment {
        source: format!(
            "{data}: {} of {} resolved `{topic}` red lines of {actor} held; Beta-binomial, \
             prior Beta({}, {}), posterior Beta({alpha}, {beta})",
            g.held, g.resolved, prior.0, prior.1
        ),
        entries: vec![FragmentEntry {
            key: redline_crisis::keys::LEADER_FIRMNESS.into(),
            value: g.mean,
            interval: Some((g.lower, g.upper, level)),
            meaning: format!("posterior mean; distribution Beta({alpha}, {beta})"),
        }],
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use redline_core::RandomStream;

    const HEADER: &str = "date,actor,statement,topic,stance,source_url,followed_by,outcome_date,held,economic_pressure,deadline_proximity,attack_threat";

    #[test]
    fn reads_records_and_reports_bad_fields_with_location() {
        let text = format!(
            "{HEADER}\n2013-02-07,IRN,\"no talks, ever\",talks,reject,https://a,secret talks,2013-03,no,0.8,0.2,0.5\n\
             2019-05-08,IRN,60 days,enrichment,threaten,https://b,caps exceeded,2019-07-01,yes,,,\n"
        );
        let r = parse_record(&text, "r.csv").unwrap();
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].statement, "no talks, ever");
        assert_eq!(r[0].outcome_date, Date::from_ymd(2013, 3, 1));
        assert_eq!(r[0].covariates, [Some(0.8), Some(0.2), Some(0.5)]);
        assert_eq!(r[1].covariates, [None; 3]);

        let bad = text.replace(",yes,", ",maybe,");
        let e = parse_record(&bad, "r.csv").unwrap_err();
        assert_eq!(e.line, Some(3));
        assert_eq!(e.key.as_deref(), Some("held"));
        let no_source = text.replace("https://b", "");
        assert!(
            parse_record(&no_source, "r.csv")
                .unwrap_err()
                .message
                .contains("source_url")
        );
        let typo = text.replace("attack_threat", "attack_thread");
        let e = parse_record(&typo, "r.csv").unwrap_err();
        assert_eq!(e.hint.as_deref(), Some("did you mean `attack_threat`?"));
    }

    #[test]
    fn shipped_record_is_sourced_and_ends_at_the_cutoff() {
        let records = parse_record(US_IRAN_RECORD, US_IRAN_RECORD_NAME).unwrap();
        assert!(records.len() >= 20);
        let cutoff = Date::from_ymd(2025, 2, 7).unwrap();
        for r in &records {
            assert!(r.source_url.starts_with("http"), "line {}", r.line);
            assert!(r.date <= cutoff, "line {}", r.line);
            assert!(
                r.outcome_date.is_none_or(|d| d <= cutoff),
                "line {}",
                r.line
            );
            assert_eq!(
                r.held == Held::Pending,
                r.outcome_date.is_none(),
                "line {}",
                r.line
            );
        }
        assert!(records.windows(2).all(|w| w[0].date <= w[1].date));
    }

    fn record(actor: &str, topic: &str, held: Held) -> RedLine {
        RedLine {
            line: 0,
            date: Date::from_days(0),
            actor: actor.into(),
            statement: "s".into(),
            topic: topic.into(),
            stance: "threaten".into(),
            source_url: "u".into(),
            followed_by: String::new(),
            outcome_date: None,
            held,
            covariates: [None; 3],
        }
    }

    #[test]
    fn beta_binomial_posteriors_by_hand() {
        // IRN: 3 held of 4 resolved, 1 pending. Beta(1,1) prior → Beta(4, 2):
        // mean 4/6; Beta(a, 1)-type closed forms do not apply, so check the
        // interval through I_x: P(θ ≤ lower) = 0.05.
        let recs = vec![
            record("IRN", "retaliation", Held::Yes),
            record("IRN", "retaliation", Held::Yes),
            record("IRN", "talks", Held::No),
            record("IRN", "talks", Held::Yes),
            record("IRN", "talks", Held::Pending),
            record("USA", "talks", Held::Yes),
        ];
        let est = beta_binomial(&recs, (1.0, 1.0), 0.9);
        let irn = est
            .iter()
            .find(|g| g.actor == "IRN" && g.topic.is_none())
            .unwrap();
        assert_eq!((irn.resolved, irn.held, irn.pending), (4, 3, 1));
        assert!((irn.mean - 4.0 / 6.0).abs() < 1e-15);
        // Beta(4, 2) CDF: F(x) = 5x⁴ − 4x⁵.
        let cdf = |x: f64| 5.0 * x.powi(4) - 4.0 * x.powi(5);
        assert!((cdf(irn.lower) - 0.05).abs() < 1e-9);
        assert!((cdf(irn.upper) - 0.95).abs() < 1e-9);
        // Retaliation: 2 of 2 → Beta(3, 1): mean 3/4, lower = 0.05^(1/3).
        let ret = est
            .iter()
            .find(|g| g.topic.as_deref() == Some("retaliation"))
            .unwrap();
        assert!((ret.mean - 0.75).abs() < 1e-15);
        assert!((ret.lower - 0.05f64.powf(1.0 / 3.0)).abs() < 1e-9);
    }

    #[test]
    fn fragment_names_the_m1_keys() {
        let recs = vec![
            record("IRN", "talks", Held::No),
            record("IRN", "retaliation", Held::Yes),
            record("IRN", "retaliation", Held::Yes),
        ];
        let groups = beta_binomial(&recs, (1.0, 1.0), 0.9);
        let f = fragment(&groups, None, "IRN", "r.csv").unwrap();
        let keys: Vec<(&str, f64)> = f
            .entries
            .iter()
            .map(|e| (e.key.as_str(), e.value))
            .collect();
        // Beta(1,1) posterior means: all 3/5; retaliation 3/4; talks 1/3.
        assert_eq!(
            keys,
            [
                ("red_lines.irn.firmness", 0.6),
                ("red_lines.irn.held_retaliation", 0.75),
                ("red_lines.irn.held_talks", 1.0 / 3.0),
            ]
        );
        assert!(fragment(&groups, None, "USA", "r.csv").is_none());
    }

    #[test]
    fn leader_firmness_from_talks_red_lines() {
        let recs = vec![
            record("IRN", "talks", Held::No),
            record("IRN", "talks", Held::No),
            record("IRN", "talks", Held::Yes),
            record("IRN", "retaliation", Held::Yes),
        ];
        let groups = beta_binomial(&recs, (1.0, 1.0), 0.9);
        let f = crisis_fragment(&groups, "IRN", "talks", (1.0, 1.0), 0.9, "r.csv").unwrap();
        // 1 of 3 held: posterior Beta(2, 3), mean 0.4.
        assert_eq!(f.entries[0].key, "leader.firmness");
        assert!((f.entries[0].value - 0.4).abs() < 1e-15);
        assert!(f.entries[0].meaning.contains("Beta(2, 3)"));
        assert!(crisis_fragment(&groups, "IRN", "sanctions", (1.0, 1.0), 0.9, "r").is_none());
    }

    #[test]
    fn intercept_only_logistic_is_the_logit_of_the_share() {
        // MLE of an intercept-only model: logit(k/n); SE = 1/sqrt(n p (1−p)).
        let x = vec![vec![1.0]; 10];
        let y: Vec<bool> = (0..10).map(|i| i < 7).collect();
        let (b, cov, _) = fit_logistic(&x, &y, &[f64::INFINITY]).unwrap();
        assert!((b[0] - (0.7f64 / 0.3).ln()).abs() < 1e-10);
        assert!((cov[(0, 0)] - 1.0 / (10.0 * 0.7 * 0.3)).abs() < 1e-10);
    }

    #[test]
    fn logistic_recovers_simulated_coefficients() {
        let truth = [-0.5, 2.0, -1.5, 1.0];
        let mut rng = RandomStream::new(5, 0, "test-logistic");
        let mut x = Vec::new();
        let mut y = Vec::new();
        for _ in 0..20_000 {
            let row = vec![1.0, rng.uniform(), rng.uniform(), rng.uniform()];
            let eta: f64 = row.iter().zip(&truth).map(|(a, b)| a * b).sum();
            y.push(rng.uniform() < 1.0 / (1.0 + (-eta).exp()));
            x.push(row);
        }
        let (b, cov, _) = fit_logistic(&x, &y, &[10.0, 2.5, 2.5, 2.5]).unwrap();
        for i in 0..4 {
            let se = cov[(i, i)].sqrt();
            assert!(
                (b[i] - truth[i]).abs() < 3.5 * se,
                "coef {i}: {} vs {}",
                b[i],
                truth[i]
            );
            assert!(se < 0.1);
        }
    }

    #[test]
    fn separable_records_still_give_finite_estimates_with_the_prior() {
        let x: Vec<Vec<f64>> = (0..6).map(|i| vec![1.0, f64::from(i) / 5.0]).collect();
        let y = [false, false, false, true, true, true];
        assert!(fit_logistic(&x, &y, &[f64::INFINITY, f64::INFINITY]).is_none());
        let (b, _, _) = fit_logistic(&x, &y, &[10.0, 2.5]).unwrap();
        assert!(b[1] > 0.0 && b[1].is_finite());
    }
}
