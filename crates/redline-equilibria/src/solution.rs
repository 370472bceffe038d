//! Reading a game file and running a solver: the library side of `redline
//! solve`. The [`Solution`] is printed by `redline_report::equilibria`.

use crate::budget::{self, Budget, ProgressFn, Stop};
use crate::efg::{ExtensiveGame, parse_efg};
use crate::logit::{LogitError, LogitResult};
use crate::nfg::{NormalFormGame, parse_nfg};
use crate::number::{Q, from_f64};
use crate::reduced::{
    BehaviourEquilibrium, FormError, agent_enumpure_within, agent_form_within, backward_induction,
    behaviour_payoffs, reduced_strategic_form_within,
};
use crate::sequence::SequenceError;
use crate::solve::{
    Equilibrium, SolverError, enummixed_within, enumpure_within, lemke_howson_within,
};
use redline_core::InputError;
use redline_core::input_error::did_you_mean;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

/// The solvers `redline solve` offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// All pure-strategy equilibria.
    EnumPure,
    /// All extreme equilibria of a two-player game (vertex enumeration).
    EnumMixed,
    /// Lemke–Howson from every label (two players).
    Lcp,
    /// Backward induction (perfect information).
    Backward,
    /// The logit QRE branch to its limiting Nash equilibrium (floating point).
    Logit,
}

impl Method {
    /// Every method, by name.
    pub const ALL: [(&'static str, Method); 5] = [
        ("enumpure", Method::EnumPure),
        ("enummixed", Method::EnumMixed),
        ("lcp", Method::Lcp),
        ("backward", Method::Backward),
        ("logit", Method::Logit),
    ];

    /// Parses a method name, suggesting the closest on a typo.
    pub fn parse(name: &str) -> Result<Method, InputError> {
        Method::ALL
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, m)| *m)
            .ok_or_else(|| {
                let mut e = InputError::new("--method", format!("unknown method `{name}`"));
                if let Some(s) = did_you_mean(name, Method::ALL.iter().map(|(n, _)| *n)) {
                    e = e.hint(format!("did you mean `{s}`?"));
                }
                e
            })
    }

    /// The method's name.
    pub fn name(self) -> &'static str {
        Method::ALL
            .iter()
            .find(|(_, m)| *m == self)
            .map_or("?", |(n, _)| n)
    }
}

/// Options of [`solve_text`].
#[derive(Clone)]
pub struct SolveOptions {
    /// The solver; `None` picks `enummixed` for two players, `enumpure` otherwise.
    pub method: Option<Method>,
    /// Use the agent form of an extensive game instead of its reduced strategic
    /// form (`enumpure`; `logit` on a tree always uses it).
    pub agent: bool,
    /// Stop after this many equilibria (0: all that the method finds).
    pub stop_after: usize,
    /// The work budget, in units of [`crate::budget`] (`redline solve
    /// --max-work`); [`budget::DEFAULT_WORK`] by default.
    pub max_work: u64,
    /// Stop as soon as this is raised (Ctrl-C, `--timeout`).
    pub stop: Option<Arc<AtomicBool>>,
    /// Told of the work done as it is done (a progress bar).
    pub progress: Option<ProgressFn>,
}

impl Default for SolveOptions {
    fn default() -> Self {
        SolveOptions {
            method: None,
            agent: false,
            stop_after: 0,
            max_work: budget::DEFAULT_WORK,
            stop: None,
            progress: None,
        }
    }
}

impl std::fmt::Debug for SolveOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SolveOptions")
            .field("method", &self.method)
            .field("agent", &self.agent)
            .field("stop_after", &self.stop_after)
            .field("max_work", &self.max_work)
            .field("stop", &self.stop)
            .field("progress", &self.progress.is_some())
            .finish()
    }
}

impl SolveOptions {
    fn budget(&self) -> Budget {
        Budget::new(self.max_work)
            .with_stop(self.stop.clone())
            .with_progress(self.progress.clone())
    }
}

