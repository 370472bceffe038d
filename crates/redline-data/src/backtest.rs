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

use crate::scoring::{self, RecordedOutcome, Verdict};
use serde::Serialize;
use std::collections::BTreeMap;

/// One outcome's forecast in a scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct ForecastOutcome {
    /// The outcome's id, as the scenario names it.
    pub id: String,
    /// Its family across cases and dyads (`redline_crisis::roles::Slot::family`:
    /// the kind, with strikes split into the coercer's and an ally's).
    pub family: String,
    /// P(outcome by the horizon).
    pub p: f64,
}

/// The forecast of one scenario: the probability of each of its outcomes by
/// its horizon.
#[derive(Clone, Debug, PartialEq)]
pub struct ScenarioForecast {
    /// The scenario's id, which names its outcome record.
    pub scenario: String,
    /// Its outcomes, in the scenario's display order.
    pub outcomes: Vec<ForecastOutcome>,
}

/// One scored forecast: an outcome of a scenario whose record says whether it happened.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Case {
    /// The scenario's id.
    pub scenario: String,
    /// The outcome's id.
    pub outcome: String,
    /// The outcome's family.
    pub family: String,
    /// The forecast probability.
    pub p: f64,
    /// Whether it happened by the horizon.
    pub happened: bool,
}

/// Why a forecast of a scenario with a record was not scored.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LeftOutReason {
    /// The record lists the outcome as `unknown` (not coded).
    NotCoded,
    /// The record lists the outcome as `n/a`: it could not happen in the case.
    NotApplicable,
    /// The record has no row for the outcome.
    NotInRecord,
    /// The record has a row for an outcome the scenario does not forecast.
    NotForecast,
}

impl LeftOutReason {
    /// The reason in words, for tables.
    pub fn describe(self) -> &'static str {
        match self {
            LeftOutReason::NotCoded => "not coded in the record",
            LeftOutReason::NotApplicable => "could not happen in the case (n/a in the record)",
            LeftOutReason::NotInRecord => "absent from the record",
            LeftOutReason::NotForecast => "recorded, but not an outcome of the scenario",
        }
    }
}

/// A forecast left out of the scores, with the reason.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LeftOut {
    /// The scenario's id.
    pub scenario: String,
    /// The outcome's id.
    pub outcome: String,
    /// The forecast probability (shown, not scored; none when not forecast).
    pub p: Option<f64>,
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

/// The scores of one outcome family over the cases.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FamilyScore {
    /// The family.
    pub family: String,
    /// Scored forecasts of it.
    pub count: usize,
    /// How many of them happened.
    pub happened: usize,
    /// redline's mean Brier score on them.
    pub brier: f64,
    /// The family's base rate's mean Brier score on them.
    pub base_rate_brier: f64,
    /// redline's Brier skill against that base rate; none where the base
    /// rate is perfect (it never or always happened in the cases: Brier 0).
    pub redline_brier_skill: Option<f64>,
}

/// One outcome of a scenario that is forecast, not scored.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct UnscoredOutcome {
    /// The outcome's id.
    pub id: String,
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
    /// The scored forecasts, scenario by scenario in input order, outcomes in each scenario's order.
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
    /// The scores by outcome family, in family order.
    pub families: Vec<FamilyScore>,
    /// Scenarios without a record.
    pub unscored: Vec<Unscored>,
}

/// The reliability of (p, happened) forecasts in tenths, bins with a forecast.
pub fn reliability_rows(pairs: &[(f64, bool)]) -> Vec<ReliabilityRow> {
    scoring::reliability(pairs)
        .into_iter()
        .map(|r| ReliabilityRow {
            bin: [r.lower, (r.lower * 10.0 + 1.0).round() / 10.0],
            count: r.count,
            mean_forecast: r.mean_forecast,
            observed: r.observed,
        })
        .collect()
}

/// Name of the always-50 % baseline.
pub const ALWAYS_HALF: &str = "always 50%";
/// Name of the base-rate baseline.
pub const BASE_RATE: &str = "base rate of the family across the cases";

