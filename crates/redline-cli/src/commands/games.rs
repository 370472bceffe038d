//! Repeated games: `redline match`, `tournament`, `evolve`, `strategies`,
//! `misperception-sweep`. Parsing and printing only; the work is in
//! `redline-games`.

use crate::error::{CliError, CliResult};
use crate::output::{TableOrJson, emit};
use clap::{ArgGroup, Args, Subcommand};
use redline_core::InputError;
use redline_games::evolution::{self, Trajectory};
use redline_games::game::Game;
use redline_games::play::{self, Conditions, Length};
use redline_games::strategy::{self, Strategy};
use redline_games::sweep;
use redline_games::tournament::{self, Results, Tournament};
use serde_json::{Value, json};
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
        after_help = "Examples:\n  redline tournament --strategies \"Tit For Tat,Grudger,Defector\" --repetitions 5\n  redline tournament --first-tournament --seeds 20\n  redline tournament --all --noise 0.01 --format json --out results.json"
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
        after_help = "Examples:\n  redline misperception-sweep --strategies \"Tit For Tat,Contrite Tit For Tat,GRIT,Generous Tit For Tat\"\n  redline misperception-sweep --all --to 0.2 --steps 4 --format json"
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
    #[arg(long)]
    threads: Option<usize>,
    /// Also play the tournament with this many seeds (seed, seed+1, …) and
    /// report how often each player wins (default 10 with --first-tournament).
    #[arg(long)]
    seeds: Option<u64>,
    /// Output format: table, json or csv.
    #[arg(long, default_value = "table", value_parser = ["table", "json", "csv"])]
    format: String,
    /// Write to this file instead of standard output.
    #[arg(long)]
    out: Option<PathBuf>,
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
    /// Steps (Moran: at most, it stops at fixation without mutation).
    #[arg(long)]
    steps: Option<usize>,
    /// Record the shares every this many steps.
    #[arg(long, default_value_t = 1)]
    record_every: usize,
    /// Repetitions of each match for the payoff matrix.
    #[arg(long, default_value_t = 10)]
    repetitions: usize,
    /// Worker threads for the tournament.
    #[arg(long)]
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
    #[arg(long)]
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

