//! The self-contained HTML report: charts as inline SVG, styles inline, no
//! scripts and nothing fetched from the network, so the file opens anywhere.

use crate::meta::Meta;
use crate::percent;
use crate::svg::{self, BarGroup, Series};
use redline_core::{Outcome, Scenario};
use redline_crisis::ensemble::wilson_interval;
use redline_crisis::ensemble::{Comparison, StrategyForecast};
use redline_crisis::trace::{Storyline, sentence};
use std::fmt::Write;

/// A ranked sensitivity result for the tornado chart: (parameter, signed effect).
pub struct Tornado {
    /// The outcome analysed.
    pub outcome: Outcome,
    /// Method and unit, for the caption.
    pub caption: String,
    /// (parameter key, signed effect), largest first.
    pub rows: Vec<(String, f64)>,
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Outcomes shown in the cumulative chart: those that happen in at least 1 % of runs.
fn shown(main: &StrategyForecast) -> Vec<Outcome> {
    main.forecast
        .outcomes
        .iter()
        .filter(|o| o.probability >= 0.01)
        .map(|o| o.outcome)
        .collect()
}

/// The cumulative probability chart, with Wilson bands, for the main forecast.
pub fn cumulative_chart(scenario: &Scenario, main: &StrategyForecast) -> String {
    let steps = scenario.steps().max(1);
    let runs = main.forecast.runs;
    let series: Vec<Series> = shown(main)
        .into_iter()
        .map(|outcome| {
            let weeks = main.forecast.counts.weeks(outcome);
            let mut running = 0;
            let mut points = vec![(0.0, 0.0)];
            let mut band = vec![(0.0, 0.0)];
            for (w, n) in weeks.iter().enumerate() {
                running += n;
                points.push(((w + 1) as f64 / steps as f64, running as f64 / runs as f64));
                band.push(wilson_interval(running, runs));
            }
            Series {
                label: outcome.id().to_string(),
                points,
                band: Some(band),
            }
        })
        .collect();
    let y_max = series
        .iter()
        .flat_map(|s| s.band.iter().flatten().map(|b| b.1))
        .fold(0.0f64, f64::max);
    let y_max = (y_max * 10.0).ceil() / 10.0;
    let ticks: Vec<(f64, String)> = (0..=4)
        .map(|i| {
            let step = steps * i / 4;
            (
                step as f64 / steps as f64,
                scenario.step_date(step).to_string(),
            )
        })
        .collect();
    svg::line_chart(
        "cumulative",
        "Cumulative probability of each outcome (95% bands)",
        &series,
        &ticks,
        y_max.min(1.0),
    )
}

/// The strategies side by side.
pub fn strategies_chart(comparison: &Comparison) -> String {
    let outcomes = shown(&comparison.own);
    let groups: Vec<BarGroup> = comparison
        .all()
        .map(|l| BarGroup {
            label: l.strategy.name().to_string(),
            values: outcomes
                .iter()
                .map(|o| l.forecast.outcomes[o.index()].probability)
                .collect(),
            intervals: outcomes
                .iter()
                .map(|o| l.forecast.outcomes[o.index()].ci95)
                .collect(),
        })
        .collect();
    let categories: Vec<String> = outcomes.iter().map(|o| o.id().to_string()).collect();
    svg::grouped_bars(
        "strategies",
        "The counterpart's strategies compared (common random numbers)",
        &categories,
        &groups,
    )
}

/// Each compared strategy's paired difference from the own strategy.
fn differences_table(comparison: &Comparison) -> String {
    let mut html = format!(
        "<p class=\"muted\">Paired differences from {} in percentage points, with 95% intervals: \
         the same runs played under each strategy.</p>\n<table><tr><th>outcome</th>",
        escape(comparison.own.strategy.name())
    );
    for s in &comparison.compared {
        let _ = write!(html, "<th>{}</th>", escape(s.strategy.name()));
    }
    html.push_str("</tr>\n");
    for o in Outcome::ALL {
        let _ = write!(html, "<tr><td>{}</td>", escape(o.label()));
        for s in &comparison.compared {
            let cell = s
                .difference
                .as_ref()
                .map_or(String::new(), |d| crate::forecast::points(&d[o.index()]));
            let _ = write!(html, "<td class=\"num\">{}</td>", escape(&cell));
        }
        html.push_str("</tr>\n");
    }
    html.push_str("</table>\n");
    html
}

/// The tornado chart of a sensitivity result.
pub fn tornado_chart(t: &Tornado) -> String {
    svg::tornado(
        "tornado",
        &format!("What moves P({})", t.outcome.id()),
        &t.rows,
        &t.caption,
    )
}

/// The whole report.
pub fn report(
    scenario: &Scenario,
    meta: &Meta,
    comparison: &Comparison,
    tornado: Option<&Tornado>,
    storylines: &[Storyline],
) -> String {
    let main = &comparison.own;
    let mut html = String::new();
    let _ = write!(
        html,
        r#"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{name} — redline report</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body {{ font-family: sans-serif; max-width: 900px; margin: 2em auto; padding: 0 1em; color: #222; line-height: 1.45; }}
table {{ border-collapse: collapse; font-size: 0.85em; }}
td, th {{ border-bottom: 1px solid #ddd; padding: 3px 6px; text-align: left; vertical-align: top; }}
td.num {{ text-align: right; font-variant-numeric: tabular-nums; }}
svg.chart {{ max-width: 100%; height: auto; display: block; margin: 1em 0; }}
.story li {{ margin: 0.2em 0; }}
.muted {{ color: #666; font-size: 0.9em; }}
</style></head><body>
<h1>{name}</h1>
<p class="muted">As of {as_of}, horizon {horizon} ({steps} weeks). {runs} runs, seed {seed}, counterpart strategy <b>{strategy}</b>.{overrides} Generated by redline {version}; scenario SHA-256 {sha}.</p>
<p>{description}</p>
"#,
        name = escape(&scenario.name),
        as_of = scenario.as_of,
        horizon = scenario.forecast_end(),
        steps = scenario.steps(),
        runs = main.forecast.runs,
        seed = main.forecast.seed,
        strategy = escape(main.strategy.name()),
        overrides = meta.overrides().map_or(String::new(), |o| format!(
            " Overrides: <code>{}</code>.",
            escape(&o)
        )),
        version = meta.redline,
        sha = meta.scenario.as_ref().map_or("—", |s| s.sha256.as_str()),
        description = escape(&scenario.description),
    );
    html.push_str("<h2>Forecast</h2>\n<table><tr><th>outcome</th><th>probability</th><th>95% interval</th><th>median date</th></tr>\n");
    for o in &main.forecast.outcomes {
        let _ = writeln!(
            html,
            r#"<tr><td title="{}">{}</td><td class="num">{}</td><td class="num">{}–{}</td><td>{}</td></tr>"#,
            escape(o.outcome.definition()),
            o.outcome.id(),
            percent(o.probability),
            percent(o.ci95.0),
            percent(o.ci95.1),
            o.median_date
                .map_or("—".to_string(), |d| format!("week of {d}"))
        );
    }
    html.push_str("</table>\n");
    html.push_str(&cumulative_chart(scenario, main));
    if !comparison.compared.is_empty() {
        html.push_str("\n<h2>Strategies</h2>\n");
        html.push_str(&strategies_chart(comparison));
        html.push_str(&differences_table(comparison));
    }
    if let Some(t) = tornado {
        html.push_str("\n<h2>Sensitivity</h2>\n");
        html.push_str(&tornado_chart(t));
    }
    html.push_str("\n<h2>Storylines</h2>\n<p class=\"muted\">The most common sequences of outcomes in the ensemble, each told through one run that followed it.</p>\n");
    for (i, story) in storylines.iter().enumerate() {
        let path = if story.path.is_empty() {
            "none of the tracked outcomes".to_string()
        } else {
            story
                .path
                .iter()
                .map(|o| o.label())
                .collect::<Vec<_>>()
                .join(" → ")
        };
        let _ = write!(
            html,
            "<h3>Storyline {} — {} ({} of runs; run {})</h3>\n<ul class=\"story\">\n",
            i + 1,
            escape(&path),
            percent(story.share),
            story.run
        );
        for week in &story.weeks {
            for event in &week.events {
                if let Some(text) = sentence(event) {
                    let _ = writeln!(html, "<li><b>{}</b> {}</li>", week.date, escape(&text));
                }
            }
        }
        html.push_str("</ul>\n");
    }
    html.push_str("\n<h2>Parameters</h2>\n<table><tr><th>key</th><th>value</th><th>unit</th><th>range</th><th>source</th></tr>\n");
    for p in &scenario.parameters {
        let _ = writeln!(
            html,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&p.key),
            escape(&p.value.to_string()),
            escape(p.unit.as_deref().unwrap_or("")),
            p.range
                .map_or(String::new(), |(a, b)| format!("[{a}, {b}]")),
            escape(p.source.as_deref().unwrap_or(""))
        );
    }
    html.push_str("</table>\n</body></html>\n");
    html
}
