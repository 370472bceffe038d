//! Gambit `.nfg` files, read as `redline solve` reads them. Invariant: a game
//! that reads is written with `write_nfg` and reads back as the same game.
#![no_main]

use libfuzzer_sys::fuzz_target;
use redline_equilibria::nfg::{parse_nfg, write_nfg};

fuzz_target!(|data: &[u8]| {
    if let Ok(game) = parse_nfg("fuzz.nfg", &redline_fuzz::text(data)) {
        let written = write_nfg(&game);
        match parse_nfg("written.nfg", &written) {
            Ok(again) => assert_eq!(again, game, "{written}"),
            Err(e) => panic!("the written game does not read back: {e}\n{written}"),
        }
    }
});
