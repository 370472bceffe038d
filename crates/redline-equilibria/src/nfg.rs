//! Normal-form games and Gambit's `.nfg` format (version 1).
//!
//! Both body forms are read: the payoff list (`n` payoffs per contingency)
//! and the outcome form (a list of named outcomes, then one outcome number
//! per contingency, `0` meaning all payoffs zero). Contingencies are listed
//! with the first player's strategy changing fastest. Strategies may be
//! given by count (`{ 3 2 }`) or by name (`{ { "U" "D" } { "L" "R" } }`).
//! The writer always writes named strategies and the payoff list.

use crate::budget;
use crate::lex::{Lexer, Tok, gambit_header, quote};
use crate::number::{Q, format_q, zero};
use redline_core::InputError;

/// A finite game in strategic form with exact payoffs.
#[derive(Clone, Debug, PartialEq)]
pub struct NormalFormGame {
    /// The game's title.
    pub title: String,
    /// The free-text comment (possibly empty).
    pub comment: String,
    /// Player names, in order.
    pub players: Vec<String>,
    /// Strategy names for each player.
    pub strategies: Vec<Vec<String>>,
    /// Payoffs: `payoffs[contingency][player]`, contingencies with the first
    /// player's strategy changing fastest.
    pub payoffs: Vec<Vec<Q>>,
}

impl NormalFormGame {
    /// A game with the given strategies and all payoffs zero.
    pub fn zeros(title: &str, players: Vec<String>, strategies: Vec<Vec<String>>) -> Self {
        let count: usize = strategies.iter().map(Vec::len).product();
        let n = players.len();
        NormalFormGame {
            title: title.to_string(),
            comment: String::new(),
            players,
            strategies,
            payoffs: vec![vec![zero(); n]; count],
        }
    }

    /// A two-player game from payoff matrices `a[i][j]` (row player) and `b[i][j]`.
    pub fn bimatrix(title: &str, a: &[Vec<Q>], b: &[Vec<Q>]) -> Self {
        let m = a.len();
        let n = a.first().map_or(0, Vec::len);
        let names = |k: usize| (1..=k).map(|i| i.to_string()).collect();
        let mut g = Self::zeros(
            title,
            vec!["Player 1".into(), "Player 2".into()],
            vec![names(m), names(n)],
        );
        for i in 0..m {
            for j in 0..n {
                g.payoffs[i + m * j] = vec![a[i][j].clone(), b[i][j].clone()];
            }
        }
        g
    }

    /// Number of players.
    pub fn num_players(&self) -> usize {
        self.players.len()
    }

    /// Number of strategies of each player.
    pub fn shape(&self) -> Vec<usize> {
        self.strategies.iter().map(Vec::len).collect()
    }

    /// The contingency index of a pure profile.
    pub fn index(&self, profile: &[usize]) -> usize {
        let mut index = 0;
        let mut stride = 1;
        for (s, strategies) in profile.iter().zip(&self.strategies) {
            index += s * stride;
            stride *= strategies.len();
        }
        index
    }

    /// The pure profile of a contingency index.
    pub fn profile(&self, mut index: usize) -> Vec<usize> {
        self.strategies
            .iter()
            .map(|s| {
                let k = index % s.len();
                index /= s.len();
                k
            })
            .collect()
    }

    /// Payoff of `player` at a pure profile.
    pub fn payoff(&self, profile: &[usize], player: usize) -> &Q {
        &self.payoffs[self.index(profile)][player]
    }
}

