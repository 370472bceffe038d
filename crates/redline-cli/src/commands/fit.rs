//! `redline fit`: the shared behavioural parameters estimated from the case
//! library, in one process or in shards (`--shard I/N`, then `fit merge`).
//! The fitting is `redline_data::fit`; this module loads the cases, runs it
//! and prints.

use crate::commands::backtest::load_cases;
use crate::commands::slurm::{self, MergeOptions, Plan, SlurmArgs, Work};
use crate::error::{CliError, CliResult};
use crate::output::{TableOrJson, emit};
use clap::{Args, Subcommand};
use redline_data::fit::{self, Case, Curvature, SearchResult, Settings, Shard, ShardHeader};
use redline_report::meta::Meta;
use std::path::PathBuf;

/// `redline fit`.
#[derive(Args)]
#[command(
    args_conflicts_with_subcommands = true,
    after_help = "Examples:
  redline fit --fitted fitted.toml
  redline forecast --with fitted.toml
  redline fit --keys talks.open_base_annual,retaliation.probability --runs 500 --format json
  redline fit --starts 2 --runs 300 --shard 0/2 --out part0.json   # on one machine
  redline fit --starts 2 --runs 300 --shard 1/2 --out part1.json   # on another
  redline fit merge part0.json part1.json --fitted fitted.toml
  redline fit --starts 8 --fitted fitted.toml --slurm fit/ --shards 4   # a Slurm job array
  redline merge fit/                                                    # after it ran"
)]
pub struct FitArgs {
    #[command(subcommand)]
    merge: Option<MergeCommand>,
    /// Cases by id (embedded) or file path, comma-separated; each needs a
    /// shipped record. Default: every case with a record.
    #[arg(long, value_delimiter = ',')]
    scenarios: Vec<String>,
    /// Shared parameters to fit, by key, comma-separated (default: the
    /// twelve of `redline_data::fit::DEFAULT_KEYS`).
    #[arg(long, value_delimiter = ',')]
    keys: Vec<String>,
    /// Runs per case per candidate.
    #[arg(long, default_value_t = 1000, value_parser = crate::args::parse_runs)]
    runs: u64,
    /// Seed of the runs (common to every candidate) and of the search.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// CMA-ES generations at most.
    #[arg(long, default_value_t = 40)]
    generations: usize,
    /// Independent searches: the first from the priors' medians, the others
    /// from draws from the prior; the best is kept (1 to 1,000).
    #[arg(long, default_value_t = 1, value_parser = crate::args::count_in::<1, 1_000>)]
    starts: usize,
    /// Run only shard I of N (the starts whose index is I mod N; N at most
    /// --starts) and write its searches as JSON for `fit merge`.
    #[arg(long, value_name = "I/N", conflicts_with = "fitted")]
    shard: Option<String>,
    /// Write the fitted parameters here, as a fragment for `--with`.
    #[arg(long)]
    fitted: Option<PathBuf>,
    #[command(flatten)]
    output: TableOrJson,
    #[command(flatten)]
    slurm: SlurmArgs,
}

/// `redline fit merge`.
#[derive(Subcommand)]
enum MergeCommand {
    /// Join shard files into the result of one fit (byte for byte).
    Merge {
        /// Shard files written by `fit --shard`.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Write the fitted parameters here, as a fragment for `--with`.
        #[arg(long)]
        fitted: Option<PathBuf>,
        #[command(flatten)]
        output: TableOrJson,
    },
}

fn keys_of(keys: &[String]) -> Vec<String> {
    if keys.is_empty() {
        fit::DEFAULT_KEYS.iter().map(|k| k.to_string()).collect()
    } else {
        keys.iter().map(|k| k.trim().to_string()).collect()
    }
}

