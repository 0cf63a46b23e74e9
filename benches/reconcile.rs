//! Scale benchmark for `pmo reconcile`: a 1,000,000-posting ledger and a
//! 2,000-line tracker (generated once into `target/bench-data/`), timed
//! against reading the same ledger with calamine alone.
//!
//! Run: `cargo bench --bench reconcile` (set `PMO_BENCH_POSTINGS` for another
//! size). It prints, in one run: the time of the reconcile path (ingest of
//! both workbooks, reconciliation with the tie-out, JSON rendering — what
//! `pmo reconcile --format json` does), the time of calamine's
//! `worksheet_range` on the ledger, their ratio, each one's peak memory
//! (VmHWM), and the size of the ledger's cell data in memory (calamine's
//! cells plus their text). Each measurement runs in its
//! own child process so peak memory is its own.

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{Format, Workbook};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

const LINES: usize = 2_000;

fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data")
}

fn postings() -> usize {
    std::env::var("PMO_BENCH_POSTINGS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000)
}

struct Lcg(u64);
impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

fn month(i: usize) -> NaiveDate {
    let m0 = 3 + i as i32;
    NaiveDate::from_ymd_opt(2025 + m0 / 12, (m0 % 12) as u32 + 1, 1).unwrap()
}

/// The tracker: 2,000 lines, wide, 12 planned and 12 actual months; and the
/// ledger: the actuals split into postings, plus noise on unknown accounts.
fn generate(dir: &Path, n: usize) -> (PathBuf, PathBuf) {
    let tracker = dir.join(format!("tracker-{LINES}.xlsx"));
    let ledger = dir.join(format!("ledger-{n}.xlsx"));
    if tracker.exists() && ledger.exists() {
        return (tracker, ledger);
    }
    std::fs::create_dir_all(dir).unwrap();
    eprintln!(
        "generating {} and {} (once)…",
        tracker.display(),
        ledger.display()
    );
    let mut g = Lcg(42);
    let per_line = n / (LINES * 12);
    // actual[line][month] in cents, split into `per_line` postings each.
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("Budget").unwrap();
    let mut head = vec![
        "Line ID".to_string(),
        "Description".into(),
        "Standard Account".into(),
        "Op / Cap".into(),
        "GL Account".into(),
    ];
    head.extend((0..12).map(|i| format!("Plan {}", month(i).format("%b-%y"))));
    head.extend((0..12).map(|i| format!("Actual {}", month(i).format("%b-%y"))));
    ws.write_row(0, 0, head).unwrap();
    let mut actuals = vec![[0i64; 12]; LINES];
    for (l, act) in actuals.iter_mut().enumerate() {
        let r = l as u32 + 1;
        let account = format!("{}", 500_000 + l);
        ws.write_row(
            r,
            0,
            [
                format!("L{l:04}"),
                format!("Line {l}"),
                "Services".into(),
                "Operating".into(),
                account,
            ],
        )
        .unwrap();
        for (m, a) in act.iter_mut().enumerate() {
            let plan = 100_000 + g.next(900_000) as i64;
            ws.write_number(r, 5 + m as u16, plan as f64 / 100.0)
                .unwrap();
            // Each posting is a whole number of cents; the line's actual is
            // their sum, so the tie-out balances except for the noise below.
            *a = (0..per_line).map(|_| 1_000 + g.next(500_000) as i64).sum();
            ws.write_number(r, 17 + m as u16, *a as f64 / 100.0)
                .unwrap();
        }
    }
    wb.save(&tracker).unwrap();

    let mut g = Lcg(7);
    let mut wb = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let ws = wb.add_worksheet().set_name("GL Detail").unwrap();
    ws.write_string(0, 0, "IFIS - General Ledger Detail Report")
        .unwrap();
    ws.write_string(1, 0, "Cost Centre:").unwrap();
    ws.write_string(1, 1, "10482").unwrap();
    ws.write_row(
        3,
        0,
        [
            "GL Date",
            "Period",
            "Account",
            "Document No",
            "Vendor",
            "Description",
            "Amount",
        ],
    )
    .unwrap();
    let mut row = 4u32;
    let mut replay = Lcg(42);
    for (l, act) in actuals.iter().enumerate() {
        let _ = l;
        for (m, total) in act.iter().enumerate() {
            // Re-draw the same posting amounts as the tracker's actuals.
            let _ = replay.next(900_000);
            let mut left = *total;
            for k in 0..per_line {
                let amt = if k + 1 == per_line {
                    left
                } else {
                    1_000 + replay.next(500_000) as i64
                };
                left -= amt;
                let d = month(m);
                let d =
                    NaiveDate::from_ymd_opt(d.year(), d.month(), 1 + g.next(28) as u32).unwrap();
                ws.write_datetime_with_format(row, 0, d, &date).unwrap();
                ws.write_string(row, 1, d.format("%b-%y").to_string().to_uppercase())
                    .unwrap();
                ws.write_string(row, 2, format!("{}", 500_000 + l)).unwrap();
                ws.write_string(row, 3, format!("INV-{row}")).unwrap();
                ws.write_string(row, 4, "Vendor Inc.").unwrap();
                ws.write_string(row, 5, "Services").unwrap();
                ws.write_number(row, 6, amt as f64 / 100.0).unwrap();
                row += 1;
            }
        }
    }
    while (row as usize) < n + 4 {
        ws.write_datetime_with_format(row, 0, month(g.next(12) as usize), &date)
            .unwrap();
        ws.write_string(row, 1, "").unwrap();
        ws.write_string(row, 2, "599999").unwrap();
        ws.write_string(row, 3, format!("JE-{row}")).unwrap();
        ws.write_string(row, 5, "Chargeback").unwrap();
        ws.write_number(row, 6, (1 + g.next(10_000)) as f64 / 100.0)
            .unwrap();
        row += 1;
    }
    wb.save(&ledger).unwrap();
    (tracker, ledger)
}

fn peak_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmHWM:")).map(|l| {
                l.split_whitespace()
                    .nth(1)
                    .unwrap_or("0")
                    .parse()
                    .unwrap_or(0)
            })
        })
        .unwrap_or(0)
}

