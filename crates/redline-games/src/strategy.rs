//! The strategy library.
//!
//! Names follow the Python `axelrod` library (4.14) so that its users feel at
//! home: [`Strategy::name`] is the name as that library prints it with its
//! default parameters (`First by Davis: 10`), and [`Strategy::parse`] accepts
//! it bare (`First by Davis`) too. The deterministic strategies reproduce the
//! library's behaviour turn by turn (checked against fixtures it produced);
//! the stochastic ones follow its rules but draw from redline's own streams.
//! GRIT, its ladder version and Contrite Tit For Tat are not in the library;
//! their rules and sources are in docs/model/games.md.
//!
//! A strategy reads a [`View`]: its own actions as played, the opponent's
//! actions as it perceived them (they differ from the truth under
//! misperception), and the match length when the match has a fixed length.

use crate::game::{Action, C, Game};
use redline_core::input_error::did_you_mean;
use redline_core::{InputError, RandomStream};

/// What a player knows when it chooses its next action.
#[derive(Clone, Copy, Debug)]
pub struct View<'a> {
    /// Its own actions so far, as played (after noise).
    pub own: &'a [Action],
    /// The opponent's actions so far, as this player perceived them.
    pub opponent: &'a [Action],
    /// How many of `own` are defections (any action other than 0).
    pub own_defections: usize,
    /// How many of `opponent` are defections.
    pub opponent_defections: usize,
    /// The match length, when the match has a fixed length (the `axelrod`
    /// library tells it then, and not when each turn may end the match).
    pub length: Option<usize>,
    /// The game being played.
    pub game: &'a Game,
}

impl View<'_> {
    fn turn(&self) -> usize {
        self.own.len()
    }
    fn opponent_last_defected(&self) -> bool {
        self.opponent.last().is_some_and(|&a| a != C)
    }
    fn own_cooperations(&self) -> usize {
        self.own.len() - self.own_defections
    }
    fn opponent_cooperations(&self) -> usize {
        self.opponent.len() - self.opponent_defections
    }
}

