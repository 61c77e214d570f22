//! The report's charts, drawn by plotters into SVG strings. Text is left
//! to the browser (SVG `<text>`, the page's font), so label areas are
//! sized from the labels' lengths and long names are shortened.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::epoch;

/// Width of every chart: fits a 1,280 px window and an A4 page with margins.
pub const WIDTH: u32 = 1120;
/// Room for a legend right of a line chart.
const LEGEND: u32 = 230;
/// Rows of horizontal bars and heat maps.
const ROW: u32 = 24;

/// Tableau 10: distinct in hue and readable on white.
const PALETTE: [RGBColor; 10] = [
    RGBColor(78, 121, 167),
    RGBColor(242, 142, 43),
    RGBColor(225, 87, 89),
    RGBColor(118, 183, 178),
    RGBColor(89, 161, 79),
    RGBColor(237, 201, 72),
    RGBColor(176, 122, 161),
    RGBColor(255, 157, 167),
    RGBColor(156, 117, 95),
    RGBColor(186, 176, 172),
];
pub const GOOD: RGBColor = RGBColor(89, 161, 79);
pub const BAD: RGBColor = RGBColor(225, 87, 89);
pub const NEUTRAL: RGBColor = RGBColor(120, 120, 120);
const INK: RGBColor = RGBColor(40, 40, 40);
const GRID: RGBColor = RGBColor(225, 225, 225);

type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;
type Drawn = Result<(), Box<dyn std::error::Error>>;

/// A chart plotters could not draw.
#[derive(Debug, thiserror::Error)]
#[error("cannot draw the {chart} chart: {message}")]
pub struct ChartError {
    pub chart: &'static str,
    pub message: String,
}

fn svg(
    chart: &'static str,
    size: (u32, u32),
    draw: impl FnOnce(&Area) -> Drawn,
) -> Result<String, ChartError> {
    let mut out = String::new();
    let drawn = {
        let root = SVGBackend::with_string(&mut out, size).into_drawing_area();
        root.fill(&WHITE)
            .map_err(Into::into)
            .and_then(|_| draw(&root))
            .and_then(|_| root.present().map_err(Into::into))
    };
    drawn.map_err(|e| ChartError {
        chart,
        message: e.to_string(),
    })?;
    Ok(out)
}

/// Text of `size` pixels: plotters writes font sizes divided by 1.24.
fn text(size: u32) -> TextStyle<'static> {
    ("sans-serif", size as f64 * 1.24).into_font().color(&INK)
}

/// A name cut to `max` characters, with an ellipsis when cut.
pub fn shorten(name: &str, max: usize) -> String {
    if name.chars().count() <= max {
        return name.to_string();
    }
    let mut cut: String = name.chars().take(max - 1).collect();
    cut.push('…');
    cut
}

/// `13.8 kB`, `1.2 GB`: sizes as newsmill reports them (powers of 1000).
pub fn bytes(n: f64) -> String {
    match n {
        n if n < 1e3 => format!("{n:.0} B"),
        n if n < 1e6 => format!("{:.1} kB", n / 1e3),
        n if n < 1e9 => format!("{:.1} MB", n / 1e6),
        n => format!("{:.2} GB", n / 1e9),
    }
}

/// Pixels for a column of labels: about 7 px a character at 12 px.
fn label_width(labels: &[String]) -> u32 {
    let longest = labels.iter().map(|l| l.chars().count()).max().unwrap_or(0);
    (longest as u32 * 7 + 16).clamp(40, 280)
}

/// `12,345` for 12345.
pub fn thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

/// ISO day of polars' day number.
pub fn day(days: i32) -> String {
    epoch::day_of(days).map_or_else(|| days.to_string(), |d| d.to_string())
}

/// Tick days for a date axis from `first` to `last`: Mondays, first days
/// of months or of years, at most about ten of them.
fn date_ticks(first: i32, last: i32) -> (Vec<i32>, fn(i32) -> String) {
    let span = last - first + 1;
    let month_starts = |every: u32, month_one: bool| {
        let mut ticks = Vec::new();
        let mut d = super::figures::Period::Month.start(first);
        while d <= last {
            let date = epoch::day_of(d).expect("in range");
            let month = chrono::Datelike::month0(&date);
            if d >= first && month.is_multiple_of(every) && (!month_one || month == 0) {
                ticks.push(d);
            }
            d = super::figures::Period::Month.next(d);
        }
        ticks
    };
    if span <= 70 {
        let step = 7 * ((span / 70) + 1);
        let monday = super::figures::week_of(first);
        let start = if monday < first { monday + 7 } else { monday };
        return ((start..=last).step_by(step as usize).collect(), day);
    }
    let months = span / 30;
    if months <= 36 {
        let every = [1, 2, 3, 6]
            .into_iter()
            .find(|e| months / e <= 12)
            .unwrap_or(6) as u32;
        return (month_starts(every, false), |d| day(d)[..7].to_string());
    }
    let years = (span / 365).max(1) as usize;
    let every = years.div_ceil(10);
    let ticks = month_starts(12, true);
    (ticks.into_iter().step_by(every).collect(), |d| {
        day(d)[..4].to_string()
    })
}

