//! Properties every ensemble has, for any seed, number of runs and threads
//! (proptest; a few small ensembles per property, so the default run stays
//! quick).

use proptest::prelude::*;
use redline_crisis::assume::Assumptions;
use redline_crisis::roles::Slot;
use redline_crisis::{CrisisModel, Play, Strategy as Counterpart, ensemble};

fn flagship() -> CrisisModel {
    let scenario = redline_scenarios::load_shipped(redline_scenarios::FLAGSHIP_ID, &[])
        .expect("flagship loads");
    CrisisModel::new(scenario).expect("flagship validates")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn a_forecast_is_consistent_and_thread_independent(
        seed in any::<u64>(),
        runs in 1u64..700,
        threads in 1usize..4,
    ) {
        let model = flagship();
        let f = ensemble::forecast(&model, &Assumptions::none(), runs, seed, threads, &|_| {});
        let one = ensemble::forecast(&model, &Assumptions::none(), runs, seed, 1, &|_| {});
        prop_assert_eq!(&f.counts, &one.counts);
        prop_assert_eq!(f.counts.runs(), runs);
        for o in &f.outcomes {
            let n = f.counts.count(o.slot);
            prop_assert!(n <= runs);
            prop_assert!((o.probability - n as f64 / runs as f64).abs() < 1e-15);
            prop_assert!(o.ci95.0 <= o.probability && o.probability <= o.ci95.1);
            prop_assert!(0.0 <= o.ci95.0 && o.ci95.1 <= 1.0);
            // The cumulative curve rises to the probability and never falls.
            let mut last = 0.0;
            for &(_, p) in &o.cumulative {
                prop_assert!(p >= last);
                last = p;
            }
            prop_assert!((last - o.probability).abs() < 1e-12);
            prop_assert_eq!(o.median_date.is_some(), n > 0);
        }
        // Public talks are talks: never more runs with any talks than runs.
        prop_assert!(f.counts.any_talks() <= runs);
        prop_assert!(f.counts.any_talks() >= f.counts.count(Slot::TalksPublic));
    }

    #[test]
    fn a_comparison_with_itself_differs_by_nothing(
        seed in any::<u64>(),
        runs in 2u64..400,
    ) {
        // Naming the scenario's own strategy compares nothing; naming another
        // gives differences whose mean is the difference of probabilities.
        let model = flagship();
        let none = Assumptions::none();
        let c = ensemble::compare(&model, &none, &[Counterpart::of(Play::MaxPressure)], runs, seed, 2, &|_| {});
        prop_assert!(c.compared.is_empty());
        let c = ensemble::compare(&model, &none, &[Counterpart::of(Play::TitForTat)], runs, seed, 2, &|_| {});
        let d = c.compared[0].difference.as_ref().expect("differences");
        let pairs = c.own.forecast.outcomes.iter().zip(&c.compared[0].forecast.outcomes);
        for (d, (own, other)) in d.iter().zip(pairs) {
            let expected = other.probability - own.probability;
            prop_assert!((d.mean - expected).abs() < 1e-12);
            prop_assert!(d.ci95.0 <= d.mean);
            prop_assert!(d.mean <= d.ci95.1);
        }
    }
}
