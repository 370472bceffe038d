//! The ensemble: many runs in parallel, aggregated as they finish.
//!
//! Runs are split into fixed chunks; each chunk plays its runs (each from
//! its own `(seed, run)` streams) and counts, per outcome, the week it first
//! happened. Chunks are summed with integer addition, so the result is the
//! same whatever the number of threads or the order chunks finish in, and
//! memory is one histogram per chunk in flight, whatever `--runs` is.

use crate::assume::Assumptions;
use crate::model::CrisisModel;
use crate::state::Silent;
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
            first_week: vec![0; steps * Outcome::COUNT],
            any_talks: 0,
            runs: 0,
        }
    }

    fn add_run(&mut self, happened: &[Option<u16>; Outcome::COUNT]) {
        self.runs += 1;
        for (o, week) in happened.iter().enumerate() {
            if let Some(w) = week {
                self.first_week[o * self.steps + usize::from(*w).min(self.steps - 1)] += 1;
            }
        }
        if happened[Outcome::TalksSecret.index()].is_some()
            || happened[Outcome::TalksPublic.index()].is_some()
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
    pub fn count(&self, outcome: Outcome) -> u64 {
        self.weeks(outcome).iter().sum()
    }

    /// Runs with any talks, secret or public.
    pub fn any_talks(&self) -> u64 {
        self.any_talks
    }

    /// Histogram of the first week `outcome` happened.
    pub fn weeks(&self, outcome: Outcome) -> &[u64] {
        let start = outcome.index() * self.steps;
        &self.first_week[start..start + self.steps]
    }
}

/// One outcome's forecast.
#[derive(Clone, Debug, PartialEq)]
pub struct OutcomeForecast {
    /// The outcome.
    pub outcome: Outcome,
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
    /// Per-outcome summaries, in [`Outcome::ALL`] order.
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
    ((centre - half).max(0.0), (centre + half).min(1.0))
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
    let steps = model.steps().max(1);
    let chunks = runs.div_ceil(CHUNK);
    let play = || {
        (0..chunks)
            .into_par_iter()
            .map(|chunk| {
                let mut counts = OutcomeCounts::new(steps);
                let mut buffer = Vec::new();
                let end = ((chunk + 1) * CHUNK).min(runs);
                for run in chunk * CHUNK..end {
                    let state = model.run(seed, run, assumptions, &mut buffer, &mut Silent);
                    counts.add_run(&state.happened);
                }
                progress(end - chunk * CHUNK);
                counts
            })
            .reduce(|| OutcomeCounts::new(steps), OutcomeCounts::merge)
    };
    let counts = match rayon::ThreadPoolBuilder::new()
        .num_threads(threads.max(1))
        .build()
    {
        Ok(pool) => pool.install(play),
        Err(_) => play(),
    };
    summarise(model, counts, runs, seed)
}

fn summarise(model: &CrisisModel, counts: OutcomeCounts, runs: u64, seed: u64) -> Forecast {
    let scenario = model.scenario();
    let outcomes = Outcome::ALL
        .into_iter()
        .map(|outcome| {
            let weeks = counts.weeks(outcome);
            let total: u64 = weeks.iter().sum();
            let mut cumulative = Vec::with_capacity(weeks.len());
            let mut running = 0;
            let mut median_date = None;
            for (w, &n) in weeks.iter().enumerate() {
                running += n;
                if median_date.is_none() && total > 0 && 2 * running >= total {
                    median_date = Some(scenario.step_date(w));
                }
                cumulative.push((
                    scenario.step_date(w + 1),
                    running as f64 / runs.max(1) as f64,
                ));
            }
            OutcomeForecast {
                outcome,
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

/// Paired differences B − A of each outcome (and of "any talks", last),
/// run by run on the same `(seed, run)` streams.
pub fn paired(
    a: (&CrisisModel, &Assumptions),
    b: (&CrisisModel, &Assumptions),
    runs: u64,
    seed: u64,
) -> Vec<PairedDifference> {
    const N: usize = Outcome::COUNT + 1;
    let indicators = |happened: &[Option<u16>; Outcome::COUNT]| {
        let mut x = [0.0; N];
        for (slot, h) in x.iter_mut().zip(happened) {
            *slot = f64::from(u8::from(h.is_some()));
        }
        x[Outcome::COUNT] = f64::from(u8::from(
            happened[Outcome::TalksSecret.index()].is_some()
                || happened[Outcome::TalksPublic.index()].is_some(),
        ));
        x
    };
    let (sum, sum_sq) = (0..runs.div_ceil(CHUNK))
        .into_par_iter()
        .map(|chunk| {
            let mut sums = ([0.0; N], [0.0; N]);
            let mut buffer = Vec::new();
            for run in chunk * CHUNK..((chunk + 1) * CHUNK).min(runs) {
                let xa = indicators(&a.0.run(seed, run, a.1, &mut buffer, &mut Silent).happened);
                let xb = indicators(&b.0.run(seed, run, b.1, &mut buffer, &mut Silent).happened);
                for i in 0..N {
                    let d = xb[i] - xa[i];
                    sums.0[i] += d;
                    sums.1[i] += d * d;
                }
            }
            sums
        })
        .reduce(
            || ([0.0; N], [0.0; N]),
            |mut x, y| {
                for i in 0..N {
                    x.0[i] += y.0[i];
                    x.1[i] += y.1[i];
                }
                x
            },
        );
    let n = runs.max(2) as f64;
    (0..N)
        .map(|i| {
            let mean = sum[i] / n;
            let variance = ((sum_sq[i] - n * mean * mean) / (n - 1.0)).max(0.0);
            let half = 1.959_963_984_540_054 * (variance / n).sqrt();
            PairedDifference {
                mean,
                ci95: (mean - half, mean + half),
            }
        })
        .collect()
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
