//! What each API call computes, as plain functions of the [`Context`] (the
//! catalogue, the threads, the forecasts computed lately) and a [`Question`]
//! (the HTTP layer in `lib.rs` only routes, limits and frames them). The
//! forecast, trace and report are the command line's own outputs
//! (`redline_report`), so the page, its downloads and the CLI agree byte
//! for byte.
//!
//! The page asks for a forecast, then its user downloads it as JSON, CSV or
//! a report: the same ensemble. [`Context::forecast_of`] keeps the last
//! [`CACHED_FORECASTS`] ensembles (and their storylines), keyed by the
//! resolved scenario's digest and everything else the ensemble depends on,
//! so a download, or a return to an earlier view, does not run it again; an
//! edited scenario file has another digest and is computed afresh.

use crate::catalog::Catalog;
use crate::question::Question;
use redline_core::InputError;
use redline_core::scenario::ParamValue;
use redline_crisis::assume::Assumptions;
use redline_crisis::ensemble::{self, Comparison};
use redline_crisis::trace::{self, Names};
use redline_crisis::{CrisisModel, Strategy};
use redline_report::html::{self, Tornado};
use redline_report::meta::Meta;
use serde_json::{Value, json};
use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

/// How many ensembles [`Context::forecast_of`] keeps (the least recently
/// asked goes first).
pub const CACHED_FORECASTS: usize = 8;

/// What every call reads.
pub struct Context {
    /// The scenarios.
    pub catalog: Catalog,
    /// Worker threads of each ensemble.
    pub threads: usize,
    /// The last ensembles, the most recent last.
    forecasts: Mutex<VecDeque<(ForecastKey, Arc<Computed>)>>,
    /// Ensembles run so far (not served from the cache).
    ensembles: AtomicU64,
}

/// Everything a forecast's ensemble depends on. The scenario's digest is of
/// the resolved scenario (after `extends`, the fitted or judgment values and
/// the overrides), so it also tells an edited file from the one computed.
#[derive(Clone, Debug, PartialEq, Eq)]
struct ForecastKey {
    scenario_sha256: String,
    params: redline_scenarios::Params,
    assume: Vec<String>,
    compare: Vec<String>,
    runs: u64,
    seed: u64,
}

/// A question's ensemble, and its storylines once asked for.
pub struct Computed {
    /// The own strategy's forecast and the compared ones'.
    pub comparison: Comparison,
    storylines: OnceLock<Vec<trace::Storyline>>,
}

impl Computed {
    /// The report's storylines of the question (as `redline report`),
    /// computed on first use.
    pub fn storylines(&self, p: &Prepared, q: &Question) -> &[trace::Storyline] {
        self.storylines.get_or_init(|| {
            trace::storylines(
                &p.model,
                &p.assumptions,
                q.seed,
                q.runs.min(html::STORYLINE_RUNS),
                html::STORYLINES,
            )
        })
    }
}

impl Context {
    /// A context over `catalog`, each ensemble on `threads` threads.
    pub fn new(catalog: Catalog, threads: usize) -> Context {
        Context {
            catalog,
            threads: threads.max(1),
            forecasts: Mutex::new(VecDeque::new()),
            ensembles: AtomicU64::new(0),
        }
    }

    /// The forecast of a prepared question: the own strategy and the
    /// compared ones on common random numbers, from the cache when the same
    /// question on the same resolved scenario was asked lately.
    pub fn forecast_of(&self, p: &Prepared, q: &Question) -> Arc<Computed> {
        let key = ForecastKey {
            scenario_sha256: p.model.scenario().sha256(),
            params: q.params,
            assume: q.assume.clone(),
            compare: q.compare.clone(),
            runs: q.runs,
            seed: q.seed,
        };
        {
            // The most recently asked last: a hit moves to the back.
            let mut cache = self.cache();
            if let Some(hit) = cache
                .iter()
                .position(|(k, _)| *k == key)
                .and_then(|at| cache.remove(at))
            {
                let computed = Arc::clone(&hit.1);
                cache.push_back(hit);
                return computed;
            }
        }
        // Computed outside the lock: other questions go on meanwhile (two
        // asking the same at once both compute it; the results are equal).
        self.ensembles.fetch_add(1, Ordering::Relaxed);
        let computed = Arc::new(Computed {
            comparison: ensemble::compare(
                &p.model,
                &p.assumptions,
                &p.strategies,
                q.runs,
                q.seed,
                self.threads,
                &|_| {},
            ),
            storylines: OnceLock::new(),
        });
        let mut cache = self.cache();
        cache.retain(|(k, _)| *k != key);
        if cache.len() >= CACHED_FORECASTS {
            cache.pop_front();
        }
        cache.push_back((key, Arc::clone(&computed)));
        computed
    }

