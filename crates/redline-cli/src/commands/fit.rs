//! `redline fit`: the shared behavioural parameters estimated from the case
//! library. The fitting is `redline_data::fit`; this module loads the cases,
//! runs it and prints.

use crate::error::{CliError, CliResult};
use crate::input::read_file;
use crate::output::{TableOrJson, emit};
use clap::Args;
use redline_crisis::CrisisModel;
use redline_data::fit::{self, Case, Settings};
use redline_data::scoring;
use redline_report::meta::Meta;
use std::path::{Path, PathBuf};

/// `redline fit`.
#[derive(Args)]
#[command(after_help = "Examples:
  redline fit --fitted fitted.toml
  redline forecast --with fitted.toml
  redline fit --params talks.open_base_annual,retaliation.probability --runs 500 --format json")]
pub struct FitArgs {
    /// Cases by id (embedded) or file path, comma-separated; each needs a
    /// shipped record. Default: every case with a record.
    #[arg(long, value_delimiter = ',')]
    scenarios: Vec<String>,
    /// Shared parameters to fit, comma-separated (default: the twelve of
    /// `redline_data::fit::DEFAULT_KEYS`).
    #[arg(long, value_delimiter = ',')]
    params: Vec<String>,
    /// Runs per case per candidate.
    #[arg(long, default_value_t = 1000, value_parser = crate::args::parse_runs)]
    runs: u64,
    /// Seed of the runs (common to every candidate) and of the search.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// CMA-ES generations at most.
    #[arg(long, default_value_t = 40)]
    generations: usize,
    /// Write the fitted parameters here, as a fragment for `--with`.
    #[arg(long)]
    fitted: Option<PathBuf>,
    #[command(flatten)]
    output: TableOrJson,
}

/// Runs `redline fit`.
pub fn run(args: FitArgs) -> CliResult {
    let records = scoring::shipped_records()?;
    let names: Vec<String> = if args.scenarios.is_empty() {
        records.iter().map(|(id, _)| id.clone()).collect()
    } else {
        args.scenarios
            .iter()
            .map(|s| s.trim().to_string())
            .collect()
    };
    let mut cases = Vec::new();
    for name in &names {
        let scenario = redline_scenarios::load(Some(Path::new(name)), &[], &[], &read_file)?;
        let model = CrisisModel::new(scenario)?;
        let id = model.scenario().id.clone();
        let Some((_, record)) = records.iter().find(|(r, _)| *r == id) else {
            return Err(CliError::input(format!(
                "{name}: no recorded outcomes for `{id}` (data/outcomes/{id}.csv), so it cannot be fitted on"
            )));
        };
        if let Some(case) = Case::new(model, record) {
            cases.push(case);
        }
    }
    let keys: Vec<String> = if args.params.is_empty() {
        fit::DEFAULT_KEYS.iter().map(|k| k.to_string()).collect()
    } else {
        args.params.iter().map(|k| k.trim().to_string()).collect()
    };
    let factors = fit::factors(&cases, &keys).map_err(CliError::input)?;
    let settings = Settings {
        runs: args.runs,
        seed: args.seed,
        generations: args.generations,
        step: 0.5,
    };
    let total = fit::evaluations_at_most(factors.len(), &settings);
    let progress = crate::progress::Progress::new(total as u64, "fit");
    let result = fit::fit(&cases, &factors, &settings, &|n| progress.advance(n as u64));
    if let Some(path) = &args.fitted {
        emit(Some(path), &result.overlay(&factors))?;
    }
    let meta = Meta::new("fit")
        .inputs(&names)
        .ensemble(args.seed, args.runs);
    let text = match args.output.format {
        crate::args::TableJson::Json => redline_report::fit::to_json(&meta, &result),
        crate::args::TableJson::Table => redline_report::fit::to_table(&meta, &result),
    };
    emit(args.output.out.as_deref(), &text)
}
