//! Word documents: structure, figures equal to the reconciliation, hostile
//! cell text kept literal, template errors and edits.

mod common;
use common::{json, pmo, root};
use std::io::Read;
use std::path::Path;

/// The text of one part of a .docx.
fn part(docx: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(docx).unwrap()).unwrap();
    let mut f = zip.by_name(name).unwrap();
    let mut s = String::new();
    f.read_to_string(&mut s).unwrap();
    s
}

/// The document's paragraphs as plain text (runs joined), in order.
fn paragraphs(xml: &str) -> Vec<String> {
    xml.split("</w:p>")
        .map(|p| {
            let mut text = String::new();
            let mut rest = p;
            while let Some(i) = rest.find("<w:t") {
                let after = &rest[i..];
                let Some(open_end) = after.find('>') else {
                    break;
                };
                if after[..open_end].starts_with("<w:tbl")
                    || after[..open_end].starts_with("<w:tc")
                    || after[..open_end].starts_with("<w:tr")
                {
                    rest = &after[open_end..];
                    continue;
                }
                let body = &after[open_end + 1..];
                let Some(close) = body.find("</w:t>") else {
                    break;
                };
                text.push_str(&body[..close]);
                rest = &body[close..];
            }
            text.replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&amp;", "&")
        })
        .filter(|t| !t.is_empty())
        .collect()
}

#[test]
fn status_report_structure_and_figures() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("status.docx");
    let o = out.to_str().unwrap();
    pmo(
        &[
            "status",
            "samples/project.xlsx",
            "--ledger",
            "samples/ledger.xlsx",
            "-o",
            o,
            "--generated",
            "2026-11-02",
        ],
        0,
    );
    let doc = part(&out, "word/document.xml");
    let paras = paragraphs(&doc);
    for heading in [
        "Status at a glance",
        "Accomplishments this period",
        "Plans for next period",
        "Milestones",
        "Budget (2026-27)",
        "Top risks",
        "Open issues",
        "Decisions needed",
    ] {
        assert!(
            paras.iter().any(|p| p == heading),
            "heading {heading} in {paras:?}"
        );
    }
    assert_eq!(
        paras[0],
        "Licence Renewal Modernization — Monthly Status Report"
    );
    // Every figure equals the reconciliation's, formatted.
    let r = json(&[
        "reconcile",
        "samples/project.xlsx",
        "--ledger",
        "samples/ledger.xlsx",
        "--format",
        "json",
    ]);
    let fmt = |key: &str| {
        let d: rust_decimal::Decimal = r["totals"][key].as_str().unwrap().parse().unwrap();
        pmo::model::money::format_display(d)
    };
    for key in [
        "planned_full_year",
        "planned_ytd",
        "actual_ytd",
        "variance_ytd",
        "eac",
    ] {
        assert!(
            paras.contains(&fmt(key)),
            "{key} = {} in the budget table",
            fmt(key)
        );
    }
    // Tables: status (5 + header), milestones (9 + header), top risks (5 + header).
    let tables: Vec<&str> = doc.split("<w:tbl>").skip(1).collect();
    let rows = |t: &str| {
        t.split("</w:tbl>")
            .next()
            .unwrap()
            .matches("<w:tr>")
            .count()
    };
    assert_eq!(rows(tables[0]), 6);
    assert_eq!(rows(tables[1]), 10);
    assert_eq!(rows(tables[3]), 6);
    // Seven risks are open: the five shown say how many they leave out.
    assert!(
        paras
            .iter()
            .any(|p| p == "… and 2 more open risks in the risk log."),
        "{paras:?}"
    );
    // Header rows repeat on each page; header, footer and properties.
    assert!(doc.contains("<w:tblHeader"));
    let header = part(&out, "word/header1.xml");
    assert!(header.contains("Licence Renewal Modernization"));
    let footer = part(&out, "word/footer1.xml");
    assert!(
        footer.contains("PAGE") && footer.contains("NUMPAGES"),
        "{footer}"
    );
    let core = part(&out, "docProps/core.xml");
    assert!(
        core.contains("<dc:title>Licence Renewal Modernization — Monthly Status Report</dc:title>"),
        "{core}"
    );
    assert!(core.contains("<dc:creator>Priya Raman</dc:creator>"));
    assert_eq!(
        core.matches("<dc:creator>").count(),
        1,
        "each property once: {core}"
    );
    assert!(!core.contains("1970"), "{core}");
    assert!(core.contains("2026-11-02"));
}

