//! A set of outputs is whole or untouched: `pmo report` killed at every step
//! of its commit leaves last month's set or (after the next run rolls the
//! journal forward) this month's, never a mix; eight runs at once into one
//! folder leave one run's set; special files are written, never replaced;
//! an input is never an output.

#[path = "common/mod.rs"]
mod common;
use common::root;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_pmo"));
    c.current_dir(root()).env_remove("PMO_TEST_STOP_AT");
    c
}

/// Copies the sample workbooks into `dir` (so findings name this copy).
fn inputs(dir: &Path) -> PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    for f in ["project.xlsx", "ledger.xlsx"] {
        std::fs::copy(root().join("samples").join(f), dir.join(f)).unwrap();
    }
    dir.to_path_buf()
}

/// The arguments of a report from `input` into `out`, dated `generated`.
fn report_args(input: &Path, out: &Path, generated: &str, as_of: &str) -> Vec<String> {
    [
        "report",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--generated",
        generated,
        "--as-of",
        as_of,
    ]
    .map(String::from)
    .to_vec()
}

fn run_ok(args: &[String]) {
    let out = bin().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "pmo {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A file's content for comparison: a workbook's parts but its timestamps.
fn content(path: &Path) -> Vec<u8> {
    let bytes = std::fs::read(path).unwrap();
    if !path.to_string_lossy().ends_with(".xlsx") {
        return bytes;
    }
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut all = Vec::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let name = f.name().unwrap().into_owned();
        if name != "docProps/core.xml" {
            all.extend_from_slice(name.as_bytes());
            f.read_to_end(&mut all).unwrap();
        }
    }
    all
}

/// The names in a folder, without the lock file (a killed run leaves it).
fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != ".pmo-lock")
        .collect();
    v.sort();
    v
}

/// Whether every file of `dir` is the same as in the reference set `set`.
fn is_set(dir: &Path, set: &Path) -> bool {
    names(dir) == names(set)
        && names(set)
            .iter()
            .all(|n| content(&dir.join(n)) == content(&set.join(n)))
}

/// Starts a report that stops at commit step `step`; `None` when the run
/// finished without reaching it.
fn stopped_at(args: &[String], step: usize) -> Option<std::process::Child> {
    let mut child = bin()
        .args(args)
        .env("PMO_TEST_STOP_AT", step.to_string())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    for line in BufReader::new(stderr).lines() {
        if line.unwrap().contains("test stop point") {
            return Some(child);
        }
    }
    assert!(child.wait().unwrap().success(), "the run failed");
    None
}

#[test]
fn a_kill_at_every_step_of_the_commit_leaves_one_whole_set() {
    let tmp = tempfile::tempdir().unwrap();
    let old_in = inputs(&tmp.path().join("old"));
    let new_in = inputs(&tmp.path().join("new"));
    let (old_ref, new_ref) = (tmp.path().join("old-set"), tmp.path().join("new-set"));
    run_ok(&report_args(&old_in, &old_ref, "2025-09-02", "2025-08-31"));
    run_ok(&report_args(&new_in, &new_ref, "2025-10-02", "2025-09-30"));
    for n in names(&old_ref) {
        assert_ne!(
            content(&old_ref.join(&n)),
            content(&new_ref.join(&n)),
            "{n} tells the sets apart"
        );
    }
    let signals = ["INT", "TERM", "HUP", "KILL"];
    let mut steps = 0;
    for step in 0.. {
        let out = tmp.path().join(format!("out-{step}"));
        run_ok(&report_args(&old_in, &out, "2025-09-02", "2025-08-31"));
        let args = report_args(&new_in, &out, "2025-10-02", "2025-09-30");
        let Some(mut child) = stopped_at(&args, step) else {
            break;
        };
        let signal = signals[step % signals.len()];
        let killed = Command::new("kill")
            .args(["-s", signal, &child.id().to_string()])
            .status()
            .unwrap();
        assert!(killed.success());
        assert!(!child.wait().unwrap().success());
        // Right after the kill: last month's set (and temporaries), or a
        // journal that says what to finish.
        let journal = out.join(".pmo-journal").exists();
        if !journal {
            let left: Vec<String> = names(&out)
                .into_iter()
                .filter(|n| !n.starts_with(".pmo-"))
                .collect();
            assert_eq!(left, names(&old_ref), "step {step}: files after the kill");
            assert!(left
                .iter()
                .all(|n| content(&out.join(n)) == content(&old_ref.join(n))));
        }
        // The next run (which fails: its input is not a workbook) finishes
        // or drops the interrupted set before anything else.
        let next = bin()
            .args(["report", "tests/fixtures/not_a_workbook.xlsx", "-o"])
            .arg(&out)
            .output()
            .unwrap();
        assert_eq!(next.status.code(), Some(2));
        let whole = if journal { &new_ref } else { &old_ref };
        assert!(
            is_set(&out, whole),
            "step {step} ({signal}): the folder holds {:?}",
            names(&out)
        );
        steps += 1;
    }
    // A journal, seven renames, the journal's removal.
    assert!(steps >= 9, "only {steps} steps were reached");
}