/// The error for a solver that stopped before its end: past its work
/// budget (exit 2, naming the flags that raise or replace it), or stopped
/// from outside (the caller, which raised the flag, knows why).
fn stopped(origin: &str, method: &str, stop: &Stop) -> InputError {
    match stop {
        Stop::Budget(limit) => InputError::new(
            origin,
            format!("{method} stopped after its work budget of {limit} units, before finishing"),
        )
        .hint(format!(
            "raise it with --max-work (e.g. --max-work {}), or bound the time instead with \
             --timeout SECONDS; --method lcp (one equilibrium per label) or --stop-after N cost less \
             (docs/model/equilibria.md, Limits)",
            limit.saturating_mul(10)
        )),
        Stop::Interrupted => InputError::new(
            origin,
            format!("{method} was stopped before finishing"),
        ),
    }
}

/// A solved game, ready to print (as `redline_report::equilibria` does).
#[derive(Clone, Debug)]
pub struct Solution {
    /// The game's title.
    pub game: String,
    /// Player names.
    pub players: Vec<String>,
    /// The method's name.
    pub method: String,
    /// Whether the numbers are exact.
    pub exact: bool,
    /// Whether profiles are behaviour strategies (per information set) rather than mixed strategies.
    pub behaviour: bool,
    /// The label of each entry of each player's profile list.
    pub labels: Vec<Vec<String>>,
    /// The equilibria, each verified.
    pub equilibria: Vec<Equilibrium>,
    /// The traced λ-path (`logit` only): λ and the profile, in the same form as the equilibria.
    pub path: Vec<(f64, Vec<Vec<f64>>)>,
}

fn flatten(b: &BehaviourEquilibrium) -> Equilibrium {
    Equilibrium {
        profile: b
            .profile
            .iter()
            .map(|sets| sets.iter().flatten().cloned().collect())
            .collect(),
        payoffs: b.payoffs.clone(),
    }
}

fn behaviour_labels(game: &ExtensiveGame) -> Vec<Vec<String>> {
    (0..game.players.len())
        .map(|p| {
            game.player_infosets(p)
                .iter()
                .flat_map(|&h| {
                    let set = &game.infosets[h];
                    let name = if set.name.is_empty() {
                        set.number.to_string()
                    } else {
                        set.name.clone()
                    };
                    set.actions.iter().map(move |a| format!("{name}:{a}"))
                })
                .collect()
        })
        .collect()
}

fn to_rational(profile: &[Vec<f64>]) -> Vec<Vec<Q>> {
    profile
        .iter()
        .map(|p| {
            p.iter()
                .map(|&v| from_f64(v).unwrap_or_else(crate::number::zero))
                .collect()
        })
        .collect()
}

/// The logit branch to λ = 10⁶, with its end verified (regret below 1e-9).
fn run_logit(
    origin: &str,
    game: &NormalFormGame,
    budget: &Budget,
) -> Result<LogitResult, InputError> {
    crate::logit::logit_within(game, 1e6, budget).map_err(|e| match e {
        LogitError::Stopped(stop) => stopped(origin, "logit", &stop),
        LogitError::Failed(m) => InputError::new(origin, m).hint("try --method enummixed or lcp"),
    })
}

/// The path and limiting equilibrium of a logit branch, as a solution's
/// floating-point path and single equilibrium.
fn logit_solution(solution: &mut Solution, result: LogitResult) {
    solution.exact = false;
    solution.equilibria = vec![Equilibrium {
        profile: to_rational(&result.equilibrium),
        payoffs: result
            .payoffs
            .iter()
            .map(|&v| from_f64(v).unwrap_or_else(crate::number::zero))
            .collect(),
    }];
    solution.path = result
        .path
        .into_iter()
        .map(|p| (p.lambda, p.profile))
        .collect();
}

fn inapplicable(origin: &str, message: impl Into<String>, hint: &str) -> InputError {
    InputError::new(origin, message).hint(hint)
}

/// A game read from a Gambit file.
#[derive(Clone, Debug, PartialEq)]
pub enum Game {
    /// A `.nfg` file.
    Normal(NormalFormGame),
    /// A `.efg` file.
    Extensive(ExtensiveGame),
}

/// Parses a `.nfg` or `.efg` text, told apart by its first word.
pub fn read_game(origin: &str, text: &str) -> Result<Game, InputError> {
    let first = text.split_whitespace().next().unwrap_or("");
    if first == "EFG" {
        Ok(Game::Extensive(parse_efg(origin, text)?))
    } else if first == "NFG" {
        Ok(Game::Normal(parse_nfg(origin, text)?))
    } else {
        Err(InputError::new(origin, "not a Gambit game file")
            .at(1, 1)
            .hint("a .nfg file starts with `NFG 1 R`, a .efg file with `EFG 2 R`"))
    }
}

