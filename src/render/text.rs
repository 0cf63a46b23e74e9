//! Cell text made safe for where it is written. Text from a workbook is
//! data: a terminal must show its escape sequences rather than obey them,
//! an XML part must not hold the control characters XML forbids (a soft
//! line break pasted from Word is `\x0b`), and an Excel cell holds at most
//! 32,767 characters. Every writer goes through these helpers, so the same
//! text is treated the same way everywhere, and every cut says so.

use serde::Serialize;
use std::borrow::Cow;
use std::fmt;

/// How many characters of one name or value (a sheet name, a header, an
/// ID) a line of text output shows.
pub const ECHO_MAX: usize = 200;

/// How many characters of one sentence (a finding's message or hint, which
/// may quote a cell) a line of text output shows: longer than any sentence
/// `pmo` writes itself, short enough that a pasted essay cannot flood the
/// screen.
pub const SENTENCE_MAX: usize = 500;

/// Excel's limit on the text of one cell, in UTF-16 code units.
pub const EXCEL_CELL_MAX: usize = 32_767;

/// Characters a terminal acts on instead of showing: C0 and C1 controls,
/// DEL, and the bidirectional overrides that reorder what is shown.
fn acts_on_terminal(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Shows control characters as escapes (`\x1B`, `\n`, `\u{202E}`), so text
/// from a cell cannot move the cursor, retitle the window or ring the bell.
pub fn terminal(s: &str) -> Cow<'_, str> {
    if !s.chars().any(acts_on_terminal) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if acts_on_terminal(c) && (c as u32) < 0x80 => {
                out.push_str(&format!("\\x{:02X}", c as u32));
            }
            c if acts_on_terminal(c) => out.push_str(&format!("\\u{{{:X}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// At most `max` characters of `s`; a cut ends with "… (N more
/// characters)".
pub fn cap(s: &str, max: usize) -> Cow<'_, str> {
    match s.char_indices().nth(max) {
        None => Cow::Borrowed(s),
        Some((at, _)) => {
            let more = s[at..].chars().count();
            Cow::Owned(format!(
                "{}… ({} more characters)",
                &s[..at],
                thousands(more)
            ))
        }
    }
}

/// A name or value for a line of text output: capped at [`ECHO_MAX`]
/// characters, control characters escaped.
pub fn echo(s: &str) -> String {
    terminal(&cap(s, ECHO_MAX)).into_owned()
}

/// A sentence for a line of text output: capped at [`SENTENCE_MAX`]
/// characters, control characters escaped.
pub fn sentence(s: &str) -> String {
    terminal(&cap(s, SENTENCE_MAX)).into_owned()
}

/// A name cut to `width` characters for a column of text output; a cut
/// name ends with "…" so it does not read as the whole name.
pub fn fit(s: &str, width: usize) -> Cow<'_, str> {
    match s.char_indices().nth(width) {
        None => Cow::Borrowed(s),
        Some(_) => {
            let keep: String = s.chars().take(width.saturating_sub(1)).collect();
            Cow::Owned(format!("{}…", keep.trim_end()))
        }
    }
}

/// The first `n` items joined with ", " (each through [`echo`]), then
/// "… and N more" when there were more.
pub fn first_of(items: &[String], n: usize) -> String {
    let mut out: Vec<String> = items.iter().take(n).map(|i| echo(i)).collect();
    if items.len() > n {
        out.push(format!("… and {} more", items.len() - n));
    }
    out.join(", ")
}

/// `n` with thousands separators: `67,265`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

/// True for the characters XML 1.0 allows in a document.
pub fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}')
}

/// A line break as people type one: line feed, carriage return, Word's
/// soft line break (`\x0b`), form feed and the Unicode line and paragraph
/// separators.
pub fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\x0b' | '\x0c' | '\u{2028}' | '\u{2029}' | '\u{85}'
    )
}

/// The lines of `s` for an XML part: split at every kind of line break
/// (`\r\n` counts once), each line without the characters XML forbids.
pub fn xml_lines(s: &str) -> Vec<String> {
    s.replace("\r\n", "\n")
        .split(is_line_break)
        .map(|l| l.chars().filter(|c| xml_char(*c)).collect())
        .collect()
}

/// Text for a one-line place in an XML part (a header, a document
/// property): line breaks become spaces, characters XML forbids go.
pub fn xml_line(s: &str) -> String {
    xml_lines(s).join(" ")
}

/// A cut [`excel_cell`] made to fit Excel's limit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Truncated {
    /// Where the text was written: `'By Line'!B2`.
    pub written_to: String,
    /// Where the text came from, when it was a cell of the input
    /// (`Budget!A7`, or a line's row).
    pub source: Option<String>,
    /// The text's length, in characters.
    pub chars: usize,
    /// How many of those characters were left out.
    pub dropped: usize,
    /// The most characters the place holds ([`EXCEL_CELL_MAX`] for a
    /// cell).
    pub limit: usize,
}

/// Shown with control characters escaped: a sheet name in it may hold
/// them, and the note is meant for a terminal.
impl fmt::Display for Truncated {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: the text", terminal(&self.written_to))?;
        if let Some(s) = &self.source {
            write!(f, " from {}", terminal(s))?;
        }
        write!(
            f,
            " has {} characters, more than fits ({}); its last {} were left out and the text ends with \"[truncated: …]\" or \"…\"",
            thousands(self.chars),
            thousands(self.limit),
            thousands(self.dropped)
        )
    }
}

