//! Two-player games given by a finite payoff bimatrix.
//!
//! A [`Game`] has `k ≥ 2` actions, numbered `0..k`, the same for both
//! players. Action `0` is the most cooperative one and action `k − 1` the most
//! hostile: in two-action games `0` is C (cooperate, swerve, hunt the stag)
//! and `1` is D (defect, go straight, hunt the hare). Strategies written for
//! C/D play `0` and `k − 1` and read any action other than `0` as a defection.
//!
//! Built-in games (see docs/model/games.md for their sources):
//! - prisoner's dilemma, R=3, S=0, T=5, P=1 (Axelrod 1984);
//! - chicken, R=3, S=1, T=5, P=0 (Rapoport & Chammah 1966's ordering T>R>S>P);
//! - stag hunt, R=4, S=0, T=3, P=2 (ordering R>T>P>S, Skyrms 2004);
//! - the escalation ladder with `k` levels of hostility, the bilinear
//!   extension of the prisoner's dilemma to levels `x = h/(k−1)`.

use redline_core::InputError;
use redline_core::input_error::did_you_mean;
use serde::Deserialize;

/// An action: an index into the game's action list (0 = most cooperative).
pub type Action = u8;

/// Cooperation (action 0) in a two-action game.
pub const C: Action = 0;

/// The largest number of actions a game may have (actions are written as one
/// character each).
pub const MAX_ACTIONS: usize = 10;

/// A finite two-player game: payoff bimatrix and action symbols.
#[derive(Clone, Debug, PartialEq)]
pub struct Game {
    /// The game's name ("prisoner's dilemma", or the file's `name`).
    pub name: String,
    /// One character per action, written in match records (`C`, `D`, or digits).
    pub symbols: Vec<char>,
    /// `payoffs[i][j] = (row, column)`: the payoffs when the row player plays
    /// `i` and the column player plays `j`.
    pub payoffs: Vec<Vec<(f64, f64)>>,
}

impl Game {
    /// A symmetric two-action game from the four payoffs of the row player:
    /// reward R (C,C), sucker S (C,D), temptation T (D,C), punishment P (D,D).
    pub fn symmetric_2x2(name: &str, r: f64, s: f64, t: f64, p: f64) -> Game {
        Game {
            name: name.to_string(),
            symbols: vec!['C', 'D'],
            payoffs: vec![vec![(r, r), (s, t)], vec![(t, s), (p, p)]],
        }
    }

    /// The prisoner's dilemma with Axelrod's payoffs R=3, S=0, T=5, P=1.
    pub fn prisoners_dilemma() -> Game {
        Game::symmetric_2x2("prisoner's dilemma", 3.0, 0.0, 5.0, 1.0)
    }

    /// Chicken: R=3, S=1, T=5, P=0 (T > R > S > P).
    pub fn chicken() -> Game {
        Game::symmetric_2x2("chicken", 3.0, 1.0, 5.0, 0.0)
    }

    /// Stag hunt: R=4, S=0, T=3, P=2 (R > T > P > S).
    pub fn stag_hunt() -> Game {
        Game::symmetric_2x2("stag hunt", 4.0, 0.0, 3.0, 2.0)
    }

    /// The escalation ladder with `levels` levels of hostility (2..=10): a
    /// player at level `h` and an opponent at level `g`, with `x = h/(k−1)`
    /// and `y = g/(k−1)`, gets
    /// `R(1−x)(1−y) + S(1−x)y + Tx(1−y) + Pxy` with the prisoner's-dilemma
    /// payoffs, so that two levels give exactly the prisoner's dilemma and
    /// each extra rung of hostility pays its user and costs the other.
    pub fn escalation_ladder(levels: usize) -> Result<Game, InputError> {
        if !(2..=MAX_ACTIONS).contains(&levels) {
            return Err(InputError::new(
                "--game",
                format!("an escalation ladder needs 2 to {MAX_ACTIONS} levels, not {levels}"),
            ));
        }
        let (r, s, t, p) = (3.0, 0.0, 5.0, 1.0);
        let top = (levels - 1) as f64;
        let payoff = |h: usize, g: usize| {
            let (x, y) = (h as f64 / top, g as f64 / top);
            r * (1.0 - x) * (1.0 - y) + s * (1.0 - x) * y + t * x * (1.0 - y) + p * x * y
        };
        let payoffs = (0..levels)
            .map(|h| (0..levels).map(|g| (payoff(h, g), payoff(g, h))).collect())
            .collect();
        Ok(Game {
            name: format!("escalation ladder ({levels} levels)"),
            symbols: (0..levels)
                .map(|h| char::from_digit(h as u32, 10).unwrap_or('?'))
                .collect(),
            payoffs,
        })
    }

