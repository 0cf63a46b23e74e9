//! Money: the one place where spreadsheet numbers and text become
//! `rust_decimal::Decimal`.
//!
//! Excel stores every number as an IEEE double, so `1234.5` may arrive as
//! `1234.4999999999998`. The policy is: floats are rounded to cents (half away
//! from zero) the moment they leave the cell reader, and no `f64` carries money
//! past this module. Text is read the way people type it in Ontario: `$1,234.50`,
//! `1,234.50 $`, `(1,200.00)` for a negative, `1 234,50 $` (fr-CA),
//! `1,200.00 CR` from ledger exports; `-`, `—` and blank mean "no amount".
//!
//! Amounts are bounded: anything of [`MONEY_LIMIT`] dollars or more (either
//! sign) is not money but a typo, a date serial times a thousand, or a formula
//! gone wrong, and is refused here, on its cell. The bound also keeps every
//! sum in `reconcile` far inside `Decimal`'s range.

use rust_decimal::prelude::FromPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};

/// Why a piece of text is not an amount of money.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoneyError {
    /// The text holds characters that are not part of an amount.
    NotANumber,
    /// Separators that could mean either thousands or decimals (`1.234,567`).
    Ambiguous,
    /// A percentage where an amount belongs.
    Percent,
    /// A number of [`MONEY_LIMIT`] dollars or more, or not finite.
    OutOfRange,
}

impl std::fmt::Display for MoneyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            MoneyError::NotANumber => "is not an amount of money",
            MoneyError::Ambiguous => "has separators that could mean thousands or decimals",
            MoneyError::Percent => "is a percentage, not an amount of money",
            MoneyError::OutOfRange => {
                "is too large to be an amount of money (pmo reads amounts under $1,000,000,000,000,000)"
            }
        })
    }
}

/// Amounts this large or larger, in dollars and of either sign, are refused:
/// 10^15, a thousand trillion. Ontario's whole annual budget is under 10^12,
/// so no real line comes near; and 79 trillion amounts under the bound
/// still add up inside `Decimal` (about 7.9 × 10^28), so sums of amounts
/// read through this module cannot overflow.
pub const MONEY_LIMIT: Decimal = Decimal::from_parts(0xA4C6_8000, 0x0003_8D7E, 0, false, 0);

/// Checks the bound and writes the amount with at least two decimals: the
/// last step for every amount. The amount keeps its exact value: a
/// fraction of a cent (`1.005`) stays, so that totals are exact sums (see
/// [`is_sub_cent`]); rounding to cents is for display only
/// ([`format_display`]).
///
/// # Errors
///
/// [`MoneyError::OutOfRange`] when the amount, to the cent, is
/// [`MONEY_LIMIT`] or more.
pub fn checked_money(value: Decimal) -> Result<Decimal, MoneyError> {
    if to_cents(value).abs() >= MONEY_LIMIT {
        return Err(MoneyError::OutOfRange);
    }
    let mut v = value.normalize();
    if v.scale() < 2 {
        v.rescale(2);
    }
    Ok(v)
}

/// Whether an amount holds a fraction of a cent.
pub fn is_sub_cent(value: Decimal) -> bool {
    value.normalize().scale() > 2
}

/// Rounds a value to cents, half away from zero (the way accountants and
/// Excel's `ROUND` do).
pub fn to_cents(value: Decimal) -> Decimal {
    let mut v = value.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    v.rescale(2);
    v
}

