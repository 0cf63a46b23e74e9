//! Layout and accessibility of what a director signs and a finance lead
//! files (issue 11): the Word documents' paper, tables, styles, language,
//! status colours, alt text and wording, and the reconciliation workbook's
//! print set-up — each checked on the XML of real output, parsed.

mod common;
use common::{pmo, root};
use pmo::render::doc::layout::{contrast, rag_style, RAG_STYLES};
use pmo::render::doc::{markup, to_docx, to_docx_on, DocMeta, Paper};
use quick_xml::events::Event;
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

// ---------------------------------------------------------------------------
// A small XML tree over quick-xml, enough to ask questions of the parts.

#[derive(Debug, Default, Clone)]
struct Node {
    name: String,
    attrs: BTreeMap<String, String>,
    children: Vec<Node>,
    text: String,
}

impl Node {
    fn attr(&self, key: &str) -> Option<&str> {
        self.attrs.get(key).map(String::as_str)
    }

    /// Every descendant (and self) with this name, in document order.
    fn all<'a>(&'a self, name: &str) -> Vec<&'a Node> {
        let mut out = Vec::new();
        self.walk(name, &mut out);
        out
    }

    fn walk<'a>(&'a self, name: &str, out: &mut Vec<&'a Node>) {
        if self.name == name {
            out.push(self);
        }
        for c in &self.children {
            c.walk(name, out);
        }
    }

    fn child(&self, name: &str) -> Option<&Node> {
        self.children.iter().find(|c| c.name == name)
    }

    fn has(&self, name: &str) -> bool {
        !self.all(name).is_empty()
    }

    /// The text of every `w:t` below.
    fn text(&self) -> String {
        self.all("w:t").iter().map(|t| t.text.as_str()).collect()
    }
}

fn start_node(e: &quick_xml::events::BytesStart<'_>) -> Node {
    Node {
        name: e.name().0.to_string(),
        attrs: e
            .attributes()
            .flatten()
            .map(|a| {
                let v = quick_xml::escape::unescape(&a.value)
                    .map(|v| v.into_owned())
                    .unwrap_or_else(|_| a.value.to_string());
                (a.key.0.to_string(), v)
            })
            .collect(),
        ..Node::default()
    }
}

fn parse(xml: &str) -> Node {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut stack = vec![Node::default()];
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) => stack.push(start_node(&e)),
            Event::Empty(e) => {
                let n = start_node(&e);
                stack.last_mut().unwrap().children.push(n);
            }
            Event::End(_) => {
                let n = stack.pop().unwrap();
                stack.last_mut().unwrap().children.push(n);
            }
            Event::Text(t) => {
                let s = quick_xml::escape::unescape(t.as_ref())
                    .unwrap()
                    .into_owned();
                stack.last_mut().unwrap().text.push_str(&s);
            }
            Event::GeneralRef(r) => {
                let name: &str = r.as_ref();
                let s = quick_xml::escape::unescape(&format!("&{name};"))
                    .unwrap()
                    .into_owned();
                stack.last_mut().unwrap().text.push_str(&s);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    stack.pop().unwrap()
}

fn part_bytes(zip_bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(zip_bytes)).unwrap();
    let mut f = zip
        .by_name(name)
        .unwrap_or_else(|_| panic!("no part {name}"));
    let mut s = String::new();
    f.read_to_string(&mut s).unwrap();
    s
}

fn part(file: &Path, name: &str) -> Node {
    parse(&part_bytes(&std::fs::read(file).unwrap(), name))
}

fn part_names(file: &Path) -> Vec<String> {
    let zip = zip::ZipArchive::new(std::fs::File::open(file).unwrap()).unwrap();
    zip.file_names().flatten().map(|n| n.into_owned()).collect()
}

// ---------------------------------------------------------------------------
// The month's outputs, made once.

fn out_dir() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        pmo(
            &["report", "samples/", "-o", dir.path().to_str().unwrap()],
            0,
        );
        dir
    })
    .path()
}

