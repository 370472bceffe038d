//! `redline report`: the page opens in headless Chromium with its charts and
//! no console errors. Skips, with a message, where Chromium is absent.

use redline_report::headless;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::util;

fn temp_dir(name: &str) -> util::TestDir {
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
    // (sources in the parameter table may cite URLs as text); the only links
    // carry their data in themselves.
    for tag in [
        "<script", "<link", "<img", "<iframe", "src=", "@import", "url(",
    ] {
        assert!(!page.contains(tag), "the page refers out with {tag}");
    }
    assert_eq!(
        page.matches("href=").count(),
        page.matches("href=\"data:text/csv;charset=utf-8,").count(),
        "every link is a data: URL"
    );
}

/// The SVG of the chart with `id` in the page.
fn chart<'a>(page: &'a str, id: &str) -> &'a str {
    let start = page
        .find(&format!("class=\"chart\" id=\"{id}\""))
        .unwrap_or_else(|| panic!("no chart {id}"));
    let end = start + page[start..].find("</svg>").expect("closed");
    &page[start..end]
}

/// Decodes `%XX` escapes.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).expect("ascii");
            out.push(u8::from_str_radix(hex, 16).expect("hex"));
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).expect("UTF-8")
}

/// The CSV behind the download link named `file`.
fn download(page: &str, file: &str) -> String {
    let start = page
        .find(&format!(
            "<a download=\"{file}\" href=\"data:text/csv;charset=utf-8,"
        ))
        .unwrap_or_else(|| panic!("no download link for {file}"));
    let data = &page[start..];
    let data = &data[data.find(',').expect("data") + 1..];
    percent_decode(&data[..data.find('"').expect("end of the URL")])
}

#[test]
fn charts_have_axes_labels_and_their_numbers_downloadable() {
    let dir = temp_dir("charts");
    let page = std::fs::read_to_string(write_report(&dir)).expect("written");
    for id in ["cumulative", "strategies", "tornado"] {
        let svg = chart(&page, id);
        assert!(
            svg.matches("class=\"tick\"").count() >= 3,
            "{id}: value ticks"
        );
        assert!(svg.contains("class=\"axis-title\""), "{id}: axis title");
    }
    assert!(chart(&page, "cumulative").contains(">cumulative probability (%)</text>"));
    assert!(chart(&page, "tornado").contains("(percentage points)</text>"));
    // Outcome labels, not ids, in the legend and the categories.
    for svg in [chart(&page, "cumulative"), chart(&page, "strategies")] {
        assert!(svg.contains(">Secret talks</text>"), "labels");
        assert!(!svg.contains(">talks_secret</text>"), "no ids");
    }
    // No bar of the tornado without length.
    for rect in chart(&page, "tornado").split("class=\"bar\"").skip(1) {
        let w = &rect[rect.find("width=\"").expect("width") + 7..];
        let width: f64 = w[..w.find('"').expect("quote")].parse().expect("number");
        assert!(width >= 1.0, "a tornado bar {width} px wide");
    }
    // The numbers: the cumulative chart's last point per outcome is the
    // forecast's probability by the horizon (computed apart, by `forecast`).
    let csv = download(&page, "cumulative.csv");
    assert!(
        csv.starts_with("outcome,id,by,week,probability,ci95_low,ci95_high\n"),
        "{csv}"
    );
    let out = Command::new(env!("CARGO_BIN_EXE_redline"))
        .args(["forecast", "--runs", "1500", "--format", "json"])
        .current_dir(&dir)
        .env_clear()
        .output()
        .expect("runs");
    let forecast: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let war = forecast["outcomes"]
        .as_array()
        .expect("outcomes")
        .iter()
        .find(|o| o["id"] == "war")
        .expect("war");
    let last_war = csv
        .lines()
        .rfind(|l| l.starts_with("War,war,"))
        .expect("war rows");
    let fields: Vec<&str> = last_war.split(',').collect();
    assert_eq!(
        fields[2],
        forecast["scenario"]["horizon"].as_str().expect("horizon")
    );
    assert_eq!(fields[3], "52");
    assert_eq!(
        fields[4].parse::<f64>().expect("p"),
        war["probability"].as_f64().expect("p")
    );
    let strategies = download(&page, "strategies.csv");
    assert!(strategies.starts_with("strategy,outcome,id,probability,ci95_low,ci95_high\n"));
    assert!(
        strategies.contains("\ngrit,War,war,") && strategies.contains("\nmax-pressure,War,war,")
    );
    let tornado = download(&page, "tornado.csv");
    assert!(
        tornado.starts_with("outcome,parameter,effect\n"),
        "{tornado}"
    );
    assert!(tornado.lines().count() >= 2, "{tornado}");
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
        .args(headless::flags())
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
