//! Checks on a Word template's package before any part is read: what a
//! hostile .docx could smuggle into the filled document or use to exhaust
//! memory is refused with the part named, all at once.
//!
//! - a part that inflates past the workbook limits (size, zip-bomb ratio),
//!   or a part `pmo` reads (the fillable parts, relationships, content
//!   types) past [`MAX_READ_PART_BYTES`];
//! - a part name that would escape the package folder (`../`, `/etc/…`,
//!   `C:`, a backslash), and a part named twice;
//! - macros (`vbaProject.bin`, a macro-enabled content type);
//! - a relationship to something outside the package that Word fetches or
//!   opens by itself (an attached template, a linked image or object, a
//!   frame), and any link to a file or a network share (`file:`, `\\host`).
//!   Web and mail hyperlinks (`https:`, `http:`, `mailto:`) are kept.

use super::error::FillError;
use crate::ingest::limits::{MAX_COMPRESSION_RATIO, MAX_PART_BYTES, RATIO_CHECK_BYTES};
use quick_xml::events::Event;
use std::collections::BTreeSet;
use std::io::{Cursor, Read};
use zip::ZipArchive;

/// The most bytes a part `pmo` reads and edits (`word/document.xml`, a
/// header, `.rels`, `[Content_Types].xml`) may inflate to. The longest
/// real Word documents' main parts are a few MiB.
pub const MAX_READ_PART_BYTES: u64 = 64 * 1024 * 1024;

/// The most tags (`{{ … }}`, `{% … %}`) one part may hold.
pub const MAX_TAGS_PER_PART: usize = 10_000;

/// The longest tag, in characters: a deep chain of operators or filters
/// in one tag would exhaust the stack of the template engine.
pub const MAX_TAG_CHARS: usize = 500;

fn refused(part: &str, reason: impl Into<String>) -> FillError {
    FillError::Refused {
        part: shown(part),
        reason: reason.into(),
    }
}

/// A part name for a message: control characters escaped, at most 120
/// characters.
fn shown(name: &str) -> String {
    let clean: String = name.chars().flat_map(char::escape_debug).collect();
    if clean.chars().count() <= 120 {
        return clean;
    }
    clean.chars().take(117).collect::<String>() + "..."
}

/// Whether a part name stays inside the package.
fn safe_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('/')
        && !name.contains('\\')
        && !name.contains(':')
        && !name.contains('\0')
        && name.split('/').all(|c| c != ".." && c != ".")
}

