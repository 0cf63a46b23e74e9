//! Writing output files safely: to a temporary file beside the target,
//! renamed into place, never over an input, and over an existing file only
//! with --force.

use anyhow::{bail, Context, Result};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes `bytes` to `path` atomically.
pub fn write_atomic(path: &Path, bytes: &[u8], force: bool, inputs: &[PathBuf]) -> Result<()> {
    let target = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    for input in inputs {
        let input = std::fs::canonicalize(input).unwrap_or_else(|_| input.clone());
        if std::fs::canonicalize(&target).is_ok_and(|t| t == input) {
            bail!(
                "'{}' is an input: pmo never writes its inputs; choose another output name",
                path.display()
            );
        }
    }
    if target.exists() && !force {
        bail!(
            "'{}' already exists; pass --force to replace it",
            path.display()
        );
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
    let mut tmp = tempfile::Builder::new()
        .prefix(".pmo-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .with_context(|| format!("cannot write in '{}'", dir.display()))?;
    tmp.write_all(bytes)
        .and_then(|_| tmp.as_file().sync_all())
        .with_context(|| format!("cannot write '{}'", path.display()))?;
    // A temporary file is private (0600); an output is an ordinary file.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o644));
    }
    tmp.persist(&target)
        .map_err(|e| e.error)
        .with_context(|| format!("cannot write '{}'", path.display()))?;
    Ok(())
}
