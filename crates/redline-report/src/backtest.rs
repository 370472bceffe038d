//! `redline backtest`: forecasts of historical scenarios scored against what
//! happened ([`redline_data::backtest::Backtest`]), as a table or as JSON
//! with `meta` first.

use crate::json_text;
use crate::meta::Meta;
use redline_data::backtest::{Backtest, ReliabilityRow};
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
    reliability_table(&mut out, "Reliability", &result.reliability);
    out
}

/// A reliability table under `title`: each bin's count, mean forecast and
/// share observed.
pub(crate) fn reliability_table(out: &mut String, title: &str, rows: &[ReliabilityRow]) {
    let _ = write!(
        out,
        "\n{title}\n  {:<12} {:>6} {:>14} {:>10}\n",
        "forecast", "count", "mean forecast", "observed"
    );
    for r in rows {
        let _ = writeln!(
            out,
            "  {:<12} {:>6} {:>13.1}% {:>9.1}%",
            format!("{:.0}–{:.0}%", 100.0 * r.bin[0], 100.0 * r.bin[1]),
            r.count,
            100.0 * r.mean_forecast,
            100.0 * r.observed
        );
    }
}

/// The HTML rows of a reliability table (`<tr>` per bin, after `lead`
/// cells), and the diagram's series of the same bins.
pub(crate) fn reliability_html(html: &mut String, lead: &str, rows: &[ReliabilityRow]) {
    for r in rows {
        let _ = writeln!(
            html,
            "<tr>{lead}<td>{:.0}–{:.0}%</td><td class=\"num\">{}</td><td class=\"num\">{:.1}%</td><td class=\"num\">{:.1}%</td></tr>",
            100.0 * r.bin[0],
            100.0 * r.bin[1],
            r.count,
            100.0 * r.mean_forecast,
            100.0 * r.observed
        );
    }
}

/// A reliability diagram's series of `rows`.
pub(crate) fn reliability_series(
    label: &str,
    rows: &[ReliabilityRow],
) -> crate::svg::ReliabilitySeries {
    crate::svg::ReliabilitySeries {
        label: label.to_string(),
        bins: rows
            .iter()
            .map(|r| (r.mean_forecast, r.observed, r.count))
            .collect(),
    }
}

/// The backtest as a self-contained HTML page: the scores against the
/// baselines, the families, the reliability diagram (SVG, with its bins'
/// counts in a table) and every scored forecast.
pub fn to_html(meta: &Meta, result: &Backtest) -> String {
    use crate::html::escape;
    let mut html = crate::html::page_head("Backtest — redline");
    let _ = write!(
        html,
        "<h1>Backtest</h1>\n<p class=\"muted\">{} scored forecasts; {} runs per scenario, seed {}; in sample: the parameters are the judgments, and the base rates are the cases' own (see <code>redline backtest --cv</code> for out-of-sample scores). Generated by redline {}.</p>\n",
        result.cases.len(),
        meta.runs.unwrap_or(0),
        meta.seed.unwrap_or(0),
        escape(meta.redline)
    );
    html.push_str("<h2>Scores</h2>\n<table><tr><th>forecaster</th><th>Brier</th><th>log score</th><th>redline's Brier skill against it</th></tr>\n");
    let _ = writeln!(
        html,
        "<tr><td>redline</td><td class=\"num\">{:.4}</td><td class=\"num\">{:.4}</td><td>—</td></tr>",
        result.brier, result.log_score
    );
    for b in &result.baselines {
        let _ = writeln!(
            html,
            "<tr><td>{}</td><td class=\"num\">{:.4}</td><td class=\"num\">{:.4}</td><td class=\"num\">{:.3}</td></tr>",
            escape(b.name),
            b.brier,
            b.log_score,
            b.redline_brier_skill
        );
    }
    html.push_str("</table>\n<h2>Reliability</h2>\n");
    html.push_str(&crate::svg::reliability_diagram(
        "reliability",
        "Reliability of the backtest's forecasts",
        &[reliability_series("redline", &result.reliability)],
    ));
    html.push_str(
        "<table><tr><th>bin</th><th>count</th><th>mean forecast</th><th>observed</th></tr>\n",
    );
    reliability_html(&mut html, "", &result.reliability);
    html.push_str("</table>\n<h2>By outcome family</h2>\n<table><tr><th>family</th><th>count</th><th>happened</th><th>Brier</th><th>base rate's Brier</th><th>skill</th></tr>\n");
    for f in &result.families {
        let _ = writeln!(
            html,
            "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{:.4}</td><td class=\"num\">{:.4}</td><td class=\"num\">{}</td></tr>",
            escape(&f.family),
            f.count,
            f.happened,
            f.brier,
            f.base_rate_brier,
            f.redline_brier_skill
                .map_or("—".to_string(), |s| format!("{s:.3}"))
        );
    }
    html.push_str("</table>\n<h2>Scored forecasts</h2>\n<table><tr><th>case</th><th>outcome</th><th>forecast</th><th>happened</th></tr>\n");
    for c in &result.cases {
        let _ = writeln!(
            html,
            "<tr><td>{}</td><td>{}</td><td class=\"num\">{:.1}%</td><td>{}</td></tr>",
            escape(&c.scenario),
            escape(&c.outcome),
            100.0 * c.p,
            if c.happened { "yes" } else { "no" }
        );
    }
    html.push_str("</table>\n</body></html>\n");
    html
}
