//! Repeated games: `redline match`, `tournament`, `evolve`, `strategies`,
//! `misperception-sweep`. Parsing and printing only; the work is in
//! `redline-games`.

use crate::commands::slurm::{self, MergeOptions, Plan, SlurmArgs, Work};
use crate::error::{CliError, CliResult};
use crate::output::{TableOrJson, emit};
use clap::{ArgGroup, Args, Subcommand};
use redline_core::InputError;
use redline_games::evolution;
use redline_games::game::Game;
use redline_games::play::{self, Conditions, Length};
use redline_games::shard::{self, Header, Shard};
use redline_games::strategy::{self, Rule};
use redline_games::sweep;
use redline_games::tournament::{self, Outcome, Tournament};
use redline_report::games::{self as report, Method, Provenance, Spread};
use redline_report::meta::Meta;
use std::path::PathBuf;

/// Repeated-games commands.
#[derive(Subcommand)]
pub enum GamesCommand {
    /// Play one repeated match between two strategies.
    #[command(
        name = "match",
        after_help = "Examples:\n  redline match \"Tit For Tat\" \"Prober\" --turns 20\n  redline match \"Tit For Tat\" \"Tit For Tat\" --misperception 0.05 --seed 3 --format json\n  redline match \"GRIT Ladder\" Defector --game ladder-5"
    )]
    Match(MatchArgs),
    /// Play a round-robin tournament, ranked as the axelrod library ranks.
    #[command(
        after_help = "Examples:\n  redline tournament --strategies \"Tit For Tat,Grudger,Defector\" --repetitions 5\n  redline tournament --first-tournament --seeds 20\n  redline tournament --all --noise 0.01 --format json --out results.json\n  redline tournament --all --noise 0.01 --seeds 100 --slurm noisy/ --shards 16   # a Slurm job array\n  redline merge noisy/                                                         # after it ran"
    )]
    Tournament(TournamentArgs),
    /// Evolve a population on a tournament's payoff matrix (Moran or replicator).
    #[command(
        after_help = "Examples:\n  redline evolve --strategies \"Tit For Tat,Defector,Cooperator\" --moran --population 10\n  redline evolve --first-tournament --replicator --steps 200 --format json"
    )]
    Evolve(EvolveArgs),
    /// List the strategies with their descriptions and sources.
    #[command(after_help = "Examples:\n  redline strategies\n  redline strategies --format json")]
    Strategies(StrategiesArgs),
    /// How scores and mutual-defection spirals change as misperception rises.
    #[command(
        name = "misperception-sweep",
        after_help = "Examples:\n  redline misperception-sweep --strategies \"Tit For Tat,GRIT,Generous Tit For Tat\"\n  redline misperception-sweep --all --to 0.2 --steps 4 --format json"
    )]
    MisperceptionSweep(SweepArgs),
}

/// The players of a tournament.
#[derive(Args, Clone)]
pub struct PlayersArgs {
    /// Comma-separated strategy names (a comma inside parentheses does not split).
    #[arg(long, conflicts_with_all = ["all", "first_tournament"])]
    strategies: Option<String>,
    /// Every strategy in the library.
    #[arg(long, conflicts_with = "first_tournament")]
    all: bool,
    /// The 15 entries of Axelrod's first tournament (Axelrod 1980).
    #[arg(long)]
    first_tournament: bool,
}

impl PlayersArgs {
    /// The arguments that name these players again.
    fn to_args(&self) -> Vec<String> {
        if self.first_tournament {
            vec!["--first-tournament".to_string()]
        } else if self.all {
            vec!["--all".to_string()]
        } else {
            self.strategies
                .iter()
                .flat_map(|s| ["--strategies".to_string(), s.clone()])
                .collect()
        }
    }
}

