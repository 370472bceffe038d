//! `redline sensitivity`: which uncertain parameters move which outcome, with
//! sharding across machines and `merge`.

use crate::args::TableJson;
use crate::commands::crisis::{ScenarioArgs, load_scenario, meta};
use crate::commands::slurm::{self, MergeOptions, Plan, SlurmArgs, Work};
use crate::error::{CliError, CliResult};
use crate::output::emit;
use clap::{Args, Subcommand};
use redline_crisis::CrisisModel;
use redline_crisis::sensitivity::{self, DEFAULT_RESAMPLES, Header, Method, Shard};
use redline_report::meta::Meta;
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
  redline sensitivity merge part0.json part1.json
  redline sensitivity --method sobol --samples 64 --slurm sweep/ --shards 8   # a Slurm job array
  redline merge sweep/                                                        # after it ran"
)]
pub struct SensitivityArgs {
    #[command(subcommand)]
    merge: Option<MergeCommand>,
    #[command(flatten)]
    scenario: ScenarioArgs,
    /// Morris elementary effects or Sobol indices (Saltelli sampling).
    #[arg(long, value_enum, default_value_t)]
    method: crate::args::SensitivityMethod,
    /// Outcomes to analyse (repeatable; default: all).
    #[arg(long = "outcome", value_name = "ID")]
    outcomes: Vec<String>,
    /// Morris trajectories, or Sobol base samples N (N·(k + 2) evaluations); 1 to 65,536.
    #[arg(long, default_value_t = 10, value_parser = crate::args::count_in::<1, 65_536>)]
    samples: usize,
    /// Runs of the ensemble at each design point.
    #[arg(long, default_value_t = 500, value_parser = crate::args::parse_runs)]
    runs: u64,
    /// Seed of the design, of every run and of the bootstrap.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Bootstrap resamples of each index's 95% interval (at least 2).
    #[arg(long, default_value_t = DEFAULT_RESAMPLES)]
    resamples: usize,
    /// Evaluate only shard I of N (points whose index is I mod N) and write them as JSON for `merge`.
    #[arg(long, value_name = "I/N")]
    shard: Option<String>,
    /// Output format (a shard is always JSON).
    #[arg(long, value_enum, default_value_t)]
    format: crate::args::TableJson,
    /// Write to this file instead of standard output.
    #[arg(long)]
    out: Option<PathBuf>,
    #[command(flatten)]
    slurm: SlurmArgs,
}