/// One strategy with its parameters.
#[derive(Clone, Debug, PartialEq)]
pub enum Strategy {
    /// Always cooperates.
    Cooperator,
    /// Always defects.
    Defector,
    /// Cooperates first, then copies the opponent's last action.
    TitForTat,
    /// Cooperates until the opponent has defected once, then always defects.
    Grudger,
    /// Defects only after two consecutive defections of the opponent.
    TitFor2Tats,
    /// Defects twice after each defection of the opponent.
    TwoTitsForTat,
    /// Cooperates after a win or a mutual defection, switches otherwise (Pavlov).
    WinStayLoseShift,
    /// Cooperates, then alternates.
    Alternator,
    /// Defects first, then copies the opponent's last action.
    SuspiciousTitForTat,
    /// D, C, C; then defects forever if the opponent cooperated on moves 2 and 3, else Tit For Tat.
    Prober,
    /// Repeats a fixed cycle of actions (`CCD`, `DDC`, `DC`).
    Cycler(&'static str),
    /// Defects first, then plays the opposite of the opponent's last action.
    Bully,
    /// Cooperates while the opponent has not defected more often than it cooperated.
    SoftGoByMajority,
    /// Defects if the opponent defected in any of its last three moves.
    HardTitForTat,
    /// Davis: cooperates for the first `rounds` moves, then Grudger.
    Davis {
        /// Rounds of unconditional cooperation (10).
        rounds: usize,
    },
    /// Downing: maximises its expected payoff against an estimated reactive opponent.
    Downing,
    /// Nydegger: a lookup on the last three outcomes.
    Nydegger,
    /// Shubik: retaliation that lengthens by one with each new departure from mutual cooperation.
    Shubik,
    /// Tideman and Chieruzzi: growing punishment, fresh starts, defects on the last two moves.
    TidemanChieruzzi,
    /// Stein and Rapoport: Tit For Tat with a randomness check every 15 moves,
    /// defects on the last two moves.
    SteinRapoport {
        /// Significance level of the chi-squared test (0.05).
        alpha: f64,
    },
    /// Grofman: cooperates with probability 2/7 after the players differed, else cooperates.
    Grofman,
    /// Feld: Tit For Tat whose cooperation after cooperation falls linearly to 0.5 by move 200.
    Feld,
    /// Graaskamp: Tit For Tat with a probe at move 51, then tests for randomness and clones.
    Graaskamp {
        /// Significance level of the chi-squared test (0.05).
        alpha: f64,
    },
    /// Joss: Tit For Tat that cooperates only with probability `p` after a cooperation.
    Joss {
        /// Probability of cooperating after the opponent cooperated (0.9).
        p: f64,
    },
    /// Tullock: cooperates 11 moves, then 10% less often than the opponent did in its last 10.
    Tullock,
    /// The anonymous entry: cooperates with a probability drawn uniformly in [0.3, 0.7] each move.
    Anonymous,
    /// Cooperates with probability `p`.
    Random {
        /// Probability of cooperating (0.5).
        p: f64,
    },
    /// Generous Tit For Tat: always cooperates after a cooperation, with
    /// probability `p` after a defection.
    GenerousTitForTat {
        /// Forgiveness; `None` takes min(1 − (T−R)/(R−S), (R−P)/(T−P)) from the game (1/3 in the PD).
        p: Option<f64>,
    },
    /// Cooperates first, then plays the opposite of the opponent's last action.
    AntiTitForTat,
    /// Reverse Pavlov: defects first, then defects after a win or a mutual
    /// defection and cooperates otherwise.
    WinShiftLoseStay,
    /// Osgood's GRIT: announced unilateral conciliatory steps, kept up for
    /// `patience` rounds without reciprocation, then reciprocity; limited,
    /// clear retaliation for exploitation; renewed initiatives.
    Grit {
        /// Unreciprocated conciliatory rounds before switching to reciprocity (5).
        patience: usize,
        /// True: step down one rung of hostility at a time (the ladder version).
        ladder: bool,
    },
    /// Contrite Tit For Tat: Tit For Tat on standings, which accepts
    /// punishment for its own (noise- or misperception-caused) defections.
    ContriteTitForTat,
}

/// Strategy in the library order, with their default parameters.
pub fn all() -> Vec<Strategy> {
    use Strategy::*;
    vec![
        Cooperator,
        Defector,
        TitForTat,
        Grudger,
        TitFor2Tats,
        TwoTitsForTat,
        WinStayLoseShift,
        Alternator,
        SuspiciousTitForTat,
        Prober,
        Cycler("CCD"),
        Cycler("DDC"),
        Bully,
        SoftGoByMajority,
        HardTitForTat,
        Davis { rounds: 10 },
        Downing,
        Nydegger,
        Shubik,
        TidemanChieruzzi,
        SteinRapoport { alpha: 0.05 },
        Grofman,
        Random { p: 0.5 },
        GenerousTitForTat { p: None },
        Joss { p: 0.9 },
        AntiTitForTat,
        Cycler("DC"),
        WinShiftLoseStay,
        Feld,
        Graaskamp { alpha: 0.05 },
        Tullock,
        Anonymous,
        Grit {
            patience: 5,
            ladder: false,
        },
        Grit {
            patience: 5,
            ladder: true,
        },
        ContriteTitForTat,
    ]
}

/// The 21 deterministic strategies of the benchmark: the 15 from Cooperator
/// to Hard Tit For Tat and the six deterministic entries of Axelrod's first
/// tournament.
pub fn deterministic_benchmark() -> Vec<Strategy> {
    all()
        .into_iter()
        .take(21)
        .filter(|s| !s.is_stochastic())
        .collect()
}

/// Axelrod's first tournament (Axelrod 1980), its 15 entries in the
/// `axelrod` library's order; Friedman's entry is Grudger and the RANDOM
/// entry is `Random: 0.5`.
pub fn first_tournament() -> Vec<Strategy> {
    use Strategy::*;
    vec![
        TitForTat,
        TidemanChieruzzi,
        Nydegger,
        Grofman,
        Shubik,
        SteinRapoport { alpha: 0.05 },
        Grudger,
        Davis { rounds: 10 },
        Graaskamp { alpha: 0.05 },
        Downing,
        Feld,
        Joss { p: 0.9 },
        Tullock,
        Anonymous,
        Random { p: 0.5 },
    ]
}

fn number(x: f64) -> String {
    // Python's str() of a float: "0.5", "1.0", "0.05".
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{x:.1}")
    } else {
        format!("{x}")
    }
}

