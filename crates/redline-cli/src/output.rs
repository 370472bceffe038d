//! Writing results: to standard output, or to a file atomically.
//!
//! A file is written to a temporary sibling and renamed over the target, so
//! that an interrupted or failed run never leaves a half-written file and
//! never destroys the previous one.

use crate::error::{CliError, CliResult};
use std::io::Write;
use std::path::Path;

/// Writes `content` to `out`, or to standard output when `out` is `None`.
/// A closed pipe on standard output (as with `| head`) is not an error.
pub fn emit(out: Option<&Path>, content: &str) -> CliResult {
    match out {
        Some(path) => write_atomically(path, content.as_bytes()),
        None => {
            let mut stdout = std::io::stdout().lock();
            match stdout
                .write_all(content.as_bytes())
                .and_then(|()| stdout.flush())
            {
                Ok(()) => Ok(()),
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                Err(e) => Err(CliError::failure(format!(
                    "cannot write to standard output: {e}"
                ))),
            }
        }
    }
}

/// Writes `bytes` to `path` through a temporary file in the same directory.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> CliResult {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .ok_or_else(|| CliError::input(format!("{}: not a file name", path.display())))?;
    let temp = dir.join(format!(
        ".{}.tmp-{}",
        name.to_string_lossy(),
        std::process::id()
    ));
    let result = std::fs::File::create(&temp)
        .and_then(|mut f| f.write_all(bytes).and_then(|()| f.sync_all()))
        .and_then(|()| std::fs::rename(&temp, path));
    result.map_err(|e| {
        let _ = std::fs::remove_file(&temp);
        CliError::failure(format!("cannot write {}: {e}", path.display()))
    })
}

/// `--format table|json` and `--out FILE`, for the commands whose output is
/// a table or a JSON document.
#[derive(clap::Args)]
pub struct TableOrJson {
    /// Output format: table or json.
    #[arg(long, default_value = "table", value_parser = ["table", "json"])]
    pub format: String,
    /// Write to this file instead of standard output.
    #[arg(long)]
    pub out: Option<std::path::PathBuf>,
}