/// Runs `redline fit`.
pub fn run(args: FitArgs) -> CliResult {
    if let Some(MergeCommand::Merge {
        files,
        fitted,
        output,
    }) = args.merge
    {
        return merge(&files, fitted, &output);
    }
    // A job array's tasks run elsewhere: case files by absolute path, in
    // the plan and in the header the shards carry.
    let scenarios: Vec<String> = match &args.slurm.slurm {
        Some(_) => args
            .scenarios
            .iter()
            .map(|s| match std::path::Path::new(s.trim()) {
                p if p.exists() => {
                    let absolute = slurm::absolute(p)?;
                    // The task's `--scenarios` is one comma-separated list.
                    if absolute.contains(',') {
                        return Err(CliError::input(format!(
                            "--scenarios {s}: its path, {absolute}, holds a comma, which the \
                             job's comma-separated --scenarios cannot carry; move the case to \
                             a folder without one"
                        )));
                    }
                    Ok(absolute)
                }
                _ => Ok(s.clone()),
            })
            .collect::<CliResult<_>>()?,
        None => args.scenarios.clone(),
    };
    let (names, cases) = load_cases(&scenarios)?;
    let keys = keys_of(&args.keys);
    let factors = fit::factors(&cases, &keys).map_err(CliError::input)?;
    let settings = Settings {
        runs: args.runs,
        seed: args.seed,
        generations: args.generations,
        step: 0.5,
        starts: args.starts,
        curvature: Curvature::Full,
    };
    let header = ShardHeader {
        inputs: names,
        cases: cases
            .iter()
            .map(|c| (c.id.clone(), c.model.scenario().sha256()))
            .collect(),
        keys,
        runs: settings.runs,
        seed: settings.seed,
        generations: settings.generations,
        starts: settings.starts,
        step: settings.step,
    };
    let shard = args
        .shard
        .as_deref()
        .map(crate::args::parse_shard)
        .transpose()?;
    if let Some((_, n)) = shard
        && n > settings.starts
    {
        return Err(CliError::input(format!(
            "--shard: {n} shards for {} starts would leave a shard with nothing to run; use N ≤ --starts",
            settings.starts
        )));
    }
    if let Some(dir) = &args.slurm.slurm {
        return plan(&args, &scenarios, &cases, &factors, &settings, &header, dir);
    }
    let indices: Vec<usize> = match shard {
        Some((i, n)) => fit::shard_starts(settings.starts, i, n),
        None => (0..settings.starts).collect(),
    };
    // The searches of these starts (the Laplace step has its own bar).
    let per_start = fit::evaluations_at_most(
        factors.len(),
        &Settings {
            starts: 1,
            ..settings
        },
    ) - fit::laplace_evaluations(factors.len(), settings.curvature);
    let progress = crate::progress::Progress::new((per_start * indices.len()) as u64, "fit");
    let advance = |n: usize| progress.advance(n as u64);
    if let Some((i, n)) = shard {
        let searches = fit::search(&cases, &factors, &settings, &indices, &advance);
        let shard = Shard {
            format: fit::SHARD_FORMAT.to_string(),
            header,
            shard: (i, n),
            searches,
        };
        return emit(
            args.output.out.as_deref(),
            &redline_report::json_text(&shard),
        );
    }
    let searches = fit::search(&cases, &factors, &settings, &indices, &advance);
    finish(
        &header,
        &cases,
        &factors,
        &settings,
        &searches,
        args.fitted,
        &args.output,
    )
}

/// The Laplace approximation at the best search, and the output: the same
/// code for one process and for merged shards, so that both write the same bytes.
fn finish(
    header: &ShardHeader,
    cases: &[Case],
    factors: &[fit::Factor],
    settings: &Settings,
    searches: &[SearchResult],
    fitted: Option<PathBuf>,
    output: &TableOrJson,
) -> CliResult {
    let hessian = fit::laplace_evaluations(factors.len(), settings.curvature);
    let progress = crate::progress::Progress::new(hessian as u64, "fit (curvature)");
    let result = fit::laplace(cases, factors, settings, searches, &|n| {
        progress.advance(n as u64)
    });
    if let Some(path) = &fitted {
        emit(Some(path), &result.overlay(factors))?;
    }
    let meta = Meta::new("fit")
        .inputs(&header.inputs)
        .ensemble(settings.seed, settings.runs);
    let text = match output.format {
        crate::args::TableJson::Json => redline_report::fit::to_json(&meta, &result),
        crate::args::TableJson::Table => redline_report::fit::to_table(&meta, &result),
    };
    emit(output.out.as_deref(), &text)
}