/// Reads a `.nfg` file; `origin` names it in errors.
pub fn parse_nfg(origin: &str, text: &str) -> Result<NormalFormGame, InputError> {
    let mut lx = Lexer::new(origin, text)?;
    let (title, players) = gambit_header(&mut lx, "NFG", 1, "strategic-form")?;
    if players.is_empty() {
        return Err(lx.error_before("a game needs at least one player"));
    }
    lx.expect_open()?;
    let mut strategies = Vec::new();
    if lx.peek() == Some(&Tok::Open) {
        while !lx.eat_close() {
            lx.expect_open()?;
            let mut names = Vec::new();
            while !lx.eat_close() {
                names.push(lx.expect_str("a strategy name or `}`")?);
            }
            if names.is_empty() {
                return Err(lx.error_before("a player needs at least one strategy"));
            }
            strategies.push(names);
        }
    } else {
        // Counts are checked (their product with checked arithmetic) before
        // any strategy name is made: `{ 99999999999 }` is a few bytes.
        let mut contingencies = 1usize;
        let mut counts = Vec::new();
        while !lx.eat_close() {
            let k = lx.expect_index("a number of strategies or `}`")?;
            if k == 0 {
                return Err(lx.error_before("a player needs at least one strategy"));
            }
            contingencies = budget::cells(&[contingencies, k, players.len()])
                .map(|_| contingencies * k)
                .ok_or_else(|| too_many(&lx, players.len()))?;
            counts.push(k);
        }
        strategies = counts
            .into_iter()
            .map(|k| (1..=k).map(|i| i.to_string()).collect())
            .collect();
    }
    if strategies.len() != players.len() {
        return Err(lx.error_before(format!(
            "{} players but strategies for {}",
            players.len(),
            strategies.len()
        )));
    }
    let n = players.len();
    let count = strategies
        .iter()
        .try_fold(1usize, |acc, s| acc.checked_mul(s.len()))
        .filter(|&c| budget::cells(&[c, n]).is_some())
        .ok_or_else(|| too_many(&lx, n))?;
    let comment = if lx.peek_is_str() {
        lx.expect_str("a comment")?
    } else {
        String::new()
    };
    // Grown as values are read, not reserved for `count`: the table is then
    // never larger than what the file holds (twice that at most).
    let mut payoffs = Vec::new();
    if lx.peek() == Some(&Tok::Open) {
        lx.expect_open()?;
        let mut outcomes: Vec<Vec<Q>> = Vec::new();
        while !lx.eat_close() {
            lx.expect_open()?;
            lx.expect_str("the outcome's name")?;
            let mut values = Vec::new();
            while !lx.eat_close() {
                values.push(lx.expect_number("a payoff or `}`")?);
                lx.eat_comma();
            }
            if values.len() != n {
                return Err(lx.error_before(format!(
                    "an outcome needs {n} payoffs, found {}",
                    values.len()
                )));
            }
            outcomes.push(values);
        }
        for _ in 0..count {
            let k = lx.expect_index("an outcome number")?;
            if k > outcomes.len() {
                return Err(lx.error_before(format!(
                    "there is no outcome {k} (the file defines {})",
                    outcomes.len()
                )));
            }
            payoffs.push(if k == 0 {
                vec![zero(); n]
            } else {
                outcomes[k - 1].clone()
            });
        }
    } else {
        for _ in 0..count {
            let mut values = Vec::with_capacity(n);
            for _ in 0..n {
                values.push(lx.expect_number("a payoff")?);
            }
            payoffs.push(values);
        }
    }
    lx.expect_end()?;
    Ok(NormalFormGame {
        title,
        comment,
        players,
        strategies,
        payoffs,
    })
}

/// The error for a game whose payoff table would exceed [`budget::MAX_CELLS`].
fn too_many(lx: &Lexer<'_>, players: usize) -> InputError {
    lx.error_before(format!(
        "the strategies give more than {} payoffs ({players} per contingency)",
        budget::MAX_CELLS
    ))
    .hint("redline holds at most ten million payoffs per game (docs/model/equilibria.md, Limits)")
}

