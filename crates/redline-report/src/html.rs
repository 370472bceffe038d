//! The self-contained HTML report: charts as inline SVG, styles inline, no
//! scripts and nothing fetched from the network, so the file opens anywhere.

use crate::meta::Meta;
use crate::svg::{self, Axes, BarGroup, Series};
use crate::{csv_text, percent};
use redline_core::{Outcome, Scenario};
use redline_crisis::ensemble::{Comparison, StrategyForecast};
use redline_crisis::trace::{Names, Storyline};
use redline_crisis::{CrisisModel, sensitivity};
use serde::Serialize;
use std::fmt::Write;

/// The report's storylines come from at most this many of the forecast's runs.
pub const STORYLINE_RUNS: u64 = 2_000;
/// The report's storylines: the most common paths shown.
pub const STORYLINES: usize = 3;

/// A ranked sensitivity result for the tornado chart: (parameter, signed effect).
pub struct Tornado {
    /// The outcome analysed.
    pub outcome: Outcome,
    /// Method and unit, for the caption.
    pub caption: String,
    /// (parameter key, signed effect), largest first.
    pub rows: Vec<(String, f64)>,
}

impl Tornado {
    /// The tornado of `outcome`: the Morris screening of the model's
    /// uncertain parameters (`samples` trajectories of `runs` runs per
    /// point), ranked by μ*, with those without effect left out and counted
    /// in the caption. `None` when `samples` is 0 or nothing is uncertain.
    pub fn of(
        model: &CrisisModel,
        outcome: Outcome,
        samples: usize,
        runs: u64,
        seed: u64,
        progress: &(dyn Fn(u64) + Sync),
    ) -> Option<Tornado> {
        let factors = sensitivity::uncertain_factors(model).len();
        if samples == 0 || factors == 0 {
            return None;
        }
        let ranked =
            sensitivity::morris_ranking(model, outcome.id(), samples, runs, seed, progress);
        let left_out = match factors - ranked.len() {
            0 => format!("all {factors} uncertain parameters shown"),
            1 => format!("1 of {factors} uncertain parameters left out for having no effect"),
            n => format!("{n} of {factors} uncertain parameters left out for having no effect"),
        };
        Some(Tornado {
            outcome,
            caption: format!(
                "Morris mean effect μ over each parameter's range, ranked by μ* ({samples} trajectories × {runs} runs); {left_out}"
            ),
            rows: ranked.into_iter().map(|r| (r.key, r.mu)).collect(),
        })
    }
}

pub(crate) fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Outcomes shown in the cumulative chart: those that happen in at least 1 %
/// of runs, as positions in the forecast's outcome list.
fn shown(main: &StrategyForecast) -> Vec<usize> {
    main.forecast
        .outcomes
        .iter()
        .enumerate()
        .filter(|(_, o)| o.probability >= 0.01)
        .map(|(i, _)| i)
        .collect()
}

/// One point of the cumulative chart: an outcome's probability by the end
/// of a week, with its Monte Carlo interval (also the rows of `cumulative.csv`).
#[derive(Serialize)]
struct CumulativeRow<'a> {
    outcome: &'a str,
    id: &'a str,
    /// The day after the week: the probability is "by" this date.
    by: String,
    week: usize,
    probability: f64,
    ci95_low: f64,
    ci95_high: f64,
}

/// The cumulative probabilities of the shown outcomes, week by week.
fn cumulative_rows<'a>(scenario: &Scenario, main: &'a StrategyForecast) -> Vec<CumulativeRow<'a>> {
    let mut rows = Vec::new();
    for i in shown(main) {
        let forecast = &main.forecast.outcomes[i];
        let outcome = &forecast.outcome;
        rows.push(CumulativeRow {
            outcome: outcome.label(),
            id: outcome.id(),
            by: scenario.step_date(0).to_string(),
            week: 0,
            probability: 0.0,
            ci95_low: 0.0,
            ci95_high: 0.0,
        });
        let weeks = forecast.cumulative.iter().zip(&forecast.cumulative_ci95);
        for (w, ((by, p), (low, high))) in weeks.enumerate() {
            rows.push(CumulativeRow {
                outcome: outcome.label(),
                id: outcome.id(),
                by: by.to_string(),
                week: w + 1,
                probability: *p,
                ci95_low: *low,
                ci95_high: *high,
            });
        }
    }
    rows
}

/// The cumulative probability chart, with Monte Carlo bands, for the main forecast.
pub fn cumulative_chart(scenario: &Scenario, main: &StrategyForecast) -> String {
    let steps = scenario.steps().max(1);
    let rows = cumulative_rows(scenario, main);
    let series: Vec<Series> = shown(main)
        .into_iter()
        .map(|i| {
            let outcome = &main.forecast.outcomes[i].outcome;
            let own = rows.iter().filter(|r| r.id == outcome.id());
            Series {
                label: outcome.label().to_string(),
                points: own
                    .clone()
                    .map(|r| (r.week as f64 / steps as f64, r.probability))
                    .collect(),
                band: Some(own.map(|r| (r.ci95_low, r.ci95_high)).collect()),
            }
        })
        .collect();
    let y_max = rows.iter().map(|r| r.ci95_high).fold(0.0f64, f64::max);
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
        &Axes {
            x: "date (probability by this day)",
            y: "cumulative probability (%)",
        },
    )
}

