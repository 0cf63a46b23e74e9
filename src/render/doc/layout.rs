//! Page and table layout for the Word documents: paper sizes, column
//! widths that fit their contents, and the status-colour cells.
//!
//! Widths are estimated from character counts at the table text size (9 pt
//! Calibri, or Carlito, its metric twin): a column is never narrower than
//! its longest word, so IDs, ratings, scores and dates do not wrap mid-word;
//! the text width left over goes to the columns with the most text.

use std::str::FromStr;

/// The paper a Word document is laid out for. Ontario prints on Letter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Paper {
    /// US Letter, 8.5 × 11 in.
    #[default]
    Letter,
    /// ISO A4, 210 × 297 mm.
    A4,
}

/// A paper name that is neither `letter` nor `a4`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown paper size '{0}': use letter or a4")]
pub struct UnknownPaper(pub String);

impl FromStr for Paper {
    type Err = UnknownPaper;

    fn from_str(s: &str) -> Result<Paper, UnknownPaper> {
        match s.trim().to_ascii_lowercase().as_str() {
            "letter" | "us-letter" => Ok(Paper::Letter),
            "a4" => Ok(Paper::A4),
            _ => Err(UnknownPaper(s.to_string())),
        }
    }
}

/// One inch in twentieths of a point (dxa, twips): every margin.
pub const MARGIN_DXA: usize = 1440;

impl Paper {
    /// Width and height in twentieths of a point.
    pub fn size_dxa(self) -> (usize, usize) {
        match self {
            Paper::Letter => (12240, 15840),
            Paper::A4 => (11906, 16838),
        }
    }

    /// The width between the margins, in twentieths of a point.
    pub fn text_width_dxa(self) -> usize {
        self.size_dxa().0 - 2 * MARGIN_DXA
    }
}

/// Width of an average character of 9 pt table text, generous so that
/// capitals and digits fit too.
const CHAR_DXA: usize = 100;
/// Bold header text is wider.
const BOLD_CHAR_DXA: usize = 108;
/// Cell margins (108 each side) and a little air.
const PAD_DXA: usize = 260;

/// What one column holds: its widest word and its longest text, in
/// estimated twentieths of a point.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ColumnNeed {
    /// The longest word (never split).
    pub min: usize,
    /// The longest cell on one line.
    pub want: usize,
}

impl ColumnNeed {
    /// Takes in one cell's text.
    pub fn add(&mut self, text: &str, bold: bool) {
        let per = if bold { BOLD_CHAR_DXA } else { CHAR_DXA };
        let word = text
            .split_whitespace()
            .map(|w| w.chars().count())
            .max()
            .unwrap_or(0);
        let line = text.trim().chars().count();
        self.min = self.min.max(word * per + PAD_DXA);
        self.want = self.want.max(line * per + PAD_DXA).max(self.min);
    }
}

/// Column widths summing to `text_width`: each column gets its longest
/// word; then short columns (names, dates, owners) get their whole text on
/// one line; what is left goes to the long-text columns in proportion to
/// how much they lack. When even the longest words do not fit, every
/// column shrinks in proportion.
pub fn column_widths(needs: &[ColumnNeed], text_width: usize) -> Vec<usize> {
    if needs.is_empty() {
        return Vec::new();
    }
    let min_total: usize = needs.iter().map(|n| n.min).sum();
    let mut widths: Vec<usize> = if min_total >= text_width {
        needs
            .iter()
            .map(|n| n.min * text_width / min_total.max(1))
            .collect()
    } else {
        share(needs, text_width, text_width - min_total)
    };
    // Rounding leaves a few twips: give them to the widest column.
    let sum: usize = widths.iter().sum();
    if let Some(i) = (0..widths.len()).max_by_key(|i| widths[*i]) {
        widths[i] = (widths[i] + text_width).saturating_sub(sum);
    }
    widths
}

/// Shares `spare` (the text width beyond every column's longest word).
fn share(needs: &[ColumnNeed], text_width: usize, mut spare: usize) -> Vec<usize> {
    let mut widths: Vec<usize> = needs.iter().map(|n| n.min).collect();
    // Short columns first, smallest first, while they fit whole.
    let short = text_width / 4;
    let mut order: Vec<usize> = (0..needs.len())
        .filter(|&i| needs[i].want <= short)
        .collect();
    order.sort_by_key(|&i| needs[i].want - needs[i].min);
    for i in order {
        let lack = needs[i].want - widths[i];
        if lack <= spare {
            widths[i] += lack;
            spare -= lack;
        }
    }
    let lack: Vec<usize> = needs.iter().zip(&widths).map(|(n, w)| n.want - w).collect();
    let lack_total: usize = lack.iter().sum();
    if lack_total >= spare {
        for (w, l) in widths.iter_mut().zip(&lack) {
            *w += l * spare / lack_total.max(1);
        }
    } else {
        // Everything fits on one line: share the rest by width wanted.
        let left = spare - lack_total;
        let want_total: usize = needs.iter().map(|n| n.want).sum();
        for (w, n) in widths.iter_mut().zip(needs) {
            *w = n.want + n.want * left / want_total.max(1);
        }
    }
    widths
}

