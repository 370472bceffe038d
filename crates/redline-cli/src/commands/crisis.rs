//! The crisis model's commands: `forecast`, `trace`, `scenario params|check`.

use crate::error::{CliError, CliResult};
use crate::output::emit;
use crate::progress::Progress;
use clap::{Args, Subcommand};
use redline_core::Scenario;
use redline_crisis::assume::Assumptions;
use redline_crisis::{CrisisModel, Strategy, ensemble};
use redline_report::meta::Meta;
use std::path::PathBuf;

/// The crisis model's commands.
#[derive(Subcommand)]
pub enum CrisisCommand {
    /// Forecast a crisis: the probability of each outcome by the horizon.
    #[command(after_help = "Examples:
  redline forecast                 # the flagship: Iran as of 7 February 2025
  redline forecast scenarios/iran-2025-02-07.toml --runs 20000 --seed 7
  redline forecast --set leader.red_line=absolute --set snapback.enabled=false
  redline forecast --assume israeli_strike@2025-05-01 --format json --out strike.json
  redline forecast --compare grit,max-pressure,tit-for-tat")]
    Forecast(ForecastArgs),
    /// Tell one run's story week by week.
    #[command(after_help = "Examples:
  redline trace --run 3
  redline trace --run 0 --assume israeli_strike@2025-05-01 --format json")]
    Trace(TraceArgs),
    /// Inspect and validate scenario files.
    #[command(subcommand)]
    Scenario(ScenarioCommand),
}

/// `redline scenario …`.
#[derive(Subcommand)]
pub enum ScenarioCommand {
    /// List every parameter with its value, unit, range, default and source.
    #[command(after_help = "Examples:
  redline scenario params
  redline scenario params scenarios/iran-2025-02-07.toml --format csv")]
    Params(ParamsArgs),
    /// Validate a scenario file against the model (exit code 2 when invalid).
    #[command(after_help = "Example:\n  redline scenario check scenarios/iran-2025-02-07.toml")]
    Check(CheckArgs),
    /// Write a commented starting file for a new crisis (every role, every case parameter).
    #[command(
        after_help = "Example:\n  redline scenario new --id my-crisis --as-of 2024-06-01 --out my-crisis.toml"
    )]
    New(NewArgs),
    /// Print a JSON Schema of the scenario format, for editor completion.
    #[command(after_help = "Example:\n  redline scenario schema --out scenario.schema.json")]
    Schema(SchemaArgs),
}

/// `redline scenario new`.
#[derive(Args)]
pub struct NewArgs {
    /// The scenario's id (lower-case letters, digits, `-` and `_`).
    #[arg(long, default_value = "my-crisis")]
    id: String,
    /// Its display name.
    #[arg(long, default_value = "My crisis")]
    name: String,
    /// The date whose knowledge the file holds (YYYY-MM-DD); today when omitted.
    #[arg(long, value_parser = crate::args::parse_date)]
    as_of: Option<redline_core::Date>,
    /// Write to this file instead of standard output (next to a copy of
    /// shared/parameters.toml, or anywhere: the shipped one is found).
    #[arg(long)]
    out: Option<PathBuf>,
}

/// `redline scenario schema`.
#[derive(Args)]
pub struct SchemaArgs {
    /// Write to this file instead of standard output.
    #[arg(long)]
    out: Option<PathBuf>,
}

/// Where the scenario comes from, and what is laid over it.
#[derive(Args, Clone)]
pub struct ScenarioArgs {
    /// Scenario file (TOML) or shipped id (e.g. iran-2018-05-08); the embedded flagship when omitted.
    scenario: Option<PathBuf>,
    /// Override a parameter by its dotted key path; VALUE is a TOML value or a bare word.
    #[arg(long = "set", value_name = "KEY=VALUE")]
    set: Vec<String>,
    /// Lay a scenario fragment (TOML) over the scenario, before any --set.
    #[arg(long = "with", value_name = "FRAGMENT.toml")]
    with: Vec<PathBuf>,
    /// The shared behavioural parameters: fitted on the case library (for a
    /// scenario dated after the library's cases; scenarios/shared/fitted.toml)
    /// or the scenario files' judgments alone.
    #[arg(long, value_enum, default_value_t)]
    params: crate::args::ParamsChoice,
}