impl Strategy {
    /// The name without parameters (`First by Davis`).
    pub fn base_name(&self) -> &'static str {
        use Strategy::*;
        match self {
            Cooperator => "Cooperator",
            Defector => "Defector",
            TitForTat => "Tit For Tat",
            Grudger => "Grudger",
            TitFor2Tats => "Tit For 2 Tats",
            TwoTitsForTat => "Two Tits For Tat",
            WinStayLoseShift => "Win-Stay Lose-Shift",
            Alternator => "Alternator",
            SuspiciousTitForTat => "Suspicious Tit For Tat",
            Prober => "Prober",
            Cycler("CCD") => "Cycler CCD",
            Cycler("DDC") => "Cycler DDC",
            Cycler("DC") => "Cycler DC",
            Cycler(_) => "Cycler",
            Bully => "Bully",
            SoftGoByMajority => "Soft Go By Majority",
            HardTitForTat => "Hard Tit For Tat",
            Davis { .. } => "First by Davis",
            Downing => "First by Downing",
            Nydegger => "First by Nydegger",
            Shubik => "First by Shubik",
            TidemanChieruzzi => "First by Tideman and Chieruzzi",
            SteinRapoport { .. } => "First by Stein and Rapoport",
            Grofman => "First by Grofman",
            Feld => "First by Feld",
            Graaskamp { .. } => "First by Graaskamp",
            Joss { .. } => "First by Joss",
            Tullock => "First by Tullock",
            Anonymous => "First by Anonymous",
            Random { .. } => "Random",
            GenerousTitForTat { .. } => "GTFT",
            AntiTitForTat => "Anti Tit For Tat",
            WinShiftLoseStay => "Win-Shift Lose-Stay",
            Grit { ladder: false, .. } => "GRIT",
            Grit { ladder: true, .. } => "GRIT Ladder",
            ContriteTitForTat => "Contrite Tit For Tat",
        }
    }

    /// The name as the `axelrod` library prints it, with parameters
    /// (`First by Davis: 10`, `First by Stein and Rapoport: 0.05: (D, D)`).
    pub fn name(&self) -> String {
        use Strategy::*;
        let base = self.base_name();
        match self {
            Davis { rounds } => format!("{base}: {rounds}"),
            TidemanChieruzzi => format!("{base}: (D, D)"),
            SteinRapoport { alpha } => format!("{base}: {}: (D, D)", number(*alpha)),
            Graaskamp { alpha } => format!("{base}: {}", number(*alpha)),
            Feld => format!("{base}: 1.0, 0.5, 200"),
            Joss { p } | Random { p } => format!("{base}: {}", number(*p)),
            GenerousTitForTat { p } => {
                let p = p.unwrap_or(1.0 / 3.0);
                format!("{base}: {}", number((p * 100.0).round() / 100.0))
            }
            WinShiftLoseStay => format!("{base}: D"),
            Grit { patience, .. } => format!("{base}: {patience}"),
            Cycler(cycle) if base == "Cycler" => format!("{base} {cycle}"),
            _ => base.to_string(),
        }
    }

    /// Other names the strategy answers to (the and common ones).
    fn aliases(&self) -> &'static [&'static str] {
        use Strategy::*;
        match self {
            GenerousTitForTat { .. } => &["Generous Tit For Tat", "Generous TFT"],
            Joss { .. } => &["Joss"],
            SoftGoByMajority => &["Go By Majority"],
            WinStayLoseShift => &["Pavlov", "WSLS"],
            TitForTat => &["TFT"],
            ContriteTitForTat => &["CTFT"],
            _ => &[],
        }
    }

    /// True when the strategy draws random numbers.
    pub fn is_stochastic(&self) -> bool {
        use Strategy::*;
        match self {
            Grofman | Feld | Graaskamp { .. } | Tullock | Anonymous => true,
            Random { p } | Joss { p } => *p > 0.0 && *p < 1.0,
            GenerousTitForTat { p } => p.is_none_or(|p| p > 0.0 && p < 1.0),
            _ => false,
        }
    }

    /// A one-line description of the rule.
    pub fn description(&self) -> &'static str {
        use Strategy::*;
        match self {
            Cooperator => "Always cooperates.",
            Defector => "Always defects.",
            TitForTat => "Cooperates first, then copies the opponent's last move.",
            Grudger => "Cooperates until the opponent defects once, then defects forever.",
            TitFor2Tats => "Defects only after two consecutive defections of the opponent.",
            TwoTitsForTat => "Defects if the opponent defected in either of its last two moves.",
            WinStayLoseShift => "Repeats its move after R or T, switches after S or P.",
            Alternator => "C, D, C, D, ...",
            SuspiciousTitForTat => "Defects first, then copies the opponent's last move.",
            Prober => {
                "D, C, C; then always D if the opponent cooperated on moves 2 and 3, else Tit For Tat."
            }
            Cycler(_) => "Repeats its cycle of moves.",
            Bully => "Defects first, then plays the opposite of the opponent's last move.",
            SoftGoByMajority => {
                "Cooperates unless the opponent has defected more often than cooperated."
            }
            HardTitForTat => "Defects if the opponent defected in any of its last three moves.",
            Davis { .. } => "Cooperates for the first 10 moves, then Grudger.",
            Downing => {
                "Defects twice, then plays the move with the higher expected payoff against estimated P(C|C), P(C|D)."
            }
            Nydegger => "Tit For Tat for three moves, then a lookup on the last three outcomes.",
            Shubik => "Retaliates k times for the k-th departure from mutual cooperation.",
            TidemanChieruzzi => {
                "Growing retaliation, fresh starts for a cooperative loser, defects on the last two moves."
            }
            SteinRapoport { .. } => {
                "Cooperates 4 moves, then Tit For Tat, defecting against apparent randomness (chi-squared every 15 moves) and on the last two moves."
            }
            Grofman => {
                "Cooperates after matching moves, cooperates with probability 2/7 after differing ones."
            }
            Feld => {
                "Tit For Tat whose cooperation after a cooperation decays linearly to 0.5 by move 200."
            }
            Graaskamp { .. } => {
                "Tit For Tat, defects on move 51, then defects against randomness, mirrors Tit For Tat or clones, else defects every 5 to 14 moves."
            }
            Joss { .. } => "Tit For Tat that cooperates only 90% of the time after a cooperation.",
            Tullock => {
                "Cooperates 11 moves, then cooperates 10% less often than the opponent did in its last 10 moves."
            }
            Anonymous => "Cooperates with a probability drawn uniformly in [0.3, 0.7] each move.",
            Random { .. } => "Cooperates with probability p.",
            GenerousTitForTat { .. } => {
                "Cooperates after a cooperation; after a defection cooperates with probability p (1/3 in the PD)."
            }
            AntiTitForTat => {
                "Cooperates first, then plays the opposite of the opponent's last move."
            }
            WinShiftLoseStay => "Defects first; switches after R or T, repeats after S or P.",
            Grit { ladder: false, .. } => {
                "Osgood's GRIT: announced conciliatory moves kept up through non-reciprocation, one-move retaliation for exploitation, reciprocity after a failed initiative, renewed initiatives."
            }
            Grit { ladder: true, .. } => {
                "GRIT on a hostility ladder: steps down one rung at a time from the top, one-rung one-move retaliation for escalation."
            }
            ContriteTitForTat => {
                "Tit For Tat on standings: accepts punishment for its own unprovoked defections, and doubts an isolated defection that the opponent then punishes."
            }
        }
    }

    /// Where the rule comes from.
    pub fn source(&self) -> &'static str {
        use Strategy::*;
        match self {
            Cooperator | Defector | Alternator | Cycler(_) | Random { .. } => {
                "axelrod library 4.14 (Axelrod 1984, The Evolution of Cooperation)"
            }
            TitForTat => {
                "Rapoport, entry to Axelrod (1980), Effective Choice in the Prisoner's Dilemma, JCR 24(1)"
            }
            Grudger => "Friedman, entry to Axelrod (1980)",
            TitFor2Tats => {
                "Maynard Smith, entry to Axelrod (1980b), More Effective Choice in the Prisoner's Dilemma"
            }
            TwoTitsForTat | Bully | SoftGoByMajority => {
                "Axelrod (1984), The Evolution of Cooperation; axelrod library 4.14"
            }
            WinStayLoseShift => {
                "Nowak & Sigmund (1993), A strategy of win-stay, lose-shift..., Nature 364"
            }
            SuspiciousTitForTat => "Beaufils, Delahaye & Mathieu (1997); axelrod library 4.14",
            Prober => "Li, Hingston & Kendall (2011); axelrod library 4.14",
            HardTitForTat => "Stewart & Plotkin (2012); axelrod library 4.14",
            Davis { .. }
            | Downing
            | Nydegger
            | Shubik
            | TidemanChieruzzi
            | SteinRapoport { .. }
            | Grofman
            | Feld
            | Graaskamp { .. }
            | Joss { .. }
            | Tullock
            | Anonymous => {
                "Axelrod (1980), Effective Choice in the Prisoner's Dilemma, JCR 24(1), as interpreted by the axelrod library 4.14"
            }
            GenerousTitForTat { .. } => {
                "Nowak & Sigmund (1992), Tit for tat in heterogeneous populations, Nature 355"
            }
            AntiTitForTat => "Hilbe, Nowak & Traulsen (2013); axelrod library 4.14",
            WinShiftLoseStay => "Li (2011); axelrod library 4.14",
            Grit { .. } => {
                "Osgood (1962), An Alternative to War or Surrender; Lindskold (1978), Psychological Bulletin 85(4); rules formalised in docs/model/games.md"
            }
            ContriteTitForTat => {
                "Sugden (1986); Boyd (1989), J. Theor. Biol. 136; Wu & Axelrod (1995), JCR 39(1); doubt rule in docs/model/games.md"
            }
        }
    }

    /// Finds a strategy by name: the library's printed name, the bare name,
    /// an alias, case-insensitively, with `: value` parameters where the
    /// strategy has one (`Random: 0.3`, `First by Davis: 5`, `GRIT: 8`).
    pub fn parse(text: &str) -> Result<Strategy, InputError> {
        let wanted = text.trim();
        let lower = wanted.to_lowercase();
        for s in all() {
            let mut names = vec![s.name(), s.base_name().to_string()];
            names.extend(s.aliases().iter().map(|a| a.to_string()));
            if names.iter().any(|n| n.to_lowercase() == lower) {
                return Ok(s);
            }
        }
        // A parameter after the first ": ".
        if let Some((head, value)) = wanted.split_once(':') {
            let head = head.trim().to_lowercase();
            let value = value.trim();
            let bad = |what: &str| {
                InputError::new("strategy", format!("`{wanted}`: {what}"))
                    .hint("see `redline strategies` for the names")
            };
            for s in all() {
                let matches = s.base_name().to_lowercase() == head
                    || s.aliases().iter().any(|a| a.to_lowercase() == head);
                if !matches {
                    continue;
                }
                let probability = || -> Result<f64, InputError> {
                    match value.parse::<f64>() {
                        Ok(p) if (0.0..=1.0).contains(&p) => Ok(p),
                        _ => Err(bad("the parameter must be a probability in [0, 1]")),
                    }
                };
                let count = || -> Result<usize, InputError> {
                    value
                        .parse::<usize>()
                        .map_err(|_| bad("the parameter must be a whole number"))
                };
                return match s {
                    Strategy::Random { .. } => Ok(Strategy::Random { p: probability()? }),
                    Strategy::Joss { .. } => Ok(Strategy::Joss { p: probability()? }),
                    Strategy::GenerousTitForTat { .. } => Ok(Strategy::GenerousTitForTat {
                        p: Some(probability()?),
                    }),
                    Strategy::Davis { .. } => Ok(Strategy::Davis { rounds: count()? }),
                    Strategy::Grit { ladder, .. } => Ok(Strategy::Grit {
                        patience: count()?,
                        ladder,
                    }),
                    _ => Err(bad("this strategy takes no parameter")),
                };
            }
        }
        let names: Vec<String> = all().iter().map(|s| s.name()).collect();
        let mut error = InputError::new("strategy", format!("unknown strategy `{wanted}`"));
        error = match did_you_mean(wanted, names.iter().map(String::as_str)) {
            Some(close) => error.hint(format!("did you mean `{close}`?")),
            None => error.hint("`redline strategies` lists them"),
        };
        Err(error)
    }

    /// Parses a comma-separated list of names; a comma inside parentheses (as
    /// in `(D, D)`) does not split.
    pub fn parse_list(text: &str) -> Result<Vec<Strategy>, InputError> {
        let mut names = Vec::new();
        let mut depth = 0usize;
        let mut current = String::new();
        for ch in text.chars() {
            match ch {
                '(' => depth += 1,
                ')' => depth = depth.saturating_sub(1),
                _ => {}
            }
            if ch == ',' && depth == 0 {
                names.push(std::mem::take(&mut current));
            } else {
                current.push(ch);
            }
        }
        names.push(current);
        let names: Vec<&str> = names
            .iter()
            .map(|n| n.trim())
            .filter(|n| !n.is_empty())
            .collect();
        if names.is_empty() {
            return Err(InputError::new("--strategies", "no strategy named"));
        }
        names.into_iter().map(Strategy::parse).collect()
    }

    /// A fresh player of this strategy, for one match.
    pub fn player(&self) -> Player {
        Player {
            strategy: self.clone(),
            memory: Memory::default(),
        }
    }
}

