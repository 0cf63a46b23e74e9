//! The reader's vocabulary: the words that mark total, summary and
//! carry-forward rows and ledger account sections, and the month names. It
//! lives in `templates/workbooks/vocabulary.toml` (compiled in) so that the
//! words users type are data, not code.

use super::normalise_header;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

const BUILT_IN: &str = include_str!("../../templates/workbooks/vocabulary.toml");

/// Words that tell what a row of a budget or ledger is.
#[derive(Debug, Clone, Deserialize)]
pub struct RowWords {
    /// First or last word of a total row's cell ("Total", "WP1 total").
    pub total_words: Vec<String>,
    /// Whole labels of total and summary rows ("Sum", "BAC", "CPI").
    pub total_labels: Vec<String>,
    /// Phrases of balance-only carry-forward lines ("Opening Balance").
    pub carry_forward: Vec<String>,
    /// Labels of account section rows ("Account: 101 - Cash").
    pub account_sections: Vec<String>,
    /// Words of a sentence, never of a total label ("Total loss of the
    /// data centre" is a description).
    #[serde(default)]
    pub sentence_words: Vec<String>,
}

/// Words that tell what a column counts.
#[derive(Debug, Clone, Deserialize)]
pub struct ColumnWords {
    /// Headings over month columns that hold hours, FTEs or counts.
    pub quantity_headings: Vec<String>,
    /// Last words of a header that name no column by themselves ("Level",
    /// "Name"): the word before them does.
    #[serde(default)]
    pub generic_heads: Vec<String>,
}

/// Phrases that say amounts are kept in thousands or millions.
#[derive(Debug, Clone, Deserialize)]
pub struct ScaleWords {
    /// Regular expressions meaning ×1,000.
    pub thousands: Vec<String>,
    /// Regular expressions meaning ×1,000,000.
    pub millions: Vec<String>,
}

/// Words found above a sheet's header.
#[derive(Debug, Clone, Deserialize)]
pub struct SheetWords {
    /// Labels of the date the sheet was last updated.
    pub updated_labels: Vec<String>,
    /// Tab names for money coming in, never a cost budget.
    pub income_tabs: Vec<String>,
    /// The names spreadsheet programs give new tabs ("Sheet1", "Feuil1"):
    /// such a tab is known by its file's name instead.
    #[serde(default)]
    pub default_tab_names: Vec<String>,
}

/// The vocabulary file.
#[derive(Debug, Clone, Deserialize)]
pub struct Vocabulary {
    /// Sheet labels.
    pub sheet: SheetWords,
    /// Row roles.
    pub rows: RowWords,
    /// Column roles.
    pub columns: ColumnWords,
    /// Thousands and millions.
    pub scale: ScaleWords,
    /// Month names → month number (1–12).
    pub months: BTreeMap<String, u32>,
}

/// The built-in vocabulary, normalised once.
pub fn vocabulary() -> &'static Vocabulary {
    static V: OnceLock<Vocabulary> = OnceLock::new();
    V.get_or_init(|| {
        let mut v: Vocabulary = toml::from_str(BUILT_IN).expect("vocabulary.toml is valid");
        for list in [
            &mut v.rows.total_words,
            &mut v.rows.total_labels,
            &mut v.rows.carry_forward,
            &mut v.rows.account_sections,
            &mut v.columns.quantity_headings,
            &mut v.columns.generic_heads,
            &mut v.sheet.updated_labels,
            &mut v.sheet.income_tabs,
            &mut v.sheet.default_tab_names,
        ] {
            for w in list.iter_mut() {
                *w = normalise_header(w);
            }
        }
        v
    })
}

impl Vocabulary {
    /// True when a cell's text marks a total or summary row: a total word
    /// as its first or last word ("Total", "WP1 total", "Grand Total:"),
    /// or a whole summary label ("Sum", "BAC").
    pub fn is_total_text(&self, text: &str) -> bool {
        if !(text.len() <= 12 || contains(text, &["tot", "sum", "cumul", "complet", "balance"])) {
            return false;
        }
        let n = normalise_header(text);
        !n.is_empty() && (self.rows.total_labels.contains(&n) || self.has_total_word(&n))
    }

    /// True when a cell's text starts or ends with a total word ("Total:",
    /// "WP1 total"); summary labels ("CPI", "Sum") do not count, as they
    /// also head side blocks beside a table.
    pub fn is_total_word(&self, text: &str) -> bool {
        contains(text, &["tot"]) && self.has_total_word(&normalise_header(text))
    }

    fn has_total_word(&self, n: &str) -> bool {
        !n.is_empty()
            && self.rows.total_words.iter().any(|w| {
                n == *w
                    || n.strip_prefix(w.as_str())
                        .is_some_and(|r| r.starts_with(' '))
                    || n.strip_suffix(w.as_str()).is_some_and(|r| r.ends_with(' '))
            })
    }

