//! Self-contained SVG charts: no scripts, no fonts or files from elsewhere.
//! Every chart has a value axis with ticks and a title; values are
//! probabilities, shown as percentages (or percentage points for effects).

use std::fmt::Write;

/// The 8-colour palette of Okabe & Ito (2008), "Color Universal Design (CUD):
/// how to make figures and presentations that are friendly to colorblind
/// people" (<https://jfly.uni-koeln.de/color/>): blue, vermillion, bluish
/// green, reddish purple, orange, sky blue, black, yellow (last, as it is
/// the faintest on white). The colours stay distinct under the common forms
/// of colour blindness; past the eighth, series repeat them with [`DASHES`].
pub const PALETTE: [&str; 8] = [
    "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442",
];

/// Dash patterns of the series: solid for the first eight, then dashed, then
/// dotted, so no two series of a chart look alike.
pub const DASHES: [&str; 3] = ["", "7 4", "2 3"];

/// The colour and dash pattern of series `i`.
pub fn style(i: usize) -> (&'static str, &'static str) {
    (
        PALETTE[i % PALETTE.len()],
        DASHES[(i / PALETTE.len()) % DASHES.len()],
    )
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// About `target` evenly spaced round values (steps of 1, 2, 2.5 or 5 × 10ⁿ)
/// from 0 to at least `max`.
pub fn ticks(max: f64, target: usize) -> Vec<f64> {
    let max = if max.is_finite() && max > 0.0 {
        max
    } else {
        1.0
    };
    let rough = max / target.max(1) as f64;
    let magnitude = 10f64.powf(rough.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= rough * 0.999)
        .unwrap_or(10.0 * magnitude);
    let n = (max / step - 1e-9).ceil().max(1.0) as usize;
    (0..=n).map(|i| step * i as f64).collect()
}

/// A probability as a tick label in percent, with as many decimals as the
/// step between ticks needs (`signed`: a leading + on positive values).
fn tick_label(value: f64, step: f64, signed: bool) -> String {
    let pct_step = 100.0 * step;
    let decimals = (0..6)
        .find(|&d| {
            let scaled = pct_step * 10f64.powi(d);
            (scaled - scaled.round()).abs() < 1e-6 * scaled.max(1.0)
        })
        .unwrap_or(6) as usize;
    let x = 100.0 * value;
    let x = if x.abs() < 1e-12 { 0.0 } else { x };
    if signed && x > 0.0 {
        format!("+{x:.decimals$}")
    } else if x < 0.0 {
        format!("−{:.decimals$}", -x)
    } else {
        format!("{x:.decimals$}")
    }
}

/// One line of a line chart, with an optional band (low, high) per point.
pub struct Series {
    /// Legend label.
    pub label: String,
    /// (x, y) points, x in [0, 1] of the horizontal axis.
    pub points: Vec<(f64, f64)>,
    /// Band around each point.
    pub band: Option<Vec<(f64, f64)>>,
}

/// The titles of a chart's axes.
pub struct Axes<'a> {
    /// The horizontal axis.
    pub x: &'a str,
    /// The vertical axis.
    pub y: &'a str,
}

const WIDTH: f64 = 760.0;
const LEFT: f64 = 70.0;
const RIGHT: f64 = 200.0;
const TOP: f64 = 40.0;

fn header(out: &mut String, id: &str, title: &str, height: f64) {
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{}" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" role="img" aria-label="{}" font-family="sans-serif" font-size="12"><title>{}</title><rect width="100%" height="100%" fill="white"/><text x="{LEFT}" y="22" font-size="15" font-weight="bold">{}</text>"#,
        escape(id),
        escape(title),
        escape(title),
        escape(title)
    );
}

/// A legend entry for series `i`: a short line in its colour and dash, and its label.
fn legend_line(out: &mut String, i: usize, x: f64, y: f64, label: &str) {
    let (color, dash) = style(i);
    let _ = write!(
        out,
        r#"<line x1="{x:.1}" x2="{:.1}" y1="{y:.1}" y2="{y:.1}" stroke="{color}" stroke-width="2.5"{}/><text x="{:.1}" y="{:.1}">{}</text>"#,
        x + 22.0,
        dash_attribute(dash),
        x + 28.0,
        y + 4.0,
        escape(label)
    );
}

