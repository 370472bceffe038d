//! The strategy library: the rules a repeated-game player can follow.
//!
//! Names follow the Python `axelrod` library (4.14) so that its users feel at
//! home: [`Rule::name`] is the name as that library prints it with its
//! default parameters (`First by Davis: 10`), and [`Rule::parse`] accepts
//! it bare (`First by Davis`) too. The deterministic rules reproduce the
//! library's behaviour turn by turn (checked against fixtures it produced);
//! the stochastic ones follow its rules but draw from redline's own streams.
//! GRIT, its ladder version and Contrite Tit For Tat are not in the library;
//! their rules and sources are in docs/model/games.md.
//!
//! The library has two halves, split at their seam:
//! - [`catalogue`]: what a user sees and types — names, aliases,
//!   descriptions, sources, lookup by name, and the lists (every rule, the
//!   deterministic benchmark, the entrants of Axelrod's first tournament);
//! - [`behaviour`]: how each rule chooses its move — a [`Player`] (a rule with
//!   its memory for one match) reading a [`View`] (its own actions as played,
//!   the opponent's actions as it perceived them, which differ from the truth
//!   under misperception, and the match length when the match has a fixed
//!   length).
//!
//! The type is [`Rule`], not `Strategy`: a strategy of the crisis model
//! (`redline_crisis::strategy::Strategy`) is the counterpart's policy over a
//! whole crisis; here it is a decision rule for one repeated game, as
//! Axelrod called his tournament's entries.

pub mod behaviour;
pub mod catalogue;

pub use behaviour::{Player, View, chi_squared_p_value};
pub use catalogue::{all, deterministic_benchmark, first_tournament};

/// One decision rule of the library, with its parameters.
#[derive(Clone, Debug, PartialEq)]
pub enum Rule {
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
