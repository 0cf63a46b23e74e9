//! Filling a user's own Word template (`pmo::render::fill`): templates are
//! written here the way Word writes them (revision ids, proofing marks,
//! tags split across runs), filled through the library, and the output
//! re-read part by part.

#[path = "fill/word.rs"]
mod word;

#[path = "fill/samples.rs"]
mod samples;

use pmo::render::fill::{fill, fill_context, FillError, FillImage, Images};
use quick_xml::events::Event;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::io::Read;
use word::{footnote_ref, marker_row, p, para, ps, r, rf, tbl, tc, text_box, tr, Docx};

fn ctx() -> Value {
    json!({
        "project": {"name": "Court Services Modernization", "ministry": "Ministry of the Attorney General", "manager": "A. Patel"},
        "period_name": "October 2026",
        "generated": "2026-11-02",
        "budget": {"variance_ytd": "$12,500.00", "planned_ytd": "$400,000.00", "actual_ytd": "$387,500.00"},
        "status": {
            "overall": {"rag": "Amber", "reason": "worst of the others"},
            "budget": {"rag": "Red", "reason": "variance beyond 10%"},
            "risk": {"rag": "Red", "reason": "1 open Critical risk"}
        },
        "top_risks": [
            {"id": "R-01", "description": "Vendor delivers late", "owner": "J. Smith", "rating": "Critical"},
            {"id": "R-02", "description": "Staff turnover", "rating": "High"},
            {"id": "R-03", "description": "Data migration errors", "owner": "L. Wong", "rating": "Medium"}
        ],
        "risks": [
            {"id": "R-01", "mitigations": ["Weekly vendor call", "Penalty clause"]},
            {"id": "R-02", "mitigations": ["Cross-training"]}
        ]
    })
}

/// The parts of a package, decompressed, by name.
fn unzip(bytes: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    (0..z.len())
        .map(|i| {
            let mut f = z.by_index(i).unwrap();
            let mut b = Vec::new();
            f.read_to_end(&mut b).unwrap();
            (f.name().unwrap().into_owned(), b)
        })
        .collect()
}

/// Parses every XML part of a package to the end, failing on any error.
fn assert_all_xml_parses(parts: &BTreeMap<String, Vec<u8>>) {
    for (name, bytes) in parts {
        if !(name.ends_with(".xml") || name.ends_with(".rels")) {
            continue;
        }
        let text = std::str::from_utf8(bytes).unwrap_or_else(|_| panic!("{name} is not UTF-8"));
        let mut reader = quick_xml::Reader::from_str(text);
        reader.config_mut().check_end_names = true;
        loop {
            match reader.read_event() {
                Ok(Event::Eof) => break,
                Ok(_) => {}
                Err(e) => panic!("{name} is not well-formed: {e}\n{text}"),
            }
        }
    }
}

fn part(parts: &BTreeMap<String, Vec<u8>>, name: &str) -> String {
    String::from_utf8(parts[name].clone()).unwrap()
}

