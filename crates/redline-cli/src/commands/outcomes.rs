//! `redline outcomes`: a scenario's outcome ids and what counts as each happening.

use crate::commands::crisis::{ScenarioArgs, load_scenario, meta};
use crate::error::CliResult;
use crate::output::{TableOrJson, emit};
use clap::Args;
use redline_crisis::CrisisModel;

/// List a scenario's outcomes (the flagship's by default) with their definitions.
#[derive(Args)]
#[command(
    after_help = "Examples:\n  redline outcomes --format json\n  redline outcomes scenarios/north-korea-2017-08-08.toml"
)]
pub struct OutcomesArgs {
    #[command(flatten)]
    scenario: ScenarioArgs,
    #[command(flatten)]
    output: TableOrJson,
}

/// Runs `redline outcomes`.
pub fn run(args: OutcomesArgs) -> CliResult {
    let model = CrisisModel::new(load_scenario(&args.scenario)?)?;
    let outcomes = model.outcomes().outcomes();
    let text = match args.output.format {
        crate::args::TableJson::Json => {
            redline_report::outcomes::to_json(&meta("outcomes", &args.scenario, &model), outcomes)
        }
        crate::args::TableJson::Table => redline_report::outcomes::to_table(outcomes),
    };
    emit(args.output.out.as_deref(), &text)
}
