//! `redline backtest`: forecasts of the historical scenarios scored against
//! what happened, with baselines; with `--cv`, the fit scored out of sample.
//! The scoring is `redline_data::backtest` and `redline_data::cv`; this
//! module loads the scenarios, runs the ensembles and prints.

use crate::args::{CvScheme, TableJsonHtml};
use crate::error::{CliError, CliResult};
use crate::input::read_file;
use crate::output::emit;
use clap::Args;
use redline_core::Scenario;
use redline_crisis::assume::Assumptions;
use redline_crisis::{CrisisModel, ensemble};
use redline_data::backtest::{self, ForecastOutcome, ScenarioForecast};
use redline_data::cv::{self, Scheme};
use redline_data::fit::{self, Case, Curvature};
use redline_data::scoring;
use redline_report::meta::Meta;
use std::path::{Path, PathBuf};

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
  redline backtest --scenarios iran-2013-02-07,scenarios/iran-2018-05-08.toml
  redline backtest --cv rolling --format html --out cv.html
  redline backtest --cv loo --keys talks.open_base_annual,retaliation.probability")]
pub struct BacktestArgs {
    /// Scenarios by id (embedded) or file path, comma-separated (with --cv:
    /// cases with a shipped record only).
    #[arg(long, value_delimiter = ',')]
    scenarios: Vec<String>,
    /// Runs per scenario.
    #[arg(long, default_value_t = 5000, value_parser = crate::args::parse_runs)]
    runs: u64,
    /// Seed of every random stream.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Score the fit out of sample: each case forecast with the shared
    /// parameters fitted on the cases that ended before it (rolling) or on
    /// every other case (loo), against the judgments and a base rate
    /// computed the same way.
    #[arg(long, value_enum)]
    cv: Option<CvScheme>,
    /// With --cv: the shared parameters to fit, comma-separated (default:
    /// the twelve of `redline fit`).
    #[arg(long, value_delimiter = ',', requires = "cv")]
    keys: Vec<String>,
    /// With --cv: runs per case per candidate of each fold's fit.
    #[arg(long, default_value_t = 300, value_parser = crate::args::parse_runs, requires = "cv")]
    fit_runs: u64,
    /// With --cv: CMA-ES generations of each fold's fit at most.
    #[arg(long, default_value_t = 15, requires = "cv")]
    generations: usize,
    /// With --cv: bootstrap resamples of the skill intervals.
    #[arg(long, default_value_t = 2000, value_parser = crate::args::count_in::<1, 1_000_000>, requires = "cv")]
    bootstrap: usize,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: TableJsonHtml,
    /// Write to this file (atomically) instead of standard output.
    #[arg(long)]
    out: Option<PathBuf>,
}

/// A scenario on its judgments (the cases, and what a fit runs on).
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
    if let Some(scheme) = args.cv {
        return run_cv(&args, scheme);
    }
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
        // The fitted parameters reach only a scenario dated after every case
        // (the flagship, forecast and not scored), as in `redline forecast`.
        let mut scenario = load(name.trim())?;
        redline_scenarios::lay_fitted(&mut scenario)?;
        let model = CrisisModel::new(scenario)?;
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
    let text = match args.format {
        TableJsonHtml::Json => redline_report::backtest::to_json(&meta, &result),
        TableJsonHtml::Table => redline_report::backtest::to_table(&meta, &result),
        TableJsonHtml::Html => redline_report::backtest::to_html(&meta, &result),
    };
    emit(args.out.as_deref(), &text)
}

/// The cases of `names` (default: every case with a record), each with its
/// record, as the fit uses them. A case without a record is an error; one
/// whose record scores nothing is skipped.
pub fn load_cases(names: &[String]) -> CliResult<(Vec<String>, Vec<Case>)> {
    let records = scoring::shipped_records()?;
    let names: Vec<String> = if names.is_empty() {
        records.iter().map(|(id, _)| id.clone()).collect()
    } else {
        names.iter().map(|s| s.trim().to_string()).collect()
    };
    let mut cases: Vec<Case> = Vec::new();
    for name in &names {
        let model = CrisisModel::new(load(name)?)?;
        let id = model.scenario().id.clone();
        if cases.iter().any(|c| c.id == id) {
            return Err(CliError::input(format!(
                "{name}: the case `{id}` is named twice; a fit or a cross-validation takes each case once"
            )));
        }
        let Some((_, record)) = records.iter().find(|(r, _)| *r == id) else {
            return Err(CliError::input(format!(
                "{name}: no recorded outcomes for `{id}` (data/outcomes/{id}.csv), so it cannot be fitted on or scored"
            )));
        };
        if let Some(case) = Case::new(model, record) {
            cases.push(case);
        }
    }
    Ok((names, cases))
}

fn run_cv(args: &BacktestArgs, scheme: CvScheme) -> CliResult {
    let (names, cases) = load_cases(&args.scenarios)?;
    let keys: Vec<String> = if args.keys.is_empty() {
        fit::DEFAULT_KEYS.iter().map(|k| k.to_string()).collect()
    } else {
        args.keys.iter().map(|k| k.trim().to_string()).collect()
    };
    // Every key must be fittable on the whole library (a typo is an error,
    // not a parameter silently left at its prior in every fold).
    fit::factors(&cases, &keys).map_err(CliError::input)?;
    let settings = cv::Settings {
        scheme: match scheme {
            CvScheme::Rolling => Scheme::Rolling,
            CvScheme::Loo => Scheme::LeaveOneOut,
        },
        keys,
        fit: fit::Settings {
            runs: args.fit_runs,
            seed: args.seed,
            generations: args.generations,
            step: 0.5,
            starts: 1,
            curvature: Curvature::Diagonal,
        },
        runs: args.runs,
        seed: args.seed,
        threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
        bootstrap: args.bootstrap,
    };
    let total = cv::evaluations_at_most(&cases, &settings);
    let progress = crate::progress::Progress::new(total as u64, "cross-validation");
    let result = cv::cross_validate(&cases, &settings, &|n| progress.advance(n as u64))
        .map_err(CliError::input)?;
    let meta = Meta::new("backtest")
        .inputs(&names)
        .ensemble(args.seed, args.runs);
    let text = match args.format {
        TableJsonHtml::Json => redline_report::cv::to_json(&meta, &result),
        TableJsonHtml::Table => redline_report::cv::to_table(&meta, &result),
        TableJsonHtml::Html => redline_report::cv::to_html(&meta, &result),
    };
    emit(args.out.as_deref(), &text)
}
