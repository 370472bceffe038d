//! Forecast skill: recorded outcomes, proper scores, reliability and baselines.
//!
//! A forecast is a probability `p` that an outcome happens by a scenario's
//! horizon; the record says whether it did (`y` = 1 or 0). The scores:
//!
//! * **Brier** (1950, *Monthly Weather Review* 78(1)): mean of (p − y)²; 0 is
//!   perfect, 0.25 is what always saying 50 % earns.
//! * **Logarithmic**: mean of ln p when it happened and ln(1 − p) when it did
//!   not (higher is better; 0 is perfect, ln ½ ≈ −0.693 for always 50 %).
//!   Probabilities are clamped to [ε, 1 − ε] with ε = 10⁻⁴ (about one run in ten
//!   thousand), so that an ensemble that never saw an event is penalised
//!   heavily but finitely.
//! * **Skill** against a baseline: 1 − Brier(model) / Brier(baseline).
//! * **Reliability**: forecasts grouped in tenths of probability, with the
//!   mean forecast and the observed frequency in each (Murphy & Winkler 1977).
//!
//! Baselines: always 50 %, and the base rate of each outcome across the
//! scored cases (in-sample, which flatters the baseline); [`crate::backtest`]
//! scores a set of forecasts against both.

use redline_core::{Date, InputError};

/// What the record says of an outcome: the `happened` column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// `yes`: it happened within the horizon.
    Yes,
    /// `no`: it did not.
    No,
    /// `unknown`: not yet coded with a source (not scored).
    Unknown,
    /// `n/a`: it could not happen in the case (no snapback route before
    /// 2015, say), so a "no" would be an easy negative that flatters the
    /// score (not scored).
    NotApplicable,
}

impl Verdict {
    /// Whether it happened, for the verdicts that are scored.
    pub fn happened(self) -> Option<bool> {
        match self {
            Verdict::Yes => Some(true),
            Verdict::No => Some(false),
            Verdict::Unknown | Verdict::NotApplicable => None,
        }
    }
}

/// What the record says of one outcome in one scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct RecordedOutcome {
    /// The outcome's id, as the scenario names it.
    pub outcome: String,
    /// Whether it happened, or why it is not scored.
    pub verdict: Verdict,
    /// When, if it happened.
    pub date: Option<Date>,
    /// Where the record comes from.
    pub source_url: String,
    /// How the definition was applied.
    pub note: String,
}

/// The recorded outcomes shipped with redline: (scenario id, CSV text of
/// `data/outcomes/<id>.csv`), owned by `redline-records`.
pub const RECORDS: &[(&str, &str)] = redline_records::outcomes::RECORDS;

/// Every shipped record, parsed: (scenario id, its recorded outcomes).
pub fn shipped_records() -> Result<Vec<(String, Vec<RecordedOutcome>)>, InputError> {
    RECORDS
        .iter()
        .map(|(id, text)| {
            let records = parse_outcomes(text, &format!("data/outcomes/{id}.csv"))?;
            Ok((id.to_string(), records))
        })
        .collect()
}

