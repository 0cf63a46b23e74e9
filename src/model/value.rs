//! A coerced cell value: what a definition's column type made of a cell.

use crate::model::fiscal::{FiscalPeriod, FiscalYear};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Serialize, Serializer};
use std::fmt;

/// A cell's value after coercion to its column's type.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Free text, trimmed; for enums, the canonical spelling.
    Text(String),
    /// Money, exact as the cell holds it (float noise removed; a fraction
    /// of a cent kept, and shown to the cent).
    Money(Decimal),
    /// A number that is not money (a percentage as a fraction, a quantity).
    Number(Decimal),
    /// A whole number (likelihood, impact, score…).
    Integer(i64),
    /// A calendar date.
    Date(NaiveDate),
    /// A fiscal period.
    Period(FiscalPeriod),
    /// A fiscal year.
    Year(FiscalYear),
    /// Yes/no.
    Bool(bool),
}

impl Value {
    /// The text, when the value is text.
    pub fn as_text(&self) -> Option<&str> {
        match self {
            Value::Text(s) => Some(s),
            _ => None,
        }
    }

    /// The amount, when the value is money or a number.
    pub fn as_decimal(&self) -> Option<Decimal> {
        match self {
            Value::Money(d) | Value::Number(d) => Some(*d),
            Value::Integer(i) => Some(Decimal::from(*i)),
            _ => None,
        }
    }

    /// The whole number, when the value is one.
    pub fn as_integer(&self) -> Option<i64> {
        match self {
            Value::Integer(i) => Some(*i),
            _ => None,
        }
    }

    /// The date, when the value is one.
    pub fn as_date(&self) -> Option<NaiveDate> {
        match self {
            Value::Date(d) => Some(*d),
            _ => None,
        }
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Text(s) => f.write_str(s),
            Value::Money(d) => write!(f, "{:.2}", d),
            Value::Number(d) => write!(f, "{}", d.normalize()),
            Value::Integer(i) => write!(f, "{i}"),
            Value::Date(d) => write!(f, "{}", d.format("%Y-%m-%d")),
            Value::Period(p) => write!(f, "{p}"),
            Value::Year(y) => write!(f, "{y}"),
            Value::Bool(b) => f.write_str(if *b { "yes" } else { "no" }),
        }
    }
}

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Integer(i) => s.serialize_i64(*i),
            Value::Bool(b) => s.serialize_bool(*b),
            other => s.collect_str(other),
        }
    }
}