    /// True when a heading says its columns count time or things ("Hours",
    /// "FTE by month", "Effort (days)").
    pub fn is_quantity_heading(&self, text: &str) -> bool {
        let n = normalise_header(text);
        let words: Vec<&str> = n.split(' ').collect();
        self.columns.quantity_headings.iter().any(|h| {
            n == *h || words.first() == Some(&h.as_str()) || words.last() == Some(&h.as_str())
        })
    }

    /// True when a cell's text says the line only carries a balance forward.
    pub fn is_carry_forward(&self, text: &str) -> bool {
        if !contains(text, &["bal", "forward", "b/f", "c/f", "solde"]) {
            return false;
        }
        let n = normalise_header(text);
        self.rows
            .carry_forward
            .iter()
            .any(|p| n == *p || n.starts_with(&format!("{p} ")))
    }

    /// The account a section row names: "Account: 101 - Cash" → "101".
    pub fn account_section(&self, text: &str) -> Option<String> {
        let (label, rest) = text.split_once(':')?;
        let label = normalise_header(label);
        if !self.rows.account_sections.contains(&label) {
            return None;
        }
        let code = rest
            .trim()
            .split(|c: char| c.is_whitespace() || c == '-')
            .find(|w| !w.is_empty())?;
        Some(code.to_string())
    }

    /// The multiplier a title or header says amounts are kept in ("$000s"
    /// → 1,000; "$M" → 1,000,000), if it says one.
    pub fn money_scale(&self, text: &str) -> Option<u32> {
        static RES: OnceLock<Vec<(regex::Regex, u32)>> = OnceLock::new();
        let res = RES.get_or_init(|| {
            let compile = |p: &String| {
                regex::Regex::new(&format!("(?i){p}"))
                    .expect("vocabulary.toml scale patterns are valid")
            };
            self.scale
                .thousands
                .iter()
                .map(|p| (compile(p), 1_000))
                .chain(self.scale.millions.iter().map(|p| (compile(p), 1_000_000)))
                .collect()
        });
        res.iter()
            .find(|(re, _)| re.is_match(text))
            .map(|(_, s)| *s)
    }

    /// A month name or abbreviation (trailing dot allowed) → 1–12.
    pub fn month(&self, word: &str) -> Option<u32> {
        let w = word.trim_end_matches('.');
        self.months
            .get(w)
            .or_else(|| self.months.get(&normalise_header(w)))
            .copied()
    }
}

/// A cheap test before normalising, for exports of a million rows: does
/// the text hold one of `needles` (ASCII, any case)? Every vocabulary
/// phrase it guards contains one; short labels ("BAC", "CPI") are let
/// through by length instead.
fn contains(text: &str, needles: &[&str]) -> bool {
    needles.iter().any(|n| {
        text.as_bytes()
            .windows(n.len())
            .any(|w| w.eq_ignore_ascii_case(n.as_bytes()))
    })
}

#[cfg(test)]
mod tests {
    use super::vocabulary;

    #[test]
    fn total_rows_by_their_words() {
        let v = vocabulary();
        for yes in [
            "Total",
            "TOTAL ",
            "WP1 total",
            "Grand Total",
            "Monthly totals:",
            "SUBTOTAL",
            "Sum",
            "BAC",
            "Total Project Cost Estimates",
            "TOTAL DIRECT COSTS",
        ] {
            assert!(v.is_total_text(yes), "{yes}");
        }
        for no in [
            "Totalement",
            "Lump sum payment",
            "Subtotaling",
            "Cost",
            "Bacon",
        ] {
            assert!(!v.is_total_text(no), "{no}");
        }
    }

    #[test]
    fn carry_forward_and_account_sections() {
        let v = vocabulary();
        assert!(v.is_carry_forward("Opening Balance as at :01/04/2025"));
        assert!(v.is_carry_forward("Balance Forward"));
        assert!(!v.is_carry_forward("Invoice"));
        assert_eq!(
            v.account_section("Account: 101 - Cash").as_deref(),
            Some("101")
        );
        assert_eq!(
            v.account_section("Account: 1000100 - Sales").as_deref(),
            Some("1000100")
        );
        assert_eq!(v.account_section("Note: see below"), None);
    }

    #[test]
    fn thousands_and_millions() {
        let v = vocabulary();
        for k in [
            "Amounts in $000s",
            "Cost ($000)",
            "K$",
            "in thousands",
            "en milliers",
        ] {
            assert_eq!(v.money_scale(k), Some(1_000), "{k}");
        }
        for m in ["Budget ($M)", "in millions"] {
            assert_eq!(v.money_scale(m), Some(1_000_000), "{m}");
        }
        assert_eq!(v.money_scale("Budget 2025-26"), None);
    }

    #[test]
    fn months_in_both_languages() {
        let v = vocabulary();
        assert_eq!(v.month("Sept."), Some(9));
        assert_eq!(v.month("février"), Some(2));
        assert_eq!(v.month("déc"), Some(12));
        assert_eq!(v.month("maybe"), None);
    }
}
