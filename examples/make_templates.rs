//! Writes the sample ministry templates `samples/templates/status-ministry.docx`
//! and `samples/templates/charter-ministry.docx`: Word documents with
//! `{{ tags }}` and docxtpl markers, written the way Word writes them (tags
//! split across runs, proofing marks, revision ids), for `pmo fill` and
//! `--template FILE.docx`. The bytes are the same on every run.
//!
//! Run with `cargo run --example make_templates`.

#[path = "../tests/fill/word.rs"]
mod word;

#[path = "../tests/fill/samples.rs"]
mod samples;

fn main() -> std::io::Result<()> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/templates");
    std::fs::create_dir_all(&dir)?;
    for (name, d) in samples::all() {
        let path = dir.join(name);
        std::fs::write(&path, word::build(&d))?;
        println!("wrote {}", path.display());
    }
    Ok(())
}
