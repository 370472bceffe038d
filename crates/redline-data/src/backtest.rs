//! The backtest: forecasts of historical scenarios scored against what
//! happened, with the two baselines of [`crate::scoring`].
//!
//! [`score`] takes, for each scenario, the forecast probability of every
//! outcome and the outcome records ([`crate::scoring::shipped_records`] for the
//! shipped ones), and returns a [`Backtest`]: the scored cases, the outcomes
//! left out of a case (and why), the mean Brier and log scores, the baselines
//! with redline's skill against each, the reliability table and the
//! forecasts of scenarios without a record. The command line only runs the
//! ensembles and prints this value.
//!
//! Architecture Invariant: every forecast of a scenario with a record is
//! either a scored case or a named [`LeftOut`]; nothing is dropped in silence.

use crate::scoring::{self, RecordedOutcome};
use redline_core::Outcome;
use serde::{Serialize, Serializer};

/// The forecast of one scenario: the probability of every outcome by its
/// horizon, indexed by [`Outcome::index`].
#[derive(Clone, Debug, PartialEq)]
pub struct ScenarioForecast {
    /// The scenario's id, which names its outcome record.
    pub scenario: String,
    /// P(outcome) for each outcome, in [`Outcome::ALL`] order.
    pub probabilities: [f64; Outcome::COUNT],
}

fn outcome_id<S: Serializer>(outcome: &Outcome, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(outcome.id())
}

/// One scored forecast: an outcome of a scenario whose record says whether it happened.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Case {
    /// The scenario's id.
    pub scenario: String,
    /// The outcome (its id in JSON).
    #[serde(serialize_with = "outcome_id")]
    pub outcome: Outcome,
    /// The forecast probability.
    pub p: f64,
    /// Whether it happened by the horizon.
    pub happened: bool,
}

/// Why a forecast of a scenario with a record was not scored.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LeftOutReason {
    /// The record lists the outcome as `unknown` (not coded, or not applicable).
    NotCoded,
    /// The record has no row for the outcome.
    NotInRecord,
}

impl LeftOutReason {
    /// The reason in words, for tables.
    pub fn describe(self) -> &'static str {
        match self {
            LeftOutReason::NotCoded => "not coded in the record",
            LeftOutReason::NotInRecord => "absent from the record",
        }
    }
}

/// A forecast left out of the scores, with the reason.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LeftOut {
    /// The scenario's id.
    pub scenario: String,
    /// The outcome (its id in JSON).
    #[serde(serialize_with = "outcome_id")]
    pub outcome: Outcome,
    /// The forecast probability (shown, not scored).
    pub p: f64,
    /// Why it was not scored.
    pub reason: LeftOutReason,
}

/// A baseline forecaster's scores over the same cases, and redline's skill against it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Baseline {
    /// What the baseline forecasts.
    pub name: &'static str,
    /// Its mean Brier score.
    pub brier: f64,
    /// Its mean log score.
    pub log_score: f64,
    /// redline's Brier skill against this baseline: 1 − Brier(redline)/Brier(baseline).
    pub redline_brier_skill: f64,
}

/// One bin of the reliability table.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReliabilityRow {
    /// The bin's [lower, upper) edges.
    pub bin: [f64; 2],
    /// Forecasts in the bin.
    pub count: usize,
    /// Their mean probability.
    pub mean_forecast: f64,
    /// The share that happened.
    pub observed: f64,
}

/// One outcome of a scenario that is forecast, not scored.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct UnscoredOutcome {
    /// The outcome's id.
    pub id: &'static str,
    /// The forecast probability.
    pub p: f64,
}

/// A scenario without an outcome record: its forecasts, not scored.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Unscored {
    /// The scenario's id.
    pub scenario: String,
    /// Every outcome's forecast.
    pub outcomes: Vec<UnscoredOutcome>,
}

/// The result of a backtest.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Backtest {
    /// The scored forecasts, scenario by scenario in input order, outcomes in [`Outcome::ALL`] order.
    pub cases: Vec<Case>,
    /// Forecasts of scenarios with a record that were not scored, and why.
    pub left_out: Vec<LeftOut>,
    /// redline's mean Brier score over the cases (lower is better).
    pub brier: f64,
    /// redline's mean log score over the cases (higher is better).
    pub log_score: f64,
    /// Always 50 %, then each outcome's base rate across the scored cases.
    pub baselines: Vec<Baseline>,
    /// Reliability in tenths of probability (bins with at least one case).
    pub reliability: Vec<ReliabilityRow>,
    /// Scenarios without a record.
    pub unscored: Vec<Unscored>,
}

/// Name of the always-50 % baseline.
pub const ALWAYS_HALF: &str = "always 50%";
/// Name of the base-rate baseline.
pub const BASE_RATE: &str = "base rate across the cases";

