//! A bounded property test of the template filler (the fuzz target CI can
//! run): random templates built from a grammar of tags, markers, hostile
//! expressions and XML-special text, placed in paragraphs, tables, headers
//! and split runs. Every case must end in `Ok` with a package whose parts
//! are well-formed XML, or in errors that each name a part; never a panic,
//! a hang (the harness's timeout) or an abort. `PMO_FILL_CASES` sets the
//! number of cases (default 400) and `PMO_FILL_SEED` the seed.

#[path = "fill/word.rs"]
mod word;

use pmo::render::fill::{fill, FillError, FillErrors, Images};
use quick_xml::events::Event;
use serde_json::json;
use std::io::Read;
use word::{marker_row, p, para, r, tbl, tc, tr, Docx};

/// xorshift64*: a small deterministic generator.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len())]
    }
}

const EXPRS: &[&str] = &[
    "project.name",
    "project.nme",
    "r.id",
    "r.owner",
    "top_risks|length",
    "budget.variance_ytd|money",
    "rag(status.overall)",
    "chart(\"cumulative\")",
    "chart(\"nope\")",
    "'%5d'|format(3)",
    "'%99999d'|format(3)",
    "project.name|indent(4)",
    "project.name|indent(50000)",
    "top_risks|batch(2)|list",
    "top_risks|batch(100000000)|list",
    "'x' * 20",
    "'<&>\"' ~ project.name",
    "1 + 1 + 1 + 1",
    "not not not true",
    "range(5)|list",
    "none",
    "undefined_thing.deeper",
    "project.name|upper|lower|title|trim",
    "'{{' ~ '}}'",
    "1/0",
    "[1,2,3][7]",
];

const TEXT: &[&str] = &[
    "Status: ",
    "<b>&</b>",
    "R&D < 5 > 3",
    "café — ÉTÉ",
    "{ not a tag }",
    "{",
    "}}",
    "\u{1F600}",
    "",
];

/// One inline piece: text or a tag, sometimes split across runs.
fn inline(g: &mut Rng) -> String {
    match g.below(10) {
        // The template is well-formed: text is escaped as Word writes it.
        0..=3 => r(&quick_xml::escape::escape(g.pick(TEXT))),
        4..=7 => {
            let tag = format!("{{{{ {} }}}}", g.pick(EXPRS));
            let esc = |t: &str| quick_xml::escape::escape(t).into_owned();
            if g.below(3) == 0 {
                // Split across two runs, as Word does.
                let cut = 1 + g.below(tag.len() - 2);
                let cut = (cut..tag.len())
                    .find(|&i| tag.is_char_boundary(i))
                    .unwrap_or(tag.len());
                r(&esc(&tag[..cut])) + &r(&esc(&tag[cut..]))
            } else {
                r(&esc(&tag))
            }
        }
        8 => {
            let tag = format!("{{% if {} %}}", g.pick(EXPRS));
            r(&quick_xml::escape::escape(tag.as_str())) + &r("yes") + &r("{% endif %}")
        }
        _ => r(&format!(
            "{{% for x in {} %}}{{{{ x }}}}{{% endfor %}}",
            g.pick(&["range(3)", "top_risks", "project", "range(100000)"])
        )),
    }
}

fn paragraph(g: &mut Rng) -> String {
    let n = 1 + g.below(4);
    p(&(0..n).map(|_| inline(g)).collect::<String>())
}

/// A block: paragraphs, a paragraph loop, a row loop, or a broken marker.
fn block(g: &mut Rng) -> String {
    let w = [4680, 4680];
    match g.below(8) {
        0..=3 => paragraph(g),
        4 => para("{%p for r in top_risks %}") + &paragraph(g) + &para("{%p endfor %}"),
        5 => tbl(
            &w,
            &(marker_row("{%tr for r in top_risks %}", &w)
                + &tr(&(tc(4680, "", &paragraph(g)) + &tc(4680, "", &para("{{ r.id }}"))))
                + &marker_row("{%tr endfor %}", &w)),
        ),
        6 => para(g.pick(&[
            "{%p if project.name %}",
            "{%p endfor %}",
            "{%tr endif %}",
            "{%p else %}",
        ])),
        _ => {
            // Hostile but bounded: a deep loop or a long chain.
            match g.below(20) {
                0 => para("{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}"),
                1 => para(&format!("{{{{ 1{} }}}}", "+1".repeat(400))),
                _ => paragraph(g),
            }
        }
    }
}

fn ctx() -> serde_json::Value {
    json!({
        "project": {"name": "Court <Services> & Co"},
        "budget": {"variance_ytd": "12.5"},
        "status": {"overall": {"rag": "Amber"}},
        "top_risks": [{"id": "R-1", "owner": "A"}, {"id": "R-2"}],
    })
}

fn xml_ok(name: &str, bytes: &[u8]) -> Result<(), String> {
    let text = std::str::from_utf8(bytes).map_err(|_| format!("{name} is not UTF-8"))?;
    let mut reader = quick_xml::Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    loop {
        match reader.read_event() {
            Ok(Event::Eof) => return Ok(()),
            Ok(_) => {}
            Err(e) => return Err(format!("{name}: {e}")),
        }
    }
}

/// Checks one filled package (or the errors).
fn check(result: Result<Vec<u8>, FillErrors>) -> Result<(), String> {
    match result {
        Ok(bytes) => {
            let mut zip =
                zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| e.to_string())?;
            for i in 0..zip.len() {
                let mut f = zip.by_index(i).unwrap();
                let name = f.name().unwrap().into_owned();
                if name.ends_with(".xml") || name.ends_with(".rels") {
                    let mut b = Vec::new();
                    f.read_to_end(&mut b).unwrap();
                    xml_ok(&name, &b)?;
                }
            }
            Ok(())
        }
        Err(FillErrors(all)) => {
            if all.is_empty() {
                return Err("an error list with no error".into());
            }
            for e in &all {
                let named = match e {
                    FillError::Template { part, .. }
                    | FillError::Part { part, .. }
                    | FillError::Refused { part, .. } => !part.is_empty(),
                    _ => true,
                };
                if !named {
                    return Err(format!("an error without its part: {e}"));
                }
            }
            Ok(())
        }
    }
}

#[test]
fn random_templates_fill_or_fail_cleanly() {
    let cases: usize = std::env::var("PMO_FILL_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(400);
    let seed: u64 = std::env::var("PMO_FILL_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x5EED_1234);
    let mut g = Rng(seed | 1);
    let (mut filled, mut refused) = (0, 0);
    for case in 0..cases {
        let n = 1 + g.below(6);
        let body: String = (0..n).map(|_| block(&mut g)).collect();
        let header = (g.below(3) == 0).then(|| paragraph(&mut g));
        let d = Docx {
            body,
            header,
            title: "{{ project.name }}".into(),
            ..Docx::default()
        };
        let bytes = word::build(&d);
        let shown = format!("body: {}\nheader: {:?}", d.body, d.header);
        let outcome = std::panic::catch_unwind(|| fill(&bytes, &ctx(), &Images::new()));
        let result = outcome.unwrap_or_else(|_| panic!("case {case} (seed {seed}) panicked"));
        if result.is_ok() {
            filled += 1;
        } else {
            refused += 1;
        }
        if let Err(e) = check(result) {
            panic!("case {case} (seed {seed}): {e}\n{shown}");
        }
    }
    eprintln!("{cases} templates ran clean: {filled} filled, {refused} refused with errors");
    assert_eq!(filled + refused, cases);
    assert!(
        filled > 0 && refused > 0,
        "the grammar reaches both outcomes"
    );
}
