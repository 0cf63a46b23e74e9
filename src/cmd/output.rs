//! Writing output files safely: a run's files are whole or untouched.
//!
//! Every file of a run goes to a temporary beside its target first. When all
//! are written (and synced), a journal naming each temporary and its target
//! is put in place with one rename; then the temporaries are renamed over
//! their targets one by one and the journal is removed. A run killed before
//! the journal is in place leaves last month's files (and temporaries); a run
//! killed after leaves a journal, and the next run into the folder rolls it
//! forward before anything else, so the folder then holds this month's set.
//! Either way the next run removes the temporaries left behind.
//!
//! A lock file in each output folder (`.pmo-lock`, removed when the run
//! ends) makes a second run into the same folder wait for the first. Special files (`/dev/null`, a FIFO,
//! `/dev/stdout`) are written, never replaced. Never over an input, never
//! over a folder or a read-only file, and over an existing file only with
//! `--force`.

use anyhow::{bail, Context, Result};
use serde::{Deserialize, Serialize};
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The journal's name in an output folder.
const JOURNAL: &str = ".pmo-journal";
/// The lock file's name in an output folder.
const LOCK: &str = ".pmo-lock";

/// One staged output: its bytes in a temporary beside the target.
struct Staged {
    tmp: PathBuf,
    target: PathBuf,
    shown: PathBuf,
}

/// An output that is a device or a FIFO: written in place, never replaced.
struct Special {
    target: PathBuf,
    shown: PathBuf,
    bytes: Vec<u8>,
}

/// What the journal holds: renames to make, then files to remove.
#[derive(Serialize, Deserialize, Default)]
struct Journal {
    /// `(temporary, target)`, in order.
    put: Vec<(PathBuf, PathBuf)>,
    /// Outputs of an earlier set that this set does not have.
    remove: Vec<PathBuf>,
}

/// A locked output folder: recovered and cleaned when the lock was taken.
struct Folder {
    dir: PathBuf,
    lock: File,
}

impl Drop for Folder {
    /// Removes the lock file while still holding it (a run that opened it
    /// meanwhile sees it gone and takes a new one), then unlocks.
    fn drop(&mut self) {
        let _ = std::fs::remove_file(self.dir.join(LOCK));
        let _ = self.lock.unlock();
    }
}

/// The outputs of one run, written together.
pub struct Batch {
    inputs: Vec<Identity>,
    force: bool,
    folders: Vec<Folder>,
    staged: Vec<Staged>,
    specials: Vec<Special>,
    remove: Vec<PathBuf>,
    /// Set when a staged temporary is not (yet) owned by a journal.
    committed: bool,
}

/// What makes two paths the same file: device and inode where there are
/// any, else the canonical path.
#[derive(PartialEq, Debug)]
enum Identity {
    #[cfg(unix)]
    Inode(u64, u64),
    Path(PathBuf),
}

impl Identity {
    /// The identity of an existing file.
    fn of(path: &Path) -> Option<Identity> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let m = std::fs::metadata(path).ok()?;
            Some(Identity::Inode(m.dev(), m.ino()))
        }
        #[cfg(not(unix))]
        {
            std::fs::canonicalize(path).ok().map(Identity::Path)
        }
    }
}

impl Batch {
    /// A batch that must not write over `inputs`, and replaces existing
    /// files only when `force`.
    pub fn new(inputs: &[PathBuf], force: bool) -> Batch {
        let mut b = Batch {
            inputs: Vec::new(),
            force,
            folders: Vec::new(),
            staged: Vec::new(),
            specials: Vec::new(),
            remove: Vec::new(),
            committed: false,
        };
        b.inputs(inputs);
        b
    }

    /// Adds `inputs` to the files this batch must never write.
    pub fn inputs(&mut self, inputs: &[PathBuf]) {
        for i in inputs {
            let id = Identity::of(i).unwrap_or_else(|| Identity::Path(i.clone()));
            self.inputs.push(id);
        }
    }

    /// Takes the lock on `dir` (waiting for another run that holds it),
    /// rolls forward a journal a killed run left there and removes its
    /// temporaries. Done once per folder; [`Batch::add`] does it too.
    pub fn open_folder(&mut self, dir: &Path) -> Result<()> {
        let dir = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
        if self.folders.iter().any(|f| f.dir == dir) {
            return Ok(());
        }
        let lock = lock(&dir)?;
        recover(&dir)?;
        self.folders.push(Folder { dir, lock });
        Ok(())
    }

    /// Removes `path` when this batch commits, if it exists: a file of the
    /// same set that this run does not produce.
    pub fn remove_stale(&mut self, path: &Path) {
        let target = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        if std::fs::symlink_metadata(&target).is_ok_and(|m| m.is_file()) {
            self.remove.push(target);
        }
    }

