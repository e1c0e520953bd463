//! `bientap entities`: what the recogniser found, for people and machines.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use serde_json::json;

use super::OutputFormat;
use super::report::json_range;
use crate::analysis::{Analysis, AnalyzeOptions, analyze};
use crate::entity::{EntityKind, Value};
use crate::text::position::LineIndex;

/// People with the canonical posts linked to them: (name, [(title text, canonical)]).
pub fn people_with_titles(a: &Analysis) -> Vec<(String, Vec<(String, String)>)> {
    let es = &a.recognition.entities;
    let mut out: Vec<(String, Vec<(String, String)>)> = Vec::new();
    for e in es.iter().filter(|e| e.kind == EntityKind::Person) {
        let name = match &e.value {
            Value::Person { name } => name.clone(),
            _ => e.text.clone(),
        };
        let titles: Vec<(String, String)> = e
            .links
            .iter()
            .filter_map(|&t| es.get(t))
            .map(|t| {
                let canonical = t.post().map_or_else(
                    || t.text.clone(),
                    |p| {
                        let c = p.canonical();
                        if p.former { format!("nguyên {c}") } else { c }
                    },
                );
                (t.text.clone(), canonical)
            })
            .collect();
        match out.iter_mut().find(|(n, _)| *n == name) {
            Some((_, ts)) => {
                for t in titles {
                    if !ts.iter().any(|x| x.1 == t.1) {
                        ts.push(t);
                    }
                }
            }
            None => out.push((name, titles)),
        }
    }
    out
}

pub fn run(paths: &[PathBuf], format: OutputFormat) -> ExitCode {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut failed = false;
    let mut files_json = Vec::new();
    for (path, text) in super::load(paths) {
        let text = match text {
            Ok(t) => t,
            Err(e) => {
                failed = true;
                if format == OutputFormat::Human {
                    let _ = writeln!(out, "{}: lỗi: {e}", path.display());
                } else {
                    files_json.push(json!({ "path": path.display().to_string(), "error": e }));
                }
                continue;
            }
        };
        let a = analyze(&text, &AnalyzeOptions::for_path(&path));
        let index = LineIndex::new(&text);
        match format {
            OutputFormat::Human => {
                let _ = writeln!(out, "== {}", path.display());
                let md = &a.recognition.metadata;
                if let Some(h) = md.headline {
                    let _ = writeln!(out, "  tiêu đề: {}", &text[h.range()]);
                }
                if let Some(d) = md.date {
                    let _ = writeln!(
                        out,
                        "  ngày đăng: {} ({:?})",
                        d.iso(),
                        md.date_source
                            .unwrap_or(crate::entity::YearSource::Explicit)
                    );
                }
                if let Some(s) = &md.source_name {
                    let _ = writeln!(out, "  nguồn: {s}");
                }
                if let Some(b) = &md.byline {
                    let _ = writeln!(out, "  tác giả: {b}");
                }
                let _ = writeln!(out, "  người và chức danh:");
                for (name, titles) in people_with_titles(&a) {
                    let list: Vec<String> = titles.iter().map(|(_, c)| c.clone()).collect();
                    let _ = writeln!(
                        out,
                        "    {name}: {}",
                        if list.is_empty() {
                            "—".to_string()
                        } else {
                            list.join("; ")
                        }
                    );
                }
                let _ = writeln!(out, "  thực thể:");
                for e in &a.recognition.entities {
                    let p = index.position(&text, e.span.start);
                    let shown: String = e.text.chars().take(60).collect();
                    let _ = writeln!(
                        out,
                        "    {}:{} {:<12} {}{}",
                        p.line + 1,
                        p.char_col + 1,
                        e.kind.name(),
                        shown,
                        describe(&e.value)
                    );
                }
            }
            _ => {
                let entities: Vec<_> = a
                    .recognition
                    .entities
                    .iter()
                    .map(|e| {
                        json!({
                            "kind": e.kind.name(),
                            "text": e.text,
                            "range": json_range(&index, &text, e.span),
                            "origin": e.origin,
                            "confidence": e.confidence,
                            "value": e.value,
                            "links": e.links,
                        })
                    })
                    .collect();
                let people: Vec<_> = people_with_titles(&a)
                    .into_iter()
                    .map(|(name, titles)| json!({
                        "name": name,
                        "titles": titles.into_iter().map(|(text, canonical)| json!({"text": text, "canonical": canonical})).collect::<Vec<_>>(),
                    }))
                    .collect();
                files_json.push(json!({
                    "path": path.display().to_string(),
                    "metadata": a.recognition.metadata,
                    "people": people,
                    "entities": entities,
                }));
            }
        }
    }
    if format != OutputFormat::Human {
        let doc = json!({ "schema": "bientap-entities/1", "files": files_json });
        let _ = serde_json::to_writer_pretty(&mut out, &doc);
        let _ = writeln!(out);
    }
    if failed {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    }
}

fn describe(v: &Value) -> String {
    match v {
        Value::Post(p) => format!(
            "  → {}{}",
            if p.former { "nguyên " } else { "" },
            p.canonical()
        ),
        Value::Place(p) => format!("  → {}", p.hierarchy.join(", ")),
        Value::Date(d) => format!("  → {}", crate::recognize::dates::describe(d)),
        Value::Document(d) => format!("  → {} {}", d.kind, d.number),
        Value::Abbreviation { expansion, .. } => format!("  → {expansion}"),
        Value::Ordinal { value, .. } => format!("  → {value}"),
        Value::Organization { name } => format!("  → {name}"),
        _ => String::new(),
    }
}
