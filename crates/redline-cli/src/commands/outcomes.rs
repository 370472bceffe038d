//! `redline outcomes`: the outcome ids and what counts as each happening.

use crate::error::CliResult;
use crate::output::{TableOrJson, emit};
use clap::Args;

/// List the tracked outcomes with their definitions.
#[derive(Args)]
#[command(after_help = "Example:\n  redline outcomes --format json")]
pub struct OutcomesArgs {
    #[command(flatten)]
    output: TableOrJson,
}

/// Runs `redline outcomes`.
pub fn run(args: OutcomesArgs) -> CliResult {
    let text = match args.output.format {
        crate::args::TableJson::Json => {
            redline_report::outcomes::to_json(&redline_report::meta::Meta::new("outcomes"))
        }
        crate::args::TableJson::Table => redline_report::outcomes::to_table(),
    };
    emit(args.output.out.as_deref(), &text)
}
