//! The report's charts, drawn by plotters into SVG strings. Text is left
//! to the browser (SVG `<text>`, the page's font), so label areas are
//! sized from the labels' lengths and long names are shortened.

use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::figures::{Period, Window, week_of};
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
/// A colour as the charts take it.
pub type Rgb = RGBColor;

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

/// Pixels a label takes at 12 px: about 7 a character.
fn text_width(label: &str) -> u32 {
    label.chars().count() as u32 * 7
}

/// Pixels for a column of labels.
fn label_width(labels: &[String]) -> u32 {
    let longest = labels.iter().map(|l| text_width(l)).max().unwrap_or(0);
    (longest + 16).clamp(40, 280)
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

/// `9,999`, `12k`, `3.4M`: a count that fits a matrix cell.
fn compact(n: i64) -> String {
    match n.unsigned_abs() {
        0..10_000 => thousands(n),
        10_000..1_000_000 => format!("{}k", n / 1000),
        _ => format!("{:.1}M", n as f64 / 1e6),
    }
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

/// ISO day of polars' day number.
pub fn day(days: i32) -> String {
    epoch::day_of(days).map_or_else(|| days.to_string(), |d| d.to_string())
}

fn month_label(days: i32) -> String {
    day(days).get(..7).unwrap_or_default().to_string()
}

fn year_label(days: i32) -> String {
    epoch::day_of(days).map_or_else(
        || days.to_string(),
        |d| chrono::Datelike::year(&d).to_string(),
    )
}

/// Tick days for a date axis from `first` to `last`: Mondays, first days of
/// months, or first days of round years, about ten of them at most.
fn date_ticks(first: i32, last: i32) -> (Vec<i32>, fn(i32) -> String) {
    use chrono::Datelike;
    let span = i64::from(last) - i64::from(first) + 1;
    if span <= 70 {
        let step = 7 * (span / 70 + 1) as usize;
        let monday = week_of(first);
        let start = if monday < first { monday + 7 } else { monday };
        return ((start..=last).step_by(step).collect(), day);
    }
    let months = span / 30;
    if months <= 36 {
        let every = [1, 2, 3, 6]
            .into_iter()
            .find(|e| months / e <= 12)
            .unwrap_or(6) as u32;
        let months = Window {
            first,
            last,
            left_out: 0,
        };
        let ticks: Vec<i32> = Period::Month
            .starts(&months)
            .into_iter()
            .filter(|&d| d >= first)
            .filter(|&d| epoch::day_of(d).is_some_and(|date| date.month0().is_multiple_of(every)))
            .collect();
        return (ticks, month_label);
    }
    let year = |d: i32| epoch::day_of(d).map_or(1970, |date| date.year());
    let (from, to) = (year(first), year(last));
    let step = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 10_000]
        .into_iter()
        .find(|s| (to - from) / s <= 10)
        .unwrap_or(100_000);
    let ticks = (from..=to)
        .filter(|y| y.rem_euclid(step) == 0)
        .filter_map(|y| epoch::days(chrono::NaiveDate::from_ymd_opt(y, 1, 1)))
        .filter(|&d| d >= first && d <= last)
        .collect();
    (ticks, year_label)
}

type Cells<'a> = ChartContext<'a, SVGBackend<'a>, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// The axes of a chart of cells, without plotters' labels or grid: the
/// caller labels rows and columns itself.
fn draw_frame(c: &mut Cells) -> Drawn {
    c.configure_mesh()
        .disable_mesh()
        .x_labels(0)
        .x_label_formatter(&|_| String::new())
        .y_labels(0)
        .y_label_formatter(&|_| String::new())
        .draw()?;
    Ok(())
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

/// One line per series over periods starting on `starts`, a legend beside.
/// The first series is drawn widest, so a later one equal to it does not
/// hide it.
pub fn lines(
    chart: &'static str,
    starts: &[i32],
    series: &[(String, Vec<i64>)],
    y_desc: &str,
) -> Result<String, ChartError> {
    svg(chart, (WIDTH, 420), |root| {
        let (plot, legend) = root.split_horizontally(WIDTH - LEGEND);
        let first = starts.first().copied().unwrap_or(0);
        let last = starts.last().copied().unwrap_or(0).max(first + 6);
        let top = series
            .iter()
            .flat_map(|s| &s.1)
            .copied()
            .max()
            .unwrap_or(0)
            .max(1);
        let y_top = (top + top / 12).max(top + 1);
        let mut c = ChartBuilder::on(&plot)
            .margin(12)
            .x_label_area_size(32)
            .y_label_area_size(64)
            .build_cartesian_2d(first..last + 1, 0..y_top)?;
        c.configure_mesh()
            .light_line_style(TRANSPARENT)
            .bold_line_style(GRID)
            .x_labels(0)
            .x_label_formatter(&|_| String::new())
            .y_labels(y_top.min(10) as usize + 1)
            .label_style(text(12))
            .axis_desc_style(text(12))
            .y_label_formatter(&|n| thousands(*n))
            .y_desc(y_desc)
            .draw()?;
        let (ticks, label) = date_ticks(first, last);
        c.draw_series(
            ticks
                .iter()
                .map(|&d| PathElement::new(vec![(d, 0), (d, y_top)], GRID)),
        )?;
        for &d in &ticks {
            let at = c.backend_coord(&(d, 0));
            root.draw(&Text::new(label(d), (at.0, at.1 + 6), below()))?;
        }
        for (i, (_, values)) in series.iter().enumerate() {
            let color = PALETTE[i % PALETTE.len()];
            let width = if i == 0 && series.len() <= 2 { 4 } else { 2 };
            let points = starts.iter().zip(values).map(|(&d, &v)| (d, v));
            let line = LineSeries::new(points, color.stroke_width(width));
            c.draw_series(line.point_size(if starts.len() < 30 { 3 } else { 0 }))?;
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

/// Periods by actors: one row per name, cell shade by count. `starts` are
/// the periods' first days; `end` is the last day of the last period.
pub fn heat_map(
    chart: &'static str,
    names: &[String],
    starts: &[i32],
    end: i32,
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
        let mut c = ChartBuilder::on(&plot)
            .margin(12)
            .x_label_area_size(32)
            .y_label_area_size(label_width(&labels))
            .build_cartesian_2d(0f64..columns, 0f64..n as f64)?;
        draw_frame(&mut c)?;
        c.draw_series(rows.iter().enumerate().flat_map(|(r, row)| {
            row.iter().enumerate().map(move |(col, &v)| {
                let (x, y) = (col as f64, (n - r - 1) as f64);
                Rectangle::new([(x, y), (x + 1.0, y + 1.0)], shade(v, top).filled())
            })
        }))?;
        // Each tick labels the left edge of the column holding its day.
        let (mut ticks, label) = date_ticks(first, end.max(first));
        if ticks.is_empty() {
            ticks.push(first);
        }
        for d in ticks {
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

/// White to dark blue, on a square-root scale so that a few large days do
/// not wash out the rest; zero is the light grey of the background.
fn shade(n: i64, top: i64) -> RGBColor {
    if n <= 0 {
        return RGBColor(247, 247, 247);
    }
    let t = (n as f64 / top as f64).sqrt().clamp(0.0, 1.0);
    let mix = |from: f64, to: f64| (from + (to - from) * (0.15 + 0.85 * t)) as u8;
    RGBColor(mix(235.0, 8.0), mix(243.0, 48.0), mix(251.0, 107.0))
}

/// The legend of [`shade`]: up to eight counts between 1 and `top`.
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

/// One horizontal bar: its name, length, colour, and the value written
/// beside it.
pub struct Bar {
    pub label: String,
    pub value: f64,
    pub color: RGBColor,
    pub text: String,
}

/// Horizontal bars, the first at the top. Values may be negative (bars go
/// left of zero); room is kept beside the longest bars for their text.
pub fn bars(
    chart: &'static str,
    width: u32,
    bars: &[Bar],
    x_desc: &str,
) -> Result<String, ChartError> {
    let labels: Vec<String> = bars.iter().map(|b| shorten(&b.label, 30)).collect();
    let n = bars.len();
    let height = n.max(1) as u32 * ROW + 70;
    let low = bars.iter().map(|b| b.value).fold(0f64, f64::min);
    let high = bars.iter().map(|b| b.value).fold(0f64, f64::max);
    let text_px = |keep: bool| {
        if keep {
            bars.iter()
                .map(|b| text_width(&b.text) + 10)
                .max()
                .unwrap_or(0)
        } else {
            0
        }
    };
    let (left_px, right_px) = (text_px(low < 0.0), text_px(low >= 0.0));
    let plot_px = width
        .saturating_sub(label_width(&labels) + 24 + left_px + right_px)
        .max(60);
    let per_px = (high - low).max(1.0) / f64::from(plot_px);
    let (left, right) = (
        low - f64::from(left_px) * per_px,
        high.max(0.0) + f64::from(right_px) * per_px,
    );
    let fine = right - left < 10.0;
    svg(chart, (width, height), |root| {
        let mut c = ChartBuilder::on(root)
            .margin(12)
            .x_label_area_size(36)
            .y_label_area_size(label_width(&labels))
            .build_cartesian_2d(left..right, 0f64..n as f64)?;
        c.configure_mesh()
            .disable_y_mesh()
            .y_labels(0)
            .y_label_formatter(&|_| String::new())
            .light_line_style(TRANSPARENT)
            .bold_line_style(GRID)
            .label_style(text(12))
            .axis_desc_style(text(12))
            .x_desc(x_desc)
            .x_labels(6)
            .x_label_formatter(&|x| {
                if fine {
                    format!("{x:.1}")
                } else {
                    thousands(x.round() as i64)
                }
            })
            .draw()?;
        for (i, bar) in bars.iter().enumerate() {
            let y = (n - i - 1) as f64;
            c.draw_series([Rectangle::new(
                [(0.0, y + 0.2), (bar.value, y + 0.8)],
                bar.color.filled(),
            )])?;
            let (anchor, shift) = if bar.value < 0.0 {
                (HPos::Right, -4)
            } else {
                (HPos::Left, 4)
            };
            let style = text(11).pos(Pos::new(anchor, VPos::Center));
            let at = c.backend_coord(&(bar.value, y + 0.5));
            root.draw(&Text::new(bar.text.clone(), (at.0 + shift, at.1), style))?;
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
        draw_frame(&mut c)?;
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
                    root.draw(&Text::new(compact(v), at, style))?;
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
    fn numbers_get_thousands_separators_or_a_compact_form() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(thousands(-1000), "-1,000");
        assert_eq!(compact(9_999), "9,999");
        assert_eq!(compact(12_345), "12k");
        assert_eq!(compact(3_456_789), "3.5M");
    }

    #[test]
    fn long_names_are_shortened_by_characters() {
        assert_eq!(shorten("Bogotá", 6), "Bogotá");
        assert_eq!(shorten("Organisation für Wirtschaft", 8), "Organis…");
    }

    #[test]
    fn date_ticks_are_few_round_and_inside_the_span() {
        // 1987-01-01 .. 1987-12-31: months, at most twelve labels.
        let (first, last) = (6209, 6573);
        let (ticks, label) = date_ticks(first, last);
        assert!(ticks.len() <= 12 && ticks.len() >= 4, "{ticks:?}");
        assert!(ticks.iter().all(|&t| t >= first && t <= last));
        assert_eq!(label(ticks[0]), "1987-01");
        // Twenty years: every second year.
        let (ticks, label) = date_ticks(first, first + 20 * 365);
        let years: Vec<String> = ticks.iter().map(|&t| label(t)).collect();
        assert_eq!(years.first().map(String::as_str), Some("1988"));
        assert!(years.len() <= 11, "{years:?}");
        // From 1400 to 2100: round centuries.
        let (ticks, label) = date_ticks(-208_000, 47_500);
        let years: Vec<String> = ticks.iter().map(|&t| label(t)).collect();
        assert_eq!(
            years,
            ["1500", "1600", "1700", "1800", "1900", "2000", "2100"]
        );
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
        assert!(svg.starts_with("<svg") && svg.contains(">\nAnkara\n</text>"));
        let svg = heat_map(
            "test",
            &names,
            &[0, 1, 2],
            2,
            &[vec![0, 3, 1], vec![2, 0, 0]],
        )
        .unwrap();
        assert!(svg.contains("Bogotá &lt;city&gt;"), "labels are escaped");
        let bar = |value: f64, text: &str| Bar {
            label: "Ankara".into(),
            value,
            color: GOOD,
            text: text.into(),
        };
        let svg = bars("test", WIDTH, &[bar(3.0, "+3"), bar(-2.0, "-2")], "change").unwrap();
        assert!(svg.contains(">\n+3\n</text>") && svg.contains(">\n-2\n</text>"));
        let svg = matrix("test", &names, &[vec![0, 4], vec![4, 0]]).unwrap();
        assert!(
            svg.contains("1 Ankara") && svg.contains(">\n4\n</text>"),
            "{svg}"
        );
    }

    /// A count of one gives the axis 0 and 1, not 0, 0.1, ... rounded to 0.
    #[test]
    fn small_counts_get_whole_ticks() {
        let svg = lines("test", &[0, 7], &[("A".into(), vec![0, 1])], "mentions").unwrap();
        let ticks: Vec<&str> = ["0", "1", "2"]
            .into_iter()
            .filter(|t| svg.contains(&format!(">\n{t}\n</text>")))
            .collect();
        assert_eq!(ticks, ["0", "1", "2"]);
        assert_eq!(svg.matches(">\n0\n</text>").count(), 1, "one 0 tick");
    }
}