/// The mutable memory some strategies keep during a match.
#[derive(Clone, Debug, Default)]
struct Memory {
    // Downing's counts of the opponent's cooperations after its own C and D.
    cooperations_after_c: usize,
    cooperations_after_d: usize,
    // Shubik's and Tideman and Chieruzzi's retaliation.
    retaliating: bool,
    retaliation_length: usize,
    retaliation_remaining: usize,
    // Tideman and Chieruzzi's bookkeeping.
    own_score: f64,
    opponent_score: f64,
    last_fresh_start: usize,
    fresh_start: bool,
    remembered_defections: usize,
    // Stein and Rapoport's and Graaskamp's randomness verdict.
    opponent_is_random: bool,
    // Graaskamp's next random defection.
    next_random_defection: Option<usize>,
    // GRIT: current standing level, unreciprocated steps, whether the last
    // move was a retaliation, whether the initiative failed, mutual hostility count.
    level: Option<Action>,
    unreciprocated: usize,
    last_was_retaliation: bool,
    reciprocity_mode: bool,
    hostile_rounds: usize,
    // Contrite Tit For Tat's standings and doubt.
    own_bad: bool,
    opponent_bad: bool,
    doubtful_retaliation: Option<usize>,
}

/// A strategy playing one match: the rule and its memory.
#[derive(Clone, Debug)]
pub struct Player {
    strategy: Strategy,
    memory: Memory,
}

