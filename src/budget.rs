//! The binary's memory budget: a counting allocator over the system's.
//!
//! The library checks every size an input states before committing memory
//! (see the README's "Limits"), but some growth can only be seen as it
//! happens: a template that doubles a string in a loop, a sheet that is
//! dense right up to the cell cap. Without a budget such a run ends in
//! `memory allocation of … bytes failed` and an abort (or the machine's
//! out-of-memory killer). With it, the run stops with one line saying what
//! it was doing and exit 2, before the machine runs short. Outputs are
//! written whole or not at all (see `cmd/output.rs`), so stopping mid-run
//! leaves last month's files.
//!
//! The budget is half the machine's memory (at most three quarters of a
//! container's limit; 4 GiB when neither can be read), or `PMO_MEMORY_MIB`
//! mebibytes.

use std::alloc::{GlobalAlloc, Layout, System};
use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// Bytes in use now.
static LIVE: AtomicUsize = AtomicUsize::new(0);
/// The most bytes in use at once; `usize::MAX` until [`init`].
static LIMIT: AtomicUsize = AtomicUsize::new(usize::MAX);
/// The line to print when the budget is passed (made before it is needed:
/// nothing may be allocated then).
static MESSAGE: Mutex<String> = Mutex::new(String::new());

/// The allocator: [`System`], counting.
pub struct Counting;

/// Says the budget is spent and exits 2, allocating nothing.
fn stop() -> ! {
    let mut err = std::io::stderr();
    match MESSAGE.try_lock() {
        Ok(m) if !m.is_empty() => {
            let _ = err.write_all(m.as_bytes());
        }
        _ => {
            let _ = err.write_all(b"pmo: stopped: this run needs more memory than its budget\n");
        }
    }
    std::process::exit(2)
}

fn take(size: usize) {
    let now = LIVE.fetch_add(size, Ordering::Relaxed) + size;
    if now > LIMIT.load(Ordering::Relaxed) {
        // Stop once: later allocations while stopping pass.
        LIMIT.store(usize::MAX, Ordering::Relaxed);
        stop();
    }
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        take(layout.size());
        // SAFETY: the caller's layout, passed on unchanged.
        let p = unsafe { System.alloc(layout) };
        if p.is_null() {
            stop();
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        take(layout.size());
        // SAFETY: as for `alloc`.
        let p = unsafe { System.alloc_zeroed(layout) };
        if p.is_null() {
            stop();
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: `ptr` was allocated by `System` with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if new_size > layout.size() {
            take(new_size - layout.size());
        } else {
            LIVE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
        }
        // SAFETY: as for `alloc`; `ptr` is `System`'s with this layout.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if p.is_null() {
            stop();
        }
        p
    }
}

/// Half the machine's memory, from `/proc/meminfo`, and at most three
/// quarters of the container's limit (cgroup v2 `memory.max`) if it has one.
fn half_of_memory() -> Option<usize> {
    let info = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = info.lines().find(|l| l.starts_with("MemTotal:"))?;
    let kib: usize = line.split_whitespace().nth(1)?.parse().ok()?;
    let half = kib * 1024 / 2;
    let cgroup = std::fs::read_to_string("/sys/fs/cgroup/memory.max")
        .ok()
        .and_then(|t| t.trim().parse::<usize>().ok())
        .map(|max| max / 4 * 3);
    Some(cgroup.map_or(half, |c| c.min(half)))
}

/// Sets the budget from `PMO_MEMORY_MIB` or the machine.
pub fn init() {
    let given = std::env::var("PMO_MEMORY_MIB")
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .map(|mib| mib.saturating_mul(1024 * 1024));
    let limit = given
        .or_else(half_of_memory)
        .unwrap_or(4 << 30)
        .max(64 << 20);
    doing(limit, "");
    LIMIT.store(limit, Ordering::Relaxed);
}

/// Says what the run is doing, for the line printed if the budget is spent.
fn doing(limit: usize, what: &str) {
    let line = format!(
        "pmo: stopped: this run needs more memory than its budget of {} MiB{what}; the input or template is too large, or built to exhaust memory (PMO_MEMORY_MIB sets the budget)\n",
        limit / (1024 * 1024)
    );
    if let Ok(mut m) = MESSAGE.lock() {
        *m = line;
    }
}

/// Names what the run is doing now (` while filling 'status.docx'`), at
/// most 300 characters of it.
pub fn now_doing(what: &str) {
    let short: String = what
        .chars()
        .flat_map(|c| {
            let e: Vec<char> = if c.is_control() {
                c.escape_unicode().collect()
            } else {
                vec![c]
            };
            e
        })
        .take(300)
        .collect();
    doing(LIMIT.load(Ordering::Relaxed), &format!(" while {short}"));
}

/// About how many bytes reading takes per byte of a CSV file: every field
/// becomes a string, then a cell, then a value (measured: a CSV of 3.2
/// million numeric cells, 18.7 MB, peaks at 340 MB).
const CSV_FACTOR: u64 = 18;

/// The same per byte of a workbook's sheet and shared-string XML, inflated
/// (a numeric cell is about 35 bytes of XML and 100 bytes once read).
const XML_FACTOR: u64 = 3;

/// What reading `path` will take, estimated from its size before anything
/// is read: a CSV's bytes, or the inflated size of a workbook's sheets.
fn reading_cost(path: &std::path::Path) -> Option<u64> {
    let ext = path.extension()?.to_string_lossy().to_ascii_lowercase();
    match ext.as_str() {
        "csv" | "txt" => Some(
            std::fs::metadata(path)
                .ok()?
                .len()
                .saturating_mul(CSV_FACTOR),
        ),
        "xlsx" | "xlsm" | "ods" => {
            let file = std::fs::File::open(path).ok()?;
            let mut zip = zip::ZipArchive::new(std::io::BufReader::new(file)).ok()?;
            let mut xml = 0u64;
            for i in 0..zip.len() {
                let Ok(e) = zip.by_index_raw(i) else { continue };
                let name = e.name().map(|n| n.to_string()).unwrap_or_default();
                let cells = name.starts_with("xl/worksheets/")
                    || name == "xl/sharedStrings.xml"
                    || name == "content.xml";
                if cells {
                    xml = xml.saturating_add(e.size());
                }
            }
            Some(xml.saturating_mul(XML_FACTOR))
        }
        _ => None,
    }
}

/// Refuses, before anything is read, an input whose reading would need
/// more memory than the budget, naming it.
///
/// # Errors
///
/// One naming the file, the estimate and the budget.
pub fn preflight(files: &[std::path::PathBuf]) -> anyhow::Result<()> {
    let limit = LIMIT.load(Ordering::Relaxed) as u64;
    let mib = |b: u64| b / (1024 * 1024);
    let mut total = 0u64;
    for f in files {
        let Some(cost) = reading_cost(f) else {
            continue;
        };
        total = total.saturating_add(cost);
        if total > limit {
            anyhow::bail!(
                "'{}' is too large to read within the memory budget of {} MiB: its cells take about {} MiB to read{}; split it (by fiscal year, say) or set PMO_MEMORY_MIB on a machine with more memory",
                f.display(),
                mib(limit),
                mib(cost),
                if cost < total { " besides the other inputs" } else { "" }
            );
        }
    }
    Ok(())
}