/// The names the zip's central directory lists more than once (the zip
/// reader keeps one entry per name, so a second copy would be invisible).
fn listed_twice(bytes: &[u8]) -> Vec<String> {
    let u16_at = |i: usize| {
        bytes
            .get(i..i + 2)
            .map(|b| u16::from_le_bytes([b[0], b[1]]) as usize)
    };
    let u32_at = |i: usize| {
        bytes
            .get(i..i + 4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
    };
    // The end of central directory record, searched back over a comment.
    let from = bytes.len().saturating_sub(22 + 65_535);
    let Some(end) = (from..bytes.len().saturating_sub(21))
        .rev()
        .find(|&i| bytes[i..].starts_with(&[0x50, 0x4b, 0x05, 0x06]))
    else {
        return Vec::new();
    };
    let (Some(count), Some(mut at)) = (u16_at(end + 10), u32_at(end + 16)) else {
        return Vec::new();
    };
    let (mut seen, mut twice) = (BTreeSet::new(), Vec::new());
    for _ in 0..count {
        if !bytes
            .get(at..)
            .is_some_and(|b| b.starts_with(&[0x50, 0x4b, 0x01, 0x02]))
        {
            break;
        }
        let (Some(n), Some(x), Some(c)) = (u16_at(at + 28), u16_at(at + 30), u16_at(at + 32))
        else {
            break;
        };
        let Some(name) = bytes.get(at + 46..at + 46 + n) else {
            break;
        };
        let name = String::from_utf8_lossy(name).to_ascii_lowercase();
        if !seen.insert(name.clone()) {
            twice.push(name);
        }
        at += 46 + n + x + c;
    }
    twice
}

/// Every problem with the package's names and sizes; then with its
/// relationships and macros.
pub(super) fn check(
    bytes: &[u8],
    zip: &mut ZipArchive<Cursor<&[u8]>>,
    names: &[String],
) -> Vec<FillError> {
    let mut problems: Vec<FillError> = listed_twice(bytes)
        .iter()
        .map(|n| {
            refused(
                n,
                "the part is in the template twice; save the template again in Word",
            )
        })
        .collect();
    let mut seen = BTreeSet::new();
    for (i, name) in names.iter().enumerate() {
        if !safe_name(name) {
            problems.push(refused(name, "the part's name points outside the document (a zip-slip name); save the template again in Word"));
        }
        if !seen.insert(name.to_ascii_lowercase()) {
            problems.push(refused(
                name,
                "the part is in the template twice; save the template again in Word",
            ));
        }
        if name.to_ascii_lowercase().ends_with("vbaproject.bin") {
            problems.push(refused(
                name,
                "the template holds macros; save it as a Word document without macros (.docx)",
            ));
        }
        if let Ok(e) = zip.by_index_raw(i) {
            if let Some(p) = size_problem(name, e.size(), e.compressed_size(), reads(name)) {
                problems.push(p);
            }
        }
    }
    if !problems.is_empty() {
        return problems;
    }
    for name in names.iter().filter(|n| n.ends_with(".rels")) {
        match read_bounded(zip, name) {
            Ok(text) => problems.extend(external(name, &text)),
            Err(e) => problems.push(e),
        }
    }
    if let Ok(ct) = read_bounded(zip, "[Content_Types].xml") {
        if ct.to_ascii_lowercase().contains("macroenabled") {
            problems.push(refused(
                "[Content_Types].xml",
                "the template is macro-enabled; save it as a Word document without macros (.docx)",
            ));
        }
    }
    problems
}

/// Whether `pmo` inflates and reads the part.
fn reads(name: &str) -> bool {
    super::fillable(name).is_some() || name.ends_with(".rels") || name == "[Content_Types].xml"
}

fn size_problem(name: &str, size: u64, compressed: u64, read: bool) -> Option<FillError> {
    let ratio = size / compressed.max(1);
    let reason = if size > MAX_PART_BYTES || (read && size > MAX_READ_PART_BYTES) {
        let limit = if read {
            MAX_READ_PART_BYTES
        } else {
            MAX_PART_BYTES
        };
        format!("the part inflates to {size} bytes; the limit is {limit}")
    } else if size > RATIO_CHECK_BYTES && ratio > MAX_COMPRESSION_RATIO {
        format!("the part inflates {ratio} to 1, like a zip bomb; the limit is {MAX_COMPRESSION_RATIO} to 1")
    } else {
        return None;
    };
    Some(refused(name, reason))
}

/// Reads a part as UTF-8, refusing past [`MAX_READ_PART_BYTES`] whatever
/// its header says.
pub(super) fn read_bounded(
    zip: &mut ZipArchive<Cursor<&[u8]>>,
    name: &str,
) -> Result<String, FillError> {
    let part = |source: Box<dyn std::error::Error + Send + Sync>| FillError::Part {
        part: shown(name),
        source,
    };
    let f = zip.by_name(name).map_err(|e| part(Box::new(e)))?;
    let mut bytes = Vec::new();
    f.take(MAX_READ_PART_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| part(Box::new(e)))?;
    if bytes.len() as u64 > MAX_READ_PART_BYTES {
        return Err(refused(
            name,
            format!("the part inflates past {MAX_READ_PART_BYTES} bytes"),
        ));
    }
    String::from_utf8(bytes).map_err(|e| part(Box::new(e)))
}

/// The relationships in a `.rels` part that point outside the package and
/// are not web or mail hyperlinks.
fn external(part: &str, text: &str) -> Vec<FillError> {
    let mut reader = quick_xml::Reader::from_str(text);
    let mut out = Vec::new();
    loop {
        let e = match reader.read_event() {
            Ok(Event::Empty(e)) | Ok(Event::Start(e)) => e,
            Ok(Event::Eof) | Err(_) => break,
            _ => continue,
        };
        if e.local_name().as_ref() != "Relationship" {
            continue;
        }
        let attr = |key: &str| {
            e.attributes()
                .flatten()
                .find(|a| a.key.local_name().as_ref() == key)
                .map(|a| a.value.to_string())
                .unwrap_or_default()
        };
        if !attr("TargetMode").eq_ignore_ascii_case("External") {
            continue;
        }
        let (kind, target) = (attr("Type"), attr("Target"));
        let lower = target.trim().to_ascii_lowercase();
        let web = ["https://", "http://", "mailto:"]
            .iter()
            .any(|s| lower.starts_with(s));
        if kind.ends_with("/hyperlink") && web {
            continue;
        }
        let what = kind.rsplit('/').next().unwrap_or("relationship");
        out.push(refused(
            part,
            format!(
                "a {what} points outside the document, to '{}'; pmo does not pass on links to files, shares or fetched content: remove it in Word",
                shown(&target)
            ),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_that_escape_the_package_are_unsafe() {
        for n in ["../evil.xml", "/etc/passwd", "word\\..\\x", "C:/x", "a/./b"] {
            assert!(!safe_name(n), "{n}");
        }
        assert!(safe_name("word/document.xml"));
    }

    #[test]
    fn external_links_other_than_web_ones_are_refused() {
        let rels = r#"<Relationships>
<Relationship Id="r1" Type="http://x/hyperlink" Target="https://ontario.ca" TargetMode="External"/>
<Relationship Id="r2" Type="http://x/hyperlink" Target="file:///etc/passwd" TargetMode="External"/>
<Relationship Id="r3" Type="http://x/attachedTemplate" Target="http://evil/t.dotm" TargetMode="External"/>
<Relationship Id="r4" Type="http://x/image" Target="media/a.png"/>
</Relationships>"#;
        let found: Vec<String> = external("word/_rels/document.xml.rels", rels)
            .iter()
            .map(|e| e.to_string())
            .collect();
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].contains("file:///etc/passwd"));
        assert!(found[1].contains("attachedTemplate"));
    }
}
