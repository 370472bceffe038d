//! The ensemble: many runs in parallel, aggregated as they finish.
//!
//! Runs are split into fixed chunks; each chunk plays its runs (each from
//! its own `(seed, run)` streams) and counts, per outcome, the week it first
//! happened. Chunks are summed with integer addition, so the result is the
//! same whatever the number of threads or the order chunks finish in, and
//! memory is one histogram per chunk in flight, whatever `--runs` is.

use crate::assume::Assumptions;
use crate::model::CrisisModel;
use crate::roles::Slot;
use crate::state::Silent;
use crate::strategy::Strategy;
use rayon::prelude::*;
use redline_core::{Date, Outcome};

/// Runs per chunk: large enough to amortise scheduling, small enough to
/// balance two cores and keep the progress bar moving.
const CHUNK: u64 = 512;

/// Per-outcome counts of the week each outcome first happened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutcomeCounts {
    steps: usize,
    /// `first_week[outcome * steps + week]`: runs where the outcome first happened that week.
    first_week: Vec<u64>,
    /// Runs with any talks (secret or public).
    any_talks: u64,
    runs: u64,
}

impl OutcomeCounts {
    fn new(steps: usize) -> OutcomeCounts {
        OutcomeCounts {
            steps,
            first_week: vec![0; steps * Slot::COUNT],
            any_talks: 0,
            runs: 0,
        }
    }

    fn add_run(&mut self, happened: &Happened) {
        self.runs += 1;
        for (o, week) in happened.iter().enumerate() {
            if let Some(w) = week {
                self.first_week[o * self.steps + usize::from(*w).min(self.steps - 1)] += 1;
            }
        }
        if happened[Slot::TalksSecret.index()].is_some()
            || happened[Slot::TalksPublic.index()].is_some()
        {
            self.any_talks += 1;
        }
    }

    fn merge(mut self, other: OutcomeCounts) -> OutcomeCounts {
        for (a, b) in self.first_week.iter_mut().zip(&other.first_week) {
            *a += b;
        }
        self.any_talks += other.any_talks;
        self.runs += other.runs;
        self
    }

    /// Runs counted.
    pub fn runs(&self) -> u64 {
        self.runs
    }

    /// Runs in which `outcome` happened by the horizon.
    pub fn count(&self, outcome: Slot) -> u64 {
        self.weeks(outcome).iter().sum()
    }

    /// Runs with any talks, secret or public.
    pub fn any_talks(&self) -> u64 {
        self.any_talks
    }

    /// Histogram of the first week `outcome` happened.
    pub fn weeks(&self, outcome: Slot) -> &[u64] {
        let start = outcome.index() * self.steps;
        &self.first_week[start..start + self.steps]
    }
}

/// One outcome's forecast.
#[derive(Clone, Debug, PartialEq)]
pub struct OutcomeForecast {
    /// The outcome.
    pub outcome: Outcome,
    /// Where runs record it.
    pub slot: Slot,
    /// Share of runs where it happened by the horizon.
    pub probability: f64,
    /// Wilson 95 % interval for that share.
    pub ci95: (f64, f64),
    /// Median date of first occurrence among runs where it happened.
    pub median_date: Option<Date>,
    /// Cumulative probability by the end of each week: (week start date, p).
    pub cumulative: Vec<(Date, f64)>,
}

/// A forecast: one ensemble of a model.
#[derive(Clone, Debug)]
pub struct Forecast {
    /// Runs.
    pub runs: u64,
    /// Seed.
    pub seed: u64,
    /// Raw counts.
    pub counts: OutcomeCounts,
    /// Per-outcome summaries, in the model's display order.
    pub outcomes: Vec<OutcomeForecast>,
}

/// The Wilson score interval for `successes` out of `n` at 95 % (z = 1.959964),
/// Wilson (1927), *JASA* 22(158); clamped to [0, 1].
pub fn wilson_interval(successes: u64, n: u64) -> (f64, f64) {
    if n == 0 {
        return (0.0, 1.0);
    }
    let z = 1.959_963_984_540_054_f64;
    let n = n as f64;
    let p = successes as f64 / n;
    let denominator = 1.0 + z * z / n;
    let centre = (p + z * z / (2.0 * n)) / denominator;
    let half = z / denominator * (p * (1.0 - p) / n + z * z / (4.0 * n * n)).sqrt();
    // At 0 or n successes the bound on that side is exactly 0 or 1; the
    // formula reaches it only up to rounding.
    let low = if successes == 0 {
        0.0
    } else {
        (centre - half).max(0.0)
    };
    let high = if successes as f64 >= n {
        1.0
    } else {
        (centre + half).min(1.0)
    };
    (low, high)
}

