//! Header text normalisation, shared by definitions and ingest so that an
//! alias and the header a person typed compare equal.

/// How much of a text is normalised: a header, label or vocabulary word is
/// never this long, so a cell of megabytes compares by its first
/// characters and costs no more than a long header.
pub const MAX_NORMALISED_CHARS: usize = 1_000;

/// Normalises a header or label (its first [`MAX_NORMALISED_CHARS`]
/// characters): lower case, accents folded, units in
/// brackets dropped (`Amount ($)`, `Likelihood (1-5)`), `#` read as "no",
/// `&` as "and", other punctuation and underscores as spaces, camelCase
/// split (`RiskOwner`), a trailing rating scale dropped (`Likelihood_1_5`,
/// `Impact 1 to 5`), spaces collapsed, a trailing colon dropped.
///
/// ```
/// use pmo::definition::normalise_header;
/// assert_eq!(normalise_header("  Risk # "), "risk no");
/// assert_eq!(normalise_header("Likelihood (1-5)"), "likelihood");
/// assert_eq!(normalise_header("Catégorie:"), "categorie");
/// assert_eq!(normalise_header("Approved\nBudget ($)"), "approved budget");
/// assert_eq!(normalise_header("Inherent_Likelihood_1_5"), "inherent likelihood");
/// assert_eq!(normalise_header("RiskOwner"), "risk owner");
/// ```
pub fn normalise_header(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(MAX_NORMALISED_CHARS * 2));
    let mut depth = 0usize;
    let mut prev_lower = false;
    for ch in text.chars().take(MAX_NORMALISED_CHARS) {
        // "RiskOwner", "plannedEnd": a capital after a small letter starts a word.
        if ch.is_uppercase() && prev_lower && depth == 0 {
            out.push(' ');
        }
        prev_lower = ch.is_lowercase();
        match ch {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            _ if depth > 0 => {}
            '#' => out.push_str(" no "),
            '&' => out.push_str(" and "),
            '%' => out.push_str(" pct "),
            c if c.is_alphanumeric() => {
                for l in c.to_lowercase() {
                    out.push(fold_accent(l));
                }
            }
            _ => out.push(' '),
        }
    }
    let mut words: Vec<&str> = out.split_whitespace().collect();
    drop_scale(&mut words);
    let mut joined = words.join(" ");
    // "No." and "Num" are the same marker as "#".
    for (from, to) in [(" num", " no"), (" number", " no"), (" nbr", " no")] {
        if joined.ends_with(from) {
            joined.truncate(joined.len() - from.len());
            joined.push_str(to);
        }
    }
    joined
}

/// Drops a rating scale written at the end of a header ("1 5", "1 to 5",
/// "0 10"): it says how the column is scored, not what it is.
fn drop_scale(words: &mut Vec<&str>) {
    let small = |w: &str| w.len() <= 3 && w.chars().all(|c| c.is_ascii_digit());
    let n = words.len();
    let cut = match words.as_slice() {
        [.., a, "to", b] if n > 3 && small(a) && small(b) => 3,
        [.., a, b] if n > 2 && small(a) && small(b) => 2,
        _ => 0,
    };
    if cut == 0 {
        return;
    }
    let (lo, hi) = (words[n - cut], words[n - 1]);
    if lo.parse::<u32>().unwrap_or(0) < hi.parse::<u32>().unwrap_or(0) {
        words.truncate(n - cut);
    }
}

fn fold_accent(c: char) -> char {
    match c {
        'à' | 'â' | 'ä' | 'á' => 'a',
        'ç' => 'c',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'î' | 'ï' | 'í' => 'i',
        'ô' | 'ö' | 'ó' => 'o',
        'û' | 'ù' | 'ü' | 'ú' => 'u',
        'ÿ' => 'y',
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::normalise_header as n;

    #[test]
    fn forms_people_type() {
        assert_eq!(n("Risk ID"), "risk id");
        assert_eq!(n("CostElement"), "cost element");
        assert_eq!(n("Actual_Cost"), "actual cost");
        assert_eq!(n("Budget Allocated ($)"), "budget allocated");
        assert_eq!(n("RISK_ID"), "risk id");
        assert_eq!(n("Risk No."), "risk no");
        assert_eq!(n("Risk Number"), "risk no");
        assert_eq!(n("GL Acct."), "gl acct");
        assert_eq!(n("Amount (CAD $)"), "amount");
        assert_eq!(n("% Complete"), "pct complete");
        assert_eq!(n("Owner:"), "owner");
        assert_eq!(n("Scope & Objectives"), "scope and objectives");
        assert_eq!(n(""), "");
    }

    #[test]
    fn underscores_camel_case_and_scales() {
        assert_eq!(n("Planned_End"), "planned end");
        assert_eq!(n("Completion_%"), "completion pct");
        assert_eq!(n("RiskOwner"), "risk owner");
        assert_eq!(n("plannedEndDate"), "planned end date");
        assert_eq!(n("KPI"), "kpi");
        assert_eq!(n("Likelihood_1_5"), "likelihood");
        assert_eq!(n("Impact 1 to 5"), "impact");
        assert_eq!(n("Residual_Impact_0_10"), "residual impact");
        // A number that is part of the name stays.
        assert_eq!(n("Phase 2"), "phase 2");
        assert_eq!(n("Week 5 4"), "week 5 4");
    }
}
