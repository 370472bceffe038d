//! `redline report`: the page opens in headless Chromium with its charts and
//! no console errors. Skips, with a message, where Chromium is absent.

use redline_report::headless;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::util;

fn temp_dir(name: &str) -> PathBuf {
    util::temp_dir("report", name)
}

fn chromium() -> Option<PathBuf> {
    headless::BROWSERS
        .iter()
        .map(|name| Path::new("/usr/bin").join(name))
        .find(|p| p.exists())
}

fn write_report(dir: &Path) -> PathBuf {
    let out = Command::new(env!("CARGO_BIN_EXE_redline"))
        .args([
            "report",
            "--runs",
            "1500",
            "--compare",
            "grit",
            "--sensitivity-samples",
            "2",
            "--sensitivity-runs",
            "100",
            "--out",
            "r.html",
        ])
        .current_dir(dir)
        .env_clear()
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    dir.join("r.html")
}

#[test]
fn report_is_self_contained_with_its_charts() {
    let dir = temp_dir("static");
    let page = std::fs::read_to_string(write_report(&dir)).expect("written");
    assert_eq!(
        page.matches("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\"")
            .count(),
        3
    );
    for id in ["id=\"cumulative\"", "id=\"strategies\"", "id=\"tornado\""] {
        assert!(page.contains(id), "missing {id}");
    }
    assert_eq!(page.matches("<h3>Storyline").count(), 3);
    assert!(page.contains("<td>leader.deniability</td>"));
    // Nothing is fetched: no scripts, style sheets, images or frames from anywhere
    // (sources in the parameter table may cite URLs as text).
    for tag in [
        "<script", "<link", "<img", "<iframe", "src=", "href=", "@import", "url(",
    ] {
        assert!(!page.contains(tag), "the page refers out with {tag}");
    }
}

#[test]
fn report_opens_in_headless_chromium_without_console_errors() {
    let Some(browser) = chromium() else {
        eprintln!("skipped: Chromium not found (install Debian's `chromium`; .ci/run does)");
        return;
    };
    let dir = temp_dir("browser");
    let page = write_report(&dir);
    let profile = dir.join("profile");
    let out = Command::new(browser)
        .args(headless::FLAGS)
        .args([
            "--enable-logging=stderr",
            "--v=0",
            &format!("--user-data-dir={}", profile.display()),
            "--dump-dom",
            &format!("file://{}", page.display()),
        ])
        .output()
        .expect("chromium runs");
    let dom = String::from_utf8_lossy(&out.stdout);
    let log = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{log}");
    assert_eq!(
        dom.matches("class=\"chart\"").count(),
        3,
        "charts in the rendered DOM"
    );
    assert!(dom.matches("<polyline").count() >= 3, "lines drawn");
    let console_errors: Vec<&str> = log
        .lines()
        .filter(|l| l.contains("CONSOLE") || l.contains("Uncaught"))
        .collect();
    assert!(console_errors.is_empty(), "{console_errors:?}");
}

#[test]
fn single_chart_as_svg() {
    let dir = temp_dir("svg");
    let out = Command::new(env!("CARGO_BIN_EXE_redline"))
        .args([
            "report",
            "--runs",
            "300",
            "--format",
            "svg",
            "--chart",
            "cumulative",
        ])
        .current_dir(&dir)
        .env_clear()
        .output()
        .expect("runs");
    assert!(out.status.success());
    let svg = String::from_utf8_lossy(&out.stdout);
    assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
}

#[test]
fn single_chart_as_png_through_chromium() {
    let dir = temp_dir("png");
    let out = Command::new(env!("CARGO_BIN_EXE_redline"))
        .args([
            "report",
            "--runs",
            "300",
            "--format",
            "png",
            "--chart",
            "cumulative",
            "--out",
            "c.png",
        ])
        .current_dir(&dir)
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .output()
        .expect("runs");
    if chromium().is_none() {
        eprintln!("skipped: Chromium not found (install Debian's `chromium`; .ci/run does)");
        assert_eq!(
            out.status.code(),
            Some(1),
            "without a browser PNG fails cleanly"
        );
        return;
    }
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let png = std::fs::read(dir.join("c.png")).expect("written");
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "a PNG file");
    // IHDR: width and height, big-endian, at bytes 16..24: the chart's own size (760 wide).
    let width = u32::from_be_bytes([png[16], png[17], png[18], png[19]]);
    assert_eq!(width, 760);
    let missing = Command::new(env!("CARGO_BIN_EXE_redline"))
        .args(["report", "--runs", "10", "--format", "png"])
        .current_dir(&dir)
        .output()
        .expect("runs");
    assert_eq!(missing.status.code(), Some(2), "png needs --out");
}