/// Child: read the ledger with calamine alone; print peak memory and the
/// size of the cell data.
fn child_calamine(ledger: &Path) {
    use calamine::{open_workbook_auto, Data, Reader};
    let t = Instant::now();
    let mut wb = open_workbook_auto(ledger).unwrap();
    let range = wb.worksheet_range("GL Detail").unwrap();
    eprintln!(
        "  (calamine: open + worksheet_range {:.2} s)",
        t.elapsed().as_secs_f64()
    );
    // The cell data as held in memory: every cell of the range plus the
    // text it points to.
    let (h, w) = range.get_size();
    let text: usize = range
        .used_cells()
        .map(|(_, _, d)| match d {
            Data::String(s) => s.capacity(),
            _ => 0,
        })
        .sum();
    let bytes = h * w * std::mem::size_of::<Data>() + text;
    println!("{} {}", peak_kib(), bytes);
}

/// Child: what `pmo reconcile --format json` does.
fn child_pmo(tracker: &Path, ledger: &Path) {
    let t = Instant::now();
    let defs = pmo::definition::Definitions::built_in().unwrap();
    let ingested = pmo::ingest::ingest(
        &[tracker.to_path_buf(), ledger.to_path_buf()],
        &defs,
        &Default::default(),
    )
    .unwrap();
    let t_ingest = t.elapsed().as_secs_f64();
    let settings = pmo::reconcile::Settings {
        as_of: None,
        thresholds: Default::default(),
        calendar: Default::default(),
    };
    let r = pmo::reconcile::reconcile(&ingested.project, &settings)
        .expect("the bench data reconciles")
        .expect("the bench tracker has actuals");
    let json = pmo::render::reconcile::json(&r);
    let t_all = t.elapsed().as_secs_f64();
    let tie = r.tie_out.as_ref().unwrap();
    eprintln!(
        "  (pmo: ingest {t_ingest:.2} s, reconcile + JSON {:.2} s; {} postings read, {} exceptions, difference {})",
        t_all - t_ingest,
        ingested.project.ledger.len(),
        tie.exceptions.len(),
        tie.difference
    );
    std::hint::black_box(json);
    println!("{} 0", peak_kib());
}

fn run_child(mode: &str, tracker: &Path, ledger: &Path) -> (f64, u64, u64) {
    let exe = std::env::current_exe().unwrap();
    let start = Instant::now();
    let out = Command::new(exe)
        .args([
            "--child",
            mode,
            tracker.to_str().unwrap(),
            ledger.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    let secs = start.elapsed().as_secs_f64();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    eprint!("{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    let mut it = text.split_whitespace().map(|v| v.parse::<u64>().unwrap());
    (secs, it.next().unwrap(), it.next().unwrap())
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--child") {
        let (tracker, ledger) = (Path::new(&args[i + 2]), Path::new(&args[i + 3]));
        match args[i + 1].as_str() {
            "calamine" => child_calamine(ledger),
            _ => child_pmo(tracker, ledger),
        }
        return;
    }
    // `cargo bench` passes --bench; `cargo test --benches` does not run us.
    let n = postings();
    let (tracker, ledger) = generate(&data_dir(), n);
    println!(
        "ledger: {} postings ({}), tracker: {LINES} lines",
        n,
        ledger.display()
    );
    let (t_cal, mem_cal, cell_bytes) = run_child("calamine", &tracker, &ledger);
    let (t_pmo, mem_pmo, _) = run_child("pmo", &tracker, &ledger);
    let mib = |k: u64| k as f64 / 1024.0;
    println!(
        "calamine alone (ledger worksheet_range): {t_cal:>7.2} s, peak {:>7.1} MiB",
        mib(mem_cal)
    );
    println!(
        "pmo reconcile (ingest both + tie-out + JSON): {t_pmo:>7.2} s, peak {:>7.1} MiB",
        mib(mem_pmo)
    );
    println!(
        "time ratio pmo / calamine: {:.2} (target <= 1.5)",
        t_pmo / t_cal
    );
    println!(
        "ledger cell data in memory (cells x {} bytes + text): {:.1} MiB; pmo peak / cell data: {:.2} (target <= 3)",
        std::mem::size_of::<calamine::Data>(),
        cell_bytes as f64 / 1_048_576.0,
        mem_pmo as f64 * 1024.0 / cell_bytes as f64
    );
}
