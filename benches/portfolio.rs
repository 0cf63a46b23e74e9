//! Scale benchmark for `pmo portfolio`: generated projects (one sub-folder
//! each, a tracker with Project Info, Budget, Risks and Milestones) and one
//! cluster ledger whose postings carry each project's cost centre,
//! generated once into `target/bench-data/` by the same code as
//! `cargo run --example make_portfolio`.
//!
//! Run: `cargo bench --bench portfolio`. It runs the real `pmo` binary:
//! `pmo portfolio DIR --ledger L -o OUT` at each size (default 50 projects
//! with 100,000 postings, then 500 with 1,000,000: the same postings per
//! project) and `pmo report` on one generated project, and prints wall
//! time, peak memory (VmHWM, polled) and the ratio of the portfolio's time
//! per project to `report`'s time on one. `PMO_BENCH_SIZES=50:100000,500:1000000`
//! changes the sizes.

#[allow(dead_code)]
#[path = "../examples/make_portfolio.rs"]
mod generate;

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data")
}

fn sizes() -> Vec<(usize, usize)> {
    let text = std::env::var("PMO_BENCH_SIZES").unwrap_or_else(|_| "50:100000,500:1000000".into());
    text.split(',')
        .filter_map(|s| {
            let (n, p) = s.split_once(':')?;
            Some((n.trim().parse().ok()?, p.trim().parse().ok()?))
        })
        .collect()
}

/// The portfolio of `n` projects and about `postings` postings, made once.
fn portfolio(n: usize, postings: usize) -> (PathBuf, PathBuf) {
    let dir = data_dir().join(format!("portfolio-{n}-{postings}"));
    let ledger = dir.join("cluster-ledger.xlsx");
    if !ledger.exists() {
        eprintln!("generating {} (once)…", dir.display());
        let t = Instant::now();
        generate::write_all(&generate::generated(n), postings, &dir, false).unwrap();
        eprintln!("  generated in {:.1} s", t.elapsed().as_secs_f64());
    }
    (dir, ledger)
}

fn vm_hwm_kib(pid: u32) -> Option<u64> {
    let s = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// CPU seconds (user + system) the process has used so far.
fn cpu_secs(pid: u32) -> Option<f64> {
    let s = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // Fields after the command name (which may hold spaces): state is 3rd.
    let rest = &s[s.rfind(')')? + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

/// A run's wall seconds, CPU seconds and peak memory in MiB.
struct Run {
    wall: f64,
    cpu: f64,
    mib: f64,
}

/// Runs `pmo args` and measures it (peak memory and CPU time are polled
/// every 20 ms, so they may miss the last instant).
fn run(args: &[&str]) -> Run {
    let start = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_pmo"))
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let (mut peak, mut cpu) = (0, 0.0f64);
    let status = loop {
        if let Some(kib) = vm_hwm_kib(child.id()) {
            peak = peak.max(kib);
        }
        if let Some(c) = cpu_secs(child.id()) {
            cpu = cpu.max(c);
        }
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let secs = start.elapsed().as_secs_f64();
    assert!(
        status.code().is_some_and(|c| c <= 1),
        "pmo {args:?} failed: {status}"
    );
    Run {
        wall: secs,
        cpu,
        mib: peak as f64 / 1024.0,
    }
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return; // cargo bench -- --list
    }
    let mut rows = Vec::new();
    for (n, postings) in sizes() {
        let (dir, ledger) = portfolio(n, postings);
        let out = data_dir().join(format!("portfolio-out-{n}"));
        let (d, l, o) = (
            dir.to_str().unwrap(),
            ledger.to_str().unwrap(),
            out.to_str().unwrap(),
        );
        let p = run(&[
            "portfolio",
            d,
            "--ledger",
            l,
            "-o",
            o,
            "--generated",
            "2026-11-02",
        ]);
        let one = dir.join("p0001");
        let one_out = data_dir().join("portfolio-out-one");
        let r = run(&[
            "report",
            one.to_str().unwrap(),
            "-o",
            one_out.to_str().unwrap(),
            "--generated",
            "2026-11-02",
        ]);
        let (per_wall, per_cpu) = (p.wall / n as f64, p.cpu / n as f64);
        println!(
            "{n:>4} projects, {postings:>9} postings: portfolio {:.2} s wall, {:.2} s CPU, {:.1} MiB peak; per project {per_wall:.3} s wall, {per_cpu:.3} s CPU",
            p.wall, p.cpu, p.mib
        );
        println!(
            "      `pmo report` on one project: {:.3} s wall, {:.3} s CPU, {:.1} MiB; ratio per project / report: wall {:.2}, CPU {:.2}",
            r.wall,
            r.cpu,
            r.mib,
            per_wall / r.wall,
            per_cpu / r.cpu.max(0.01)
        );
        rows.push((n, p));
    }
    if let [(n0, a), .., (n1, b)] = rows.as_slice() {
        println!(
            "growth {n0} -> {n1} projects (x{:.0}): wall time x{:.2}, CPU time x{:.2}, peak memory x{:.2}",
            *n1 as f64 / *n0 as f64,
            b.wall / a.wall,
            b.cpu / a.cpu,
            b.mib / a.mib
        );
    }
}