/// `redline forecast`.
#[derive(Args)]
pub struct ForecastArgs {
    #[command(flatten)]
    scenario: ScenarioArgs,
    /// Number of runs.
    #[arg(long, default_value_t = 10_000, value_parser = crate::args::parse_runs)]
    runs: u64,
    /// Seed of every random stream.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Runs that share one draw of the uncertain parameters (m); the parameter interval
    /// compares the runs/m draws. 1 gives every run its own draw (and no parameter interval).
    #[arg(long, default_value_t = ensemble::DEFAULT_RUNS_PER_DRAW, value_parser = crate::args::parse_runs_per_draw)]
    runs_per_draw: u64,
    /// Worker threads (default: all cores). Results do not depend on it.
    #[arg(long, value_parser = crate::args::parse_threads)]
    threads: Option<usize>,
    /// Force OUTCOME on DATE in every run (repeatable), e.g. israeli_strike@2025-05-01.
    #[arg(long = "assume", value_name = "OUTCOME@YYYY-MM-DD")]
    assume: Vec<String>,
    /// Also run these counterpart strategies on common random numbers (comma-separated):
    /// max-pressure, tit-for-tat, generous-tit-for-tat, grit, ultimatum, try-and-see, or a
    /// playbook the scenario defines in [playbooks.<name>].
    #[arg(long, value_delimiter = ',', value_name = "STRATEGY,STRATEGY")]
    compare: Vec<String>,
    /// Also write every run's outcomes to FILE (CSV: run,outcome,week,date; one row per run
    /// and outcome that happened in it), streamed as the runs are played.
    #[arg(long, value_name = "FILE", conflicts_with = "compare")]
    runs_out: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: crate::args::TableJsonCsv,
    /// Write to this file (atomically) instead of standard output.
    #[arg(long)]
    out: Option<PathBuf>,
}

/// `redline trace`.
#[derive(Args)]
pub struct TraceArgs {
    #[command(flatten)]
    scenario: ScenarioArgs,
    /// Which run of the ensemble to tell.
    #[arg(long, default_value_t = 0)]
    run: u64,
    /// Seed of every random stream.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Runs that share one parameter draw, as in the forecast whose run is told.
    #[arg(long, default_value_t = ensemble::DEFAULT_RUNS_PER_DRAW, value_parser = crate::args::parse_runs_per_draw)]
    runs_per_draw: u64,
    /// Force OUTCOME on DATE (repeatable).
    #[arg(long = "assume", value_name = "OUTCOME@YYYY-MM-DD")]
    assume: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: crate::args::TextJson,
    /// Write to this file instead of standard output.
    #[arg(long)]
    out: Option<PathBuf>,
}

/// `redline scenario params`.
#[derive(Args)]
pub struct ParamsArgs {
    #[command(flatten)]
    scenario: ScenarioArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: crate::args::TableJsonCsv,
    /// Write to this file instead of standard output.
    #[arg(long)]
    out: Option<PathBuf>,
}

/// `redline scenario check`.
#[derive(Args)]
pub struct CheckArgs {
    /// The scenario file.
    file: PathBuf,
    /// Override a parameter before checking.
    #[arg(long = "set", value_name = "KEY=VALUE")]
    set: Vec<String>,
}

impl ScenarioArgs {
    /// The same choice with every file named by an absolute path (a shipped
    /// id stays an id): what a job on another machine or in another
    /// directory must be given.
    pub fn absolute(&self) -> CliResult<ScenarioArgs> {
        let scenario = match &self.scenario {
            Some(p) if p.exists() => Some(PathBuf::from(crate::commands::slurm::absolute(p)?)),
            other => other.clone(),
        };
        let with = self
            .with
            .iter()
            .map(|p| crate::commands::slurm::absolute(p).map(PathBuf::from))
            .collect::<CliResult<_>>()?;
        Ok(ScenarioArgs {
            scenario,
            with,
            ..self.clone()
        })
    }

    /// The command-line arguments that make this choice.
    pub fn to_args(&self) -> Vec<String> {
        let mut args: Vec<String> = self
            .scenario
            .iter()
            .map(|p| p.display().to_string())
            .collect();
        for w in &self.with {
            args.extend(["--with".to_string(), w.display().to_string()]);
        }
        for s in &self.set {
            args.extend(["--set".to_string(), s.clone()]);
        }
        if self.params == crate::args::ParamsChoice::Judgment {
            args.extend(["--params".to_string(), "judgment".to_string()]);
        }
        args
    }
}

/// Runs a crisis command.
pub fn run(command: CrisisCommand) -> CliResult {
    match command {
        CrisisCommand::Forecast(args) => forecast(args),
        CrisisCommand::Trace(args) => trace(args),
        CrisisCommand::Scenario(ScenarioCommand::Params(args)) => params(args),
        CrisisCommand::Scenario(ScenarioCommand::Check(args)) => check(args),
        CrisisCommand::Scenario(ScenarioCommand::New(args)) => new(args),
        CrisisCommand::Scenario(ScenarioCommand::Schema(args)) => schema(args),
    }
}