fn dash_attribute(dash: &str) -> String {
    if dash.is_empty() {
        String::new()
    } else {
        format!(r#" stroke-dasharray="{dash}""#)
    }
}

/// A line chart of probabilities over time, with bands: the vertical axis
/// from 0 to at least `y_max`, in percent, with ticks; `x_ticks` are
/// (x in [0, 1], label).
pub fn line_chart(
    id: &str,
    title: &str,
    series: &[Series],
    x_ticks: &[(f64, String)],
    y_max: f64,
    axes: &Axes,
) -> String {
    let height = 345.0;
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = height - TOP - 55.0;
    let y_ticks = ticks(y_max, 6);
    let step = y_ticks.get(1).copied().unwrap_or(1.0);
    let top = y_ticks.last().copied().unwrap_or(1.0);
    let px = |x: f64| LEFT + x * plot_w;
    let py = |y: f64| TOP + plot_h * (1.0 - y / top);
    let mut out = String::new();
    header(&mut out, id, title, height);
    for &y in &y_ticks {
        let _ = write!(
            out,
            r##"<line x1="{LEFT}" x2="{:.1}" y1="{:.1}" y2="{:.1}" stroke="#ddd"/><line x1="{:.1}" x2="{LEFT}" y1="{:.1}" y2="{:.1}" stroke="#333"/><text class="tick" x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"##,
            px(1.0),
            py(y),
            py(y),
            LEFT - 5.0,
            py(y),
            py(y),
            LEFT - 8.0,
            py(y) + 4.0,
            tick_label(y, step, false)
        );
    }
    let _ = write!(
        out,
        r##"<line x1="{LEFT}" x2="{LEFT}" y1="{TOP}" y2="{:.1}" stroke="#333"/><line x1="{LEFT}" x2="{:.1}" y1="{:.1}" y2="{:.1}" stroke="#333"/>"##,
        py(0.0),
        px(1.0),
        py(0.0),
        py(0.0)
    );
    for (x, label) in x_ticks {
        let _ = write!(
            out,
            r##"<line x1="{:.1}" x2="{:.1}" y1="{:.1}" y2="{:.1}" stroke="#333"/><text class="tick" x="{:.1}" y="{:.1}" text-anchor="middle">{}</text>"##,
            px(*x),
            px(*x),
            py(0.0),
            py(0.0) + 5.0,
            px(*x),
            py(0.0) + 19.0,
            escape(label)
        );
    }
    let _ = write!(
        out,
        r##"<text class="axis-title" x="{:.1}" y="{:.1}" text-anchor="middle" fill="#333">{}</text><text class="axis-title" transform="translate(16 {:.1}) rotate(-90)" text-anchor="middle" fill="#333">{}</text>"##,
        px(0.5),
        py(0.0) + 40.0,
        escape(axes.x),
        TOP + plot_h / 2.0,
        escape(axes.y)
    );
    for (i, s) in series.iter().enumerate() {
        let (color, dash) = style(i);
        if let Some(band) = &s.band {
            let mut path = String::new();
            for (j, (x, _)) in s.points.iter().enumerate() {
                let _ = write!(
                    path,
                    "{}{:.1},{:.1} ",
                    if j == 0 { "M" } else { "L" },
                    px(*x),
                    py(band[j].1)
                );
            }
            for (j, (x, _)) in s.points.iter().enumerate().rev() {
                let _ = write!(path, "L{:.1},{:.1} ", px(*x), py(band[j].0));
            }
            let _ = write!(
                out,
                r#"<path class="band" d="{path}Z" fill="{color}" fill-opacity="0.15" stroke="none"/>"#
            );
        }
        let points: Vec<String> = s
            .points
            .iter()
            .map(|(x, y)| format!("{:.1},{:.1}", px(*x), py(*y)))
            .collect();
        let _ = write!(
            out,
            r#"<polyline class="series" points="{}" fill="none" stroke="{color}" stroke-width="2.5"{}><title>{}</title></polyline>"#,
            points.join(" "),
            dash_attribute(dash),
            escape(&s.label)
        );
        legend_line(
            &mut out,
            i,
            px(1.0) + 12.0,
            TOP + 4.0 + 17.0 * i as f64,
            &s.label,
        );
    }
    out.push_str("</svg>");
    out
}

/// One group of a grouped bar chart: a label and a value (with interval) per category.
pub struct BarGroup {
    /// Legend label (a strategy).
    pub label: String,
    /// Value per category, in [0, 1].
    pub values: Vec<f64>,
    /// Interval per category.
    pub intervals: Vec<(f64, f64)>,
}

/// Horizontal grouped bars: one row per category, one bar per group, on a
/// value axis in percent with ticks and the title `value_title`.
pub fn grouped_bars(
    id: &str,
    title: &str,
    categories: &[String],
    groups: &[BarGroup],
    value_title: &str,
) -> String {
    let bar = 10.0;
    let row = bar * groups.len() as f64 + 12.0;
    let plot_top = TOP + 10.0;
    let plot_bottom = plot_top + row * categories.len() as f64;
    let height = plot_bottom + 52.0;
    let label_w = 170.0;
    let plot_w = WIDTH - label_w - RIGHT + 30.0;
    let max = groups
        .iter()
        .flat_map(|g| {
            g.intervals
                .iter()
                .map(|i| i.1)
                .chain(g.values.iter().copied())
        })
        .fold(0.0f64, f64::max)
        .max(0.01);
    let x_ticks = ticks(max, 5);
    let step = x_ticks.get(1).copied().unwrap_or(1.0);
    let full = x_ticks.last().copied().unwrap_or(1.0);
    let px = |v: f64| label_w + plot_w * v / full;
    let mut out = String::new();
    header(&mut out, id, title, height);
    for &t in &x_ticks {
        let _ = write!(
            out,
            r##"<line x1="{:.1}" x2="{:.1}" y1="{plot_top:.1}" y2="{plot_bottom:.1}" stroke="#ddd"/><line x1="{:.1}" x2="{:.1}" y1="{plot_bottom:.1}" y2="{:.1}" stroke="#333"/><text class="tick" x="{:.1}" y="{:.1}" text-anchor="middle">{}</text>"##,
            px(t),
            px(t),
            px(t),
            px(t),
            plot_bottom + 5.0,
            px(t),
            plot_bottom + 19.0,
            tick_label(t, step, false)
        );
    }
    for (c, category) in categories.iter().enumerate() {
        let y0 = plot_top + 6.0 + row * c as f64;
        let _ = write!(
            out,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"#,
            label_w - 8.0,
            y0 + bar * groups.len() as f64 / 2.0 + 4.0,
            escape(category)
        );
        for (g, group) in groups.iter().enumerate() {
            let (color, _) = style(g);
            let y = y0 + bar * g as f64;
            let (lo, hi) = group.intervals[c];
            let _ = write!(
                out,
                r##"<rect class="bar" x="{label_w}" y="{y:.1}" width="{:.1}" height="{:.1}" fill="{color}"><title>{} — {}: {:.1}% ({:.1}–{:.1}%)</title></rect><line x1="{:.1}" x2="{:.1}" y1="{:.1}" y2="{:.1}" stroke="#333"/>"##,
                (px(group.values[c]) - label_w).max(0.0),
                bar - 1.0,
                escape(category),
                escape(&group.label),
                100.0 * group.values[c],
                100.0 * lo,
                100.0 * hi,
                px(lo),
                px(hi),
                y + bar / 2.0,
                y + bar / 2.0
            );
        }
    }
    let _ = write!(
        out,
        r##"<line x1="{label_w}" x2="{label_w}" y1="{plot_top:.1}" y2="{plot_bottom:.1}" stroke="#333"/><line x1="{label_w}" x2="{:.1}" y1="{plot_bottom:.1}" y2="{plot_bottom:.1}" stroke="#333"/><text class="axis-title" x="{:.1}" y="{:.1}" text-anchor="middle" fill="#333">{}</text>"##,
        px(full),
        px(full / 2.0),
        plot_bottom + 40.0,
        escape(value_title)
    );
    for (g, group) in groups.iter().enumerate() {
        let (color, _) = style(g);
        let ly = TOP + 10.0 + 17.0 * g as f64;
        let _ = write!(
            out,
            r#"<rect x="{:.1}" y="{:.1}" width="14" height="10" fill="{color}"/><text x="{:.1}" y="{:.1}">{}</text>"#,
            WIDTH - RIGHT + 50.0,
            ly - 5.0,
            WIDTH - RIGHT + 70.0,
            ly + 4.0,
            escape(&group.label)
        );
    }
    out.push_str("</svg>");
    out
}

/// A tornado chart: one bar per factor, centred on zero, signed, largest
/// first, on a value axis in percentage points with ticks and the title
/// `value_title`; `note` goes under the axis. Factors whose bar would be
/// narrower than a pixel are left out (and counted in the note), so no bar
/// has zero length.
pub fn tornado(
    id: &str,
    title: &str,
    rows: &[(String, f64)],
    value_title: &str,
    note: &str,
) -> String {
    let bar = 16.0;
    let label_w = 230.0;
    let plot_w = WIDTH - label_w - 40.0;
    let max = rows
        .iter()
        .map(|r| r.1.abs())
        .filter(|v| v.is_finite())
        .fold(0.0f64, f64::max);
    let half = ticks(max, 3);
    let step = half.get(1).copied().unwrap_or(1.0);
    let m = half.last().copied().unwrap_or(1.0);
    let centre = label_w + plot_w / 2.0;
    let px = |v: f64| centre + plot_w / 2.0 * v / m;
    let shown: Vec<&(String, f64)> = rows
        .iter()
        .filter(|(_, v)| v.is_finite() && plot_w / 2.0 * v.abs() / m >= 1.0)
        .collect();
    let left_out = rows.len() - shown.len();
    let plot_top = TOP + 8.0;
    let plot_bottom = plot_top + 8.0 + (bar + 6.0) * shown.len() as f64;
    let height = plot_bottom + 62.0;
    let mut out = String::new();
    header(&mut out, id, title, height);
    let all_ticks: Vec<f64> = half
        .iter()
        .rev()
        .map(|t| -t)
        .chain(half.iter().skip(1).copied())
        .collect();
    for &t in &all_ticks {
        let _ = write!(
            out,
            r##"<line x1="{:.1}" x2="{:.1}" y1="{plot_top:.1}" y2="{plot_bottom:.1}" stroke="{}"/><line x1="{:.1}" x2="{:.1}" y1="{plot_bottom:.1}" y2="{:.1}" stroke="#333"/><text class="tick" x="{:.1}" y="{:.1}" text-anchor="middle">{}</text>"##,
            px(t),
            px(t),
            if t == 0.0 { "#333" } else { "#ddd" },
            px(t),
            px(t),
            plot_bottom + 5.0,
            px(t),
            plot_bottom + 19.0,
            tick_label(t, step, true)
        );
    }
    for (i, (label, value)) in shown.iter().enumerate() {
        let y = plot_top + 4.0 + (bar + 6.0) * i as f64;
        let w = px(value.abs()) - centre;
        let x = if *value >= 0.0 { centre } else { centre - w };
        let color = if *value >= 0.0 {
            PALETTE[1]
        } else {
            PALETTE[0]
        };
        let _ = write!(
            out,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="end">{}</text><rect class="bar" x="{x:.1}" y="{y:.1}" width="{w:.1}" height="{bar}" fill="{color}"><title>{}: {} percentage points</title></rect>"#,
            label_w - 8.0,
            y + bar - 4.0,
            escape(label),
            escape(label),
            tick_label(*value, 0.001, true)
        );
    }
    let _ = write!(
        out,
        r##"<line x1="{:.1}" x2="{:.1}" y1="{plot_bottom:.1}" y2="{plot_bottom:.1}" stroke="#333"/><text class="axis-title" x="{centre:.1}" y="{:.1}" text-anchor="middle" fill="#333">{}</text>"##,
        px(-m),
        px(m),
        plot_bottom + 38.0,
        escape(value_title)
    );
    let note = if left_out > 0 {
        format!(
            "{note}. Not drawn: {left_out} factor{} whose mean effect is under a pixel at this scale.",
            if left_out == 1 { "" } else { "s" }
        )
    } else {
        note.to_string()
    };
    let _ = write!(
        out,
        r##"<text x="{:.1}" y="{:.1}" fill="#555" font-size="11">{}</text>"##,
        40.0,
        height - 8.0,
        escape(&note)
    );
    out.push_str("</svg>");
    out
}

/// One series of a reliability diagram: per bin (mean forecast, observed
/// share, forecasts in the bin).
pub struct ReliabilitySeries {
    /// Legend label.
    pub label: String,
    /// The bins with at least one forecast.
    pub bins: Vec<(f64, f64, usize)>,
}

/// A reliability diagram: each bin's observed share against its mean
/// forecast, both axes 0–100 %, the diagonal of perfect calibration, each
/// point labelled with its count (a bin of few forecasts says little).
pub fn reliability_diagram(id: &str, title: &str, series: &[ReliabilitySeries]) -> String {
    const SIDE: f64 = 420.0;
    let height = TOP + SIDE + 60.0;
    let mut out = String::new();
    header(&mut out, id, title, height);
    let (x0, y0) = (LEFT, TOP + SIDE);
    let at = |p: f64, o: f64| (x0 + SIDE * p, y0 - SIDE * o);
    for i in 0..=10 {
        let v = f64::from(i) / 10.0;
        let (x, y) = at(v, v);
        let _ = write!(
            out,
            r##"<line x1="{x:.1}" x2="{x:.1}" y1="{TOP:.1}" y2="{y0:.1}" stroke="#eee"/><line x1="{x0:.1}" x2="{:.1}" y1="{y:.1}" y2="{y:.1}" stroke="#eee"/><text x="{x:.1}" y="{:.1}" text-anchor="middle">{}</text><text x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"##,
            x0 + SIDE,
            y0 + 16.0,
            10 * i,
            x0 - 6.0,
            y + 4.0,
            10 * i
        );
    }
    let _ = write!(
        out,
        r##"<line x1="{x0:.1}" y1="{y0:.1}" x2="{:.1}" y2="{TOP:.1}" stroke="#999" stroke-dasharray="4 3"/><rect x="{x0:.1}" y="{TOP:.1}" width="{SIDE:.1}" height="{SIDE:.1}" fill="none" stroke="#444"/><text x="{:.1}" y="{:.1}" text-anchor="middle">mean forecast in the bin (%)</text><text transform="translate(18 {:.1}) rotate(-90)" text-anchor="middle">share that happened (%)</text>"##,
        x0 + SIDE,
        x0 + SIDE / 2.0,
        y0 + 36.0,
        TOP + SIDE / 2.0
    );
    for (i, s) in series.iter().enumerate() {
        let (color, dash) = style(i);
        let path: Vec<String> = s
            .bins
            .iter()
            .map(|&(p, o, _)| {
                let (x, y) = at(p, o);
                format!("{x:.1},{y:.1}")
            })
            .collect();
        let _ = write!(
            out,
            r#"<polyline points="{}" fill="none" stroke="{color}" stroke-width="2"{}/>"#,
            path.join(" "),
            dash_attribute(dash)
        );
        for &(p, o, count) in &s.bins {
            let (x, y) = at(p, o);
            let _ = write!(
                out,
                r#"<circle cx="{x:.1}" cy="{y:.1}" r="4" fill="{color}"><title>{}: forecast {:.1}%, happened {:.1}%, {count} forecasts</title></circle><text x="{:.1}" y="{:.1}" font-size="10" fill="{color}">{count}</text>"#,
                escape(&s.label),
                100.0 * p,
                100.0 * o,
                x + 6.0,
                y - 6.0 + 12.0 * i as f64
            );
        }
        legend_line(
            &mut out,
            i,
            x0 + SIDE + 20.0,
            TOP + 20.0 + 20.0 * i as f64,
            &s.label,
        );
    }
    let _ = write!(
        out,
        r##"<text x="{:.1}" y="{:.1}" font-size="11" fill="#555">numbers: forecasts in the bin</text></svg>"##,
        x0 + SIDE + 20.0,
        TOP + 30.0 + 20.0 * series.len() as f64
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const AXES: Axes = Axes {
        x: "week starting",
        y: "probability (%)",
    };

    #[test]
    fn charts_are_well_formed_and_escape_labels() {
        let s = line_chart(
            "c",
            "A <b> & C",
            &[Series {
                label: "x<y".into(),
                points: vec![(0.0, 0.0), (1.0, 0.5)],
                band: Some(vec![(0.0, 0.1), (0.4, 0.6)]),
            }],
            &[(0.0, "2025".into())],
            1.0,
            &AXES,
        );
        assert!(s.starts_with("<svg") && s.ends_with("</svg>"));
        assert!(s.contains("A &lt;b&gt; &amp; C") && s.contains("x&lt;y") && !s.contains("<b>"));
        assert_eq!(s.matches("<polyline").count(), 1);
        assert_eq!(s.matches("class=\"band\"").count(), 1);
        let t = tornado(
            "t",
            "T",
            &[("a".into(), 0.2), ("b".into(), -0.1)],
            "pp",
            "mu",
        );
        assert_eq!(t.matches("class=\"bar\"").count(), 2);
        let g = grouped_bars(
            "g",
            "G",
            &["war".into()],
            &[BarGroup {
                label: "grit".into(),
                values: vec![0.1],
                intervals: vec![(0.05, 0.15)],
            }],
            "probability (%)",
        );
        assert_eq!(g.matches("class=\"bar\"").count(), 1);
    }

    fn tick_texts(svg: &str) -> Vec<String> {
        svg.split("<text class=\"tick\"")
            .skip(1)
            .map(|t| t[t.find('>').expect("tag") + 1..t.find("</text>").expect("end")].to_string())
            .collect()
    }

    #[test]
    fn every_chart_has_value_ticks_and_axis_titles() {
        let s = line_chart(
            "c",
            "C",
            &[Series {
                label: "war".into(),
                points: vec![(0.0, 0.0), (1.0, 0.37)],
                band: None,
            }],
            &[(0.0, "2025-02-07".into()), (1.0, "2026-02-06".into())],
            0.4,
            &AXES,
        );
        assert_eq!(
            tick_texts(&s),
            ["0", "10", "20", "30", "40", "2025-02-07", "2026-02-06"]
        );
        let fine = line_chart("c", "C", &[], &[], 0.12, &AXES);
        assert_eq!(tick_texts(&fine), ["0", "2", "4", "6", "8", "10", "12"]);
        let finer = line_chart("c", "C", &[], &[], 0.011, &AXES);
        assert_eq!(
            tick_texts(&finer),
            ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0", "1.2"]
        );
        assert!(s.contains(">week starting</text>") && s.contains(">probability (%)</text>"));
        let g = grouped_bars(
            "g",
            "G",
            &["War".into()],
            &[BarGroup {
                label: "grit".into(),
                values: vec![0.12],
                intervals: vec![(0.1, 0.14)],
            }],
            "probability by the horizon (%)",
        );
        assert_eq!(tick_texts(&g), ["0", "5", "10", "15"]);
        assert!(g.contains(">probability by the horizon (%)</text>"));
        let t = tornado(
            "t",
            "T",
            &[("a".into(), 0.25), ("b".into(), -0.1)],
            "effect (percentage points)",
            "note",
        );
        assert_eq!(
            tick_texts(&t),
            ["−30", "−20", "−10", "0", "+10", "+20", "+30"]
        );
        assert!(t.contains(">effect (percentage points)</text>"));
    }

    #[test]
    fn the_tornado_draws_no_bar_without_length() {
        let t = tornado(
            "t",
            "T",
            &[
                ("big".into(), 0.3),
                ("zero".into(), 0.0),
                ("tiny".into(), -1e-6),
            ],
            "pp",
            "Morris",
        );
        assert_eq!(t.matches("class=\"bar\"").count(), 1);
        assert!(!t.contains(">zero</text>") && !t.contains(">tiny</text>"));
        assert!(t.contains("Not drawn: 2 factors"));
        for width in t.split("class=\"bar\"").skip(1).map(|r| {
            let w = &r[r.find("width=\"").expect("width") + 7..];
            w[..w.find('"').expect("quote")]
                .parse::<f64>()
                .expect("number")
        }) {
            assert!(width >= 1.0, "{width}");
        }
    }

    #[test]
    fn the_palette_is_okabe_and_ito_and_series_stay_distinct() {
        // Okabe & Ito (2008), the 8 colours as published (RGB 0–255):
        // blue (0,114,178), vermillion (213,94,0), bluish green (0,158,115),
        // reddish purple (204,121,167), orange (230,159,0), sky blue
        // (86,180,233), black (0,0,0), yellow (240,228,66).
        let mut expected = [
            "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442",
        ];
        let mut palette = PALETTE;
        palette.sort_unstable();
        expected.sort_unstable();
        assert_eq!(palette, expected);
        let styles: Vec<_> = (0..12).map(style).collect();
        for i in 0..styles.len() {
            for j in 0..i {
                assert_ne!(styles[i], styles[j], "series {i} and {j}");
            }
        }
    }

    #[test]
    fn a_reliability_diagram_plots_each_bin_with_its_count() {
        let svg = reliability_diagram(
            "r",
            "Reliability",
            &[ReliabilitySeries {
                label: "fitted".into(),
                bins: vec![(0.05, 0.1, 120), (0.45, 0.6, 7)],
            }],
        );
        assert_eq!(svg.matches("<circle").count(), 2);
        // x = 70 + 420·0.45 = 259, y = 40 + 420 − 420·0.6 = 208.
        assert!(svg.contains(r#"cx="259.0" cy="208.0""#), "{svg}");
        assert!(svg.contains(">120</text>") && svg.contains(">7</text>"));
        assert!(svg.contains("share that happened (%)"));
    }
}
