//! Equilibria: `solve` (a [`Solution`] as a table, JSON or Gambit's `NE,…`
//! lines) and `game deniability --sweep` (a table or JSON).
//!
//! Exact solvers' numbers stay exact: JSON strings such as `"1/3"`, as
//! Gambit writes them. The logit solver's floating-point numbers are JSON
//! numbers, [`tidy`] (twelve significant digits, far below its 1e-9
//! regret check). Shapes:
//! - solve: `{"meta", "game", "players", "method", "form" ("mixed" or
//!   "behaviour"), "strategies" (the labels of each player's entries),
//!   "equilibria": [{"profile": [[…]…], "payoffs": […]}…], "path": [{"lambda",
//!   "profile"}…]}` (the λ-path for logit only);
//! - deniability sweep: `{"meta", "game": "deniability", "parameters":
//!   {name: value…}, "sweep": [{"blame_share", "equilibria": [{"signal",
//!   "reject": [hardliner, pragmatist], "allow": […], "engage_after":
//!   {"reject", "endorse"}, "posterior_hardliner_given_reject",
//!   "talks_given_reject", "payoffs"}…]}…]}`.

use crate::decimal::{tidy, tidy_rows};
use crate::json_text;
use crate::meta::Meta;
use redline_equilibria::deniability::{DeniabilityParams, Reading, Signal, SweepRow};
use redline_equilibria::number::{Q, format_q, to_f64, zero};
use redline_equilibria::solution::Solution;
use serde::Serialize;

/// A number of a solution: exact (a fraction as text) or floating point.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Number {
    /// An exact rational, as Gambit writes it (`3`, `-1/2`).
    Exact(String),
    /// A floating-point value (logit), tidied.
    Float(f64),
}

impl Number {
    /// `q` as an exact number when `exact`, else as its nearest double.
    pub fn of(q: &Q, exact: bool) -> Number {
        if exact {
            Number::Exact(format_q(q))
        } else {
            Number::Float(tidy(to_f64(q)))
        }
    }

    /// As text: the fraction, or the shortest decimal of the tidied double.
    pub fn text(&self) -> String {
        match self {
            Number::Exact(s) => s.clone(),
            Number::Float(x) => x.to_string(),
        }
    }
}

fn text(solution: &Solution, q: &Q) -> String {
    Number::of(q, solution.exact).text()
}

#[derive(Serialize)]
struct EquilibriumEntry {
    profile: Vec<Vec<Number>>,
    payoffs: Vec<Number>,
}

#[derive(Serialize)]
struct PathPoint {
    lambda: f64,
    profile: Vec<Vec<f64>>,
}

#[derive(Serialize)]
struct SolveDocument<'a> {
    meta: &'a Meta,
    game: &'a str,
    players: &'a [String],
    method: &'a str,
    form: &'static str,
    strategies: &'a [Vec<String>],
    equilibria: Vec<EquilibriumEntry>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    path: Vec<PathPoint>,
}

/// A solution as JSON (see the module docs).
pub fn solve_json(meta: &Meta, solution: &Solution) -> String {
    let number = |q: &Q| Number::of(q, solution.exact);
    json_text(&SolveDocument {
        meta,
        game: &solution.game,
        players: &solution.players,
        method: &solution.method,
        form: if solution.behaviour {
            "behaviour"
        } else {
            "mixed"
        },
        strategies: &solution.labels,
        equilibria: solution
            .equilibria
            .iter()
            .map(|e| EquilibriumEntry {
                profile: e
                    .profile
                    .iter()
                    .map(|p| p.iter().map(number).collect())
                    .collect(),
                payoffs: e.payoffs.iter().map(number).collect(),
            })
            .collect(),
        path: solution
            .path
            .iter()
            .map(|(lambda, profile)| PathPoint {
                lambda: tidy(*lambda),
                profile: tidy_rows(profile),
            })
            .collect(),
    })
}

/// Gambit's command-line output: one `NE,p1,p2,…` line per equilibrium.
pub fn solve_gambit(solution: &Solution) -> String {
    solution
        .equilibria
        .iter()
        .map(|e| {
            let values: Vec<String> = e
                .profile
                .iter()
                .flatten()
                .map(|q| text(solution, q))
                .collect();
            format!("NE,{}\n", values.join(","))
        })
        .collect()
}

