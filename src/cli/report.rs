//! Output formats of `bientap check`: human, JSON and SARIF 2.1.0.
//! The JSON schema is documented in docs/cli.md; change both together.

use std::io::Write;

use serde::Serialize;
use serde_json::json;

use crate::finding::{Finding, Language, Severity};
use crate::rules::RULES;
use crate::span::Span;
use crate::text::position::LineIndex;

/// One checked file: its findings, or why it could not be read.
pub struct FileReport {
    pub path: String,
    pub text: String,
    pub findings: Vec<Finding>,
    pub error: Option<String>,
}

/// A position for machines: 1-based line, 1-based columns in UTF-8 bytes
/// and in characters (Unicode scalar values).
#[derive(Serialize)]
pub struct JsonPosition {
    pub line: usize,
    pub column: usize,
    pub character: usize,
}

#[derive(Serialize)]
pub struct JsonRange {
    pub start: JsonPosition,
    pub end: JsonPosition,
    pub byte_start: usize,
    pub byte_end: usize,
}

pub fn json_range(index: &LineIndex, text: &str, span: Span) -> JsonRange {
    let pos = |b: usize| {
        let p = index.position(text, b);
        JsonPosition {
            line: p.line + 1,
            column: p.byte_col + 1,
            character: p.char_col + 1,
        }
    };
    JsonRange {
        start: pos(span.start),
        end: pos(span.end),
        byte_start: span.start,
        byte_end: span.end,
    }
}

pub fn write_json(out: &mut dyn Write, reports: &[FileReport]) -> std::io::Result<()> {
    let mut files = Vec::new();
    let (mut total, mut by_severity) = (0usize, std::collections::BTreeMap::<&str, usize>::new());
    for r in reports {
        let index = LineIndex::new(&r.text);
        let findings: Vec<_> = r
            .findings
            .iter()
            .map(|f| {
                total += 1;
                *by_severity.entry(f.severity.name()).or_default() += 1;
                json!({
                    "rule": f.rule,
                    "severity": f.severity.name(),
                    "message": f.message,
                    "range": json_range(&index, &r.text, f.span),
                    "fixes": f.fixes.iter().map(|fix| json!({
                        "title": fix.title,
                        "safe": fix.safe,
                        "edits": fix.edits.iter().map(|e| json!({
                            "range": json_range(&index, &r.text, e.span),
                            "replacement": e.replacement,
                        })).collect::<Vec<_>>(),
                    })).collect::<Vec<_>>(),
                    "related": f.related.iter().map(|rel| json!({
                        "range": json_range(&index, &r.text, rel.span),
                        "message": rel.message,
                    })).collect::<Vec<_>>(),
                })
            })
            .collect();
        files.push(json!({ "path": r.path, "error": r.error, "findings": findings }));
    }
    let doc = json!({
        "schema": "bientap-check/1",
        "tool": { "name": "bientap", "version": env!("CARGO_PKG_VERSION") },
        "files": files,
        "summary": { "files": reports.len(), "findings": total, "by_severity": by_severity },
    });
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}

fn sarif_level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Hint => "note",
    }
}

/// SARIF; rule descriptions in `language` (the findings come localized).
pub fn write_sarif(
    out: &mut dyn Write,
    reports: &[FileReport],
    language: Language,
) -> std::io::Result<()> {
    let mut results = Vec::new();
    let mut notifications = Vec::new();
    for r in reports {
        if let Some(err) = &r.error {
            notifications.push(json!({
                "level": "error",
                "message": { "text": format!("{}: {}", r.path, err) },
                "locations": [{ "physicalLocation": { "artifactLocation": { "uri": r.path } } }],
            }));
            continue;
        }
        let index = LineIndex::new(&r.text);
        for f in &r.findings {
            let range = json_range(&index, &r.text, f.span);
            results.push(json!({
                "ruleId": f.rule,
                "level": sarif_level(f.severity),
                "message": { "text": f.message },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": r.path },
                        "region": {
                            "startLine": range.start.line,
                            "startColumn": range.start.character,
                            "endLine": range.end.line,
                            "endColumn": range.end.character,
                            "byteOffset": range.byte_start,
                            "byteLength": range.byte_end - range.byte_start,
                        }
                    }
                }],
            }));
        }
    }
    let rules: Vec<_> = RULES
        .iter()
        .map(|r| {
            json!({
                "id": r.code,
                "shortDescription": { "text": r.summary_in(language) },
                "defaultConfiguration": { "level": sarif_level(r.default_severity) },
            })
        })
        .collect();
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "bientap",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://example.invalid/bientap",
                "rules": rules,
            }},
            // Columns count Unicode code points, not UTF-16 units.
            "columnKind": "unicodeCodePoints",
            "results": results,
            "invocations": [{ "executionSuccessful": notifications.is_empty(), "toolExecutionNotifications": notifications }],
        }],
    });
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}