fn load_game(name: &str) -> Result<Game, CliError> {
    let path = std::path::Path::new(name);
    if name.ends_with(".toml") || (path.is_file() && Game::by_name(name).is_err()) {
        let text = std::fs::read_to_string(path)
            .map_err(|e| InputError::new(name, format!("cannot read the game file: {e}")))?;
        return Ok(Game::from_toml(name, &text)?);
    }
    Ok(Game::by_name(name)?)
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

fn players(args: &PlayersArgs) -> Result<Vec<Strategy>, CliError> {
    if args.first_tournament {
        return Ok(strategy::first_tournament());
    }
    if args.all {
        return Ok(strategy::all());
    }
    match &args.strategies {
        Some(list) => Ok(Strategy::parse_list(list).map_err(|e| InputError {
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

/// JSON text with keys in the given order (serde_json's maps sort keys): a
/// top-level object whose values are already rendered, one per line.
fn ordered_document(fields: &[(&str, String)]) -> String {
    let body: Vec<String> = fields
        .iter()
        .map(|(key, value)| format!("  {}: {value}", Value::from(*key)))
        .collect();
    format!("{{\n{}\n}}\n", body.join(",\n"))
}

/// A one-line JSON object with keys in the given order.
fn ordered_line(fields: &[(&str, Value)]) -> String {
    let body: Vec<String> = fields
        .iter()
        .map(|(key, value)| format!("{}: {value}", Value::from(*key)))
        .collect();
    format!("{{{}}}", body.join(", "))
}

/// A JSON array with one rendered item per line, indented under a top-level key.
fn lines(items: impl IntoIterator<Item = String>) -> String {
    let items: Vec<String> = items.into_iter().map(|i| format!("    {i}")).collect();
    if items.is_empty() {
        "[]".to_string()
    } else {
        format!("[\n{}\n  ]", items.join(",\n"))
    }
}

fn run_match(args: MatchArgs) -> CliResult {
    let a = Strategy::parse(&args.first)?;
    let b = Strategy::parse(&args.second)?;
    let game = load_game(&args.conditions.game)?;
    let conditions = conditions(&args.conditions, 200)?;
    let record = play::play([&a, &b], &game, &conditions, args.conditions.seed, 0);
    let actions = [
        game.write_actions(&record.actions[0]),
        game.write_actions(&record.actions[1]),
    ];
    let text = if args.output.format == "json" {
        ordered_document(&[
            ("players", json!([a.name(), b.name()]).to_string()),
            (
                "actions",
                lines(actions.iter().map(|a| Value::from(a.as_str()).to_string())),
            ),
            ("scores", json!(record.scores).to_string()),
        ])
    } else {
        let width = a.name().len().max(b.name().len());
        let mut text = format!("{} ({} turns)\n", game.name, record.actions[0].len());
        for (i, s) in [&a, &b].iter().enumerate() {
            text.push_str(&format!(
                "{:<width$}  score {:>8}  {}\n",
                s.name(),
                record.scores[i],
                actions[i]
            ));
        }
        text
    };
    emit(args.output.out.as_deref(), &text)
}

fn tournament_json(results: &Results, spread: Option<(u64, &[(String, usize)])>) -> String {
    let wins = results.median_wins();
    let players = (0..results.names.len()).map(|i| {
        ordered_line(&[
            ("name", json!(results.names[i])),
            (
                "median_score_per_turn",
                json!(results.median_score_per_turn[i]),
            ),
            ("wins", json!(wins[i])),
            ("cooperation_rating", json!(results.cooperation_rating[i])),
        ])
    });
    let ranking: Vec<&str> = results
        .ranking
        .iter()
        .map(|&i| results.names[i].as_str())
        .collect();
    let mut fields = vec![
        ("ranking", json!(ranking).to_string()),
        ("players", lines(players)),
        (
            "payoff_matrix",
            lines(
                results
                    .payoff_matrix
                    .iter()
                    .map(|row| json!(row).to_string()),
            ),
        ),
    ];
    if let Some((seeds, spread)) = spread {
        let winners: Vec<String> = spread
            .iter()
            .map(|(name, n)| ordered_line(&[("name", json!(name)), ("tournaments_won", json!(n))]))
            .collect();
        fields.push((
            "winner_spread",
            format!(
                "{{\"seeds\": {seeds}, \"winners\": [{}]}}",
                winners.join(", ")
            ),
        ));
    }
    ordered_document(&fields)
}

fn run_tournament(args: TournamentArgs) -> CliResult {
    let players = players(&args.players)?;
    let first = args.players.first_tournament;
    let t = Tournament {
        players,
        game: load_game(&args.conditions.game)?,
        conditions: conditions(&args.conditions, 200)?,
        repetitions: args.repetitions.unwrap_or(if first { 5 } else { 10 }),
        seed: args.conditions.seed,
    };
    let results = t.play_on(args.threads, &progress_bar())?;
    let seeds = args.seeds.unwrap_or(if first { 10 } else { 0 });
    let spread = if seeds > 0 {
        Some(tournament::winner_spread(&t, seeds, args.threads)?)
    } else {
        None
    };
    let wins = results.median_wins();
    let text = match args.format.as_str() {
        "json" => tournament_json(&results, spread.as_ref().map(|s| (seeds, s.as_slice()))),
        "csv" => {
            // The header is the axelrod library's summary CSV's.
            #[derive(serde::Serialize)]
            struct Row<'a> {
                #[serde(rename = "Rank")]
                rank: usize,
                #[serde(rename = "Name")]
                name: &'a str,
                #[serde(rename = "Median_score")]
                median_score: f64,
                #[serde(rename = "Cooperation_rating")]
                cooperation_rating: f64,
                #[serde(rename = "Wins")]
                wins: f64,
            }
            redline_report::csv_text(results.ranking.iter().enumerate().map(|(rank, &i)| Row {
                rank,
                name: &results.names[i],
                median_score: results.median_score_per_turn[i],
                cooperation_rating: results.cooperation_rating[i],
                wins: wins[i],
            }))
        }
        _ => {
            let width = results
                .names
                .iter()
                .map(String::len)
                .max()
                .unwrap_or(4)
                .max(4);
            let mut text = format!(
                "{} players, {} repetitions, {}\n{:>4}  {:<width$}  {:>12}  {:>6}  {:>11}\n",
                results.names.len(),
                t.repetitions,
                t.game.name,
                "rank",
                "name",
                "median score",
                "wins",
                "cooperation"
            );
            for (rank, &i) in results.ranking.iter().enumerate() {
                text.push_str(&format!(
                    "{:>4}  {:<width$}  {:>12.4}  {:>6}  {:>11.4}\n",
                    rank + 1,
                    results.names[i],
                    results.median_score_per_turn[i],
                    wins[i],
                    results.cooperation_rating[i]
                ));
            }
            if let Some(spread) = &spread {
                text.push_str(&format!("\nwinner over {seeds} seeds:\n"));
                for (name, n) in spread {
                    text.push_str(&format!("  {n:>4}  {name}\n"));
                }
            }
            text
        }
    };
    emit(args.out.as_deref(), &text)
}

fn run_evolve(args: EvolveArgs) -> CliResult {
    let players = players(&args.players)?;
    let t = Tournament {
        players,
        game: load_game(&args.conditions.game)?,
        conditions: conditions(&args.conditions, 200)?,
        repetitions: args.repetitions,
        seed: args.conditions.seed,
    };
    let results = t.play_on(args.threads, &progress_bar())?;
    let k = results.names.len();
    let (method, trajectory): (&str, Trajectory) = if args.moran {
        if args.population == 0 {
            return Err(
                InputError::new("--population", "at least one individual per strategy").into(),
            );
        }
        let counts = vec![args.population; k];
        (
            "moran",
            evolution::moran(
                &results.payoff_matrix,
                &counts,
                args.mutation,
                args.steps.unwrap_or(10_000),
                args.record_every,
                args.conditions.seed,
            )?,
        )
    } else {
        let shares = vec![1.0; k];
        let full =
            evolution::replicator(&results.payoff_matrix, &shares, args.steps.unwrap_or(100))?;
        ("replicator", full.thinned(args.record_every))
    };
    let text = if args.output.format == "json" {
        ordered_document(&[
            ("method", json!(method).to_string()),
            ("strategies", json!(results.names).to_string()),
            (
                "fixated",
                json!(trajectory.fixated.map(|i| results.names[i].clone())).to_string(),
            ),
            ("steps", json!(trajectory.steps).to_string()),
            (
                "shares",
                lines(trajectory.shares.iter().map(|row| json!(row).to_string())),
            ),
        ])
    } else {
        let last = trajectory.shares.last().cloned().unwrap_or_default();
        let step = trajectory.steps.last().copied().unwrap_or(0);
        let mut order: Vec<usize> = (0..k).collect();
        order.sort_by(|&a, &b| last[b].total_cmp(&last[a]));
        let mut text = format!("{method}: shares after {step} steps\n");
        for i in order {
            text.push_str(&format!("  {:>7.4}  {}\n", last[i], results.names[i]));
        }
        if let Some(i) = trajectory.fixated {
            text.push_str(&format!("fixated: {}\n", results.names[i]));
        }
        text
    };
    emit(args.output.out.as_deref(), &text)
}

fn run_strategies(args: StrategiesArgs) -> CliResult {
    let all = strategy::all();
    let text = if args.output.format == "json" {
        let list: Vec<Value> = all
            .iter()
            .map(|s| {
                json!({
                    "name": s.name(),
                    "stochastic": s.is_stochastic(),
                    "description": s.description(),
                    "source": s.source(),
                })
            })
            .collect();
        format!("{:#}\n", Value::Array(list))
    } else {
        let mut text = String::new();
        for s in &all {
            let kind = if s.is_stochastic() {
                "stochastic"
            } else {
                "deterministic"
            };
            text.push_str(&format!(
                "{} ({kind})\n    {}\n    source: {}\n",
                s.name(),
                s.description(),
                s.source()
            ));
        }
        text
    };
    emit(args.output.out.as_deref(), &text)
}

fn run_sweep(args: SweepArgs) -> CliResult {
    for (name, p) in [("--from", args.from), ("--to", args.to)] {
        if !(0.0..=1.0).contains(&p) {
            return Err(InputError::new(name, format!("{p} is not a probability")).into());
        }
    }
    let t = Tournament {
        players: players(&args.players)?,
        game: load_game(&args.conditions.game)?,
        conditions: conditions(&args.conditions, 200)?,
        repetitions: args.repetitions,
        seed: args.conditions.seed,
    };
    let levels = sweep::levels(args.from, args.to, args.steps);
    let sweep = sweep::misperception_sweep(&t, &levels, args.threads)?;
    let names: Vec<String> = t.players.iter().map(Strategy::name).collect();
    let text = if args.output.format == "json" {
        let players = names.iter().enumerate().map(|(i, name)| {
            let scores: Vec<f64> = sweep
                .iter()
                .map(|l| l.results.median_score_per_turn[i])
                .collect();
            let spirals: Vec<f64> = sweep
                .iter()
                .map(|l| l.results.mutual_defection_rate[i])
                .collect();
            ordered_line(&[
                ("name", json!(name)),
                ("median_score_per_turn", json!(scores)),
                ("mutual_defection_rate", json!(spirals)),
            ])
        });
        ordered_document(&[
            ("misperception", json!(levels).to_string()),
            ("players", lines(players)),
        ])
    } else {
        let width = names.iter().map(String::len).max().unwrap_or(4);
        let mut text = format!(
            "median score per turn / share of turns in mutual defection, by misperception\n{:<width$}",
            ""
        );
        for m in &levels {
            text.push_str(&format!("  {:>13}", format!("m={m:.3}")));
        }
        text.push('\n');
        for (i, name) in names.iter().enumerate() {
            text.push_str(&format!("{name:<width$}"));
            for l in &sweep {
                text.push_str(&format!(
                    "  {:>6.3} / {:>4.2}",
                    l.results.median_score_per_turn[i], l.results.mutual_defection_rate[i]
                ));
            }
            text.push('\n');
        }
        text
    };
    emit(args.output.out.as_deref(), &text)
}
