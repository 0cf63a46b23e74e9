//! The sample ministry templates, shared by `examples/make_templates.rs`
//! (which writes them to `samples/templates/`) and the fill tests (which
//! check the committed files are what this writes).
#![allow(dead_code)]

use super::word::{marker_row, p, para, ps, r, rf, tbl, tc, tr, Docx};

const HEAD: &str = r#"<w:shd w:val="clear" w:color="auto" w:fill="1F3864"/>"#;
const WHITE_BOLD: &str = r#"<w:b/><w:color w:val="FFFFFF"/>"#;

fn head_cell(width: u32, extra: &str, text: &str) -> String {
    tc(width, &format!("{extra}{HEAD}"), &p(&rf(WHITE_BOLD, text)))
}

fn cell(width: u32, text: &str) -> String {
    tc(width, "", &para(text))
}

fn facts(rows: &[(&str, &str)]) -> String {
    let body: String = rows
        .iter()
        .map(|(k, v)| {
            tr(&(tc(
                2800,
                r#"<w:shd w:val="clear" w:color="auto" w:fill="D9E2F3"/>"#,
                &p(&rf("<w:b/>", k)),
            ) + &cell(6560, v)))
        })
        .collect();
    tbl(&[2800, 6560], &body)
}

fn status_body() -> String {
    let status_rows: String = [
        ("Overall", "overall"),
        ("Scope", "scope"),
        ("Schedule", "schedule"),
        ("Budget", "budget"),
        ("Risk", "risk"),
    ]
    .iter()
    .map(|(label, key)| {
        tr(&(cell(1600, label)
            + &tc(
                1400,
                r#"<w:vAlign w:val="center"/>"#,
                &p(&rf("<w:b/>", &format!("{{{{ rag(status.{key}) }}}}"))),
            )
            + &cell(6360, &format!("{{{{ status.{key}.reason }}}}"))))
    })
    .collect();
    let status = tbl(
        &[1600, 1400, 6360],
        &(tr(&(head_cell(1600, "", "Area")
            + &head_cell(1400, "", "Status")
            + &head_cell(6360, "", "Why")))
            + &status_rows),
    );
    let risk_w = [900, 3300, 900, 1500, 2760];
    let risks = tbl(
        &risk_w,
        &(tr(&(head_cell(900, r#"<w:vMerge w:val="restart"/>"#, "ID")
            + &head_cell(4200, r#"<w:gridSpan w:val="2"/>"#, "Risk and score")
            + &head_cell(4260, r#"<w:gridSpan w:val="2"/>"#, "Response")))
            + &tr(&(head_cell(900, "<w:vMerge/>", "")
                + &head_cell(3300, "", "Description")
                + &head_cell(900, "", "Score")
                + &head_cell(1500, "", "Owner")
                + &head_cell(2760, "", "Mitigation")))
            + &marker_row("{%tr for r in top_risks %}", &risk_w)
            + &tr(&(tc(900, "", &p(&rf("<w:b/>", "{{ r.id }}")))
                + &cell(3300, "{{ r.description }}")
                + &cell(900, "{{ r.score }} ({{ r.rating }})")
                + &cell(1500, "{{ r.owner }}")
                + &cell(2760, "{{ r.mitigation }}")))
            + &marker_row("{%tr endfor %}", &risk_w)),
    );
    let issue_w = [900, 4460, 1200, 1500, 1300];
    let issues = tbl(
        &issue_w,
        &(tr(&(head_cell(900, "", "ID")
            + &head_cell(4460, "", "Issue")
            + &head_cell(1200, "", "Priority")
            + &head_cell(1500, "", "Owner")
            + &head_cell(1300, "", "Target")))
            + &marker_row("{%tr for i in open_issues %}", &issue_w)
            + &tr(&(cell(900, "{{ i.id }}")
                + &cell(4460, "{{ i.description }}")
                + &cell(1200, "{{ i.priority }}")
                + &cell(1500, "{{ i.owner }}")
                + &cell(1300, "{{ i.target }}")))
            + &marker_row("{%tr endfor %}", &issue_w)),
    );
    [
        ps("Title", &r("Project Status Report")),
        // Typed in Word: the spelling checker and a bold change split the tag.
        p(&(rf("<w:b/>", "Project: ")
            + &rf("<w:b/>", "{{ proj")
            + "<w:proofErr w:type=\"spellStart\"/>"
            + &r("ect.name }}")
            + "<w:proofErr w:type=\"spellEnd\"/>")),
        facts(&[
            ("Project ID", "{{ project.project_id }}"),
            ("Ministry", "{{ project.ministry }}"),
            ("Executive sponsor", "{{ project.sponsor }}"),
            ("Project manager", "{{ project.manager }}"),
            ("Phase", "{{ project.phase }}"),
            ("Reporting period", "{{ period_name }} ({{ period }})"),
            ("Approved budget", "{{ project.total_budget | money }}"),
        ]),
        ps("Heading1", &r("1. Status at a glance")),
        status,
        para("{%p if status.risk.rag == \u{201c}Red\u{201d} %}"),
        p(&rf("<w:b/><w:color w:val=\"C00000\"/>", "Escalation: the risk status is Red ({{ status.risk.reason }}). The sponsor is asked to review the top risks below.")),
        para("{%p endif %}"),
        ps("Heading1", &r("2. Budget ({{ budget.fiscal_year }})")),
        facts(&[
            ("Full-year plan", "{{ budget.planned_full_year }}"),
            ("Plan to date", "{{ budget.planned_ytd }}"),
            ("Actual to date", "{{ budget.actual_ytd }}"),
            ("Variance (plan − actual)", "{{ budget.variance_ytd }} ({{ budget.variance_ytd_pct }})"),
            ("Forecast at year end", "{{ budget.eac }}"),
        ]),
        para("{{ chart(\"cumulative\") }}"),
        ps("Heading1", &r("3. Top risks")),
        risks,
        ps("Heading1", &r("4. Open issues")),
        issues,
        ps("Heading1", &r("5. Next 60 days")),
        para("{%p for m in milestone_groups.upcoming %}"),
        ps("ListBullet", &r("{{ m.name }} — due {{ m.forecast or m.baseline }}")),
        para("{%p endfor %}"),
        para("{%p if not milestone_groups.upcoming %}"),
        para("No milestone is due in the next 60 days."),
        para("{%p endif %}"),
        ps("Heading1", &r("6. Decisions needed")),
        para("[TO COMPLETE: decisions needed from the steering committee]"),
    ]
    .concat()
}

fn charter_body() -> String {
    let ms_w = [900, 4860, 1800, 1800];
    let milestones = tbl(
        &ms_w,
        &(tr(&(head_cell(900, "", "ID")
            + &head_cell(4860, "", "Milestone")
            + &head_cell(1800, "", "Phase")
            + &head_cell(1800, "", "Baseline")))
            + &marker_row("{%tr for m in milestones %}", &ms_w)
            + &tr(&(cell(900, "{{ m.id }}")
                + &cell(4860, "{{ m.name }}")
                + &cell(1800, "{{ m.phase }}")
                + &cell(1800, "{{ m.baseline }}")))
            + &marker_row("{%tr endfor %}", &ms_w)),
    );
    // One column per fiscal year: the year cell repeats between the
    // {%tc %} marker cells.
    let cost_w = [2200, 1300, 900, 1500, 900, 1560];
    let year_cols = |first: &str, body: &str| {
        tc(900, "", &para(first))
            + &tc(1500, "", &para(body))
            + &tc(900, "", &para("{%tc endfor %}"))
    };
    let costs = tbl(
        &cost_w,
        &(tr(&(head_cell(2200, "", "Standard account")
            + &head_cell(1300, "", "Type")
            + &year_cols("{%tc for y in fiscal_years %}", "{{ y }}")
            + &head_cell(1560, "", "Total")))
            + &marker_row("{%tr for b in budget_by_year %}", &cost_w)
            + &tr(&(cell(2200, "{{ b.category }}")
                + &cell(1300, "{{ b.expense_type }}")
                + &year_cols("{%tc for y in fiscal_years %}", "{{ b[y] }}")
                + &cell(1560, "{{ b.total }}")))
            + &marker_row("{%tr endfor %}", &cost_w)),
    );
    let risk_w = [900, 4160, 1300, 3000];
    let risks = tbl(
        &risk_w,
        &(tr(&(head_cell(900, "", "ID")
            + &head_cell(4160, "", "Risk")
            + &head_cell(1300, "", "Rating")
            + &head_cell(3000, "", "Mitigation")))
            + &marker_row("{%tr for r in top_risks %}", &risk_w)
            + &tr(&(cell(900, "{{ r.id }}")
                + &cell(4160, "{{ r.description }}")
                + &cell(1300, "{{ r.rating }}")
                + &cell(3000, "{{ r.mitigation }}")))
            + &marker_row("{%tr endfor %}", &risk_w)),
    );
    let sign_w = [3000, 2760, 2000, 1600];
    let sign = tbl(
        &sign_w,
        &(tr(&(head_cell(3000, "", "Role") + &head_cell(2760, "", "Name") + &head_cell(2000, "", "Signature") + &head_cell(1600, "", "Date")))
            + &marker_row("{%tr for s in stakeholders if s.sign_off | lower in [\"yes\", \"y\", \"true\", \"x\"] %}", &sign_w)
            + &tr(&(cell(3000, "{{ s.role }}") + &cell(2760, "{{ s.name }}") + &cell(2000, "") + &cell(1600, "")))
            + &marker_row("{%tr endfor %}", &sign_w)),
    );
    [
        ps("Title", &r("Project Charter")),
        p(&(rf("<w:sz w:val=\"28\"/>", "{{ project.na")
            + &rf("<w:sz w:val=\"28\"/><w:i/>", "me }}"))),
        facts(&[
            ("Project ID", "{{ project.project_id }}"),
            ("Ministry", "{{ project.ministry }}"),
            ("Division / branch", "{{ project.division }}"),
            ("I&amp;IT cluster", "{{ project.cluster }}"),
            ("Executive sponsor", "{{ project.sponsor }}"),
            ("Project manager", "{{ project.manager }}"),
            ("Start – end", "{{ project.start }} – {{ project.end }}"),
            (
                "Total approved budget",
                "{{ project.total_budget | money }}",
            ),
        ]),
        ps("Heading1", &r("1. Background and business need")),
        para("{{ project.background }}"),
        ps("Heading1", &r("2. Objectives")),
        para("{{ project.objectives }}"),
        ps("Heading1", &r("3. Scope")),
        p(&(rf("<w:b/>", "In scope: ") + &r("{{ project.scope_in }}"))),
        p(&(rf("<w:b/>", "Out of scope: ") + &r("{{ project.scope_out }}"))),
        ps("Heading1", &r("4. Milestones")),
        milestones,
        ps("Heading1", &r("5. Cost estimate by fiscal year")),
        costs,
        p(&(rf("<w:b/>", "Funding source: ")
            + &r("{{ project.funding_source | default(\"[TO COMPLETE]\") }}"))),
        ps("Heading1", &r("6. Risks, assumptions and constraints")),
        risks,
        p(&(rf("<w:b/>", "Assumptions: ") + &r("{{ project.assumptions }}"))),
        p(&(rf("<w:b/>", "Constraints: ") + &r("{{ project.constraints }}"))),
        ps("Heading1", &r("7. Approval and sign-off")),
        sign,
    ]
    .concat()
}

fn header(what: &str) -> Option<String> {
    Some(p(&(rf("<w:b/>", "{{ project.minis")
        + &rf("<w:b/>", "try }}")
        + &r(&format!(" — {what}")))))
}

/// The status report template.
pub fn status() -> Docx {
    Docx {
        body: status_body(),
        header: header("Project Status Report"),
        footer: Some(para(
            "{{ project.name }} · {{ period_name }} · generated {{ generated }}",
        )),
        title: "{{ project.name }} — Status Report, {{ period_name }}".into(),
        footnote: None,
    }
}

/// The charter template.
pub fn charter() -> Docx {
    Docx {
        body: charter_body(),
        header: header("Project Charter"),
        footer: Some(para(
            "{{ project.name }} · Charter draft for sign-off · {{ generated }}",
        )),
        title: "{{ project.name }} — Project Charter".into(),
        footnote: None,
    }
}

/// The templates by file name.
pub fn all() -> [(&'static str, Docx); 2] {
    [
        ("status-ministry.docx", status()),
        ("charter-ministry.docx", charter()),
    ]
}
