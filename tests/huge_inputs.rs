//! Huge cells, hostile CSV quoting and dense sheets end in a reading or a
//! clear exit 2, never a hang or an abort. The inputs are generated here;
//! the time bound is the harness's: a run still going after its deadline
//! is killed and the test fails as hung (no timing assertion).

#[path = "common/mod.rs"]
mod common;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Runs pmo with `args` (and `env`), killing it as hung after `secs`.
fn run_within(secs: u64, env: &[(&str, &str)], args: &[&str]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pmo"))
        .current_dir(common::root())
        .envs(env.iter().copied())
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(secs);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("pmo {args:?} hung: still running after {secs} s");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.code().is_some(),
        "pmo {args:?} was killed by a signal (an abort?): {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// A risk log (as an .xlsx written by hand) whose one description cell
/// holds `mib` MiB of text in varied words (so it does not compress like a
/// zip bomb).
fn risk_log_with_huge_cell(path: &Path, mib: usize) {
    let mut text = String::with_capacity(mib << 20);
    let words = ["risk ", "vendor ", "delay ", "budget ", "scope "];
    let mut x: u32 = 1;
    while text.len() < mib << 20 {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        text.push_str(words[(x >> 16) as usize % words.len()]);
    }
    let strings = [
        "Risk ID",
        "Description",
        "Likelihood",
        "Impact",
        "Owner",
        "R-1",
    ];
    let mut sst = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#,
    );
    for t in strings {
        sst.push_str(&format!("<si><t>{t}</t></si>"));
    }
    sst.push_str(&format!("<si><t>{text}</t></si></sst>"));
    let sheet = r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c></row><row r="2"><c r="A2" t="s"><v>5</v></c><c r="B2" t="s"><v>6</v></c><c r="C2"><v>3</v></c><c r="D2"><v>4</v></c><c r="E2" t="s"><v>6</v></c></row></sheetData></worksheet>"#;
    let parts = [
        ("[Content_Types].xml", r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#.to_string()),
        ("_rels/.rels", r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_string()),
        ("xl/workbook.xml", r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Risks" sheetId="1" r:id="rId1"/></sheets></workbook>"#.to_string()),
        ("xl/_rels/workbook.xml.rels", r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#.to_string()),
        ("xl/worksheets/sheet1.xml", sheet.to_string()),
        ("xl/sharedStrings.xml", sst),
    ];
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let mut w = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    for (name, text) in parts {
        w.start_file(name, opts).unwrap();
        w.write_all(text.as_bytes()).unwrap();
    }
    w.finish().unwrap();
}

#[test]
fn a_risk_log_with_a_cell_of_a_hundred_megabytes_is_read_in_bounded_time() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("risks.xlsx");
    risk_log_with_huge_cell(&path, 100);
    let out = run_within(120, &[], &["inspect", s(&path), "--format", "json"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["files"][0]["sheets"][0]["kind"], "risks", "{doc}");
}

#[test]
fn a_csv_with_one_stray_quote_is_read_in_bounded_time() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ledger.csv");
    let mut text = String::from("Date,Account,Cost Centre,Description,Amount\n");
    let mut i = 0;
    while text.len() < 6 << 20 {
        i += 1;
        let q = if i == 100 { "\"" } else { "" };
        text.push_str(&format!(
            "2025-{:02}-01,5{:03},CC{},{q}Posting {i} for services,{}.{:02}\n",
            i % 12 + 1,
            i % 100,
            i % 7,
            i * 37 % 10000,
            i % 100
        ));
    }
    std::fs::write(&path, text).unwrap();
    let out = run_within(60, &[], &["inspect", s(&path)]);
    assert!(out.status.code().is_some());
}

#[test]
fn a_csv_line_of_two_hundred_megabytes_is_read_in_bounded_time() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ledger.csv");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    f.write_all(b"Date,Description,Amount\n2025-04-01,\"")
        .unwrap();
    let chunk = "a quoted field, with commas and \"\"quotes\"\"\n".repeat(1000);
    let mut n = 0;
    while n < 200 << 20 {
        f.write_all(chunk.as_bytes()).unwrap();
        n += chunk.len();
    }
    f.write_all(b"\",5.00\n").unwrap();
    drop(f);
    let out = run_within(120, &[], &["inspect", s(&path)]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_csv_past_the_text_limit_is_refused_by_name_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.csv");
    let f = std::fs::File::create(&path).unwrap();
    // A sparse file: the size is stated, nothing is written.
    f.set_len(300 << 20).unwrap();
    let out = run_within(30, &[], &["inspect", s(&path)]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("huge.csv") && err.lines().count() == 1,
        "{err}"
    );
}

#[test]
fn a_dense_ledger_past_the_memory_budget_is_refused_by_name_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ledger.csv");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    let header: Vec<String> = (1..=30).map(|c| format!("Amount {c}")).collect();
    writeln!(f, "Date,Account,{}", header.join(",")).unwrap();
    let row: Vec<String> = (1..=30).map(|c| format!("{c}.25")).collect();
    let row = row.join(",");
    for i in 0..200_000 {
        writeln!(f, "2025-04-01,{},{row}", 5000 + i % 50).unwrap();
    }
    drop(f);
    let out = run_within(300, &[("PMO_MEMORY_MIB", "200")], &["validate", s(&path)]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("budget of 200 MiB") && err.contains("ledger.csv"),
        "{err}"
    );
    // Refused from its size, before it is read.
    assert!(err.contains("too large to read"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn a_report_from_a_risk_log_with_a_huge_cell_cuts_the_text_and_stays_small() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("risks.xlsx");
    risk_log_with_huge_cell(&path, 60);
    let out_dir = dir.path().join("out");
    let out = run_within(180, &[], &["report", s(&path), "-o", s(&out_dir)]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for name in [
        "findings.json",
        "findings.txt",
        "status-report.docx",
        "charter.docx",
        "mb20-draft.docx",
    ] {
        let len = std::fs::metadata(out_dir.join(name)).unwrap().len();
        assert!(
            len < 1 << 20,
            "{name} is {len} bytes: the 60 MiB cell was not cut"
        );
    }
}