const DOCS: [&str; 3] = ["status-report.docx", "charter.docx", "mb20-draft.docx"];

fn doc(name: &str) -> PathBuf {
    out_dir().join(name)
}

fn twips(n: &Node, key: &str) -> usize {
    n.attr(key)
        .unwrap_or_else(|| panic!("{} has no {key}", n.name))
        .parse()
        .unwrap()
}

/// The body's paragraphs outside tables, as (style, all runs bold, text).
fn body_paragraphs(document: &Node) -> Vec<(String, bool, String)> {
    let body = &document.all("w:body")[0];
    body.children
        .iter()
        .filter(|c| c.name == "w:p")
        .map(|p| {
            let style = p
                .child("w:pPr")
                .and_then(|pp| pp.child("w:pStyle"))
                .and_then(|s| s.attr("w:val"))
                .unwrap_or("")
                .to_string();
            let runs: Vec<&Node> = p
                .all("w:r")
                .into_iter()
                .filter(|r| !r.text().trim().is_empty())
                .collect();
            let bold = !runs.is_empty()
                && runs
                    .iter()
                    .all(|r| r.child("w:rPr").is_some_and(|rp| rp.has("w:b")));
            (style, bold, p.text())
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Word documents.

#[test]
fn letter_paper_with_every_table_within_the_text_width() {
    for name in DOCS {
        let d = part(&doc(name), "word/document.xml");
        let size = d.all("w:pgSz")[0];
        assert_eq!(
            (twips(size, "w:w"), twips(size, "w:h")),
            (12240, 15840),
            "{name}"
        );
        let mar = d.all("w:pgMar")[0];
        let text = 12240 - twips(mar, "w:left") - twips(mar, "w:right");
        assert_eq!(text, 9360, "{name}: one-inch margins");
        let tables = d.all("w:tbl");
        assert!(!tables.is_empty(), "{name}");
        for t in tables {
            let grid: usize = t.all("w:gridCol").iter().map(|g| twips(g, "w:w")).sum();
            let w = twips(t.all("w:tblW")[0], "w:w");
            assert!(
                grid <= text && w <= text,
                "{name}: table {w} / grid {grid} > {text}"
            );
        }
    }
}

fn wide_table_doc() -> Vec<markup::Block> {
    let row = "| R-001 | A long description of a risk that goes on | 16 | Critical | Someone Long-Named | 2026-12-18 | More words here |";
    markup::parse(&format!(
        "# T\n\n| ID | Risk | Score | Rating | Owner | Due | Mitigation |\n|---|---|---|---|---|---|---|\n{row}\n{row}\n"
    ))
}

fn meta() -> DocMeta {
    DocMeta {
        title: "T".into(),
        author: "a".into(),
        created: "2026-11-23T00:00:00Z".into(),
        header: "P".into(),
        classification: None,
    }
}

#[test]
fn a4_when_asked_with_tables_within_its_narrower_text() {
    let bytes = to_docx_on(&wide_table_doc(), &meta(), &BTreeMap::new(), Paper::A4).unwrap();
    let d = parse(&part_bytes(&bytes, "word/document.xml"));
    let size = d.all("w:pgSz")[0];
    assert_eq!((twips(size, "w:w"), twips(size, "w:h")), (11906, 16838));
    let text = Paper::A4.text_width_dxa();
    assert_eq!(text, 11906 - 2 * 1440);
    let grid: usize = d.all("w:gridCol").iter().map(|g| twips(g, "w:w")).sum();
    assert!(grid <= text, "{grid} > {text}");
    assert!(twips(d.all("w:tblW")[0], "w:w") <= text);
    // Letter is the default.
    let letter = to_docx(&wide_table_doc(), &meta(), &BTreeMap::new()).unwrap();
    let d = parse(&part_bytes(&letter, "word/document.xml"));
    assert_eq!(twips(d.all("w:pgSz")[0], "w:w"), 12240);
}

/// 9 pt Calibri averages about 90 twips a character; cell margins 216.
fn fits_on_one_line(word: &str, width: usize) -> bool {
    word.chars().count() * 90 + 216 <= width
}

#[test]
fn ids_ratings_scores_and_dates_never_wrap_mid_word() {
    for name in DOCS {
        let d = part(&doc(name), "word/document.xml");
        for t in d.all("w:tbl") {
            let widths: Vec<usize> = t.all("w:gridCol").iter().map(|g| twips(g, "w:w")).collect();
            for tr in t.all("w:tr") {
                for (i, tc) in tr.children.iter().filter(|c| c.name == "w:tc").enumerate() {
                    for word in tc.text().split_whitespace() {
                        assert!(
                            fits_on_one_line(word, widths[i]),
                            "{name}: '{word}' in a column {} twips wide",
                            widths[i]
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn rows_never_split_and_only_header_rows_repeat() {
    for name in DOCS {
        let d = part(&doc(name), "word/document.xml");
        for t in d.all("w:tbl") {
            let rows = t.all("w:tr");
            for (i, tr) in rows.iter().enumerate() {
                let pr = tr.child("w:trPr").expect("row properties");
                assert!(pr.has("w:cantSplit"), "{name}: row {i} may split");
                assert_eq!(pr.has("w:tblHeader"), i == 0, "{name}: row {i}");
            }
        }
    }
}

#[test]
fn headings_keep_with_next_and_are_real_headings() {
    for name in DOCS {
        let styles = part(&doc(name), "word/styles.xml");
        for id in ["Title", "Heading1", "Heading2", "Heading3"] {
            let s = styles
                .all("w:style")
                .into_iter()
                .find(|s| s.attr("w:styleId") == Some(id))
                .unwrap_or_else(|| panic!("{name}: no {id}"));
            assert!(s.has("w:keepNext"), "{name}: {id} without keepNext");
            assert!(s.has("w:outlineLvl") || id == "Title", "{name}: {id}");
        }
        let d = part(&doc(name), "word/document.xml");
        let paras = body_paragraphs(&d);
        assert!(paras.iter().any(|(s, _, _)| s == "Heading1"), "{name}");
        for (style, bold, text) in &paras {
            assert!(
                !(style.is_empty() && *bold),
                "{name}: a bold paragraph posing as a heading: '{text}'"
            );
        }
    }
}

#[test]
fn one_normal_style_marked_default_and_language_en_ca() {
    for name in DOCS {
        let styles = part(&doc(name), "word/styles.xml");
        let normal: Vec<&Node> = styles
            .all("w:style")
            .into_iter()
            .filter(|s| s.attr("w:styleId") == Some("Normal"))
            .collect();
        assert_eq!(
            normal.len(),
            1,
            "{name}: Normal defined {} times",
            normal.len()
        );
        assert_eq!(normal[0].attr("w:default"), Some("1"), "{name}");
        let defaults = styles.all("w:docDefaults")[0];
        let lang = defaults.all("w:lang");
        assert_eq!(lang.len(), 1, "{name}");
        assert_eq!(lang[0].attr("w:val"), Some("en-CA"), "{name}");
        let core = part(&doc(name), "docProps/core.xml");
        let title = core.all("dc:title");
        assert!(
            title[0].text.contains("Licence Renewal Modernization"),
            "{name}"
        );
        assert_eq!(core.all("dc:language")[0].text, "en-CA", "{name}");
    }
}

#[test]
fn page_numbers_are_the_size_of_page_of() {
    for name in DOCS {
        let file = doc(name);
        for footer in part_names(&file)
            .iter()
            .filter(|n| n.starts_with("word/footer"))
        {
            let f = part(&file, footer);
            let runs = f.all("w:r");
            assert!(runs.iter().any(|r| r.has("w:instrText")), "{name}");
            for r in runs {
                let sz = r.all("w:sz");
                assert_eq!(
                    sz.first().and_then(|s| s.attr("w:val")),
                    Some("16"),
                    "{name}: {r:?}"
                );
            }
        }
    }
}

#[test]
fn status_cells_are_shaded_and_carry_the_word() {
    let d = part(&doc("status-report.docx"), "word/document.xml");
    let mut seen = 0;
    for tc in d.all("w:tc") {
        let text = tc.text();
        if let Some(style) = rag_style(&text) {
            seen += 1;
            let shd = tc.all("w:shd");
            assert_eq!(shd[0].attr("w:fill"), Some(style.fill), "{text}");
            assert_eq!(text.trim(), style.word);
            let color = tc.all("w:color");
            assert_eq!(color[0].attr("w:val"), Some(style.text), "{text}");
        }
    }
    assert!(seen >= 5, "the five status areas at least: {seen}");
    // Unknown too, grey.
    let blocks = markup::parse("| Area | Status |\n|---|---|\n| Risk | **Unknown** |\n");
    let bytes = to_docx(&blocks, &meta(), &BTreeMap::new()).unwrap();
    let d = parse(&part_bytes(&bytes, "word/document.xml"));
    let cell = d
        .all("w:tc")
        .into_iter()
        .find(|c| c.text() == "Unknown")
        .unwrap();
    assert_eq!(cell.all("w:shd")[0].attr("w:fill"), Some("E7E6E6"));
    for s in RAG_STYLES {
        assert!(contrast(s.text, s.fill) >= 4.5, "{}", s.word);
    }
}

#[test]
fn every_image_is_described_in_numbers() {
    let file = doc("status-report.docx");
    let d = part(&file, "word/document.xml");
    let pics = d.all("wp:docPr");
    assert_eq!(pics.len(), 1);
    let descr = pics[0].attr("descr").unwrap_or("");
    assert!(descr.contains("2026-27"), "{descr}");
    assert!(descr.contains("planned $435,453.85"), "{descr}");
    assert!(descr.contains("actual $435,409.07"), "{descr}");
    assert!(descr.contains("forecast $656,131.82"), "{descr}");
}

#[test]
fn mb20_classification_right_aligned_in_the_header() {
    let file = doc("mb20-draft.docx");
    let header = part(&file, "word/header1.xml");
    let tab = header.all("w:tab");
    let stop = tab
        .iter()
        .find(|t| t.attr("w:val") == Some("right"))
        .expect("a right tab stop");
    assert_eq!(stop.attr("w:pos"), Some("9360"));
    assert!(header.text().ends_with("Confidential Advice to Cabinet"));
}

#[test]
fn wording_a_director_can_sign() {
    for name in DOCS {
        let d = part(&doc(name), "word/document.xml");
        let text: Vec<String> = body_paragraphs(&d).into_iter().map(|p| p.2).collect();
        let all = d.text();
        assert!(!all.contains("(s)"), "{name}: a '(s)' plural");
        assert!(
            !all.contains("run pmo") && !all.contains("--"),
            "{name}: a command"
        );
        // No paragraph twice, word for word.
        let mut seen = std::collections::BTreeSet::new();
        for p in text.iter().filter(|p| p.len() > 30) {
            assert!(seen.insert(p.clone()), "{name}: repeated: {p}");
        }
    }
    let d = part(&doc("status-report.docx"), "word/document.xml");
    let paras: Vec<String> = body_paragraphs(&d).into_iter().map(|p| p.2).collect();
    assert!(paras
        .iter()
        .any(|p| p.starts_with("Validation found 4 errors and 4 warnings")));
    // Plans for next period: in date order.
    let start = paras
        .iter()
        .position(|p| p == "Plans for next period")
        .unwrap();
    let dates: Vec<&str> = paras[start + 1..]
        .iter()
        .take_while(|p| p.contains(" — due "))
        .map(|p| p.rsplit(" — due ").next().unwrap())
        .collect();
    assert!(dates.len() >= 2, "{dates:?}");
    assert!(dates.windows(2).all(|w| w[0] <= w[1]), "{dates:?}");
}

#[test]
fn charter_has_a_cost_total_and_room_to_sign() {
    let d = part(&doc("charter.docx"), "word/document.xml");
    let tables = d.all("w:tbl");
    let cost = tables
        .iter()
        .find(|t| t.all("w:tr")[0].text().starts_with("Standard account"))
        .expect("cost table");
    let last = *cost.all("w:tr").last().unwrap();
    assert!(last.text().starts_with("Total"), "{}", last.text());
    assert!(last.text().contains("$1,189,859.10"), "{}", last.text());
    assert!(last.all("w:b").len() >= 2, "total row bold");
    let sign = tables
        .iter()
        .find(|t| t.all("w:tr")[0].text().contains("Signature"))
        .expect("sign-off table");
    let rows = sign.all("w:tr");
    assert!(rows.len() > 1);
    for tr in &rows[1..] {
        let h = tr.all("w:trHeight");
        assert!(twips(h[0], "w:val") >= 720, "a row too short to sign");
    }
}

#[test]
fn mb20_subtotals_and_total_are_bold() {
    let d = part(&doc("mb20-draft.docx"), "word/document.xml");
    let fin = d
        .all("w:tbl")
        .into_iter()
        .find(|t| t.all("w:tr")[0].text().starts_with("Cost"))
        .expect("financial table");
    let mut totals = 0;
    for tr in fin.all("w:tr").into_iter().skip(1) {
        let bold = tr.all("w:r").iter().all(|r| r.has("w:b"));
        let is_total = tr.text().starts_with("Total");
        assert_eq!(bold, is_total, "{}", tr.text());
        totals += usize::from(is_total);
    }
    assert_eq!(totals, 3, "operating, capital, grand");
}

#[test]
fn the_tie_out_reaches_the_director() {
    let d = part(&doc("status-report.docx"), "word/document.xml");
    let paras: Vec<String> = body_paragraphs(&d).into_iter().map(|p| p.2).collect();
    let at = paras
        .iter()
        .position(|p| p == "Tie-out to the finance ledger")
        .expect("a tie-out heading");
    let text = &paras[at + 1];
    assert!(
        text.contains("does not tie to the finance ledger"),
        "{text}"
    );
    assert!(text.contains("a difference of ($103.17)"), "{text}");
    assert!(text.contains("5 exceptions"), "{text}");
    assert!(text.contains("the largest is"), "{text}");
    // Without a ledger, the report says so.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("s.docx");
    pmo(
        &[
            "status",
            "samples/project.xlsx",
            "-o",
            out.to_str().unwrap(),
        ],
        0,
    );
    let d = part(&out, "word/document.xml");
    let paras: Vec<String> = body_paragraphs(&d).into_iter().map(|p| p.2).collect();
    let at = paras
        .iter()
        .position(|p| p == "Tie-out to the finance ledger")
        .unwrap();
    assert!(paras[at + 1].starts_with("No finance ledger export was among the inputs"));
    assert!(root().join("samples/ledger.xlsx").exists());
}

// ---------------------------------------------------------------------------
// The reconciliation workbook.

fn book_part(name: &str) -> Node {
    part(&out_dir().join("reconciliation.xlsx"), name)
}

/// Sheet names in order, with their part names.
fn sheets() -> Vec<(String, String)> {
    let wb = book_part("xl/workbook.xml");
    wb.all("sheet")
        .iter()
        .enumerate()
        .map(|(i, s)| {
            (
                s.attr("name").unwrap().to_string(),
                format!("xl/worksheets/sheet{}.xml", i + 1),
            )
        })
        .collect()
}

#[test]
fn workbook_prints_with_titles_header_footer_and_page_width() {
    let wb = book_part("xl/workbook.xml");
    let titles: Vec<&Node> = wb
        .all("definedName")
        .into_iter()
        .filter(|d| d.attr("name") == Some("_xlnm.Print_Titles"))
        .collect();
    for (name, file) in sheets() {
        let ws = book_part(&file);
        let hf = ws.all("headerFooter");
        let head = &hf[0].child("oddHeader").expect("header").text;
        let foot = &hf[0].child("oddFooter").expect("footer").text;
        assert!(
            head.contains("Licence Renewal Modernization"),
            "{name}: {head}"
        );
        assert!(
            head.contains("&A") && head.contains("As of 2026-27:P07"),
            "{name}: {head}"
        );
        assert!(foot.contains("Page &P of &N"), "{name}: {foot}");
        let fit = ws.all("pageSetUpPr");
        assert_eq!(fit[0].attr("fitToPage"), Some("1"), "{name}");
        if name == "Summary" {
            continue;
        }
        assert!(
            titles
                .iter()
                .any(|t| t.text.starts_with(&format!("'{name}'!$1:$1"))
                    || t.text.starts_with(&format!("{name}!$1:$1"))),
            "{name}: no print titles in {titles:?}"
        );
        assert_eq!(
            ws.all("pageSetup")[0].attr("orientation"),
            Some("landscape"),
            "{name}"
        );
    }
}

#[test]
fn workbook_ids_and_accounts_are_text_without_warnings() {
    for (name, file) in sheets() {
        let ws = book_part(&file);
        let ignored = ws.all("ignoredError");
        assert!(
            ignored
                .iter()
                .any(|i| i.attr("numberStoredAsText") == Some("1")
                    && i.attr("sqref").is_some_and(|r| r.starts_with("A1:"))),
            "{name}: {ignored:?}"
        );
    }
}

#[test]
fn exception_kinds_in_words_beside_their_code() {
    let sst = book_part("xl/sharedStrings.xml");
    let strings: Vec<String> = sst
        .all("si")
        .iter()
        .map(|s| s.all("t")[0].text.clone())
        .collect();
    for want in [
        "Amount differs (amount_mismatch)",
        "Posting with no tracker line (ledger_unmatched)",
        "Tracker actual with no posting (tracker_unmatched)",
        "Possible duplicate posting (possible_duplicate)",
    ] {
        assert!(
            strings.iter().any(|s| s == want),
            "{want} not in {strings:?}"
        );
    }
}

#[test]
fn wrapped_headers_get_rows_tall_enough() {
    for (name, file) in sheets() {
        if name == "Summary" {
            continue;
        }
        let ws = book_part(&file);
        let first = ws
            .all("row")
            .into_iter()
            .find(|r| r.attr("r") == Some("1"))
            .unwrap();
        let ht: f64 = first.attr("ht").unwrap_or("15").parse().unwrap();
        assert!(ht >= 30.0, "{name}: header row {ht} pt for wrapped headers");
    }
}

#[test]
fn paper_a4_on_the_command_line_lays_every_document_out_on_a4() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("status.docx");
    pmo(
        &[
            "status",
            "samples/",
            "--paper",
            "a4",
            "-o",
            out.to_str().unwrap(),
        ],
        0,
    );
    let d = part(&out, "word/document.xml");
    let size = d.all("w:pgSz")[0];
    assert_eq!((twips(size, "w:w"), twips(size, "w:h")), (11906, 16838));
    let mar = d.all("w:pgMar")[0];
    let text = 11906 - twips(mar, "w:left") - twips(mar, "w:right");
    for t in d.all("w:tbl") {
        assert!(twips(t.all("w:tblW")[0], "w:w") <= text);
    }
    let report = dir.path().join("out");
    pmo(
        &[
            "report",
            "samples/",
            "--paper",
            "a4",
            "-o",
            report.to_str().unwrap(),
        ],
        0,
    );
    for name in ["status-report.docx", "charter.docx", "mb20-draft.docx"] {
        let d = part(&report.join(name), "word/document.xml");
        assert_eq!(twips(d.all("w:pgSz")[0], "w:w"), 11906, "{name}");
    }
}