/// The p-value of the chi-squared goodness-of-fit test of `[a, b]` against
/// equal expected counts (one degree of freedom), as `scipy.stats.chisquare`
/// gives it; NaN for no observations.
pub fn chi_squared_p_value(a: usize, b: usize) -> f64 {
    let n = (a + b) as f64;
    if n == 0.0 {
        return f64::NAN;
    }
    let d = a as f64 - b as f64;
    let statistic = d * d / n;
    redline_core::special::erfc((statistic / 2.0).sqrt())
}

impl Player {
    /// The strategy this player follows.
    pub fn strategy(&self) -> &Strategy {
        &self.strategy
    }

    /// The next intended action; `rng` is this player's own stream.
    pub fn act(&mut self, view: &View, rng: &mut RandomStream) -> Action {
        let d = view.game.defect();
        let binary = |defect: bool| if defect { d } else { C };
        let chance = |rng: &mut RandomStream, p: f64| {
            // As the library's random_choice: no draw when p is 0 or 1.
            if p <= 0.0 {
                d
            } else if p >= 1.0 {
                C
            } else {
                binary(rng.uniform() >= p)
            }
        };
        let m = &mut self.memory;
        let turn = view.turn();
        let opp = view.opponent;
        let own = view.own;
        let is_d = |a: Action| a != C;
        use Strategy::*;
        match &self.strategy {
            Cooperator => C,
            Defector => d,
            TitForTat => binary(view.opponent_last_defected()),
            Grudger => binary(view.opponent_defections > 0),
            TitFor2Tats => binary(turn >= 2 && is_d(opp[turn - 1]) && is_d(opp[turn - 2])),
            TwoTitsForTat => binary(opp[turn.saturating_sub(2)..].iter().any(|&a| is_d(a))),
            WinStayLoseShift => match (own.last(), opp.last()) {
                (Some(&a), Some(&b)) => binary(is_d(a) != is_d(b)),
                _ => C,
            },
            Alternator => match own.last() {
                Some(&a) => binary(!is_d(a)),
                None => C,
            },
            SuspiciousTitForTat => binary(opp.last().is_none_or(|&b| is_d(b))),
            Prober => match turn {
                0 => d,
                1 | 2 => C,
                _ if !is_d(opp[1]) && !is_d(opp[2]) => d,
                _ => binary(view.opponent_last_defected()),
            },
            Cycler(cycle) => {
                let symbol = cycle.as_bytes()[turn % cycle.len()];
                binary(symbol == b'D')
            }
            Bully => binary(opp.last().is_none_or(|&b| !is_d(b))),
            SoftGoByMajority => binary(view.opponent_defections > view.opponent_cooperations()),
            HardTitForTat => binary(opp[turn.saturating_sub(3)..].iter().any(|&a| is_d(a))),
            Davis { rounds } => binary(turn >= *rounds && view.opponent_defections > 0),
            Downing => {
                if turn == 0 {
                    return d;
                }
                if turn == 1 {
                    if !is_d(opp[0]) {
                        m.cooperations_after_c += 1;
                    }
                    return d;
                }
                if !is_d(opp[turn - 1]) {
                    if is_d(own[turn - 2]) {
                        m.cooperations_after_d += 1;
                    } else {
                        m.cooperations_after_c += 1;
                    }
                }
                let alpha = m.cooperations_after_c as f64 / (view.own_cooperations() + 1) as f64;
                let beta = m.cooperations_after_d as f64 / view.own_defections.max(2) as f64;
                let [r, p, s, t] = view.game.rpst();
                let cooperate = alpha * r + (1.0 - alpha) * s;
                let defect = beta * t + (1.0 - beta) * p;
                if cooperate > defect {
                    C
                } else if cooperate < defect {
                    d
                } else {
                    binary(!is_d(own[turn - 1]))
                }
            }
            Nydegger => match turn {
                0 => C,
                1 => binary(is_d(opp[0])),
                2 if is_d(opp[0]) && !is_d(opp[1]) => d,
                2 => binary(is_d(opp[1])),
                _ => {
                    let outcome = |i: usize| {
                        usize::from(is_d(own[turn - i])) + 2 * usize::from(is_d(opp[turn - i]))
                    };
                    let a = 16 * outcome(1) + 4 * outcome(2) + outcome(3);
                    const DEFECT_ON: [usize; 19] = [
                        1, 6, 7, 17, 22, 23, 26, 29, 30, 31, 33, 38, 39, 45, 49, 54, 55, 58, 61,
                    ];
                    binary(DEFECT_ON.contains(&a))
                }
            },
            Shubik => {
                if turn == 0 {
                    return C;
                }
                if m.retaliating {
                    count_down(m);
                    return d;
                }
                if is_d(opp[turn - 1]) && !is_d(own[turn - 1]) {
                    m.retaliating = true;
                    m.retaliation_length += 1;
                    m.retaliation_remaining = m.retaliation_length;
                    count_down(m);
                    return d;
                }
                C
            }
            TidemanChieruzzi => {
                let action = tideman_chieruzzi(m, view, d);
                final_defections(view, action, d)
            }
            SteinRapoport { alpha } => {
                let round = turn + 1;
                let action = if round < 5 {
                    C
                } else if round < 15 {
                    binary(is_d(opp[turn - 1]))
                } else {
                    if round.is_multiple_of(15) {
                        let p = chi_squared_p_value(
                            view.opponent_cooperations(),
                            view.opponent_defections,
                        );
                        m.opponent_is_random = p >= *alpha;
                    }
                    binary(m.opponent_is_random || is_d(opp[turn - 1]))
                };
                final_defections(view, action, d)
            }
            Grofman => {
                if turn == 0 || is_d(own[turn - 1]) == is_d(opp[turn - 1]) {
                    C
                } else {
                    chance(rng, 2.0 / 7.0)
                }
            }
            Feld => {
                if turn == 0 {
                    return C;
                }
                if is_d(opp[turn - 1]) {
                    return d;
                }
                let slope = (0.5 - 1.0) / 200.0;
                let p = f64::max(1.0 + slope * turn as f64, 0.5);
                chance(rng, p)
            }
            Graaskamp { alpha } => {
                if turn == 0 {
                    return C;
                }
                if turn < 56 {
                    return binary(is_d(opp[turn - 1]) || turn == 50);
                }
                let p = chi_squared_p_value(view.opponent_cooperations(), view.opponent_defections);
                m.opponent_is_random = p >= *alpha || m.opponent_is_random;
                if m.opponent_is_random {
                    return d;
                }
                let mirrors = (1..turn).all(|i| is_d(opp[i]) == is_d(own[i - 1]));
                let clone = (0..turn).all(|i| is_d(opp[i]) == is_d(own[i]));
                if mirrors || clone {
                    return binary(is_d(opp[turn - 1]));
                }
                let next = *m
                    .next_random_defection
                    .get_or_insert_with(|| 5 + rng.below(10) as usize + turn);
                if turn == next {
                    m.next_random_defection = Some(5 + rng.below(10) as usize + turn);
                    return d;
                }
                C
            }
            Joss { p } => match opp.last() {
                None => C,
                Some(&b) if is_d(b) => d,
                Some(_) => chance(rng, *p),
            },
            Tullock => {
                if turn < 11 {
                    return C;
                }
                let cooperations = opp[turn - 10..].iter().filter(|&&a| !is_d(a)).count();
                let p = f64::max(0.0, cooperations as f64 / 10.0 - 0.10);
                chance(rng, p)
            }
            Anonymous => {
                let p = (3.0 + 4.0 * rng.uniform()) / 10.0;
                chance(rng, p)
            }
            Random { p } => chance(rng, *p),
            GenerousTitForTat { p } => match opp.last() {
                None => C,
                Some(&b) if is_d(b) => {
                    let p = p.unwrap_or_else(|| {
                        let [r, pp, s, t] = view.game.rpst();
                        f64::min(1.0 - (t - r) / (r - s), (r - pp) / (t - pp))
                    });
                    chance(rng, p)
                }
                Some(_) => C,
            },
            AntiTitForTat => binary(opp.last().is_some_and(|&b| !is_d(b))),
            WinShiftLoseStay => match (own.last(), opp.last()) {
                (Some(&a), Some(&b)) => binary(is_d(a) == is_d(b)),
                _ => d,
            },
            Grit { patience, ladder } => grit(m, view, *patience, *ladder),
            ContriteTitForTat => contrite(m, view, d),
        }
    }
}

