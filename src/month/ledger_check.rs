//! Two checks the month makes on what was read before it reports: the
//! inputs are one project ([`one_identity`]), and the ledger export is that
//! project's ([`check_ledger`]).

use super::{Error, Plan};
use crate::definition::{Definitions, Severity};
use crate::identity::{self, Codes, Identity, LedgerFit};
use crate::ingest::Ingested;
use crate::model::Project;
use crate::reconcile::Reconciliation;
use crate::rules::Finding;

/// The finding code for a ledger export of another project.
pub const FOREIGN_LEDGER: &str = "E403";

/// The one project the inputs name.
///
/// # Errors
///
/// [`Error::ManyProjects`] naming each project and its files, unless the
/// plan reads several projects as one; a file that cannot be read again.
pub(super) fn one_identity(plan: &Plan, read: &Ingested) -> Result<Identity, Error> {
    let ids = identity::of_files(read, &plan.definitions, &plan.options, &plan.ledger)?;
    let (mut projects, apart) = identity::group(ids);
    if projects.len() > 1 && !plan.several_projects {
        let mut words: Vec<String> = projects
            .iter()
            .map(|p| format!("'{}' ({})", p.label(), files_words(&p.files)))
            .collect();
        if !apart.is_empty() {
            words.push(format!("and naming no project {}", files_words(&apart)));
        }
        return Err(Error::ManyProjects {
            count: projects.len(),
            projects: words.join(", "),
        });
    }
    let mut one = if projects.is_empty() {
        Identity::default()
    } else {
        projects.remove(0)
    };
    for p in projects {
        one.absorb(p);
    }
    one.files.extend(apart);
    Ok(one)
}

fn files_words(files: &[std::path::PathBuf]) -> String {
    files
        .iter()
        .map(|f| f.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Whether the ledger export read with `project` is its own: a ledger whose
/// postings are mostly not on the project's cost centres (or accounts;
/// "mostly" is `[fit]` in ledger.toml) is a [`FOREIGN_LEDGER`] finding naming the cost centres it holds, and the
/// tie-out says it does not look like this project's.
pub(super) fn check_ledger(
    defs: &Definitions,
    project: &Project,
    id: &Identity,
    findings: &mut Vec<Finding>,
    recon: Option<&mut Reconciliation>,
) -> Option<LedgerFit> {
    if project.ledger.is_empty() {
        return None;
    }
    let codes = Codes::of(project, id);
    let fit = identity::ledger_fit(&project.ledger, &codes);
    let min = defs
        .get("ledger")
        .and_then(|d| d.fit)
        .map_or(50, |f| f.min_share_pct);
    if !fit.foreign(min) {
        return Some(fit);
    }
    let message = foreign_words(&fit, &codes);
    let source = project.sources.iter().find(|s| s.kind == "ledger");
    findings.push(Finding {
        code: FOREIGN_LEDGER.into(),
        severity: Severity::Error,
        file: source
            .map(|s| s.file.display().to_string())
            .unwrap_or_default(),
        sheet: source.map(|s| s.sheet.clone()).unwrap_or_default(),
        cell: None,
        row_id: None,
        message: message.clone(),
        hint: crate::rules::codes::lookup(FOREIGN_LEDGER)
            .map(|c| c.hint.to_string())
            .unwrap_or_default(),
        at: None,
    });
    if let Some(tie) = recon.and_then(|r| r.tie_out.as_mut()) {
        tie.doubt = Some(message);
    }
    Some(fit)
}

/// The finding's words: what the ledger holds against what the project
/// spends on.
fn foreign_words(fit: &LedgerFit, codes: &Codes) -> String {
    let list = |set: &std::collections::BTreeSet<String>| {
        set.iter().take(8).cloned().collect::<Vec<_>>().join(", ")
    };
    let (on, n) = (fit.on_project, fit.postings);
    if fit.by_cost_centre {
        format!(
            "the ledger export does not look like this project's: {on} of its {n} posting(s) are on the project's cost centre(s) {}; it holds cost centre(s) {}",
            list(&codes.cost_centres),
            fit.cost_centres_words()
        )
    } else {
        format!(
            "the ledger export does not look like this project's: {on} of its {n} posting(s) are on an account of the project's budget lines ({}); it holds {}",
            list(&codes.accounts),
            fit.cost_centres_words()
        )
    }
}