#[test]
fn hostile_cell_text_is_written_literally() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("hostile.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet().set_name("Risks").unwrap();
    ws.write_row(
        0,
        0,
        [
            "Risk ID",
            "Risk Description",
            "Likelihood",
            "Impact",
            "Rating",
            "Status",
        ],
    )
    .unwrap();
    ws.write_row(
        1,
        0,
        [
            "R-001",
            "<w:t>&{{x}}**|\nsecond line",
            "5",
            "4",
            "Critical",
            "Open",
        ],
    )
    .unwrap();
    wb.save(&book).unwrap();
    let out = dir.path().join("s.docx");
    pmo(
        &[
            "status",
            book.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ],
        0,
    );
    let doc = part(&out, "word/document.xml");
    assert!(
        doc.contains("&lt;w:t&gt;&amp;{{x}}**|"),
        "escaped XML, markup characters kept"
    );
    let paras = paragraphs(&doc);
    assert!(
        paras.iter().any(|p| p == "<w:t>&{{x}}**|second line"),
        "{paras:?}"
    );
    // The newline is a line break inside the same cell.
    let cell = doc.split("<w:tc>").find(|c| c.contains("{{x}}")).unwrap();
    assert!(cell.contains("<w:br "), "{cell}");
}

#[test]
fn an_edited_template_adds_a_section_and_an_unknown_field_fails_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    pmo(&["templates", "export", dir.path().to_str().unwrap()], 0);
    let t = dir.path().join("documents/status.md.j2");
    assert!(dir.path().join("workbooks/risks.toml").exists());
    let text = std::fs::read_to_string(&t).unwrap();
    let edited = text + "\n## Ministry notes\n\nCluster: {{ project.cluster }}\n";
    std::fs::write(&t, &edited).unwrap();
    let out = dir.path().join("s.docx");
    pmo(
        &[
            "status",
            "samples/project.xlsx",
            "--template",
            t.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ],
        0,
    );
    let paras = paragraphs(&part(&out, "word/document.xml"));
    assert!(paras.iter().any(|p| p == "Ministry notes"));
    assert!(
        paras
            .iter()
            .any(|p| p == "Cluster: Community Services I&IT Cluster"),
        "{paras:?}"
    );

    let line = edited.lines().count() + 2;
    std::fs::write(
        &t,
        format!("{edited}\nSponsor: {{{{ project.sponser }}}}\n"),
    )
    .unwrap();
    let err = pmo(
        &[
            "status",
            "samples/project.xlsx",
            "--template",
            t.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "--force",
        ],
        2,
    );
    let msg = String::from_utf8_lossy(&err.stderr);
    assert!(msg.contains("template 'status.md.j2'"), "{msg}");
    assert!(msg.contains(&format!("line {line}")), "{msg}");
    assert!(msg.contains("project.sponser"), "{msg}");
}

#[test]
fn context_lists_every_field() {
    let c = json(&[
        "context",
        "samples/project.xlsx",
        "--ledger",
        "samples/ledger.xlsx",
        "--format",
        "json",
    ]);
    assert_eq!(c["project"]["name"], "Licence Renewal Modernization");
    assert_eq!(c["period"], "2026-27:P07");
    assert_eq!(c["status"]["risk"]["rag"], "Red");
    assert_eq!(c["top_risks"].as_array().unwrap().len(), 5);
    assert_eq!(c["open_risks"], 7);
    assert_eq!(c["top_risks"][0]["id"], "R-003", "highest score first");
    assert_eq!(c["milestones"].as_array().unwrap().len(), 9);
    assert!(c["reconciliation"]["tie_out"].is_object());
}

