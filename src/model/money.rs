//! Money: the one place where spreadsheet numbers and text become
//! `rust_decimal::Decimal`.
//!
//! Excel stores every number as an IEEE double, so `1234.5` may arrive as
//! `1234.4999999999998`. The policy is: floats are rounded to cents (half away
//! from zero) the moment they leave the cell reader, and no `f64` carries money
//! past this module. Text is read the way people type it in Ontario: `$1,234.50`,
//! `1,234.50 $`, `(1,200.00)` for a negative, `1 234,50 $` (fr-CA),
//! `1,200.00 CR` from ledger exports; `-`, `—` and blank mean "no amount".

use rust_decimal::prelude::FromPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};

/// Why a piece of text is not an amount of money.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MoneyError {
    /// The text holds characters that are not part of an amount.
    NotANumber,
    /// Separators that could mean either thousands or decimals (`1.234,567`).
    Ambiguous,
    /// A percentage where an amount belongs.
    Percent,
    /// A number too large for the decimal type, or not finite.
    OutOfRange,
}

impl std::fmt::Display for MoneyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            MoneyError::NotANumber => "is not an amount of money",
            MoneyError::Ambiguous => "has separators that could mean thousands or decimals",
            MoneyError::Percent => "is a percentage, not an amount of money",
            MoneyError::OutOfRange => "is too large to be an amount of money",
        })
    }
}

/// Rounds a value to cents, half away from zero (the way accountants and
/// Excel's `ROUND` do).
pub fn to_cents(value: Decimal) -> Decimal {
    let mut v = value.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    v.rescale(2);
    v
}

/// Converts a float from a spreadsheet cell to money, rounding to cents.
///
/// # Errors
///
/// [`MoneyError::OutOfRange`] for NaN, infinities and values beyond `Decimal`.
pub fn money_from_f64(value: f64) -> Result<Decimal, MoneyError> {
    if !value.is_finite() {
        return Err(MoneyError::OutOfRange);
    }
    // Most amounts are whole cents already: take them directly when the
    // float is within noise of a whole number of cents.
    let scaled = value * 100.0;
    if scaled.abs() < 1e15 {
        let whole = scaled.round();
        if (scaled - whole).abs() < 1e-6 * scaled.abs().max(1.0) {
            return Ok(Decimal::new(whole as i64, 2));
        }
    }
    // Otherwise from_f64 keeps the shortest decimal that round-trips, so
    // 2.675 (stored as 2.67499999…) rounds half away from zero to 2.68, as
    // Excel's ROUND does.
    Decimal::from_f64(value)
        .map(to_cents)
        .ok_or(MoneyError::OutOfRange)
}

/// Parses money typed as text. `Ok(None)` means the cell says "no amount"
/// (blank, `-`, `—`, `n/a`).
///
/// # Errors
///
/// A [`MoneyError`] saying why the text is not an amount.
///
/// # Examples
///
/// ```
/// use pmo::model::money::parse_money;
/// let v = parse_money("(1,200.50)").unwrap().unwrap();
/// assert_eq!(v.to_string(), "-1200.50");
/// ```
pub fn parse_money(text: &str) -> Result<Option<Decimal>, MoneyError> {
    let parsed = parse_decimal_text(text)?;
    Ok(parsed.map(to_cents))
}

/// Parses a plain number typed as text with the same tolerance as money
/// (currency signs, grouping, parentheses), without rounding.
///
/// # Errors
///
/// A [`MoneyError`] saying why the text is not a number.
pub fn parse_decimal_text(text: &str) -> Result<Option<Decimal>, MoneyError> {
    let mut s: String = text
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}' | '\t'))
        .collect();
    let lower = s.to_lowercase();
    if lower.is_empty() || matches!(lower.as_str(), "-" | "—" | "–" | "n/a" | "na" | "nil") {
        return Ok(None);
    }
    if lower.contains('%') {
        return Err(MoneyError::Percent);
    }
    let mut negative = false;
    s = lower;
    for suffix in ["cr"] {
        if let Some(rest) = s.strip_suffix(suffix) {
            negative = !negative;
            s = rest.to_string();
        }
    }
    if let Some(rest) = s.strip_suffix("dr") {
        s = rest.to_string();
    }
    if s.starts_with('(') && s.ends_with(')') && s.len() >= 2 {
        negative = !negative;
        s = s[1..s.len() - 1].to_string();
    }
    for cur in ["cad", "ca$", "c$", "$"] {
        s = s.replace(cur, "");
    }
    if let Some(rest) = s.strip_prefix('-').or_else(|| s.strip_prefix('−')) {
        negative = !negative;
        s = rest.to_string();
    } else if let Some(rest) = s.strip_suffix('-') {
        negative = !negative;
        s = rest.to_string();
    } else if let Some(rest) = s.strip_prefix('+') {
        s = rest.to_string();
    }
    if s.starts_with('(') && s.ends_with(')') && s.len() >= 2 {
        negative = !negative;
        s = s[1..s.len() - 1].to_string();
    }
    if s.is_empty() {
        return Err(MoneyError::NotANumber);
    }
    let normalised = normalise_separators(&s)?;
    let mut value: Decimal = normalised.parse().map_err(|_| MoneyError::NotANumber)?;
    if negative {
        value = -value;
    }
    Ok(Some(value))
}

