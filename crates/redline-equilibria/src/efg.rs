//! Extensive-form games and Gambit's `.efg` format (version 2).
//!
//! The tree is written in prefix order. Each node is one of
//! `c "name" infoset ["infoset name" { "action" prob ... }] outcome [...]`
//! (chance), `p "name" player infoset ["infoset name" { "action" ... }] outcome [...]`
//! (personal) or `t "name" outcome ["outcome name" { payoffs }]` (terminal).
//! An infoset's name and actions may be omitted after its first node; an
//! outcome's name and payoffs likewise. Outcome `0` means none. Payoffs of
//! outcomes on the path from the root to a terminal node add up.

use crate::budget;
use crate::lex::{Lexer, Tok, gambit_header, quote};
use crate::number::{Q, format_q, one, zero};
use num_traits::Signed;
use redline_core::InputError;
use std::collections::HashMap;

/// What kind of node a node is.
#[derive(Clone, Debug, PartialEq)]
pub enum NodeKind {
    /// A leaf.
    Terminal,
    /// Nature moves at information set `infoset` (an index into [`ExtensiveGame::infosets`]).
    Chance(usize),
    /// A player moves at information set `infoset`.
    Personal(usize),
}

/// A node of the game tree.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// The node's label (often empty).
    pub name: String,
    /// Terminal, chance or personal.
    pub kind: NodeKind,
    /// The outcome attached here (index into [`ExtensiveGame::outcomes`]).
    pub outcome: Option<usize>,
    /// Children, one per action of the node's information set.
    pub children: Vec<usize>,
}

/// An information set: the nodes a player cannot tell apart.
#[derive(Clone, Debug, PartialEq)]
pub struct Infoset {
    /// The player who moves (`None` for chance).
    pub player: Option<usize>,
    /// Its number in the file (per player, from 1).
    pub number: usize,
    /// Its label.
    pub name: String,
    /// Action labels.
    pub actions: Vec<String>,
    /// Action probabilities (chance information sets only).
    pub probs: Vec<Q>,
}

/// An outcome: a named payoff vector.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    /// Its label.
    pub name: String,
    /// One payoff per player.
    pub payoffs: Vec<Q>,
}

/// A finite extensive-form game with exact payoffs and chance probabilities.
#[derive(Clone, Debug, PartialEq)]
pub struct ExtensiveGame {
    /// The game's title.
    pub title: String,
    /// The free-text comment.
    pub comment: String,
    /// Player names.
    pub players: Vec<String>,
    /// Nodes in prefix order; node 0 is the root.
    pub nodes: Vec<Node>,
    /// Information sets, in order of first appearance in prefix order.
    pub infosets: Vec<Infoset>,
    /// Outcomes, in order of their numbers in the file.
    pub outcomes: Vec<Outcome>,
}

impl ExtensiveGame {
    /// The information sets of `player`, as indices, in order of appearance.
    pub fn player_infosets(&self, player: usize) -> Vec<usize> {
        (0..self.infosets.len())
            .filter(|&h| self.infosets[h].player == Some(player))
            .collect()
    }

    /// Nodes of each information set.
    pub fn infoset_members(&self) -> Vec<Vec<usize>> {
        let mut members = vec![Vec::new(); self.infosets.len()];
        for (i, node) in self.nodes.iter().enumerate() {
            if let NodeKind::Chance(h) | NodeKind::Personal(h) = node.kind {
                members[h].push(i);
            }
        }
        members
    }

    /// Whether every information set holds a single node.
    pub fn is_perfect_information(&self) -> bool {
        self.infoset_members().iter().all(|m| m.len() == 1)
    }
}

#[derive(Default)]
struct Builder {
    nodes: Vec<Node>,
    infosets: Vec<Infoset>,
    infoset_index: HashMap<(Option<usize>, usize), usize>,
    outcomes: HashMap<usize, Outcome>,
}