/// One line per series over days (week starts), with a legend beside it.
pub fn lines(
    chart: &'static str,
    days: &[i32],
    series: &[(String, Vec<i64>)],
    y_desc: &str,
) -> Result<String, ChartError> {
    let height = 420;
    svg(chart, (WIDTH, height), |root| {
        let (plot, legend) = root.split_horizontally(WIDTH - LEGEND);
        let first = days.first().copied().unwrap_or(0);
        let last = days.last().copied().unwrap_or(0).max(first + 6);
        let top = series
            .iter()
            .flat_map(|s| &s.1)
            .copied()
            .max()
            .unwrap_or(0)
            .max(1);
        let (ticks, label) = date_ticks(first, last);
        let mut c = ChartBuilder::on(&plot)
            .margin(12)
            .x_label_area_size(32)
            .y_label_area_size(64)
            .build_cartesian_2d(first..last + 1, 0f64..top as f64 * 1.08)?;
        c.configure_mesh()
            .light_line_style(TRANSPARENT)
            .bold_line_style(GRID)
            .x_labels(0)
            .label_style(text(12))
            .axis_desc_style(text(12))
            .y_label_formatter(&|n| thousands(*n as i64))
            .y_desc(y_desc)
            .draw()?;
        let grid = ticks
            .iter()
            .map(|&d| PathElement::new(vec![(d, 0.0), (d, top as f64 * 1.08)], GRID));
        c.draw_series(grid)?;
        for &d in &ticks {
            let at = c.backend_coord(&(d, 0.0));
            root.draw(&Text::new(
                label(d),
                (at.0, at.1 + 6),
                text(12).pos(Pos::new(HPos::Center, VPos::Top)),
            ))?;
        }
        for (i, (_, values)) in series.iter().enumerate() {
            let color = PALETTE[i % PALETTE.len()];
            let points = days.iter().zip(values).map(|(&d, &v)| (d, v as f64));
            let line = LineSeries::new(points, color.stroke_width(2));
            c.draw_series(line.point_size(if days.len() < 30 { 3 } else { 0 }))?;
        }
        let names: Vec<&str> = series.iter().map(|s| s.0.as_str()).collect();
        draw_legend(&legend, &names)
    })
}

fn draw_legend(area: &Area, names: &[&str]) -> Drawn {
    for (i, name) in names.iter().enumerate() {
        let y = 24 + i as i32 * 22;
        let color = PALETTE[i % PALETTE.len()];
        area.draw(&PathElement::new(
            vec![(8, y), (32, y)],
            color.stroke_width(3),
        ))?;
        let label = shorten(name, 26);
        area.draw(&Text::new(label, (40, y - 7), text(13)))?;
    }
    Ok(())
}

/// Days (or weeks, months) by actors: one row per name, cell shade by count.
pub fn heat_map(
    chart: &'static str,
    names: &[String],
    starts: &[i32],
    rows: &[Vec<i64>],
) -> Result<String, ChartError> {
    let labels: Vec<String> = names.iter().map(|n| shorten(n, 30)).collect();
    let height = names.len() as u32 * ROW + 80;
    let top = rows.iter().flatten().copied().max().unwrap_or(0).max(1);
    svg(chart, (WIDTH, height), |root| {
        let (plot, scale) = root.split_horizontally(WIDTH - 120);
        let n = names.len();
        let columns = starts.len().max(1) as f64;
        let first = starts.first().copied().unwrap_or(0);
        let last = starts.last().copied().unwrap_or(0);
        let (ticks, label) = date_ticks(first, last.max(first + 6));
        let mut c = ChartBuilder::on(&plot)
            .margin(12)
            .x_label_area_size(32)
            .y_label_area_size(label_width(&labels))
            .build_cartesian_2d(0f64..columns, 0f64..n as f64)?;
        c.configure_mesh()
            .disable_mesh()
            .x_labels(0)
            .y_labels(0)
            .draw()?;
        c.draw_series(rows.iter().enumerate().flat_map(|(r, row)| {
            row.iter().enumerate().map(move |(col, &v)| {
                let (x, y) = (col as f64, (n - r - 1) as f64);
                Rectangle::new([(x, y), (x + 1.0, y + 1.0)], shade(v, top).filled())
            })
        }))?;
        for d in ticks {
            // The column holding the tick's day, labelled at its left edge.
            let column = starts.partition_point(|&s| s <= d).saturating_sub(1) as f64;
            let at = c.backend_coord(&(column, 0.0));
            root.draw(&Text::new(label(d), (at.0, at.1 + 6), below()))?;
        }
        name_rows(root, &labels, |i| {
            c.backend_coord(&(0.0, (n - i - 1) as f64 + 0.5))
        })?;
        draw_scale(&scale, top)
    })
}