/// A written file and what the writer had to change to write it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// Each text cut to fit, in the order written.
    pub notes: Vec<Truncated>,
}

fn truncation_marker(dropped: usize) -> String {
    format!("… [truncated: {} characters]", thousands(dropped))
}

/// Text cut to fit one Excel cell: when it is longer than
/// [`EXCEL_CELL_MAX`], its start followed by "… [truncated: N characters]",
/// and how many characters were left out.
pub fn excel_cell(s: &str) -> (Cow<'_, str>, Option<usize>) {
    if s.encode_utf16().count() <= EXCEL_CELL_MAX {
        return (Cow::Borrowed(s), None);
    }
    let total = s.chars().count();
    // The marker's length depends on the count it shows: grow the count
    // until the kept start and the marker fit together.
    let mut dropped = 0;
    loop {
        let marker = truncation_marker(dropped);
        let budget = EXCEL_CELL_MAX - marker.encode_utf16().count();
        let (mut units, mut end, mut kept) = (0, 0, 0);
        for (i, c) in s.char_indices() {
            if units + c.len_utf16() > budget {
                break;
            }
            units += c.len_utf16();
            end = i + c.len_utf8();
            kept += 1;
        }
        if total - kept == dropped {
            return (Cow::Owned(format!("{}{marker}", &s[..end])), Some(dropped));
        }
        dropped = total - kept;
    }
}

/// Writes text from a workbook into an Excel cell, cut to fit with
/// [`excel_cell`]; a cut is added to `notes`, naming the cell written and,
/// when known, the `source` of the text.
///
/// # Errors
///
/// What [`rust_xlsxwriter::Worksheet::write_string_with_format`] returns
/// other than the length limit.
pub fn write_cell_text(
    ws: &mut rust_xlsxwriter::Worksheet,
    (row, col): (u32, u16),
    s: &str,
    format: Option<&rust_xlsxwriter::Format>,
    source: Option<&str>,
    notes: &mut Vec<Truncated>,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    let (text, dropped) = excel_cell(s);
    if let Some(dropped) = dropped {
        notes.push(Truncated {
            written_to: format!(
                "{}!{}",
                rust_xlsxwriter::utility::quote_sheet_name(&ws.name()),
                rust_xlsxwriter::utility::row_col_to_cell(row, col)
            ),
            source: source.map(str::to_string),
            chars: s.chars().count(),
            dropped,
            limit: EXCEL_CELL_MAX,
        });
    }
    match format {
        Some(f) => ws.write_string_with_format(row, col, text.as_ref(), f),
        None => ws.write_string(row, col, text.as_ref()),
    }?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_shows_escapes_and_keeps_other_text() {
        assert_eq!(terminal("plain é"), "plain é");
        assert_eq!(
            terminal("\x1b]0;pwned\x07\x1b[31mred\n\u{9b}\u{202e}"),
            "\\x1B]0;pwned\\x07\\x1B[31mred\\n\\u{9B}\\u{202E}"
        );
    }

    #[test]
    fn cap_says_how_much_it_left_out() {
        assert_eq!(cap("abc", 3), "abc");
        assert_eq!(cap("abcdé", 3), "abc… (2 more characters)");
        assert_eq!(cap(&"x".repeat(1203), 200).chars().count(), 200 + 25);
        assert!(cap(&"x".repeat(1203), 200).ends_with("(1,003 more characters)"));
    }

    #[test]
    fn cuts_say_so() {
        assert_eq!(fit("short", 42), "short");
        assert_eq!(fit("abcdef", 6), "abcdef");
        assert_eq!(fit("abcdefgh", 6), "abcde…");
        assert_eq!(fit("abcd fgh", 6), "abcd…");
        let docs: Vec<String> = ["A", "B", "C", "D", "E", "F"].map(String::from).to_vec();
        assert_eq!(first_of(&docs[..4], 4), "A, B, C, D");
        assert_eq!(first_of(&docs, 4), "A, B, C, D, … and 2 more");
    }

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1234567), "1,234,567");
    }

    #[test]
    fn xml_lines_split_on_every_break_and_drop_forbidden_characters() {
        assert_eq!(
            xml_lines("a\x0bb\r\nc\x01\x1bd\u{FFFF}\te"),
            ["a", "b", "cd\te"]
        );
        assert_eq!(xml_line("Licence\x0b\x01Renewal"), "Licence Renewal");
    }

    #[test]
    fn excel_cell_fits_the_limit_with_its_marker() {
        assert_eq!(excel_cell("short"), (Cow::Borrowed("short"), None));
        let exact = "a".repeat(EXCEL_CELL_MAX);
        assert_eq!(excel_cell(&exact).1, None);
        let long = "y".repeat(100_000);
        let (text, dropped) = excel_cell(&long);
        assert_eq!(text.chars().count(), EXCEL_CELL_MAX);
        let dropped = dropped.unwrap();
        assert!(text.ends_with(&format!("… [truncated: {} characters]", thousands(dropped))));
        assert_eq!(text.matches('y').count() + dropped, 100_000);
        // Characters outside the BMP count twice against Excel's limit.
        let faces = "😀".repeat(20_000);
        let (text, _) = excel_cell(&faces);
        assert!(text.encode_utf16().count() <= EXCEL_CELL_MAX);
    }
}
