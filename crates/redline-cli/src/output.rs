//! Writing results: to standard output, or to a file atomically.
//!
//! A file is written to a temporary sibling and renamed over the target, so
//! that an interrupted or failed run never leaves a half-written file and
//! never destroys the previous one. The temporary file is removed when the
//! write fails, when the process panics (it unwinds), and when it is killed
//! by SIGINT, SIGTERM or SIGHUP ([`clean_up_on_signals`]).
//!
//! Output is streamed: [`emit_with`] hands the writer to the report layer,
//! so a day-by-day series of gigabytes is never held in memory.
//!
//! Standard output that cannot take the output is never a silent success:
//! - a closed pipe (`| head -1`: the reader stopped reading) ends the process
//!   the way a broken pipe ends `cat` or `seq`: by SIGPIPE, without a message
//!   (a shell reports 141; under `set -o pipefail` a script sees the
//!   truncation). Some tools (ripgrep) exit 0 there instead; we do not, since
//!   redline's output is data whose loss a script must be able to see, and a
//!   shell prints nothing for a death by SIGPIPE, so `| head` stays quiet;
//! - a closed standard output (`>&-`) is an error (exit code 1) with a
//!   message ([`check_stdout`]), found when the output is written (not
//!   before the work: `redline report` writes `report.html` by default, and
//!   a command cannot be told from here to write nothing to standard output);
//! - any other write error is an error (exit code 1) naming it.

use crate::error::{CliError, CliResult};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};

/// Writes the table of `csv` as Parquet to `out` (atomically), with `meta`
/// (JSON) in the file's key-value metadata under `redline.meta`. Parquet is
/// binary: it needs a file, and a build with the `parquet` feature.
pub fn emit_parquet(out: Option<&Path>, csv: &str, meta: &impl serde::Serialize) -> CliResult {
    let Some(path) = out else {
        return Err(CliError::input(
            "--format parquet writes a binary file: give --out FILE.parquet",
        ));
    };
    write_parquet(path, csv, meta)
}

#[cfg(feature = "parquet")]
fn write_parquet(path: &Path, csv: &str, meta: &impl serde::Serialize) -> CliResult {
    let json = serde_json::to_string(meta).unwrap_or_default();
    write_atomically_with(path, |w| {
        redline_report::parquet::csv_to_parquet(csv, w, &[("redline.meta", json)]).map(|_| ())
    })
}

#[cfg(not(feature = "parquet"))]
fn write_parquet(path: &Path, _: &str, _: &impl serde::Serialize) -> CliResult {
    Err(without_parquet(path))
}

/// The error of a Parquet output asked of a build without the feature.
pub fn without_parquet(path: &Path) -> CliError {
    CliError::input(format!(
        "{}: this redline was built without Parquet; build it with \
         `cargo build --release --features parquet` (or write CSV)",
        path.display()
    ))
}

/// Writes `content` to `out`, or to standard output when `out` is `None`.
pub fn emit(out: Option<&Path>, content: &str) -> CliResult {
    emit_with(out, |w| w.write_all(content.as_bytes()))
}