/// Loads the scenario (the embedded flagship, a shipped id or a file) with the
/// files it extends, the `--with` fragments and the `--set`s:
/// [`redline_scenarios::load`] reading from disk.
pub fn load_scenario(args: &ScenarioArgs) -> CliResult<Scenario> {
    let mut scenario = redline_scenarios::load(
        args.scenario.as_deref(),
        &args.with,
        &args.set,
        &crate::input::read_file,
    )?;
    if args.params == crate::args::ParamsChoice::Fitted {
        redline_scenarios::lay_fitted(&mut scenario)?;
    }
    Ok(scenario)
}

/// Which parameters `scenario`, loaded by [`load_scenario`], runs on, in words.
fn params_note(args: &ScenarioArgs, scenario: &Scenario) -> String {
    redline_scenarios::fitted::params_note(args.params.into(), scenario)
}

fn load_model(args: &ScenarioArgs) -> CliResult<CrisisModel> {
    Ok(CrisisModel::new(load_scenario(args)?)?)
}

/// Parses `--compare` strategy names: the named strategies and the
/// scenario's playbooks.
pub fn parse_strategies(model: &CrisisModel, names: &[String]) -> CliResult<Vec<Strategy>> {
    names.iter().map(|n| parse_strategy(model, n)).collect()
}

fn parse_strategy(model: &CrisisModel, name: &str) -> CliResult<Strategy> {
    Ok(model.strategy_named(name)?)
}

/// Plays the scenario's own strategy and the `--compare` strategies on
/// common random numbers, with one progress bar over all of them.
pub fn run_comparison(
    model: &CrisisModel,
    assumptions: &Assumptions,
    strategies: &[Strategy],
    runs: u64,
    seed: u64,
    threads: usize,
) -> ensemble::Comparison {
    let variants = 1 + ensemble::distinct_others(&model.settings().strategy, strategies).len();
    let progress = Progress::new(runs.saturating_mul(variants as u64), "forecast");
    ensemble::compare(model, assumptions, strategies, runs, seed, threads, &|n| {
        progress.advance(n)
    })
}

/// The provenance of a command run on a scenario.
pub fn meta(command: &str, scenario: &ScenarioArgs, model: &CrisisModel) -> Meta {
    let with: Vec<String> = scenario
        .with
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    Meta::new(command)
        .scenario(model.scenario(), &scenario.set, &with)
        .params(params_note(scenario, model.scenario()))
}

fn forecast(args: ForecastArgs) -> CliResult {
    let model = load_model(&args.scenario)?.with_runs_per_draw(args.runs_per_draw);
    let assumptions = Assumptions::parse(&args.assume, &model)?;
    let strategies = parse_strategies(&model, &args.compare)?;
    let threads = crate::args::threads(args.threads);
    let comparison = match &args.runs_out {
        Some(path) => ensemble::Comparison {
            own: ensemble::StrategyForecast {
                strategy: model.settings().strategy.clone(),
                forecast: forecast_recording_runs(&model, &assumptions, &args, threads, path)?,
                difference: None,
            },
            compared: Vec::new(),
        },
        None => run_comparison(
            &model,
            &assumptions,
            &strategies,
            args.runs,
            args.seed,
            threads,
        ),
    };
    let meta = meta("forecast", &args.scenario, &model)
        .assume(&args.assume)
        .ensemble(args.seed, args.runs)
        .runs_per_draw(args.runs_per_draw);
    let scenario = model.scenario();
    let text = match args.format {
        crate::args::TableJsonCsv::Json => {
            redline_report::forecast::to_json(scenario, &meta, &comparison)
        }
        crate::args::TableJsonCsv::Csv => redline_report::forecast::to_csv(&comparison),
        crate::args::TableJsonCsv::Parquet => {
            return crate::output::emit_parquet(
                args.out.as_deref(),
                &redline_report::forecast::to_csv(&comparison),
                &meta,
            );
        }
        crate::args::TableJsonCsv::Table => {
            redline_report::forecast::to_table(scenario, &meta, &comparison)
        }
    };
    emit(args.out.as_deref(), &text)
}