/// Solves a game read by [`read_game`].
pub fn solve_game(
    origin: &str,
    game: &Game,
    options: &SolveOptions,
) -> Result<Solution, InputError> {
    match game {
        Game::Normal(game) => solve_normal(origin, game, options),
        Game::Extensive(game) => solve_extensive(origin, game, options),
    }
}

/// Parses a `.nfg` or `.efg` text (told apart by its first word) and solves it.
pub fn solve_text(
    origin: &str,
    text: &str,
    options: &SolveOptions,
) -> Result<Solution, InputError> {
    solve_game(origin, &read_game(origin, text)?, options)
}

fn default_method(players: usize) -> Method {
    if players == 2 {
        Method::EnumMixed
    } else {
        Method::EnumPure
    }
}

fn run_normal(
    origin: &str,
    game: &NormalFormGame,
    method: Method,
    stop_after: usize,
    budget: &Budget,
) -> Result<Vec<Equilibrium>, InputError> {
    let failed = |e: SolverError| match e {
        SolverError::Stopped(stop) => stopped(origin, method.name(), &stop),
        SolverError::NotTwoPlayer(_) => inapplicable(
            origin,
            e.to_string(),
            "use --method enumpure for n-player games",
        ),
    };
    let mut found = match method {
        Method::EnumPure => {
            enumpure_within(game, budget).map_err(|stop| stopped(origin, method.name(), &stop))?
        }
        Method::EnumMixed => enummixed_within(game, budget).map_err(failed)?,
        Method::Lcp => lemke_howson_within(game, stop_after, budget).map_err(failed)?,
        Method::Backward => {
            return Err(inapplicable(
                origin,
                "backward induction needs an extensive-form (.efg) game",
                "use another --method",
            ));
        }
        Method::Logit => {
            return Err(inapplicable(
                origin,
                "logit is solved by run_logit",
                "use another --method",
            ));
        }
    };
    if stop_after != 0 {
        found.truncate(stop_after);
    }
    Ok(found)
}

/// Solves a strategic-form game.
pub fn solve_normal(
    origin: &str,
    game: &NormalFormGame,
    options: &SolveOptions,
) -> Result<Solution, InputError> {
    let method = options
        .method
        .unwrap_or_else(|| default_method(game.num_players()));
    if options.agent {
        return Err(inapplicable(
            origin,
            "--agent applies to extensive-form games only",
            "drop --agent",
        ));
    }
    let mut solution = Solution {
        game: game.title.clone(),
        players: game.players.clone(),
        method: method.name().into(),
        exact: true,
        behaviour: false,
        labels: game.strategies.clone(),
        equilibria: Vec::new(),
        path: Vec::new(),
    };
    let budget = options.budget();
    if method == Method::Logit {
        logit_solution(&mut solution, run_logit(origin, game, &budget)?);
    } else {
        solution.equilibria = run_normal(origin, game, method, options.stop_after, &budget)?;
    }
    Ok(solution)
}

