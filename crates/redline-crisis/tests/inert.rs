//! The inert screen: every numeric parameter of the shipped scenarios moves
//! some outcome in some scenario, or the scenario marks it `inert = "why"`.
//!
//! For each shipped scenario, a Morris design (Morris 1991; the
//! `redline_crisis::sensitivity` design and estimator) of [`TRAJECTORIES`]
//! trajectories over **every** numeric parameter the model reads:
//!
//! - an uncertain parameter ranges over its own distribution (inverse CDF, as
//!   `redline sensitivity` does);
//! - a fixed one (a fact, or a judgment held fixed) ranges uniformly over
//!   ±20 % of its value, or ±5 % of its range's width when the value is 0,
//!   cut to its range: the same relative nudge for every fact, small enough
//!   to stay plausible, large enough to show whether the model reads it.
//!
//! A counterpart strategy's own parameters (`strategies.grit.*`, …) are read
//! only while the counterpart plays it, which `forecast --compare` does for
//! every scenario: they are screened, in each scenario, under their strategy.
//!
//! Each point plays [`RUNS`] runs on common random numbers (the same streams
//! at every point), so a parameter the model does not use gives elementary
//! effects of exactly 0, and any effect is the parameter's, not luck's. A
//! parameter **has an effect** when, in some scenario, some outcome's μ* (the
//! mean absolute elementary effect on P(outcome), per unit of the
//! parameter's normalised range) is at least [`threshold`]: 0.0005 at 250
//! runs, at least two of the 4,000 paired runs of its steps changed their
//! outcome, more than a single run can do. The test asserts that
//!
//! 1. every parameter without an effect in any scenario is marked inert in
//!    every scenario that has it;
//! 2. every parameter a scenario marks inert has no effect in that scenario;
//! 3. at most a tenth of a scenario's numeric parameters are marked inert.
//!
//! A parameter the full design finds without effect gets a second, focused
//! screen in every scenario: it and the other candidates are the only
//! factors, and every other parameter is drawn per run as in a forecast
//! (the full design holds them at its points, which can miss an effect that
//! needs a rarer combination), with [`FOCUSED_RUNS`] runs per point, eight
//! times the full screen's, so that effects of a few runs in 32,000 count.
//! Its μ* (as a multiple of each screen's threshold) is the larger of the
//! two. The fast test screens the flagship's marked parameters the same way.
//!
//! The full screen (7 scenarios, about 1,000 factors, 4 million runs) takes
//! several minutes in a debug build, so it runs with `REDLINE_SLOW_TESTS=1`;
//! the default run checks the bound and screens the flagship's marked
//! parameters and three with known effects.

use redline_core::distribution::Distribution;
use redline_core::scenario::{ParamValue, Parameter};
use redline_crisis::sensitivity::{self, Design, Method};
use redline_crisis::{CrisisModel, Strategy};
use std::collections::BTreeMap;

/// Morris trajectories per scenario.
const TRAJECTORIES: usize = 16;
/// Runs per design point.
const RUNS: u64 = 250;
/// Seed of the designs and the runs.
const SEED: u64 = 7;
/// Runs per design point of the focused screen (few factors, so it can
/// afford eight times the runs of the full one and resolve effects of a
/// few runs in 32,000).
const FOCUSED_RUNS: u64 = 2000;

/// Least μ* (on a probability) that counts as an effect at `runs` runs per
/// point: 2/(r·N), between one run changed in one of a factor's r steps
/// (μ* = 1.5/(r·N), the step being 2/3 of the normalised range) and two;
/// 0.0005 at the full screen's 250 runs. The screens report μ* as a
/// multiple of it, so an effect is a value of at least 1.
fn threshold(runs: u64) -> f64 {
    2.0 / (TRAJECTORIES as f64 * runs as f64)
}
/// A fixed parameter ranges over ±this share of its value.
const NUDGE: f64 = 0.2;
/// … or, when its value is 0, over ±this share of its range's width.
const NUDGE_ZERO: f64 = 0.05;

fn model(id: &str) -> CrisisModel {
    let scenario = redline_scenarios::load_shipped(id, &[]).expect("shipped scenario loads");
    CrisisModel::new(scenario).expect("shipped scenario validates")
}

/// The range a parameter takes in the screen.
fn screened(parameter: &Parameter, drawn: &Distribution) -> Distribution {
    if !drawn.is_fixed() {
        return drawn.clone();
    }
    let v = drawn.central();
    let (lo, hi) = parameter.range.expect("numeric parameters have a range");
    let half = if v == 0.0 {
        NUDGE_ZERO * (hi - lo)
    } else {
        NUDGE * v.abs()
    };
    let (low, high) = ((v - half).max(lo), (v + half).min(hi));
    if low < high {
        Distribution::Uniform { low, high }
    } else {
        Distribution::Fixed(v)
    }
}

