//! Writing output files safely: every file of a run goes to a temporary file
//! beside its target first; only when all are written are they renamed into
//! place, together. Never over an input, never over a folder or a read-only
//! file, and over an existing file only with --force.
//!
//! If a rename fails half-way, the files already renamed are put back (the
//! old ones restored, new ones removed), so a run leaves either all its
//! outputs or none; temporaries are removed on every path out.

use anyhow::{bail, Context, Result};
use std::io::Write;
use std::path::{Path, PathBuf};
use tempfile::TempPath;

/// One staged output: its bytes in a temporary beside the target.
struct Staged {
    tmp: TempPath,
    target: PathBuf,
    shown: PathBuf,
}

/// The outputs of one run, written together.
pub struct Batch {
    inputs: Vec<PathBuf>,
    force: bool,
    staged: Vec<Staged>,
}

impl Batch {
    /// A batch that must not write over `inputs`, and replaces existing
    /// files only when `force`.
    pub fn new(inputs: &[PathBuf], force: bool) -> Batch {
        Batch {
            inputs: inputs
                .iter()
                .map(|i| std::fs::canonicalize(i).unwrap_or_else(|_| i.clone()))
                .collect(),
            force,
            staged: Vec::new(),
        }
    }

    /// Checks `path` can be written and writes `bytes` to a temporary beside
    /// it. Nothing is in place until [`Batch::commit`].
    pub fn add(&mut self, path: &Path, bytes: &[u8]) -> Result<()> {
        let target = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        self.check(path, &target)?;
        let dir = target
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let mut tmp = tempfile::Builder::new()
            .prefix(".pmo-")
            .suffix(".tmp")
            .tempfile_in(dir)
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
        self.staged.push(Staged {
            tmp: tmp.into_temp_path(),
            target,
            shown: path.to_path_buf(),
        });
        Ok(())
    }

    /// Why `target` cannot be written, if it cannot.
    fn check(&self, path: &Path, target: &Path) -> Result<()> {
        let canonical = std::fs::canonicalize(target).ok();
        if canonical.is_some_and(|t| self.inputs.contains(&t)) {
            bail!(
                "'{}' is an input: pmo never writes its inputs; choose another output name",
                path.display()
            );
        }
        if self.staged.iter().any(|s| s.target == target) {
            bail!("'{}' is named twice among the outputs", path.display());
        }
        if let Ok(meta) = std::fs::symlink_metadata(target) {
            if meta.is_dir() {
                bail!(
                    "'{}' is a folder: move it away or choose another output name",
                    path.display()
                );
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
        let dir = target
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        if !dir.is_dir() {
            bail!(
                "cannot write '{}': the folder '{}' does not exist",
                path.display(),
                dir.display()
            );
        }
        Ok(())
    }

    /// Renames every staged file into place; on a failure, undoes the
    /// renames already made. Returns the paths written, as given.
    pub fn commit(self) -> Result<Vec<PathBuf>> {
        let mut done: Vec<(PathBuf, Option<TempPath>)> = Vec::new();
        let mut shown = Vec::new();
        for s in self.staged {
            match place(s.tmp, &s.target) {
                Ok(backup) => {
                    done.push((s.target, backup));
                    shown.push(s.shown);
                }
                Err(e) => {
                    rollback(done);
                    return Err(e).with_context(|| format!("cannot write '{}'", s.shown.display()));
                }
            }
        }
        // Success: the old files' backups are dropped (deleted).
        Ok(shown)
    }
}

/// Moves the file at `target` (if any) aside to a backup, then the
/// temporary into place. Returns the backup.
fn place(tmp: TempPath, target: &Path) -> std::io::Result<Option<TempPath>> {
    let backup = if target.exists() {
        let dir = target.parent().unwrap_or(Path::new("."));
        let slot = tempfile::Builder::new()
            .prefix(".pmo-")
            .suffix(".old")
            .tempfile_in(dir)?
            .into_temp_path();
        std::fs::rename(target, &slot)?;
        Some(slot)
    } else {
        None
    };
    match tmp.persist(target) {
        Ok(()) => Ok(backup),
        Err(e) => {
            if let Some(b) = &backup {
                let _ = std::fs::rename(b, target);
            }
            Err(e.error)
        }
    }
}

/// Puts back what [`place`] did, newest first.
fn rollback(done: Vec<(PathBuf, Option<TempPath>)>) {
    for (target, backup) in done.into_iter().rev() {
        match backup {
            Some(b) => {
                let _ = std::fs::rename(&b, &target);
            }
            None => {
                let _ = std::fs::remove_file(&target);
            }
        }
    }
}

/// Writes `bytes` to `path` atomically (a batch of one).
pub fn write_atomic(path: &Path, bytes: &[u8], force: bool, inputs: &[PathBuf]) -> Result<()> {
    let mut batch = Batch::new(inputs, force);
    batch.add(path, bytes)?;
    batch.commit()?;
    Ok(())
}