/// Game, match length and errors.
#[derive(Args, Clone)]
pub struct ConditionsArgs {
    /// Turns per match (with --prob-end: the cap on the length).
    #[arg(long)]
    turns: Option<usize>,
    /// End each turn with this probability instead of a fixed length.
    #[arg(long)]
    prob_end: Option<f64>,
    /// Probability that a played action differs from the intended one.
    #[arg(long, default_value_t = 0.0)]
    noise: f64,
    /// Probability that a player sees the opponent's action wrongly.
    #[arg(long, default_value_t = 0.0)]
    misperception: f64,
    /// pd, chicken, stag-hunt, ladder, ladder-K, or a TOML game file.
    #[arg(long, default_value = "pd")]
    game: String,
    /// Seed of every random stream.
    #[arg(long, default_value_t = 0)]
    seed: u64,
}

impl ConditionsArgs {
    /// The arguments that give these conditions again, with `game` for `--game`.
    fn to_args(&self, game: &str) -> Vec<String> {
        let mut args = Vec::new();
        if let Some(turns) = self.turns {
            args.extend(["--turns".to_string(), turns.to_string()]);
        }
        if let Some(p) = self.prob_end {
            args.extend(["--prob-end".to_string(), p.to_string()]);
        }
        args.extend([
            "--noise".to_string(),
            self.noise.to_string(),
            "--misperception".to_string(),
            self.misperception.to_string(),
            "--game".to_string(),
            game.to_string(),
            "--seed".to_string(),
            self.seed.to_string(),
        ]);
        args
    }
}

/// Arguments of `redline match`.
#[derive(Args)]
pub struct MatchArgs {
    /// The first player's strategy.
    first: String,
    /// The second player's strategy.
    second: String,
    #[command(flatten)]
    conditions: ConditionsArgs,
    #[command(flatten)]
    output: TableOrJson,
}

/// Arguments of `redline tournament`.
#[derive(Args)]
pub struct TournamentArgs {
    #[command(flatten)]
    players: PlayersArgs,
    #[command(flatten)]
    conditions: ConditionsArgs,
    /// Repetitions of each match (default 10; 5 with --first-tournament).
    #[arg(long)]
    repetitions: Option<usize>,
    /// Worker threads (default: all cores); results do not depend on it.
    #[arg(long, value_parser = crate::args::parse_threads)]
    threads: Option<usize>,
    /// Also play the tournament with this many seeds (seed, seed+1, …) and
    /// report how often each player wins (default 10 with --first-tournament).
    #[arg(long)]
    seeds: Option<u64>,
    /// Play only shard I of N (of the units: the tournament's pairs, then
    /// its replays, each played whole; those whose index is I mod N) and
    /// write their results as JSON for `redline merge`.
    #[arg(long, value_name = "I/N")]
    shard: Option<String>,
    /// Output format: table, json or csv (a shard is always JSON).
    #[arg(long, value_enum, default_value_t)]
    format: crate::args::TableJsonCsv,
    /// Write to this file instead of standard output.
    #[arg(long)]
    out: Option<PathBuf>,
    #[command(flatten)]
    slurm: SlurmArgs,
}

/// Arguments of `redline evolve`.
#[derive(Args)]
#[command(group(ArgGroup::new("method").required(true).args(["moran", "replicator"])))]
pub struct EvolveArgs {
    #[command(flatten)]
    players: PlayersArgs,
    #[command(flatten)]
    conditions: ConditionsArgs,
    /// A Moran process (birth proportional to fitness, death uniform).
    #[arg(long)]
    moran: bool,
    /// Discrete replicator dynamics.
    #[arg(long)]
    replicator: bool,
    /// Moran: individuals of each strategy at the start.
    #[arg(long, default_value_t = 1)]
    population: usize,
    /// Moran: probability that an offspring mutates to another strategy.
    #[arg(long, default_value_t = 0.0)]
    mutation: f64,
    /// Steps (Moran: at most, it stops at fixation without mutation); at most 1,000,000.
    #[arg(long, value_parser = crate::args::count_in::<1, 1_000_000>)]
    steps: Option<usize>,
    /// Record the shares every this many steps.
    #[arg(long, default_value_t = 1)]
    record_every: usize,
    /// Repetitions of each match for the payoff matrix.
    #[arg(long, default_value_t = 10)]
    repetitions: usize,
    /// Worker threads for the tournament.
    #[arg(long, value_parser = crate::args::parse_threads)]
    threads: Option<usize>,
    #[command(flatten)]
    output: TableOrJson,
}