/// The numbers behind the cumulative chart, as CSV.
pub fn cumulative_csv(scenario: &Scenario, main: &StrategyForecast) -> String {
    csv_text(cumulative_rows(scenario, main))
}

/// One bar of the strategies chart (also the rows of `strategies.csv`).
#[derive(Serialize)]
struct StrategyRow<'a> {
    strategy: String,
    outcome: &'a str,
    id: &'a str,
    probability: f64,
    ci95_low: f64,
    ci95_high: f64,
}

fn strategy_rows(comparison: &Comparison) -> Vec<StrategyRow<'_>> {
    let outcomes = shown(&comparison.own);
    comparison
        .all()
        .flat_map(|l| {
            outcomes.iter().map(move |&i| {
                let f = &l.forecast.outcomes[i];
                let o = &f.outcome;
                StrategyRow {
                    strategy: l.strategy.name().to_string(),
                    outcome: o.label(),
                    id: o.id(),
                    probability: f.probability,
                    ci95_low: f.ci95.0,
                    ci95_high: f.ci95.1,
                }
            })
        })
        .collect()
}

/// The strategies side by side.
pub fn strategies_chart(comparison: &Comparison) -> String {
    let outcomes = shown(&comparison.own);
    let rows = strategy_rows(comparison);
    let groups: Vec<BarGroup> = comparison
        .all()
        .map(|l| {
            let own: Vec<&StrategyRow> = rows
                .iter()
                .filter(|r| r.strategy == l.strategy.name())
                .collect();
            BarGroup {
                label: l.strategy.name().to_string(),
                values: own.iter().map(|r| r.probability).collect(),
                intervals: own.iter().map(|r| (r.ci95_low, r.ci95_high)).collect(),
            }
        })
        .collect();
    let categories: Vec<String> = outcomes
        .iter()
        .map(|&i| {
            comparison.own.forecast.outcomes[i]
                .outcome
                .label()
                .to_string()
        })
        .collect();
    svg::grouped_bars(
        "strategies",
        "The counterpart's strategies compared (common random numbers)",
        &categories,
        &groups,
        "probability by the horizon (%); lines: 95% intervals",
    )
}

/// The numbers behind the strategies chart, as CSV.
pub fn strategies_csv(comparison: &Comparison) -> String {
    csv_text(strategy_rows(comparison))
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
    for (i, o) in comparison.own.forecast.outcomes.iter().enumerate() {
        let _ = write!(html, "<tr><td>{}</td>", escape(o.outcome.label()));
        for s in &comparison.compared {
            let cell = s
                .difference
                .as_ref()
                .map_or(String::new(), |d| crate::forecast::points(&d[i]));
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
        &format!("What moves P({})", t.outcome.label()),
        &t.rows,
        &format!(
            "mean effect on P({}) across each parameter's range (percentage points)",
            t.outcome.label()
        ),
        &t.caption,
    )
}

/// One factor of the tornado (the rows of `tornado.csv`).
#[derive(Serialize)]
struct TornadoRow<'a> {
    outcome: &'a str,
    parameter: &'a str,
    /// The signed mean effect, as a probability (0.05 = five percentage points).
    effect: f64,
}

/// The numbers behind the tornado chart, as CSV: every factor ranked,
/// including those too small to draw.
pub fn tornado_csv(t: &Tornado) -> String {
    csv_text(t.rows.iter().map(|(key, effect)| TornadoRow {
        outcome: t.outcome.id(),
        parameter: key,
        effect: *effect,
    }))
}

/// `text` percent-encoded for a URL: every byte but ASCII letters, digits
/// and `-_.~` as `%XX`, so the result is safe in a quoted attribute too.
pub fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// A link that downloads `csv` as `file` from the page itself (a `data:`
/// URL: no script, nothing fetched).
pub fn download_link(file: &str, csv: &str) -> String {
    format!(
        "<p class=\"download\"><a download=\"{}\" href=\"data:text/csv;charset=utf-8,{}\">Download the numbers behind this chart ({})</a></p>\n",
        escape(file),
        percent_encode(csv),
        escape(file)
    )
}

