//! The ensemble: many runs in parallel, aggregated as they finish.
//!
//! Runs are split into fixed chunks; each chunk plays its runs (each from
//! its own `(seed, run)` streams) and counts, per outcome, the week it first
//! happened. Chunks are summed with integer addition, so the result is the
//! same whatever the number of threads or the order chunks finish in, and
//! memory is one histogram per chunk in flight, whatever `--runs` is.
//!
//! **Parameter draws.** Runs come in groups of m (`runs_per_draw`, the
//! model's [`CrisisModel::runs_per_draw`]): the runs `g·m … g·m + m − 1`
//! share parameter draw g (each uncertain parameter's stream is keyed by
//! (seed, g, key)) and have their own event streams (seed, run, mechanism).
//! A chunk holds whole groups, and per group it adds the square of each
//! outcome's count in the group to an integer sum; from those sums a one-way
//! random-effects analysis of variance ([`Decomposition`]; Searle, Casella &
//! McCulloch 1992, *Variance Components*, §3.5) splits the runs' variance
//! into the spread of P(outcome | θ) between draws and the binomial noise
//! within one. The first gives each outcome's parameter interval
//! ([`ParameterSpread`]: the 5th and 95th percentiles of the beta with the
//! estimated mean and between-draw variance); the second, with Kish's design
//! effect, the Monte Carlo interval of the probability (Wilson's, with the
//! effective number of runs). Every sum is an integer, so both are the same
//! on any number of threads.

use crate::assume::Assumptions;
use crate::model::CrisisModel;
use crate::params::ModelParams;
use crate::roles::Slot;
use crate::state::Silent;
use crate::strategy::Strategy;
use rayon::prelude::*;
use redline_core::{Date, Outcome};

/// Runs per chunk: large enough to amortise scheduling, small enough to
/// balance two cores and keep the progress bar moving. A chunk holds whole
/// groups of runs that share a parameter draw, so it is rounded up to a
/// multiple of the runs per draw.
const CHUNK: u64 = 512;

/// Runs that share one parameter draw unless told otherwise
/// (`--runs-per-draw`): docs/MODEL.md, "Parameter uncertainty", says why.
pub const DEFAULT_RUNS_PER_DRAW: u64 = 10;

/// Level of the parameter interval: the 5th to the 95th percentile of
/// P(outcome | θ).
pub const PARAMETER_LEVEL: f64 = 0.9;

/// How an ensemble's runs are grouped by parameter draw: run r uses draw
/// r / m; every group has m runs except perhaps the last.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Groups {
    /// Runs in the ensemble.
    pub runs: u64,
    /// Runs per parameter draw, m ≥ 1.
    pub per_draw: u64,
}

impl Groups {
    /// Groups of `per_draw` runs (at least 1) over `runs` runs.
    pub fn new(runs: u64, per_draw: u64) -> Groups {
        Groups {
            runs,
            per_draw: per_draw.max(1),
        }
    }

    /// Number of parameter draws, G = ⌈runs / m⌉.
    pub fn count(&self) -> u64 {
        self.runs.div_ceil(self.per_draw)
    }

    /// Runs in the last group (m, or fewer when m does not divide the runs).
    fn last_size(&self) -> u64 {
        match self.count() {
            0 => 0,
            g => self.runs - (g - 1) * self.per_draw,
        }
    }

    /// Whether run `run` is the last of its group.
    fn ends_group(&self, run: u64) -> bool {
        (run + 1).is_multiple_of(self.per_draw) || run + 1 == self.runs
    }

    /// Whether run `run`'s group has all m runs.
    fn is_full(&self, run: u64) -> bool {
        run / self.per_draw < self.runs / self.per_draw
    }

    /// Σ over groups of the squared group size.
    fn sum_sizes_squared(&self) -> f64 {
        let m = self.per_draw as f64;
        let last = self.last_size() as f64;
        (self.count().saturating_sub(1)) as f64 * m * m + last * last
    }
}

/// Integer sums of the squares of one per-run quantity's group sums: over
/// the full groups, and the sum of the one group that is not full (the
/// last, when m does not divide the runs; 0 otherwise). Integer, so the sum
/// of chunks does not depend on their order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct GroupSquares {
    /// Σ S_g² over the full groups (S_g the group's sum).
    pub full: u64,
    /// S of the group that is not full.
    pub partial: i64,
}

