//! `redline sensitivity`: which uncertain parameters move which outcome, with
//! sharding across machines and `merge`.

use crate::commands::crisis::{ScenarioArgs, load_scenario};
use crate::error::{CliError, CliResult};
use crate::output::emit;
use clap::{Args, Subcommand};
use redline_core::Outcome;
use redline_crisis::CrisisModel;
use redline_crisis::sensitivity::{self, Design, Header, Indices, Method, Shard};
use serde_json::{Value, json};
use std::path::PathBuf;

/// `redline sensitivity`.
#[derive(Args)]
#[command(
    args_conflicts_with_subcommands = true,
    after_help = "Examples:
  redline sensitivity --method morris --samples 10 --runs 500
  redline sensitivity --method sobol --samples 64 --outcome war --outcome interim_deal
  redline sensitivity --method sobol --samples 64 --shard 0/2 --out part0.json   # on one machine
  redline sensitivity --method sobol --samples 64 --shard 1/2 --out part1.json   # on another
  redline sensitivity merge part0.json part1.json"
)]
pub struct SensitivityArgs {
    #[command(subcommand)]
    merge: Option<MergeCommand>,
    #[command(flatten)]
    scenario: ScenarioArgs,
    /// Morris elementary effects or Sobol indices (Saltelli sampling).
    #[arg(long, default_value = "morris", value_parser = ["morris", "sobol"])]
    method: String,
    /// Outcomes to analyse (repeatable; default: all).
    #[arg(long = "outcome", value_name = "ID")]
    outcomes: Vec<String>,
    /// Morris trajectories, or Sobol base samples N (N·(k + 2) evaluations).
    #[arg(long, default_value_t = 10)]
    samples: usize,
    /// Runs of the ensemble at each design point.
    #[arg(long, default_value_t = 500)]
    runs: u64,
    /// Seed of the design and of every run.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Evaluate only shard I of N (points whose index is I mod N) and write them as JSON for `merge`.
    #[arg(long, value_name = "I/N")]
    shard: Option<String>,
    /// Output format (a shard is always JSON).
    #[arg(long, default_value = "table", value_parser = ["table", "json"])]
    format: String,
    /// Write to this file instead of standard output.
    #[arg(long)]
    out: Option<PathBuf>,
}

