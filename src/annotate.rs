//! Turning a raw article into an annotated `.article`: front matter
//! inferred from the metadata, every recognised entity wrapped in a
//! bracketed span. Stripping the annotations gives back the body exactly.

use crate::analysis::{AnalyzeOptions, analyze};
use crate::entity::{DateValue, EntityKind, Origin, Value};
use crate::syntax::SourceFormat;

/// YAML double-quoted string.
fn yaml_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

/// Annotates `raw` (read as plain text). Returns the whole `.article` text.
pub fn annotate(raw: &str) -> String {
    let analysis = analyze(raw, &AnalyzeOptions::with_format(SourceFormat::PlainText));
    let md = &analysis.recognition.metadata;
    let mut out = String::with_capacity(raw.len() * 5 / 4 + 256);
    out.push_str("---\n");
    if let Some(h) = md.headline {
        out.push_str(&format!("title: {}\n", yaml_string(raw[h.range()].trim())));
    }
    if let Some(d) = md.date {
        out.push_str(&format!("date: {}\n", d.iso()));
    }
    if let Some(s) = &md.source_name {
        out.push_str(&format!("source: {}\n", yaml_string(s)));
    }
    if let Some(b) = &md.byline {
        out.push_str(&format!("authors: [{}]\n", yaml_string(b)));
    }
    out.push_str("---\n");
    let mut cursor = 0;
    for e in &analysis.recognition.entities {
        if e.kind == EntityKind::Debris || e.origin == Origin::Annotation {
            continue;
        }
        let text = &raw[e.span.range()];
        // Brackets, braces or line breaks inside would not survive as a span.
        if e.span.start < cursor
            || text.contains(['[', ']', '{', '}', '\n', '\r'])
            || text.ends_with('\\')
        {
            continue;
        }
        out.push_str(&raw[cursor..e.span.start]);
        out.push('[');
        out.push_str(text);
        out.push_str("]{.");
        out.push_str(e.kind.class_name());
        for (k, v) in attributes(&e.value) {
            out.push(' ');
            out.push_str(&k);
            out.push('=');
            if v.contains([' ', '"', '}']) {
                out.push('"');
                out.push_str(&v.replace('"', "'"));
                out.push('"');
            } else {
                out.push_str(&v);
            }
        }
        out.push('}');
        cursor = e.span.end;
    }
    out.push_str(&raw[cursor..]);
    out
}

fn attributes(value: &Value) -> Vec<(String, String)> {
    match value {
        Value::Date(DateValue::Day {
            year: Some(y),
            month,
            day,
            valid: true,
            ..
        }) => {
            vec![("value".into(), format!("{y:04}-{month:02}-{day:02}"))]
        }
        Value::Date(DateValue::Year { year }) => vec![("value".into(), year.to_string())],
        Value::Date(DateValue::Period { from, to, .. }) => {
            vec![("value".into(), format!("{from}/{to}"))]
        }
        Value::Ordinal { value, .. } => vec![("value".into(), value.to_string())],
        Value::Post(p) if p.former => vec![("former".into(), "true".into())],
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::{self, SourceFormat};

    #[test]
    fn strip_gives_back_the_body_exactly() {
        let raw = "Tiêu đề [có ngoặc]\r\n\r\nChiều 13/2, Bí thư Quận ủy Hoàng Mai Nguyễn Xuân Linh phát biểu.\nHa\u{300} Nội 😀 năm 2025\n";
        let annotated = annotate(raw);
        let article = syntax::parse(&annotated, SourceFormat::Article);
        assert!(article.errors.is_empty(), "{:?}", article.errors);
        assert_eq!(article.plain.text, raw);
        assert!(
            annotated.contains("[Nguyễn Xuân Linh]{.person}"),
            "{annotated}"
        );
        assert!(
            annotated.contains("[Bí thư Quận ủy Hoàng Mai]{.title}"),
            "{annotated}"
        );
        assert!(
            !annotated.contains("date:"),
            "no date without a dateline: {annotated}"
        );
    }
}