    /// Ensembles run so far, those served from the cache not counted.
    pub fn ensembles_run(&self) -> u64 {
        self.ensembles.load(Ordering::Relaxed)
    }

    fn cache(&self) -> std::sync::MutexGuard<'_, VecDeque<(ForecastKey, Arc<Computed>)>> {
        // A panic while the lock was held left a valid cache behind.
        self.forecasts.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// A question made ready to run: the model with its assumptions and the
/// strategies to compare, all checked.
pub struct Prepared {
    /// The scenario's model.
    pub model: CrisisModel,
    /// The `assume` clauses, parsed against it.
    pub assumptions: Assumptions,
    /// The strategies compared with its own.
    pub strategies: Vec<Strategy>,
}

/// Loads and checks everything a question names, as the command line does;
/// the first problem is its located [`InputError`].
pub fn prepare(catalog: &Catalog, q: &Question) -> Result<Prepared, InputError> {
    let scenario = catalog.load(&q.scenario, q.params, &q.sets)?;
    let model = CrisisModel::new(scenario)?;
    let assumptions = Assumptions::parse(&q.assume, &model)?;
    let strategies = q
        .compare
        .iter()
        .map(|name| model.strategy_named(name))
        .collect::<Result<_, _>>()?;
    Ok(Prepared {
        model,
        assumptions,
        strategies,
    })
}

/// The provenance of `command` on a prepared question (the CLI's `meta`).
pub fn meta(command: &str, q: &Question, model: &CrisisModel) -> Meta {
    Meta::new(command)
        .scenario(model.scenario(), &q.sets, &[])
        .params(redline_scenarios::fitted::params_note(
            q.params,
            model.scenario(),
        ))
        .assume(&q.assume)
        .ensemble(q.seed, q.runs)
        .runs_per_draw(model.runs_per_draw())
}

/// The command line that gives the same result: `redline forecast …`.
pub fn command_line(catalog: &Catalog, command: &str, q: &Question) -> String {
    let mut words = vec!["redline".to_string(), command.to_string()];
    let reference = catalog
        .file_of(&q.scenario)
        .map_or_else(|| q.scenario.clone(), |p| p.display().to_string());
    words.push(redline_report::shell_word(&reference));
    if q.params == redline_scenarios::Params::Judgment {
        words.push("--params judgment".to_string());
    }
    for s in &q.sets {
        words.push(format!("--set {}", redline_report::shell_word(s)));
    }
    for a in &q.assume {
        words.push(format!("--assume {}", redline_report::shell_word(a)));
    }
    if !q.compare.is_empty() && command != "trace" {
        words.push(format!(
            "--compare {}",
            redline_report::shell_word(&q.compare.join(","))
        ));
    }
    if command == "trace" {
        words.push(format!("--run {}", q.run));
    } else {
        words.push(format!("--runs {}", q.runs));
    }
    words.push(format!("--seed {}", q.seed));
    words.join(" ")
}

/// `GET /api/scenarios`: the catalogue.
pub fn scenarios(catalog: &Catalog) -> Value {
    let (entries, skipped) = catalog.list();
    json!({
        "default": redline_scenarios::FLAGSHIP_ID,
        "scenarios": entries.iter().map(|e| json!({
            "id": e.id,
            "name": e.name,
            "as_of": e.as_of,
            "horizon": e.horizon,
            "origin": e.origin.name(),
        })).collect::<Vec<_>>(),
        "skipped": skipped.iter().map(|s| json!({"file": s.file, "reason": s.reason})).collect::<Vec<_>>(),
    })
}

/// `GET /api/scenario`: what the page needs to draw its controls: every
/// parameter with its value, unit, range, default, source and kind (a
/// number, a distribution, a choice with its words, a switch, a date), the
/// strategies, the outcomes and the dates an assumption may take.
pub fn scenario(ctx: &Context, q: &Question) -> Result<Value, InputError> {
    let p = prepare(&ctx.catalog, q)?;
    let model = &p.model;
    let scenario = model.scenario();
    let parameters: Vec<Value> = scenario
        .parameters
        .iter()
        .map(|param| {
            let choice = model.choices().iter().find(|c| c.key == param.key);
            let (kind, number) = match (&param.value, choice) {
                (_, Some(_)) => ("choice", None),
                (ParamValue::Number(d), None) if d.is_fixed() => {
                    ("number", param.value.to_string().parse::<f64>().ok())
                }
                (ParamValue::Number(_), None) => ("distribution", None),
                (ParamValue::Bool(_), None) => ("switch", None),
                (ParamValue::Date(_), None) => ("date", None),
                (ParamValue::Text(_), None) => ("word", None),
            };
            json!({
                "key": param.key,
                "value": param.value.to_string(),
                "kind": kind,
                "number": number,
                "options": choice.map(|c| c.options.clone()),
                "or_number": choice.and_then(|c| c.or_number.map(|b| [b.min, b.max])),
                // A number in place of a word is a parameter of its own: the
                // page overrides it as `{ value = x, unit = …, range = […] }`.
                "or_number_unit": choice.and_then(|c| c.or_number).map(|b| {
                    if (b.min, b.max) == (0.0, 1.0) { "share" } else { "number" }
                }),
                "unit": param.unit,
                "range": param.range.map(|(low, high)| [low, high]),
                "default": param.default.as_ref().map(ToString::to_string),
                "source": param.source,
                "inert": param.inert,
                "overridden": param.overridden,
            })
        })
        .collect();
    let own = model.settings().strategy.name().to_string();
    Ok(json!({
        "meta": meta("scenario params", q, model),
        "scenario": {
            "id": q.scenario,
            "name": scenario.name,
            "description": scenario.description,
            "as_of": scenario.as_of.to_string(),
            "horizon": scenario.horizon.to_string(),
            // The dates an assumption may take (as `--assume` checks them).
            "first_date": Assumptions::dates(scenario).0.to_string(),
            "last_date": Assumptions::dates(scenario).1.to_string(),
            "forecast_end": scenario.forecast_end().to_string(),
            "weeks": scenario.steps(),
        },
        "parameters": parameters,
        "strategy": own,
        "strategies": model.strategies().iter().map(|s| s.name().to_string()).collect::<Vec<_>>(),
        "outcomes": model.outcomes().outcomes().map(|o| json!({"id": o.id(), "label": o.label()})).collect::<Vec<_>>(),
        "warnings": model.warnings().iter().map(ToString::to_string).collect::<Vec<_>>(),
    }))
}

/// `GET /api/forecast`: the command line's forecast JSON (`forecast`), the
/// report's charts as SVG (`charts`), the most common storylines, the query
/// that reproduces it and the equivalent command line.
pub fn forecast(ctx: &Context, q: &Question) -> Result<Value, InputError> {
    let p = prepare(&ctx.catalog, q)?;
    let computed = ctx.forecast_of(&p, q);
    let comparison = &computed.comparison;
    let scenario = p.model.scenario();
    let text =
        redline_report::forecast::to_json(scenario, &meta("forecast", q, &p.model), comparison);
    let forecast: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
    let storylines: Vec<Value> = computed
        .storylines(&p, q)
        .iter()
        .map(|s| {
            json!({
                "path": s.path.iter().map(|o| o.label().to_string()).collect::<Vec<_>>(),
                "share": s.share,
                "run": s.run,
            })
        })
        .collect();
    Ok(json!({
        "query": q.to_query(),
        "command": command_line(&ctx.catalog, "forecast", q),
        "forecast": forecast,
        "charts": {
            "cumulative": html::cumulative_chart(scenario, &comparison.own),
            "strategies": (!comparison.compared.is_empty()).then(|| html::strategies_chart(comparison)),
        },
        "storylines": storylines,
        "storyline_runs": q.runs.min(html::STORYLINE_RUNS),
    }))
}

/// `GET /api/trace`: run `q.run`'s story, as the command line's text and JSON.
pub fn trace(ctx: &Context, q: &Question) -> Result<Value, InputError> {
    let p = prepare(&ctx.catalog, q)?;
    let told = trace::trace(&p.model, &p.assumptions, q.seed, q.run);
    let meta = meta("trace", q, &p.model).ensemble(q.seed, q.run + 1);
    let scenario = p.model.scenario();
    let text = redline_report::trace::to_text(scenario, &meta, &told);
    let json_text = redline_report::trace::to_json(scenario, &meta, &told);
    Ok(json!({
        "run": q.run,
        "command": command_line(&ctx.catalog, "trace", q),
        "text": text,
        "trace": serde_json::from_str::<Value>(&json_text).unwrap_or(Value::Null),
    }))
}

/// `GET /api/tornado`: the report's tornado for `q.outcome` (default: war
/// when the scenario tracks it, else its first outcome).
pub fn tornado(ctx: &Context, q: &Question) -> Result<Value, InputError> {
    let p = prepare(&ctx.catalog, q)?;
    let outcome = tornado_outcome(&p.model, q)?;
    let Some(t) = Tornado::of(
        &p.model,
        outcome,
        q.samples,
        q.sensitivity_runs,
        q.seed,
        &|_| {},
    ) else {
        return Err(InputError::new(
            "scenario",
            "the scenario has no uncertain parameters for a tornado chart",
        ));
    };
    Ok(json!({
        "outcome": t.outcome.id(),
        "label": t.outcome.label(),
        "caption": t.caption,
        "rows": t.rows.iter().map(|(key, mu)| json!({"key": key, "mu": mu})).collect::<Vec<_>>(),
        "chart": html::tornado_chart(&t),
    }))
}

/// The tornado's outcome: `q.outcome`, or war when the scenario tracks it,
/// else its first outcome.
fn tornado_outcome(model: &CrisisModel, q: &Question) -> Result<redline_core::Outcome, InputError> {
    match &q.outcome {
        Some(id) => model.outcome_named("outcome", id),
        None => model
            .outcome_named("outcome", "war")
            .or_else(|e| model.outcomes().outcomes().next().cloned().ok_or(e)),
    }
}

/// `GET /download/forecast.json`: the command line's `forecast --format json`.
pub fn forecast_json(ctx: &Context, q: &Question) -> Result<String, InputError> {
    let p = prepare(&ctx.catalog, q)?;
    let computed = ctx.forecast_of(&p, q);
    Ok(redline_report::forecast::to_json(
        p.model.scenario(),
        &meta("forecast", q, &p.model),
        &computed.comparison,
    ))
}

/// `GET /download/forecast.csv`: the command line's `forecast --format csv`
/// after `#` lines of provenance (the run's `meta` as one JSON line, and
/// the command that reproduces it), which `pandas.read_csv(comment="#")`
/// and R's `read.csv(comment.char = "#")` skip.
pub fn forecast_csv(ctx: &Context, q: &Question) -> Result<String, InputError> {
    let p = prepare(&ctx.catalog, q)?;
    let computed = ctx.forecast_of(&p, q);
    let meta = serde_json::to_string(&meta("forecast", q, &p.model)).unwrap_or_default();
    Ok(format!(
        "# meta: {meta}\n# command: {}\n{}",
        command_line(&ctx.catalog, "forecast", q),
        redline_report::forecast::to_csv(&computed.comparison)
    ))
}

/// `GET /download/report.html`: the command line's `redline report` (its
/// tornado of war, or of `q.outcome`, with `q.samples` trajectories).
pub fn report_html(ctx: &Context, q: &Question) -> Result<String, InputError> {
    let p = prepare(&ctx.catalog, q)?;
    let computed = ctx.forecast_of(&p, q);
    // As `redline report`: the tornado of war unless another outcome is named.
    let outcome = match &q.outcome {
        Some(id) => Some(p.model.outcome_named("outcome", id)?),
        None => p.model.outcome_named("outcome", "war").ok(),
    };
    let tornado = outcome
        .and_then(|o| Tornado::of(&p.model, o, q.samples, q.sensitivity_runs, q.seed, &|_| {}));
    Ok(html::report(
        p.model.scenario(),
        &meta("report", q, &p.model),
        &computed.comparison,
        tornado.as_ref(),
        computed.storylines(&p, q),
        &Names::of(&p.model),
    ))
}
