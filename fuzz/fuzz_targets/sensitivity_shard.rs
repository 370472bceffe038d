//! Shard files of `redline sensitivity --shard I/N`, read (serde_json, as
//! the command line's `input::read_json`) and merged as `redline merge` and
//! `redline sensitivity merge` do (the input split at NUL bytes: one shard
//! per piece), then analysed with a small bootstrap.
#![no_main]

use libfuzzer_sys::fuzz_target;
use redline_crisis::sensitivity::{self, Shard};

fuzz_target!(|data: &[u8]| {
    let text = redline_fuzz::text(data);
    let shards: Vec<(String, Shard)> = text
        .split('\0')
        .enumerate()
        .filter_map(|(i, piece)| {
            let shard: Shard = serde_json::from_str(piece).ok()?;
            Some((format!("part{i}.json"), shard))
        })
        .collect();
    if let Ok(merged) = sensitivity::merge(&shards) {
        let _ = sensitivity::analyse(&merged.header, &merged.design, &merged.rows, 20);
    }
});