/// Arguments of `redline strategies`.
#[derive(Args)]
pub struct StrategiesArgs {
    #[command(flatten)]
    output: TableOrJson,
}

/// Arguments of `redline misperception-sweep`.
#[derive(Args)]
pub struct SweepArgs {
    #[command(flatten)]
    players: PlayersArgs,
    #[command(flatten)]
    conditions: ConditionsArgs,
    /// Lowest misperception probability.
    #[arg(long, default_value_t = 0.0)]
    from: f64,
    /// Highest misperception probability.
    #[arg(long, default_value_t = 0.2)]
    to: f64,
    /// Number of intervals between --from and --to.
    #[arg(long, default_value_t = 4)]
    steps: usize,
    /// Repetitions of each match.
    #[arg(long, default_value_t = 10)]
    repetitions: usize,
    /// Worker threads.
    #[arg(long, value_parser = crate::args::parse_threads)]
    threads: Option<usize>,
    #[command(flatten)]
    output: TableOrJson,
}

/// Runs a repeated-games command.
pub fn run(command: GamesCommand) -> CliResult {
    match command {
        GamesCommand::Match(args) => run_match(args),
        GamesCommand::Tournament(args) => run_tournament(args),
        GamesCommand::Evolve(args) => run_evolve(args),
        GamesCommand::Strategies(args) => run_strategies(args),
        GamesCommand::MisperceptionSweep(args) => run_sweep(args),
    }
}

/// A game and the file it was read from (none for a built-in game).
struct Loaded {
    game: Game,
    file: Option<String>,
}

fn load_game(name: &str) -> Result<Loaded, CliError> {
    let path = std::path::Path::new(name);
    if name.ends_with(".toml") || (path.is_file() && Game::by_name(name).is_err()) {
        let text = crate::input::read_file(path)
            .map_err(|e| InputError::new(name, format!("cannot read the game file: {e}")))?;
        return Ok(Loaded {
            game: Game::from_toml(name, &text)?,
            file: Some(name.to_string()),
        });
    }
    Ok(Loaded {
        game: Game::by_name(name)?,
        file: None,
    })
}

/// The provenance of `command`: the seed, the game file read, the game and
/// the conditions of play.
fn provenance(command: &str, loaded: &Loaded, conditions: &Conditions, seed: u64) -> Provenance {
    let inputs: Vec<String> = loaded.file.iter().cloned().collect();
    Provenance::new(
        Meta::new(command).inputs(&inputs),
        seed,
        &loaded.game,
        conditions,
    )
}

fn conditions(args: &ConditionsArgs, default_turns: usize) -> Result<Conditions, CliError> {
    let length = match args.prob_end {
        Some(prob_end) => Length::ProbEnd {
            prob_end,
            max_turns: args.turns.unwrap_or(play::MAX_TURNS),
        },
        None => Length::Fixed(args.turns.unwrap_or(default_turns)),
    };
    let conditions = Conditions {
        length,
        noise: args.noise,
        misperception: args.misperception,
    };
    conditions.validate()?;
    Ok(conditions)
}

fn players(args: &PlayersArgs) -> Result<Vec<Rule>, CliError> {
    if args.first_tournament {
        return Ok(strategy::first_tournament());
    }
    if args.all {
        return Ok(strategy::all());
    }
    match &args.strategies {
        Some(list) => Ok(Rule::parse_list(list).map_err(|e| InputError {
            origin: "--strategies".into(),
            ..e
        })?),
        None => Err(CliError::input(
            "name the players with --strategies \"A,B,…\", --all or --first-tournament",
        )),
    }
}