/// Solves an extensive-form game: on the reduced strategic form for
/// `enumpure` and `enummixed` (the agent form with `agent`), in behaviour
/// strategies for `lcp` (Lemke on the sequence form), `logit` (the agent
/// QRE, with or without `agent`) and `backward`.
pub fn solve_extensive(
    origin: &str,
    game: &ExtensiveGame,
    options: &SolveOptions,
) -> Result<Solution, InputError> {
    let method = options
        .method
        .unwrap_or_else(|| default_method(game.players.len()));
    let budget = options.budget();
    let too_large = |e: FormError| {
        match e {
        FormError::TooLarge(e) => InputError::new(origin, e.0)
            .hint("the form is refused past four million contingencies (docs/model/equilibria.md, Limits); try --method lcp or logit on the tree"),
        FormError::Stopped(stop) => stopped(origin, method.name(), &stop),
    }
    };
    let mut solution = Solution {
        game: game.title.clone(),
        players: game.players.clone(),
        method: method.name().into(),
        exact: true,
        behaviour: true,
        labels: behaviour_labels(game),
        equilibria: Vec::new(),
        path: Vec::new(),
    };
    match (method, options.agent) {
        (Method::Backward, _) => {
            let spe = backward_induction(game)
                .map_err(|m| inapplicable(origin, m, "use --method enumpure, enummixed or lcp"))?;
            solution.equilibria = vec![flatten(&spe)];
        }
        (Method::EnumPure, true) => {
            let mut found: Vec<Equilibrium> = agent_enumpure_within(game, &budget)
                .map_err(too_large)?
                .iter()
                .map(flatten)
                .collect();
            if options.stop_after != 0 {
                found.truncate(options.stop_after);
            }
            solution.method = "enumpure --agent".into();
            solution.equilibria = found;
        }
        // The logit QRE of a tree is the agent QRE (as in Gambit): `--agent`
        // changes nothing. The reduced strategic form's QRE (Gambit's `-S`) is
        // not offered for trees: its path, mapped to behaviour strategies, is
        // not a QRE of the tree's agents, and its limit is only known to be a
        // Nash equilibrium, where the agent QRE's is sequential.
        (Method::Logit, _) => {
            let result = crate::logit::agent::agent_logit_within(game, 1e6, &budget).map_err(
                |e| match e {
                    LogitError::Stopped(stop) => stopped(origin, "logit", &stop),
                    LogitError::Failed(m) => inapplicable(
                        origin,
                        m,
                        "try --method lcp (two players) or enumpure/enummixed",
                    ),
                },
            )?;
            logit_solution(&mut solution, result);
        }
        // enummixed and lcp are two-player methods: on the agent form they
        // apply when each player has a single information set. With more
        // agents the agent form's equilibria are solutions of polynomial,
        // not linear, systems (Gambit offers neither method there either).
        (Method::EnumMixed | Method::Lcp, true) => {
            let form = agent_form_within(game, &budget).map_err(too_large)?;
            if form.agents.len() != 2 {
                return Err(inapplicable(
                    origin,
                    format!(
                        "the agent form of this game has {} agents (one per information set), \
                         and {} works on two-player games only",
                        form.agents.len(),
                        method.name()
                    ),
                    "use --agent with enumpure (pure agent-form equilibria) or logit \
                     (the agent QRE), or drop --agent for the reduced strategic form",
                ));
            }
            solution.method = format!("{} --agent", method.name());
            solution.equilibria =
                run_normal(origin, &form.game, method, options.stop_after, &budget)?
                    .iter()
                    .map(|e| flatten(&form.to_behaviour(game, e)))
                    .collect();
        }
        (Method::Lcp, false) if game.players.len() == 2 => {
            let found =
                crate::sequence::lemke_sequence_within(game, &budget).map_err(|e| match e {
                    SequenceError::Stopped(stop) => stopped(origin, "lcp", &stop),
                    SequenceError::Invalid(m) => {
                        inapplicable(origin, m, "use --method enummixed or logit")
                    }
                })?;
            let Some(e) = found else {
                return Err(InputError::new(
                    origin,
                    "sequence-form Lemke ended on a ray from every prior it tried",
                )
                .hint("use --method enummixed"));
            };
            solution.equilibria = vec![flatten(&BehaviourEquilibrium {
                profile: e.behaviour,
                payoffs: e.payoffs,
            })];
        }
        (Method::Lcp, false) => {
            let form = reduced_strategic_form_within(game, &budget).map_err(too_large)?;
            let found = run_normal(origin, &form.game, method, options.stop_after, &budget)?;
            solution.equilibria = found
                .iter()
                .map(|e| {
                    let profile = form.behaviour(game, &e.profile);
                    let payoffs = behaviour_payoffs(game, &form.infosets, &profile);
                    flatten(&BehaviourEquilibrium { profile, payoffs })
                })
                .collect();
        }
        (_, false) => {
            let form = reduced_strategic_form_within(game, &budget).map_err(too_large)?;
            solution.behaviour = false;
            solution.labels = form.game.strategies.clone();
            solution.equilibria =
                run_normal(origin, &form.game, method, options.stop_after, &budget)?;
        }
    }
    Ok(solution)
}
