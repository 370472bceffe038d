//! The pace of the talks ladder in a scenario: how many weeks talks take to
//! climb a rung, measured on the model's own runs.
//!
//! ```text
//! cargo run -p redline-crisis --example talks_pace -- [SCENARIO] [RUNS] [SEED] [KEY=VALUE…]
//! ```
//!
//! A week counts toward the pace when talks are under way at its start (secret,
//! indirect, direct or framework) and the leader's stance at its end is not
//! rejection (under rejection talks cannot go public, so the ladder is shut,
//! not slow). Weeks per rung = such weeks / rungs climbed in them. It also
//! reports, over the weeks in which a rung could be climbed, the mean weekly
//! hazard of climbing and the mean of each covariate of that hazard: the
//! state the talks sit near (`talks.reference.*`).

use redline_crisis::CrisisModel;
use redline_crisis::assume::Assumptions;
use redline_crisis::params::Stance;
use redline_crisis::state::{Context, Event, Observer, RunState, Talks};

#[derive(Default)]
struct Pace {
    start_rung: Option<Talks>,
    advanced: bool,
    weeks: u64,
    climbs: u64,
    collapses: u64,
    negotiating_weeks: u64,
    /// Over weeks in which a rung could be climbed: count, then sums of the
    /// hazard and of the covariates H, L, D, C, interim zone, interim gap, G, K.
    open_weeks: [u64; 2],
    sums: [[f64; 9]; 2],
}

impl Observer for Pace {
    fn event(&mut self, _week: usize, event: Event) {
        match event {
            Event::TalksAdvanced(t) if t != Talks::Secret => self.advanced = true,
            Event::TalksCollapsed { .. } => self.collapses += 1,
            _ => {}
        }
    }
    fn end_of_week(&mut self, s: &RunState, c: &Context) {
        if let Some(h) = c.advance_hazard {
            // Group 0: every such week; group 1: those before a reimposition
            // of sanctions (full relief leverage).
            let groups = if s.relief_leverage >= 0.999 { 2 } else { 1 };
            let x = [
                h,
                0.5 * (s.target_hostility() + s.coercer_hostility()),
                s.relief_leverage,
                c.deadline,
                c.cooperation,
                f64::from(u8::from(c.interim_zone)),
                c.interim_gap,
                c.gap,
                s.negotiator_capital,
            ];
            for g in 0..groups {
                self.open_weeks[g] += 1;
                for (sum, v) in self.sums[g].iter_mut().zip(x) {
                    *sum += v;
                }
            }
        }
        let start = self.start_rung.unwrap_or(Talks::None);
        if start.negotiating() {
            self.negotiating_weeks += 1;
            if s.stance != Stance::Reject {
                self.weeks += 1;
                if self.advanced {
                    self.climbs += 1;
                }
            }
        }
        self.advanced = false;
        self.start_rung = Some(s.talks);
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let id = args.first().map_or("iran-2025-02-07", String::as_str);
    let runs: u64 = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(20_000);
    let seed: u64 = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(42);
    let sets: Vec<String> = args.iter().skip(3).cloned().collect();
    let scenario = redline_scenarios::load_shipped(id, &sets).expect("scenario loads");
    let model = CrisisModel::new(scenario).expect("scenario validates");
    let mut pace = Pace::default();
    let mut buffer = Vec::new();
    for run in 0..runs {
        pace.start_rung = None;
        model.run(seed, run, &Assumptions::none(), &mut buffer, &mut pace);
    }
    println!("{id}: {runs} runs, seed {seed}");
    println!(
        "weeks with talks under way and the stance not rejection: {}; rungs climbed in them: {}",
        pace.weeks, pace.climbs
    );
    println!(
        "mean weeks per rung: {:.2}",
        pace.weeks as f64 / pace.climbs.max(1) as f64
    );
    for (g, what) in [
        "every week",
        "weeks before any reimposition (full leverage)",
    ]
    .iter()
    .enumerate()
    {
        let n = pace.open_weeks[g].max(1) as f64;
        let m: Vec<f64> = pace.sums[g].iter().map(|v| v / n).collect();
        println!(
            "{what} in which a rung could be climbed: {}; mean hazard {:.4} (1/hazard = {:.2} weeks)",
            pace.open_weeks[g],
            m[0],
            1.0 / m[0]
        );
        println!(
            "  mean covariates there: hostility {:.3}, leverage {:.3}, deadline {:.3}, cooperation {:.3}, interim zone {:.3}, interim gap {:.3}, comprehensive gap {:.3}, capital {:.3}",
            m[1], m[2], m[3], m[4], m[5], m[6], m[7], m[8]
        );
    }
    println!(
        "collapses: {} over {} weeks of talks under way: {:.1} weeks to collapse",
        pace.collapses,
        pace.negotiating_weeks,
        pace.negotiating_weeks as f64 / pace.collapses.max(1) as f64
    );
}