/// Reads a `.efg` file; `origin` names it in errors.
pub fn parse_efg(origin: &str, text: &str) -> Result<ExtensiveGame, InputError> {
    let mut lx = Lexer::new(origin, text)?;
    let (title, players) = gambit_header(&mut lx, "EFG", 2, "extensive-form")?;
    let comment = if lx.peek_is_str() {
        lx.expect_str("a comment")?
    } else {
        String::new()
    };
    let mut b = Builder::default();
    parse_node(&mut lx, &mut b, players.len(), 0)?;
    lx.expect_end()?;
    // Solvers keep a payoff per node and player (payoffs added up along paths).
    if budget::cells(&[b.nodes.len(), players.len()]).is_none() {
        return Err(lx
            .error_at_end(format!(
                "the tree has {} nodes and {} players, more than {} node payoffs",
                b.nodes.len(),
                players.len(),
                budget::MAX_CELLS
            ))
            .hint("redline holds at most ten million payoffs per game (docs/model/equilibria.md, Limits)"));
    }
    let max_outcome = b.outcomes.keys().copied().max().unwrap_or(0);
    // Outcomes are stored densely by number; numbers never used get zero payoffs.
    let mut outcomes = Vec::with_capacity(max_outcome);
    for k in 1..=max_outcome {
        outcomes.push(b.outcomes.remove(&k).unwrap_or(Outcome {
            name: String::new(),
            payoffs: vec![zero(); players.len()],
        }));
    }
    Ok(ExtensiveGame {
        title,
        comment,
        players,
        nodes: b.nodes,
        infosets: b.infosets,
        outcomes,
    })
}

fn parse_outcome(lx: &mut Lexer, b: &mut Builder, n: usize) -> Result<Option<usize>, InputError> {
    let number = lx.expect_index("an outcome number")?;
    // Outcomes are stored densely, numbers 1 to the largest: a number such
    // as 9999999999 would make that many outcomes (or loop that long).
    if budget::cells(&[number, n.max(1)]).is_none() {
        return Err(lx
            .error_before(format!(
                "outcome number {number} is too large: the outcomes' payoffs would exceed {} values",
                budget::MAX_CELLS
            ))
            .hint("outcomes are numbered 1, 2, 3, … in the order they are defined"));
    }
    let defined = if lx.peek_is_str() {
        let name = lx.expect_str("the outcome's name")?;
        lx.expect_open()?;
        let mut payoffs = Vec::new();
        while !lx.eat_close() {
            payoffs.push(lx.expect_number("a payoff or `}`")?);
            lx.eat_comma();
        }
        if payoffs.len() != n {
            return Err(lx.error_before(format!(
                "an outcome needs {n} payoffs, found {}",
                payoffs.len()
            )));
        }
        if number == 0 {
            return Err(lx.error_before("outcome 0 means `no outcome` and cannot have payoffs"));
        }
        Some(Outcome { name, payoffs })
    } else {
        None
    };
    if number == 0 {
        return Ok(None);
    }
    match (b.outcomes.get(&number), defined) {
        (None, None) => Err(lx.error_before(format!(
            "outcome {number} is used before its payoffs are given"
        ))),
        (None, Some(o)) => {
            b.outcomes.insert(number, o);
            Ok(Some(number - 1))
        }
        (Some(old), Some(o)) if old.payoffs != o.payoffs => Err(lx.error_before(format!(
            "outcome {number} is given two different payoff vectors"
        ))),
        _ => Ok(Some(number - 1)),
    }
}