    /// Checks `path` can be written and writes `bytes` to a temporary beside
    /// it. Nothing is in place until [`Batch::commit`].
    pub fn add(&mut self, path: &Path, bytes: &[u8]) -> Result<()> {
        let target = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        if self.check(path, &target)? == Kind::Special {
            self.specials.push(Special {
                target,
                shown: path.to_path_buf(),
                bytes: bytes.to_vec(),
            });
            return Ok(());
        }
        let dir = parent(&target).to_path_buf();
        self.open_folder(&dir)?;
        let mut tmp = tempfile::Builder::new()
            .prefix(".pmo-")
            .suffix(".tmp")
            .tempfile_in(&dir)
            .with_context(|| format!("cannot write in '{}'", dir.display()))?;
        tmp.write_all(bytes)
            .and_then(|_| tmp.as_file().sync_all())
            .with_context(|| format!("cannot write '{}'", path.display()))?;
        // A temporary is private (0600): an output gets the mode of the file
        // it replaces, else an ordinary file's.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&target)
                .map(|m| m.permissions().mode())
                .unwrap_or(0o644);
            let _ = std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(mode));
        }
        let tmp = tmp
            .into_temp_path()
            .keep()
            .with_context(|| format!("cannot write in '{}'", dir.display()))?;
        self.staged.push(Staged {
            tmp,
            target,
            shown: path.to_path_buf(),
        });
        Ok(())
    }

    /// Why `target` cannot be written, if it cannot; else what it is.
    fn check(&self, path: &Path, target: &Path) -> Result<Kind> {
        if Identity::of(target).is_some_and(|t| self.inputs.contains(&t)) {
            bail!(
                "'{}' is an input: pmo never writes its inputs; choose another output name",
                path.display()
            );
        }
        if self.staged.iter().any(|s| s.target == target)
            || self.specials.iter().any(|s| s.target == target)
        {
            bail!("'{}' is named twice among the outputs", path.display());
        }
        if let Ok(meta) = std::fs::metadata(target) {
            if meta.is_dir() {
                bail!(
                    "'{}' is a folder: move it away or choose another output name",
                    path.display()
                );
            }
            if !meta.is_file() {
                return Ok(Kind::Special);
            }
            if meta.permissions().readonly() {
                bail!(
                    "'{}' is read-only: pmo does not replace a read-only file, even with --force; make it writable or choose another output name",
                    path.display()
                );
            }
            if !self.force {
                bail!(
                    "'{}' already exists; pass --force to replace it",
                    path.display()
                );
            }
        }
        let dir = parent(target);
        if !dir.is_dir() {
            bail!(
                "cannot write '{}': the folder '{}' does not exist",
                path.display(),
                dir.display()
            );
        }
        Ok(Kind::File)
    }

    /// Puts every staged file in place (journal first, so a kill part-way
    /// is rolled forward by the next run), then writes the special files.
    /// Returns the paths written, as given.
    pub fn commit(mut self) -> Result<Vec<PathBuf>> {
        let mut shown: Vec<PathBuf> = self.staged.iter().map(|s| s.shown.clone()).collect();
        if !self.staged.is_empty() || !self.remove.is_empty() {
            let journal = Journal {
                put: self
                    .staged
                    .iter()
                    .map(|s| (s.tmp.clone(), s.target.clone()))
                    .collect(),
                remove: std::mem::take(&mut self.remove),
            };
            let home = self
                .folders
                .first()
                .map(|f| f.dir.clone())
                .context("no output folder")?;
            let path = home.join(JOURNAL);
            write_journal(&home, &journal)?;
            self.committed = true;
            roll_forward(&path, &journal)
                .with_context(|| format!("cannot finish writing in '{}'", home.display()))?;
        }
        for s in &self.specials {
            std::fs::OpenOptions::new()
                .write(true)
                .open(&s.target)
                .and_then(|mut f| f.write_all(&s.bytes))
                .with_context(|| format!("cannot write '{}'", s.shown.display()))?;
            shown.push(s.shown.clone());
        }
        Ok(shown)
    }
}

impl Drop for Batch {
    /// A batch dropped before its journal is in place removes its
    /// temporaries (a failure elsewhere in the run).
    fn drop(&mut self) {
        if !self.committed {
            for s in &self.staged {
                let _ = std::fs::remove_file(&s.tmp);
            }
        }
    }
}

/// What an output path is.
#[derive(PartialEq)]
enum Kind {
    /// A regular file, or nothing yet.
    File,
    /// A device, a FIFO or a socket: written, never replaced.
    Special,
}