/// Writes what `write` writes to `out` (atomically, see
/// [`write_atomically_with`]) or to standard output when `out` is `None`,
/// through a buffer, as it is produced.
pub fn emit_with(
    out: Option<&Path>,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> CliResult {
    match out {
        Some(path) => write_atomically_with(path, |w| write(w)),
        None => write_stdout(write),
    }
}

static IN_PROCESS: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Marks the commands as running inside a host program (`run_in_process`):
/// a closed standard output is then an error, not a SIGPIPE.
pub fn set_in_process() {
    IN_PROCESS.store(true, std::sync::atomic::Ordering::Relaxed);
}

fn in_process() -> bool {
    IN_PROCESS.load(std::sync::atomic::Ordering::Relaxed)
}

/// An error when a host asked the work to stop (`redline_core::interrupt`):
/// what it computed is cut short and must not be written.
pub fn interrupted() -> CliResult {
    if redline_core::interrupt::requested() {
        return Err(CliError::failure("interrupted"));
    }
    Ok(())
}

fn write_stdout(write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> CliResult {
    interrupted()?;
    check_stdout()?;
    let stdout = std::io::stdout().lock();
    // Standard output is line-buffered; a larger buffer writes in big pieces.
    let mut buffer = std::io::BufWriter::with_capacity(1 << 16, stdout);
    match write(&mut buffer).and_then(|()| buffer.flush()) {
        Ok(()) => Ok(()),
        // In another program's process (`run_in_process`) a closed pipe is
        // an error for the host, never the end of its process.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe && !in_process() => {
            die_of_broken_pipe()
        }
        Err(e) => Err(CliError::failure(format!(
            "cannot write to standard output: {e}"
        ))),
    }
}

/// Ends the process as a write to a closed pipe ends a program that does
/// not ignore SIGPIPE (the Rust runtime ignores it, so writes fail with
/// EPIPE instead): killed by SIGPIPE, no message.
fn die_of_broken_pipe() -> ! {
    // Nothing to flush: the output is what was lost.
    let _ = signal_hook::low_level::emulate_default_handler(signal_hook::consts::SIGPIPE);
    // Only if the signal could not be raised: the status a shell would show.
    std::process::exit(128 + signal_hook::consts::SIGPIPE)
}

/// Refuses a closed standard output. The Rust runtime reopens a closed
/// standard output on `/dev/null` before `main`, so a write to it succeeds
/// and the output is lost without a word. What it opens is `/dev/null` for
/// reading and writing; a shell's `>/dev/null` opens it for writing only. So
/// `/dev/null` open for reading and writing is taken for a closed output
/// (`1<>/dev/null`, or Python's `subprocess.DEVNULL`, look the same: discard
/// output with `>/dev/null` or `open(os.devnull, "w")`).
fn check_stdout() -> CliResult {
    if stdout_is_closed() {
        return Err(CliError::failure(
            "standard output is closed (or is /dev/null opened for reading and writing), so the \
             output would be lost: give --out FILE, or discard it with >/dev/null",
        ));
    }
    Ok(())
}

#[cfg(unix)]
fn stdout_is_closed() -> bool {
    use rustix::fs::OFlags;
    use std::os::fd::AsFd;
    use std::os::unix::fs::{FileTypeExt, MetadataExt};
    let stdout = std::io::stdout();
    let fd = stdout.as_fd();
    let Ok(flags) = rustix::fs::fcntl_getfl(fd) else {
        // EBADF: closed, on a platform whose runtime leaves it closed.
        return true;
    };
    if flags & OFlags::ACCMODE != OFlags::RDWR {
        return false;
    }
    let output = fd
        .try_clone_to_owned()
        .and_then(|fd| std::fs::File::from(fd).metadata());
    match (output, std::fs::metadata("/dev/null")) {
        (Ok(output), Ok(null)) => {
            output.file_type().is_char_device() && output.rdev() == null.rdev()
        }
        _ => false,
    }
}

#[cfg(not(unix))]
fn stdout_is_closed() -> bool {
    false
}

/// The temporary files being written, which [`clean_up_on_signals`] removes
/// before the process dies of a signal.
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn pending() -> MutexGuard<'static, Vec<PathBuf>> {
    // A panic elsewhere while holding the list leaves it usable.
    PENDING.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Starts a thread that, on SIGINT, SIGTERM or SIGHUP, removes the
/// temporary files being written and then lets the signal end the process
/// as it would without a handler (a shell reports 130 for SIGINT, 143 for
/// SIGTERM). Without it a kill during the final write leaves an orphan
/// `.NAME.*.tmp` beside the target: a temporary file is removed when it is
/// dropped, and a signal drops nothing.
pub fn clean_up_on_signals() -> std::io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP])?;
    std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            if let Some(signal) = signals.forever().next() {
                // Held until the process is gone: a rename waiting for the
                // lock never runs after its temporary file was removed.
                let files = pending();
                for file in files.iter() {
                    let _ = std::fs::remove_file(file);
                }
                let _ = signal_hook::low_level::emulate_default_handler(signal);
                // Only if the signal could not be raised again.
                std::process::exit(128 + signal);
            }
        })?;
    Ok(())
}

/// A temporary file being written beside its target, listed in [`PENDING`]
/// from before it exists until after it is renamed or removed.
struct PendingFile {
    // Fields drop in order: the file is removed, then unlisted.
    temp: tempfile::NamedTempFile,
    _listed: Listed,
}

/// A path in [`PENDING`], unlisted when dropped.
struct Listed(PathBuf);

impl Drop for Listed {
    fn drop(&mut self) {
        pending().retain(|p| *p != self.0);
    }
}

