//! A hostile Word template cannot take `pmo` down: loops run out of fuel,
//! long operator chains and tag floods are refused before the engine sees
//! them, sized filters refuse huge sizes, a zip bomb, zip-slip names,
//! duplicate parts, macros and external links are refused with the part
//! named. Each case must end in an error naming the limit, never a hang
//! (the harness's timeout) or an abort.

#[path = "fill/word.rs"]
mod word;

use pmo::render::fill::{fill, FillErrors, Images};
use serde_json::json;
use std::io::Write;
use word::{para, parts, Docx};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

fn ctx() -> serde_json::Value {
    json!({"project": {"name": "Court Services"}, "risks": [{"id": "R-1"}]})
}

/// A package of `(name, bytes)` parts, deflated unless `stored`.
fn package(parts: &[(String, Vec<u8>)], stored: bool) -> Vec<u8> {
    let method = if stored {
        CompressionMethod::Stored
    } else {
        CompressionMethod::Deflated
    };
    let opts = SimpleFileOptions::default().compression_method(method);
    let mut w = ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in parts {
        w.start_file(name.as_str(), opts).unwrap();
        w.write_all(bytes).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn with_body(body: &str) -> Vec<(String, Vec<u8>)> {
    let d = Docx {
        body: body.to_string(),
        title: "T".into(),
        ..Docx::default()
    };
    parts(&d)
        .into_iter()
        .map(|(n, t)| (n, t.into_bytes()))
        .collect()
}

fn errors(template: &[u8]) -> String {
    match fill(template, &ctx(), &Images::new()) {
        Ok(_) => panic!("the template was filled"),
        Err(FillErrors(all)) => {
            let text: Vec<String> = all.iter().map(|e| e.to_string()).collect();
            text.join("\n")
        }
    }
}

fn fill_body(body: &str) -> String {
    errors(&package(&with_body(body), false))
}

#[test]
fn nested_loops_run_out_of_fuel() {
    let two =
        para("{% for a in range(100000) %}{% for b in range(100000) %}x{% endfor %}{% endfor %}");
    assert!(
        fill_body(&two).contains("more work than pmo allows"),
        "{}",
        fill_body(&two)
    );
    let three = para("{% for a in range(1000) %}{% for b in range(1000) %}{% for c in range(1000) %}{% endfor %}{% endfor %}{% endfor %}");
    assert!(fill_body(&three).contains("more work than pmo allows"));
}

#[test]
fn long_operator_chains_are_refused_before_the_engine() {
    for tag in [
        format!("{{{{ 1{} }}}}", "+1".repeat(100_000)),
        format!("{{{{ {}true }}}}", "not ".repeat(50_000)),
        format!("{{{{ 1{} }}}}", "|string".repeat(200_000)),
    ] {
        let e = fill_body(&para(&tag));
        assert!(e.contains("the limit is 500"), "{}", &e[..e.len().min(300)]);
        assert!(e.len() < 1000, "the message is short: {} bytes", e.len());
    }
}

#[test]
fn fifty_thousand_tags_in_a_paragraph_are_refused() {
    let e = fill_body(&para(&"{{ project.name }}".repeat(50_000)));
    assert!(
        e.contains("50000 tags") && e.contains("word/document.xml"),
        "{e}"
    );
}

#[test]
fn sized_filters_refuse_huge_sizes() {
    for tag in [
        "{{ '%999999999d'|format(1) }}",
        "{{ project.name|indent(100000) }}",
        "{{ risks|batch(1000000000)|list }}",
    ] {
        let e = fill_body(&para(tag));
        assert!(e.contains("limit of 10000"), "{tag}: {e}");
    }
}

#[test]
fn output_past_the_cap_is_refused() {
    let e = fill_body(&para(
        "{% for i in range(100000) %}{{ 'x' * 1000 }}{% endfor %}",
    ));
    assert!(e.contains("writes more than pmo allows"), "{e}");
}

#[test]
fn a_document_part_that_inflates_past_the_limit_is_refused() {
    let mut p = with_body(&para("{{ project.name }}"));
    let doc = p
        .iter_mut()
        .find(|(n, _)| n == "word/document.xml")
        .unwrap();
    let pad = vec![b' '; 65 * 1024 * 1024];
    let at = doc.1.windows(7).position(|w| w == b"<w:body").unwrap();
    doc.1.splice(at..at, pad);
    let e = errors(&package(&p, false));
    assert!(
        e.contains("word/document.xml") && e.contains("inflates"),
        "{e}"
    );
}

#[test]
fn zip_slip_names_and_macros_are_refused_with_the_part_named() {
    let mut p = with_body(&para("{{ project.name }}"));
    p.push(("../../etc/cron.d/evil".into(), b"x".to_vec()));
    p.push(("word/vbaProject.bin".into(), b"macro".to_vec()));
    let e = errors(&package(&p, false));
    assert!(
        e.contains("../../etc/cron.d/evil") && e.contains("zip-slip"),
        "{e}"
    );
    assert!(
        e.contains("word/vbaProject.bin") && e.contains("macros"),
        "{e}"
    );
}

#[test]
fn a_part_named_twice_is_refused() {
    // The zip writer refuses a second entry of one name, so the second
    // copy is written under a name of the same length and renamed in the
    // stored bytes.
    let mut p = with_body(&para("{{ project.name }}"));
    let doc = p
        .iter()
        .find(|(n, _)| n == "word/document.xml")
        .unwrap()
        .1
        .clone();
    p.push(("word/document.xmZ".into(), doc));
    let mut bytes = package(&p, true);
    let from = b"word/document.xmZ";
    while let Some(at) = bytes.windows(from.len()).position(|w| w == from) {
        bytes[at + from.len() - 1] = b'l';
    }
    let e = errors(&bytes);
    assert!(
        e.contains("word/document.xml") && e.contains("twice"),
        "{e}"
    );
}

#[test]
fn external_relationships_are_refused_but_web_links_kept() {
    let mut p = with_body(&para("{{ project.name }}"));
    let rels = p
        .iter_mut()
        .find(|(n, _)| n == "word/_rels/document.xml.rels")
        .unwrap();
    let text = String::from_utf8(rels.1.clone()).unwrap();
    let link = |id: &str, kind: &str, target: &str| {
        format!(
            r#"<Relationship Id="{id}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/{kind}" Target="{target}" TargetMode="External"/>"#
        )
    };
    let web = link("rId20", "hyperlink", "https://www.ontario.ca/");
    rels.1 = text
        .replace("</Relationships>", &format!("{web}</Relationships>"))
        .into_bytes();
    let filled = fill(&package(&p, false), &ctx(), &Images::new());
    assert!(filled.is_ok(), "a web hyperlink is kept");
    for (kind, target) in [
        ("hyperlink", "file:///etc/passwd"),
        ("hyperlink", "\\\\fileserver\\share\\x.docx"),
        ("attachedTemplate", "http://example.com/t.dotm"),
    ] {
        let mut p = p.clone();
        let rels = p
            .iter_mut()
            .find(|(n, _)| n == "word/_rels/document.xml.rels")
            .unwrap();
        let text = String::from_utf8(rels.1.clone()).unwrap();
        let bad = link("rId21", kind, target);
        rels.1 = text
            .replace("</Relationships>", &format!("{bad}</Relationships>"))
            .into_bytes();
        let e = errors(&package(&p, false));
        assert!(
            e.contains("word/_rels/document.xml.rels") && e.contains("points outside"),
            "{target}: {e}"
        );
    }
}

/// Runs `pmo status` on the sample with `template`, under a memory budget
/// of `mib` MiB; returns (exit code, stderr).
fn status_with(template: &std::path::Path, mib: &str) -> (Option<i32>, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_pmo"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("PMO_MEMORY_MIB", mib)
        .args(["status", "samples/project.xlsx", "--template"])
        .arg(template)
        .arg("-o")
        .arg(template.with_extension("out.docx"))
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const DOUBLING: &str = "{% set ns = namespace(s='x') %}{% for i in range(60) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s|length }}";

#[test]
fn a_text_template_that_doubles_a_string_stops_within_the_memory_budget() {
    let dir = tempfile::tempdir().unwrap();
    let t = dir.path().join("status.md.j2");
    std::fs::write(&t, DOUBLING).unwrap();
    let (code, err) = status_with(&t, "512");
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("budget of 512 MiB") && err.contains("status.md.j2"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn a_word_template_that_doubles_a_string_stops_within_the_memory_budget() {
    let dir = tempfile::tempdir().unwrap();
    let t = dir.path().join("status.docx");
    std::fs::write(&t, package(&with_body(&para(DOUBLING)), false)).unwrap();
    let (code, err) = status_with(&t, "512");
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("budget of 512 MiB") && err.contains("status.docx"),
        "{err}"
    );
}

#[test]
fn a_text_template_with_a_hostile_loop_or_chain_fails_in_one_line() {
    let dir = tempfile::tempdir().unwrap();
    for (name, source, want) in [
        (
            "loops.md.j2",
            "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}"
                .to_string(),
            "more work than pmo allows",
        ),
        (
            "chain.md.j2",
            format!("{{{{ 1{} }}}}", "+1".repeat(100_000)),
            "the limit is 2000",
        ),
        (
            "filters.md.j2",
            format!("{{{{ 1{} }}}}", "|string".repeat(200_000)),
            "the limit is 2000",
        ),
        (
            "format.md.j2",
            "{{ '%999999999d'|format(1) }}".to_string(),
            "limit of 10000",
        ),
    ] {
        let t = dir.path().join(name);
        std::fs::write(&t, source).unwrap();
        let (code, err) = status_with(&t, "2048");
        assert_eq!(code, Some(2), "{name}: {err}");
        assert!(err.contains(want) && err.contains(name), "{name}: {err}");
        assert_eq!(err.lines().count(), 1, "{name}: {err}");
    }
}
