//! Gambit `.efg` files, read as `redline solve` reads them. Invariant: a game
//! that reads is written with `write_efg` and reads back as the same game.
#![no_main]

use libfuzzer_sys::fuzz_target;
use redline_equilibria::efg::{parse_efg, write_efg};

fuzz_target!(|data: &[u8]| {
    if let Ok(game) = parse_efg("fuzz.efg", &redline_fuzz::text(data)) {
        let written = write_efg(&game);
        match parse_efg("written.efg", &written) {
            Ok(again) => assert_eq!(again, game, "{written}"),
            Err(e) => panic!("the written game does not read back: {e}\n{written}"),
        }
    }
});