/// The forecast of the scenario's own strategy, writing every run's
/// outcomes to `path` as the runs are played (atomically: the file appears
/// complete or not at all): Parquet for a `.parquet` file, CSV otherwise.
fn forecast_recording_runs(
    model: &CrisisModel,
    assumptions: &Assumptions,
    args: &ForecastArgs,
    threads: usize,
    path: &std::path::Path,
) -> CliResult<ensemble::Forecast> {
    let parquet = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("parquet"));
    if parquet && !cfg!(feature = "parquet") {
        return Err(crate::output::without_parquet(path));
    }
    let progress = Progress::new(args.runs, "forecast");
    let mut forecast = None;
    let play = |sink: &mut dyn FnMut(&[ensemble::RunOutcomes]) -> std::io::Result<()>| {
        ensemble::forecast_recording(
            model,
            assumptions,
            args.runs,
            args.seed,
            threads,
            &|n| progress.advance(n),
            sink,
        )
    };
    crate::output::write_atomically_with(path, |w| {
        if parquet {
            #[cfg(feature = "parquet")]
            {
                let meta = meta("forecast", &args.scenario, model)
                    .assume(&args.assume)
                    .ensemble(args.seed, args.runs)
                    .runs_per_draw(args.runs_per_draw);
                let json = serde_json::to_string(&meta).unwrap_or_default();
                let mut table = redline_report::runs::RunsParquet::new(w, &json)?;
                forecast = Some(play(&mut |runs| table.add(model, assumptions, runs))?);
                table.finish()?;
            }
            return Ok(());
        }
        w.write_all(redline_report::runs::CSV_HEADER.as_bytes())?;
        forecast = Some(play(&mut |runs| {
            redline_report::runs::write_csv(w, model, assumptions, runs)
        })?);
        Ok(())
    })?;
    forecast.ok_or_else(|| CliError::failure("the runs were not played"))
}

fn trace(args: TraceArgs) -> CliResult {
    let model = load_model(&args.scenario)?.with_runs_per_draw(args.runs_per_draw);
    let assumptions = Assumptions::parse(&args.assume, &model)?;
    let trace = redline_crisis::trace::trace(&model, &assumptions, args.seed, args.run);
    let meta = meta("trace", &args.scenario, &model)
        .assume(&args.assume)
        .ensemble(args.seed, args.run + 1)
        .runs_per_draw(args.runs_per_draw);
    let text = match args.format {
        crate::args::TextJson::Json => {
            redline_report::trace::to_json(model.scenario(), &meta, &trace)
        }
        crate::args::TextJson::Text => {
            redline_report::trace::to_text(model.scenario(), &meta, &trace)
        }
    };
    emit(args.out.as_deref(), &text)
}

fn params(args: ParamsArgs) -> CliResult {
    // Validate against the model first, so the list shown is one the model accepts.
    let model = load_model(&args.scenario)?;
    let scenario = model.scenario();
    let text = match args.format {
        crate::args::TableJsonCsv::Json => redline_report::params::to_json(
            scenario,
            &meta("scenario params", &args.scenario, &model),
        ),
        crate::args::TableJsonCsv::Csv => redline_report::params::to_csv(scenario),
        crate::args::TableJsonCsv::Parquet => {
            return crate::output::emit_parquet(
                args.out.as_deref(),
                &redline_report::params::to_csv(scenario),
                &meta("scenario params", &args.scenario, &model),
            );
        }
        crate::args::TableJsonCsv::Table => redline_report::params::to_table(scenario),
    };
    emit(args.out.as_deref(), &text)
}

fn new(args: NewArgs) -> CliResult {
    let as_of = args.as_of.unwrap_or_else(today);
    let text = redline_scenarios::template(&args.id, &args.name, as_of)
        .map_err(|e| CliError::input(format!("scenario new: {e}")))?;
    emit(args.out.as_deref(), &text)
}

/// Today's date (UTC) from the system clock.
fn today() -> redline_core::Date {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    redline_core::Date::from_days(i32::try_from(seconds / 86_400).unwrap_or(0))
}

fn schema(args: SchemaArgs) -> CliResult {
    // The parameters the model reads are the flagship's, which names every
    // key of the format (its strikers' tables stand for any actor's).
    let model = CrisisModel::new(redline_scenarios::load_shipped(
        redline_scenarios::FLAGSHIP_ID,
        &[],
    )?)?;
    emit(
        args.out.as_deref(),
        &redline_report::schema::to_json(&model.scenario().parameters),
    )
}

fn check(args: CheckArgs) -> CliResult {
    let scenario_args = ScenarioArgs {
        scenario: Some(args.file.clone()),
        set: args.set,
        with: Vec::new(),
        params: crate::args::ParamsChoice::Judgment,
    };
    let model = load_model(&scenario_args)?;
    let warnings: String = model
        .warnings()
        .iter()
        .map(|w| format!("warning: {w}\n"))
        .collect();
    emit(
        None,
        &format!(
            "{}: ok — {} ({} to {}, {} weeks), {} parameters, {} uncertain\n{warnings}",
            args.file.display(),
            model.scenario().name,
            model.scenario().as_of,
            model.scenario().forecast_end(),
            model.steps(),
            model.scenario().parameters.len(),
            model
                .sampler()
                .distributions()
                .iter()
                .filter(|d| !d.is_fixed())
                .count()
        ),
    )
}