/// A progress bar over the tournament's pairs (`play_on` reports pairs done
/// and the total).
fn progress_bar() -> impl Fn(usize, usize) + Sync {
    let bar = std::sync::OnceLock::new();
    let done = std::sync::atomic::AtomicUsize::new(0);
    move |now: usize, total: usize| {
        let bar = bar.get_or_init(|| crate::progress::Progress::new(total as u64, "pairs"));
        let before = done.fetch_max(now, std::sync::atomic::Ordering::Relaxed);
        bar.advance(now.saturating_sub(before) as u64);
    }
}

fn run_match(args: MatchArgs) -> CliResult {
    let a = Rule::parse(&args.first)?;
    let b = Rule::parse(&args.second)?;
    let loaded = load_game(&args.conditions.game)?;
    let conditions = conditions(&args.conditions, 200)?;
    let seed = args.conditions.seed;
    let record = play::play([&a, &b], &loaded.game, &conditions, seed, 0);
    let (a, b) = (a.name(), b.name());
    let names = [a.as_str(), b.as_str()];
    let text = if args.output.format == crate::args::TableJson::Json {
        let meta = provenance("match", &loaded, &conditions, seed);
        report::match_json(&meta, names, &loaded.game, &record)
    } else {
        report::match_table(names, &loaded.game, &record)
    };
    emit(args.output.out.as_deref(), &text)
}

/// A tournament as its arguments describe it, with its replays.
struct TournamentRun {
    loaded: Loaded,
    tournament: Tournament,
    seeds: u64,
}

impl TournamentRun {
    fn of(args: &TournamentArgs) -> CliResult<TournamentRun> {
        let players = players(&args.players)?;
        let first = args.players.first_tournament;
        let loaded = load_game(&args.conditions.game)?;
        let tournament = Tournament {
            players,
            game: loaded.game.clone(),
            conditions: conditions(&args.conditions, 200)?,
            repetitions: args.repetitions.unwrap_or(if first { 5 } else { 10 }),
            seed: args.conditions.seed,
        };
        tournament.validate()?;
        let seeds = args.seeds.unwrap_or(if first { 10 } else { 0 });
        Ok(TournamentRun {
            loaded,
            tournament,
            seeds,
        })
    }

    /// The shards' header as JSON: its digest ties shards to their plan.
    fn header_json(&self) -> String {
        redline_report::json_line(&Header::of(&self.tournament, self.seeds))
    }

    /// Writes the outcome in `format` to `out` (standard output if none).
    fn write(
        &self,
        outcome: &Outcome,
        format: crate::args::TableJsonCsv,
        out: Option<&std::path::Path>,
    ) -> CliResult {
        let t = &self.tournament;
        let results = &outcome.results;
        let spread = outcome.spread.as_deref().map(|winners| Spread {
            seeds: self.seeds,
            winners,
        });
        let meta = || {
            provenance("tournament", &self.loaded, &t.conditions, t.seed).repetitions(t.repetitions)
        };
        let text = match format {
            crate::args::TableJsonCsv::Json => report::tournament_json(&meta(), results, spread),
            crate::args::TableJsonCsv::Csv => report::tournament_csv(results),
            crate::args::TableJsonCsv::Table => {
                report::tournament_table(results, t.repetitions, &t.game, spread)
            }
            crate::args::TableJsonCsv::Parquet => {
                return crate::output::emit_parquet(out, &report::tournament_csv(results), &meta());
            }
        };
        emit(out, &text)
    }
}

fn run_tournament(args: TournamentArgs) -> CliResult {
    let run = TournamentRun::of(&args)?;
    let t = &run.tournament;
    if let Some(dir) = &args.slurm.slurm {
        return plan(&args, &run, dir);
    }
    if let Some(text) = &args.shard {
        let place = crate::args::parse_shard(text)?;
        let shard = tournament::on_threads(args.threads, || {
            Shard::play(t, run.seeds, place, &progress_bar())
        })??;
        return emit(args.out.as_deref(), &redline_report::json_line(&shard));
    }
    let outcome = t.play_with_replays(run.seeds, args.threads, &progress_bar())?;
    run.write(&outcome, args.format, args.out.as_deref())
}