/// Parses an outcome record (`outcome,happened,date,source_url,note`).
pub fn parse_outcomes(text: &str, origin: &str) -> Result<Vec<RecordedOutcome>, InputError> {
    let mut records = Vec::new();
    let mut row = Vec::new();
    for (n, line) in text.lines().enumerate().skip(1) {
        let line_no = n + 1;
        if line.trim().is_empty() {
            continue;
        }
        crate::csv::split_line(line, ',', true, &mut row)
            .map_err(|e| InputError::new(origin, e.message).at(line_no, e.column))?;
        if row.len() != 5 {
            return Err(InputError::new(
                origin,
                format!("expected 5 columns, found {}", row.len()),
            )
            .at(line_no, 1));
        }
        // Ids are the scenario's; the backtest matches them to its outcomes.
        let outcome = row[0].trim().to_string();
        if outcome.is_empty()
            || !outcome
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        {
            return Err(InputError::new(
                origin,
                format!(
                    "`{}` is not an outcome id (lower-case letters, digits and `_`)",
                    outcome.chars().take(48).collect::<String>()
                ),
            )
            .at(line_no, 1)
            .key("outcome"));
        }
        let verdict = match row[1].trim() {
            "yes" => Verdict::Yes,
            "no" => Verdict::No,
            "unknown" => Verdict::Unknown,
            "n/a" => Verdict::NotApplicable,
            other => {
                return Err(InputError::new(
                    origin,
                    format!("`{other}`: expected yes, no, unknown or n/a"),
                )
                .at(line_no, row[0].len() + 2)
                .key("happened"));
            }
        };
        let date = match row[2].trim() {
            "" => None,
            text => Some(
                Date::parse(text)
                    .map_err(|e| InputError::new(origin, e.0).at(line_no, 1).key("date"))?,
            ),
        };
        if verdict == Verdict::Yes && date.is_none() {
            return Err(
                InputError::new(origin, "an outcome that happened needs its date")
                    .at(line_no, 1)
                    .key("date"),
            );
        }
        if row[3].trim().is_empty() {
            return Err(InputError::new(origin, "every record needs a source")
                .at(line_no, 1)
                .key("source_url"));
        }
        records.push(RecordedOutcome {
            outcome,
            verdict,
            date,
            source_url: row[3].trim().to_string(),
            note: row[4].trim().to_string(),
        });
    }
    Ok(records)
}

/// Smallest probability the log score uses.
pub const LOG_FLOOR: f64 = 1e-4;

/// Brier score of one forecast.
pub fn brier(p: f64, happened: bool) -> f64 {
    (p - f64::from(u8::from(happened))).powi(2)
}

/// Logarithmic score of one forecast (natural log; higher is better).
pub fn log_score(p: f64, happened: bool) -> f64 {
    let p = p.clamp(LOG_FLOOR, 1.0 - LOG_FLOOR);
    if happened { p.ln() } else { (1.0 - p).ln() }
}

/// One reliability bin.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ReliabilityBin {
    /// Lower edge of the bin (upper is lower + 0.1).
    pub lower: f64,
    /// Forecasts in the bin.
    pub count: usize,
    /// Their mean probability.
    pub mean_forecast: f64,
    /// The share that happened.
    pub observed: f64,
}

/// Reliability in tenths: bins with at least one forecast.
pub fn reliability(cases: &[(f64, bool)]) -> Vec<ReliabilityBin> {
    let mut bins = [(0usize, 0.0f64, 0usize); 10];
    for &(p, y) in cases {
        let i = ((p * 10.0).floor() as usize).min(9);
        bins[i].0 += 1;
        bins[i].1 += p;
        bins[i].2 += usize::from(y);
    }
    bins.iter()
        .enumerate()
        .filter(|(_, b)| b.0 > 0)
        .map(|(i, b)| ReliabilityBin {
            lower: i as f64 / 10.0,
            count: b.0,
            mean_forecast: b.1 / b.0 as f64,
            observed: b.2 as f64 / b.0 as f64,
        })
        .collect()
}

/// Mean Brier and log scores of a set of (p, happened) cases.
pub fn mean_scores(cases: &[(f64, bool)]) -> (f64, f64) {
    let n = cases.len().max(1) as f64;
    let b = cases.iter().map(|&(p, y)| brier(p, y)).sum::<f64>() / n;
    let l = cases.iter().map(|&(p, y)| log_score(p, y)).sum::<f64>() / n;
    (b, l)
}