/// The folder a path is in.
fn parent(path: &Path) -> &Path {
    path.parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// Takes the lock on `dir`, waiting (and saying so) while another run holds
/// it. A lock file removed by the run that held it is taken anew.
fn lock(dir: &Path) -> Result<File> {
    let path = dir.join(LOCK);
    let mut said = false;
    loop {
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .with_context(|| format!("cannot write in '{}'", dir.display()))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                if !said {
                    eprintln!(
                        "pmo: waiting for another pmo run writing in '{}' to finish",
                        dir.display()
                    );
                    said = true;
                }
                file.lock()
                    .with_context(|| format!("cannot lock '{}'", path.display()))?;
            }
            Err(std::fs::TryLockError::Error(e)) => {
                return Err(e).with_context(|| format!("cannot lock '{}'", path.display()))
            }
        }
        if same_file(&file, &path) {
            return Ok(file);
        }
    }
}

/// Whether the open `file` is still the one at `path`.
fn same_file(file: &File, path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (file.metadata(), std::fs::metadata(path)) {
            (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (file, path);
        true
    }
}

/// With the folder locked: rolls forward a journal left by a killed run,
/// then removes the temporaries left behind.
fn recover(dir: &Path) -> Result<()> {
    let path = dir.join(JOURNAL);
    match std::fs::read(&path) {
        Ok(bytes) => {
            let journal: Journal = serde_json::from_slice(&bytes).with_context(|| {
                format!(
                    "'{}' is damaged: it records an unfinished pmo run; remove it and run again",
                    path.display()
                )
            })?;
            roll_forward(&path, &journal).with_context(|| {
                format!(
                    "cannot finish the unfinished pmo run recorded in '{}'",
                    path.display()
                )
            })?;
            eprintln!(
                "pmo: note: finished writing the set of outputs an interrupted run left in '{}'",
                dir.display()
            );
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(e).with_context(|| format!("cannot read '{}'", path.display())),
    }
    remove_temporaries(dir);
    Ok(())
}

/// Removes `.pmo-*.tmp` and `.pmo-*.old` in `dir` (the lock is held, so no
/// other run owns them).
fn remove_temporaries(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name();
        let name = name.to_string_lossy();
        let ours = name.starts_with(".pmo-") && (name.ends_with(".tmp") || name.ends_with(".old"));
        if ours && e.file_type().is_ok_and(|t| t.is_file()) {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// Writes the journal whole: a temporary, synced, renamed into place.
fn write_journal(dir: &Path, journal: &Journal) -> Result<()> {
    let bytes = serde_json::to_vec(journal).context("the output journal")?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".pmo-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .with_context(|| format!("cannot write in '{}'", dir.display()))?;
    tmp.write_all(&bytes)
        .and_then(|_| tmp.as_file().sync_all())
        .with_context(|| format!("cannot write in '{}'", dir.display()))?;
    stop_point("journal");
    tmp.persist(dir.join(JOURNAL))
        .map_err(|e| e.error)
        .with_context(|| format!("cannot write in '{}'", dir.display()))?;
    sync_dir(dir);
    Ok(())
}

/// Makes every rename the journal records (those not yet made), removes
/// the stale files, then the journal.
fn roll_forward(path: &Path, journal: &Journal) -> std::io::Result<()> {
    for (tmp, target) in &journal.put {
        stop_point("rename");
        if tmp.exists() {
            std::fs::rename(tmp, target)?;
        }
    }
    for stale in &journal.remove {
        stop_point("remove");
        match std::fs::remove_file(stale) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
    }
    let dir = parent(path);
    sync_dir(dir);
    stop_point("journal removal");
    std::fs::remove_file(path)?;
    sync_dir(dir);
    Ok(())
}

/// Flushes a folder's entries to disk (best effort).
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

/// For the kill tests only: with `PMO_TEST_STOP_AT=N`, the N-th step of a
/// commit (counting from 0) says so on stderr and waits to be killed.
fn stop_point(what: &str) {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static STEP: AtomicUsize = AtomicUsize::new(0);
    let Some(at) = std::env::var_os("PMO_TEST_STOP_AT") else {
        return;
    };
    let step = STEP.fetch_add(1, Ordering::SeqCst);
    if at.to_str().and_then(|s| s.parse().ok()) == Some(step) {
        eprintln!("pmo: test stop point {step} ({what})");
        std::thread::sleep(std::time::Duration::from_secs(600));
    }
}

/// Writes `bytes` to `path` whole (a batch of one).
pub fn write_atomic(path: &Path, bytes: &[u8], force: bool, inputs: &[PathBuf]) -> Result<()> {
    let mut batch = Batch::new(inputs, force);
    batch.add(path, bytes)?;
    batch.commit()?;
    Ok(())
}