/// A status colour as a table cell shows it: fill, text colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RagStyle {
    /// The word the cell carries (never colour alone).
    pub word: &'static str,
    /// Cell fill, RRGGBB.
    pub fill: &'static str,
    /// Text colour, RRGGBB.
    pub text: &'static str,
}

/// Light fills with dark text, each pair at least 4.5:1 (WCAG AA).
pub const RAG_STYLES: [RagStyle; 4] = [
    RagStyle {
        word: "Green",
        fill: "C6EFCE",
        text: "006100",
    },
    RagStyle {
        word: "Amber",
        fill: "FFEB9C",
        text: "7A4500",
    },
    RagStyle {
        word: "Red",
        fill: "FFC7CE",
        text: "9C0006",
    },
    RagStyle {
        word: "Unknown",
        fill: "E7E6E6",
        text: "262626",
    },
];

/// The style of a cell that holds exactly a status word (`Green`, `amber`,
/// `Unknown`…), if it does.
pub fn rag_style(text: &str) -> Option<RagStyle> {
    let t = text.trim();
    RAG_STYLES
        .into_iter()
        .find(|s| s.word.eq_ignore_ascii_case(t))
}

/// WCAG relative luminance of an `RRGGBB` colour.
fn luminance(hex: &str) -> f64 {
    let channel = |i: usize| {
        let v = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap_or(0)) / 255.0;
        if v <= 0.03928 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4)
}

/// The WCAG contrast ratio of two `RRGGBB` colours (1 to 21).
pub fn contrast(a: &str, b: &str) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_colours_meet_wcag_aa() {
        for s in RAG_STYLES {
            let c = contrast(s.text, s.fill);
            assert!(c >= 4.5, "{}: {} on {} is {c:.2}:1", s.word, s.text, s.fill);
        }
        // The formula itself: black on white is 21:1, a colour on itself 1:1.
        assert!((contrast("000000", "FFFFFF") - 21.0).abs() < 1e-9);
        assert!((contrast("C6EFCE", "C6EFCE") - 1.0).abs() < 1e-9);
    }

    #[test]
    fn status_words_are_found_whatever_their_case() {
        assert_eq!(rag_style(" amber ").map(|s| s.word), Some("Amber"));
        assert_eq!(rag_style("UNKNOWN").map(|s| s.word), Some("Unknown"));
        assert_eq!(rag_style("Greenish"), None);
    }

    #[test]
    fn short_columns_keep_their_words_and_widths_fill_the_text_width() {
        let mut id = ColumnNeed::default();
        id.add("ID", true);
        id.add("R-003", false);
        let mut text = ColumnNeed::default();
        text.add("Risk", true);
        text.add(&"a long description of what may go wrong ".repeat(4), false);
        let mut score = ColumnNeed::default();
        score.add("Score", true);
        score.add("16", false);
        let w = column_widths(&[id, text, score], Paper::Letter.text_width_dxa());
        assert_eq!(w.iter().sum::<usize>(), 9360);
        assert!(w[0] >= id.min && w[2] >= score.min, "{w:?}");
        assert!(w[1] > w[0] + w[2], "{w:?}");
        // A short column (an owner's name) stays on one line.
        let mut owner = ColumnNeed::default();
        owner.add("Owner", true);
        owner.add("Aisha Mohamed", false);
        let w = column_widths(&[id, text, owner, text], 9360);
        assert!(w[2] >= owner.want, "{w:?}");
    }

    #[test]
    fn too_many_columns_shrink_in_proportion() {
        let mut wide = ColumnNeed::default();
        wide.add("Supercalifragilisticexpialidocious-and-more", false);
        let w = column_widths(&[wide; 8], Paper::A4.text_width_dxa());
        assert_eq!(w.iter().sum::<usize>(), Paper::A4.text_width_dxa());
    }

    #[test]
    fn paper_names() {
        assert_eq!("A4".parse::<Paper>(), Ok(Paper::A4));
        assert_eq!("letter".parse::<Paper>(), Ok(Paper::Letter));
        assert!("legal".parse::<Paper>().is_err());
        assert_eq!(Paper::default(), Paper::Letter);
    }
}