/// What a run reports: the week each outcome first happened, if it did.
type Happened = [Option<u16>; Slot::COUNT];

/// Indicators compared by [`paired`]: every slot, then "any talks".
const INDICATORS: usize = Slot::COUNT + 1;

fn indicators(happened: &Happened) -> [bool; INDICATORS] {
    let mut x = [false; INDICATORS];
    for (slot, h) in x.iter_mut().zip(happened) {
        *slot = h.is_some();
    }
    x[Slot::COUNT] = happened[Slot::TalksSecret.index()].is_some()
        || happened[Slot::TalksPublic.index()].is_some();
    x
}

/// Integer tallies of the per-run difference B − A of each indicator, which
/// is −1, 0 or +1: the sums are exact, so the estimate does not depend on the
/// order in which chunks finish (floating-point sums would).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct PairedTally {
    /// Runs where the indicator is set under B but not under A.
    up: [u64; INDICATORS],
    /// Runs where it is set under A but not under B.
    down: [u64; INDICATORS],
}

impl PairedTally {
    const ZERO: PairedTally = PairedTally {
        up: [0; INDICATORS],
        down: [0; INDICATORS],
    };

    fn add(&mut self, a: &Happened, b: &Happened) {
        let (xa, xb) = (indicators(a), indicators(b));
        for i in 0..INDICATORS {
            self.up[i] += u64::from(xb[i] && !xa[i]);
            self.down[i] += u64::from(xa[i] && !xb[i]);
        }
    }

    fn merge(mut self, other: &PairedTally) -> PairedTally {
        for i in 0..INDICATORS {
            self.up[i] += other.up[i];
            self.down[i] += other.down[i];
        }
        self
    }

    /// The mean difference of each of `model`'s outcomes (in its display
    /// order), then of "any talks", over `runs` runs, with the 95 % normal
    /// interval of a paired mean: d̄ ± z·s/√n, where s² = (Σd² − n·d̄²)/(n − 1)
    /// and Σd² = up + down.
    fn differences(&self, model: &CrisisModel, runs: u64) -> Vec<PairedDifference> {
        let n = runs.max(2) as f64;
        model
            .outcomes()
            .iter()
            .map(|(_, slot)| slot.index())
            .chain([Slot::COUNT])
            .map(|i| {
                let (up, down) = (self.up[i] as f64, self.down[i] as f64);
                let mean = (up - down) / n;
                let variance = ((up + down - n * mean * mean) / (n - 1.0)).max(0.0);
                let half = 1.959_963_984_540_054 * (variance / n).sqrt();
                PairedDifference {
                    mean,
                    ci95: (mean - half, mean + half),
                }
            })
            .collect()
    }
}

/// One model variant of an ensemble: a model and the assumptions it runs under.
type Variant<'a> = (&'a CrisisModel, &'a Assumptions);

/// The tallies of variants played on the same `(seed, run)` streams: per
/// variant, the first-week histograms; per variant after the first, its
/// paired differences from the first.
struct Tally {
    counts: Vec<OutcomeCounts>,
    paired: Vec<PairedTally>,
}

impl Tally {
    fn new(variants: usize, steps: usize) -> Tally {
        Tally {
            counts: vec![OutcomeCounts::new(steps); variants],
            paired: vec![PairedTally::ZERO; variants.saturating_sub(1)],
        }
    }

    fn merge(mut self, other: Tally) -> Tally {
        self.counts = self
            .counts
            .into_iter()
            .zip(other.counts)
            .map(|(a, b)| a.merge(b))
            .collect();
        for (a, b) in self.paired.iter_mut().zip(&other.paired) {
            *a = a.merge(b);
        }
        self
    }
}

