//! Sequence-form Lemke on classic and random two-player extensive games:
//! every answer is checked independently on the reduced strategic form.

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

/// A random signalling game: nature picks one of `types`, the sender (who
/// sees it) sends one of `messages`, the receiver (who sees the message only)
/// takes one of `replies`; payoffs are random integers.
fn random_signalling(
    stream: &mut RandomStream,
    types: usize,
    messages: usize,
    replies: usize,
) -> String {
    let mut text = String::from("EFG 2 R \"random signalling\" { \"S\" \"R\" }\n\"\"\n");
    text.push_str("c \"\" 1 \"nature\" {");
    let weights: Vec<u64> = (0..types).map(|_| 1 + stream.below(5)).collect();
    let total: u64 = weights.iter().sum();
    for (t, w) in weights.iter().enumerate() {
        text.push_str(&format!(" \"t{t}\" {w}/{total}"));
    }
    text.push_str(" } 0\n");
    let mut outcome = 0;
    for t in 0..types {
        text.push_str(&format!("p \"\" 1 {} \"type {t}\" {{", t + 1));
        for m in 0..messages {
            text.push_str(&format!(" \"m{m}\""));
        }
        text.push_str(" } 0\n");
        for m in 0..messages {
            text.push_str(&format!("p \"\" 2 {} \"after m{m}\" {{", m + 1));
            for r in 0..replies {
                text.push_str(&format!(" \"r{r}\""));
            }
            text.push_str(" } 0\n");
            for _ in 0..replies {
                outcome += 1;
                let a = stream.below(21) as i64 - 10;
                let b = stream.below(21) as i64 - 10;
                text.push_str(&format!("t \"\" {outcome} \"\" {{ {a}, {b} }}\n"));
            }
        }
    }
    text
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
