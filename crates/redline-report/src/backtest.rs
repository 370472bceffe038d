//! `redline backtest`: forecasts of historical scenarios scored against what
//! happened ([`redline_data::backtest::Backtest`]), as a table or as JSON
//! with `meta` first.

use crate::json_text;
use crate::meta::Meta;
use redline_data::backtest::Backtest;
use serde::Serialize;
use std::fmt::Write;

#[derive(Serialize)]
struct Document<'a> {
    meta: &'a Meta,
    #[serde(flatten)]
    backtest: &'a Backtest,
}

/// The backtest as JSON: `{"meta", "cases", "left_out", "brier", "log_score",
/// "baselines", "reliability", "families", "unscored"}`.
pub fn to_json(meta: &Meta, result: &Backtest) -> String {
    json_text(&Document {
        meta,
        backtest: result,
    })
}

/// The backtest as a table: each case's forecasts and what happened, what
/// was left out and why, the scores against the baselines, and reliability.
pub fn to_table(meta: &Meta, result: &Backtest) -> String {
    let mut out = format!(
        "Backtest — {} runs per scenario, seed {}\n",
        meta.runs.unwrap_or(0),
        meta.seed.unwrap_or(0)
    );
    let mut scenarios: Vec<&str> = Vec::new();
    for id in result
        .cases
        .iter()
        .map(|c| c.scenario.as_str())
        .chain(result.left_out.iter().map(|l| l.scenario.as_str()))
    {
        if !scenarios.contains(&id) {
            scenarios.push(id);
        }
    }
    for id in scenarios {
        let _ = write!(
            out,
            "\n{id}\n  {:<24} {:>9}  happened\n",
            "outcome", "forecast"
        );
        for c in result.cases.iter().filter(|c| c.scenario == id) {
            let _ = writeln!(
                out,
                "  {:<24} {:>8.1}%  {}",
                c.outcome,
                100.0 * c.p,
                if c.happened { "yes" } else { "no" }
            );
        }
        for l in result.left_out.iter().filter(|l| l.scenario == id) {
            let _ = writeln!(
                out,
                "  {:<24} {:>9}  left out: {}",
                l.outcome,
                l.p.map_or("—".to_string(), |p| format!("{:.1}%", 100.0 * p)),
                l.reason.describe()
            );
        }
    }
    for u in &result.unscored {
        let _ = write!(out, "\n{} (forecast only, not scored)\n", u.scenario);
        for o in &u.outcomes {
            let _ = writeln!(out, "  {:<24} {:>8.1}%", o.id, 100.0 * o.p);
        }
    }
    let _ = write!(
        out,
        "\nScores over {} scored forecasts (Brier: lower is better; log: higher is better)\n",
        result.cases.len()
    );
    if !result.left_out.is_empty() {
        let _ = writeln!(
            out,
            "  ({} left out, named above with the reason)",
            result.left_out.len()
        );
    }
    let skill = "redline's Brier skill vs this baseline";
    let _ = writeln!(
        out,
        "  {:<40} {:>8} {:>10}  {skill}",
        "", "Brier", "log score"
    );
    let _ = writeln!(
        out,
        "  {:<40} {:>8.4} {:>10.4}  {:>w$}",
        "redline",
        result.brier,
        result.log_score,
        "—",
        w = skill.chars().count()
    );
    for b in &result.baselines {
        let _ = writeln!(
            out,
            "  {:<40} {:>8.4} {:>10.4}  {:>w$.3}",
            b.name,
            b.brier,
            b.log_score,
            b.redline_brier_skill,
            w = skill.chars().count()
        );
    }
    let _ = write!(
        out,
        "\nBy outcome family (Brier; skill against the family's base rate, none where it never or always happened)\n  {:<24} {:>6} {:>9} {:>8} {:>10} {:>7}\n",
        "family", "count", "happened", "redline", "base rate", "skill"
    );
    for f in &result.families {
        let _ = writeln!(
            out,
            "  {:<24} {:>6} {:>9} {:>8.4} {:>10.4} {:>7}",
            f.family,
            f.count,
            f.happened,
            f.brier,
            f.base_rate_brier,
            f.redline_brier_skill
                .map_or("—".to_string(), |skill| format!("{skill:.3}"))
        );
    }
    let _ = write!(
        out,
        "\nReliability\n  {:<12} {:>6} {:>14} {:>10}\n",
        "forecast", "count", "mean forecast", "observed"
    );
    for r in &result.reliability {
        let _ = writeln!(
            out,
            "  {:<12} {:>6} {:>13.1}% {:>9.1}%",
            format!("{:.0}–{:.0}%", 100.0 * r.bin[0], 100.0 * r.bin[1]),
            r.count,
            100.0 * r.mean_forecast,
            100.0 * r.observed
        );
    }
    out
}