impl GroupSquares {
    fn add_group(&mut self, sum: i64, full: bool) {
        if full {
            self.full += sum.unsigned_abs() * sum.unsigned_abs();
        } else {
            self.partial += sum;
        }
    }

    fn merge(&mut self, other: &GroupSquares) {
        self.full += other.full;
        self.partial += other.partial;
    }

    /// Σ S_g² / n_g over every group.
    fn weighted(&self, groups: Groups) -> f64 {
        let last = groups.last_size();
        let partial = if last < groups.per_draw && last > 0 {
            (self.partial as f64).powi(2) / last as f64
        } else {
            0.0
        };
        self.full as f64 / groups.per_draw as f64 + partial
    }

    /// Σ S_g² over every group.
    fn plain(&self) -> f64 {
        self.full as f64 + (self.partial as f64).powi(2)
    }

    /// Σ n_g S_g over every group, given Σ S_g = `sum`.
    fn sized(&self, groups: Groups, sum: i64) -> f64 {
        let last = groups.last_size();
        if last < groups.per_draw {
            groups.per_draw as f64 * (sum - self.partial) as f64 + last as f64 * self.partial as f64
        } else {
            groups.per_draw as f64 * sum as f64
        }
    }
}

/// A one-way random-effects analysis of variance of a per-run quantity y
/// over the groups of runs that share a parameter draw (Searle, Casella &
/// McCulloch 1992, §3.5 balanced, §3.6 unbalanced): with N runs in G groups
/// of n_g runs, S_g a group's sum and S the total,
/// SSB = Σ S_g²/n_g − S²/N, SSW = Σ y² − Σ S_g²/n_g, MSB = SSB/(G − 1),
/// MSW = SSW/(N − G), n₀ = (N − Σ n_g²/N)/(G − 1); the within-draw variance
/// is σ̂_w² = MSW and the between-draw variance, the variance of
/// E[y | θ] over θ, σ̂_b² = max(0, (MSB − MSW)/n₀).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Decomposition {
    /// Mean of y over the runs.
    pub mean: f64,
    /// σ̂_b²: variance of E[y | θ] between parameter draws (truncated at 0).
    pub between: f64,
    /// σ̂_w²: variance of y within one parameter draw.
    pub within: f64,
    /// n₀, the mean group size the ANOVA weighs by (m when every group is full).
    pub group_size: f64,
}

impl Decomposition {
    /// The decomposition of y's sums over `groups`: `sum` = Σ y, `sum_sq` =
    /// Σ y², `squares` the group sums' squares. `None` when there are fewer
    /// than two groups or no group has two runs (m = 1): then the two
    /// variances cannot be told apart.
    pub fn of(groups: Groups, sum: i64, sum_sq: u64, squares: &GroupSquares) -> Option<Self> {
        let g = groups.count();
        if g < 2 || groups.runs <= g {
            return None;
        }
        let n = groups.runs as f64;
        let g_f = g as f64;
        let weighted = squares.weighted(groups);
        let ssb = (weighted - (sum as f64).powi(2) / n).max(0.0);
        let ssw = (sum_sq as f64 - weighted).max(0.0);
        let msb = ssb / (g_f - 1.0);
        let msw = ssw / (n - g_f);
        let group_size = (n - groups.sum_sizes_squared() / n) / (g_f - 1.0);
        Some(Decomposition {
            mean: sum as f64 / n,
            between: ((msb - msw) / group_size).max(0.0),
            within: msw,
            group_size,
        })
    }

    /// The intraclass correlation ρ̂ = σ̂_b² / (σ̂_b² + σ̂_w²) (0 when both are 0).
    pub fn intraclass(&self) -> f64 {
        let total = self.between + self.within;
        if total > 0.0 {
            self.between / total
        } else {
            0.0
        }
    }

    /// Kish's design effect 1 + (n₀ − 1)ρ̂ (Kish 1965, *Survey Sampling*,
    /// §5.4): how many times the variance of the mean of N grouped runs
    /// exceeds that of N independent ones. At least 1.
    pub fn design_effect(&self) -> f64 {
        (1.0 + (self.group_size - 1.0) * self.intraclass()).max(1.0)
    }
}