impl PendingFile {
    fn create(dir: &Path, name: &str) -> std::io::Result<PendingFile> {
        // Created and listed under the lock: a signal never finds it unlisted.
        let mut files = pending();
        let prefix = format!(".{name}.");
        let mut builder = tempfile::Builder::new();
        builder.prefix(&prefix).suffix(".tmp");
        // A new output gets the permissions of any file the user creates
        // (0666 less the umask), not a temporary file's owner-only 0600:
        // results are shared, on a cluster's group folder too.
        #[cfg(unix)]
        builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
        let temp = builder.tempfile_in(dir)?;
        files.push(temp.path().to_path_buf());
        let listed = Listed(temp.path().to_path_buf());
        Ok(PendingFile {
            temp,
            _listed: listed,
        })
    }

    fn file(&self) -> &std::fs::File {
        self.temp.as_file()
    }

    /// Renames the file over `target`. On failure the error holds the
    /// file, and dropping it removes it.
    fn persist(self, target: &Path) -> std::io::Result<()> {
        let PendingFile { temp, _listed } = self;
        temp.persist(target).map(|_| ()).map_err(|e| e.error)
    }
}

/// Writes `bytes` to `path` atomically (see [`write_atomically_with`]).
pub fn write_atomically(path: &Path, bytes: &[u8]) -> CliResult {
    write_atomically_with(path, |w| w.write_all(bytes))
}

/// Writes what `write` writes to `path` through a temporary file in the same
/// directory, renamed over the target once complete, so that a failed or
/// interrupted write never leaves a half-written file and never destroys the
/// previous one. A symbolic link is written through (its target is
/// replaced, the link stays); an existing target keeps its permissions; a
/// target that is not a regular file (a device, a FIFO, a directory) is
/// refused with exit code 2 rather than replaced.
pub fn write_atomically_with(
    path: &Path,
    write: impl FnOnce(&mut (dyn Write + Send)) -> std::io::Result<()>,
) -> CliResult {
    let target = resolve_target(path)?;
    let dir = folder_of(&target);
    let name = target
        .file_name()
        .ok_or_else(|| CliError::input(format!("{}: not a file name", path.display())))?;
    let cannot =
        |e: std::io::Error| CliError::failure(format!("cannot write {}: {e}", path.display()));
    // On any failure below the temporary file is removed when `temp` drops.
    let temp = PendingFile::create(&dir, &name.to_string_lossy()).map_err(cannot)?;
    let mut buffer = std::io::BufWriter::with_capacity(1 << 16, temp.file());
    write(&mut buffer)
        .and_then(|()| buffer.flush())
        .map_err(cannot)?;
    drop(buffer);
    // Interrupted work is not a result (the temporary file goes with `temp`).
    interrupted()?;
    temp.file().sync_all().map_err(cannot)?;
    if let Ok(existing) = std::fs::metadata(&target) {
        temp.file()
            .set_permissions(existing.permissions())
            .map_err(cannot)?;
    }
    temp.persist(&target).map_err(cannot)
}

/// Checks the `--out` of the command line (in the innermost subcommand that
/// has one) before any work: its folder must exist and be writable, and it
/// must not be something other than a regular file.
pub fn check_out_of(matches: &clap::ArgMatches) -> CliResult {
    let current = innermost(matches);
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
    // Writable: the only sure test is to create a file there (listed, so
    // that an interrupt now does not leave it behind either).
    match PendingFile::create(&dir, "redline-check") {
        Ok(_) => Ok(()),
        Err(e) => refuse(format!("cannot write in {}: {e}", dir.display())),
    }
}

/// The matches of the innermost subcommand (`redline scenario check`: those
/// of `check`).
pub fn innermost(matches: &clap::ArgMatches) -> &clap::ArgMatches {
    let mut current = matches;
    while let Some((_, sub)) = current.subcommand() {
        current = sub;
    }
    current
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_write_leaves_no_temporary_file_and_the_old_target() {
        let dir = tempfile::tempdir().expect("dir");
        let target = dir.path().join("out.json");
        std::fs::write(&target, "old\n").expect("write");
        let error = write_atomically_with(&target, |w| {
            w.write_all(b"half")?;
            Err(std::io::Error::other("the serialiser failed"))
        })
        .expect_err("a failed write");
        assert_eq!(error.exit_code, 1);
        assert!(error.message.contains("the serialiser failed"), "{error}");
        assert_eq!(std::fs::read_to_string(&target).expect("read"), "old\n");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .expect("dir")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names, ["out.json"]);
        assert!(pending().is_empty(), "still listed: {:?}", pending());
        // A write that completes replaces the target and is no longer listed.
        write_atomically_with(&target, |w| w.write_all(b"new\n")).expect("written");
        assert_eq!(std::fs::read_to_string(&target).expect("read"), "new\n");
        assert!(pending().is_empty(), "still listed: {:?}", pending());
    }
}