/// Converts a float from a spreadsheet cell to money: float noise within a
/// millionth of a whole number of cents is removed, any other value keeps
/// the shortest decimal that gives the float back (`1.005`).
///
/// # Errors
///
/// [`MoneyError::OutOfRange`] for NaN, infinities and amounts of
/// [`MONEY_LIMIT`] or more.
pub fn money_from_f64(value: f64) -> Result<Decimal, MoneyError> {
    // 1e15 is exact in f64; the Decimal check below catches rounding up to it.
    if !value.is_finite() || value.abs() >= 1e15 {
        return Err(MoneyError::OutOfRange);
    }
    // Most amounts are whole cents already: take them directly when the
    // float is within noise of a whole number of cents.
    let scaled = value * 100.0;
    if scaled.abs() < 1e15 {
        let whole = scaled.round();
        if (scaled - whole).abs() < 1e-6 * scaled.abs().max(1.0) {
            return checked_money(Decimal::new(whole as i64, 2));
        }
    }
    // Otherwise from_f64 keeps the shortest decimal that round-trips, so
    // 2.675 (stored as 2.67499999…) stays 2.675, and displays as 2.68 (half
    // away from zero, as Excel's ROUND does).
    Decimal::from_f64(value)
        .ok_or(MoneyError::OutOfRange)
        .and_then(checked_money)
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
    parse_decimal_text(text)?.map(checked_money).transpose()
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
            ("0.005", "0.005"),
            ("-0.005", "-0.005"),
            ("1,234,567.891", "1234567.891"),
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
    fn float_noise_goes_and_sub_cent_amounts_stay_exact() {
        assert_eq!(money_from_f64(0.1 + 0.2).unwrap(), d("0.30"));
        assert_eq!(money_from_f64(1234.4999999999998).unwrap(), d("1234.50"));
        assert_eq!(money_from_f64(2.675).unwrap(), d("2.675"));
        assert_eq!(money_from_f64(-2.675).unwrap(), d("-2.675"));
        assert!(money_from_f64(f64::NAN).is_err());
        assert_eq!(money_from_f64(-0.0).unwrap(), d("0.00"));
        assert_eq!(money_from_f64(972827.19).unwrap(), d("972827.19"));
        assert_eq!(money_from_f64(0.125).unwrap(), d("0.125"));
        assert_eq!(money_from_f64(-1.005).unwrap(), d("-1.005"));
        assert!(is_sub_cent(d("1.005")) && !is_sub_cent(d("1.50")) && !is_sub_cent(d("1.500")));
        // Displayed to the cent, half away from zero.
        assert_eq!(format_display(money_from_f64(2.675).unwrap()), "$2.68");
        assert_eq!(format_display(money_from_f64(-1.005).unwrap()), "($1.01)");
    }

    #[test]
    fn eight_sub_cent_postings_sum_exactly() {
        let parts: Vec<Decimal> = [0.495, 0.495, 0.495, 0.495, 0.485, 0.485, 0.485, 0.495]
            .iter()
            .map(|&f| money_from_f64(f).unwrap())
            .collect();
        let total: Decimal = parts.iter().sum();
        assert_eq!(total, d("3.93"));
        let rounded_first: Decimal = parts.iter().map(|&p| to_cents(p)).sum();
        assert_eq!(rounded_first, d("3.97"), "rounding each first would drift");
    }

    #[test]
    fn amounts_at_or_beyond_the_limit_are_refused() {
        assert_eq!(MONEY_LIMIT, d("1000000000000000"));
        for v in [1e15, -1e15, 7e28, -7e28, 1e29, 1e300, f64::INFINITY] {
            assert_eq!(money_from_f64(v), Err(MoneyError::OutOfRange), "{v}");
        }
        assert_eq!(
            money_from_f64(999_999_999_999.99).unwrap(),
            d("999999999999.99")
        );
        assert_eq!(
            parse_money("999,999,999,999,999.99"),
            Ok(Some(d("999999999999999.99")))
        );
        for text in [
            "1,000,000,000,000,000",
            "-1000000000000000.00",
            "70000000000000000000000000000",
        ] {
            assert!(parse_money(text).is_err(), "{text}");
        }
        // Rounding to cents can reach the bound.
        assert_eq!(
            checked_money(d("999999999999999.995")),
            Err(MoneyError::OutOfRange)
        );
    }

    #[test]
    fn display_uses_parentheses_for_negatives() {
        assert_eq!(format_display(d("-1234567.5")), "($1,234,567.50)");
        assert_eq!(format_display(d("12")), "$12.00");
        assert_eq!(format_plain(d("12")), "12.00");
    }
}