/// `redline sensitivity merge`.
#[derive(Subcommand)]
enum MergeCommand {
    /// Join shard files into the result of one run.
    Merge {
        /// Shard files written by `--shard`.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Bootstrap resamples of each index's 95% interval (at least 2).
        #[arg(long, default_value_t = DEFAULT_RESAMPLES)]
        resamples: usize,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: crate::args::TableJson,
        /// Write to this file instead of standard output.
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

/// Runs `redline sensitivity`.
pub fn run(args: SensitivityArgs) -> CliResult {
    if let Some(MergeCommand::Merge {
        files,
        resamples,
        format,
        out,
    }) = args.merge
    {
        return merge(&files, resamples, format, out);
    }
    // A job array's tasks run elsewhere: every file by its absolute path,
    // in the plan and in the header the shards carry.
    let scenario_args = match &args.slurm.slurm {
        Some(_) => args.scenario.absolute()?,
        None => args.scenario.clone(),
    };
    let model = CrisisModel::new(load_scenario(&scenario_args)?)?;
    let method = match args.method {
        crate::args::SensitivityMethod::Sobol => Method::Sobol,
        crate::args::SensitivityMethod::Morris => Method::Morris,
    };
    let outcomes = parse_outcomes(&model, &args.outcomes)?;
    check_resamples(args.resamples)?;
    let factors = sensitivity::uncertain_factors(&model);
    if factors.is_empty() {
        return Err(CliError::input(
            "the scenario has no uncertain parameters (no `dist`) to analyse",
        ));
    }
    let meta = meta("sensitivity", &scenario_args, &model).ensemble(args.seed, args.runs);
    let provenance =
        meta.scenario
            .clone()
            .unwrap_or_else(|| redline_report::meta::ScenarioProvenance {
                id: model.scenario().id.clone(),
                file: String::new(),
                sha256: String::new(),
            });
    let header = Header {
        method,
        scenario: provenance.id,
        scenario_file: provenance.file,
        scenario_sha256: provenance.sha256,
        set: meta.set.clone(),
        with: meta.with.clone(),
        params: meta.params.clone().unwrap_or_default(),
        seed: args.seed,
        samples: args.samples,
        runs: args.runs,
        factors: factors.into_iter().map(|(_, k)| k).collect(),
        columns: model.outcomes().ids().map(str::to_string).collect(),
        labels: model
            .outcomes()
            .outcomes()
            .map(|o| o.label.clone())
            .collect(),
        outcomes,
    };
    let design = header.design();
    if let Some(dir) = &args.slurm.slurm {
        return plan(&args, &scenario_args, &model, &header, &design, dir);
    }
    let (shard, shards) = match &args.shard {
        Some(text) => crate::args::parse_shard(text)?,
        None => (0, 1),
    };
    let indices = design.shard(shard, shards);
    let progress = crate::progress::Progress::new(indices.len() as u64, "design points");
    let rows = sensitivity::evaluate(&model, &design, &indices, header.runs, header.seed, &|n| {
        progress.advance(n)
    });
    if args.shard.is_some() {
        let shard = Shard::new(header, shard, shards, &indices, &rows);
        return emit(args.out.as_deref(), &redline_report::json_text(&shard));
    }
    let analysis = sensitivity::analyse(&header, &design, &rows, args.resamples);
    emit(args.out.as_deref(), &render(&meta, &analysis, args.format))
}

/// `--slurm DIR`: times two design points here, then writes the job array.
fn plan(
    args: &SensitivityArgs,
    scenario: &ScenarioArgs,
    model: &CrisisModel,
    header: &Header,
    design: &sensitivity::Design,
    dir: &std::path::Path,
) -> CliResult {
    let probe: Vec<usize> = (0..design.points.len().min(2)).collect();
    let seconds = slurm::measure(|| {
        sensitivity::evaluate(model, design, &probe, header.runs, header.seed, &|_| {});
    }) / probe.len().max(1) as f64;
    let method = match args.method {
        crate::args::SensitivityMethod::Sobol => "sobol",
        crate::args::SensitivityMethod::Morris => "morris",
    };
    let mut shard_args = vec!["sensitivity".to_string()];
    shard_args.extend(scenario.to_args());
    shard_args.extend(["--method".to_string(), method.to_string()]);
    for outcome in &header.outcomes {
        shard_args.extend(["--outcome".to_string(), outcome.clone()]);
    }
    shard_args.extend([
        "--samples".to_string(),
        header.samples.to_string(),
        "--runs".to_string(),
        header.runs.to_string(),
        "--seed".to_string(),
        header.seed.to_string(),
    ]);
    let out = match &args.out {
        Some(path) => slurm::absolute(path)?,
        None => slurm::default_out(dir, &args.format)?,
    };
    slurm::write_plan(
        Work {
            command: "sensitivity",
            unit_name: "design points",
            header_json: serde_json::to_string(header)
                .map_err(|e| CliError::failure(format!("cannot write the header: {e}")))?,
            units: design.points.len(),
            seconds_per_unit: seconds,
            // The bootstrap of the indices: seconds, whatever the design.
            shard_seconds: None,
            merge_seconds: 60.0,
            merge_extra_mib: 0,
            shard_args,
            merge: MergeOptions {
                resamples: Some(args.resamples),
                ..MergeOptions::new(&args.format, out)
            },
        },
        &args.slurm,
    )
}

/// `redline merge DIR` of a sensitivity plan: every shard checked against
/// the plan, then the merge of `sensitivity merge`.
pub fn merge_plan(dir: &std::path::Path, plan: &Plan) -> CliResult {
    let shards = slurm::read_shards(
        dir,
        plan,
        read_shard,
        |shard| serde_json::to_string(&shard.header).unwrap_or_default(),
        |shard| shard.shard,
    )?;
    let format = plan.merge.format(dir)?;
    merge_shards(
        &shards,
        plan.merge.resamples.unwrap_or(DEFAULT_RESAMPLES),
        format,
        Some(PathBuf::from(&plan.merge.out)),
    )
}

fn check_resamples(resamples: usize) -> CliResult {
    if resamples < 2 {
        return Err(CliError::input(format!(
            "--resamples {resamples}: the bootstrap needs at least 2 resamples (default {DEFAULT_RESAMPLES})"
        )));
    }
    Ok(())
}

fn parse_outcomes(model: &CrisisModel, ids: &[String]) -> CliResult<Vec<String>> {
    let known = model.outcomes();
    if ids.is_empty() {
        return Ok(known.ids().map(str::to_string).collect());
    }
    ids.iter()
        .map(|id| {
            known
                .by_id(id.trim())
                .map(|(o, _)| o.id.clone())
                .ok_or_else(|| {
                    let hint = redline_core::input_error::did_you_mean(id.trim(), known.ids())
                        .map_or(String::new(), |near| format!(" (did you mean `{near}`?)"));
                    CliError::input(format!("--outcome: unknown outcome `{id}`{hint}"))
                })
        })
        .collect()
}

fn render(meta: &Meta, analysis: &sensitivity::Analysis, format: TableJson) -> String {
    if format == TableJson::Json {
        redline_report::sensitivity::to_json(meta, analysis)
    } else {
        redline_report::sensitivity::to_table(meta, analysis)
    }
}

fn read_shard(file: &std::path::Path) -> CliResult<(String, Shard)> {
    let shard = crate::input::read_json(file, "sensitivity shard", crate::input::MAX_SHARD_BYTES)?;
    Ok((file.display().to_string(), shard))
}

fn merge(
    files: &[PathBuf],
    resamples: usize,
    format: TableJson,
    out: Option<PathBuf>,
) -> CliResult {
    check_resamples(resamples)?;
    let shards = files
        .iter()
        .map(|f| read_shard(f))
        .collect::<CliResult<Vec<_>>>()?;
    merge_shards(&shards, resamples, format, out)
}

fn merge_shards(
    shards: &[(String, Shard)],
    resamples: usize,
    format: TableJson,
    out: Option<PathBuf>,
) -> CliResult {
    check_resamples(resamples)?;
    let merged = sensitivity::merge(shards).map_err(|e| CliError::input(e.to_string()))?;
    if merged.header.scenario_sha256.is_empty() {
        eprintln!(
            "redline: note: the shards were written by an older redline: the scenario's digest \
             and its --set/--with overrides are unknown"
        );
    }
    let analysis = sensitivity::analyse(&merged.header, &merged.design, &merged.rows, resamples);
    let meta = redline_report::sensitivity::meta(&merged.header);
    emit(out.as_deref(), &render(&meta, &analysis, format))
}
