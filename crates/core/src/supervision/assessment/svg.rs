//! Charts of the bulletin as plain SVG strings, rendered on the server: no script, no external
//! font (the system's sans-serif), so the page, the print view and an archived copy show the
//! same picture. Every label is XML-escaped.

use std::fmt::Write;

/// Escapes text for SVG.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(ch),
        }
    }
    out
}

const FONT: &str = "font-family=\"sans-serif\"";

/// Horizontal bars (a ranking): one bar per label, the value printed at its end. `max` is the
/// scale's end (e.g. 100 for scores); `highlight` marks bars drawn in the alert colour (末位).
pub fn bars(title: &str, rows: &[(String, f64)], max: f64, highlight: &[usize]) -> String {
    let (label_w, bar_w, row_h, top) = (210.0, 330.0, 18.0, 28.0);
    let width = label_w + bar_w + 60.0;
    let height = top + row_h * rows.len() as f64 + 10.0;
    let max = if max > 0.0 { max } else { 1.0 };
    let mut s = String::new();
    let _ = write!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-label=\"{t}\">\
         <title>{t}</title><text x=\"0\" y=\"16\" {FONT} font-size=\"13\" font-weight=\"bold\">{t}</text>",
        t = esc(title)
    );
    for (i, (label, v)) in rows.iter().enumerate() {
        let y = top + row_h * i as f64;
        let w = (v / max).clamp(0.0, 1.0) * bar_w;
        let fill = if highlight.contains(&i) {
            "#c0392b"
        } else {
            "#2f6db5"
        };
        let _ = write!(
            s,
            "<text x=\"{lx}\" y=\"{ty}\" {FONT} font-size=\"11\" text-anchor=\"end\">{l}</text>\
             <rect x=\"{label_w}\" y=\"{ry}\" width=\"{w:.1}\" height=\"{bh}\" fill=\"{fill}\"/>\
             <text x=\"{vx:.1}\" y=\"{ty}\" {FONT} font-size=\"11\">{v:.2}</text>",
            lx = label_w - 6.0,
            ty = y + 12.0,
            l = esc(label),
            ry = y + 2.0,
            bh = row_h - 5.0,
            vx = label_w + w + 4.0,
        );
    }
    s.push_str("</svg>");
    s
}

/// Lines over months: `x_labels` on the axis, one polyline per series (name, values; `None`
/// leaves a gap), with a legend. The scale runs from 0 to the largest value.
pub fn lines(title: &str, x_labels: &[String], series: &[(String, Vec<Option<f64>>)]) -> String {
    let (left, right, top, bottom) = (44.0, 16.0, 44.0, 28.0);
    let (width, height) = (600.0, 240.0);
    let plot_w = width - left - right;
    let plot_h = height - top - bottom;
    let max = series
        .iter()
        .flat_map(|(_, v)| v.iter().flatten())
        .fold(0.0f64, |a, b| a.max(*b));
    let max = if max > 0.0 { nice(max) } else { 1.0 };
    let n = x_labels.len().max(1);
    let x = |i: usize| {
        if n == 1 {
            left + plot_w / 2.0
        } else {
            left + plot_w * i as f64 / (n - 1) as f64
        }
    };
    let y = |v: f64| top + plot_h * (1.0 - v / max);
    let colours = ["#2f6db5", "#c0392b", "#27855a", "#b7791f", "#6b46c1"];
    let mut s = String::new();
    let _ = write!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-label=\"{t}\">\
         <title>{t}</title><text x=\"0\" y=\"16\" {FONT} font-size=\"13\" font-weight=\"bold\">{t}</text>",
        t = esc(title)
    );
    // Axes and a few grid lines.
    for k in 0..=4 {
        let v = max * k as f64 / 4.0;
        let yy = y(v);
        let _ = write!(
            s,
            "<line x1=\"{left}\" y1=\"{yy:.1}\" x2=\"{x2}\" y2=\"{yy:.1}\" stroke=\"#ddd\"/>\
             <text x=\"{tx}\" y=\"{ty:.1}\" {FONT} font-size=\"10\" text-anchor=\"end\">{v}</text>",
            x2 = width - right,
            tx = left - 4.0,
            ty = yy + 3.0,
            v = trim_num(v),
        );
    }
    for (i, l) in x_labels.iter().enumerate() {
        let _ = write!(
            s,
            "<text x=\"{:.1}\" y=\"{}\" {FONT} font-size=\"10\" text-anchor=\"middle\">{}</text>",
            x(i),
            height - 10.0,
            esc(l)
        );
    }
    for (k, (name, values)) in series.iter().enumerate() {
        let c = colours[k % colours.len()];
        let mut pts = Vec::new();
        for (i, v) in values.iter().enumerate() {
            if let Some(v) = v {
                pts.push(format!("{:.1},{:.1}", x(i), y(*v)));
            }
        }
        if !pts.is_empty() {
            let _ = write!(
                s,
                "<polyline fill=\"none\" stroke=\"{c}\" stroke-width=\"2\" points=\"{}\"/>",
                pts.join(" ")
            );
            for p in &pts {
                if let Some((px, py)) = p.split_once(',') {
                    let _ = write!(s, "<circle cx=\"{px}\" cy=\"{py}\" r=\"3\" fill=\"{c}\"/>");
                }
            }
        }
        let lx = left + 130.0 * k as f64;
        let _ = write!(
            s,
            "<rect x=\"{lx}\" y=\"24\" width=\"10\" height=\"10\" fill=\"{c}\"/>\
             <text x=\"{tx}\" y=\"33\" {FONT} font-size=\"11\">{}</text>",
            esc(name),
            tx = lx + 14.0
        );
    }
    s.push_str("</svg>");
    s
}

fn nice(max: f64) -> f64 {
    let mag = 10f64.powf(max.log10().floor());
    for step in [1.0, 2.0, 2.5, 5.0, 10.0] {
        if max <= step * mag {
            return step * mag;
        }
    }
    10.0 * mag
}

fn trim_num(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        format!("{}", v.round() as i64)
    } else {
        format!("{v:.1}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charts_are_svg_and_escape_labels() {
        let b = bars(
            "排名 <1>",
            &[("A&B".into(), 50.0), ("C".into(), 100.0)],
            100.0,
            &[1],
        );
        assert!(b.starts_with("<svg"));
        assert!(b.contains("A&amp;B"));
        assert!(b.contains("排名 &lt;1&gt;"));
        assert!(b.contains("#c0392b"));
        let l = lines(
            "趋势",
            &["1月".into(), "2月".into()],
            &[("案件".into(), vec![Some(3.0), None])],
        );
        assert!(l.contains("<polyline"));
        assert!(l.ends_with("</svg>"));
        assert_eq!(nice(87.0), 100.0);
        assert_eq!(nice(13.0), 20.0);
    }
}