fn count_down(m: &mut Memory) {
    if m.retaliating {
        m.retaliation_remaining -= 1;
        if m.retaliation_remaining == 0 {
            m.retaliating = false;
        }
    }
}

/// The library's `FinalTransformer((D, D))`: defect on the last two moves of
/// a match of known length.
fn final_defections(view: &View, action: Action, d: Action) -> Action {
    match view.length {
        Some(length) if view.turn() < length && length - view.turn() <= 2 => d,
        _ => action,
    }
}

fn tideman_chieruzzi(m: &mut Memory, view: &View, d: Action) -> Action {
    let turn = view.turn();
    if turn == 0 {
        return C;
    }
    let last_opp = view.opponent[turn - 1];
    if last_opp != C {
        m.remembered_defections += 1;
    }
    let (mine, theirs) = view.game.score(view.own[turn - 1], last_opp);
    m.own_score += mine;
    m.opponent_score += theirs;
    if m.fresh_start {
        m.fresh_start = false;
        return C;
    }
    let current_round = turn + 1;
    let valid_fresh_start = m.last_fresh_start == 0 || current_round - m.last_fresh_start >= 20;
    if valid_fresh_start {
        let valid_points = m.own_score - m.opponent_score >= 10.0;
        let valid_rounds = view
            .length
            .is_none_or(|length| length as f64 - current_round as f64 >= 10.0);
        if valid_points && valid_rounds && last_opp == C {
            let n = view.opponent.len() as f64;
            let deviation = n.powf(0.5) / 2.0;
            let lower = n / 2.0 - 3.0 * deviation;
            let upper = n / 2.0 + 3.0 * deviation;
            let remembered = m.remembered_defections as f64;
            if remembered <= lower || remembered >= upper {
                m.last_fresh_start = current_round;
                m.retaliating = false;
                m.retaliation_length = 0;
                m.retaliation_remaining = 0;
                m.remembered_defections = 0;
                m.fresh_start = true;
                return C;
            }
        }
    }
    if m.retaliating {
        count_down(m);
        return d;
    }
    if last_opp != C {
        m.retaliating = true;
        m.retaliation_length += 1;
        m.retaliation_remaining = m.retaliation_length;
        count_down(m);
        return d;
    }
    C
}

