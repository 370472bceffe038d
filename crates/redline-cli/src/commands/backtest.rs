//! `redline backtest`: forecasts of the historical scenarios scored against
//! what happened, with baselines.

use crate::commands::crisis::read_file;
use crate::error::{CliError, CliResult};
use crate::output::{TableOrJson, emit};
use clap::Args;
use redline_core::{Outcome, Scenario};
use redline_crisis::assume::Assumptions;
use redline_crisis::{CrisisModel, ensemble};
use redline_data::scoring::{self, RECORDS, RecordedOutcome};
use serde_json::{Value, json};
use std::fmt::Write;
use std::path::Path;

/// The scenarios a backtest runs by default: the historical cases, then the flagship (forecast, not scored).
const DEFAULT_SCENARIOS: [&str; 5] = [
    "iran-2013-02-07",
    "iran-2018-05-08",
    "iran-2019-06-20",
    "iran-2021-01-20",
    "iran-2025-02-07",
];

/// `redline backtest`.
#[derive(Args)]
#[command(after_help = "Examples:
  redline backtest
  redline backtest --runs 10000 --format json --out backtest.json
  redline backtest --scenarios iran-2013-02-07,my-case.toml")]
pub struct BacktestArgs {
    /// Scenarios by id (embedded) or file path, comma-separated.
    #[arg(long, value_delimiter = ',')]
    scenarios: Vec<String>,
    /// Runs per scenario.
    #[arg(long, default_value_t = 5000)]
    runs: u64,
    /// Seed of every random stream.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    #[command(flatten)]
    output: TableOrJson,
}

fn load(reference: &str) -> CliResult<Scenario> {
    Ok(redline_scenarios::load(
        Some(Path::new(reference)),
        &[],
        &[],
        &read_file,
    )?)
}

fn record_of(id: &str) -> CliResult<Option<Vec<RecordedOutcome>>> {
    match RECORDS.iter().find(|(rid, _)| *rid == id) {
        Some((rid, text)) => Ok(Some(scoring::parse_outcomes(
            text,
            &format!("data/outcomes/{rid}.csv"),
        )?)),
        None => Ok(None),
    }
}

struct Case {
    scenario: String,
    outcome: Outcome,
    p: f64,
    happened: bool,
}

