//! Shard files of `redline fit --shard I/N`, read and merged as `redline fit
//! merge` does (the input split at NUL bytes: one shard per piece).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = redline_fuzz::text(data);
    let shards: Vec<(String, redline_data::fit::Shard)> = text
        .split('\0')
        .enumerate()
        .filter_map(|(i, piece)| {
            let origin = format!("part{i}.json");
            let shard = redline_data::fit::read_shard(piece, &origin).ok()?;
            Some((origin, shard))
        })
        .collect();
    let _ = redline_data::fit::merge(&shards);
});