    /// A game by name: `pd` (or `prisoners-dilemma`), `chicken`, `stag-hunt`,
    /// `ladder` (5 levels) or `ladder-K`.
    pub fn by_name(name: &str) -> Result<Game, InputError> {
        match name {
            "pd" | "prisoners-dilemma" => return Ok(Game::prisoners_dilemma()),
            "chicken" => return Ok(Game::chicken()),
            "stag-hunt" => return Ok(Game::stag_hunt()),
            "ladder" => return Game::escalation_ladder(5),
            _ => {}
        }
        if let Some(levels) = name.strip_prefix("ladder-") {
            return match levels.parse::<usize>() {
                Ok(k) => Game::escalation_ladder(k),
                Err(_) => Err(InputError::new(
                    "--game",
                    format!("`{name}`: the number of levels must be an integer"),
                )),
            };
        }
        let names = ["pd", "chicken", "stag-hunt", "ladder"];
        let mut error = InputError::new("--game", format!("unknown game `{name}`"));
        error = match did_you_mean(name, names) {
            Some(close) => error.hint(format!("did you mean `{close}`?")),
            None => error.hint("use pd, chicken, stag-hunt, ladder, ladder-K or a TOML file"),
        };
        Err(error)
    }

    /// Reads a game from TOML text (`origin` names the file in errors):
    ///
    /// ```toml
    /// name = "prisoner's dilemma"
    /// actions = ["C", "D"]            # one character each, most cooperative first
    /// # payoffs[i][j] = [row player's, column player's] payoff
    /// payoffs = [[[3, 3], [0, 5]],
    ///            [[5, 0], [1, 1]]]
    /// ```
    pub fn from_toml(origin: &str, text: &str) -> Result<Game, InputError> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct GameFile {
            name: Option<String>,
            actions: Vec<String>,
            payoffs: Vec<Vec<Vec<f64>>>,
        }
        let file: GameFile = toml::from_str(text).map_err(|e| {
            let mut error = InputError::new(origin, e.message().trim().to_string());
            if let Some(span) = e.span() {
                error = error.at_offset(text, span.start);
            }
            if e.message().contains("unknown field") {
                error = error.hint("a game file has the keys name, actions and payoffs");
            }
            error
        })?;
        let k = file.actions.len();
        if !(2..=MAX_ACTIONS).contains(&k) {
            return Err(InputError::new(
                origin,
                format!("a game needs 2 to {MAX_ACTIONS} actions, this one has {k}"),
            )
            .key("actions"));
        }
        let mut symbols = Vec::with_capacity(k);
        for (i, label) in file.actions.iter().enumerate() {
            let mut chars = label.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) if !symbols.contains(&c) => symbols.push(c),
                _ => {
                    return Err(InputError::new(
                        origin,
                        format!("action `{label}` must be one character, distinct from the others"),
                    )
                    .key(format!("actions[{i}]")));
                }
            }
        }
        if file.payoffs.len() != k {
            return Err(InputError::new(
                origin,
                format!(
                    "payoffs has {} rows, expected one per action ({k})",
                    file.payoffs.len()
                ),
            )
            .key("payoffs"));
        }
        let mut payoffs = Vec::with_capacity(k);
        for (i, row) in file.payoffs.iter().enumerate() {
            if row.len() != k {
                return Err(InputError::new(
                    origin,
                    format!("row {i} has {} entries, expected {k}", row.len()),
                )
                .key(format!("payoffs[{i}]")));
            }
            let mut cells = Vec::with_capacity(k);
            for (j, cell) in row.iter().enumerate() {
                match cell.as_slice() {
                    [a, b] if a.is_finite() && b.is_finite() => cells.push((*a, *b)),
                    _ => {
                        return Err(InputError::new(
                            origin,
                            "each cell is a pair of finite numbers [row player's, column player's]",
                        )
                        .key(format!("payoffs[{i}][{j}]")));
                    }
                }
            }
            payoffs.push(cells);
        }
        Ok(Game {
            name: file.name.unwrap_or_else(|| origin.to_string()),
            symbols,
            payoffs,
        })
    }

    /// Number of actions.
    pub fn actions(&self) -> usize {
        self.symbols.len()
    }

    /// The most hostile action (D in a two-action game).
    pub fn defect(&self) -> Action {
        (self.actions() - 1) as Action
    }

    /// The payoffs `(row, column)` when row plays `a` and column plays `b`.
    #[inline]
    pub fn score(&self, a: Action, b: Action) -> (f64, f64) {
        self.payoffs[a as usize][b as usize]
    }

    /// The row player's R, P, S, T, read on the most cooperative and the most
    /// hostile actions (as strategies that need the game's payoffs use them).
    pub fn rpst(&self) -> [f64; 4] {
        let d = self.defect();
        [
            self.score(C, C).0,
            self.score(d, d).0,
            self.score(C, d).0,
            self.score(d, C).0,
        ]
    }

    /// The record of a sequence of actions as text (`CCD…`, or digits).
    pub fn write_actions(&self, actions: &[Action]) -> String {
        actions.iter().map(|&a| self.symbols[a as usize]).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn named_games_have_textbook_orderings() {
        let [r, p, s, t] = Game::prisoners_dilemma().rpst();
        assert!(t > r && r > p && p > s && 2.0 * r > t + s);
        let [r, p, s, t] = Game::chicken().rpst();
        assert!(t > r && r > s && s > p);
        let [r, p, s, t] = Game::stag_hunt().rpst();
        assert!(r > t && t > p && p > s);
    }

    #[test]
    fn two_level_ladder_is_the_prisoners_dilemma() {
        let ladder = Game::escalation_ladder(2).unwrap();
        assert_eq!(ladder.payoffs, Game::prisoners_dilemma().payoffs);
        let five = Game::escalation_ladder(5).unwrap();
        // Level 2 of 4 against level 0: x = 1/2, y = 0 → (R + T)/2 = 4; the other gets (R + S)/2.
        assert_eq!(five.score(2, 0), (4.0, 1.5));
        assert_eq!(five.write_actions(&[0, 4, 2]), "042");
        assert!(Game::escalation_ladder(11).is_err());
    }

    #[test]
    fn reads_toml_and_locates_errors() {
        let text = "name = \"pd\"\nactions = [\"C\", \"D\"]\npayoffs = [[[3, 3], [0, 5]], [[5, 0], [1, 1]]]\n";
        let game = Game::from_toml("g.toml", text).unwrap();
        assert_eq!(game.payoffs, Game::prisoners_dilemma().payoffs);
        let bad = "actions = [\"C\", \"D\"]\npayoffs = [[[3, 3], [0, 5]], [[5, 0], [1]]]\n";
        let e = Game::from_toml("g.toml", bad).unwrap_err();
        assert_eq!(e.key.as_deref(), Some("payoffs[1][1]"));
        let typo = "actons = [\"C\", \"D\"]\n";
        let e = Game::from_toml("g.toml", typo).unwrap_err();
        assert_eq!(e.line, Some(1));
        let e = Game::by_name("chiken").unwrap_err();
        assert!(e.hint.unwrap().contains("chicken"));
    }
}
