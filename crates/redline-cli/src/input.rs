//! Reading input files whole: every command reads scenarios, fragments,
//! games, bargaining inputs and shards through [`read_file`], so each is
//! bounded in size, must be a regular file, and has invalid UTF-8 located.

use std::path::Path;

/// The command line's file reader, which it gives the scenario loader
/// (libraries read no files themselves).
pub fn read_file(path: &Path) -> std::io::Result<String> {
    read_bounded(path, MAX_INPUT_BYTES)
}

/// The largest input file read whole (a scenario, fragment, game, bargaining
/// input or shard): far beyond any real one, and small enough that
/// `/dev/zero` or a stray binary is refused at once instead of read forever.
/// (Event files stream and have no such limit.)
pub const MAX_INPUT_BYTES: u64 = 64 << 20;

/// The largest shard file read (a tournament's shard holds a summary of
/// every match it played: tens of bytes each, and millions of matches).
pub const MAX_SHARD_BYTES: u64 = 1 << 30;

/// Reads a JSON file written by redline (a shard, a plan) of at most
/// `limit` bytes as `T`; `what` names the kind of file in the located error
/// (`file:line:column: not a {what}: …`).
pub fn read_json<T: serde::de::DeserializeOwned>(
    path: &Path,
    what: &str,
    limit: u64,
) -> crate::error::CliResult<T> {
    let origin = path.display().to_string();
    let text = read_bounded(path, limit)
        .map_err(|e| crate::error::CliError::input(format!("{origin}: cannot read: {e}")))?;
    serde_json::from_str(&text).map_err(|e| {
        crate::error::CliError::input(format!(
            "{origin}:{}:{}: not a {what}: {e}",
            e.line(),
            e.column()
        ))
    })
}

/// Reads at most `limit` bytes of a regular file as UTF-8; refuses a
/// directory, a device or a larger file with an error that says which.
fn read_bounded(path: &Path, limit: u64) -> std::io::Result<String> {
    use std::io::Read;
    let file = std::fs::File::open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "not a regular file",
        ));
    }
    let mut bytes = Vec::new();
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!(
                "larger than {} MiB; not an input redline reads",
                limit >> 20
            ),
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
        let column = valid.len() - valid.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1) + 1;
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("line {line}, column {column}: not valid UTF-8"),
        )
    })
}