/// Each paragraph's text (w:t, with w:br as a line break), in order.
fn paragraphs(xml: &str) -> Vec<String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let (mut out, mut stack, mut in_t) = (Vec::new(), Vec::<String>::new(), false);
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) if e.name().as_ref() == "w:p" => stack.push(String::new()),
            Event::Empty(e) if e.name().as_ref() == "w:p" => out.push(String::new()),
            Event::Start(e) if e.name().as_ref() == "w:t" => in_t = true,
            Event::Empty(e) if e.name().as_ref() == "w:br" => {
                if let Some(s) = stack.last_mut() {
                    s.push('\n');
                }
            }
            Event::End(e) if e.name().as_ref() == "w:t" => in_t = false,
            Event::End(e) if e.name().as_ref() == "w:p" => out.push(stack.pop().unwrap()),
            Event::Text(t) if in_t => stack.last_mut().unwrap().push_str(&t.xml10_content()),
            Event::GeneralRef(g) if in_t => {
                let c = match &*g {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    _ => "'",
                };
                stack.last_mut().unwrap().push_str(c);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

fn fill_doc(d: &Docx, ctx: &Value, images: &Images) -> BTreeMap<String, Vec<u8>> {
    let out = fill(&word::build(d), ctx, images).unwrap_or_else(|e| panic!("{e}"));
    let parts = unzip(&out);
    assert_all_xml_parses(&parts);
    parts
}

fn body(d: &Docx) -> Vec<String> {
    paragraphs(&part(
        &fill_doc(d, &ctx(), &Images::new()),
        "word/document.xml",
    ))
}

fn errors(d: &Docx, ctx: &Value) -> Vec<(String, String, String)> {
    match fill(&word::build(d), ctx, &Images::new()) {
        Ok(_) => panic!("the template should not fill"),
        Err(e) => {
            e.0.into_iter()
                .map(|e| match e {
                    FillError::Template {
                        part,
                        paragraph,
                        message,
                    } => (part, paragraph, message),
                    other => panic!("not a template error: {other}"),
                })
                .collect()
        }
    }
}

fn doc(body: String) -> Docx {
    Docx {
        body,
        title: "Status".into(),
        ..Docx::default()
    }
}

#[test]
fn tags_split_across_runs_with_proofing_marks_and_bookmarks_are_merged() {
    let two = p(&format!(
        "{}{}",
        rf("<w:b/>", "Project: {{ project."),
        rf("<w:i/>", "name }}")
    ));
    let three = p(&format!(
        "{}<w:proofErr w:type=\"spellStart\"/>{}<w:proofErr w:type=\"spellEnd\"/>{}",
        rf("<w:color w:val=\"C00000\"/>", "Ministry: {"),
        rf("<w:u w:val=\"single\"/>", "{ project.minis"),
        r("try }} ok.")
    ));
    let five = p(&format!(
        "{}{}<w:bookmarkStart w:id=\"0\" w:name=\"period\"/>{}<w:bookmarkEnd w:id=\"0\"/>{}{}",
        r("Period: "),
        rf("<w:sz w:val=\"28\"/>", "{{"),
        rf("<w:b/>", " period"),
        rf("<w:i/>", "_name "),
        r("}} end")
    ));
    let parts = fill_doc(&doc(two + &three + &five), &ctx(), &Images::new());
    let xml = part(&parts, "word/document.xml");
    assert_eq!(
        paragraphs(&xml),
        [
            "Project: Court Services Modernization",
            "Ministry: Ministry of the Attorney General ok.",
            "Period: October 2026 end"
        ]
    );
    // The value keeps the formatting of the run where its tag started.
    assert!(
        xml.contains(
            r#"<w:rPr><w:sz w:val="28"/></w:rPr><w:t xml:space="preserve">October 2026</w:t>"#
        ),
        "{xml}"
    );
    assert!(xml.contains(r#"<w:rPr><w:color w:val="C00000"/></w:rPr><w:t xml:space="preserve">Ministry: Ministry of the Attorney General</w:t>"#), "{xml}");
    // What stays in a run after the tag moved out keeps its leading space.
    assert!(
        xml.contains(r#"<w:t xml:space="preserve"> ok.</w:t>"#),
        "{xml}"
    );
    assert!(!xml.contains("proofErr"));
    assert!(xml.contains(r#"<w:bookmarkStart w:id="0" w:name="period"/>"#));
}

fn risk_table(loop_rows: &str) -> String {
    let w = [1200, 4000, 2000, 2160];
    let header1 = tr(&(tc(1200, r#"<w:vMerge w:val="restart"/>"#, &para("ID"))
        + &tc(6000, r#"<w:gridSpan w:val="2"/>"#, &para("Risk and owner"))
        + &tc(2160, r#"<w:vMerge w:val="restart"/>"#, &para("Rating"))));
    let header2 = tr(&(tc(1200, "<w:vMerge/>", &p(""))
        + &tc(4000, "", &para("Description"))
        + &tc(2000, "", &para("Owner"))
        + &tc(2160, "<w:vMerge/>", &p(""))));
    let rows = format!(
        "{}{}{}",
        marker_row("{%tr for r in top_risks %}", &w),
        loop_rows,
        marker_row("{%tr endfor %}", &w)
    );
    tbl(&w, &(header1 + &header2 + &rows))
}

fn risk_row() -> String {
    tr(&(tc(
        1200,
        r#"<w:shd w:val="clear" w:color="auto" w:fill="DEEAF6"/>"#,
        &p(&rf("<w:b/>", "{{ r.id }}")),
    ) + &tc(4000, "", &para("{{ r.description }}"))
        + &tc(2000, "", &para("{{ r.owner }}"))
        + &tc(2160, "", &para("{{ r.rating }}"))))
}

#[test]
fn row_loop_repeats_rows_with_their_formatting_under_merged_headers() {
    let xml = part(
        &fill_doc(&doc(risk_table(&risk_row())), &ctx(), &Images::new()),
        "word/document.xml",
    );
    let text = paragraphs(&xml);
    assert_eq!(
        text,
        [
            "ID",
            "Risk and owner",
            "Rating",
            "",
            "Description",
            "Owner",
            "",
            "R-01",
            "Vendor delivers late",
            "J. Smith",
            "Critical",
            "R-02",
            "Staff turnover",
            "",
            "High",
            "R-03",
            "Data migration errors",
            "L. Wong",
            "Medium",
        ]
    );
    // Two header rows and three risk rows; the marker rows are gone.
    assert_eq!(xml.matches("<w:tr ").count(), 5);
    assert_eq!(xml.matches(r#"w:fill="DEEAF6""#).count(), 3);
    assert_eq!(xml.matches(r#"<w:gridSpan w:val="2"/>"#).count(), 1);
    assert_eq!(xml.matches(r#"<w:vMerge w:val="restart"/>"#).count(), 2);
    assert!(!xml.contains("{%"));
}

#[test]
fn row_loop_over_no_items_leaves_only_the_header() {
    let mut c = ctx();
    c["top_risks"] = json!([]);
    let xml = part(
        &fill_doc(&doc(risk_table(&risk_row())), &c, &Images::new()),
        "word/document.xml",
    );
    assert_eq!(xml.matches("<w:tr ").count(), 2);
    assert!(!xml.contains("{{"));
}

#[test]
fn nested_paragraph_loops() {
    let body = [
        ps("Heading1", &r("Mitigations")),
        para("{%p for k in risks %}"),
        p(&rf("<w:b/>", "Risk {{ k.id }}")),
        para("{%p for m in k.mitigations %}"),
        ps("ListBullet", &r("{{ loop.index }}. {{ m }}")),
        para("{%p endfor %}"),
        para("{%p endfor %}"),
        para("End."),
    ]
    .concat();
    assert_eq!(
        body_text(&body),
        [
            "Mitigations",
            "Risk R-01",
            "1. Weekly vendor call",
            "2. Penalty clause",
            "Risk R-02",
            "1. Cross-training",
            "End."
        ]
    );
}

fn body_text(b: &str) -> Vec<String> {
    body(&doc(b.to_string()))
}

#[test]
fn conditions_drop_whole_paragraphs_and_rows_without_leaving_empty_ones() {
    let body = [
        para("Before."),
        para("{%p if status.risk.rag == \u{201c}Red\u{201d} %}"),
        para("Escalation: risk is {{ status.risk.rag }}."),
        para("{%p else %}"),
        para("No escalation."),
        para("{%p endif %}"),
        para("{%p if status.overall.rag == \"Green\" %}"),
        para("All green."),
        para("{%p endif %}"),
        para("After."),
    ]
    .concat();
    assert_eq!(
        body_text(&body),
        ["Before.", "Escalation: risk is Red.", "After."]
    );
    // Inside one paragraph, across runs with their own formatting.
    let inline = p(
        &(r("Risk is {{ status.risk.rag }}{% if status.risk.rag == 'Red' %}")
            + &rf("<w:b/>", ", escalate")
            + &r("{% endif %}.")),
    );
    assert_eq!(body_text(&inline), ["Risk is Red, escalate."]);
    assert_eq!(
        body_text(&inline.replace("'Red'", "'Green'")),
        ["Risk is Red."]
    );
    // From one paragraph to a sibling, as docxtpl allows: the first
    // paragraph's start joins the last one's end.
    let across = para("Start{% if status.overall.rag == 'Green' %} dropped")
        + &para("middle")
        + &para("tail{% endif %} end");
    assert_eq!(body_text(&across), ["Start end"]);
    // But not from one table cell into another.
    let cells = tbl(
        &[4680, 4680],
        &tr(&(tc(4680, "", &para("{% if true %}a")) + &tc(4680, "", &para("b{% endif %}")))),
    );
    let errs = errors(&doc(cells), &ctx());
    assert!(
        errs[0].2.contains("is not beside `{% if true %}`"),
        "{errs:#?}"
    );
    // A marker paragraph that ends a section leaves its section break.
    let section = r#"<w:p><w:pPr><w:sectPr><w:pgSz w:w="12240" w:h="15840" w:orient="portrait"/></w:sectPr></w:pPr><w:r><w:t>{%p endif %}</w:t></w:r></w:p>"#;
    let filled = fill_doc(
        &doc(para("{%p if false %}") + &para("Gone.") + section + &para("Landscape part")),
        &ctx(),
        &Images::new(),
    );
    let xml = part(&filled, "word/document.xml");
    assert!(
        xml.contains(r#"<w:p><w:pPr><w:sectPr><w:pgSz w:w="12240" w:h="15840" w:orient="portrait"/></w:sectPr></w:pPr></w:p>"#),
        "{xml}"
    );
    assert_eq!(paragraphs(&xml), ["", "Landscape part"]);
    let w = [4680, 4680];
    let rows = tr(&(tc(4680, "", &para("Area")) + &tc(4680, "", &para("Status"))))
        + &marker_row("{%tr if status.budget.rag != \"Green\" %}", &w)
        + &tr(&(tc(4680, "", &para("Budget")) + &tc(4680, "", &para("{{ status.budget.reason }}"))))
        + &marker_row("{%tr endif %}", &w)
        + &marker_row("{%tr if status.overall.rag == \"Green\" %}", &w)
        + &tr(&(tc(4680, "", &para("Overall")) + &tc(4680, "", &para("green"))))
        + &marker_row("{%tr endif %}", &w);
    let text = body_text(&tbl(&w, &rows));
    assert_eq!(text, ["Area", "Status", "Budget", "variance beyond 10%"]);
}

#[test]
fn tags_in_header_footer_and_title_are_filled() {
    let d = Docx {
        body: para("Body {{ project.name }}"),
        header: Some(p(
            &(rf("<w:b/>", "{{ project.mini") + &r("stry }} — Status"))
        )),
        footer: Some(para("{{ project.name }} · {{ generated }}")),
        title: "{{ project.name }} — Status Report".into(),
        footnote: None,
    };
    let parts = fill_doc(&d, &ctx(), &Images::new());
    assert_eq!(
        paragraphs(&part(&parts, "word/header1.xml")),
        ["Ministry of the Attorney General — Status"]
    );
    assert_eq!(
        paragraphs(&part(&parts, "word/footer1.xml")),
        ["Court Services Modernization · 2026-11-02"]
    );
    assert!(part(&parts, "docProps/core.xml")
        .contains("<dc:title>Court Services Modernization — Status Report</dc:title>"));
}

#[test]
fn tags_in_text_boxes_and_footnotes_are_filled_and_repeated_boxes_keep_unique_ids() {
    let boxed = text_box(
        &(p(&(rf("<w:b/>", "Risk {{ r.i") + &r("d }}: {{ r.rating }}")))
            + &para("{%p if r.owner %}")
            + &para("Owner: {{ r.owner }}")
            + &para("{%p endif %}")),
    );
    let d = Docx {
        body: para("{%p for r in top_risks %}")
            + &boxed
            + &para("{%p endfor %}")
            + &p(&(r("Budget note") + &footnote_ref())),
        footnote: Some(para("Variance to date: {{ budget.variance_ytd }}.")),
        ..doc(String::new())
    };
    let parts = fill_doc(&d, &ctx(), &Images::new());
    let xml = part(&parts, "word/document.xml");
    let text = paragraphs(&xml);
    // Each box is written twice (DrawingML and VML), once per risk.
    assert_eq!(
        text.iter().filter(|t| *t == "Risk R-01: Critical").count(),
        2
    );
    assert_eq!(text.iter().filter(|t| *t == "Owner: J. Smith").count(), 2);
    assert_eq!(
        text.iter().filter(|t| t.starts_with("Owner:")).count(),
        4,
        "R-02 has no owner: {text:?}"
    );
    assert!(!xml.contains("{{") && !xml.contains("{%"));
    let mut ids: Vec<&str> = xml
        .match_indices("<wp:docPr id=\"")
        .map(|(i, _)| &xml[i + 15..i + 19])
        .collect();
    assert_eq!(ids.len(), 3);
    ids.dedup();
    assert_eq!(ids.len(), 3, "drawing ids must stay unique: {ids:?}");
    assert!(paragraphs(&part(&parts, "word/footnotes.xml"))
        .contains(&"Variance to date: $12,500.00.".to_string()));
}

fn tiny_png() -> Vec<u8> {
    let mut out = Vec::new();
    let mut enc = png::Encoder::new(&mut out, 4, 2);
    enc.set_color(png::ColorType::Rgb);
    let mut w = enc.write_header().unwrap();
    w.write_image_data(&[200u8; 24]).unwrap();
    drop(w);
    out
}

fn chart_images() -> Images {
    Images::from([(
        "cumulative".to_string(),
        FillImage {
            png: tiny_png(),
            width: 4,
            height: 2,
            alt: "Cumulative planned against actual".into(),
        },
    )])
}

#[test]
fn chart_tag_adds_picture_relationship_and_content_type_sized_by_its_place() {
    let body = para("{{ chart(\"cumulative\") }}")
        + &tbl(
            &[3000, 6360],
            &tr(&(tc(3000, "", &para("{{ chart(\"cumulative\") }}"))
                + &tc(
                    6360,
                    "",
                    &para("{{ chart(\"cumulative\", width=\"5cm\", alt=\"Spend chart\") }}"),
                ))),
        );
    let d = Docx {
        body,
        header: Some(para("{{ chart(\"cumulative\", height=\"1in\") }}")),
        ..doc(String::new())
    };
    let parts = fill_doc(&d, &ctx(), &chart_images());
    let xml = part(&parts, "word/document.xml");
    // Page text width 12240 - 2 × 1440 twips = 9360 = 5943600 EMU, half as tall.
    assert!(
        xml.contains(r#"<wp:extent cx="5943600" cy="2971800"/>"#),
        "{xml}"
    );
    assert!(
        xml.contains(r#"<wp:extent cx="1800000" cy="900000"/>"#),
        "{xml}"
    );
    // In a cell 3000 twips wide, less 216 of cell margins.
    assert!(
        xml.contains(r#"<wp:extent cx="1767840" cy="883920"/>"#),
        "{xml}"
    );
    assert!(xml.contains(r#"descr="Cumulative planned against actual""#));
    assert!(xml.contains(r#"descr="Spend chart""#));
    assert_eq!(parts["word/media/pmo-cumulative.png"], tiny_png());
    let rels = part(&parts, "word/_rels/document.xml.rels");
    assert!(rels.contains(r#"Id="rIdPmo1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/pmo-cumulative.png""#), "{rels}");
    assert!(xml.contains(r#"r:embed="rIdPmo1""#));
    // The header had no relationships: it gets its own.
    assert!(part(&parts, "word/_rels/header1.xml.rels").contains("media/pmo-cumulative.png"));
    assert!(part(&parts, "word/header1.xml").contains(r#"<wp:extent cx="1828800" cy="914400"/>"#));
    assert!(part(&parts, "[Content_Types].xml")
        .contains(r#"<Default Extension="png" ContentType="image/png"/>"#));
    // Each drawing has its own id.
    let ids: Vec<&str> = xml
        .match_indices("<wp:docPr id=\"")
        .map(|(i, _)| &xml[i + 15..i + 19])
        .collect();
    assert_eq!(ids.len(), 3);
    assert!(ids[0] != ids[1] && ids[1] != ids[2] && ids[0] != ids[2]);
}

#[test]
fn chart_without_a_budget_says_so_in_place_and_an_unknown_chart_is_an_error() {
    let text = body_text(&para("Spend: {{ chart(\"cumulative\") }}"));
    assert_eq!(
        text,
        ["Spend: [chart \"cumulative\" not drawn: no budget with actuals was read]"]
    );
    let errs = errors(&doc(para("{{ chart(\"burndown\") }}")), &ctx());
    assert!(
        errs[0]
            .2
            .contains("there is no chart `burndown`; the charts are: cumulative"),
        "{errs:#?}"
    );
}

#[test]
fn a_new_chart_takes_a_drawing_id_no_kept_part_uses() {
    let header = text_box(&para("Ministry logo box")).replace(r#"id="217""#, r#"id="1000""#);
    let d = Docx {
        header: Some(header),
        ..doc(para("{{ chart(\"cumulative\") }}"))
    };
    let template = word::build(&d);
    let parts = unzip(&fill(&template, &ctx(), &chart_images()).unwrap());
    assert_eq!(
        parts["word/header1.xml"],
        unzip(&template)["word/header1.xml"]
    );
    let xml = part(&parts, "word/document.xml");
    assert!(xml.contains(r#"<wp:docPr id="1001""#), "{xml}");
}

#[test]
fn rag_tag_sets_the_cell_shading_and_word() {
    let w = [4680, 4680];
    let rows = tr(&(tc(4680, "", &para("Budget"))
        + &tc(
            4680,
            r#"<w:vAlign w:val="center"/>"#,
            &p(&rf("<w:b/>", "{{ rag(status.budget) }}")),
        )))
        + &tr(&(tc(4680, "", &para("Overall"))
            + &tc(4680, "", &para("{{ rag(status.overall.rag) }}"))));
    let xml = part(
        &fill_doc(&doc(tbl(&w, &rows)), &ctx(), &Images::new()),
        "word/document.xml",
    );
    assert_eq!(paragraphs(&xml), ["Budget", "Red", "Overall", "Amber"]);
    assert!(xml.contains(r#"<w:tcW w:w="4680" w:type="dxa"/><w:shd w:val="clear" w:color="auto" w:fill="FF0000"/><w:vAlign w:val="center"/>"#), "{xml}");
    assert!(xml.contains(r#"w:fill="FFC000""#));
    assert!(!xml.contains("pmo-rag"));
}

#[test]
fn parts_without_tags_are_copied_byte_for_byte() {
    let d = Docx {
        body: para("{{ project.name }}"),
        header: Some(para("Ministry header, no tags")),
        footer: Some(para("Page footer")),
        title: "A fixed title".into(),
        footnote: None,
    };
    let template = word::build(&d);
    let before = unzip(&template);
    let after = unzip(&fill(&template, &ctx(), &Images::new()).unwrap());
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>()
    );
    for (name, bytes) in &before {
        if name == "word/document.xml" {
            assert_ne!(&after[name], bytes);
        } else {
            assert_eq!(&after[name], bytes, "{name} changed");
        }
    }
}

#[test]
fn a_word_template_file_dotx_gives_a_document() {
    let docx = word::parts(&doc(para("{{ project.name }}")));
    let template_type =
        "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml";
    let dotx = {
        let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for (name, text) in docx {
            w.start_file(name, zip::write::SimpleFileOptions::default())
                .unwrap();
            let text = text.replace(
                "wordprocessingml.document.main+xml",
                "wordprocessingml.template.main+xml",
            );
            std::io::Write::write_all(&mut w, text.as_bytes()).unwrap();
        }
        w.finish().unwrap().into_inner()
    };
    assert!(part(&unzip(&dotx), "[Content_Types].xml").contains(template_type));
    let parts = unzip(&fill(&dotx, &ctx(), &Images::new()).unwrap());
    let ct = part(&parts, "[Content_Types].xml");
    assert!(ct.contains(r#"<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>"#), "{ct}");
    assert!(!ct.contains(template_type));
}

#[test]
fn hostile_cell_text_comes_out_literally() {
    let hostile = "<w:p>&amp; {{ project.name }} {% if x %} ]]> \u{1}\" 'q' {#";
    let mut c = ctx();
    c["project"]["name"] = json!(hostile);
    c["top_risks"][0]["description"] =
        json!("line one\nline two </w:t></w:r></w:p><w:p><w:r><w:fldSimple w:instr=\"DATE\"/>");
    let d = Docx {
        title: "{{ project.name }}".into(),
        ..doc(para("Name: {{ project.name }}") + &risk_table(&risk_row()))
    };
    let parts = fill_doc(&d, &c, &Images::new());
    let core = part(&parts, "docProps/core.xml");
    assert!(
        core.contains("<dc:title>&lt;w:p&gt;&amp;amp; {{ project.name }} {% if x %} ]]&gt; &quot; &apos;q&apos; {#</dc:title>"),
        "{core}"
    );
    let xml = part(&parts, "word/document.xml");
    let text = paragraphs(&xml);
    assert_eq!(text[0], format!("Name: {}", hostile.replace('\u{1}', "")));
    assert!(text.contains(
        &"line one\nline two </w:t></w:r></w:p><w:p><w:r><w:fldSimple w:instr=\"DATE\"/>"
            .to_string()
    ));
    assert!(!xml.contains("<w:fldSimple"));
    assert_eq!(
        xml.matches("<w:p>").count() + xml.matches("<w:p ").count(),
        text.len() - xml.matches("<w:p/>").count()
    );
}

#[test]
fn every_template_error_is_reported_at_once_with_its_part_and_paragraph() {
    let w = [4680, 4680];
    let first = tbl(
        &w,
        &(marker_row("{%tr for r in top_risks %}", &w)
            + &tr(&(tc(4680, "", &para("{{ r.id }}")) + &tc(4680, "", &para("{{ r.ownr }}"))))),
    );
    let second = tbl(&w, &marker_row("{%tr endfor %}", &w));
    let field = p(&format!(
        r#"<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> MERGEFIELD {{{{ project.name }}}} </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>{}<w:r><w:fldChar w:fldCharType="end"/></w:r>"#,
        r("x")
    ));
    let d = Docx {
        body: para("Project: {{ project.nme }}") + &first + &second + &field,
        header: Some(para("{%p if status.risk.rag == \"Red\" %}") + &para("Escalated")),
        footer: Some(para("{{ budget.variance | money }}")),
        ..doc(String::new())
    };
    let errs = errors(&d, &ctx());
    let find = |part: &str, needle: &str| {
        errs.iter()
            .find(|(p, _, m)| p == part && m.contains(needle))
            .unwrap_or_else(|| panic!("no error in {part} with `{needle}`: {errs:#?}"))
            .clone()
    };
    let (_, para_text, _) = find("word/document.xml", "different table");
    assert_eq!(para_text, "{%tr endfor %}");
    find("word/document.xml", "field code");
    // Misspelt fields are named even though the part cannot be rendered.
    find("word/document.xml", "did you mean `project.name`");
    find("word/document.xml", "did you mean `r.owner`");
    find("word/header1.xml", "never closed");
    // A syntax error is found beside the structure errors, in its own tag.
    let d = Docx {
        body: d.body.clone()
            + &para("{{ project.name | }}")
            + &para("{% if %}x{% endif %}")
            + &para("{{r project.name }}"),
        ..d
    };
    let errs = errors(&d, &ctx());
    assert_eq!(
        errs.iter().filter(|e| e.2.contains("syntax error")).count(),
        2,
        "{errs:#?}"
    );
    assert!(errs
        .iter()
        .any(|e| e.2.contains("docxtpl's rich-text tags are not read")));
    // Unknown fields are found once the structure is sound.
    let d = Docx {
        body: para("Project: {{ project.nme }}")
            + &tbl(
                &w,
                &(marker_row("{%tr for r in top_risks %}", &w)
                    + &tr(
                        &(tc(4680, "", &para("{{ r.id }}")) + &tc(4680, "", &para("{{ r.ownr }}")))
                    )
                    + &marker_row("{%tr endfor %}", &w)),
            ),
        header: Some(para("{{ status.risk.rag }}")),
        footer: Some(para("{{ budget.variance | money }}")),
        ..doc(String::new())
    };
    let errs = errors(&d, &ctx());
    assert_eq!(errs.len(), 3, "{errs:#?}");
    let (_, para_text, msg) = &errs[0];
    assert_eq!(
        (para_text.as_str(), errs[0].0.as_str()),
        ("Project: {{ project.nme }}", "word/document.xml")
    );
    assert!(msg.contains("did you mean `project.name`"), "{msg}");
    assert!(errs[1].2.contains("did you mean `r.owner`"), "{errs:#?}");
    assert_eq!(errs[2].0, "word/footer1.xml");
    assert!(
        errs[2].2.contains("did you mean `budget.variance_ytd`"),
        "{errs:#?}"
    );
}

#[test]
fn a_marker_must_be_alone_and_a_loop_must_close() {
    let d = doc(para("Risks: {%p for r in top_risks %}")
        + &para("{%p for r in top_risks %}")
        + &para("{{ r.id }}")
        + &p(&(r("Total: {{ budget.") + &rf("<w:b/>", "planned_ytd"))));
    let errs = errors(&d, &ctx());
    assert!(
        errs.iter().any(|e| e.1 == "Total: {{ budget.planned_ytd"
            && e.2
                .contains("a tag is never closed: `{{ budget.planned_ytd`")),
        "{errs:#?}"
    );
    assert!(
        errs.iter()
            .any(|e| e.2.contains("must be alone in its paragraph")),
        "{errs:#?}"
    );
    assert!(
        errs.iter()
            .any(|e| e.2.contains("never closed") && e.2.contains("{%p endfor %}")),
        "{errs:#?}"
    );
    assert!(errs.iter().all(|e| e.0 == "word/document.xml"));
}

#[test]
fn filled_output_converts_to_pdf_with_libreoffice_when_present() {
    let Ok(status) = std::process::Command::new("soffice")
        .arg("--version")
        .output()
    else {
        eprintln!("soffice not found: skipping the PDF conversion check");
        return;
    };
    assert!(status.status.success());
    let d = Docx {
        body: para("{{ project.name }}")
            + &risk_table(&risk_row())
            + &para("{{ chart(\"cumulative\") }}"),
        header: Some(para("{{ project.ministry }}")),
        footer: Some(para("{{ generated }}")),
        title: "{{ project.name }}".into(),
        footnote: None,
    };
    let out = fill(&word::build(&d), &ctx(), &chart_images()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("filled.docx");
    std::fs::write(&path, out).unwrap();
    // A profile of its own, so that another LibreOffice running does not
    // take the conversion over.
    let profile = format!(
        "-env:UserInstallation=file://{}/profile",
        dir.path().display()
    );
    let run = std::process::Command::new("soffice")
        .arg(profile)
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir.path())
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let pdf = std::fs::read(dir.path().join("filled.pdf")).expect("a PDF");
    assert!(pdf.starts_with(b"%PDF"));
}

#[test]
fn committed_sample_templates_are_what_make_templates_writes() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/templates");
    for (name, d) in samples::all() {
        let committed = std::fs::read(dir.join(name)).unwrap();
        assert!(
            committed == word::build(&d),
            "{name} is stale: run `cargo run --example make_templates`"
        );
    }
}

/// The context `pmo status` builds from the sample project workbook, by
/// the same library pipeline the commands use.
fn sample_context() -> pmo::render::context::Context {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let defs = pmo::definition::Definitions::built_in().unwrap();
    let generated = chrono::NaiveDate::from_ymd_opt(2026, 11, 2).unwrap();
    let plan = pmo::month::Plan::new(vec![root.join("samples/project.xlsx")], defs, generated);
    pmo::month::Month::read(&plan).unwrap().context(generated)
}

#[test]
fn sample_ministry_templates_fill_from_the_sample_project() {
    let ctx = sample_context();
    let name = ctx.project["name"].clone();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/templates");
    let mut filled = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "docx") {
            continue;
        }
        let out = fill_context(&std::fs::read(&path).unwrap(), &ctx)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let parts = unzip(&out);
        assert_all_xml_parses(&parts);
        let xml = part(&parts, "word/document.xml");
        let text = paragraphs(&xml).join("\n");
        assert!(text.contains(&name), "{}: no project name", path.display());
        assert!(
            !text.contains("{{") && !text.contains("{%"),
            "{}: a tag is left:\n{text}",
            path.display()
        );
        if path
            .file_name()
            .is_some_and(|n| n == "status-ministry.docx")
        {
            assert!(
                parts.contains_key("word/media/pmo-cumulative.png"),
                "the status template shows the chart"
            );
            assert!(xml.contains("descr=\"Chart: cumulative planned spending"));
        }
        for r in &ctx.top_risks {
            assert!(
                text.contains(&r["description"]),
                "{}: risk {} missing",
                path.display(),
                r["id"]
            );
        }
        filled += 1;
    }
    assert_eq!(filled, 2, "both sample templates are filled");
}

/// The body text of a .docx written by the binary.
fn docx_text(path: &std::path::Path) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml)
        .unwrap();
    regex::Regex::new("<[^>]+>")
        .unwrap()
        .replace_all(&xml, "")
        .into_owned()
}

/// Runs the real binary from the repository root.
fn pmo_bin(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_pmo"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap()
}

#[test]
fn the_commands_fill_a_word_template_and_report_every_error_without_writing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("filled.docx");
    let o = out.to_str().unwrap();
    let tpl = "samples/templates/status-ministry.docx";
    let run = pmo_bin(&["fill", tpl, "samples/", "-o", o]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let text = docx_text(&out);
    assert!(text.contains("Licence Renewal Modernization"), "{text}");
    assert!(text.contains("$1,189,859.10"));

    // `--template FILE.docx` on a document command, and on report.
    let status = dir.path().join("status.docx");
    let run = pmo_bin(&[
        "status",
        "samples/",
        "--template",
        tpl,
        "-o",
        status.to_str().unwrap(),
    ]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert_eq!(docx_text(&status), text, "the same fill either way");
    let report = dir.path().join("out");
    let run = pmo_bin(&[
        "report",
        "samples/",
        "--template",
        tpl,
        "-o",
        report.to_str().unwrap(),
    ]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(docx_text(&report.join("status-report.docx")).contains("Status at a glance"));

    // A template with two mistakes: both reported, exit 2, nothing written.
    let bad = dir.path().join("bad.docx");
    let body = para("{{ project.nmae }}") + &para("{%p for r in risks %}") + &para("x");
    std::fs::write(&bad, word::build(&doc(body))).unwrap();
    let broken = dir.path().join("broken.docx");
    let run = pmo_bin(&[
        "fill",
        bad.to_str().unwrap(),
        "samples/",
        "-o",
        broken.to_str().unwrap(),
    ]);
    assert_eq!(run.status.code(), Some(2));
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(
        err.contains("project.nmae") && err.contains("name"),
        "{err}"
    );
    assert!(err.contains("2 problems in the template"), "{err}");
    assert!(!broken.exists());
}