/// `--slurm DIR`: times one CMA-ES generation of the first start here,
/// then writes the job array (one task per group of starts).
fn plan(
    args: &FitArgs,
    scenarios: &[String],
    cases: &[Case],
    factors: &[fit::Factor],
    settings: &Settings,
    header: &ShardHeader,
    dir: &std::path::Path,
) -> CliResult {
    let laplace = fit::laplace_evaluations(factors.len(), settings.curvature);
    let probe = Settings {
        generations: 1,
        starts: 1,
        ..*settings
    };
    let probe_evaluations = fit::evaluations_at_most(factors.len(), &probe) - laplace;
    let seconds = slurm::measure(|| {
        fit::search(cases, factors, &probe, &[0], &|_| {});
    });
    let per_evaluation = seconds / probe_evaluations.max(1) as f64;
    let per_start = fit::evaluations_at_most(
        factors.len(),
        &Settings {
            starts: 1,
            ..*settings
        },
    ) - laplace;
    let mut shard_args = vec!["fit".to_string()];
    if !scenarios.is_empty() {
        shard_args.extend(["--scenarios".to_string(), scenarios.join(",")]);
    }
    shard_args.extend([
        "--keys".to_string(),
        header.keys.join(","),
        "--runs".to_string(),
        settings.runs.to_string(),
        "--seed".to_string(),
        settings.seed.to_string(),
        "--generations".to_string(),
        settings.generations.to_string(),
        "--starts".to_string(),
        settings.starts.to_string(),
    ]);
    let out = match &args.output.out {
        Some(path) => slurm::absolute(path)?,
        None => slurm::default_out(dir, &args.output.format)?,
    };
    slurm::write_plan(
        Work {
            command: "fit",
            unit_name: "starts",
            header_json: serde_json::to_string(header)
                .map_err(|e| CliError::failure(format!("cannot write the header: {e}")))?,
            units: settings.starts,
            seconds_per_unit: per_evaluation * per_start as f64,
            shard_seconds: None,
            merge_seconds: per_evaluation * laplace as f64,
            merge_extra_mib: 0,
            shard_args,
            merge: MergeOptions {
                fitted: args.fitted.as_deref().map(slurm::absolute).transpose()?,
                ..MergeOptions::new(&args.output.format, out)
            },
        },
        &args.slurm,
    )
}

/// `redline merge DIR` of a fit plan: every shard checked against the
/// plan, then the merge of `fit merge`.
pub fn merge_plan(dir: &std::path::Path, plan: &Plan) -> CliResult {
    let shards = slurm::read_shards(
        dir,
        plan,
        read_shard_file,
        |shard| serde_json::to_string(&shard.header).unwrap_or_default(),
        |shard| shard.shard,
    )?;
    let output = TableOrJson {
        format: plan.merge.format(dir)?,
        out: Some(PathBuf::from(&plan.merge.out)),
    };
    merge_shards(
        &shards,
        plan.merge.fitted.as_ref().map(PathBuf::from),
        &output,
    )
}

fn read_shard_file(file: &std::path::Path) -> CliResult<(String, Shard)> {
    let shard = crate::input::read_json(file, "fit shard", crate::input::MAX_SHARD_BYTES)?;
    Ok((file.display().to_string(), shard))
}

fn merge(files: &[PathBuf], fitted: Option<PathBuf>, output: &TableOrJson) -> CliResult {
    let shards = files
        .iter()
        .map(|f| read_shard_file(f))
        .collect::<CliResult<Vec<_>>>()?;
    merge_shards(&shards, fitted, output)
}

fn merge_shards(
    shards: &[(String, Shard)],
    fitted: Option<PathBuf>,
    output: &TableOrJson,
) -> CliResult {
    let (header, searches) = fit::merge(shards).map_err(CliError::input)?;
    let (_, cases) = load_cases(&header.inputs)?;
    let now: Vec<(String, String)> = cases
        .iter()
        .map(|c| (c.id.clone(), c.model.scenario().sha256()))
        .collect();
    if now != header.cases {
        return Err(CliError::input(format!(
            "{}: the shards were fitted on other scenarios than this redline ships (a case or its digest differs): rerun the shards",
            shards.first().map_or("", |(origin, _)| origin.as_str())
        )));
    }
    let factors = fit::factors(&cases, &header.keys).map_err(CliError::input)?;
    let settings = Settings {
        runs: header.runs,
        seed: header.seed,
        generations: header.generations,
        step: header.step,
        starts: header.starts,
        curvature: Curvature::Full,
    };
    finish(
        &header, &cases, &factors, &settings, &searches, fitted, output,
    )
}
