//! The `redline` command as a library: the binary (`src/main.rs`) is
//! [`main_entry`], and [`run_in_process`] runs one command line inside
//! another program (the Python package), through the same parsing,
//! checks and commands, so that its output is the binary's byte for byte.
//!
//! This crate only parses arguments, calls the libraries and prints; the
//! work lives in the `redline-*` crates. Exit codes: 0 success, 1 failure,
//! 2 bad input (with file, line, column and key where they apply); killed by
//! SIGPIPE (a shell shows 141) when the reader of standard output left, and
//! by SIGINT or SIGTERM as usual, with no temporary file left behind (see
//! `output.rs`).

mod args;
mod commands;
pub mod error;
mod input;
mod output;
mod progress;

use clap::{Parser, Subcommand};

/// A fast, reproducible laboratory for crisis bargaining between states.
#[derive(Parser)]
#[command(
    name = "redline",
    version,
    about = "redline: a fast, reproducible laboratory for crisis bargaining between states",
    long_about = None,
    propagate_version = true
)]
struct Cli {
    /// No progress bars on standard error (they are shown only on a terminal anyway).
    #[arg(long, global = true)]
    quiet: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    // Each family of commands lives in its own module under `commands/`.
    #[command(flatten)]
    Crisis(commands::crisis::CrisisCommand),
    /// How much each uncertain parameter moves each outcome (Morris, Sobol), shardable.
    Sensitivity(commands::sensitivity::SensitivityArgs),
    /// Write a self-contained HTML report with charts (or one chart as SVG).
    Report(commands::report::ReportArgs),
    /// Score forecasts of historical scenarios against what happened, with baselines.
    Backtest(commands::backtest::BacktestArgs),
    /// Fit the shared behavioural parameters to the case library (priors: the judgments).
    Fit(commands::fit::FitArgs),
    /// List the tracked outcomes and what counts as each happening.
    Outcomes(commands::outcomes::OutcomesArgs),
    #[command(flatten)]
    Bargain(commands::bargain::BargainCommand),
    #[command(flatten)]
    Data(commands::data::DataCommand),
    #[command(flatten)]
    Equilibria(commands::equilibria::EquilibriaCommand),
    #[command(flatten)]
    Games(commands::games::GamesCommand),
    /// Start the explorer: a local web page to ask the scenarios what-if questions.
    Serve(commands::serve::ServeArgs),
    /// Join the shards of a Slurm job array written by `--slurm DIR` into one result.
    Merge(commands::slurm::MergeArgs),
    // [subcommands: one flattened enum per family, added here]
}

/// The `redline` binary: parses the process's arguments, watches for
/// interrupts (to remove unfinished output files), starts the worker
/// threads, runs the command and exits with its code.
pub fn main_entry() {
    use clap::{CommandFactory, FromArgMatches};
    let parsed = Cli::command()
        .try_get_matches()
        .and_then(|matches| Ok((Cli::from_arg_matches(&matches)?, matches)));
    let (cli, matches) = match parsed {
        Ok(parsed) => parsed,
        Err(e) => {
            // clap prints help and version on stdout with exit 0, usage errors with exit 2.
            let _ = e.print();
            std::process::exit(if e.use_stderr() { 2 } else { 0 });
        }
    };
    progress::set_quiet(cli.quiet);
    if let Err(e) = output::clean_up_on_signals() {
        fail(&error::CliError::failure(format!(
            "cannot watch for interrupts (to remove unfinished output files): {e}"
        )));
    }
    // Whatever the command, an `--out` that cannot be written fails now,
    // before minutes of work, not after.
    if let Err(e) = output::check_out_of(&matches) {
        fail(&e);
    }
    if let Err(e) = start_threads(output::innermost(&matches)) {
        fail(&e);
    }
    if let Err(e) = dispatch(cli.command) {
        fail(&e);
    }
}

/// Runs one command line (`argv` without the program's name, as
/// `["forecast", "--runs", "1000"]`) in this process: the same parsing,
/// `--out` check and command as the binary, with no progress bars, no
/// signal handlers (the host program keeps its own) and the host's worker
/// threads. Help and usage errors come back as errors, with clap's text.
///
/// A host that wants to stop the work (on Ctrl-C) calls
/// `redline_core::interrupt::request()` from another thread: the ensemble
/// and the sensitivity design stop at their next run, no output is written,
/// and the command returns the error `interrupted`. The flag is the
/// process's: the host clears it before a command starts and runs one
/// command at a time (the Python package holds a lock). A closed standard
/// output is an error here, not the SIGPIPE that ends the binary.
pub fn run_in_process(argv: &[String]) -> error::CliResult {
    use clap::{CommandFactory, FromArgMatches};
    output::set_in_process();
    let matches = Cli::command()
        .no_binary_name(true)
        .try_get_matches_from(argv)
        .map_err(|e| error::CliError::input(e.to_string().trim_end().to_string()))?;
    let cli = Cli::from_arg_matches(&matches)
        .map_err(|e| error::CliError::input(e.to_string().trim_end().to_string()))?;
    progress::set_quiet(true);
    output::check_out_of(&matches)?;
    dispatch(cli.command)
}

fn dispatch(command: Command) -> error::CliResult {
    match command {
        Command::Crisis(c) => commands::crisis::run(c),
        Command::Sensitivity(args) => commands::sensitivity::run(args),
        Command::Report(args) => commands::report::run(args),
        Command::Backtest(args) => commands::backtest::run(args),
        Command::Fit(args) => commands::fit::run(args),
        Command::Outcomes(args) => commands::outcomes::run(args),
        Command::Bargain(c) => commands::bargain::run(c),
        Command::Data(c) => commands::data::run(c),
        Command::Equilibria(c) => commands::equilibria::run(c),
        Command::Games(c) => commands::games::run(c),
        Command::Serve(args) => commands::serve::run(args),
        Command::Merge(args) => commands::slurm::merge(args),
        // [dispatch: one arm per family]
    }
}

/// Prints the error on standard error and exits with its code. A standard
/// error that cannot be written is no reason to panic (as `eprintln!` would):
/// the exit code still tells.
fn fail(e: &error::CliError) -> ! {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "redline: error: {e}");
    std::process::exit(e.exit_code)
}

/// Starts the worker threads with the command's `--threads` (or, without
/// it, one per core), so that a system that cannot start them is an error
/// with a message here, not a panic inside the first parallel loop (rayon
/// panics when its global pool cannot start). The ensemble plays on these
/// threads when it has as many as it is asked for.
fn start_threads(command: &clap::ArgMatches) -> error::CliResult {
    let chosen = command
        .try_get_one::<usize>("threads")
        .ok()
        .flatten()
        .copied();
    let started = redline_crisis::ensemble::start_threads(chosen);
    match (started, chosen) {
        (Ok(()), _) => Ok(()),
        (Err(e), Some(n)) => Err(error::CliError::input(format!(
            "--threads {n}: could not start {n} threads: {e}; try fewer --threads"
        ))),
        (Err(e), None) => Err(error::CliError::failure(format!(
            "could not start the worker threads (one per core): {e}; commands with --threads \
             can be given fewer"
        ))),
    }
}