/// Scores `forecasts` against `records` (scenario id → its recorded outcomes).
///
/// A scenario without a record is [`Unscored`]. For a scenario with one, each
/// outcome is a [`Case`] when the record says yes or no, and a [`LeftOut`]
/// when it says `unknown` or `n/a` or has no row for it (a repeated row: the
/// first counts).
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
                outcomes: forecast
                    .outcomes
                    .iter()
                    .map(|o| UnscoredOutcome {
                        id: o.id.clone(),
                        p: o.p,
                    })
                    .collect(),
            });
            continue;
        };
        for o in &forecast.outcomes {
            let (outcome, p) = (o.id.clone(), o.p);
            let scenario = forecast.scenario.clone();
            let verdict = record
                .iter()
                .find(|r| r.outcome == outcome)
                .map(|r| r.verdict);
            let reason = match verdict {
                Some(Verdict::Yes | Verdict::No) => None,
                Some(Verdict::Unknown) => Some(LeftOutReason::NotCoded),
                Some(Verdict::NotApplicable) => Some(LeftOutReason::NotApplicable),
                None => Some(LeftOutReason::NotInRecord),
            };
            match reason {
                None => cases.push(Case {
                    scenario,
                    outcome,
                    family: o.family.clone(),
                    p,
                    happened: verdict == Some(Verdict::Yes),
                }),
                Some(reason) => left_out.push(LeftOut {
                    scenario,
                    outcome,
                    p: Some(p),
                    reason,
                }),
            }
        }
        for r in record {
            if !forecast.outcomes.iter().any(|o| o.id == r.outcome) {
                left_out.push(LeftOut {
                    scenario: forecast.scenario.clone(),
                    outcome: r.outcome.clone(),
                    p: None,
                    reason: LeftOutReason::NotForecast,
                });
            }
        }
    }
    let pairs: Vec<(f64, bool)> = cases.iter().map(|c| (c.p, c.happened)).collect();
    let (brier, log_score) = scoring::mean_scores(&pairs);
    // Base rates by family, so that an ally's strike in one dyad and in
    // another count as one kind of event whatever each scenario calls it.
    let mut rates: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for c in &cases {
        let rate = rates.entry(c.family.as_str()).or_default();
        rate.0 += usize::from(c.happened);
        rate.1 += 1;
    }
    let base_rate = |family: &str| {
        let (yes, n) = rates.get(family).copied().unwrap_or_default();
        yes as f64 / n.max(1) as f64
    };
    let half: Vec<(f64, bool)> = cases.iter().map(|c| (0.5, c.happened)).collect();
    let rate: Vec<(f64, bool)> = cases
        .iter()
        .map(|c| (base_rate(&c.family), c.happened))
        .collect();
    let families = rates
        .iter()
        .map(|(&family, &(happened, count))| {
            let of: Vec<&Case> = cases.iter().filter(|c| c.family == family).collect();
            let model: Vec<(f64, bool)> = of.iter().map(|c| (c.p, c.happened)).collect();
            let baseline: Vec<(f64, bool)> =
                of.iter().map(|c| (base_rate(family), c.happened)).collect();
            let (brier, _) = scoring::mean_scores(&model);
            let (base_rate_brier, _) = scoring::mean_scores(&baseline);
            FamilyScore {
                family: family.to_string(),
                count,
                happened,
                brier,
                base_rate_brier,
                redline_brier_skill: (base_rate_brier > 0.0)
                    .then(|| scoring::skill(brier, base_rate_brier)),
            }
        })
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
    let reliability = reliability_rows(&pairs);
    Backtest {
        cases,
        left_out,
        brier,
        log_score,
        baselines,
        reliability,
        families,
        unscored,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The Iran cases' twelve outcome ids, in their display order.
    const IDS: [&str; 12] = [
        "talks_secret",
        "talks_public",
        "interim_deal",
        "comprehensive_deal",
        "snapback_triggered",
        "un_sanctions_reimposed",
        "npt_withdrawal",
        "israeli_strike",
        "us_strike",
        "war",
        "weaponization_decision",
        "nuclear_test",
    ];
    const WAR: &str = "war";
    const INTERIM_DEAL: &str = "interim_deal";
    const TALKS_SECRET: &str = "talks_secret";

    fn record(rows: &[(&str, Option<bool>)]) -> Vec<RecordedOutcome> {
        rows.iter()
            .map(|&(outcome, happened)| RecordedOutcome {
                outcome: outcome.to_string(),
                verdict: match happened {
                    Some(true) => Verdict::Yes,
                    Some(false) => Verdict::No,
                    None => Verdict::Unknown,
                },
                date: None,
                source_url: "https://example.invalid".into(),
                note: String::new(),
            })
            .collect()
    }

    /// A forecast of all twelve outcomes: those in `ps` at their p, the rest at 0.
    fn forecast(scenario: &str, ps: &[(&str, f64)]) -> ScenarioForecast {
        ScenarioForecast {
            scenario: scenario.into(),
            outcomes: IDS
                .iter()
                .map(|id| {
                    let p = ps.iter().find(|(o, _)| o == id).map_or(0.0, |(_, p)| *p);
                    ForecastOutcome {
                        id: id.to_string(),
                        family: id.to_string(),
                        p,
                    }
                })
                .collect(),
        }
    }

    fn close(a: f64, b: f64) {
        assert!((a - b).abs() < 1e-12, "{a} != {b}");
    }

    #[test]
    fn an_outcome_that_could_not_happen_is_left_out_not_scored_as_no() {
        let a = forecast("a", &[(WAR, 0.2), (INTERIM_DEAL, 0.1)]);
        let mut rows = record(&[(WAR, Some(false))]);
        let mut na = record(&[(INTERIM_DEAL, None)]);
        na[0].verdict = Verdict::NotApplicable;
        rows.extend(na);
        let result = score(&[a], &[("a".to_string(), rows)]);
        assert_eq!(result.cases.len(), 1, "war only");
        let interim = result
            .left_out
            .iter()
            .find(|l| l.outcome == INTERIM_DEAL)
            .expect("left out");
        assert_eq!(interim.reason, LeftOutReason::NotApplicable);
    }

    #[test]
    fn scores_baselines_and_left_out_by_hand() {
        // Case a: war 0.8 yes, interim_deal 0.3 no, talks_secret unknown, the rest absent.
        // Case b: war 0.2 no, interim_deal 0.6 yes, every other outcome "no" at p = 0.
        let a = forecast(
            "a",
            &[(WAR, 0.8), (INTERIM_DEAL, 0.3), (TALKS_SECRET, 0.45)],
        );
        let b = forecast("b", &[(WAR, 0.2), (INTERIM_DEAL, 0.6)]);
        let c = forecast("c", &[(WAR, 0.1)]);
        let mut b_rows: Vec<(&str, Option<bool>)> = IDS
            .iter()
            .filter(|o| !matches!(**o, WAR | INTERIM_DEAL))
            .map(|&o| (o, Some(false)))
            .collect();
        b_rows.extend([(WAR, Some(false)), (INTERIM_DEAL, Some(true))]);
        let records = vec![
            (
                "a".to_string(),
                record(&[
                    (WAR, Some(true)),
                    (INTERIM_DEAL, Some(false)),
                    (TALKS_SECRET, None),
                ]),
            ),
            ("b".to_string(), record(&b_rows)),
        ];
        let result = score(&[a, b, c], &records);

        // 2 cases from a, 12 from b.
        assert_eq!(result.cases.len(), 14);
        assert_eq!(
            (
                result.cases[0].outcome.as_str(),
                result.cases[0].p,
                result.cases[0].happened
            ),
            (INTERIM_DEAL, 0.3, false),
            "outcomes in table order"
        );
        // a: talks_secret not coded, the nine others absent from the record.
        assert_eq!(result.left_out.len(), 10);
        assert_eq!(
            (
                result.left_out[0].scenario.as_str(),
                result.left_out[0].outcome.as_str(),
                result.left_out[0].p,
                result.left_out[0].reason
            ),
            ("a", TALKS_SECRET, Some(0.45), LeftOutReason::NotCoded)
        );
        assert!(
            result.left_out[1..]
                .iter()
                .all(|l| l.scenario == "a" && l.reason == LeftOutReason::NotInRecord)
        );
        assert_eq!(result.unscored.len(), 1);
        assert_eq!(result.unscored[0].scenario, "c");
        let war = IDS.iter().position(|&o| o == WAR).expect("war");
        assert_eq!(result.unscored[0].outcomes[war].id, "war");
        assert_eq!(result.unscored[0].outcomes[war].p, 0.1);

        // Brier: a 0.04 + 0.09; b 0.04 + 0.16 + ten zeros: 0.33 / 14.
        close(result.brier, 0.33 / 14.0);
        // By family: war 0.8 yes and 0.2 no, Brier (0.04 + 0.04)/2; its base
        // rate ½ scores ¼ on each: skill 1 − 0.04/0.25 = 0.84.
        let war_family = result
            .families
            .iter()
            .find(|f| f.family == WAR)
            .expect("war's family");
        assert_eq!((war_family.count, war_family.happened), (2, 1));
        close(war_family.brier, 0.04);
        close(war_family.base_rate_brier, 0.25);
        close(war_family.redline_brier_skill.expect("skill"), 0.84);
        let test_family = result
            .families
            .iter()
            .find(|f| f.family == "nuclear_test")
            .expect("the test's family");
        assert_eq!(test_family.redline_brier_skill, None, "never happened");
        assert_eq!(result.families.len(), 12, "every family scored in b");
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
        assert_eq!(rate.name, "base rate of the family across the cases");
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
            record(&[
                (WAR, Some(true)),
                (TALKS_SECRET, None),
                ("peace", Some(true)),
            ]),
        )];
        let result = score(&[forecast("a", &[(WAR, 0.5)])], &records);
        let v = serde_json::to_value(&result).unwrap();
        assert_eq!(v["cases"][0]["outcome"], "war");
        assert_eq!(v["left_out"][0]["outcome"], "talks_secret");
        assert_eq!(v["left_out"][0]["reason"], "not_coded");
        assert_eq!(v["left_out"][1]["reason"], "not_in_record");
        let last = &v["left_out"][11];
        assert_eq!(
            (&last["outcome"], &last["reason"], &last["p"]),
            (
                &serde_json::json!("peace"),
                &serde_json::json!("not_forecast"),
                &serde_json::Value::Null
            ),
            "a recorded outcome the scenario does not forecast is named, not dropped"
        );
        assert!(v["baselines"][0]["redline_brier_skill"].is_number());
        assert!(v["baselines"][0].get("skill").is_none());
    }
}