/// Scores `forecasts` against `records` (scenario id → its recorded outcomes).
///
/// A scenario without a record is [`Unscored`]. For a scenario with one, each
/// outcome is a [`Case`] when the record says yes or no, and a [`LeftOut`]
/// when it says `unknown` or has no row for it (a repeated row: the first counts).
pub fn score(
    forecasts: &[ScenarioForecast],
    records: &[(String, Vec<RecordedOutcome>)],
) -> Backtest {
    let mut cases = Vec::new();
    let mut left_out = Vec::new();
    let mut unscored = Vec::new();
    for forecast in forecasts {
        let Some((_, record)) = records.iter().find(|(id, _)| *id == forecast.scenario) else {
            unscored.push(Unscored {
                scenario: forecast.scenario.clone(),
                outcomes: Outcome::ALL
                    .iter()
                    .map(|o| UnscoredOutcome {
                        id: o.id(),
                        p: forecast.probabilities[o.index()],
                    })
                    .collect(),
            });
            continue;
        };
        for outcome in Outcome::ALL {
            let p = forecast.probabilities[outcome.index()];
            let scenario = forecast.scenario.clone();
            match record
                .iter()
                .find(|r| r.outcome == outcome)
                .map(|r| r.happened)
            {
                Some(Some(happened)) => cases.push(Case {
                    scenario,
                    outcome,
                    p,
                    happened,
                }),
                found => left_out.push(LeftOut {
                    scenario,
                    outcome,
                    p,
                    reason: if found.is_some() {
                        LeftOutReason::NotCoded
                    } else {
                        LeftOutReason::NotInRecord
                    },
                }),
            }
        }
    }
    let pairs: Vec<(f64, bool)> = cases.iter().map(|c| (c.p, c.happened)).collect();
    let (brier, log_score) = scoring::mean_scores(&pairs);
    let mut rates = [(0usize, 0usize); Outcome::COUNT];
    for c in &cases {
        rates[c.outcome.index()].0 += usize::from(c.happened);
        rates[c.outcome.index()].1 += 1;
    }
    let base_rate = |o: Outcome| {
        let (yes, n) = rates[o.index()];
        yes as f64 / n.max(1) as f64
    };
    let half: Vec<(f64, bool)> = cases.iter().map(|c| (0.5, c.happened)).collect();
    let rate: Vec<(f64, bool)> = cases
        .iter()
        .map(|c| (base_rate(c.outcome), c.happened))
        .collect();
    let baselines = [(ALWAYS_HALF, half), (BASE_RATE, rate)]
        .into_iter()
        .map(|(name, pairs)| {
            let (b, l) = scoring::mean_scores(&pairs);
            Baseline {
                name,
                brier: b,
                log_score: l,
                redline_brier_skill: scoring::skill(brier, b),
            }
        })
        .collect();
    let reliability = scoring::reliability(&pairs)
        .into_iter()
        .map(|r| ReliabilityRow {
            bin: [r.lower, (r.lower * 10.0 + 1.0).round() / 10.0],
            count: r.count,
            mean_forecast: r.mean_forecast,
            observed: r.observed,
        })
        .collect();
    Backtest {
        cases,
        left_out,
        brier,
        log_score,
        baselines,
        reliability,
        unscored,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(rows: &[(Outcome, Option<bool>)]) -> Vec<RecordedOutcome> {
        rows.iter()
            .map(|&(outcome, happened)| RecordedOutcome {
                outcome,
                happened,
                date: None,
                source_url: "https://example.invalid".into(),
                note: String::new(),
            })
            .collect()
    }

    fn forecast(scenario: &str, ps: &[(Outcome, f64)]) -> ScenarioForecast {
        let mut probabilities = [0.0; Outcome::COUNT];
        for &(o, p) in ps {
            probabilities[o.index()] = p;
        }
        ScenarioForecast {
            scenario: scenario.into(),
            probabilities,
        }
    }

    fn close(a: f64, b: f64) {
        assert!((a - b).abs() < 1e-12, "{a} != {b}");
    }

    #[test]
    fn scores_baselines_and_left_out_by_hand() {
        use Outcome::*;
        // Case a: war 0.8 yes, interim_deal 0.3 no, talks_secret unknown, the rest absent.
        // Case b: war 0.2 no, interim_deal 0.6 yes, every other outcome "no" at p = 0.
        let a = forecast("a", &[(War, 0.8), (InterimDeal, 0.3), (TalksSecret, 0.45)]);
        let b = forecast("b", &[(War, 0.2), (InterimDeal, 0.6)]);
        let c = forecast("c", &[(War, 0.1)]);
        let mut b_rows: Vec<(Outcome, Option<bool>)> = Outcome::ALL
            .iter()
            .filter(|o| !matches!(o, War | InterimDeal))
            .map(|&o| (o, Some(false)))
            .collect();
        b_rows.extend([(War, Some(false)), (InterimDeal, Some(true))]);
        let records = vec![
            (
                "a".to_string(),
                record(&[
                    (War, Some(true)),
                    (InterimDeal, Some(false)),
                    (TalksSecret, None),
                ]),
            ),
            ("b".to_string(), record(&b_rows)),
        ];
        let result = score(&[a, b, c], &records);

        // 2 cases from a, 12 from b.
        assert_eq!(result.cases.len(), 14);
        assert_eq!(
            (
                result.cases[0].outcome,
                result.cases[0].p,
                result.cases[0].happened
            ),
            (InterimDeal, 0.3, false),
            "outcomes in table order"
        );
        // a: talks_secret not coded, the nine others absent from the record.
        assert_eq!(result.left_out.len(), 10);
        assert_eq!(
            (
                result.left_out[0].scenario.as_str(),
                result.left_out[0].outcome,
                result.left_out[0].p,
                result.left_out[0].reason
            ),
            ("a", TalksSecret, 0.45, LeftOutReason::NotCoded)
        );
        assert!(
            result.left_out[1..]
                .iter()
                .all(|l| l.scenario == "a" && l.reason == LeftOutReason::NotInRecord)
        );
        assert_eq!(result.unscored.len(), 1);
        assert_eq!(result.unscored[0].scenario, "c");
        assert_eq!(result.unscored[0].outcomes[War.index()].id, "war");
        assert_eq!(result.unscored[0].outcomes[War.index()].p, 0.1);

        // Brier: a 0.04 + 0.09; b 0.04 + 0.16 + ten zeros: 0.33 / 14.
        close(result.brier, 0.33 / 14.0);
        // Log: ln 0.8 + ln 0.7 + ln 0.8 + ln 0.6 + ten times ln(1 − 10⁻⁴).
        let log =
            (0.8f64.ln() + 0.7f64.ln() + 0.8f64.ln() + 0.6f64.ln() + 10.0 * 0.9999f64.ln()) / 14.0;
        close(result.log_score, log);

        // Always 50 %: Brier 1/4 and log ln ½ on every case.
        let half = &result.baselines[0];
        assert_eq!(half.name, "always 50%");
        close(half.brier, 0.25);
        close(half.log_score, 0.5f64.ln());
        close(half.redline_brier_skill, 1.0 - (0.33 / 14.0) / 0.25);
        // Base rates: war 1/2, interim_deal 1/2 (each yes once in two), the ten others 0.
        // Brier: four cases at (½ − y)² = ¼, ten at 0: 1/14. Log: 4 ln ½ + 10 ln(1 − 10⁻⁴).
        let rate = &result.baselines[1];
        assert_eq!(rate.name, "base rate across the cases");
        close(rate.brier, 1.0 / 14.0);
        close(
            rate.log_score,
            (4.0 * 0.5f64.ln() + 10.0 * 0.9999f64.ln()) / 14.0,
        );
        close(rate.redline_brier_skill, 1.0 - 0.33);

        // Reliability: 0–10 %: ten zeros (none happened); 20–30 %: 0.2 no; 30–40 %: 0.3 no;
        // 60–70 %: 0.6 yes; 80–90 %: 0.8 yes.
        let bins: Vec<([f64; 2], usize, f64, f64)> = result
            .reliability
            .iter()
            .map(|r| (r.bin, r.count, r.mean_forecast, r.observed))
            .collect();
        assert_eq!(
            bins,
            vec![
                ([0.0, 0.1], 10, 0.0, 0.0),
                ([0.2, 0.3], 1, 0.2, 0.0),
                ([0.3, 0.4], 1, 0.3, 0.0),
                ([0.6, 0.7], 1, 0.6, 1.0),
                ([0.8, 0.9], 1, 0.8, 1.0),
            ]
        );
    }

    #[test]
    fn json_names_the_skill_and_the_left_out_outcomes() {
        let records = vec![(
            "a".to_string(),
            record(&[(Outcome::War, Some(true)), (Outcome::TalksSecret, None)]),
        )];
        let result = score(&[forecast("a", &[(Outcome::War, 0.5)])], &records);
        let v = serde_json::to_value(&result).unwrap();
        assert_eq!(v["cases"][0]["outcome"], "war");
        assert_eq!(v["left_out"][0]["outcome"], "talks_secret");
        assert_eq!(v["left_out"][0]["reason"], "not_coded");
        assert_eq!(v["left_out"][1]["reason"], "not_in_record");
        assert!(v["baselines"][0]["redline_brier_skill"].is_number());
        assert!(v["baselines"][0].get("skill").is_none());
    }
}
