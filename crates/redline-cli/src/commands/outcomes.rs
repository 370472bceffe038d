//! `redline outcomes`: the outcome ids and what counts as each happening.

use crate::error::CliResult;
use crate::output::{TableOrJson, emit};
use clap::Args;
use redline_core::Outcome;

/// List the tracked outcomes with their definitions.
#[derive(Args)]
#[command(after_help = "Example:\n  redline outcomes --format json")]
pub struct OutcomesArgs {
    #[command(flatten)]
    output: TableOrJson,
}

/// Runs `redline outcomes`.
pub fn run(args: OutcomesArgs) -> CliResult {
    let text = if args.output.format == crate::args::TableJson::Json {
        let list: Vec<_> = Outcome::ALL
            .iter()
            .map(|o| serde_json::json!({"id": o.id(), "label": o.label(), "definition": o.definition()}))
            .collect();
        format!("{:#}\n", serde_json::Value::Array(list))
    } else {
        Outcome::ALL
            .iter()
            .map(|o| format!("{:<24} {}\n", o.id(), o.definition()))
            .collect()
    };
    emit(args.output.out.as_deref(), &text)
}