/// Turns `1,234.50` / `1.234,50` / `12,5` into `1234.50` / `1234.50` / `12.5`.
fn normalise_separators(s: &str) -> Result<String, MoneyError> {
    if !s
        .chars()
        .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
    {
        return Err(MoneyError::NotANumber);
    }
    let commas = s.matches(',').count();
    let dots = s.matches('.').count();
    let grouped = |sep: char| -> bool {
        // Every group after the first has exactly three digits.
        let mut parts = s.split(sep);
        let first = parts.next().unwrap_or("");
        !first.is_empty() && first.len() <= 3 && parts.all(|p| p.len() == 3)
    };
    match (commas, dots) {
        (0, 0) => Ok(s.to_string()),
        (0, 1) => Ok(s.to_string()),
        (0, _) => {
            if grouped('.') {
                Ok(s.replace('.', ""))
            } else {
                Err(MoneyError::NotANumber)
            }
        }
        (_, 0) => {
            if grouped(',') {
                Ok(s.replace(',', ""))
            } else if commas == 1 {
                // fr-CA decimal comma: "12,5", "1234,50"
                Ok(s.replace(',', "."))
            } else {
                Err(MoneyError::NotANumber)
            }
        }
        _ => {
            let last_comma = s.rfind(',').unwrap_or(0);
            let last_dot = s.rfind('.').unwrap_or(0);
            if last_dot > last_comma && dots == 1 {
                let int_part = &s[..last_dot];
                let ok = {
                    let mut parts = int_part.split(',');
                    let first = parts.next().unwrap_or("");
                    !first.is_empty() && first.len() <= 3 && parts.all(|p| p.len() == 3)
                };
                if ok {
                    Ok(s.replace(',', ""))
                } else {
                    Err(MoneyError::Ambiguous)
                }
            } else if last_comma > last_dot && commas == 1 {
                let int_part = &s[..last_comma];
                let ok = {
                    let mut parts = int_part.split('.');
                    let first = parts.next().unwrap_or("");
                    !first.is_empty() && first.len() <= 3 && parts.all(|p| p.len() == 3)
                };
                if ok {
                    Ok(s.replace('.', "").replace(',', "."))
                } else {
                    Err(MoneyError::Ambiguous)
                }
            } else {
                Err(MoneyError::Ambiguous)
            }
        }
    }
}

/// Formats money with two decimals and no grouping: the form used in JSON.
pub fn format_plain(value: Decimal) -> String {
    format!("{:.2}", to_cents(value))
}

/// Formats money for people: `$1,234.50`, negatives in parentheses as in
/// Ontario's public estimates tables.
pub fn format_display(value: Decimal) -> String {
    let plain = format_plain(value.abs());
    let (int, frac) = plain.split_once('.').unwrap_or((&plain, "00"));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    if value.is_sign_negative() && !value.is_zero() {
        format!("(${grouped}.{frac})")
    } else {
        format!("${grouped}.{frac}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn text_forms_people_type() {
        let cases = [
            ("$1,234.50", "1234.50"),
            ("1,234.50 $", "1234.50"),
            ("(1,200.00)", "-1200.00"),
            ("($1,200.00)", "-1200.00"),
            (" 3,100 ", "3100.00"),
            ("1 234,50 $", "1234.50"),
            ("1\u{a0}234,50\u{a0}$", "1234.50"),
            ("-45.5", "-45.50"),
            ("45.50-", "-45.50"),
            ("1,200.00 CR", "-1200.00"),
            ("1,200.00 DR", "1200.00"),
            ("CAD 999", "999.00"),
            ("12,5", "12.50"),
            ("1.234,56", "1234.56"),
            ("0.005", "0.01"),
            ("-0.005", "-0.01"),
            ("1,234,567.891", "1234567.89"),
        ];
        for (text, want) in cases {
            assert_eq!(parse_money(text), Ok(Some(d(want))), "{text}");
        }
    }

    #[test]
    fn no_amount_forms() {
        for text in ["", "  ", "-", "—", "n/a", "N/A"] {
            assert_eq!(parse_money(text), Ok(None), "{text:?}");
        }
    }

    #[test]
    fn rejects_non_money() {
        assert_eq!(parse_money("TBD"), Err(MoneyError::NotANumber));
        assert_eq!(parse_money("5%"), Err(MoneyError::Percent));
        assert_eq!(parse_money("1,2,3"), Err(MoneyError::NotANumber));
        assert_eq!(parse_money("1.234.5"), Err(MoneyError::NotANumber));
        assert_eq!(parse_money("12.34,5.6"), Err(MoneyError::Ambiguous));
    }

    #[test]
    fn float_noise_rounds_to_cents() {
        assert_eq!(money_from_f64(0.1 + 0.2).unwrap(), d("0.30"));
        assert_eq!(money_from_f64(1234.4999999999998).unwrap(), d("1234.50"));
        assert_eq!(money_from_f64(2.675).unwrap(), d("2.68"));
        assert_eq!(money_from_f64(-2.675).unwrap(), d("-2.68"));
        assert!(money_from_f64(f64::NAN).is_err());
        assert_eq!(money_from_f64(-0.0).unwrap(), d("0.00"));
        assert_eq!(money_from_f64(972827.19).unwrap(), d("972827.19"));
        assert_eq!(money_from_f64(0.125).unwrap(), d("0.13"));
        assert_eq!(money_from_f64(-1.005).unwrap(), d("-1.01"));
    }

    #[test]
    fn display_uses_parentheses_for_negatives() {
        assert_eq!(format_display(d("-1234567.5")), "($1,234,567.50)");
        assert_eq!(format_display(d("12")), "$12.00");
        assert_eq!(format_plain(d("12")), "12.00");
    }
}
