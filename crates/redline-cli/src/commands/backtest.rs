//! `redline backtest`: forecasts of the historical scenarios scored against
//! what happened, with baselines. The scoring is `redline_data::backtest`;
//! this module loads the scenarios, runs the ensembles and prints.

use crate::commands::crisis::read_file;
use crate::error::{CliError, CliResult};
use crate::output::{TableOrJson, emit};
use clap::Args;
use redline_core::{Outcome, Scenario};
use redline_crisis::assume::Assumptions;
use redline_crisis::{CrisisModel, ensemble};
use redline_data::backtest::{self, Backtest, ScenarioForecast};
use redline_data::scoring;
use serde_json::json;
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
    #[arg(long, default_value_t = 5000, value_parser = crate::args::parse_runs)]
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

/// Runs `redline backtest`.
pub fn run(args: BacktestArgs) -> CliResult {
    let names: Vec<String> = if args.scenarios.is_empty() {
        DEFAULT_SCENARIOS.iter().map(|s| s.to_string()).collect()
    } else {
        args.scenarios.clone()
    };
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut forecasts = Vec::new();
    let progress =
        crate::progress::Progress::new(args.runs.saturating_mul(names.len() as u64), "backtest");
    for name in &names {
        let model = CrisisModel::new(load(name.trim())?)?;
        let forecast = ensemble::forecast(
            &model,
            &Assumptions::none(),
            args.runs,
            args.seed,
            threads,
            &|n| progress.advance(n),
        );
        let mut probabilities = [0.0; Outcome::COUNT];
        for o in &forecast.outcomes {
            probabilities[o.outcome.index()] = o.probability;
        }
        forecasts.push(ScenarioForecast {
            scenario: model.scenario().id.clone(),
            probabilities,
        });
    }
    let result = backtest::score(&forecasts, &scoring::shipped_records()?);
    let text = if args.output.format == crate::args::TableJson::Json {
        let mut value = serde_json::to_value(&result)
            .map_err(|e| CliError::failure(format!("cannot write JSON: {e}")))?;
        value["runs"] = json!(args.runs);
        value["seed"] = json!(args.seed);
        format!("{value:#}\n")
    } else {
        table(&result, args.runs, args.seed)
    };
    emit(args.output.out.as_deref(), &text)
}

fn table(result: &Backtest, runs: u64, seed: u64) -> String {
    let mut out = format!("Backtest — {runs} runs per scenario, seed {seed}\n");
    let mut scenarios: Vec<&str> = Vec::new();
    for id in result
        .cases
        .iter()
        .map(|c| c.scenario.as_str())
        .chain(result.left_out.iter().map(|l| l.scenario.as_str()))
    {
        if !scenarios.contains(&id) {
            scenarios.push(id);
        }
    }
    for id in scenarios {
        let _ = write!(
            out,
            "\n{id}\n  {:<24} {:>9}  happened\n",
            "outcome", "forecast"
        );
        for c in result.cases.iter().filter(|c| c.scenario == id) {
            let _ = writeln!(
                out,
                "  {:<24} {:>8.1}%  {}",
                c.outcome.id(),
                100.0 * c.p,
                if c.happened { "yes" } else { "no" }
            );
        }
        for l in result.left_out.iter().filter(|l| l.scenario == id) {
            let _ = writeln!(
                out,
                "  {:<24} {:>8.1}%  left out: {}",
                l.outcome.id(),
                100.0 * l.p,
                l.reason.describe()
            );
        }
    }
    for u in &result.unscored {
        let _ = write!(out, "\n{} (forecast only, not scored)\n", u.scenario);
        for o in &u.outcomes {
            let _ = writeln!(out, "  {:<24} {:>8.1}%", o.id, 100.0 * o.p);
        }
    }
    let _ = write!(
        out,
        "\nScores over {} scored forecasts (Brier: lower is better; log: higher is better)\n",
        result.cases.len()
    );
    if !result.left_out.is_empty() {
        let _ = writeln!(
            out,
            "  ({} left out, named above: the record does not say whether they happened)",
            result.left_out.len()
        );
    }
    let skill = "redline's Brier skill vs this baseline";
    let _ = writeln!(
        out,
        "  {:<30} {:>8} {:>10}  {skill}",
        "", "Brier", "log score"
    );
    let _ = writeln!(
        out,
        "  {:<30} {:>8.4} {:>10.4}  {:>w$}",
        "redline",
        result.brier,
        result.log_score,
        "—",
        w = skill.chars().count()
    );
    for b in &result.baselines {
        let _ = writeln!(
            out,
            "  {:<30} {:>8.4} {:>10.4}  {:>w$.3}",
            b.name,
            b.brier,
            b.log_score,
            b.redline_brier_skill,
            w = skill.chars().count()
        );
    }
    let _ = write!(
        out,
        "\nReliability\n  {:<12} {:>6} {:>14} {:>10}\n",
        "forecast", "count", "mean forecast", "observed"
    );
    for r in &result.reliability {
        let _ = writeln!(
            out,
            "  {:<12} {:>6} {:>13.1}% {:>9.1}%",
            format!("{:.0}–{:.0}%", 100.0 * r.bin[0], 100.0 * r.bin[1]),
            r.count,
            100.0 * r.mean_forecast,
            100.0 * r.observed
        );
    }
    out
}