/// GRIT (see docs/model/games.md, "GRIT"): the standing level starts at the
/// top of the ladder (a hostile status quo); each conciliatory step lowers it
/// (to 0 at once, or one rung in the ladder version).
fn grit(m: &mut Memory, view: &View, patience: usize, ladder: bool) -> Action {
    let top = view.game.defect();
    let step = if ladder { 1 } else { top };
    let turn = view.turn();
    let level = m.level.unwrap_or(top);
    if turn == 0 {
        let first = level.saturating_sub(step);
        m.level = Some(first);
        return first;
    }
    let now = view.opponent[turn - 1];
    let before = if turn >= 2 {
        view.opponent[turn - 2]
    } else {
        top
    };
    // Exploitation: the opponent raised its hostility, and not in answer to
    // a retaliation of ours. Answer with one move one step up, then go on.
    if now > before && !m.last_was_retaliation {
        m.last_was_retaliation = true;
        return level.saturating_add(step).min(top);
    }
    m.last_was_retaliation = false;
    if m.reciprocity_mode {
        // After a failed initiative: match the opponent's level; renew the
        // initiative after 4 × patience rounds of mutual hostility.
        let mutual_hostility = now != C && view.own[turn - 1] != C;
        m.hostile_rounds = if mutual_hostility {
            m.hostile_rounds + 1
        } else {
            0
        };
        if m.hostile_rounds >= 4 * patience {
            m.reciprocity_mode = false;
            m.unreciprocated = 0;
            m.hostile_rounds = 0;
            let next = now.saturating_sub(step);
            m.level = Some(next);
            return next;
        }
        m.level = Some(now);
        return now;
    }
    let reciprocated = now < before || now <= level;
    if reciprocated {
        m.unreciprocated = 0;
    } else {
        m.unreciprocated += 1;
        if m.unreciprocated > patience {
            m.reciprocity_mode = true;
            m.hostile_rounds = 0;
            m.level = Some(now);
            return now;
        }
    }
    let next = level.saturating_sub(step);
    m.level = Some(next);
    next
}

