//! `redline solve` and `redline game deniability`: equilibria of Gambit
//! games and the deniability signalling game (library: redline-equilibria).

use crate::error::{CliError, CliResult};
use crate::output::emit;
use clap::{Args, Subcommand};
use redline_equilibria::deniability::{DeniabilityParams, deniability_efg, sweep};
use redline_equilibria::solution::{Method, SolveOptions, read_game, solve_game};
use redline_report::equilibria as report;
use redline_report::meta::Meta;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// Equilibrium commands.
#[derive(Subcommand)]
pub enum EquilibriaCommand {
    /// Find the equilibria of a Gambit game file (.nfg or .efg), each verified exactly.
    Solve(SolveArgs),
    /// Write built-in games as Gambit files, or analyse them.
    #[command(subcommand)]
    Game(GameCommand),
}

/// Built-in games.
#[derive(Subcommand)]
pub enum GameCommand {
    /// The deniability signalling game of mechanisms M1–M2 (.efg), or its blame-share sweep.
    Deniability(Box<DeniabilityArgs>),
}

/// Arguments of `redline solve`.
#[derive(Args)]
#[command(
    after_help = "Examples:\n  redline solve examples/games/ultimatum.efg --method lcp --format json\n  \
redline solve examples/games/standoff.nfg --method enummixed --format gambit\n  redline solve examples/games/escalation.efg --method backward\n\n\
Methods: enumpure (all pure equilibria, n players), enummixed (all extreme equilibria, 2 players),\n\
lcp (Lemke–Howson from every label, 2 players; on .efg, Lemke on the sequence form, one\n\
equilibrium), backward (perfect-information .efg),\n\
logit (logit QRE branch to λ = 1e6 and its limiting equilibrium, n players, floating point;\n\
on .efg files the agent QRE, in behaviour strategies; the λ-path is in the JSON output).\n\
Default: enummixed for 2 players, enumpure otherwise. On .efg files enumpure and enummixed\n\
use the reduced strategic form (--agent: the agent form, one player per information set;\n\
enummixed and lcp need it to have two agents); lcp, backward and logit report behaviour\n\
strategies per information set."
)]
pub struct SolveArgs {
    /// The game file (.nfg or .efg, Gambit's formats).
    file: PathBuf,
    /// enumpure, enummixed, lcp, backward or logit.
    #[arg(long)]
    method: Option<String>,
    /// Output format: table, json or gambit (`NE,…` lines).
    #[arg(long, value_enum, default_value_t)]
    format: crate::args::SolveFormat,
    /// Solve the agent form of an extensive game (enumpure; enummixed and lcp with two agents; logit on .efg always does).
    #[arg(long)]
    agent: bool,
    /// Stop after this many equilibria (0: all).
    #[arg(long, default_value_t = 0)]
    stop_after: usize,
    /// The solver's work budget in units of about one word operation (about a
    /// millisecond per million); past it the command stops with exit code 2.
    #[arg(
        long,
        value_name = "UNITS",
        default_value_t = redline_equilibria::budget::DEFAULT_WORK,
        value_parser = clap::value_parser!(u64).range(1..)
    )]
    max_work: u64,
    /// Stop the solver after this many seconds (exit code 2); no limit by default.
    #[arg(long, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(1..=604_800))]
    timeout: Option<u64>,
    /// Write to this file instead of standard output.
    #[arg(long)]
    out: Option<PathBuf>,
}

/// Arguments of `redline game deniability`; every payoff parameter takes a
/// decimal or a fraction.
#[derive(Args)]
#[command(
    after_help = "Examples:\n  redline game deniability --blame-share 0.8 --out deniability.efg\n  \
redline solve deniability.efg --method enummixed\n  redline game deniability --sweep --steps 20\n  \
redline game deniability --scenario scenarios/iran-2025-02-07.toml --sweep"
)]
pub struct DeniabilityArgs {
    /// Take the blame share (leader.deniability) and the prior of a hardliner
    /// (leader.firmness) from this crisis scenario; flags given here override them.
    #[arg(long)]
    scenario: Option<PathBuf>,
    /// Prior probability that the leader is a hardliner [default 1/2].
    #[arg(long)]
    p_hardliner: Option<String>,
    /// Share of a failure's cost that falls on the negotiator after a public rejection [default 1/2].
    #[arg(long)]
    blame_share: Option<String>,
    /// Probability that talks succeed when the counterpart engages [default 3/5].
    #[arg(long)]
    success_engaged: Option<String>,
    /// Probability that talks succeed under pressure [default 3/10].
    #[arg(long)]
    success_pressured: Option<String>,
    /// The pragmatist's value of a deal [default 4].
    #[arg(long)]
    deal_value_pragmatist: Option<String>,
    /// The hardliner's value of a deal [default -2].
    #[arg(long, allow_hyphen_values = true)]
    deal_value_hardliner: Option<String>,
    /// The leader's cost of failed talks before blame shifting [default 2].
    #[arg(long)]
    failure_cost: Option<String>,
    /// The leader's cost of being pressured [default 1].
    #[arg(long)]
    pressure_cost: Option<String>,
    /// The pragmatist's cost of endorsing talks in public [default 2].
    #[arg(long)]
    endorse_cost_pragmatist: Option<String>,
    /// The hardliner's cost of endorsing talks in public [default 3].
    #[arg(long)]
    endorse_cost_hardliner: Option<String>,
    /// The counterpart's value of a deal [default 3].
    #[arg(long)]
    counterpart_deal: Option<String>,
    /// The counterpart's cost of failed talks [default 1].
    #[arg(long)]
    counterpart_failure: Option<String>,
    /// The counterpart's cost of engaging a leader who blocks talks [default 1].
    #[arg(long)]
    counterpart_wasted: Option<String>,
    /// The counterpart's gain from pressuring a leader who blocks talks [default 1].
    #[arg(long)]
    counterpart_pressure_blocked: Option<String>,
    /// Solve the game over blame shares 0, 1/steps, …, 1 and print the kinds of equilibria.
    #[arg(long)]
    sweep: bool,
    /// Number of intervals in the sweep.
    #[arg(long, default_value_t = 20)]
    steps: usize,
    /// Output format of the sweep: table or json.
    #[arg(long, value_enum, default_value_t)]
    format: crate::args::TableJson,
    /// Write to this file instead of standard output.
    #[arg(long)]
    out: Option<PathBuf>,
}

