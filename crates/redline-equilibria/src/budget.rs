//! Bounds on what reading and solving a game may cost: [`MAX_CELLS`] for
//! memory, checked before anything is allocated, and a [`Budget`] of work
//! for time, counted by the solvers as they go.
//!
//! The work is counted, not timed, so that a budget stops a solver at the
//! same point on every machine and in every run: a game that solves within
//! the default budget here solves within it everywhere. One unit is about
//! one multiply-add on a machine word: a pivot of an `r`×`c` integer
//! tableau whose entries take `w` words costs `r·c·w²`, a pass of the logit
//! homotopy over `k` payoff cells costs `k`, and so on (each solver says
//! what it counts). On this project's reference machine (2 cores) a
//! million units take about 3 ms, with fixed-width or big integers alike
//! (docs/PERFORMANCE.md, "Solver limits"), so the default of
//! [`DEFAULT_WORK`] is about a minute.
//!
//! A budget can also be stopped from outside — Ctrl-C, a `--timeout` — by
//! an [`AtomicBool`] that every check reads; solvers check at least once per
//! pivot or step, so they stop within milliseconds.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// The most cells (payoffs, matrix or tableau entries, node-by-player
/// values) a game or a solver's table may hold: ten million, about a
/// gigabyte of exact rationals. Sizes are multiplied with checked
/// arithmetic and compared with this before anything is allocated.
pub const MAX_CELLS: usize = 10_000_000;

/// The product of `factors`, when it is at most [`MAX_CELLS`].
pub fn cells(factors: &[usize]) -> Option<usize> {
    factors
        .iter()
        .try_fold(1usize, |acc, &f| acc.checked_mul(f))
        .filter(|&c| c <= MAX_CELLS)
}

/// The work budget `redline solve` applies without `--max-work`: 20
/// billion units, about a minute on the reference machine (see the module
/// docs). A random 16×16 game's `enummixed` needs a fifth of it; the
/// example and test games far less.
pub const DEFAULT_WORK: u64 = 20_000_000_000;

/// Why a solver stopped before its end.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Stop {
    /// The work budget (its limit, in units) was spent.
    Budget(u64),
    /// The stop flag was raised (Ctrl-C or a timeout).
    Interrupted,
}

impl std::fmt::Display for Stop {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Stop::Budget(limit) => write!(
                f,
                "the solver used its work budget of {limit} units before finishing"
            ),
            Stop::Interrupted => f.write_str("the solver was stopped before finishing"),
        }
    }
}

/// Called with the units spent since the last call (a progress bar).
pub type ProgressFn = Arc<dyn Fn(u64) + Send + Sync>;

/// A work budget shared by the threads of one solve.
pub struct Budget {
    limit: u64,
    used: AtomicU64,
    /// Units spent but not yet reported to `progress`.
    unreported: AtomicU64,
    stop: Option<Arc<AtomicBool>>,
    progress: Option<ProgressFn>,
}

impl std::fmt::Debug for Budget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Budget")
            .field("limit", &self.limit)
            .field("used", &self.used())
            .finish()
    }
}

/// Progress is reported in steps of this many units, so that a bar costs
/// nothing next to the work it shows.
const REPORT_EVERY: u64 = 1 << 20;

impl Budget {
    /// A budget of `limit` units.
    pub fn new(limit: u64) -> Budget {
        Budget {
            limit,
            used: AtomicU64::new(0),
            unreported: AtomicU64::new(0),
            stop: None,
            progress: None,
        }
    }

    /// No limit (library callers that bound their games themselves).
    pub fn unlimited() -> Budget {
        Budget::new(u64::MAX)
    }

    /// Also stop as soon as `flag` is raised.
    pub fn with_stop(mut self, flag: Option<Arc<AtomicBool>>) -> Budget {
        self.stop = flag;
        self
    }

    /// Report spent units to `progress`.
    pub fn with_progress(mut self, progress: Option<ProgressFn>) -> Budget {
        self.progress = progress;
        self
    }

    /// The limit, in units.
    pub fn limit(&self) -> u64 {
        self.limit
    }

    /// Units spent so far.
    pub fn used(&self) -> u64 {
        self.used.load(Ordering::Relaxed)
    }

    /// Spends `units`; an error once the budget is exceeded or the stop
    /// flag is raised.
    pub fn spend(&self, units: u64) -> Result<(), Stop> {
        let before = self.used.fetch_add(units, Ordering::Relaxed);
        if let Some(progress) = &self.progress {
            let pending = self.unreported.fetch_add(units, Ordering::Relaxed) + units;
            if pending >= REPORT_EVERY {
                let taken = self.unreported.swap(0, Ordering::Relaxed);
                progress(taken);
            }
        }
        if before.saturating_add(units) > self.limit {
            return Err(Stop::Budget(self.limit));
        }
        self.check()
    }

    /// An error if the stop flag is raised.
    pub fn check(&self) -> Result<(), Stop> {
        match &self.stop {
            Some(flag) if flag.load(Ordering::Relaxed) => Err(Stop::Interrupted),
            _ => Ok(()),
        }
    }
}

/// `a · b`, saturating: work estimates of huge games must not wrap.
pub(crate) fn times(a: usize, b: usize) -> u64 {
    (a as u64).saturating_mul(b as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_refuse_overflowing_and_large_products() {
        assert_eq!(cells(&[1000, 1000]), Some(1_000_000));
        assert_eq!(cells(&[MAX_CELLS, 2]), None);
        assert_eq!(cells(&[usize::MAX, usize::MAX]), None);
        assert_eq!(cells(&[]), Some(1));
    }

    #[test]
    fn a_budget_stops_past_its_limit_and_on_the_flag() {
        let budget = Budget::new(10);
        assert_eq!(budget.spend(10), Ok(()));
        assert_eq!(budget.spend(1), Err(Stop::Budget(10)));
        let flag = Arc::new(AtomicBool::new(false));
        let budget = Budget::unlimited().with_stop(Some(flag.clone()));
        assert_eq!(budget.spend(u64::MAX), Ok(()));
        flag.store(true, Ordering::Relaxed);
        assert_eq!(budget.spend(0), Err(Stop::Interrupted));
    }

    #[test]
    fn progress_sees_every_unit_in_steps() {
        let seen = Arc::new(AtomicU64::new(0));
        let counter = seen.clone();
        let budget = Budget::unlimited().with_progress(Some(Arc::new(move |n| {
            counter.fetch_add(n, Ordering::Relaxed);
        })));
        for _ in 0..3 {
            budget.spend(REPORT_EVERY / 2).unwrap();
        }
        assert_eq!(seen.load(Ordering::Relaxed), REPORT_EVERY);
        assert_eq!(budget.used(), 3 * REPORT_EVERY / 2);
    }
}
