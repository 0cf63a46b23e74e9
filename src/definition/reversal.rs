//! How a ledger posting says it reverses another: the marker words of a
//! definition's `[reversal]` table (`templates/workbooks/ledger.toml`).
//!
//! Evidence is always a *named* document: a reference column ("Reverses:
//! INV-1"), a marker on the posting's own number (`JE-50011-R`,
//! `REV-INV-1`), or a phrase in its description ("Reversal of INV-1").
//! Opposite amounts alone, or document numbers that merely share a prefix
//! (`INV-1` / `INV-12`), are not evidence. Whether the named document
//! really is reversed (same account and cost centre, opposite amount, not
//! a later period) is the tie-out's decision.

use serde::Deserialize;

/// The words that mark a reversal. Comparisons ignore ASCII case.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReversalDef {
    /// Endings of a reversal's document number after the number it
    /// reverses (`-R` in `JE-50011-R`). Tried in order: list longer ones first.
    #[serde(default)]
    pub document_suffixes: Vec<String>,
    /// Beginnings of a reversal's document number before the number it
    /// reverses (`REV-` in `REV-INV-1`).
    #[serde(default)]
    pub document_prefixes: Vec<String>,
    /// Phrases in a description that precede the document reversed
    /// ("reversal of", "contre-passation de"), lower-cased when read so
    /// that a million descriptions are each lowered once, not per phrase.
    #[serde(default, deserialize_with = "lowercase")]
    pub phrases: Vec<String>,
}

fn lowercase<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    let words: Vec<String> = Vec::deserialize(d)?;
    Ok(words.iter().map(|w| w.to_lowercase()).collect())
}

impl ReversalDef {
    /// The document a posting says it reverses, from its reference column,
    /// its own document number, or its description; `None` without such
    /// evidence. Never the posting's own number.
    pub fn named_document(
        &self,
        reference: Option<&str>,
        document: Option<&str>,
        description: Option<&str>,
    ) -> Option<String> {
        let own = document.map(str::trim).unwrap_or("");
        let not_own = |d: &str| !d.is_empty() && !d.eq_ignore_ascii_case(own);
        if let Some(r) = reference.map(str::trim).filter(|r| not_own(r)) {
            return Some(r.to_string());
        }
        if let Some(d) = self.named_in_number(own).filter(|d| not_own(d)) {
            return Some(d.to_string());
        }
        description
            .and_then(|t| self.named_in_description(t))
            .filter(|d| not_own(d))
    }

    /// `JE-50011-R` → `JE-50011`; `REV-INV-1` → `INV-1`.
    fn named_in_number<'d>(&self, doc: &'d str) -> Option<&'d str> {
        let strip_suffix = self.document_suffixes.iter().find_map(|s| {
            let cut = doc.len().checked_sub(s.len())?;
            (cut > 0 && doc.is_char_boundary(cut) && doc[cut..].eq_ignore_ascii_case(s))
                .then(|| &doc[..cut])
        });
        let strip_prefix = || {
            self.document_prefixes.iter().find_map(|p| {
                (doc.len() > p.len()
                    && doc.is_char_boundary(p.len())
                    && doc[..p.len()].eq_ignore_ascii_case(p))
                .then(|| &doc[p.len()..])
            })
        };
        strip_suffix.or_else(strip_prefix).map(str::trim)
    }

    /// The first word holding a digit after a marker phrase: "Reversal of
    /// accrual JE-41 (wrong account)" → `JE-41`.
    fn named_in_description(&self, text: &str) -> Option<String> {
        let lower = text.to_lowercase();
        // Lower-casing can change byte lengths outside ASCII: work on the
        // lowered text throughout and give back its word as typed only when
        // the offsets agree.
        let same_offsets = lower.len() == text.len();
        self.phrases.iter().find_map(|phrase| {
            let start = word_match(&lower, phrase)? + phrase.len();
            let source = if same_offsets { text } else { &lower };
            source[start..]
                .split_whitespace()
                .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
                .find(|w| w.chars().any(|c| c.is_ascii_digit()))
                .map(str::to_string)
        })
    }
}

/// Where `phrase` first occurs in `text` as whole words.
fn word_match(text: &str, phrase: &str) -> Option<usize> {
    let is_word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    text.match_indices(phrase).map(|(i, _)| i).find(|&i| {
        !is_word(text[..i].chars().next_back()) && !is_word(text[i + phrase.len()..].chars().next())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn def() -> ReversalDef {
        let defs = crate::definition::Definitions::built_in().unwrap();
        defs.get("ledger").unwrap().reversal.clone().unwrap()
    }

    #[test]
    fn markers_name_the_document_reversed() {
        let d = def();
        let named = |r, doc, desc| d.named_document(r, doc, desc);
        assert_eq!(
            named(None, Some("JE-50011-R"), None).as_deref(),
            Some("JE-50011")
        );
        assert_eq!(
            named(None, Some("je-50011-rev"), None).as_deref(),
            Some("je-50011")
        );
        assert_eq!(
            named(None, Some("REV-INV-1"), None).as_deref(),
            Some("INV-1")
        );
        assert_eq!(
            named(
                None,
                Some("JE-77"),
                Some("Reversal of INV-1 (wrong account)")
            )
            .as_deref(),
            Some("INV-1")
        );
        assert_eq!(
            named(
                None,
                Some("JE-77"),
                Some("Contre-passation de l'écriture JE-41")
            )
            .as_deref(),
            Some("JE-41")
        );
        assert_eq!(
            named(Some(" INV-1 "), Some("JE-77"), None).as_deref(),
            Some("INV-1")
        );
    }

    #[test]
    fn no_marker_no_reversal() {
        let d = def();
        let named = |r, doc, desc| d.named_document(r, doc, desc);
        // A number that shares a prefix with another is not a marker.
        assert_eq!(named(None, Some("INV-12"), None), None);
        assert_eq!(named(None, Some("R"), None), None);
        assert_eq!(named(None, Some("JE-9"), Some("irreversible INV-1")), None);
        assert_eq!(named(None, Some("JE-9"), Some("Reversal")), None);
        // Naming itself is no evidence.
        assert_eq!(named(Some("JE-9"), Some("JE-9"), None), None);
        assert_eq!(named(None, None, None), None);
    }
}
