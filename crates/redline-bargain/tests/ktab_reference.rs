//! SMP against KTAB's own reference logs (../shared/data/ktab/20170530_ref-*.txt):
//! every state's positions, iteration by iteration, to 1e-4 on the 0–100 scale, the
//! number of states, the risk attitudes inferred at every step (to the log's 3 decimals),
//! and the final probabilities of the positions.
//!
//! The logs and their inputs are not shipped with the project; when
//! ../shared/data/ktab is absent these tests print a message and pass.

use redline_bargain::read::read_ktab_csv;
use redline_bargain::smp::{SmpOptions, run_detailed};
use std::path::PathBuf;

fn data_dir() -> PathBuf {
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/data/ktab"
    ))
}

struct Reference {
    settings: Vec<String>,
    /// Positions of states 1.. (state 0 is the input), `[t][i][d]`.
    states: Vec<Vec<Vec<f64>>>,
    state_count: usize,
    final_probabilities: Vec<f64>,
    /// Inferred risk attitudes per step (printed to 3 decimals).
    risk: Vec<Vec<f64>>,
}

fn parse_log(text: &str) -> Reference {
    let lines: Vec<&str> = text.lines().collect();
    let mut settings = Vec::new();
    let mut states: Vec<Vec<Vec<f64>>> = Vec::new();
    let mut state_count = 0;
    let mut final_probabilities = Vec::new();
    let mut in_probabilities = false;
    let mut risk: Vec<Vec<f64>> = Vec::new();
    let mut in_risk = false;
    let mut k = 0;
    while k < lines.len() {
        let line = lines[k].trim();
        for key in [
            "VictoryProbModel:",
            "VotingRule:",
            "PCEModel:",
            "StateTransitions:",
            "BigRRange:",
            "BigRAdjust:",
            "ThirdPartyCommit:",
            "InterVecBrgn:",
            "BargnModel:",
        ] {
            if line.starts_with(key) {
                settings.push(line.to_string());
            }
        }
        if line.starts_with("Inferred risk attitudes") {
            in_risk = true;
            risk.push(Vec::new());
        } else if in_risk {
            match line.parse::<f64>() {
                Ok(r) => risk.last_mut().unwrap().push(r),
                Err(_) => in_risk = false,
            }
        }
        if line.starts_with("Starting Model::run iteration") {
            states.push(Vec::new());
        } else if line.starts_with("postn ") {
            let values: Vec<f64> = lines[k + 1]
                .split_whitespace()
                .map(|v| v.parse().expect("a number"))
                .collect();
            states.last_mut().expect("inside an iteration").push(values);
            k += 1;
        } else if let Some(rest) = line.strip_prefix("There were ") {
            state_count = rest.split_whitespace().next().unwrap().parse().unwrap();
        } else if line.starts_with("History of actors' winning probabilities") {
            in_probabilities = true;
        } else if in_probabilities && line.contains(", prob :") {
            let last = line.split_whitespace().last().unwrap();
            final_probabilities.push(last.parse().unwrap());
        } else if in_probabilities {
            in_probabilities = false;
        }
        k += 1;
    }
    Reference {
        settings,
        states,
        state_count,
        final_probabilities,
        risk,
    }
}

fn check(input: &str, log: &str) {
    let dir = data_dir();
    let (Ok(csv), Ok(log_text)) = (
        std::fs::read_to_string(dir.join(input)),
        std::fs::read_to_string(dir.join(log)),
    ) else {
        eprintln!(
            "skipping: {} not found (../shared is absent)",
            dir.join(log).display()
        );
        return;
    };
    let reference = parse_log(&log_text);
    // The log's settings are KTAB's CSV defaults, which SmpOptions::default() must be.
    assert_eq!(
        reference.settings,
        vec![
            "VictoryProbModel: Linear",
            "VotingRule: Prop",
            "PCEModel: Conditional",
            "StateTransitions: Deterministic",
            "BigRRange: Mid",
            "BigRAdjust: OneThird",
            "ThirdPartyCommit: SemiCommit",
            "InterVecBrgn: S2P2",
            "BargnModel: InitOnlyInterp",
        ]
    );
    let problem = read_ktab_csv(input, &csv).expect("reference input reads");
    assert_eq!(
        reference.states.len() + 1,
        reference.state_count,
        "{log}: parsed every iteration"
    );
    assert!(reference.state_count > 2);
    for state in &reference.states {
        assert_eq!(state.len(), problem.num_actors());
    }
    assert_eq!(reference.final_probabilities.len(), problem.num_actors());
    eprintln!(
        "{log}: {} states, {} actors",
        reference.state_count,
        problem.num_actors()
    );
    let run = run_detailed(&problem, &SmpOptions::default()).expect("runs");
    for (t, expected) in reference.states.iter().enumerate() {
        let ours = &run.states[t + 1];
        for (i, (e, o)) in expected.iter().zip(ours).enumerate() {
            for (d, (ev, ov)) in e.iter().zip(o).enumerate() {
                assert!(
                    (ev - ov).abs() <= 1e-4,
                    "{log}: state {}, actor {i}, dimension {d}: KTAB {ev}, ours {ov}",
                    t + 1
                );
            }
        }
    }
    assert_eq!(
        run.states.len(),
        reference.state_count,
        "{log}: number of states"
    );
    // Risk attitudes of every step, as logged (3 decimals).
    assert_eq!(reference.risk.len(), reference.state_count);
    assert_eq!(run.risk.len(), reference.state_count);
    for (t, (expected, ours)) in reference.risk.iter().zip(&run.risk).enumerate() {
        assert_eq!(expected.len(), ours.len());
        for (i, (e, o)) in expected.iter().zip(ours).enumerate() {
            assert!(
                (e - o).abs() <= 5e-4 + 1e-12,
                "{log}: step {}, risk of actor {i}: KTAB {e}, ours {o}",
                t + 1
            );
        }
    }
    for (i, (e, o)) in reference
        .final_probabilities
        .iter()
        .zip(&run.final_probabilities)
        .enumerate()
    {
        assert!(
            (e - o).abs() <= 1e-4,
            "{log}: final probability of actor {i}: KTAB {e}, ours {o}"
        );
    }
}

#[test]
fn soe_pol_comp_reference_log() {
    check("SOE-Pol-Comp.csv", "20170530_ref-SOE-Pol-Comp.txt");
}

#[test]
fn dummy_data_3dim_reference_log() {
    check("dummyData_3Dim.csv", "20170530_ref-dummyData_3Dim.txt");
}
