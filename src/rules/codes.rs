//! The catalogue of finding codes: stable, documented, explained by
//! `pmo explain CODE`. Built-in checks use these codes directly; the rules in
//! `templates/workbooks/*.toml` name theirs.

/// One finding code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Code {
    /// `W301`.
    pub code: &'static str,
    /// `risk-score-mismatch`.
    pub name: &'static str,
    /// What it means.
    pub summary: &'static str,
    /// What to do.
    pub hint: &'static str,
}

/// Every code `pmo` knows, in order.
pub const CODES: &[Code] = &[
    Code { code: "E101", name: "missing-column", summary: "A column the template requires is not in the sheet (or a Project Information field has no label).", hint: "Add the column with one of the header names the template accepts (see `pmo new`), or rename yours." },
    Code { code: "W106", name: "status-column-missing", summary: "None of the columns a status rating rests on was read (risk: rating, score, or likelihood and impact; milestones: a baseline or forecast date), so that area of the status report is Unknown.", hint: "Add one of the columns, or rename yours to a header name pmo accepts (listed in the finding), or map it in a mapping file." },
    Code { code: "E102", name: "missing-value", summary: "A value the template requires is blank.", hint: "Fill in the cell." },
    Code { code: "E103", name: "duplicate-id", summary: "An ID appears on more than one row, in this file or another file of the project.", hint: "Give each row its own ID; if the rows are the same item, merge them." },
    Code { code: "E108", name: "mapping-drift", summary: "The workbook no longer fits its mapping file: a mapped header was renamed or moved, a mapped column or sheet is gone. That column (or sheet) is not read.", hint: "Correct the column letter, header or sheet name in the mapping file, or delete the sheet's entry so pmo reads the sheet afresh." },
    Code { code: "W109", name: "mapping-new-column", summary: "A header cell the mapping file does not name; it is not read.", hint: "Add the column to the sheet's entry in the mapping file with the key it holds (an empty key to leave it unread)." },
    Code { code: "W111", name: "mapping-unused", summary: "The mapping file names none of the workbooks read (no file of that name, and no sheet with the same name and header cells): nothing was read by it.", hint: "Check the file names in the mapping file, or save a new one with `pmo inspect --save-mapping`." },
    Code { code: "I110", name: "reading-guessed", summary: "pmo decided how to read part of a sheet on evidence rather than on the workbook's own words (which block month columns are, the day/month order of a date column, a kind chosen over a close second); the figures it feeds rest on that guess.", hint: "Check the reading with `pmo inspect`; pin it (or correct it) in a mapping file with `pmo inspect --save-mapping`." },
    Code { code: "E201", name: "bad-money", summary: "A money cell holds something that is not an amount.", hint: "Type a number such as 1234.50; leave the cell blank or type - for no amount." },
    Code { code: "E202", name: "bad-date", summary: "A date cell holds something that is not a date.", hint: "Type the date as YYYY-MM-DD or format the cell as a date." },
    Code { code: "E203", name: "ambiguous-date", summary: "A date such as 04/05/2025 could be read day-first or month-first.", hint: "Type it as YYYY-MM-DD." },
    Code { code: "E204", name: "bad-number", summary: "A number cell holds something that is not a number (or a whole number has decimals).", hint: "Type a number." },
    Code { code: "E205", name: "bad-value", summary: "A cell holds a value outside the template's list.", hint: "Choose one of the listed values (the dropdown in a workbook from `pmo new`)." },
    Code { code: "E206", name: "bad-period", summary: "A period cell is not a fiscal period, or names no fiscal year.", hint: "Use P01-P12 with a Fiscal Year column, a month such as Apr-25, or a date." },
    Code { code: "E207", name: "excel-error", summary: "A cell shows an Excel error (#REF!, #DIV/0!, #N/A…).", hint: "Fix the formula or type the value." },
    Code { code: "W208", name: "number-stored-as-text", summary: "A number is stored as text. pmo reads it, but Excel's SUM skips it, so the workbook's own totals are silently wrong.", hint: "Convert the cell to a number (Excel: the warning triangle > Convert to Number)." },
    Code { code: "W209", name: "sub-cent-amount", summary: "An amount holds a fraction of a cent (1.005). pmo keeps the exact amount, so totals are exact sums; documents and workbooks show amounts rounded to the cent (half away from zero), so a column of rounded figures may not add up to its shown total by a cent or two.", hint: "Round the amount to the cent in the workbook if the fraction is a mistake (a formula dividing an amount, a rate applied without ROUND)." },
    Code { code: "W301", name: "risk-score-mismatch", summary: "A risk's score is not likelihood × impact.", hint: "Recalculate the score, or correct the likelihood or impact." },
    Code { code: "W302", name: "risk-rating-mismatch", summary: "A risk's rating does not match the band its score falls in (1-4 Low, 5-9 Medium, 10-15 High, 16-25 Critical by default).", hint: "Correct the rating or the score; bands are set in risks.toml." },
    Code { code: "E303", name: "closed-without-date", summary: "A risk marked Closed has no date closed.", hint: "Enter the date it was closed." },
    Code { code: "E304", name: "dates-out-of-order", summary: "A later date is before an earlier one (closed before raised, resolved before raised).", hint: "Correct one of the dates." },
    Code { code: "W305", name: "high-risk-incomplete", summary: "An open High or Critical risk has no owner or no mitigation.", hint: "Name an owner and record the response." },
    Code { code: "E306", name: "issue-closed-incomplete", summary: "A resolved or closed issue has no resolution or no date resolved.", hint: "Record how it was resolved and when." },
    Code { code: "W307", name: "milestone-complete-without-date", summary: "A milestone marked Complete has no actual date.", hint: "Enter the date it was completed." },
    Code { code: "W308", name: "milestone-date-without-complete", summary: "A milestone has an actual date but is not marked Complete.", hint: "Set the status to Complete, or clear the actual date." },
    Code { code: "W309", name: "milestone-overdue", summary: "A milestone's forecast (or baseline) date has passed and it is not complete.", hint: "Complete it, or re-forecast the date and explain the change." },
    Code { code: "E310", name: "date-in-future", summary: "An actual or completion date is after the as-of date.", hint: "Correct the date; actual dates cannot be in the future." },
    Code { code: "E311", name: "out-of-range", summary: "A number is outside the allowed range (e.g. likelihood 1-5, planned amount not negative).", hint: "Enter a value within the range." },
    Code { code: "W312", name: "pattern-mismatch", summary: "A value does not follow the expected form (e.g. risk IDs like R-001).", hint: "Use the form the template gives." },
    Code { code: "W313", name: "date-outside-project", summary: "A date falls outside the project's start and end dates.", hint: "Check the date, or update the project dates in Project Information." },
    Code { code: "E401", name: "actual-in-future-period", summary: "An actual is entered for a period after the as-of period.", hint: "Move it to the period it was spent in, or enter it as a forecast." },
    Code { code: "E402", name: "total-mismatch", summary: "A total or subtotal in the tracker does not equal the cells it adds up (as read by pmo), often because a number is stored as text or a row was inserted outside the SUM range.", hint: "Fix the cells it adds up or the formula's range." },
    Code { code: "E403", name: "ledger-not-this-project", summary: "The ledger export given with the project does not look like its ledger: none of its postings, or fewer than half, are on the project's cost centres (or, when either names none, on the accounts of its budget lines). Its tie-out then compares another project's spending with this one's tracker.", hint: "Ask finance for the export of this project's cost centre (Project Information's Cost Centre), or give a cluster ledger to `pmo portfolio`, which splits it by each project's cost centres." },
    Code { code: "E501", name: "unknown-reference", summary: "A risk or issue names a budget line or milestone that does not exist.", hint: "Correct the ID, or add the line or milestone." },
];

/// Looks a code up, case-insensitively, by code or name.
pub fn lookup(code: &str) -> Option<&'static Code> {
    CODES
        .iter()
        .find(|c| c.code.eq_ignore_ascii_case(code) || c.name.eq_ignore_ascii_case(code))
}
