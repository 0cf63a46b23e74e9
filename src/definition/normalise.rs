//! Header text normalisation, shared by definitions and ingest so that an
//! alias and the header a person typed compare equal.

/// Normalises a header or label: lower case, accents folded, units in
/// brackets dropped (`Amount ($)`, `Likelihood (1-5)`), `#` read as "no",
/// `&` as "and", other punctuation as spaces, spaces collapsed, a trailing
/// colon dropped.
///
/// ```
/// use pmo::definition::normalise_header;
/// assert_eq!(normalise_header("  Risk # "), "risk no");
/// assert_eq!(normalise_header("Likelihood (1-5)"), "likelihood");
/// assert_eq!(normalise_header("Catégorie:"), "categorie");
/// assert_eq!(normalise_header("Approved\nBudget ($)"), "approved budget");
/// ```
pub fn normalise_header(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    let mut prev_lower = false;
    for ch in text.chars() {
        // camelCase words are two words: "CostElement" is "cost element".
        if prev_lower && ch.is_uppercase() && depth == 0 {
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
    let words: Vec<&str> = out.split_whitespace().collect();
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
}
