//! Strategies that the `axelrod` library lacks (GRIT, GRIT Ladder, Contrite
//! Tit For Tat), checked against sequences worked out by hand from their rules
//! in docs/model/games.md; noise against misperception; determinism across
//! thread counts.

use redline_games::game::Game;
use redline_games::play::{Arena, Conditions, Length, play, play_into};
use redline_games::strategy::Rule;
use redline_games::tournament::Tournament;

fn actions(game: &Game, a: &str, b: &str, turns: usize) -> [String; 2] {
    let a = Rule::parse(a).unwrap();
    let b = Rule::parse(b).unwrap();
    let r = play([&a, &b], game, &Conditions::turns(turns), 0, 0);
    [
        game.write_actions(&r.actions[0]),
        game.write_actions(&r.actions[1]),
    ]
}

#[test]
fn grit_keeps_up_its_initiative_then_reciprocates_then_renews() {
    let pd = Game::prisoners_dilemma();
    // Six unreciprocated cooperations (the first move and five more), then
    // 20 rounds of mutual defection, then a new initiative.
    let want = format!(
        "{}{}{}{}",
        "C".repeat(6),
        "D".repeat(20),
        "C".repeat(6),
        "D".repeat(3)
    );
    assert_eq!(actions(&pd, "GRIT", "Defector", 35)[0], want);
    assert_eq!(actions(&pd, "GRIT", "Tit For Tat", 20)[0], "C".repeat(20));
    // Suspicious Tit For Tat's opening defection is not exploitation (no rise
    // from a hostile status quo): GRIT stays conciliatory and peace follows.
    let [g, s] = actions(&pd, "GRIT", "Suspicious Tit For Tat", 6);
    assert_eq!((g.as_str(), s.as_str()), ("CCCCCC", "DCCCCC"));
    // Each new defection gets exactly one retaliation.
    assert_eq!(actions(&pd, "GRIT", "Alternator", 10)[0], "CCDCDCDCDC");
}

#[test]
fn grit_ladder_steps_down_one_rung_at_a_time() {
    let ladder = Game::by_name("ladder-5").unwrap();
    assert_eq!(
        actions(&ladder, "GRIT Ladder", "Cooperator", 8)[0],
        "32100000"
    );
    // Against a player at the top: five unreciprocated steps, then it matches.
    assert_eq!(
        actions(&ladder, "GRIT Ladder", "Defector", 8)[0],
        "32100044"
    );
    // Classic strategies play the bottom and the top rung.
    assert_eq!(actions(&ladder, "Tit For Tat", "Alternator", 4)[0], "0040");
}

#[test]
fn contrite_tit_for_tat_by_hand() {
    let pd = Game::prisoners_dilemma();
    assert_eq!(
        actions(&pd, "Contrite Tit For Tat", "Defector", 6)[0],
        "CDDDDD"
    );
    assert_eq!(
        actions(&pd, "Contrite Tit For Tat", "Cooperator", 5)[0],
        "CCCCC"
    );
    // It retaliates against Alternator's first defection, takes the next one
    // as punishment of a possible misperception, and so on every four moves.
    assert_eq!(
        actions(&pd, "Contrite Tit For Tat", "Alternator", 12)[0],
        "CCDCCCDCCCDC"
    );
}

fn mutual_defection_share(a: &str, b: &str, noise: f64, misperception: f64) -> f64 {
    let game = Game::prisoners_dilemma();
    let (a, b) = (Rule::parse(a).unwrap(), Rule::parse(b).unwrap());
    let conditions = Conditions {
        length: Length::Fixed(1000),
        noise,
        misperception,
    };
    let mut arena = Arena::default();
    let mut mutual = 0;
    for index in 0..20 {
        mutual += play_into(&mut arena, [&a, &b], &game, &conditions, 5, index).mutual_defections;
    }
    mutual as f64 / 20_000.0
}

#[test]
fn contrite_tit_for_tat_recovers_from_noise_and_misperception() {
    // Under noise, Tit For Tat pairs fall into long echoes and spirals;
    // Contrite Tit For Tat pairs restore cooperation after each error.
    let tft = mutual_defection_share("Tit For Tat", "Tit For Tat", 0.02, 0.0);
    let ctft = mutual_defection_share("Contrite Tit For Tat", "Contrite Tit For Tat", 0.02, 0.0);
    assert!(tft > 0.1 && ctft < 0.01, "noise: TFT {tft}, CTFT {ctft}");
    let tft = mutual_defection_share("Tit For Tat", "Tit For Tat", 0.0, 0.02);
    let ctft = mutual_defection_share("Contrite Tit For Tat", "Contrite Tit For Tat", 0.0, 0.02);
    let grit = mutual_defection_share("GRIT", "GRIT", 0.0, 0.02);
    assert!(
        tft > 0.1 && ctft < 0.02 && grit < 0.05,
        "misperception: TFT {tft}, CTFT {ctft}, GRIT {grit}"
    );
}

#[test]
fn noise_and_misperception_are_different_errors() {
    let game = Game::prisoners_dilemma();
    let (c, tft) = (Rule::Cooperator, Rule::TitForTat);
    let with = |noise, misperception| Conditions {
        length: Length::Fixed(500),
        noise,
        misperception,
    };
    // Noise changes what a Cooperator plays; misperception never does.
    let noisy = play([&c, &tft], &game, &with(0.1, 0.0), 9, 0);
    let seen = play([&c, &tft], &game, &with(0.0, 0.1), 9, 0);
    assert!(noisy.actions[0].iter().any(|&a| a != 0));
    assert!(seen.actions[0].iter().all(|&a| a == 0));
    // Under noise Tit For Tat answers the Cooperator's played defections one
    // turn later, except where its own answer is flipped (about 10% of turns);
    // under misperception it defects against a Cooperator that never defected.
    let echoes_missed = (1..500)
        .filter(|&t| noisy.actions[1][t] != noisy.actions[0][t - 1])
        .count();
    assert!((20..80).contains(&echoes_missed), "{echoes_missed}");
    assert!(seen.actions[1].iter().filter(|&&a| a != 0).count() > 20);
}