/// The key prefix of a strategy's own parameters (`strategies.grit.`).
fn strategy_prefix(strategy: &Strategy) -> String {
    format!("strategies.{}.", strategy.name().replace('-', "_"))
}

/// Whether `key` is read only under `strategy`: its own parameters, and,
/// for the ultimatum, the strikers' coefficients on a lapsed deadline (no
/// other named strategy sets a deadline).
fn belongs_to(key: &str, strategy: &Strategy) -> bool {
    key.starts_with(&strategy_prefix(strategy))
        || (strategy.name() == "ultimatum" && key.ends_with(".lapsed_deadline"))
}

/// Whether `key` belongs to a strategy other than `strategy`.
fn of_another_strategy(key: &str, strategy: &Strategy) -> bool {
    Strategy::named()
        .iter()
        .any(|s| s != strategy && belongs_to(key, s))
}

/// Morris μ* of every outcome of `model` for each of the numeric parameters
/// `wanted` accepts: key → the largest μ* over the outcomes, with that outcome.
fn screen(
    model: &CrisisModel,
    wanted: &dyn Fn(&str) -> bool,
    runs: u64,
) -> BTreeMap<String, (f64, String)> {
    let scenario = model.scenario();
    let sampler = model.sampler();
    let factors: Vec<(usize, Distribution)> = sampler
        .keys()
        .iter()
        .zip(sampler.distributions())
        .enumerate()
        .filter(|(_, (key, _))| wanted(key))
        .map(|(i, (key, drawn))| {
            let parameter = scenario.parameter(key).expect("read from the scenario");
            (i, screened(parameter, drawn))
        })
        .collect();
    let design = Design::new(Method::Morris, factors.len(), TRAJECTORIES, SEED);
    let all: Vec<usize> = (0..design.points.len()).collect();
    let rows = sensitivity::evaluate_factors(model, &factors, &design, &all, runs, SEED, &|_| {});
    let ids: Vec<String> = model.outcomes().ids().map(str::to_string).collect();
    let mut effects: BTreeMap<String, (f64, String)> = BTreeMap::new();
    for (o, outcome) in ids.iter().enumerate() {
        let y: Vec<f64> = rows.iter().map(|r| r[o] as f64 / runs as f64).collect();
        let indices = sensitivity::morris(&design, &y, 0, SEED);
        for ((index, _), m) in factors.iter().zip(&indices) {
            let key = &sampler.keys()[*index];
            let entry = effects.entry(key.clone()).or_insert((0.0, String::new()));
            let relative = m.mu_star / threshold(runs);
            if relative > entry.0 || entry.1.is_empty() {
                *entry = (relative.max(entry.0), outcome.clone());
            }
        }
    }
    effects
}

/// The whole screen of scenario `id`: every numeric parameter under the
/// scenario's own strategy, and each other strategy's own parameters under
/// that strategy.
fn screen_scenario(id: &str) -> BTreeMap<String, (f64, String)> {
    let model = model(id);
    let own = model.settings().strategy.clone();
    let mut effects = screen(&model, &|key| !of_another_strategy(key, &own), RUNS);
    for other in Strategy::named().into_iter().filter(|s| *s != own) {
        let played = model.with_strategy(other.clone());
        for (key, (mu_star, outcome)) in screen(&played, &|key| belongs_to(key, &other), RUNS) {
            let outcome = format!("{outcome} under --compare {}", other.name());
            effects.insert(key, (mu_star, outcome));
        }
    }
    effects
}

/// The numeric parameters a scenario marks inert, with why.
fn marked(id: &str) -> BTreeMap<String, String> {
    let model = model(id);
    model
        .scenario()
        .parameters
        .iter()
        .filter(|p| matches!(p.value, ParamValue::Number(_)))
        .filter_map(|p| p.inert.clone().map(|why| (p.key.clone(), why)))
        .collect()
}

fn numeric_count(id: &str) -> usize {
    model(id).sampler().len()
}

#[test]
fn at_most_a_tenth_of_the_parameters_are_marked_inert() {
    for id in redline_scenarios::ids() {
        let marked = marked(id);
        let numeric = numeric_count(id);
        assert!(
            10 * marked.len() <= numeric,
            "{id}: {} of {numeric} numeric parameters marked inert: {:?}",
            marked.len(),
            marked.keys()
        );
        for (key, why) in &marked {
            assert!(
                why.trim().len() > 10,
                "{id}: {key} says too little: {why:?}"
            );
        }
    }
}

