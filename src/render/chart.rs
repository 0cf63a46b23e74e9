//! The status report's chart: cumulative planned against actual (then
//! forecast) for the fiscal year, drawn in Rust as a PNG. Labels use the
//! DejaVu Sans font shipped in `assets/fonts/` (its licence beside it), so
//! the chart looks the same on every machine. Planned is dashed and drawn
//! last, so it shows even where actual runs on top of it; [`describe`]
//! says the same in numbers for the image's alt text.

use crate::error::Error;
use crate::model::money::{format_display, to_cents};
use crate::reconcile::Reconciliation;
use plotters::prelude::*;
use plotters::style::{register_font, FontStyle};
use rust_decimal::prelude::ToPrimitive;
use std::sync::Once;

const FONT: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");

/// Chart size in pixels.
pub const WIDTH: u32 = 960;
/// Chart size in pixels.
pub const HEIGHT: u32 = 480;

fn draw_err(e: impl std::fmt::Display) -> Error {
    Error::Write {
        what: "the budget chart".into(),
        detail: e.to_string(),
    }
}

/// An axis amount short enough to read: `$0`, `$250K`, `$1.2M`.
fn axis_money(v: f64) -> String {
    let a = v.abs();
    if a >= 1_000_000.0 {
        format!("${:.1}M", v / 1_000_000.0)
    } else if a >= 1000.0 {
        format!("${:.0}K", v / 1000.0)
    } else {
        format!("${v:.0}")
    }
}

/// What the chart shows, in words and numbers: its alt text.
pub fn describe(r: &Reconciliation) -> String {
    let month = |p: &crate::reconcile::PeriodRow| p.month.format("%B %Y").to_string();
    let now = r.periods.iter().find(|p| p.period == r.as_of);
    let last = r.periods.last();
    let mut text = format!(
        "Line chart of cumulative spending for fiscal year {}, by month.",
        r.as_of.year()
    );
    if let Some(p) = now {
        text.push_str(&format!(
            " To the end of {}: planned {}, actual {}.",
            month(p),
            format_display(p.cumulative_planned),
            format_display(p.cumulative_actual_forecast)
        ));
    }
    if let Some(p) = last {
        text.push_str(&format!(
            " By the end of {}: planned {}, forecast {}.",
            month(p),
            format_display(p.cumulative_planned),
            format_display(p.cumulative_actual_forecast)
        ));
    }
    text
}

/// Draws the chart and returns PNG bytes.
///
/// # Errors
///
/// [`Error::Write`] when drawing or encoding fails.
pub fn cumulative_png(r: &Reconciliation) -> Result<Vec<u8>, Error> {
    static FONT_ONCE: Once = Once::new();
    FONT_ONCE.call_once(|| {
        let _ = register_font("sans-serif", FontStyle::Normal, FONT);
    });
    // Chart scale only: the figures themselves stay Decimal everywhere else.
    let f = |d: rust_decimal::Decimal| to_cents(d).to_f64().unwrap_or(0.0);
    let planned: Vec<(u32, f64)> = r
        .periods
        .iter()
        .map(|p| (p.period.period() as u32, f(p.cumulative_planned)))
        .collect();
    let done = r.as_of.period() as u32;
    let actual: Vec<(u32, f64)> = r
        .periods
        .iter()
        .filter(|p| (p.period.period() as u32) <= done)
        .map(|p| (p.period.period() as u32, f(p.cumulative_actual_forecast)))
        .collect();
    let forecast: Vec<(u32, f64)> = r
        .periods
        .iter()
        .filter(|p| (p.period.period() as u32) >= done)
        .map(|p| (p.period.period() as u32, f(p.cumulative_actual_forecast)))
        .collect();
    let top = planned
        .iter()
        .chain(&actual)
        .chain(&forecast)
        .map(|(_, v)| *v)
        .fold(0.0f64, f64::max)
        .max(1.0)
        * 1.1;
    let months: Vec<String> = r
        .periods
        .iter()
        .map(|p| p.month.format("%b").to_string())
        .collect();

    let mut buf = vec![255u8; (WIDTH * HEIGHT * 3) as usize];
    {
        let root = BitMapBackend::with_buffer(&mut buf, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&WHITE).map_err(draw_err)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(
                format!("Cumulative planned vs actual, {}", r.as_of.year()),
                ("sans-serif", 26),
            )
            .margin(16)
            .x_label_area_size(36)
            .y_label_area_size(90)
            .build_cartesian_2d(1u32..12u32, 0f64..top)
            .map_err(draw_err)?;
        chart
            .configure_mesh()
            .x_labels(12)
            .x_label_formatter(&|x| {
                months
                    .get((*x as usize).saturating_sub(1))
                    .cloned()
                    .unwrap_or_default()
            })
            .y_label_formatter(&|y| axis_money(*y))
            .y_desc("Cumulative spending")
            .label_style(("sans-serif", 16))
            .light_line_style(RGBColor(235, 235, 235))
            .draw()
            .map_err(draw_err)?;
        let blue = RGBColor(31, 56, 100);
        let red = RGBColor(192, 0, 0);
        let pink = RGBColor(240, 160, 160);
        // Actual and forecast first; planned dashed on top, so a month where
        // actual equals plan still shows both.
        chart
            .draw_series(LineSeries::new(actual, red.stroke_width(7)))
            .map_err(draw_err)?
            .label("Cumulative actual")
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 24, y)], red.stroke_width(7)));
        chart
            .draw_series(LineSeries::new(forecast, pink.stroke_width(7)))
            .map_err(draw_err)?
            .label("Forecast (actual, then plan or forecast)")
            .legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 24, y)], pink.stroke_width(7))
            });
        chart
            .draw_series(DashedLineSeries::new(planned, 14, 8, blue.stroke_width(3)))
            .map_err(draw_err)?
            .label("Cumulative planned (dashed)")
            .legend(move |(x, y)| {
                EmptyElement::at((x, y))
                    + PathElement::new(vec![(0, 0), (10, 0)], blue.stroke_width(3))
                    + PathElement::new(vec![(15, 0), (25, 0)], blue.stroke_width(3))
            });
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperLeft)
            .label_font(("sans-serif", 16))
            .background_style(WHITE.mix(0.9))
            .border_style(BLACK.mix(0.3))
            .draw()
            .map_err(draw_err)?;
        root.present().map_err(draw_err)?;
    }
    let mut png = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut png, WIDTH, HEIGHT);
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(png::BitDepth::Eight);
        let mut w = enc.write_header().map_err(draw_err)?;
        w.write_image_data(&buf).map_err(draw_err)?;
    }
    Ok(png)
}