#[test]
fn eight_runs_at_once_into_one_folder_leave_one_runs_set() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let runs: Vec<(PathBuf, String)> = (1..=8)
        .map(|k| {
            (
                inputs(&tmp.path().join(format!("in-{k}"))),
                format!("2025-10-0{k}"),
            )
        })
        .collect();
    for round in 0..3 {
        let children: Vec<_> = runs
            .iter()
            .map(|(input, date)| {
                bin()
                    .args(report_args(input, &out, date, "2025-09-30"))
                    .stdout(Stdio::null())
                    .stderr(Stdio::null())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for mut c in children {
            assert!(c.wait().unwrap().success(), "round {round}: a run failed");
        }
        let files = names(&out);
        assert_eq!(files.len(), 7, "round {round}: {files:?}");
        assert!(!files.iter().any(|n| n.starts_with(".pmo-")), "{files:?}");
        let findings = std::fs::read_to_string(out.join("findings.txt")).unwrap();
        let k = (1..=8)
            .find(|k| findings.contains(&format!("in-{k}")))
            .expect("findings name their run's input");
        for doc in ["status-report.docx", "charter.docx", "mb20-draft.docx"] {
            let xml = docx_text(&out.join(doc));
            assert!(
                xml.contains(&format!("2025-10-0{k}")),
                "round {round}: {doc} is not from run {k}"
            );
        }
    }
}

fn docx_text(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut s = String::new();
    zip.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut s)
        .unwrap();
    s
}

#[test]
fn dev_null_is_written_not_replaced() {
    let out = bin()
        .args(["status", "samples/project.xlsx", "-o", "/dev/null"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let meta = std::fs::metadata("/dev/null").unwrap();
    assert!(!meta.is_file(), "/dev/null is still a device");
    // A device that refuses the bytes is a clear failure, and stays.
    if Path::new("/dev/full").exists() {
        let out = bin()
            .args(["status", "samples/project.xlsx", "-o", "/dev/full"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("cannot write '/dev/full'"), "{err}");
        assert!(!std::fs::metadata("/dev/full").unwrap().is_file());
    }
}

#[cfg(unix)]
#[test]
fn a_fifo_is_written_not_replaced() {
    let tmp = tempfile::tempdir().unwrap();
    let fifo = tmp.path().join("out.docx");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read(fifo).unwrap())
    };
    let out = bin()
        .args(["status", "samples/project.xlsx", "-o"])
        .arg(&fifo)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bytes = reader.join().unwrap();
    assert!(
        bytes.starts_with(b"PK"),
        "the document came through the FIFO"
    );
    use std::os::unix::fs::FileTypeExt;
    assert!(std::fs::symlink_metadata(&fifo)
        .unwrap()
        .file_type()
        .is_fifo());
}

#[test]
fn an_input_named_as_output_is_refused_even_through_a_hard_link() {
    let tmp = tempfile::tempdir().unwrap();
    let input = inputs(&tmp.path().join("in")).join("project.xlsx");
    let link = tmp.path().join("link.xlsx");
    std::fs::hard_link(&input, &link).unwrap();
    let before = std::fs::read(&input).unwrap();
    let out = bin()
        .args(["reconcile"])
        .arg(&input)
        .arg("-o")
        .arg(&link)
        .arg("--force")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("is an input"), "{err}");
    assert_eq!(std::fs::read(&input).unwrap(), before);
}

#[test]
fn a_report_into_its_input_folder_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let input = inputs(&tmp.path().join("in"));
    let out = bin()
        .arg("report")
        .arg(&input)
        .arg("-o")
        .arg(&input)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("is an input folder"), "{err}");
    assert_eq!(names(&input), ["ledger.xlsx", "project.xlsx"]);
}

#[test]
fn temporaries_left_by_a_killed_run_are_removed_by_the_next() {
    let tmp = tempfile::tempdir().unwrap();
    let input = inputs(&tmp.path().join("in"));
    let out = tmp.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join(".pmo-abc123.tmp"), b"half").unwrap();
    std::fs::write(out.join(".pmo-def456.old"), b"old").unwrap();
    std::fs::write(out.join("notes.txt"), b"the user's").unwrap();
    run_ok(&report_args(&input, &out, "2025-10-02", "2025-09-30"));
    let files = names(&out);
    assert!(!files.iter().any(|n| n.starts_with(".pmo-")), "{files:?}");
    assert!(files.contains(&"notes.txt".to_string()));
}