/// Plays runs `0..runs` of every variant on `threads` threads, in fixed
/// chunks whose tallies are summed with integer addition, so the result is
/// the same on any number of threads. `progress` is called with the number of
/// runs (over all variants) just finished.
fn play(
    variants: &[Variant<'_>],
    runs: u64,
    seed: u64,
    threads: usize,
    progress: &(dyn Fn(u64) + Sync),
) -> Tally {
    let steps = variants.first().map_or(1, |(m, _)| m.steps().max(1));
    let chunks = runs.div_ceil(CHUNK);
    let play_chunks = || {
        (0..chunks)
            .into_par_iter()
            .map(|chunk| {
                let mut tally = Tally::new(variants.len(), steps);
                let mut buffer = Vec::new();
                let end = ((chunk + 1) * CHUNK).min(runs);
                for run in chunk * CHUNK..end {
                    let mut first: Happened = [None; Slot::COUNT];
                    for (v, (model, assumptions)) in variants.iter().enumerate() {
                        let state = model.run(seed, run, assumptions, &mut buffer, &mut Silent);
                        tally.counts[v].add_run(&state.happened);
                        if v == 0 {
                            first = state.happened;
                        } else {
                            tally.paired[v - 1].add(&first, &state.happened);
                        }
                    }
                }
                progress((end - chunk * CHUNK) * variants.len() as u64);
                tally
            })
            .reduce(|| Tally::new(variants.len(), steps), Tally::merge)
    };
    // The command line starts rayon's pool with the threads asked for
    // (`start_threads`), and reports when it cannot; play on that pool rather
    // than start a second one, which could fail where the first did not.
    if rayon::current_num_threads() == threads.max(1) {
        return play_chunks();
    }
    match rayon::ThreadPoolBuilder::new()
        .num_threads(threads.max(1))
        .build()
    {
        Ok(pool) => pool.install(play_chunks),
        Err(_) => play_chunks(),
    }
}

/// Starts rayon's global pool with `threads` threads (`None`: rayon's
/// default, one per core or `RAYON_NUM_THREADS`), which [`forecast`] and
/// [`compare`] then play on when asked for as many. A system that cannot
/// start them gives the error's text here, where a caller can report it;
/// left to start by itself, the pool panics in the first parallel loop.
pub fn start_threads(threads: Option<usize>) -> Result<(), String> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads.unwrap_or(0))
        .build_global()
        .map_err(|e| e.to_string())
}

/// Plays `runs` runs of `model` under `assumptions` on `threads` threads and
/// aggregates them. `progress` is called with the number of runs just finished.
pub fn forecast(
    model: &CrisisModel,
    assumptions: &Assumptions,
    runs: u64,
    seed: u64,
    threads: usize,
    progress: &(dyn Fn(u64) + Sync),
) -> Forecast {
    let mut tally = play(&[(model, assumptions)], runs, seed, threads, progress);
    summarise(model, assumptions, tally.counts.remove(0), runs, seed)
}

fn summarise(
    model: &CrisisModel,
    assumptions: &Assumptions,
    counts: OutcomeCounts,
    runs: u64,
    seed: u64,
) -> Forecast {
    let scenario = model.scenario();
    let outcomes = model
        .outcomes()
        .iter()
        .map(|(outcome, slot)| {
            let weeks = counts.weeks(slot);
            let total: u64 = weeks.iter().sum();
            let mut cumulative = Vec::with_capacity(weeks.len());
            let mut running = 0;
            let mut median_week = None;
            for (w, &n) in weeks.iter().enumerate() {
                running += n;
                if median_week.is_none() && total > 0 && 2 * running >= total {
                    median_week = Some(w);
                }
                cumulative.push((
                    scenario.step_date(w + 1),
                    running as f64 / runs.max(1) as f64,
                ));
            }
            // A week that holds an assumed date starts before it; the outcome
            // cannot have happened before the date it was assumed on.
            let median_date = median_week.map(|w| {
                let start = scenario.step_date(w);
                assumptions.date(slot).map_or(start, |d| d.max(start))
            });
            OutcomeForecast {
                outcome: outcome.clone(),
                slot,
                probability: total as f64 / runs.max(1) as f64,
                ci95: wilson_interval(total, runs),
                median_date,
                cumulative,
            }
        })
        .collect();
    Forecast {
        runs,
        seed,
        counts,
        outcomes,
    }
}

/// A paired comparison of two variants on common random numbers: per run,
/// the difference of an indicator between variant B and variant A.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PairedDifference {
    /// Mean of B − A.
    pub mean: f64,
    /// 95 % normal interval of the mean difference.
    pub ci95: (f64, f64),
}