/// A readable table: for each equilibrium, each player's payoff and support
/// (every action's probability, in behaviour strategies).
pub fn solve_table(solution: &Solution) -> String {
    let count = solution.equilibria.len();
    let mut out = format!(
        "{} — {} ({}), {} equilibri{}\n",
        crate::short(&solution.game),
        solution.method,
        if solution.behaviour {
            "behaviour strategies"
        } else {
            "mixed strategies"
        },
        count,
        if count == 1 { "um" } else { "a" }
    );
    let width = crate::name_width(solution.players.iter().map(String::as_str), 0);
    for (k, e) in solution.equilibria.iter().enumerate() {
        out.push_str(&format!("\nequilibrium {}\n", k + 1));
        for (p, name) in solution.players.iter().enumerate() {
            let support: Vec<String> = e.profile[p]
                .iter()
                .zip(&solution.labels[p])
                .filter(|(x, _)| solution.behaviour || **x != zero())
                .map(|(x, l)| format!("{}={}", crate::short(l), text(solution, x)))
                .collect();
            out.push_str(&format!(
                "  {:<width$}  payoff {:>8}  {}\n",
                crate::short(name),
                text(solution, &e.payoffs[p]),
                support.join("  ")
            ));
        }
    }
    out
}

#[derive(Serialize)]
struct EngageAfter {
    reject: String,
    endorse: String,
}

#[derive(Serialize)]
struct ReadingEntry {
    signal: &'static str,
    reject: [String; 2],
    allow: [String; 2],
    engage_after: EngageAfter,
    posterior_hardliner_given_reject: Option<String>,
    talks_given_reject: Option<String>,
    payoffs: Vec<String>,
}

impl ReadingEntry {
    fn of(r: &Reading) -> ReadingEntry {
        ReadingEntry {
            signal: r.signal.name(),
            reject: [format_q(&r.reject[0]), format_q(&r.reject[1])],
            allow: [format_q(&r.allow[0]), format_q(&r.allow[1])],
            engage_after: EngageAfter {
                reject: format_q(&r.engage[0]),
                endorse: format_q(&r.engage[1]),
            },
            posterior_hardliner_given_reject: r.posterior_reject.as_ref().map(format_q),
            talks_given_reject: r.allow_given_reject.as_ref().map(format_q),
            payoffs: r.equilibrium.payoffs.iter().map(format_q).collect(),
        }
    }
}

#[derive(Serialize)]
struct SweepEntry {
    blame_share: String,
    equilibria: Vec<ReadingEntry>,
}

#[derive(Serialize)]
struct SweepDocument<'a> {
    meta: &'a Meta,
    game: &'static str,
    parameters: serde_json::Map<String, serde_json::Value>,
    sweep: Vec<SweepEntry>,
}

/// The deniability sweep as JSON: the parameters (exact, the blame share
/// left out) and, per blame share, every equilibrium read.
pub fn deniability_sweep_json(
    meta: &Meta,
    params: &DeniabilityParams,
    rows: &[SweepRow],
) -> String {
    json_text(&SweepDocument {
        meta,
        game: "deniability",
        parameters: params
            .values()
            .into_iter()
            .filter(|(n, _)| *n != "blame-share")
            .map(|(n, v)| (n.to_string(), serde_json::Value::String(format_q(&v))))
            .collect(),
        sweep: rows
            .iter()
            .map(|row| SweepEntry {
                blame_share: format_q(&row.blame_share),
                equilibria: row.readings.iter().map(ReadingEntry::of).collect(),
            })
            .collect(),
    })
}

fn range(values: impl Iterator<Item = Q>) -> Option<(Q, Q)> {
    values.fold(None, |acc, v| match acc {
        None => Some((v.clone(), v)),
        Some((lo, hi)) => Some((
            if v < lo { v.clone() } else { lo },
            if v > hi { v } else { hi },
        )),
    })
}

fn show_range(r: Option<(Q, Q)>) -> String {
    match r {
        None => "-".into(),
        Some((lo, hi)) if lo == hi => format!("{:.3}", to_f64(&lo)),
        Some((lo, hi)) => format!("{:.3}–{:.3}", to_f64(&lo), to_f64(&hi)),
    }
}