/// How much an outcome's probability depends on the uncertain parameters:
/// the spread of P(outcome | θ) over the parameters' distributions.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ParameterSpread {
    /// σ̂_b, the standard deviation of P(outcome | θ) between parameter draws.
    pub sd: f64,
    /// The 5th and 95th percentiles of P(outcome | θ) ([`PARAMETER_LEVEL`]).
    pub interval: (f64, f64),
}

impl ParameterSpread {
    /// The spread of a probability with mean `p` and between-draw variance
    /// `between`: the central [`PARAMETER_LEVEL`] interval of the beta
    /// distribution with that mean and variance (a + b = p(1 − p)/v − 1),
    /// which stays in [0, 1] and is skewed near its edges as probabilities
    /// are. Zero width when the variance is 0 or p is 0 or 1; [0, 1] when the
    /// variance reaches p(1 − p) (each draw decides the outcome).
    pub fn of(p: f64, between: f64) -> ParameterSpread {
        let sd = between.max(0.0).sqrt();
        let bernoulli = p * (1.0 - p);
        let interval = if between <= 0.0 || bernoulli <= 0.0 {
            (p, p)
        } else if between >= bernoulli {
            (0.0, 1.0)
        } else {
            let total = bernoulli / between - 1.0;
            let (a, b) = (p * total, (1.0 - p) * total);
            let tail = (1.0 - PARAMETER_LEVEL) / 2.0;
            // A beta with a + b in the billions (a between-draw variance
            // near 0) sits on p, and its quantiles found by bisection can
            // land a rounding error beside it: the interval always holds p.
            (
                redline_core::special::beta_quantile(tail, a, b).min(p),
                redline_core::special::beta_quantile(1.0 - tail, a, b).max(p),
            )
        };
        ParameterSpread { sd, interval }
    }
}

/// Per-outcome counts of the week each outcome first happened, with the
/// sums of squares of the counts per group of runs that share a parameter
/// draw.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutcomeCounts {
    steps: usize,
    /// `first_week[outcome * steps + week]`: runs where the outcome first happened that week.
    first_week: Vec<u64>,
    /// `squares[outcome * steps + week]`: sums of squares of the group counts
    /// of runs where the outcome happened by the end of that week.
    squares: Vec<GroupSquares>,
    /// The open group's first weeks (reset when the group ends).
    group: Vec<u32>,
    /// Runs with any talks (secret or public).
    any_talks: u64,
    runs: u64,
}

impl OutcomeCounts {
    fn new(steps: usize) -> OutcomeCounts {
        OutcomeCounts {
            steps,
            first_week: vec![0; steps * Slot::COUNT],
            squares: vec![GroupSquares::default(); steps * Slot::COUNT],
            group: vec![0; steps * Slot::COUNT],
            any_talks: 0,
            runs: 0,
        }
    }

    fn add_run(&mut self, happened: &Happened) {
        self.runs += 1;
        for (o, week) in happened.iter().enumerate() {
            if let Some(w) = week {
                let i = o * self.steps + usize::from(*w).min(self.steps - 1);
                self.first_week[i] += 1;
                self.group[i] += 1;
            }
        }
        if happened[Slot::TalksSecret.index()].is_some()
            || happened[Slot::TalksPublic.index()].is_some()
        {
            self.any_talks += 1;
        }
    }

    /// Closes the open group: adds the square of each outcome's count by
    /// each week's end.
    fn end_group(&mut self, full: bool) {
        for o in 0..Slot::COUNT {
            let mut running = 0i64;
            for w in 0..self.steps {
                let i = o * self.steps + w;
                running += i64::from(self.group[i]);
                self.group[i] = 0;
                self.squares[i].add_group(running, full);
            }
        }
    }

