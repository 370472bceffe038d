//! `redline backtest`: forecasts of the historical scenarios scored against
//! what happened, with baselines. The scoring is `redline_data::backtest`;
//! this module loads the scenarios, runs the ensembles and prints.

use crate::error::CliResult;
use crate::input::read_file;
use crate::output::{TableOrJson, emit};
use clap::Args;
use redline_core::Scenario;
use redline_crisis::assume::Assumptions;
use redline_crisis::{CrisisModel, ensemble};
use redline_data::backtest::{self, ForecastOutcome, ScenarioForecast};
use redline_data::scoring;
use redline_report::meta::Meta;
use std::path::Path;

/// The scenarios a backtest runs by default: every historical case with a
/// record, in the records' order, then the flagship (forecast, not scored).
fn default_scenarios() -> Vec<String> {
    scoring::RECORDS
        .iter()
        .map(|(id, _)| id.to_string())
        .chain(std::iter::once(redline_scenarios::FLAGSHIP_ID.to_string()))
        .collect()
}

/// `redline backtest`.
#[derive(Args)]
#[command(after_help = "Examples:
  redline backtest
  redline backtest --runs 10000 --format json --out backtest.json
  redline backtest --scenarios iran-2013-02-07,scenarios/iran-2018-05-08.toml")]
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
        default_scenarios()
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
        let outcomes = forecast
            .outcomes
            .iter()
            .map(|o| ForecastOutcome {
                id: o.outcome.id.clone(),
                family: model
                    .outcomes()
                    .by_id(&o.outcome.id)
                    .map_or("", |(_, slot)| slot.family())
                    .to_string(),
                p: o.probability,
            })
            .collect();
        forecasts.push(ScenarioForecast {
            scenario: model.scenario().id.clone(),
            outcomes,
        });
    }
    let result = backtest::score(&forecasts, &scoring::shipped_records()?);
    let scenarios: Vec<String> = names.iter().map(|n| n.trim().to_string()).collect();
    let meta = Meta::new("backtest")
        .inputs(&scenarios)
        .ensemble(args.seed, args.runs)
        .runs_per_draw(redline_crisis::ensemble::DEFAULT_RUNS_PER_DRAW);
    let text = match args.output.format {
        crate::args::TableJson::Json => redline_report::backtest::to_json(&meta, &result),
        crate::args::TableJson::Table => redline_report::backtest::to_table(&meta, &result),
    };
    emit(args.output.out.as_deref(), &text)
}
