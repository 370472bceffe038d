//! Writing results: to standard output, or to a file atomically.
//!
//! A file is written to a temporary sibling and renamed over the target, so
//! that an interrupted or failed run never leaves a half-written file and
//! never destroys the previous one.

use crate::error::{CliError, CliResult};
use std::io::Write;
use std::path::{Path, PathBuf};

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

/// Writes `bytes` to `path` through a temporary file in the same directory,
/// renamed over the target once complete, so that a failed or interrupted
/// write never leaves a half-written file and never destroys the previous
/// one. A symbolic link is written through (its target is replaced, the link
/// stays); an existing target keeps its permissions; a target that is not a
/// regular file (a device, a FIFO, a directory) is refused with exit code 2
/// rather than replaced.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> CliResult {
    let target = resolve_target(path)?;
    let dir = folder_of(&target);
    let name = target
        .file_name()
        .ok_or_else(|| CliError::input(format!("{}: not a file name", path.display())))?;
    let cannot =
        |e: std::io::Error| CliError::failure(format!("cannot write {}: {e}", path.display()));
    let mut temp = tempfile::Builder::new()
        .prefix(&format!(".{}.", name.to_string_lossy()))
        .suffix(".tmp")
        .tempfile_in(&dir)
        .map_err(cannot)?;
    temp.write_all(bytes)
        .and_then(|()| temp.as_file().sync_all())
        .map_err(cannot)?;
    if let Ok(existing) = std::fs::metadata(&target) {
        temp.as_file()
            .set_permissions(existing.permissions())
            .map_err(cannot)?;
    }
    // On failure the temporary file is removed when `temp` drops.
    temp.persist(&target).map_err(|e| cannot(e.error))?;
    Ok(())
}

/// Checks the `--out` of the command line (in the innermost subcommand that
/// has one) before any work: its folder must exist and be writable, and it
/// must not be something other than a regular file.
pub fn check_out_of(matches: &clap::ArgMatches) -> CliResult {
    let mut current = matches;
    while let Some((_, sub)) = current.subcommand() {
        current = sub;
    }
    let out = match current.try_get_one::<PathBuf>("out") {
        Ok(Some(out)) => out,
        _ => return Ok(()),
    };
    let target = resolve_target(out)?;
    let dir = folder_of(&target);
    let refuse = |why: String| Err(CliError::input(format!("--out {}: {why}", out.display())));
    match std::fs::metadata(&dir) {
        Err(e) => return refuse(format!("its folder {} cannot be used: {e}", dir.display())),
        Ok(meta) if !meta.is_dir() => return refuse(format!("{} is not a folder", dir.display())),
        Ok(_) => {}
    }
    // Writable: the only sure test is to create a file there.
    match tempfile::Builder::new()
        .prefix(".redline-check")
        .tempfile_in(&dir)
    {
        Ok(_) => Ok(()),
        Err(e) => refuse(format!("cannot write in {}: {e}", dir.display())),
    }
}

/// The folder a file is in (`.` for a bare file name).
fn folder_of(file: &Path) -> PathBuf {
    match file.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// The file a write to `path` replaces: `path` itself, or the file a
/// symbolic link at `path` points to. Refuses what is not a regular file.
fn resolve_target(path: &Path) -> CliResult<PathBuf> {
    let mut target = path.to_path_buf();
    // Follow a chain of links (bounded, in case of a loop).
    for _ in 0..40 {
        match std::fs::symlink_metadata(&target) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let link = std::fs::read_link(&target).map_err(|e| {
                    CliError::input(format!("{}: cannot read the link: {e}", path.display()))
                })?;
                target = match target.parent() {
                    Some(parent) if link.is_relative() => parent.join(link),
                    _ => link,
                };
            }
            Ok(meta) if !meta.is_file() => {
                return Err(CliError::input(format!(
                    "{}: not a regular file (a directory, device or FIFO); --out writes files only",
                    path.display()
                )));
            }
            _ => return Ok(target),
        }
    }
    Err(CliError::input(format!(
        "{}: too many levels of symbolic links",
        path.display()
    )))
}

/// `--format table|json` and `--out FILE`, for the commands whose output is
/// a table or a JSON document.
#[derive(clap::Args)]
pub struct TableOrJson {
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: crate::args::TableJson,
    /// Write to this file instead of standard output.
    #[arg(long)]
    pub out: Option<std::path::PathBuf>,
}
