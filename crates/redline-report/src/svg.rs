//! Self-contained SVG charts: no scripts, no fonts or files from elsewhere.

use std::fmt::Write;

/// Okabe & Ito's (2008, "Color Universal Design") colours, distinguishable
/// under the common forms of colour blindness, then four darker companions;
/// lines past the eighth are also dashed.
pub const PALETTE: [&str; 12] = [
    "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#B8A200", "#000000",
    "#7F3C8D", "#3969AC", "#80BA5A", "#A5AA99",
];

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
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

const WIDTH: f64 = 760.0;
const LEFT: f64 = 60.0;
const RIGHT: f64 = 190.0;
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

/// A line chart of probabilities (y from 0 to `y_max`) over time, with bands.
/// `x_ticks` are (x in [0, 1], label).
pub fn line_chart(
    id: &str,
    title: &str,
    series: &[Series],
    x_ticks: &[(f64, String)],
    y_max: f64,
) -> String {
    let height = 340.0;
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = height - TOP - 50.0;
    let y_max = if y_max > 0.0 { y_max } else { 1.0 };
    let px = |x: f64| LEFT + x * plot_w;
    let py = |y: f64| TOP + plot_h * (1.0 - y / y_max);
    let mut out = String::new();
    header(&mut out, id, title, height);
    // Grid and axes.
    for i in 0..=4 {
        let y = y_max * f64::from(i) / 4.0;
        let _ = write!(
            out,
            r##"<line x1="{LEFT}" x2="{:.1}" y1="{:.1}" y2="{:.1}" stroke="#ddd"/><text x="{:.1}" y="{:.1}" text-anchor="end">{:.0}%</text>"##,
            px(1.0),
            py(y),
            py(y),
            LEFT - 6.0,
            py(y) + 4.0,
            100.0 * y
        );
    }
    for (x, label) in x_ticks {
        let _ = write!(
            out,
            r##"<line x1="{:.1}" x2="{:.1}" y1="{:.1}" y2="{:.1}" stroke="#999"/><text x="{:.1}" y="{:.1}" text-anchor="middle">{}</text>"##,
            px(*x),
            px(*x),
            py(0.0),
            py(0.0) + 5.0,
            px(*x),
            py(0.0) + 20.0,
            escape(label)
        );
    }
    for (i, s) in series.iter().enumerate() {
        let color = PALETTE[i % PALETTE.len()];
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
        let dash = if i >= 8 {
            r#" stroke-dasharray="6 3""#
        } else {
            ""
        };
        let _ = write!(
            out,
            r#"<polyline class="series" points="{}" fill="none" stroke="{color}" stroke-width="2"{dash}/>"#,
            points.join(" ")
        );
        let ly = TOP + 16.0 * i as f64;
        let _ = write!(
            out,
            r#"<rect x="{:.1}" y="{:.1}" width="12" height="3" fill="{color}"/><text x="{:.1}" y="{:.1}">{}</text>"#,
            px(1.0) + 12.0,
            ly,
            px(1.0) + 28.0,
            ly + 5.0,
            escape(&s.label)
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

/// Horizontal grouped bars: one row per category, one bar per group.
pub fn grouped_bars(id: &str, title: &str, categories: &[String], groups: &[BarGroup]) -> String {
    let bar = 9.0;
    let row = bar * groups.len() as f64 + 10.0;
    let height = TOP + 30.0 + row * categories.len() as f64;
    let label_w = 170.0;
    let plot_w = WIDTH - label_w - RIGHT + 40.0;
    let max = groups
        .iter()
        .flat_map(|g| g.intervals.iter().map(|i| i.1))
        .fold(0.0f64, f64::max)
        .max(0.05);
    let px = |v: f64| label_w + plot_w * v / max;
    let mut out = String::new();
    header(&mut out, id, title, height);
    for (c, category) in categories.iter().enumerate() {
        let y0 = TOP + 10.0 + row * c as f64;
        let _ = write!(
            out,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"#,
            label_w - 8.0,
            y0 + row / 2.0,
            escape(category)
        );
        for (g, group) in groups.iter().enumerate() {
            let color = PALETTE[g % PALETTE.len()];
            let y = y0 + bar * g as f64;
            let (lo, hi) = group.intervals[c];
            let _ = write!(
                out,
                r##"<rect class="bar" x="{label_w}" y="{y:.1}" width="{:.1}" height="{:.1}" fill="{color}"><title>{}: {:.1}%</title></rect><line x1="{:.1}" x2="{:.1}" y1="{:.1}" y2="{:.1}" stroke="#333"/>"##,
                (px(group.values[c]) - label_w).max(0.0),
                bar - 1.0,
                escape(&group.label),
                100.0 * group.values[c],
                px(lo),
                px(hi),
                y + bar / 2.0,
                y + bar / 2.0
            );
        }
    }
    for (g, group) in groups.iter().enumerate() {
        let color = PALETTE[g % PALETTE.len()];
        let ly = TOP + 16.0 * g as f64;
        let _ = write!(
            out,
            r#"<rect x="{:.1}" y="{:.1}" width="12" height="8" fill="{color}"/><text x="{:.1}" y="{:.1}">{}</text>"#,
            WIDTH - RIGHT + 60.0,
            ly,
            WIDTH - RIGHT + 76.0,
            ly + 8.0,
            escape(&group.label)
        );
    }
    let _ = write!(
        out,
        r##"<text x="{label_w}" y="{:.1}" fill="#555">probability by the horizon (bars: 95% intervals); full scale {:.0}%</text>"##,
        height - 8.0,
        100.0 * max
    );
    out.push_str("</svg>");
    out
}

/// A tornado chart: one bar per factor, centred on zero, signed, largest first.
pub fn tornado(id: &str, title: &str, rows: &[(String, f64)], unit: &str) -> String {
    let bar = 16.0;
    let height = TOP + 40.0 + (bar + 6.0) * rows.len() as f64;
    let label_w = 280.0;
    let plot_w = WIDTH - label_w - 40.0;
    let max = rows
        .iter()
        .map(|r| r.1.abs())
        .fold(0.0f64, f64::max)
        .max(1e-9);
    let centre = label_w + plot_w / 2.0;
    let mut out = String::new();
    header(&mut out, id, title, height);
    let _ = write!(
        out,
        r##"<line x1="{centre:.1}" x2="{centre:.1}" y1="{TOP}" y2="{:.1}" stroke="#333"/>"##,
        height - 30.0
    );
    for (i, (label, value)) in rows.iter().enumerate() {
        let y = TOP + 10.0 + (bar + 6.0) * i as f64;
        let w = plot_w / 2.0 * value.abs() / max;
        let x = if *value >= 0.0 { centre } else { centre - w };
        let color = if *value >= 0.0 {
            PALETTE[1]
        } else {
            PALETTE[0]
        };
        let _ = write!(
            out,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="end">{}</text><rect class="bar" x="{x:.1}" y="{y:.1}" width="{w:.1}" height="{bar}" fill="{color}"><title>{}: {value:+.4}</title></rect>"#,
            label_w - 8.0,
            y + bar - 4.0,
            escape(label),
            escape(label)
        );
    }
    let _ = write!(
        out,
        r##"<text x="{label_w}" y="{:.1}" fill="#555">{}</text>"##,
        height - 10.0,
        escape(unit)
    );
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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
        );
        assert!(s.starts_with("<svg") && s.ends_with("</svg>"));
        assert!(s.contains("A &lt;b&gt; &amp; C") && s.contains("x&lt;y") && !s.contains("<b>"));
        assert_eq!(s.matches("<polyline").count(), 1);
        assert_eq!(s.matches("class=\"band\"").count(), 1);
        let t = tornado("t", "T", &[("a".into(), 0.2), ("b".into(), -0.1)], "mu");
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
        );
        assert_eq!(g.matches("class=\"bar\"").count(), 1);
    }
}