#[test]
fn tournaments_are_identical_on_any_number_of_threads() {
    let players = [
        "Tit For Tat",
        "GRIT",
        "Random",
        "First by Grofman",
        "Joss",
        "Contrite Tit For Tat",
        "Defector",
    ]
    .iter()
    .map(|n| Rule::parse(n).unwrap())
    .collect();
    let t = Tournament {
        players,
        game: Game::prisoners_dilemma(),
        conditions: Conditions {
            length: Length::ProbEnd {
                prob_end: 0.01,
                max_turns: 100_000,
            },
            noise: 0.05,
            misperception: 0.05,
        },
        repetitions: 7,
        seed: 2026,
    };
    let one = t.play_on(Some(1), &|_, _| {}).unwrap();
    let two = t.play_on(Some(2), &|_, _| {}).unwrap();
    let four = t.play_on(Some(4), &|_, _| {}).unwrap();
    assert_eq!(format!("{one:?}"), format!("{two:?}"));
    assert_eq!(format!("{one:?}"), format!("{four:?}"));
    let other_seed = Tournament {
        seed: 2027,
        ..t.clone()
    }
    .play_on(Some(2), &|_, _| {})
    .unwrap();
    assert_ne!(one.payoff_matrix, other_seed.payoff_matrix);
}

/// Cooperation rate of `a` against `b` over `matches` matches of `turns` turns.
fn cooperation_rate(a: &str, b: &str, turns: usize, matches: u64) -> f64 {
    let game = Game::prisoners_dilemma();
    let (a, b) = (Rule::parse(a).unwrap(), Rule::parse(b).unwrap());
    let mut arena = Arena::default();
    let mut cooperations = 0;
    for index in 0..matches {
        cooperations += play_into(
            &mut arena,
            [&a, &b],
            &game,
            &Conditions::turns(turns),
            1,
            index,
        )
        .cooperations[0];
    }
    cooperations as f64 / (turns as u64 * matches) as f64
}

#[test]
fn stochastic_strategies_cooperate_at_the_rates_their_rules_imply() {
    // Joss against a cooperator: C, then C with probability 0.9.
    let joss = cooperation_rate("Joss", "Cooperator", 1001, 20);
    assert!(
        (joss - (1.0 + 1000.0 * 0.9) / 1001.0).abs() < 0.01,
        "{joss}"
    );
    // GTFT against a defector: C, then C with probability 1/3.
    let gtft = cooperation_rate("Generous Tit For Tat", "Defector", 1001, 20);
    assert!(
        (gtft - (1.0 + 1000.0 / 3.0) / 1001.0).abs() < 0.01,
        "{gtft}"
    );
    // Grofman against a defector: after (C, D) it cooperates with probability
    // 2/7, after (D, D) it cooperates; the stationary share of C is 7/12.
    let grofman = cooperation_rate("First by Grofman", "Defector", 1000, 20);
    assert!((grofman - 7.0 / 12.0).abs() < 0.015, "{grofman}");
    // Tullock against a cooperator: 11 C, then C with probability 1 − 0.1.
    let tullock = cooperation_rate("First by Tullock", "Cooperator", 1011, 20);
    assert!(
        (tullock - (11.0 + 1000.0 * 0.9) / 1011.0).abs() < 0.01,
        "{tullock}"
    );
    // Random and Anonymous (p uniform in [0.3, 0.7]) cooperate half the time.
    for name in ["Random", "First by Anonymous"] {
        let rate = cooperation_rate(name, "Cooperator", 1000, 20);
        assert!((rate - 0.5).abs() < 0.015, "{name}: {rate}");
    }
}

#[test]
fn players_are_told_the_length_only_when_it_is_fixed() {
    let game = Game::prisoners_dilemma();
    let stein = Rule::parse("First by Stein and Rapoport").unwrap();
    let tideman = Rule::parse("First by Tideman and Chieruzzi").unwrap();
    for s in [&stein, &tideman] {
        let fixed = play([s, &Rule::Cooperator], &game, &Conditions::turns(30), 0, 0);
        assert_eq!(game.write_actions(&fixed.actions[0][28..]), "DD");
        // With prob_end (here capped at 30 turns) the length is unknown to the
        // players: no end-game defections.
        let open = Conditions {
            length: Length::ProbEnd {
                prob_end: 0.001,
                max_turns: 30,
            },
            noise: 0.0,
            misperception: 0.0,
        };
        let r = play([s, &Rule::Cooperator], &game, &open, 0, 0);
        assert_eq!(r.actions[0].len(), 30);
        assert!(r.actions[0].iter().all(|&a| a == 0));
    }
}

#[test]
fn error_streams_do_not_shift_a_players_own_draws() {
    // Random ignores what it sees, so misperception must leave its moves unchanged.
    let game = Game::prisoners_dilemma();
    let random = Rule::parse("Random").unwrap();
    let with = |misperception| Conditions {
        length: Length::Fixed(300),
        noise: 0.0,
        misperception,
    };
    let clear = play([&random, &Rule::TitForTat], &game, &with(0.0), 4, 0);
    let misread = play([&random, &Rule::TitForTat], &game, &with(0.3), 4, 0);
    assert_eq!(clear.actions[0], misread.actions[0]);
    assert_ne!(clear.actions[1], misread.actions[1]);
}
