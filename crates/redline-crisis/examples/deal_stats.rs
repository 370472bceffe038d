//! What happens to deals in a scenario's runs: how many are concluded, on
//! what terms, how many become comprehensive, how many break down, and how
//! much talking follows a breakdown.
//!
//! ```text
//! cargo run -p redline-crisis --example deal_stats -- SCENARIO RUNS SEED [KEY=VALUE…]
//! ```

use redline_crisis::CrisisModel;
use redline_crisis::assume::Assumptions;
use redline_crisis::state::{Context, DealTerms, Event, Observer, RunState, Talks};

#[derive(Default)]
struct Deals {
    interim: u64,
    comprehensive: u64,
    upgraded: u64,
    breakdowns: [u64; 2],
    terms: [Vec<DealTerms>; 2],
    in_interim: bool,
    broken: bool,
    talk_weeks_after_breakdown: u64,
    weeks_after_breakdown: u64,
}

impl Observer for Deals {
    fn event(&mut self, _week: usize, event: Event) {
        match event {
            Event::TalksAdvanced(Talks::Interim) => {
                self.interim += 1;
                self.in_interim = true;
            }
            Event::TalksAdvanced(Talks::Comprehensive) => {
                self.comprehensive += 1;
                if self.in_interim {
                    self.upgraded += 1;
                }
                self.in_interim = false;
            }
            Event::DealTerms(t) => {
                let k = usize::from(!self.in_interim);
                self.terms[k].push(t);
            }
            Event::DealBrokeDown { deal, .. } => {
                self.breakdowns[usize::from(deal == Talks::Comprehensive)] += 1;
                self.in_interim = false;
                self.broken = true;
            }
            _ => {}
        }
    }
    fn end_of_week(&mut self, s: &RunState, _c: &Context) {
        if self.broken {
            self.weeks_after_breakdown += 1;
            if s.talks != Talks::None {
                self.talk_weeks_after_breakdown += 1;
            }
        }
    }
}

fn mean(terms: &[DealTerms]) -> String {
    let n = terms.len().max(1) as f64;
    let m = |f: fn(&DealTerms) -> f64| terms.iter().map(f).sum::<f64>() / n;
    format!(
        "enrichment {:.2} %, stockpile {:.0} kg, access {:.2}, relief {:.2}",
        m(|t| t.enrichment_percent),
        m(|t| t.stockpile_kg),
        m(|t| t.access),
        m(|t| t.relief)
    )
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let id = args.first().map_or("iran-2025-02-07", String::as_str);
    let runs: u64 = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(20_000);
    let seed: u64 = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(42);
    let sets: Vec<String> = args.iter().skip(3).cloned().collect();
    let scenario = redline_scenarios::load_shipped(id, &sets).expect("scenario loads");
    let model = CrisisModel::new(scenario).expect("scenario validates");
    let mut deals = Deals::default();
    let mut buffer = Vec::new();
    for run in 0..runs {
        deals.in_interim = false;
        deals.broken = false;
        model.run(seed, run, &Assumptions::none(), &mut buffer, &mut deals);
    }
    println!("{id}: {runs} runs, seed {seed}");
    println!(
        "interim deals {}, comprehensive deals {} ({} of them upgrading an interim deal)",
        deals.interim, deals.comprehensive, deals.upgraded
    );
    println!(
        "breakdowns: {} interim, {} comprehensive",
        deals.breakdowns[0], deals.breakdowns[1]
    );
    println!("mean interim terms: {}", mean(&deals.terms[0]));
    println!("mean comprehensive terms: {}", mean(&deals.terms[1]));
    println!(
        "after a breakdown: talks under way in {} of {} weeks",
        deals.talk_weeks_after_breakdown, deals.weeks_after_breakdown
    );
}
