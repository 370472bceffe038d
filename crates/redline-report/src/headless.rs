//! The headless Chromium command line shared by `redline report --format png`
//! (which screenshots a chart) and the report's page test (which loads the
//! whole page): a quiet, offline, throw-away browser.

/// The Chromium binaries tried, in order (Debian's `chromium` first).
pub const BROWSERS: [&str; 3] = ["chromium", "chromium-browser", "google-chrome"];

/// Flags for a headless run that touches no network and no user profile
/// (each caller adds `--user-data-dir` with a throw-away folder, and what
/// to do with the page): the lines of `chromium-flags.txt` that are not
/// comments, which the explorer's browser tests read too.
pub fn flags() -> impl Iterator<Item = &'static str> {
    include_str!("chromium-flags.txt")
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
}