/// `redline sensitivity merge`.
#[derive(Subcommand)]
enum MergeCommand {
    /// Join shard files into the result of one run.
    Merge {
        /// Shard files written by `--shard`.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Output format.
        #[arg(long, default_value = "table", value_parser = ["table", "json"])]
        format: String,
        /// Write to this file instead of standard output.
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

/// Runs `redline sensitivity`.
pub fn run(args: SensitivityArgs) -> CliResult {
    if let Some(MergeCommand::Merge { files, format, out }) = args.merge {
        return merge(&files, &format, out);
    }
    let model = CrisisModel::new(load_scenario(&args.scenario)?)?;
    let method = if args.method == "sobol" {
        Method::Sobol
    } else {
        Method::Morris
    };
    let outcomes = parse_outcomes(&args.outcomes)?;
    if args.samples == 0 || args.runs == 0 {
        return Err(CliError::input("--samples and --runs must be at least 1"));
    }
    let factors = sensitivity::uncertain_factors(&model);
    if factors.is_empty() {
        return Err(CliError::input(
            "the scenario has no uncertain parameters (no `dist`) to analyse",
        ));
    }
    let header = Header {
        method,
        scenario: model.scenario().id.clone(),
        seed: args.seed,
        samples: args.samples,
        runs: args.runs,
        factors: factors.into_iter().map(|(_, k)| k).collect(),
        outcomes,
    };
    let design = header.design();
    let (shard, shards) = match &args.shard {
        Some(text) => parse_shard(text)?,
        None => (0, 1),
    };
    let indices = design.shard(shard, shards);
    let progress = crate::progress::Progress::new(indices.len() as u64, "design points");
    let rows = sensitivity::evaluate(&model, &design, &indices, header.runs, header.seed, &|n| {
        progress.advance(n)
    });
    if args.shard.is_some() {
        let shard = Shard::new(header, shard, shards, &indices, &rows);
        let text = serde_json::to_string_pretty(&shard)
            .map_err(|e| CliError::failure(format!("cannot write the shard: {e}")))?;
        return emit(args.out.as_deref(), &format!("{text}\n"));
    }
    emit(
        args.out.as_deref(),
        &render(&header, &design, &rows, &args.format),
    )
}

fn parse_outcomes(ids: &[String]) -> CliResult<Vec<Outcome>> {
    if ids.is_empty() {
        return Ok(Outcome::ALL.to_vec());
    }
    ids.iter()
        .map(|id| {
            Outcome::from_id(id.trim()).ok_or_else(|| {
                let hint = redline_core::input_error::did_you_mean(id.trim(), Outcome::ids())
                    .map_or(String::new(), |near| format!(" (did you mean `{near}`?)"));
                CliError::input(format!("--outcome: unknown outcome `{id}`{hint}"))
            })
        })
        .collect()
}

fn parse_shard(text: &str) -> CliResult<(usize, usize)> {
    let bad = || CliError::input(format!("--shard `{text}`: expected I/N with 0 ≤ I < N"));
    let (i, n) = text.split_once('/').ok_or_else(bad)?;
    let (i, n): (usize, usize) = (
        i.trim().parse().map_err(|_| bad())?,
        n.trim().parse().map_err(|_| bad())?,
    );
    if n == 0 || i >= n {
        return Err(bad());
    }
    Ok((i, n))
}

fn render(
    header: &Header,
    design: &Design,
    rows: &[[u64; Outcome::COUNT]],
    format: &str,
) -> String {
    let analyses: Vec<(Outcome, Indices)> = header
        .outcomes
        .iter()
        .map(|&o| {
            let y: Vec<f64> = rows
                .iter()
                .map(|r| r[o.index()] as f64 / header.runs as f64)
                .collect();
            (o, Indices::of(design, &y))
        })
        .collect();
    let ranked = |indices: &Indices| {
        let importance = indices.importance();
        let mut order: Vec<usize> = (0..importance.len()).collect();
        order.sort_by(|&a, &b| importance[b].total_cmp(&importance[a]).then(a.cmp(&b)));
        order
    };
    if format == "json" {
        let mut value = json!(header);
        value["results"] = analyses
            .iter()
            .map(|(o, indices)| {
                let entries: Vec<Value> = ranked(indices)
                    .into_iter()
                    .map(|i| match indices {
                        Indices::Morris(m) => json!({"factor": header.factors[i], "mu": m[i].mu, "mu_star": m[i].mu_star, "sigma": m[i].sigma}),
                        Indices::Sobol(s) => json!({"factor": header.factors[i], "first": s[i].first, "total": s[i].total}),
                    })
                    .collect();
                json!({"outcome": o.id(), "indices": entries})
            })
            .collect();
        return format!("{value:#}\n");
    }
    let mut out = format!(
        "Sensitivity ({}) of {} — {} {}, {} runs per point, seed {}, {} uncertain parameters\n",
        header.method.name(),
        header.scenario,
        header.samples,
        if header.method == Method::Morris {
            "trajectories"
        } else {
            "base samples"
        },
        header.runs,
        header.seed,
        header.factors.len()
    );
    for (o, indices) in &analyses {
        out.push_str(&format!("\n{}\n", o.id()));
        match indices {
            Indices::Morris(_) => out.push_str(&format!(
                "  {:<40} {:>9} {:>9} {:>9}\n",
                "parameter", "mu*", "mu", "sigma"
            )),
            Indices::Sobol(_) => out.push_str(&format!(
                "  {:<40} {:>9} {:>9}\n",
                "parameter", "total", "first"
            )),
        }
        for i in ranked(indices) {
            match indices {
                Indices::Morris(m) => out.push_str(&format!(
                    "  {:<40} {:>9.4} {:>9.4} {:>9.4}\n",
                    header.factors[i], m[i].mu_star, m[i].mu, m[i].sigma
                )),
                Indices::Sobol(s) => out.push_str(&format!(
                    "  {:<40} {:>9.4} {:>9.4}\n",
                    header.factors[i], s[i].total, s[i].first
                )),
            }
        }
    }
    out
}

fn merge(files: &[PathBuf], format: &str, out: Option<PathBuf>) -> CliResult {
    let mut shards = Vec::with_capacity(files.len());
    for file in files {
        let origin = file.display().to_string();
        let text = std::fs::read_to_string(file)
            .map_err(|e| CliError::input(format!("{origin}: cannot read: {e}")))?;
        let shard: Shard = serde_json::from_str(&text).map_err(|e| {
            CliError::input(format!(
                "{origin}:{}:{}: not a sensitivity shard: {e}",
                e.line(),
                e.column()
            ))
        })?;
        shards.push((origin, shard));
    }
    let merged = sensitivity::merge(&shards).map_err(|e| CliError::input(e.to_string()))?;
    emit(
        out.as_deref(),
        &render(&merged.header, &merged.design, &merged.rows, format),
    )
}
