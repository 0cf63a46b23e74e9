//! The package around the parts: reading entries from the template's zip,
//! finishing the rendered parts with what their images need (media,
//! relationships, content types), and writing the filled zip with every
//! untouched entry copied as stored.

use super::error::{FillError, FillErrors};
use super::image::{self, Images};
use super::{post, xml, Rendered};
use std::collections::BTreeMap;
use std::io::{Cursor, Write};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

/// Reads an entry as UTF-8 text (at most [`super::guard::MAX_READ_PART_BYTES`]).
pub(super) fn read_entry(
    zip: &mut ZipArchive<Cursor<&[u8]>>,
    name: &str,
) -> Result<String, FillError> {
    super::guard::read_bounded(zip, name)
}

/// The media part for an image, not clashing with the template's own.
fn media_name(name: &str, names: &[String]) -> String {
    let stem: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    (1..)
        .map(|n| match n {
            1 => format!("word/media/pmo-{stem}.png"),
            n => format!("word/media/pmo-{stem}-{n}.png"),
        })
        .find(|p| !names.contains(p))
        .unwrap_or_default()
}

/// Finishes the rendered parts and adds what their images need. Returns
/// every entry to write in place of (or besides) the template's, by name.
pub(super) fn finish_parts(
    zip: &mut ZipArchive<Cursor<&[u8]>>,
    names: &[String],
    rendered: BTreeMap<String, Rendered>,
    images: &Images,
) -> Result<BTreeMap<String, Vec<u8>>, FillErrors> {
    let text_width = read_entry(zip, "word/document.xml")
        .ok()
        .and_then(|t| xml::parse(&t).ok())
        .map_or(9360, |d| post::text_width(&d.root));
    let used: std::collections::BTreeSet<&str> = rendered
        .values()
        .flat_map(|r| r.uses.iter().map(|u| u.name.as_str()))
        .filter(|n| images.contains_key(*n))
        .collect();
    let media: BTreeMap<String, String> = used
        .iter()
        .map(|n| (n.to_string(), media_name(n, names)))
        .collect();
    let relative: BTreeMap<String, String> = media
        .iter()
        .map(|(k, v)| (k.clone(), v.trim_start_matches("word/").to_string()))
        .collect();
    let mut out = BTreeMap::new();
    let mut doc_prs = post::DocPrIds::default();
    if !used.is_empty() {
        // New drawings take ids no kept part uses.
        for name in names.iter().filter(|n| super::fillable(n) == Some(true)) {
            if !rendered.contains_key(name) {
                doc_prs.note_kept_part(&read_entry(zip, name)?);
            }
        }
    }
    for (name, r) in rendered {
        if !r.word {
            check_well_formed(&name, &r.xml)?;
            out.insert(name, r.xml.into_bytes());
            continue;
        }
        let rels_name = image::rels_path(&name);
        let rels_text = names
            .contains(&rels_name)
            .then(|| read_entry(zip, &rels_name))
            .transpose()?;
        let mut rels = image::Rels::read(rels_text.as_deref());
        let xml = post::Finish::new(
            text_width,
            &r.uses,
            images,
            &mut rels,
            &relative,
            &mut doc_prs,
        )
        .run(&r.xml)
        .map_err(|e| FillError::Part {
            part: name.clone(),
            source: Box::new(e),
        })?;
        out.insert(name, xml.into_bytes());
        if !rels.added.is_empty() {
            out.insert(rels_name, rels.write(rels_text.as_deref()).into_bytes());
        }
    }
    let ct = read_entry(zip, "[Content_Types].xml")?;
    if let Some(new) = image::content_types(&ct, !media.is_empty()) {
        out.insert("[Content_Types].xml".into(), new.into_bytes());
    }
    for (n, path) in &media {
        out.insert(path.clone(), images[n].png.clone());
    }
    Ok(out)
}

fn check_well_formed(name: &str, text: &str) -> Result<(), FillError> {
    xml::parse(text).map(|_| ()).map_err(|e| FillError::Part {
        part: name.to_string(),
        source: Box::new(e),
    })
}

/// Writes the package: the template's entries in their order, changed ones
/// replaced, unchanged ones copied as stored; then the new entries.
pub(super) fn write_package(
    zip: &mut ZipArchive<Cursor<&[u8]>>,
    names: &[String],
    mut replaced: BTreeMap<String, Vec<u8>>,
) -> Result<Vec<u8>, zip::result::ZipError> {
    let opts = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(DateTime::default());
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    for (i, name) in names.iter().enumerate() {
        match replaced.remove(name) {
            Some(bytes) => {
                w.start_file(name.as_str(), opts)?;
                w.write_all(&bytes)?;
            }
            None => w.raw_copy_file(zip.by_index_raw(i)?)?,
        }
    }
    for (name, bytes) in replaced {
        let opts = if name.ends_with(".png") {
            opts.compression_method(CompressionMethod::Stored)
        } else {
            opts
        };
        w.start_file(name.as_str(), opts)?;
        w.write_all(&bytes)?;
    }
    Ok(w.finish()?.into_inner())
}
