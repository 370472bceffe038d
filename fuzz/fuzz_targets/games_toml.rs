//! Game files (TOML) for `redline tournament` and `redline evolve`, read with
//! `Game::from_toml`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = redline_games::game::Game::from_toml("fuzz.toml", &redline_fuzz::text(data));
});