#[test]
fn the_flagships_marked_parameters_move_nothing_and_others_do() {
    // Fast: the flagship's marked parameters and three with known effects
    // are the factors; the rest are drawn as usual, on common random numbers.
    let marked = marked(redline_scenarios::FLAGSHIP_ID);
    assert!(
        !marked.is_empty(),
        "the flagship marks its inert parameters"
    );
    let moving = [
        "snapback.trigger_deadline",
        "reciprocity.inertia",
        "retaliation.probability",
    ];
    let model = model(redline_scenarios::FLAGSHIP_ID);
    let effects = screen(
        &model,
        &|key| marked.contains_key(key) || moving.contains(&key),
        FOCUSED_RUNS,
    );
    for key in marked.keys() {
        let (mu_star, outcome) = &effects[key];
        assert!(
            *mu_star < 1.0,
            "{key} is marked inert but moves {outcome} by μ* = {mu_star:.2} × its threshold"
        );
    }
    for key in moving {
        let (mu_star, outcome) = &effects[key];
        assert!(
            *mu_star >= 1.0,
            "{key} should move an outcome: μ* = {mu_star:.2} × its threshold ({outcome})"
        );
    }
}

#[test]
fn every_parameter_moves_some_outcome_in_some_scenario_or_is_marked_inert() {
    if std::env::var_os("REDLINE_SLOW_TESTS").is_none() {
        eprintln!("the full inert screen runs with REDLINE_SLOW_TESTS=1");
        return;
    }
    // key → (largest μ* over scenarios and outcomes, where).
    let mut strongest: BTreeMap<String, (f64, String)> = BTreeMap::new();
    let mut per_scenario = Vec::new();
    for id in redline_scenarios::ids() {
        let effects = screen_scenario(id);
        for (key, (mu_star, outcome)) in &effects {
            let entry = strongest
                .entry(key.clone())
                .or_insert((-1.0, String::new()));
            if *mu_star > entry.0 {
                *entry = (*mu_star, format!("{outcome} in {id}"));
            }
        }
        per_scenario.push((id, effects));
    }
    // A second, focused screen of the parameters the first found without
    // effect: only they are factors, every other parameter is drawn per run
    // as in a forecast, so each candidate's steps are taken in many more
    // contexts than the points of the full design (as the fast test below).
    let candidates: Vec<String> = strongest
        .iter()
        .filter(|(_, (mu_star, _))| *mu_star < 1.0)
        .map(|(key, _)| key.clone())
        .collect();
    for id in redline_scenarios::ids() {
        let focused = screen(
            &model(id),
            &|key| candidates.iter().any(|c| c == key),
            FOCUSED_RUNS,
        );
        for (key, (mu_star, outcome)) in focused {
            let entry = strongest.get_mut(&key).expect("screened above");
            if mu_star > entry.0 {
                *entry = (mu_star, format!("{outcome} in {id}, focused"));
            }
            if let Some((_, effects)) = per_scenario.iter_mut().find(|(s, _)| *s == id) {
                let e = effects.get_mut(&key).expect("screened above");
                if mu_star > e.0 {
                    *e = (mu_star, format!("{outcome}, focused"));
                }
            }
        }
    }
    let without: Vec<&String> = strongest
        .iter()
        .filter(|(_, (mu_star, _))| *mu_star < 1.0)
        .map(|(key, _)| key)
        .collect();
    eprintln!(
        "{} numeric parameters screened; {} without an effect: {without:?}",
        strongest.len(),
        without.len()
    );
    for (key, (mu_star, place)) in &strongest {
        eprintln!("{key}: μ* {mu_star:.2} × its threshold ({place})");
    }
    // Every mismatch, not only the first, so that one run says what to mark
    // and unmark.
    let mut wrong = Vec::new();
    for (id, effects) in &per_scenario {
        let marked = marked(id);
        for key in effects.keys() {
            if without.contains(&key) && !marked.contains_key(key) {
                wrong.push(format!(
                    "{key} moves no outcome in any shipped scenario (largest μ* {:.2} × its \
                     threshold), but {id} does not mark it inert",
                    strongest[key].0
                ));
            }
        }
        for key in marked.keys() {
            let (mu_star, outcome) = &effects[key];
            if *mu_star >= 1.0 {
                wrong.push(format!(
                    "{id} marks {key} inert but it moves {outcome} by μ* = {mu_star:.2} × its \
                     threshold"
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
