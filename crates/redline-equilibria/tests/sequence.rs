//! Sequence-form Lemke on classic and random two-player extensive games:
//! every answer is checked independently on the reduced strategic form.

mod common;

use common::random_signalling;
use redline_core::RandomStream;
use redline_equilibria::efg::{ExtensiveGame, parse_efg};
use redline_equilibria::number::{Q, parse_number};
use redline_equilibria::reduced::reduced_strategic_form;
use redline_equilibria::sequence::{lemke_sequence, sequence_form};
use redline_equilibria::solve::{expected_payoffs, is_equilibrium};

fn q(s: &str) -> Q {
    parse_number(s).unwrap()
}

fn fixture(name: &str) -> ExtensiveGame {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    parse_efg(name, &std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Checks a behaviour profile on the reduced strategic form.
fn check_on_reduced_form(game: &ExtensiveGame) -> Vec<Vec<Vec<Q>>> {
    let e = lemke_sequence(game).unwrap().expect("an equilibrium");
    let form = reduced_strategic_form(game).unwrap();
    let mixed = form.mixed(&e.behaviour);
    assert!(
        is_equilibrium(&form.game, &mixed),
        "{}: {:?}",
        game.title,
        e.behaviour
    );
    assert_eq!(expected_payoffs(&form.game, &mixed), e.payoffs);
    e.behaviour
}

#[test]
fn myersons_poker_by_the_sequence_form() {
    let g = fixture("poker.efg");
    let form = sequence_form(&g).unwrap();
    // Fred: ∅ + 2 sets × 2 actions; Alice: ∅ + 1 set × 2 actions.
    assert_eq!(form.sequences, [5, 3]);
    // Red card, raise, Alice meets: chance 1/2 × payoff 2 = 1.
    assert_eq!(form.payoffs[0][1][1], q("1"));
    // The unique equilibrium (Myerson 1991): bluff with black 1/3, meet 2/3.
    let b = check_on_reduced_form(&g);
    assert_eq!(
        b,
        vec![
            vec![vec![q("1"), q("0")], vec![q("1/3"), q("2/3")]],
            vec![vec![q("2/3"), q("1/3")]]
        ]
    );
}

#[test]
fn classics_and_the_deniability_game() {
    for name in [
        "entry.efg",
        "beer_quiche.efg",
        "deniability_b0.efg",
        "deniability_b1-2.efg",
        "deniability_b1.efg",
    ] {
        check_on_reduced_form(&fixture(name));
    }
    assert!(sequence_form(&fixture("horse.efg")).is_err()); // three players
}

#[test]
fn random_signalling_games_always_give_a_verified_equilibrium() {
    for index in 0..100 {
        let mut stream = RandomStream::new(2026, index, "random-signalling-game");
        let types = 2 + stream.below(2) as usize;
        let messages = 2 + stream.below(2) as usize;
        let replies = 2 + stream.below(2) as usize;
        let text = random_signalling(&mut stream, types, messages, replies);
        let g = parse_efg("random.efg", &text).unwrap();
        check_on_reduced_form(&g);
    }
}