/// The sweep as a table: per blame share, how many extreme equilibria of
/// each kind, the range of P(hardliner | rejection) and of P(talks allowed |
/// rejection) across equilibria where rejection happens.
pub fn deniability_sweep_table(params: &DeniabilityParams, rows: &[SweepRow]) -> String {
    let mut out = format!(
        "Deniability game, extreme equilibria by blame share (prior P(hardliner) = {})\n\n",
        format_q(&params.p_hardliner)
    );
    out.push_str(&format!(
        "{:>6} {:>4} {:>5} {:>7} {:>7} {:>6}  {:<13} {:<13}\n",
        "blame", "eqs", "sep", "pool-R", "pool-E", "hybrid", "P(hard|rej)", "P(talks|rej)"
    ));
    for row in rows {
        let count = |s: Signal| row.readings.iter().filter(|r| r.signal == s).count();
        out.push_str(&format!(
            "{:>6.3} {:>4} {:>5} {:>7} {:>7} {:>6}  {:<13} {:<13}\n",
            to_f64(&row.blame_share),
            row.readings.len(),
            count(Signal::Separating),
            count(Signal::PoolingReject),
            count(Signal::PoolingEndorse),
            count(Signal::Hybrid),
            show_range(range(
                row.readings
                    .iter()
                    .filter_map(|r| r.posterior_reject.clone())
            )),
            show_range(range(
                row.readings
                    .iter()
                    .filter_map(|r| r.allow_given_reject.clone())
            )),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use redline_equilibria::solution::{SolveOptions, solve_text};

    const BOS: &str = "NFG 1 R \"Battle of the sexes\" { \"1\" \"2\" } { 2 2 }\n2 1 0 0 0 0 1 2\n";

    fn solve(text: &str, method: &str) -> Solution {
        let options = SolveOptions {
            method: Some(redline_equilibria::solution::Method::parse(method).unwrap()),
            agent: false,
            stop_after: 0,
            ..Default::default()
        };
        solve_text("bos.nfg", text, &options).unwrap()
    }

    #[test]
    fn exact_fractions_stay_exact_strings() {
        // Battle of the sexes (2,1 / 0,0 / 0,0 / 1,2): the mixed equilibrium
        // is (2/3, 1/3), (1/3, 2/3) with payoffs 2/3 each (by hand: player 2
        // is indifferent when 1·p = 2·(1 − p)).
        let solution = solve(BOS, "enummixed");
        let meta = Meta::new("solve").inputs(&["bos.nfg".to_string()]);
        let text = solve_json(&meta, &solution);
        assert!(text.starts_with("{\n  \"meta\": {\n"), "{text}");
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["meta"]["inputs"], serde_json::json!(["bos.nfg"]));
        let mixed = v["equilibria"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["profile"][0][0] == "2/3")
            .expect("the mixed equilibrium");
        assert_eq!(
            mixed["profile"],
            serde_json::json!([["2/3", "1/3"], ["1/3", "2/3"]])
        );
        assert_eq!(mixed["payoffs"], serde_json::json!(["2/3", "2/3"]));
        assert!(v.get("path").is_none());
        let mut lines: Vec<String> = solve_gambit(&solution).lines().map(String::from).collect();
        lines.sort();
        assert_eq!(lines, ["NE,0,1,0,1", "NE,1,0,1,0", "NE,2/3,1/3,1/3,2/3"]);
    }

    #[test]
    fn logit_numbers_are_tidy_floats() {
        // Matching pennies' only equilibrium is (1/2, 1/2) for both, payoff 0.
        let pennies = "NFG 1 R \"Matching pennies\" { \"1\" \"2\" } { 2 2 }\n1 -1 -1 1 -1 1 1 -1\n";
        let solution = solve(pennies, "logit");
        let v: serde_json::Value =
            serde_json::from_str(&solve_json(&Meta::new("solve"), &solution)).unwrap();
        assert_eq!(v["form"], "mixed");
        assert_eq!(
            v["equilibria"][0]["profile"],
            serde_json::json!([[0.5, 0.5], [0.5, 0.5]])
        );
        assert_eq!(v["equilibria"][0]["payoffs"], serde_json::json!([0.0, 0.0]));
        assert_eq!(v["path"][0]["lambda"], 0.0);
    }

    #[test]
    fn table_lists_supports_with_exact_numbers() {
        let table = solve_table(&solve(BOS, "enummixed"));
        assert!(
            table.starts_with("Battle of the sexes — enummixed (mixed strategies), 3 equilibria\n"),
            "{table}"
        );
        assert!(table.contains("payoff      2/3  1=2/3  2=1/3"), "{table}");
    }
}