/// The pages' style sheet, inline (the pages fetch nothing).
const STYLE: &str = "<style>
body { font-family: sans-serif; max-width: 900px; margin: 2em auto; padding: 0 1em; color: #222; line-height: 1.45; }
table { border-collapse: collapse; font-size: 0.85em; }
td, th { border-bottom: 1px solid #ddd; padding: 3px 6px; text-align: left; vertical-align: top; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
svg.chart { max-width: 100%; height: auto; display: block; margin: 1em 0; }
.story li { margin: 0.2em 0; }
.muted { color: #666; font-size: 0.9em; }
.download { font-size: 0.85em; margin-top: -0.5em; }
</style>";

/// The head of a self-contained page titled `title`, up to `<body>`.
pub fn page_head(title: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{}</title>\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n{STYLE}</head><body>\n",
        escape(title)
    )
}

/// The whole report.
pub fn report(
    scenario: &Scenario,
    meta: &Meta,
    comparison: &Comparison,
    tornado: Option<&Tornado>,
    storylines: &[Storyline],
    names: &Names,
) -> String {
    let main = &comparison.own;
    let mut html = String::new();
    let _ = write!(
        html,
        r#"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{name} — redline report</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
{STYLE}</head><body>
<h1>{name}</h1>
<p class="muted">As of {as_of}, horizon {horizon} ({steps} weeks). {runs} runs, seed {seed}, counterpart strategy <b>{strategy}</b>.{overrides} Generated by redline {version}; scenario SHA-256 {sha}.</p>
<p>{description}</p>
"#,
        name = escape(&scenario.name),
        STYLE = STYLE,
        as_of = scenario.as_of,
        horizon = scenario.forecast_end(),
        steps = scenario.steps(),
        runs = main.forecast.runs,
        seed = main.forecast.seed,
        strategy = escape(main.strategy.name()),
        overrides = meta.overrides().map_or(String::new(), |o| format!(
            " Overrides: <code>{}</code>.",
            escape(&o)
        )) + &meta
            .params
            .as_ref()
            .map_or(String::new(), |p| format!(" Parameters: {}.", escape(p))),
        version = meta.redline,
        sha = meta.scenario.as_ref().map_or("—", |s| s.sha256.as_str()),
        description = escape(&scenario.description),
    );
    html.push_str("<h2>Forecast</h2>\n<table><tr><th>outcome</th><th>probability</th><th>Monte Carlo 95%</th><th>parameter 90%</th><th>median date</th></tr>\n");
    for o in &main.forecast.outcomes {
        let _ = writeln!(
            html,
            r#"<tr><td title="{}">{}</td><td class="num">{}</td><td class="num">{}–{}</td><td class="num">{}</td><td>{}</td></tr>"#,
            escape(o.outcome.definition()),
            escape(o.outcome.label()),
            percent(o.probability),
            percent(o.ci95.0),
            percent(o.ci95.1),
            o.parameter.map_or("—".to_string(), |p| {
                crate::forecast::parameter_span(p.interval)
            }),
            o.median_date
                .map_or("—".to_string(), |d| format!("week of {d}"))
        );
    }
    html.push_str("</table>\n");
    let _ = writeln!(
        html,
        "<p class=\"muted\">{} parameter draws of {} runs each. Monte Carlo 95%: the sampling \
         error of the share of runs. Parameter 90%: the 5th to 95th percentile of the \
         probability over the uncertain parameters' distributions (what we do not know about \
         the parameters, apart from the runs' chance).</p>",
        main.forecast.draws, main.forecast.runs_per_draw
    );
    html.push_str(&cumulative_chart(scenario, main));
    html.push_str(&download_link(
        "cumulative.csv",
        &cumulative_csv(scenario, main),
    ));
    if !comparison.compared.is_empty() {
        html.push_str("\n<h2>Strategies</h2>\n");
        html.push_str(&strategies_chart(comparison));
        html.push_str(&download_link(
            "strategies.csv",
            &strategies_csv(comparison),
        ));
        html.push_str(&differences_table(comparison));
    }
    if let Some(t) = tornado {
        html.push_str("\n<h2>Sensitivity</h2>\n");
        html.push_str(&tornado_chart(t));
        html.push_str(&download_link("tornado.csv", &tornado_csv(t)));
    }
    html.push_str("\n<h2>Storylines</h2>\n<p class=\"muted\">The most common sequences of outcomes in the ensemble, each told through the run that followed it and shows the most kinds of branch (a campaign, a sustained exchange, the coercer's answer to its ally, a ceasefire, a turn of its playbook).</p>\n");
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
            for text in week.narrative(names) {
                let _ = writeln!(html, "<li><b>{}</b> {}</li>", week.date, escape(&text));
            }
        }
        html.push_str("</ul>\n");
    }
    html.push_str("\n<h2>Parameters</h2>\n<table><tr><th>key</th><th>value</th><th>unit</th><th>range</th><th>source</th></tr>\n");
    for p in &scenario.parameters {
        let _ = writeln!(
            html,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}{}</td></tr>",
            escape(&p.key),
            escape(&p.value.to_string()),
            escape(p.unit.as_deref().unwrap_or("")),
            p.range
                .map_or(String::new(), |(a, b)| format!("[{a}, {b}]")),
            escape(p.source.as_deref().unwrap_or("")),
            p.inert.as_deref().map_or(String::new(), |why| format!(
                " <i>Inert in this scenario: {}</i>",
                escape(why)
            ))
        );
    }
    html.push_str("</table>\n</body></html>\n");
    html
}