fn parse_node(lx: &mut Lexer, b: &mut Builder, n: usize, depth: usize) -> Result<(), InputError> {
    if depth > 1_000 {
        return Err(lx.error("the tree is nested too deeply"));
    }
    let kind = match lx.next() {
        Some(Tok::Word(w)) if w == "c" || w == "p" || w == "t" => w,
        Some(t) => {
            return Err(lx.error_before(format!(
                "expected a node (`c`, `p` or `t`), found {}",
                t.describe()
            )));
        }
        None => {
            return Err(lx.error("expected a node (`c`, `p` or `t`), found the end of the file"));
        }
    };
    let name = lx.expect_str("the node's name (a quoted string)")?;
    let index = b.nodes.len();
    b.nodes.push(Node {
        name,
        kind: NodeKind::Terminal,
        outcome: None,
        children: Vec::new(),
    });
    if kind == "t" {
        b.nodes[index].outcome = parse_outcome(lx, b, n)?;
        return Ok(());
    }
    let player = if kind == "p" {
        let p = lx.expect_index("a player number")?;
        if p == 0 || p > n {
            return Err(lx.error_before(format!("there is no player {p} (the game has {n})")));
        }
        Some(p - 1)
    } else {
        None
    };
    let number = lx.expect_index("an information set number")?;
    let declared = if lx.peek_is_str() {
        let iname = lx.expect_str("the information set's name")?;
        lx.expect_open()?;
        let mut actions = Vec::new();
        let mut probs = Vec::new();
        while !lx.eat_close() {
            actions.push(lx.expect_str("an action name or `}`")?);
            if player.is_none() {
                let p = lx.expect_number("the action's probability")?;
                if p.is_negative() {
                    return Err(lx.error_before("a chance probability cannot be negative"));
                }
                probs.push(p);
                lx.eat_comma();
            }
        }
        if actions.is_empty() {
            return Err(lx.error_before("an information set needs at least one action"));
        }
        if player.is_none() && probs.iter().sum::<Q>() != one() {
            return Err(lx.error_before("chance probabilities must add up to 1"));
        }
        Some(Infoset {
            player,
            number,
            name: iname,
            actions,
            probs,
        })
    } else {
        None
    };
    let key = (player, number);
    let h = match (b.infoset_index.get(&key).copied(), declared) {
        (Some(h), Some(d)) => {
            let old = &b.infosets[h];
            if old.actions.len() != d.actions.len() || (player.is_none() && old.probs != d.probs) {
                return Err(lx.error_before(format!(
                    "information set {number} is declared again with different actions"
                )));
            }
            h
        }
        (Some(h), None) => h,
        (None, Some(d)) => {
            b.infosets.push(d);
            b.infoset_index.insert(key, b.infosets.len() - 1);
            b.infosets.len() - 1
        }
        (None, None) => {
            return Err(lx.error_before(format!(
                "information set {number} appears before its actions are listed"
            )));
        }
    };
    b.nodes[index].kind = if player.is_some() {
        NodeKind::Personal(h)
    } else {
        NodeKind::Chance(h)
    };
    b.nodes[index].outcome = parse_outcome(lx, b, n)?;
    for _ in 0..b.infosets[h].actions.len() {
        let child = b.nodes.len();
        b.nodes[index].children.push(child);
        parse_node(lx, b, n, depth + 1)?;
    }
    Ok(())
}

/// Writes a game as a `.efg` file (exact numbers; every node repeats its
/// information set's actions and its outcome's payoffs, as Gambit does).
pub fn write_efg(game: &ExtensiveGame) -> String {
    let mut out = format!("EFG 2 R {} {{", quote(&game.title));
    for p in &game.players {
        out.push(' ');
        out.push_str(&quote(p));
    }
    out.push_str(" }\n");
    out.push_str(&quote(&game.comment));
    out.push_str("\n\n");
    if !game.nodes.is_empty() {
        write_node(game, 0, &mut out);
    }
    out
}

fn write_outcome(game: &ExtensiveGame, outcome: Option<usize>, out: &mut String) {
    match outcome {
        None => out.push_str(" 0"),
        Some(k) => {
            let o = &game.outcomes[k];
            out.push_str(&format!(" {} {} {{ ", k + 1, quote(&o.name)));
            let values: Vec<String> = o.payoffs.iter().map(format_q).collect();
            out.push_str(&values.join(", "));
            out.push_str(" }");
        }
    }
}

fn write_node(game: &ExtensiveGame, index: usize, out: &mut String) {
    let node = &game.nodes[index];
    match node.kind {
        NodeKind::Terminal => {
            out.push_str(&format!("t {}", quote(&node.name)));
            write_outcome(game, node.outcome, out);
        }
        NodeKind::Chance(h) | NodeKind::Personal(h) => {
            let infoset = &game.infosets[h];
            match infoset.player {
                None => out.push_str(&format!(
                    "c {} {} {} {{",
                    quote(&node.name),
                    infoset.number,
                    quote(&infoset.name)
                )),
                Some(p) => out.push_str(&format!(
                    "p {} {} {} {} {{",
                    quote(&node.name),
                    p + 1,
                    infoset.number,
                    quote(&infoset.name)
                )),
            }
            for (a, action) in infoset.actions.iter().enumerate() {
                out.push(' ');
                out.push_str(&quote(action));
                if infoset.player.is_none() {
                    out.push(' ');
                    out.push_str(&format_q(&infoset.probs[a]));
                }
            }
            out.push_str(" }");
            write_outcome(game, node.outcome, out);
        }
    }
    out.push('\n');
    for &child in &node.children {
        write_node(game, child, out);
    }
}