/// 1 − Brier(model)/Brier(baseline): positive when the model beats the baseline.
pub fn skill(model_brier: f64, baseline_brier: f64) -> f64 {
    if baseline_brier > 0.0 {
        1.0 - model_brier / baseline_brier
    } else {
        f64::NAN
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_says_yes_no_unknown_or_not_applicable() {
        let text = "outcome,happened,date,source_url,note\n\
                    war,yes,2003-03-20,https://a.example,\n\
                    strike,no,,https://b.example,\n\
                    talks,unknown,,https://c.example,\n\
                    snapback,n/a,,https://d.example,no route before 2015\n";
        let verdicts: Vec<Verdict> = parse_outcomes(text, "r.csv")
            .expect("parses")
            .iter()
            .map(|r| r.verdict)
            .collect();
        assert_eq!(
            verdicts,
            [
                Verdict::Yes,
                Verdict::No,
                Verdict::Unknown,
                Verdict::NotApplicable
            ]
        );
        assert_eq!(Verdict::NotApplicable.happened(), None);
        let bad = "outcome,happened,date,source_url,note\nwar,na,,https://a.example,\n";
        let e = parse_outcomes(bad, "r.csv").expect_err("refused");
        assert!(e.message.contains("n/a"), "{}", e.message);
        assert_eq!((e.line, e.key.as_deref()), (Some(2), Some("happened")));
    }

    #[test]
    fn scores_by_hand() {
        // (0.8, yes): Brier 0.04, log ln 0.8; (0.3, no): 0.09, ln 0.7.
        let cases = [(0.8, true), (0.3, false)];
        let (b, l) = mean_scores(&cases);
        assert!((b - 0.065).abs() < 1e-12);
        assert!((l - (0.8f64.ln() + 0.7f64.ln()) / 2.0).abs() < 1e-12);
        // Always 50 %: Brier 0.25, log ln ½ whatever happens.
        assert!((mean_scores(&[(0.5, true), (0.5, false)]).0 - 0.25).abs() < 1e-12);
        assert!((skill(0.065, 0.25) - 0.74).abs() < 1e-12);
        // A zero forecast of an event that happened is penalised at the floor.
        assert!((log_score(0.0, true) - LOG_FLOOR.ln()).abs() < 1e-12);
    }

    #[test]
    fn reliability_bins_by_hand() {
        let bins = reliability(&[(0.05, false), (0.08, true), (0.95, true), (1.0, true)]);
        assert_eq!(bins.len(), 2);
        assert_eq!((bins[0].lower, bins[0].count), (0.0, 2));
        assert!(
            (bins[0].mean_forecast - 0.065).abs() < 1e-12 && (bins[0].observed - 0.5).abs() < 1e-12
        );
        assert_eq!(
            (bins[1].lower, bins[1].count, bins[1].observed),
            (0.9, 2, 1.0)
        );
    }

    #[test]
    fn shipped_records_parse_and_cover_every_outcome_once() {
        // That each record covers its scenario's outcomes is checked where
        // both are at hand: the backtest leaves nothing out for want of a row
        // (`backtest_scores_the_historical_cases_and_not_the_flagship`).
        for (id, text) in RECORDS {
            let records = parse_outcomes(text, id).expect("valid record");
            assert!(records.len() >= 5, "{id}");
            for r in &records {
                assert_eq!(
                    records.iter().filter(|o| o.outcome == r.outcome).count(),
                    1,
                    "{id}: {}",
                    r.outcome
                );
            }
            assert!(
                records.iter().all(|r| r.source_url.starts_with("http")),
                "{id}"
            );
        }
    }

    #[test]
    fn bad_records_are_located() {
        let cases = [
            (
                "outcome,happened,date,source_url,note\nWar!,no,,http://x,\n",
                "not an outcome id",
                2,
            ),
            (
                "h\nwar,maybe,,http://x,\n",
                "expected yes, no, unknown or n/a",
                2,
            ),
            ("h\n\nwar,yes,,http://x,\n", "needs its date", 3),
            ("h\nwar,no,,,\n", "needs a source", 2),
            ("h\nwar,no,\"x,\n", "quote", 2),
            ("h\nwar,no\n", "expected 5 columns", 2),
        ];
        for (text, words, line) in cases {
            let error = parse_outcomes(text, "o.csv").expect_err(text);
            assert!(error.to_string().contains(words), "{error}");
            assert_eq!(error.line, Some(line), "{error}");
        }
    }
}
