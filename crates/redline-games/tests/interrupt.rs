//! A host's request to stop (`redline_core::interrupt`, the Python package
//! on Ctrl-C) stops a tournament at its next pair, with an error rather than
//! results made of the pairs played so far. In a test binary of its own:
//! the request is the process's.

use redline_games::game::Game;
use redline_games::play::Conditions;
use redline_games::strategy::Rule;
use redline_games::tournament::Tournament;

#[test]
fn a_request_to_stop_ends_a_tournament_with_an_error() {
    let t = Tournament {
        players: Rule::parse_list("Tit For Tat,Random,Grudger,Defector").unwrap(),
        game: Game::prisoners_dilemma(),
        conditions: Conditions {
            noise: 0.05,
            ..Conditions::turns(50)
        },
        repetitions: 3,
        seed: 1,
    };
    let whole = t.play_with_replays(3, Some(1), &|_, _| {}).expect("plays");
    // Asked to stop after the third unit: no results, an error.
    let stopped = t.play_with_replays(3, Some(1), &|done, _| {
        if done == 3 {
            redline_core::interrupt::request();
        }
    });
    redline_core::interrupt::clear();
    let error = stopped.expect_err("stopped");
    assert_eq!(error.message, "interrupted");
    // The same in a tournament played on its own (evolve, sweeps).
    let played = t.play(&|done, _| {
        if done == 2 {
            redline_core::interrupt::request();
        }
    });
    redline_core::interrupt::clear();
    assert_eq!(played.expect_err("stopped").message, "interrupted");
    // Cleared, the same tournament plays whole again, to the same results.
    assert_eq!(
        t.play_with_replays(3, Some(1), &|_, _| {}).expect("plays"),
        whole
    );
}