/// Payoffs accumulated from the root to each node (outcomes add up along paths).
pub fn accumulated_payoffs(game: &ExtensiveGame) -> Vec<Vec<Q>> {
    let n = game.players.len();
    let mut acc = vec![vec![zero(); n]; game.nodes.len()];
    fn walk(game: &ExtensiveGame, node: usize, above: &[Q], acc: &mut Vec<Vec<Q>>) {
        let mut here = above.to_vec();
        if let Some(o) = game.nodes[node].outcome {
            for (h, p) in here.iter_mut().zip(&game.outcomes[o].payoffs) {
                *h += p;
            }
        }
        for &c in &game.nodes[node].children {
            walk(game, c, &here, acc);
        }
        acc[node] = here;
    }
    if !game.nodes.is_empty() {
        walk(game, 0, &vec![zero(); n], &mut acc);
    }
    acc
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::number::parse_number;

    const BAYES: &str = r#"EFG 2 R "Signal" { "Sender" "Receiver" }
"a comment"

c "" 1 "Nature" { "weak" 0.25 "strong" 3/4 } 0
p "" 1 1 "w" { "quiche" "beer" } 0
p "" 2 1 "after quiche" { "duel" "not" } 0
t "" 1 "w q d" { 1, 1 }
t "" 2 "w q n" { 3, 0 }
p "" 2 2 "after beer" { "duel" "not" } 0
t "" 3 "w b d" { 0, 1 }
t "" 4 "w b n" { 2, 0 }
p "" 1 2 "s" { "quiche" "beer" } 0
p "" 2 1 0
t "" 5 "s q d" { 0, 0 }
t "" 6 "s q n" { 2, 1 }
p "" 2 2 "after beer" { "duel" "not" } 0
t "" 7 "s b d" { 1, 0 }
t "" 1
"#;

    #[test]
    fn reads_a_signalling_game() {
        let g = parse_efg("b.efg", BAYES).unwrap();
        assert_eq!(g.players.len(), 2);
        assert_eq!(g.nodes.len(), 15);
        assert_eq!(g.infosets.len(), 5);
        assert_eq!(g.infosets[0].probs[1], parse_number("3/4").unwrap());
        assert_eq!(g.player_infosets(1), vec![2, 3]);
        let members = g.infoset_members();
        assert_eq!(members[2], vec![2, 9]);
        // The last terminal reuses outcome 1.
        assert_eq!(g.nodes[14].outcome, Some(0));
        assert!(!g.is_perfect_information());
    }

    #[test]
    fn round_trips() {
        let g = parse_efg("b.efg", BAYES).unwrap();
        let text = write_efg(&g);
        let again = parse_efg("again.efg", &text).unwrap();
        assert_eq!(g, again);
    }

    #[test]
    fn accumulates_outcomes_along_paths() {
        let text = "EFG 2 R \"x\" { \"A\" }\n\"\"\np \"\" 1 1 \"\" { \"l\" \"r\" } 1 \"entry fee\" { -1 }\nt \"\" 2 \"l\" { 5 }\nt \"\" 0\n";
        let g = parse_efg("x.efg", text).unwrap();
        let acc = accumulated_payoffs(&g);
        assert_eq!(acc[1][0], parse_number("4").unwrap());
        assert_eq!(acc[2][0], parse_number("-1").unwrap());
    }

    #[test]
    fn locates_errors() {
        let cases = [
            (
                "EFG 2 R \"x\" { \"A\" }\n\"\"\nc \"\" 1 \"\" { \"a\" 1/2 \"b\" 1/3 } 0\n",
                (3, 29),
            ),
            (
                "EFG 2 R \"x\" { \"A\" }\n\"\"\np \"\" 2 1 \"\" { \"a\" } 0\nt \"\" 0\n",
                (3, 6),
            ),
            (
                "EFG 2 R \"x\" { \"A\" }\n\"\"\np \"\" 1 1 \"\" { \"a\" \"b\" } 0\nt \"\" 0\n",
                (5, 1),
            ),
            (
                "EFG 2 R \"x\" { \"A\" }\n\"\"\np \"\" 1 1 \"\" { \"a\" } 0\nt \"\" 3\n",
                (4, 6),
            ),
            ("EFG 2 R \"x\" { \"A\" }\n\"\"\nq \"\" 1\n", (3, 1)),
            (
                "EFG 2 R \"x\" { \"A\" }\n\"\"\nt \"\" 1 \"o\" { 1 2 }\n",
                (3, 18),
            ),
            (
                "EFG 2 R \"x\" { \"A\" }\n\"\"\np \"\" 1 1 \"\" { \"a\" } 0\nt \"\" 0\nt \"\" 0\n",
                (5, 1),
            ),
        ];
        for (text, (line, column)) in cases {
            let e = parse_efg("bad.efg", text).unwrap_err();
            assert_eq!(
                (e.line, e.column),
                (Some(line), Some(column)),
                "{text}: {e}"
            );
        }
    }
}