    fn merge(mut self, other: OutcomeCounts) -> OutcomeCounts {
        for (a, b) in self.first_week.iter_mut().zip(&other.first_week) {
            *a += b;
        }
        for (a, b) in self.squares.iter_mut().zip(&other.squares) {
            a.merge(b);
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

    /// Sums of squares of the group counts of runs where `outcome` happened
    /// by the end of each week.
    pub fn group_squares(&self, outcome: Slot) -> &[GroupSquares] {
        let start = outcome.index() * self.steps;
        &self.squares[start..start + self.steps]
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
    /// Monte Carlo 95 % interval for that share: Wilson's, with the
    /// effective number of runs N / design effect.
    pub ci95: (f64, f64),
    /// How much the probability depends on the uncertain parameters (`None`
    /// with one run per draw or a single draw).
    pub parameter: Option<ParameterSpread>,
    /// Kish's design effect of the grouping by parameter draw (1 when there
    /// is no decomposition).
    pub design_effect: f64,
    /// Median date of first occurrence among runs where it happened.
    pub median_date: Option<Date>,
    /// Cumulative probability by the end of each week: (week start date, p).
    pub cumulative: Vec<(Date, f64)>,
    /// Monte Carlo 95 % interval of each week's cumulative probability.
    pub cumulative_ci95: Vec<(f64, f64)>,
}

/// A forecast: one ensemble of a model.
#[derive(Clone, Debug)]
pub struct Forecast {
    /// Runs.
    pub runs: u64,
    /// Seed.
    pub seed: u64,
    /// Runs that share one parameter draw.
    pub runs_per_draw: u64,
    /// Parameter draws, ⌈runs / runs_per_draw⌉.
    pub draws: u64,
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
    wilson(successes as f64 / n as f64, n as f64)
}

/// The Wilson interval of a share `p` observed over `n` runs, where `n`
/// may be an effective number (runs / design effect; Kish 1965): the
/// interval of clustered binary data with the effective sample size, as
/// Korn & Graubard (1998, *Survey Methodology* 24(2)) do for Clopper–Pearson.
pub fn wilson(p: f64, n: f64) -> (f64, f64) {
    if n <= 0.0 || !p.is_finite() {
        return (0.0, 1.0);
    }
    let z = 1.959_963_984_540_054_f64;
    let denominator = 1.0 + z * z / n;
    let centre = (p + z * z / (2.0 * n)) / denominator;
    let half = z / denominator * (p * (1.0 - p) / n + z * z / (4.0 * n * n)).sqrt();
    // At 0 or n successes the bound on that side is exactly 0 or 1; the
    // formula reaches it only up to rounding.
    let low = if p <= 0.0 {
        0.0
    } else {
        (centre - half).max(0.0)
    };
    let high = if p >= 1.0 {
        1.0
    } else {
        (centre + half).min(1.0)
    };
    (low, high)
}

/// The Monte Carlo interval of a share of `count` runs whose group counts
/// have `squares` (Wilson's with the effective number of runs), without the
/// parameter spread: the cumulative curves' bands need only this, and the
/// beta quantiles of the spread would cost more than the runs of a small
/// forecast.
fn monte_carlo_interval(groups: Groups, count: u64, squares: &GroupSquares) -> (f64, f64) {
    let runs = groups.runs;
    match Decomposition::of(groups, count as i64, count, squares) {
        Some(d) => wilson(
            count as f64 / runs.max(1) as f64,
            runs as f64 / d.design_effect(),
        ),
        None => wilson_interval(count, runs),
    }
}

/// The Monte Carlo interval, parameter spread and design effect of a share
/// of `count` runs whose group counts have `squares`.
fn intervals(
    groups: Groups,
    count: u64,
    squares: &GroupSquares,
) -> ((f64, f64), Option<ParameterSpread>, f64) {
    let runs = groups.runs;
    let p = count as f64 / runs.max(1) as f64;
    // y is 0 or 1, so Σ y² = Σ y.
    match Decomposition::of(groups, count as i64, count, squares) {
        Some(d) => {
            let deff = d.design_effect();
            (
                wilson(p, runs as f64 / deff),
                Some(ParameterSpread::of(p, d.between)),
                deff,
            )
        }
        None => (wilson_interval(count, runs), None, 1.0),
    }
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
    /// Sums of squares of the group sums of the differences.
    squares: [GroupSquares; INDICATORS],
    /// The open group's sums of the differences.
    group: [i64; INDICATORS],
}

impl PairedTally {
    const ZERO: PairedTally = PairedTally {
        up: [0; INDICATORS],
        down: [0; INDICATORS],
        squares: [GroupSquares {
            full: 0,
            partial: 0,
        }; INDICATORS],
        group: [0; INDICATORS],
    };

    fn add(&mut self, a: &Happened, b: &Happened) {
        let (xa, xb) = (indicators(a), indicators(b));
        for i in 0..INDICATORS {
            self.up[i] += u64::from(xb[i] && !xa[i]);
            self.down[i] += u64::from(xa[i] && !xb[i]);
            self.group[i] += i64::from(xb[i]) - i64::from(xa[i]);
        }
    }

    fn end_group(&mut self, full: bool) {
        for i in 0..INDICATORS {
            self.squares[i].add_group(self.group[i], full);
            self.group[i] = 0;
        }
    }

    fn merge(mut self, other: &PairedTally) -> PairedTally {
        for i in 0..INDICATORS {
            self.up[i] += other.up[i];
            self.down[i] += other.down[i];
            self.squares[i].merge(&other.squares[i]);
        }
        self
    }

    /// The mean difference of each of `model`'s outcomes (in its display
    /// order), then of "any talks", over the runs of `groups`, with the 95 %
    /// normal interval of a paired mean, d̄ ± z·√V. Runs that share a
    /// parameter draw are not independent, so V is the variance of a mean of
    /// cluster totals (e.g. Cochran 1977, *Sampling Techniques*, §9A):
    /// V = G/(G − 1) · Σ_g (D_g − n_g d̄)² / N², D_g the group's sum of
    /// differences; with one run per draw it is s²/N, s² = (Σd² − N·d̄²)/(N − 1)
    /// and Σd² = up + down.
    fn differences(&self, model: &CrisisModel, groups: Groups) -> Vec<PairedDifference> {
        let n = groups.runs.max(2) as f64;
        let g = groups.count() as f64;
        model
            .outcomes()
            .iter()
            .map(|(_, slot)| slot.index())
            .chain([Slot::COUNT])
            .map(|i| {
                let (up, down) = (self.up[i] as f64, self.down[i] as f64);
                let sum = self.up[i] as i64 - self.down[i] as i64;
                let mean = (up - down) / n;
                let variance = if g >= 2.0 {
                    let squares = &self.squares[i];
                    let spread = squares.plain() - 2.0 * mean * squares.sized(groups, sum)
                        + mean * mean * groups.sum_sizes_squared();
                    (g / (g - 1.0) * spread / (n * n)).max(0.0)
                } else {
                    ((up + down - n * mean * mean) / (n - 1.0)).max(0.0) / n
                };
                let half = 1.959_963_984_540_054 * variance.sqrt();
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

    fn end_group(&mut self, full: bool) {
        for c in &mut self.counts {
            c.end_group(full);
        }
        for p in &mut self.paired {
            p.end_group(full);
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
/// chunks of whole parameter-draw groups whose tallies are summed with
/// integer addition, so the result is the same on any number of threads.
/// Every variant is the same model but for its strategy, so all group runs
/// alike (the first's runs per draw). `progress` is called with
/// the number of runs (over all variants) just finished.
fn play(
    variants: &[Variant<'_>],
    runs: u64,
    seed: u64,
    threads: usize,
    progress: &(dyn Fn(u64) + Sync),
) -> Tally {
    let plan = Plan::new(variants, runs);
    let play_chunks = || {
        (0..plan.chunks)
            .into_par_iter()
            .map(|chunk| plan.play_chunk(variants, chunk, seed, false, progress).0)
            .reduce(|| Tally::new(variants.len(), plan.steps), Tally::merge)
    };
    on_threads(threads, play_chunks)
}

/// How [`play`] splits runs into chunks.
struct Plan {
    runs: u64,
    steps: usize,
    groups: Groups,
    chunk_runs: u64,
    chunks: u64,
}

impl Plan {
    fn new(variants: &[Variant<'_>], runs: u64) -> Plan {
        let steps = variants.first().map_or(1, |(m, _)| m.steps().max(1));
        let per_draw = variants
            .first()
            .map_or(DEFAULT_RUNS_PER_DRAW, |(m, _)| m.runs_per_draw());
        let groups = Groups::new(runs, per_draw);
        let chunk_runs = groups.per_draw * CHUNK.div_ceil(groups.per_draw);
        Plan {
            runs,
            steps,
            groups,
            chunk_runs,
            chunks: runs.div_ceil(chunk_runs),
        }
    }

    /// Plays one chunk: its tally, and with `record` each run's outcomes in
    /// the first variant (in run order).
    fn play_chunk(
        &self,
        variants: &[Variant<'_>],
        chunk: u64,
        seed: u64,
        record: bool,
        progress: &(dyn Fn(u64) + Sync),
    ) -> (Tally, Vec<RunOutcomes>) {
        let mut tally = Tally::new(variants.len(), self.steps);
        let mut recorded = Vec::new();
        let mut buffer = Vec::new();
        // Each variant's parameters for the draw in play: runs of one
        // draw share them, so they are sampled once per draw, not per
        // run (the sampling of some 130 distributions was a fifth of
        // a run's cost).
        let mut drawn: Vec<Option<(u64, ModelParams)>> = vec![None; variants.len()];
        let start = chunk * self.chunk_runs;
        let end = (start + self.chunk_runs).min(self.runs);
        for run in start..end {
            // A host's request to stop (redline_core::interrupt): the tally is
            // left short and the caller's output functions write nothing.
            if redline_core::interrupt::requested() {
                break;
            }
            let mut first: Happened = [None; Slot::COUNT];
            for (v, (model, assumptions)) in variants.iter().enumerate() {
                let draw = model.draw_of(run);
                if !matches!(drawn[v], Some((d, _)) if d == draw) {
                    drawn[v] = Some((draw, model.params_for_run(seed, run, &mut buffer)));
                }
                let (_, params) = drawn[v].as_ref().expect("filled above");
                let state = model.run_with(params, seed, run, assumptions, &mut Silent);
                tally.counts[v].add_run(&state.happened);
                if v == 0 {
                    first = state.happened;
                } else {
                    tally.paired[v - 1].add(&first, &state.happened);
                }
            }
            if record {
                recorded.push(RunOutcomes {
                    run,
                    happened: first,
                });
            }
            if self.groups.ends_group(run) {
                tally.end_group(self.groups.is_full(run));
            }
        }
        progress((end - start) * variants.len() as u64);
        (tally, recorded)
    }
}

/// Runs `work` on `threads` threads. The command line starts rayon's pool
/// with the threads asked for (`start_threads`), and reports when it cannot;
/// play on that pool rather than start a second one, which could fail where
/// the first did not.
fn on_threads<T: Send>(threads: usize, work: impl FnOnce() -> T + Send) -> T {
    if rayon::current_num_threads() == threads.max(1) {
        return work();
    }
    match rayon::ThreadPoolBuilder::new()
        .num_threads(threads.max(1))
        .build()
    {
        Ok(pool) => pool.install(work),
        Err(_) => work(),
    }
}

/// One run's outcomes: for each outcome slot, the step (0-based week) in
/// which it first happened, if it did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RunOutcomes {
    /// The run's index.
    pub run: u64,
    /// Per [`Slot`] index, the week it first happened in.
    pub happened: [Option<u16>; Slot::COUNT],
}

/// [`forecast`], also handing every run's outcomes to `sink` in run order,
/// a few chunks at a time (as many as the threads play at once, times two),
/// so that memory stays flat in `runs`. The forecast is the one
/// [`forecast`] returns (the tallies are the same integer sums); a `sink`
/// error stops the runs and is returned.
pub fn forecast_recording<E>(
    model: &CrisisModel,
    assumptions: &Assumptions,
    runs: u64,
    seed: u64,
    threads: usize,
    progress: &(dyn Fn(u64) + Sync),
    sink: &mut dyn FnMut(&[RunOutcomes]) -> Result<(), E>,
) -> Result<Forecast, E> {
    let variants = [(model, assumptions)];
    let plan = Plan::new(&variants, runs);
    let wave = 2 * threads.max(1) as u64;
    let mut tally = Tally::new(1, plan.steps);
    let mut first = 0;
    while first < plan.chunks && !redline_core::interrupt::requested() {
        let last = (first + wave).min(plan.chunks);
        let played: Vec<(Tally, Vec<RunOutcomes>)> = on_threads(threads, || {
            (first..last)
                .into_par_iter()
                .map(|chunk| plan.play_chunk(&variants, chunk, seed, true, progress))
                .collect()
        });
        for (t, recorded) in played {
            tally = tally.merge(t);
            sink(&recorded)?;
        }
        first = last;
    }
    Ok(summarise(
        model,
        assumptions,
        tally.counts.remove(0),
        runs,
        seed,
    ))
}

/// The address space a worker thread needs: rayon's default stack (2 MiB)
/// with room to spare for its guard page, its signal stack and its first
/// allocations.
pub const THREAD_ADDRESS_SPACE: usize = 4 << 20;

/// Starts rayon's global pool with `threads` threads (`None`: rayon's
/// default, one per core or `RAYON_NUM_THREADS`), which [`forecast`] and
/// [`compare`] then play on when asked for as many. A system that cannot
/// start them gives the error's text here, where a caller can report it;
/// left to start by itself, the pool panics in the first parallel loop.
///
/// Before starting them it checks that the address space has room for every
/// thread ([`THREAD_ADDRESS_SPACE`] each): a thread whose stack fits but whose
/// signal stack does not aborts the whole process inside the standard
/// library, which cannot report it (seen under `ulimit -v` with 256 threads).
pub fn start_threads(threads: Option<usize>) -> Result<(), String> {
    let n = match threads {
        Some(n) if n > 0 => n,
        _ => std::thread::available_parallelism().map_or(1, usize::from),
    };
    let mut room: Vec<u8> = Vec::new();
    room.try_reserve_exact(n.saturating_mul(THREAD_ADDRESS_SPACE))
        .map_err(|_| {
            format!(
                "the address space has no room for {n} threads' stacks ({} MiB each)",
                THREAD_ADDRESS_SPACE >> 20
            )
        })?;
    drop(room);
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
    let groups = Groups::new(runs, model.runs_per_draw());
    let outcomes = model
        .outcomes()
        .iter()
        .map(|(outcome, slot)| {
            let weeks = counts.weeks(slot);
            let squares = counts.group_squares(slot);
            let total: u64 = weeks.iter().sum();
            let mut cumulative = Vec::with_capacity(weeks.len());
            let mut cumulative_ci95 = Vec::with_capacity(weeks.len());
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
                cumulative_ci95.push(monte_carlo_interval(groups, running, &squares[w]));
            }
            // A week that holds an assumed date starts before it; the outcome
            // cannot have happened before the date it was assumed on.
            let median_date = median_week.map(|w| {
                let start = scenario.step_date(w);
                assumptions.date(slot).map_or(start, |d| d.max(start))
            });
            let last = squares.last().copied().unwrap_or_default();
            let (ci95, parameter, design_effect) = intervals(groups, total, &last);
            OutcomeForecast {
                outcome: outcome.clone(),
                slot,
                probability: total as f64 / runs.max(1) as f64,
                ci95,
                parameter,
                design_effect,
                median_date,
                cumulative,
                cumulative_ci95,
            }
        })
        .collect();
    Forecast {
        runs,
        seed,
        runs_per_draw: groups.per_draw,
        draws: groups.count(),
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
/// (and of "any talks", last), run by run on the same `(seed, run)` streams
/// (and A's runs per draw).
pub fn paired(a: Variant<'_>, b: Variant<'_>, runs: u64, seed: u64) -> Vec<PairedDifference> {
    let tally = play(&[a, b], runs, seed, rayon::current_num_threads(), &|_| {});
    tally.paired[0].differences(a.0, Groups::new(runs, a.0.runs_per_draw()))
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
    let own = model.settings().strategy.clone();
    let others = distinct_others(&own, strategies);
    let models: Vec<CrisisModel> = others
        .iter()
        .map(|s| model.with_strategy(s.clone()))
        .collect();
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
                difference: Some(
                    paired.differences(model, Groups::new(runs, model.runs_per_draw())),
                ),
            })
            .collect(),
    }
}

/// The strategies other than `own`, each once, in the order first named.
pub fn distinct_others(own: &Strategy, strategies: &[Strategy]) -> Vec<Strategy> {
    let mut others: Vec<Strategy> = Vec::new();
    for s in strategies {
        if s != own && !others.contains(s) {
            others.push(s.clone());
        }
    }
    others
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The one-way ANOVA of grouped binary data, by hand: runs' values in
    /// groups of m = 4 (the last group of 2), summed as the ensemble sums.
    #[test]
    fn decomposition_is_the_one_way_anova() {
        let groups_of = [
            vec![1, 1, 1, 0],
            vec![0, 0, 0, 0],
            vec![1, 0, 1, 1],
            vec![1, 1, 1, 1],
            vec![0, 1],
        ];
        let groups = Groups::new(18, 4);
        assert_eq!((groups.count(), groups.last_size()), (5, 2));
        let mut squares = GroupSquares::default();
        let (mut sum, mut run) = (0i64, 0u64);
        for g in &groups_of {
            let s: i64 = g.iter().sum();
            sum += s;
            run += g.len() as u64;
            assert!(groups.ends_group(run - 1));
            squares.add_group(s, groups.is_full(run - 1));
        }
        let d = Decomposition::of(groups, sum, sum as u64, &squares).expect("decomposed");
        // By hand: N = 18, G = 5, S = 11; Σ S_g²/n_g = 9/4 + 0 + 9/4 + 16/4 + 1/2 = 9;
        // SSB = 9 − 121/18 = 2.2778, SSW = 11 − 9 = 2; MSB = SSB/4, MSW = 2/13;
        // n₀ = (18 − (4·16 + 4)/18)/4 = 3.5556.
        let (msb, msw) = ((9.0 - 121.0 / 18.0) / 4.0, 2.0 / 13.0);
        let n0 = (18.0 - 68.0 / 18.0) / 4.0;
        assert!((d.mean - 11.0 / 18.0).abs() < 1e-15);
        assert!((d.within - msw).abs() < 1e-12);
        assert!((d.group_size - n0).abs() < 1e-12);
        assert!((d.between - (msb - msw) / n0).abs() < 1e-12);
        let rho = d.between / (d.between + d.within);
        assert!((d.design_effect() - (1.0 + (n0 - 1.0) * rho)).abs() < 1e-12);
        // One run per draw, or one draw, cannot be decomposed.
        assert!(Decomposition::of(Groups::new(18, 1), sum, sum as u64, &squares).is_none());
        assert!(Decomposition::of(Groups::new(18, 18), sum, sum as u64, &squares).is_none());
    }

    #[test]
    fn parameter_spread_is_the_beta_with_the_two_moments() {
        // p = 0.3 and v = 0.01: a + b = 0.21/0.01 − 1 = 20, so beta(6, 14).
        let spread = ParameterSpread::of(0.3, 0.01);
        let q = |u: f64| redline_core::special::beta_quantile(u, 6.0, 14.0);
        assert!((spread.interval.0 - q(0.05)).abs() < 1e-12);
        assert!((spread.interval.1 - q(0.95)).abs() < 1e-12);
        assert!((spread.sd - 0.1).abs() < 1e-15);
        // beta(6, 14)'s 5th and 95th percentiles (Simpson's rule on its
        // density, then bisection): 0.14747, 0.47580.
        assert!((spread.interval.0 - 0.14747).abs() < 1e-4, "{spread:?}");
        assert!((spread.interval.1 - 0.47580).abs() < 1e-4, "{spread:?}");
        assert_eq!(ParameterSpread::of(0.3, 0.0).interval, (0.3, 0.3));
        assert_eq!(ParameterSpread::of(0.0, 0.0).interval, (0.0, 0.0));
        assert_eq!(ParameterSpread::of(0.5, 0.25).interval, (0.0, 1.0));
    }

    #[test]
    fn wilson_of_a_share_is_wilson_of_counts() {
        for (x, n) in [(0, 20), (81, 263), (15, 148), (20, 20)] {
            let a = wilson_interval(x, n);
            let b = wilson(x as f64 / n as f64, n as f64);
            assert!((a.0 - b.0).abs() < 1e-15 && (a.1 - b.1).abs() < 1e-15);
        }
        // Fewer effective runs, a wider interval.
        let (a, b) = (wilson(0.3, 1000.0), wilson(0.3, 500.0));
        assert!(b.0 < a.0 && b.1 > a.1);
    }

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