/// Contrite Tit For Tat (see docs/model/games.md): standings after Sugden
/// (1986) and Boyd (1989), with a doubt rule for misperception.
fn contrite(m: &mut Memory, view: &View, d: Action) -> Action {
    let turn = view.turn();
    let opp = view.opponent;
    if turn > 0 {
        let own_defected = view.own[turn - 1] != C;
        let opp_defected = opp[turn - 1] != C;
        let (own_bad, opp_bad) = (m.own_bad, m.opponent_bad);
        // A defection leaves its author in good standing only when it answered
        // a player in bad standing while its author was in good standing.
        let provoked = |author_bad: bool, other_bad: bool| !author_bad && other_bad;
        m.own_bad = own_defected && !provoked(own_bad, opp_bad);
        m.opponent_bad = opp_defected && !provoked(opp_bad, own_bad);
        if let Some(tau) = m.doubtful_retaliation
            && turn == tau + 2
        {
            // We retaliated at τ against an isolated defection; the opponent
            // cooperated at τ and punished us at τ + 1: what we saw was likely
            // a misperception. Accept the punishment.
            if opp[tau] == C && opp_defected {
                m.own_bad = true;
                m.opponent_bad = false;
            }
            m.doubtful_retaliation = None;
        }
    }
    if m.own_bad {
        return C;
    }
    if m.opponent_bad {
        let isolated = turn < 2 || opp[turn - 2] == C;
        if isolated && m.doubtful_retaliation.is_none() {
            m.doubtful_retaliation = Some(turn);
        }
        return d;
    }
    C
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_as_the_library_prints_them() {
        assert_eq!(Strategy::Davis { rounds: 10 }.name(), "First by Davis: 10");
        assert_eq!(
            Strategy::SteinRapoport { alpha: 0.05 }.name(),
            "First by Stein and Rapoport: 0.05: (D, D)"
        );
        assert_eq!(Strategy::Random { p: 0.5 }.name(), "Random: 0.5");
        assert_eq!(Strategy::GenerousTitForTat { p: None }.name(), "GTFT: 0.33");
        assert_eq!(Strategy::Feld.name(), "First by Feld: 1.0, 0.5, 200");
        assert_eq!(Strategy::WinShiftLoseStay.name(), "Win-Shift Lose-Stay: D");
    }

    #[test]
    fn parses_bare_printed_and_parametrised_names() {
        for s in all() {
            assert_eq!(Strategy::parse(&s.name()).unwrap(), s);
            assert_eq!(
                Strategy::parse(s.base_name()).unwrap().base_name(),
                s.base_name()
            );
        }
        assert_eq!(
            Strategy::parse("first by davis").unwrap(),
            Strategy::Davis { rounds: 10 }
        );
        assert_eq!(
            Strategy::parse("Random: 0.25").unwrap(),
            Strategy::Random { p: 0.25 }
        );
        assert_eq!(
            Strategy::parse("Joss: 0.9").unwrap(),
            Strategy::Joss { p: 0.9 }
        );
        assert!(Strategy::parse("Random: 2").is_err());
        let e = Strategy::parse("Tit For Tatt").unwrap_err();
        assert!(e.hint.unwrap().contains("Tit For Tat"));
        let list = Strategy::parse_list(
            "Tit For Tat, First by Tideman and Chieruzzi: (D, D),First by Stein and Rapoport: 0.05: (D, D)",
        )
        .unwrap();
        assert_eq!(list.len(), 3);
        assert_eq!(list[1], Strategy::TidemanChieruzzi);
    }

    #[test]
    fn benchmark_set_has_21_deterministic_strategies() {
        let set = deterministic_benchmark();
        assert_eq!(set.len(), 21);
        assert_eq!(set[14], Strategy::HardTitForTat);
        assert_eq!(set[20], Strategy::SteinRapoport { alpha: 0.05 });
        assert_eq!(first_tournament().len(), 15);
    }

    #[test]
    fn chi_squared_p_values_match_scipy() {
        // scipy.stats.chisquare([c, d]).pvalue, values from scipy 1.x.
        assert!((chi_squared_p_value(10, 10) - 1.0).abs() < 1e-15);
        // [12, 2]: statistic 100/14; [30, 20]: statistic 2; [150, 50]: statistic 50.
        let close = |x: f64, y: f64| (x - y).abs() <= 1e-11 * y;
        assert!(close(chi_squared_p_value(12, 2), 0.007526315166457882));
        assert!(close(chi_squared_p_value(30, 20), 0.15729920705028105));
        assert!(close(chi_squared_p_value(150, 50), 1.537459794428033e-12));
        assert!(chi_squared_p_value(0, 0).is_nan());
    }
}