fn below() -> TextStyle<'static> {
    text(12).pos(Pos::new(HPos::Center, VPos::Top))
}

/// Names left of a chart's rows, the first at the top; `at(i)` is the
/// pixel of row i's left edge, half way down.
fn name_rows(root: &Area, labels: &[String], at: impl Fn(usize) -> (i32, i32)) -> Drawn {
    for (i, label) in labels.iter().enumerate() {
        let (x, y) = at(i);
        let style = text(12).pos(Pos::new(HPos::Right, VPos::Center));
        root.draw(&Text::new(label.clone(), (x - 6, y), style))?;
    }
    Ok(())
}

/// White to dark blue, on a square-root scale so that a few large days do
/// not wash out the rest; zero stays white.
fn shade(n: i64, top: i64) -> RGBColor {
    if n <= 0 {
        return RGBColor(247, 247, 247);
    }
    let t = (n as f64 / top as f64).sqrt().clamp(0.0, 1.0);
    let mix = |from: f64, to: f64| (from + (to - from) * (0.15 + 0.85 * t)) as u8;
    RGBColor(mix(235.0, 8.0), mix(243.0, 48.0), mix(251.0, 107.0))
}

/// The legend of [`shade`]: up to eight counts from 1 to `top`.
fn draw_scale(area: &Area, top: i64) -> Drawn {
    area.draw(&Text::new("mentions", (10, 14), text(12)))?;
    let mut steps: Vec<i64> = (1..=8)
        .map(|i| ((top as f64 * (i as f64 / 8.0).powi(2)).round() as i64).max(1))
        .collect();
    steps.dedup();
    for (i, &n) in steps.iter().enumerate() {
        let y = 34 + i as i32 * 18;
        area.draw(&Rectangle::new(
            [(10, y), (28, y + 16)],
            shade(n, top).filled(),
        ))?;
        area.draw(&Text::new(thousands(n), (34, y + 2), text(11)))?;
    }
    Ok(())
}

/// Horizontal bars, one per label, each in its colour, the value written
/// beside the bar. Values may be negative (bars go left of zero).
pub fn bars(
    chart: &'static str,
    width: u32,
    labels: &[String],
    values: &[f64],
    colors: &[RGBColor],
    value_text: &[String],
    x_desc: &str,
) -> Result<String, ChartError> {
    let labels: Vec<String> = labels.iter().map(|l| shorten(l, 30)).collect();
    let n = labels.len();
    let height = n.max(1) as u32 * ROW + 70;
    let low = values.iter().copied().fold(0f64, f64::min);
    let high = values.iter().copied().fold(0f64, f64::max);
    let high = if low < 0.0 { high } else { high.max(1.0) };
    // Room beside the longest bar for its value.
    let pad = (high - low).max(1.0) * 0.3;
    let (left, right) = (
        if low < 0.0 { low - pad } else { 0.0 },
        if high > 0.0 { high + pad } else { 0.0 },
    );
    svg(chart, (width, height), |root| {
        let mut c = ChartBuilder::on(root)
            .margin(12)
            .x_label_area_size(36)
            .y_label_area_size(label_width(&labels))
            .build_cartesian_2d(left..right, 0f64..n as f64)?;
        c.configure_mesh()
            .disable_y_mesh()
            .y_labels(0)
            .light_line_style(TRANSPARENT)
            .bold_line_style(GRID)
            .label_style(text(12))
            .axis_desc_style(text(12))
            .x_desc(x_desc)
            .x_labels(6)
            .x_label_formatter(&|x| thousands(x.round() as i64))
            .draw()?;
        for (i, &v) in values.iter().enumerate() {
            let y = (n - i - 1) as f64;
            let color = colors.get(i).copied().unwrap_or(PALETTE[0]);
            c.draw_series([Rectangle::new(
                [(0.0, y + 0.2), (v, y + 0.8)],
                color.filled(),
            )])?;
            let (anchor, shift) = if v < 0.0 {
                (HPos::Right, -4)
            } else {
                (HPos::Left, 4)
            };
            let style = text(11).pos(Pos::new(anchor, VPos::Center));
            let at = c.backend_coord(&(v, y + 0.5));
            let label = value_text.get(i).cloned().unwrap_or_default();
            root.draw(&Text::new(label, (at.0 + shift, at.1), style))?;
        }
        name_rows(root, &labels, |i| {
            c.backend_coord(&(left, (n - i - 1) as f64 + 0.5))
        })
    })
}