/// `--slurm DIR`: times a sample of the pairs here, then writes the job array.
fn plan(args: &TournamentArgs, run: &TournamentRun, dir: &std::path::Path) -> CliResult {
    let t = &run.tournament;
    let units = t.units(run.seeds)?;
    // Pairs differ in cost (a deterministic pair plays one match, a
    // stochastic one a match per repetition): time up to 32 spread over the
    // tournament. A replay is played whole, so it costs all the pairs.
    let pairs = t.pairs().len();
    let sample: Vec<usize> = (0..pairs).step_by(pairs.div_ceil(32).max(1)).collect();
    let per_pair = slurm::measure(|| {
        let _ = t.play_units(run.seeds, &sample, &|_, _| {});
    }) / sample.len().max(1) as f64;
    let seconds = per_pair * (pairs as f64 * run.seeds.max(1) as f64) / units.max(1) as f64;
    // Units are dealt out in turn, pairs first: shard i holds the pairs
    // and the replays whose index is i mod n. The costliest shard sets the
    // time every task asks for.
    let costliest = move |n: usize| {
        (0..n)
            .map(|i| {
                let own_pairs = shard::shard_size(pairs, i, n);
                let own_replays = shard::shard_size(units, i, n) - own_pairs;
                per_pair * (own_pairs + own_replays * pairs) as f64
            })
            .fold(0.0, f64::max)
    };
    // The merge holds every pair's matches at once, about 160 bytes each
    // (the summary, and its line of JSON while the shard is read), and
    // every replay's winner, about 100 bytes each.
    let matches: usize = t
        .pairs()
        .iter()
        .map(|&(i, j)| {
            if t.is_deterministic_pair(i, j) {
                1
            } else {
                t.repetitions
            }
        })
        .sum();
    let replays = (units - pairs) as u64;
    let merge_extra_mib = (matches as u64 * 160 + replays * 100).div_ceil(1 << 20);
    let mut shard_args = vec!["tournament".to_string()];
    shard_args.extend(args.players.to_args());
    let game = match &run.loaded.file {
        Some(file) => slurm::absolute(std::path::Path::new(file))?,
        None => args.conditions.game.clone(),
    };
    shard_args.extend(args.conditions.to_args(&game));
    shard_args.extend([
        "--repetitions".to_string(),
        t.repetitions.to_string(),
        "--seeds".to_string(),
        run.seeds.to_string(),
    ]);
    let out = match &args.out {
        Some(path) => slurm::absolute(path)?,
        None => slurm::default_out(dir, &args.format)?,
    };
    slurm::write_plan(
        Work {
            command: "tournament",
            unit_name: "pairs or replays",
            header_json: run.header_json(),
            units,
            seconds_per_unit: seconds,
            shard_seconds: Some(Box::new(costliest)),
            // Reading the shards, ranking the tournament and counting the
            // replays' winners: seconds.
            merge_seconds: 60.0,
            merge_extra_mib,
            shard_args,
            merge: MergeOptions::new(&args.format, out),
        },
        &args.slurm,
    )
}

/// The arguments of a plan's tasks, parsed again for its merge.
#[derive(clap::Parser)]
struct TaskArgs {
    #[command(flatten)]
    tournament: TournamentArgs,
}