impl PairedDifference {
    /// True when the interval excludes zero.
    pub fn significant(&self) -> bool {
        self.ci95.0 > 0.0 || self.ci95.1 < 0.0
    }
}

/// Paired differences B − A of each of A's outcomes in its display order
/// (and of "any talks", last), run by run on the same `(seed, run)` streams.
pub fn paired(a: Variant<'_>, b: Variant<'_>, runs: u64, seed: u64) -> Vec<PairedDifference> {
    let tally = play(&[a, b], runs, seed, rayon::current_num_threads(), &|_| {});
    tally.paired[0].differences(a.0, runs)
}

/// One counterpart strategy's forecast within a [`Comparison`].
#[derive(Clone, Debug)]
pub struct StrategyForecast {
    /// The counterpart's strategy.
    pub strategy: Strategy,
    /// Its ensemble.
    pub forecast: Forecast,
    /// Paired differences from the scenario's own strategy, per outcome in
    /// the model's display order, then "any talks"; `None` for the own strategy.
    pub difference: Option<Vec<PairedDifference>>,
}

/// The scenario's own counterpart strategy and other strategies, each played
/// on the same `(seed, run)` streams (common random numbers), so that a
/// difference between two strategies is not noise between two samples.
#[derive(Clone, Debug)]
pub struct Comparison {
    /// The scenario's own strategy.
    pub own: StrategyForecast,
    /// The other strategies, in the order first named, each once.
    pub compared: Vec<StrategyForecast>,
}

impl Comparison {
    /// The own strategy, then the compared ones.
    pub fn all(&self) -> impl Iterator<Item = &StrategyForecast> {
        std::iter::once(&self.own).chain(&self.compared)
    }
}

/// Plays the scenario under its own counterpart strategy and under each of
/// `strategies` (a strategy named twice, or the own one, is played once), on
/// common random numbers, and measures each strategy's paired difference from
/// the own one. `progress` is called with runs finished over all strategies,
/// `runs × (1 + distinct strategies)` in all.
pub fn compare(
    model: &CrisisModel,
    assumptions: &Assumptions,
    strategies: &[Strategy],
    runs: u64,
    seed: u64,
    threads: usize,
    progress: &(dyn Fn(u64) + Sync),
) -> Comparison {
    let own = model.settings().strategy;
    let others = distinct_others(own, strategies);
    let models: Vec<CrisisModel> = others.iter().map(|&s| model.with_strategy(s)).collect();
    let variants: Vec<Variant<'_>> = std::iter::once((model, assumptions))
        .chain(models.iter().map(|m| (m, assumptions)))
        .collect();
    let tally = play(&variants, runs, seed, threads, progress);
    let mut forecasts = tally
        .counts
        .into_iter()
        .zip(&variants)
        .map(|(counts, (m, a))| summarise(m, a, counts, runs, seed));
    let own_forecast = forecasts.next().expect("the own strategy is played");
    Comparison {
        own: StrategyForecast {
            strategy: own,
            forecast: own_forecast,
            difference: None,
        },
        compared: others
            .into_iter()
            .zip(forecasts)
            .zip(&tally.paired)
            .map(|((strategy, forecast), paired)| StrategyForecast {
                strategy,
                forecast,
                difference: Some(paired.differences(model, runs)),
            })
            .collect(),
    }
}

/// The strategies other than `own`, each once, in the order first named.
pub fn distinct_others(own: Strategy, strategies: &[Strategy]) -> Vec<Strategy> {
    let mut others: Vec<Strategy> = Vec::new();
    for &s in strategies {
        if s != own && !others.contains(&s) {
            others.push(s);
        }
    }
    others
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wilson_matches_published_values() {
        // Newcombe (1998), Statistics in Medicine 17, Table I: 81/263 → 0.2553 to 0.3662;
        // 15/148 → 0.0624 to 0.1605; 0/20 → 0 to 0.1611.
        let cases = [
            (81, 263, 0.2553, 0.3662),
            (15, 148, 0.0624, 0.1605),
            (0, 20, 0.0, 0.1611),
        ];
        for (x, n, lo, hi) in cases {
            let (a, b) = wilson_interval(x, n);
            assert!(
                (a - lo).abs() < 5e-4 && (b - hi).abs() < 5e-4,
                "{x}/{n}: {a} {b}"
            );
        }
    }
}