/// Colours and the language of the human format's own words.
pub struct Style {
    pub color: bool,
    pub language: Language,
}

impl Style {
    fn paint(&self, code: &str, s: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
}

fn severity_color(s: Severity) -> &'static str {
    match s {
        Severity::Error => "1;31",
        Severity::Warning => "1;33",
        Severity::Info => "1;36",
        Severity::Hint => "1;34",
    }
}

/// rustc/ruff style: `path:line:col: severity[rule] message`, then the
/// source line with the span underlined.
pub fn write_human(
    out: &mut dyn Write,
    reports: &[FileReport],
    style: &Style,
) -> std::io::Result<()> {
    let mut total = 0;
    for r in reports {
        if let Some(err) = &r.error {
            let label = match style.language {
                Language::Vi => "lỗi:",
                Language::En => "error:",
            };
            writeln!(out, "{}: {} {}", r.path, style.paint("1;31", label), err)?;
            continue;
        }
        let index = LineIndex::new(&r.text);
        for f in &r.findings {
            total += 1;
            let start = index.position(&r.text, f.span.start);
            let line_text = index.line_text(&r.text, start.line);
            writeln!(
                out,
                "{}:{}:{}: {} {}",
                r.path,
                start.line + 1,
                start.char_col + 1,
                style.paint(
                    severity_color(f.severity),
                    &format!("{}[{}]", f.severity.name(), f.rule)
                ),
                f.message
            )?;
            let gutter = format!("{}", start.line + 1);
            let pad = " ".repeat(gutter.len());
            // Underline within the first line of the span, by characters.
            let line_start = index.line_start(start.line);
            let line_end = line_start + line_text.len();
            let span_end = f.span.end.clamp(f.span.start, line_end);
            let width = r.text[f.span.start.min(line_end)..span_end]
                .chars()
                .count()
                .max(1);
            let shown: String = line_text.chars().take(200).collect();
            writeln!(out, "{pad} {}", style.paint("1;34", "|"))?;
            writeln!(
                out,
                "{} {} {}",
                style.paint("1;34", &gutter),
                style.paint("1;34", "|"),
                shown
            )?;
            if start.char_col < 200 {
                writeln!(
                    out,
                    "{pad} {} {}{}",
                    style.paint("1;34", "|"),
                    " ".repeat(start.char_col),
                    style.paint(
                        severity_color(f.severity),
                        &"^".repeat(width.min(200 - start.char_col))
                    )
                )?;
            }
            for fix in &f.fixes {
                let (label, review) = match style.language {
                    Language::Vi => ("sửa", " (cần xem lại)"),
                    Language::En => ("fix", " (needs review)"),
                };
                writeln!(
                    out,
                    "{pad} = {label}{}: {}",
                    if fix.safe { "" } else { review },
                    fix.title
                )?;
            }
            writeln!(out)?;
        }
    }
    let errors = reports.iter().filter(|r| r.error.is_some()).count();
    if style.language == Language::En {
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        return writeln!(
            out,
            "{} in {}{}.",
            plural(total, "finding"),
            plural(reports.len(), "file"),
            if errors > 0 {
                format!(", {} unreadable", plural(errors, "file"))
            } else {
                String::new()
            }
        );
    }
    writeln!(
        out,
        "{} phát hiện trong {} tệp{}.",
        total,
        reports.len(),
        if errors > 0 {
            format!(", {errors} tệp không đọc được")
        } else {
            String::new()
        }
    )
}