/// `redline merge DIR` of a tournament plan: the tournament rebuilt from the
/// tasks' arguments, every shard checked against the plan, the units joined
/// and ranked as one process ranks them.
pub fn merge_plan(dir: &std::path::Path, plan: &Plan) -> CliResult {
    use clap::Parser;
    let plan_file = dir.join("plan.json").display().to_string();
    let args = TaskArgs::try_parse_from(&plan.shard_args)
        .map_err(|e| {
            CliError::input(format!(
                "{plan_file}: `shard_args` are not a tournament's arguments: {}",
                e.to_string().lines().next().unwrap_or_default()
            ))
        })?
        .tournament;
    let run = TournamentRun::of(&args)?;
    if redline_core::scenario::sha256_hex(&run.header_json()) != plan.inputs_sha256 {
        return Err(CliError::input(format!(
            "{plan_file}: the tournament's inputs changed since the plan was written (a game file edited?); write the plan again"
        )));
    }
    let format: crate::args::TableJsonCsv = plan.merge.format(dir)?;
    let shards = slurm::read_shards(
        dir,
        plan,
        |file| {
            let shard: Shard =
                crate::input::read_json(file, "tournament shard", crate::input::MAX_SHARD_BYTES)?;
            Ok((file.display().to_string(), shard))
        },
        |shard| redline_report::json_line(&shard.header),
        |shard| shard.shard,
    )?;
    let outcome = shard::merge(&run.tournament, run.seeds, shards).map_err(CliError::input)?;
    run.write(
        &outcome,
        format,
        Some(std::path::Path::new(&plan.merge.out)),
    )
}

fn run_evolve(args: EvolveArgs) -> CliResult {
    let players = players(&args.players)?;
    let loaded = load_game(&args.conditions.game)?;
    let t = Tournament {
        players,
        game: loaded.game.clone(),
        conditions: conditions(&args.conditions, 200)?,
        repetitions: args.repetitions,
        seed: args.conditions.seed,
    };
    let results = t.play_on(args.threads, &progress_bar())?;
    let k = results.names.len();
    let (method, trajectory) = if args.moran {
        if args.population == 0 {
            return Err(
                InputError::new("--population", "at least one individual per strategy").into(),
            );
        }
        let counts = vec![args.population; k];
        let method = Method::Moran {
            population: args.population,
            mutation: args.mutation,
        };
        let trajectory = evolution::moran(
            &results.payoff_matrix,
            &counts,
            args.mutation,
            args.steps.unwrap_or(10_000),
            args.record_every,
            args.conditions.seed,
        )?;
        (method, trajectory)
    } else {
        let shares = vec![1.0; k];
        let full =
            evolution::replicator(&results.payoff_matrix, &shares, args.steps.unwrap_or(100))?;
        (Method::Replicator, full.thinned(args.record_every))
    };
    let text = if args.output.format == crate::args::TableJson::Json {
        let meta = provenance("evolve", &loaded, &t.conditions, t.seed).repetitions(t.repetitions);
        report::evolve_json(&meta, method, &results.names, &trajectory)
    } else {
        report::evolve_table(method, &results.names, &trajectory)
    };
    emit(args.output.out.as_deref(), &text)
}

fn run_strategies(args: StrategiesArgs) -> CliResult {
    let all = strategy::all();
    let text = if args.output.format == crate::args::TableJson::Json {
        report::strategies_json(&Meta::new("strategies"), &all)
    } else {
        report::strategies_table(&all)
    };
    emit(args.output.out.as_deref(), &text)
}

fn run_sweep(args: SweepArgs) -> CliResult {
    for (name, p) in [("--from", args.from), ("--to", args.to)] {
        if !(0.0..=1.0).contains(&p) {
            return Err(InputError::new(name, format!("{p} is not a probability")).into());
        }
    }
    let loaded = load_game(&args.conditions.game)?;
    let t = Tournament {
        players: players(&args.players)?,
        game: loaded.game.clone(),
        conditions: conditions(&args.conditions, 200)?,
        repetitions: args.repetitions,
        seed: args.conditions.seed,
    };
    let levels = sweep::levels(args.from, args.to, args.steps);
    let sweep = sweep::misperception_sweep(&t, &levels, args.threads)?;
    let names: Vec<String> = t.players.iter().map(Rule::name).collect();
    let text = if args.output.format == crate::args::TableJson::Json {
        let meta = provenance("misperception-sweep", &loaded, &t.conditions, t.seed)
            .repetitions(t.repetitions)
            .misperception_swept();
        report::sweep_json(&meta, &names, &sweep)
    } else {
        report::sweep_table(&names, &sweep)
    };
    emit(args.output.out.as_deref(), &text)
}