#[test]
fn report_writes_the_month_and_every_document_holds_its_sections() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = out.to_str().unwrap();
    let run = pmo(
        &["report", "samples/", "-o", o, "--generated", "2026-11-02"],
        0,
    );
    let summary = String::from_utf8(run.stdout).unwrap();
    assert!(
        summary.contains("validation: 4 error(s), 4 warning(s)"),
        "{summary}"
    );
    assert!(summary.contains("5 exception(s)"), "{summary}");
    for f in [
        "findings.txt",
        "findings.json",
        "reconciliation.json",
        "reconciliation.xlsx",
        "status-report.docx",
        "charter.docx",
        "mb20-draft.docx",
    ] {
        assert!(out.join(f).exists(), "{f}");
    }
    // The status report embeds the chart as a PNG.
    let mut zip =
        zip::ZipArchive::new(std::fs::File::open(out.join("status-report.docx")).unwrap()).unwrap();
    let media: Vec<String> = zip
        .file_names()
        .filter_map(|n| n.ok().map(|n| n.to_string()))
        .filter(|n| n.starts_with("word/media/") && n.ends_with(".png"))
        .collect();
    assert_eq!(media.len(), 1, "{media:?}");
    let mut png = Vec::new();
    zip.by_name(&media[0])
        .unwrap()
        .read_to_end(&mut png)
        .unwrap();
    assert!(png.starts_with(b"\x89PNG"));

    let charter = paragraphs(&part(&out.join("charter.docx"), "word/document.xml"));
    for heading in [
        "1. Project summary",
        "2. Background and business need",
        "3. Goals, objectives and outcomes",
        "4. Scope",
        "5. Deliverables",
        "6. Milestones",
        "7. Cost estimate and funding",
        "8. Dependencies",
        "9. Risks, assumptions and constraints",
        "10. Governance, team and roles",
        "11. Approval and sign-off",
    ] {
        assert!(charter.iter().any(|p| p == heading), "charter: {heading}");
    }
    // Four stakeholders sign the charter.
    let doc = part(&out.join("charter.docx"), "word/document.xml");
    let signoff = doc.split("<w:tbl>").last().unwrap();
    assert_eq!(signoff.matches("<w:tr>").count(), 5);
    // Plan by fiscal year ties to the generator's figures.
    let e: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("samples/totals.json")).unwrap())
            .unwrap();
    let total = pmo::model::money::format_display(e["planned"].as_str().unwrap().parse().unwrap());
    assert!(charter.contains(&total), "{total} in the charter");

    let mb20 = part(&out.join("mb20-draft.docx"), "word/document.xml");
    let mb20_paras = paragraphs(&mb20);
    for heading in [
        "2. Decision sought",
        "6. Financial implications",
        "7. Risks and mitigations",
        "9. Communications",
    ] {
        assert!(mb20_paras.iter().any(|p| p == heading), "mb20: {heading}");
    }
    assert!(mb20_paras.iter().any(|p| p.contains("[TO COMPLETE:")));
    assert!(mb20_paras.contains(&total), "financial table total");
    // Every page is marked.
    let header = part(&out.join("mb20-draft.docx"), "word/header1.xml");
    let footer = part(&out.join("mb20-draft.docx"), "word/footer1.xml");
    assert!(
        header.contains("Confidential Advice to Cabinet")
            && footer.contains("Confidential Advice to Cabinet")
    );
}

#[test]
fn previous_month_lists_new_closed_and_rerated_risks_and_issues() {
    let dir = tempfile::tempdir().unwrap();
    let prev = dir.path().join("september.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet().set_name("Risks").unwrap();
    ws.write_row(
        0,
        0,
        [
            "Risk ID",
            "Risk Description",
            "Likelihood",
            "Impact",
            "Rating",
            "Status",
        ],
    )
    .unwrap();
    let risks = [
        ("R-001", "3", "4", "High", "Open"),
        ("R-003", "3", "4", "High", "Open"), // now 4 × 4 Critical
        ("R-006", "2", "3", "Medium", "Open"), // now closed
        ("R-009", "2", "2", "Low", "Open"),  // gone from the log
    ];
    for (i, r) in risks.iter().enumerate() {
        ws.write_row(i as u32 + 1, 0, [r.0, "x", r.1, r.2, r.3, r.4])
            .unwrap();
    }
    let ws = wb.add_worksheet().set_name("Issues").unwrap();
    ws.write_row(0, 0, ["Issue ID", "Description", "Priority", "Status"])
        .unwrap();
    ws.write_row(1, 0, ["I-001", "x", "High", "Open"]).unwrap(); // now closed
    wb.save(&prev).unwrap();
    let c = json(&[
        "context",
        "samples/project.xlsx",
        "--format",
        "json",
        "--previous",
        prev.to_str().unwrap(),
    ]);
    assert!(c["changes"].is_object(), "{}", c["changes"]);
    let ids = |k: &str| -> Vec<String> {
        c["changes"][k]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(ids("rerated_risks"), ["R-003"]);
    assert_eq!(c["changes"]["rerated_risks"][0]["previous_rating"], "High");
    assert_eq!(c["changes"]["rerated_risks"][0]["score"], "16");
    assert_eq!(ids("closed_risks"), ["R-006", "R-009"]);
    assert!(ids("new_risks").contains(&"R-008".to_string()));
    assert_eq!(ids("closed_issues"), ["I-001"]);
    assert_eq!(ids("new_issues"), ["I-002", "I-003", "I-004", "I-005"]);

    let out = dir.path().join("status.docx");
    pmo(
        &[
            "status",
            "samples/project.xlsx",
            "--previous",
            prev.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ],
        0,
    );
    let paras = paragraphs(&part(&out, "word/document.xml"));
    assert!(
        paras
            .iter()
            .any(|p| p == "Risk R-003 re-rated from High (12) to Critical (16)"),
        "{paras:?}"
    );
}