/// Writes a game as a `.nfg` file (named strategies, payoff list, exact numbers).
pub fn write_nfg(game: &NormalFormGame) -> String {
    let mut out = format!("NFG 1 R {} {{", quote(&game.title));
    for p in &game.players {
        out.push(' ');
        out.push_str(&quote(p));
    }
    out.push_str(" }\n\n{");
    for s in &game.strategies {
        out.push_str(" {");
        for name in s {
            out.push(' ');
            out.push_str(&quote(name));
        }
        out.push_str(" }\n ");
    }
    out.push_str("}\n");
    out.push_str(&quote(&game.comment));
    out.push_str("\n\n");
    let mut line = String::new();
    for values in &game.payoffs {
        for v in values {
            line.push_str(&format_q(v));
            line.push(' ');
        }
        if line.len() > 72 {
            out.push_str(line.trim_end());
            out.push('\n');
            line.clear();
        }
    }
    if !line.is_empty() {
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::number::parse_number;

    fn q(s: &str) -> Q {
        parse_number(s).unwrap()
    }

    #[test]
    fn reads_payoff_list_with_counts() {
        let g = parse_nfg(
            "pd.nfg",
            "NFG 1 R \"PD\" { \"A\" \"B\" } { 2 2 }\n\n3 3 5 0 0 5 1 1\n",
        )
        .unwrap();
        assert_eq!(g.shape(), vec![2, 2]);
        // First player's strategy changes fastest: (1,1) (2,1) (1,2) (2,2).
        assert_eq!(g.payoff(&[1, 0], 0), &q("5"));
        assert_eq!(g.payoff(&[1, 0], 1), &q("0"));
        assert_eq!(g.payoff(&[0, 1], 1), &q("5"));
        assert_eq!(g.strategies[1], vec!["1", "2"]);
    }

    #[test]
    fn reads_outcome_form() {
        let text = "NFG 1 R \"o\" { \"P1\" \"P2\" }\n{ { \"U\" \"D\" }\n{ \"L\" \"R\" }\n}\n\"c\"\n\n{\n{ \"a\" 1, -1/2 }\n{ \"b\" 0.25 2 }\n}\n1 2 0 1\n";
        let g = parse_nfg("o.nfg", text).unwrap();
        assert_eq!(g.comment, "c");
        assert_eq!(g.payoff(&[1, 0], 1), &q("2"));
        assert_eq!(g.payoff(&[0, 0], 1), &q("-1/2"));
        assert_eq!(g.payoff(&[0, 1], 0), &q("0"));
        assert_eq!(g.payoff(&[1, 1], 0), &q("1"));
    }

    #[test]
    fn round_trips() {
        let text = "NFG 1 R \"t \\\"q\\\"\" { \"P1\" \"P2\" \"P3\" } { 2 1 2 }\n\"\"\n1 2 3 4 5 6 7/3 8 -9 0.5 1e2 -2/4\n";
        let g = parse_nfg("t.nfg", text).unwrap();
        assert_eq!(g.title, "t \"q\"");
        let again = parse_nfg("t2.nfg", &write_nfg(&g)).unwrap();
        assert_eq!(g, again);
    }

    #[test]
    fn locates_errors() {
        let e = parse_nfg(
            "bad.nfg",
            "NFG 1 R \"x\" { \"A\" \"B\" } { 2 2 }\n1 2 3 x 5\n",
        )
        .unwrap_err();
        assert_eq!((e.line, e.column), (Some(2), Some(7)));
        let e = parse_nfg(
            "bad.nfg",
            "NFG 1 R \"x\" { \"A\" \"B\" } { 2 2 }\n1 2 3 4 5\n",
        )
        .unwrap_err();
        assert_eq!(e.line, Some(3));
        assert!(e.message.contains("end of the file"), "{}", e.message);
        let e = parse_nfg("bad.nfg", "NFG 1 R \"x\" { \"A\" } { 2 }\n1 2 3\n").unwrap_err();
        assert_eq!((e.line, e.column), (Some(2), Some(5)));
        let e = parse_nfg("bad.nfg", "NFG 1 R \"x { \"A\" } { 2 }\n").unwrap_err();
        assert!(
            e.message.contains("found `A`") || e.message.contains("unterminated"),
            "{}",
            e.message
        );
        let e = parse_nfg("bad.nfg", "EFG 2 R \"x\" { \"A\" } { 2 }\n").unwrap_err();
        assert_eq!((e.line, e.column), (Some(1), Some(1)));
        let e = parse_nfg("bad.nfg", "NFG 1 R \"x\" { \"A\" } { 2 }\n1 1/0\n").unwrap_err();
        assert_eq!((e.line, e.column), (Some(2), Some(3)));
        let e = parse_nfg(
            "bad.nfg",
            "NFG 1 R \"x\" { \"A\" } { 2 }\n{ { \"o\" 1 } }\n1 3\n",
        )
        .unwrap_err();
        assert_eq!((e.line, e.column), (Some(3), Some(3)));
    }
}