/// Runs `redline backtest`.
pub fn run(args: BacktestArgs) -> CliResult {
    if args.runs == 0 {
        return Err(CliError::input("--runs must be at least 1"));
    }
    let names: Vec<String> = if args.scenarios.is_empty() {
        DEFAULT_SCENARIOS.iter().map(|s| s.to_string()).collect()
    } else {
        args.scenarios.clone()
    };
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut cases: Vec<Case> = Vec::new();
    let mut unscored: Vec<(String, Vec<(Outcome, f64)>)> = Vec::new();
    for name in &names {
        let model = CrisisModel::new(load(name.trim())?)?;
        let forecast = ensemble::forecast(
            &model,
            &Assumptions::none(),
            args.runs,
            args.seed,
            threads,
            &|_| {},
        );
        let id = model.scenario().id.clone();
        match record_of(&id)? {
            Some(records) => {
                for r in records {
                    if let Some(happened) = r.happened {
                        cases.push(Case {
                            scenario: id.clone(),
                            outcome: r.outcome,
                            p: forecast.outcomes[r.outcome.index()].probability,
                            happened,
                        });
                    }
                }
            }
            None => unscored.push((
                id,
                forecast
                    .outcomes
                    .iter()
                    .map(|o| (o.outcome, o.probability))
                    .collect(),
            )),
        }
    }
    let pairs: Vec<(f64, bool)> = cases.iter().map(|c| (c.p, c.happened)).collect();
    let (brier, log_score) = scoring::mean_scores(&pairs);
    // Baselines: always 50 %, and each outcome's base rate across the scored cases.
    let half: Vec<(f64, bool)> = cases.iter().map(|c| (0.5, c.happened)).collect();
    let base_rate = |o: Outcome| {
        let of: Vec<&Case> = cases.iter().filter(|c| c.outcome == o).collect();
        of.iter().filter(|c| c.happened).count() as f64 / of.len().max(1) as f64
    };
    let rate: Vec<(f64, bool)> = cases
        .iter()
        .map(|c| (base_rate(c.outcome), c.happened))
        .collect();
    let baselines = [
        ("always 50%", scoring::mean_scores(&half)),
        ("base rate across the cases", scoring::mean_scores(&rate)),
    ];
    let reliability = scoring::reliability(&pairs);
    let text = if args.output.format == "json" {
        let value = json!({
            "runs": args.runs,
            "seed": args.seed,
            "cases": cases.iter().map(|c| json!({"scenario": c.scenario, "outcome": c.outcome.id(), "p": c.p, "happened": c.happened})).collect::<Vec<_>>(),
            "brier": brier,
            "log_score": log_score,
            "baselines": baselines.iter().map(|(name, (b, l))| json!({"name": name, "brier": b, "log_score": l, "skill": scoring::skill(brier, *b)})).collect::<Vec<_>>(),
            "reliability": reliability.iter().map(|r| json!({"bin": [r.lower, r.lower + 0.1], "count": r.count, "mean_forecast": r.mean_forecast, "observed": r.observed})).collect::<Vec<_>>(),
            "unscored": unscored.iter().map(|(id, ps)| json!({"scenario": id, "outcomes": ps.iter().map(|(o, p)| json!({"id": o.id(), "p": p})).collect::<Vec<_>>()})).collect::<Vec<Value>>(),
        });
        format!("{value:#}\n")
    } else {
        let mut out = format!(
            "Backtest — {} runs per scenario, seed {}\n",
            args.runs, args.seed
        );
        let mut last = String::new();
        for c in &cases {
            if c.scenario != last {
                let _ = write!(
                    out,
                    "\n{}\n  {:<24} {:>9}  happened\n",
                    c.scenario, "outcome", "forecast"
                );
                last.clone_from(&c.scenario);
            }
            let _ = writeln!(
                out,
                "  {:<24} {:>8.1}%  {}",
                c.outcome.id(),
                100.0 * c.p,
                if c.happened { "yes" } else { "no" }
            );
        }
        for (id, ps) in &unscored {
            let _ = write!(out, "\n{id} (forecast only, not scored)\n");
            for (o, p) in ps {
                let _ = writeln!(out, "  {:<24} {:>8.1}%", o.id(), 100.0 * p);
            }
        }
        let _ = write!(
            out,
            "\nScores over {} scored forecasts (Brier: lower is better; log: higher is better)\n",
            cases.len()
        );
        let _ = writeln!(
            out,
            "  {:<30} {:>8} {:>10} {:>14}",
            "", "Brier", "log score", "Brier skill"
        );
        let _ = writeln!(
            out,
            "  {:<30} {:>8.4} {:>10.4} {:>14}",
            "redline", brier, log_score, "—"
        );
        for (name, (b, l)) in &baselines {
            let _ = writeln!(
                out,
                "  {:<30} {:>8.4} {:>10.4} {:>14.3}",
                name,
                b,
                l,
                scoring::skill(brier, *b)
            );
        }
        let _ = write!(
            out,
            "\nReliability\n  {:<12} {:>6} {:>14} {:>10}\n",
            "forecast", "count", "mean forecast", "observed"
        );
        for r in &reliability {
            let _ = writeln!(
                out,
                "  {:<12} {:>6} {:>13.1}% {:>9.1}%",
                format!("{:.0}–{:.0}%", 100.0 * r.lower, 100.0 * r.lower + 10.0),
                r.count,
                100.0 * r.mean_forecast,
                100.0 * r.observed
            );
        }
        out
    };
    emit(args.output.out.as_deref(), &text)
}
