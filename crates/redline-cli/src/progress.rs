//! Progress on standard error: a bar with an ETA while a long command runs,
//! and nothing when standard error is not a terminal or with `--quiet`.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};

static QUIET: AtomicBool = AtomicBool::new(false);

/// Silences every progress bar (`--quiet`).
pub fn set_quiet(quiet: bool) {
    QUIET.store(quiet, Ordering::Relaxed);
}

/// A progress bar over `total` units of work.
pub struct Progress {
    bar: Option<indicatif::ProgressBar>,
}

impl Progress {
    /// A bar labelled `label`, shown only on a terminal and without `--quiet`.
    pub fn new(total: u64, label: &str) -> Progress {
        let visible = !QUIET.load(Ordering::Relaxed) && std::io::stderr().is_terminal();
        let bar = visible.then(|| {
            let bar = indicatif::ProgressBar::new(total);
            let style = indicatif::ProgressStyle::with_template(
                "{msg} [{bar:30}] {pos}/{len} ({elapsed}, ETA {eta})",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
            .progress_chars("#>-");
            bar.set_style(style);
            bar.set_message(label.to_string());
            bar
        });
        Progress { bar }
    }

    /// A spinner with the elapsed time, for work whose size is not known in
    /// advance (an equilibrium search): it shows that the command is alive
    /// and how long it has run, and promises no ETA it cannot keep.
    pub fn spinner(label: &str) -> Progress {
        let visible = !QUIET.load(Ordering::Relaxed) && std::io::stderr().is_terminal();
        let bar = visible.then(|| {
            let bar = indicatif::ProgressBar::new_spinner();
            let style = indicatif::ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner());
            bar.set_style(style);
            bar.set_message(label.to_string());
            bar.enable_steady_tick(std::time::Duration::from_millis(120));
            bar
        });
        Progress { bar }
    }

    /// `n` more units are done.
    pub fn advance(&self, n: u64) {
        if let Some(bar) = &self.bar {
            bar.inc(n);
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// A reader that moves a progress bar by the bytes read through it: for
/// event files, whose size is known before they are read and whose reading
/// is the work.
pub struct ProgressReader<R> {
    inner: R,
    progress: Progress,
}

impl<R> ProgressReader<R> {
    /// `inner`, read with a bar over `total` bytes labelled `label`.
    pub fn new(inner: R, total: u64, label: &str) -> ProgressReader<R> {
        ProgressReader {
            inner,
            progress: Progress::new(total, label),
        }
    }
}

impl<R: std::io::Read> std::io::Read for ProgressReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.progress.advance(n as u64);
        Ok(n)
    }
}