/// Runs an equilibrium command.
pub fn run(command: EquilibriaCommand) -> CliResult {
    match command {
        EquilibriaCommand::Solve(args) => solve(args),
        EquilibriaCommand::Game(GameCommand::Deniability(args)) => deniability(*args),
    }
}

fn solve(args: SolveArgs) -> CliResult {
    let origin = args.file.display().to_string();
    let text = crate::input::read_file(&args.file)
        .map_err(|e| CliError::input(format!("{origin}: cannot read: {e}")))?;
    let method = args.method.as_deref().map(Method::parse).transpose()?;
    let game = {
        let _spinner = crate::progress::Progress::spinner(&format!("reading {origin}"));
        read_game(&origin, &text)?
    };
    // One flag stops the solver from outside: raised by a watchdog thread at
    // --timeout. (Ctrl-C ends the process at once, as for every command:
    // output is written whole or not at all, so there is nothing to save.)
    let stop = Arc::new(AtomicBool::new(false));
    if let Some(seconds) = args.timeout {
        let flag = stop.clone();
        std::thread::spawn(move || {
            std::thread::sleep(std::time::Duration::from_secs(seconds));
            flag.store(true, Ordering::Relaxed);
        });
    }
    // The bar shows the work done against the budget: how far the solve can
    // still go, in the units --max-work counts.
    let bar = Arc::new(crate::progress::Progress::new(
        args.max_work,
        &format!("solving {origin}, work of --max-work"),
    ));
    let advance = bar.clone();
    let options = SolveOptions {
        method,
        agent: args.agent,
        stop_after: args.stop_after,
        max_work: args.max_work,
        stop: Some(stop.clone()),
        progress: Some(Arc::new(move |units| advance.advance(units))),
    };
    let solved = solve_game(&origin, &game, &options);
    drop(options);
    drop(bar);
    let solution = match solved {
        Err(_) if stop.load(Ordering::Relaxed) => {
            return Err(CliError::input(format!(
                "{origin}: the solver did not finish within --timeout {} s; raise --timeout, \
                 or try a cheaper method (--method lcp, --stop-after N)",
                args.timeout.unwrap_or(0)
            )));
        }
        solved => solved?,
    };
    let text = match args.format {
        crate::args::SolveFormat::Json => {
            report::solve_json(&Meta::new("solve").inputs(&[origin]), &solution)
        }
        crate::args::SolveFormat::Gambit => report::solve_gambit(&solution),
        crate::args::SolveFormat::Table => report::solve_table(&solution),
    };
    emit(args.out.as_deref(), &text)
}

fn deniability(args: DeniabilityArgs) -> CliResult {
    let mut meta = Meta::new("game deniability");
    let mut params = match &args.scenario {
        None => DeniabilityParams::default(),
        Some(path) => {
            let scenario = redline_scenarios::load(Some(path), &[], &[], &crate::input::read_file)?;
            meta = meta.scenario(&scenario, &[], &[]);
            DeniabilityParams::from_scenario(&scenario)?
        }
    };
    let given = [
        ("p-hardliner", &args.p_hardliner),
        ("blame-share", &args.blame_share),
        ("success-engaged", &args.success_engaged),
        ("success-pressured", &args.success_pressured),
        ("deal-value-pragmatist", &args.deal_value_pragmatist),
        ("deal-value-hardliner", &args.deal_value_hardliner),
        ("failure-cost", &args.failure_cost),
        ("pressure-cost", &args.pressure_cost),
        ("endorse-cost-pragmatist", &args.endorse_cost_pragmatist),
        ("endorse-cost-hardliner", &args.endorse_cost_hardliner),
        ("counterpart-deal", &args.counterpart_deal),
        ("counterpart-failure", &args.counterpart_failure),
        ("counterpart-wasted", &args.counterpart_wasted),
        (
            "counterpart-pressure-blocked",
            &args.counterpart_pressure_blocked,
        ),
    ];
    for (name, value) in given {
        if let Some(v) = value {
            params.set(name, v)?;
        }
    }
    if !args.sweep {
        return emit(args.out.as_deref(), &deniability_efg(&params));
    }
    if args.steps == 0 || args.steps > 1000 {
        return Err(CliError::input("--steps: must be between 1 and 1000"));
    }
    let rows = sweep(&params, args.steps);
    let text = if args.format == crate::args::TableJson::Json {
        report::deniability_sweep_json(&meta, &params, &rows)
    } else {
        report::deniability_sweep_table(&params, &rows)
    };
    emit(args.out.as_deref(), &text)
}