/// A symmetric matrix of counts between named actors, numbers in the cells.
pub fn matrix(
    chart: &'static str,
    names: &[String],
    cells: &[Vec<i64>],
) -> Result<String, ChartError> {
    let n = names.len();
    let labels: Vec<String> = names
        .iter()
        .enumerate()
        .map(|(i, name)| format!("{} {}", i + 1, shorten(name, 28)))
        .collect();
    let label_area = label_width(&labels);
    let cell = ((WIDTH - label_area - 60) / n.max(1) as u32).min(44);
    let (width, height) = (label_area + n as u32 * cell + 40, n as u32 * cell + 60);
    let top = cells.iter().flatten().copied().max().unwrap_or(0).max(1);
    svg(chart, (width, height), |root| {
        let mut c = ChartBuilder::on(root)
            .margin(12)
            .top_x_label_area_size(24)
            .y_label_area_size(label_area)
            .build_cartesian_2d(0f64..n as f64, 0f64..n as f64)?;
        c.configure_mesh()
            .disable_mesh()
            .x_labels(0)
            .y_labels(0)
            .draw()?;
        for (i, row) in cells.iter().enumerate() {
            for (j, &v) in row.iter().enumerate() {
                let (x, y) = (j as f64, (n - i - 1) as f64);
                let fill = if i == j { WHITE } else { shade(v, top) };
                c.draw_series([Rectangle::new([(x, y), (x + 1.0, y + 1.0)], fill.filled())])?;
                if v > 0 {
                    let dark = (v as f64 / top as f64).sqrt() > 0.5;
                    let color = if dark { WHITE } else { INK };
                    let style = text(11)
                        .color(&color)
                        .pos(Pos::new(HPos::Center, VPos::Center));
                    let at = c.backend_coord(&(x + 0.5, y + 0.5));
                    root.draw(&Text::new(thousands(v), at, style))?;
                }
            }
            let at = c.backend_coord(&(i as f64 + 0.5, n as f64));
            let style = text(12).pos(Pos::new(HPos::Center, VPos::Bottom));
            root.draw(&Text::new((i + 1).to_string(), (at.0, at.1 - 4), style))?;
        }
        name_rows(root, &labels, |i| {
            c.backend_coord(&(0.0, (n - i - 1) as f64 + 0.5))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_get_thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(thousands(-1000), "-1,000");
    }

    #[test]
    fn long_names_are_shortened_by_characters() {
        assert_eq!(shorten("Bogotá", 6), "Bogotá");
        assert_eq!(shorten("Organisation für Wirtschaft", 8), "Organis…");
    }

    #[test]
    fn date_ticks_are_few_and_inside_the_span() {
        // 1987-01-01 .. 1987-12-31: months, at most twelve labels.
        let (first, last) = (6209, 6573);
        let (ticks, label) = date_ticks(first, last);
        assert!(ticks.len() <= 12 && ticks.len() >= 4, "{ticks:?}");
        assert!(ticks.iter().all(|&t| t >= first && t <= last));
        assert_eq!(label(ticks[0]).len(), 7, "YYYY-MM");
        // Twenty years: years.
        let (ticks, label) = date_ticks(first, first + 20 * 365);
        assert!(ticks.len() <= 11, "{ticks:?}");
        assert_eq!(label(ticks[0]), "1987");
    }

    #[test]
    fn every_chart_is_an_svg_with_its_labels() {
        let names = vec!["Ankara".to_string(), "Bogotá <city>".to_string()];
        let svg = lines(
            "test",
            &[0, 7, 14],
            &[(names[0].clone(), vec![1, 5, 2])],
            "mentions",
        )
        .unwrap();
        assert!(svg.starts_with("<svg") && svg.contains("Ankara"));
        let svg = heat_map("test", &names, &[0, 1, 2], &[vec![0, 3, 1], vec![2, 0, 0]]).unwrap();
        assert!(svg.contains("Bogotá &lt;city&gt;"), "labels are escaped");
        let svg = bars(
            "test",
            WIDTH,
            &names,
            &[3.0, -2.0],
            &[GOOD, BAD],
            &["+3".into(), "-2".into()],
            "change",
        )
        .unwrap();
        assert!(svg.contains("+3") && svg.contains("-2"));
        let svg = matrix("test", &names, &[vec![0, 4], vec![4, 0]]).unwrap();
        assert!(
            svg.contains("1 Ankara") && svg.contains(">\n4\n</text>"),
            "{svg}"
        );
    }
}
