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
/// and in characters (Unicode scalar values). Fields in the order of the
/// keys in the output (sorted, as the report has always written them).
#[derive(Serialize)]
pub struct JsonPosition {
    pub character: usize,
    pub column: usize,
    pub line: usize,
}

#[derive(Serialize)]
pub struct JsonRange {
    pub byte_end: usize,
    pub byte_start: usize,
    pub end: JsonPosition,
    pub start: JsonPosition,
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

// The `bientap check --format json` document, typed and written as it is
// serialised: one finding at a time, never a whole tree of
// `serde_json::Value`s (a 10 MB article with 1.4 million findings took
// 20 GiB that way). Fields are in the order of the keys in the output.

#[derive(Serialize)]
struct JsonCheck<'a> {
    files: Vec<JsonFile<'a>>,
    schema: &'static str,
    summary: JsonSummary,
    tool: JsonTool,
}

#[derive(Serialize)]
struct JsonTool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct JsonSummary {
    by_severity: std::collections::BTreeMap<&'static str, usize>,
    files: usize,
    findings: usize,
}

#[derive(Serialize)]
struct JsonFile<'a> {
    error: &'a Option<String>,
    findings: JsonFindings<'a>,
    path: &'a str,
}

/// A file's findings, converted as they are written (its line index made
/// then too, so only one file's exists at a time).
struct JsonFindings<'a>(&'a FileReport);

impl Serialize for JsonFindings<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let text = &self.0.text;
        let index = LineIndex::new(text);
        let range = |span| json_range(&index, text, span);
        serializer.collect_seq(self.0.findings.iter().map(|f| {
            JsonFinding {
                fixes: f
                    .fixes
                    .iter()
                    .map(|fix| JsonFix {
                        edits: fix
                            .edits
                            .iter()
                            .map(|e| JsonEdit {
                                range: range(e.span),
                                replacement: &e.replacement,
                            })
                            .collect(),
                        safe: fix.safe,
                        title: &fix.title,
                    })
                    .collect(),
                message: &f.message,
                range: range(f.span),
                related: f
                    .related
                    .iter()
                    .map(|rel| JsonRelated {
                        message: &rel.message,
                        range: range(rel.span),
                    })
                    .collect(),
                rule: f.rule,
                severity: f.severity.name(),
            }
        }))
    }
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    fixes: Vec<JsonFix<'a>>,
    message: &'a str,
    range: JsonRange,
    related: Vec<JsonRelated<'a>>,
    rule: &'static str,
    severity: &'static str,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    edits: Vec<JsonEdit<'a>>,
    safe: bool,
    title: &'a str,
}

#[derive(Serialize)]
struct JsonEdit<'a> {
    range: JsonRange,
    replacement: &'a str,
}

#[derive(Serialize)]
struct JsonRelated<'a> {
    message: &'a str,
    range: JsonRange,
}

pub fn write_json(out: &mut dyn Write, reports: &[FileReport]) -> std::io::Result<()> {
    let mut by_severity = std::collections::BTreeMap::new();
    for f in reports.iter().flat_map(|r| &r.findings) {
        *by_severity.entry(f.severity.name()).or_default() += 1;
    }
    let doc = JsonCheck {
        files: reports
            .iter()
            .map(|r| JsonFile {
                error: &r.error,
                findings: JsonFindings(r),
                path: &r.path,
            })
            .collect(),
        schema: "bientap-check/1",
        summary: JsonSummary {
            by_severity,
            files: reports.len(),
            findings: reports.iter().map(|r| r.findings.len()).sum(),
        },
        tool: JsonTool {
            name: "bientap",
            version: env!("CARGO_PKG_VERSION"),
        },
    };
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
    let notifications: Vec<_> = reports
        .iter()
        .filter_map(|r| {
            let err = r.error.as_ref()?;
            Some(json!({
                "level": "error",
                "message": { "text": format!("{}: {}", r.path, err) },
                "locations": [{ "physicalLocation": { "artifactLocation": { "uri": r.path } } }],
            }))
        })
        .collect();
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
    let doc = Sarif {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        runs: [SarifRun {
            // Columns count Unicode code points, not UTF-16 units.
            column_kind: "unicodeCodePoints",
            invocations: json!([{
                "executionSuccessful": notifications.is_empty(),
                "toolExecutionNotifications": notifications,
            }]),
            results: SarifResults(reports),
            tool: json!({ "driver": {
                "name": "bientap",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://example.invalid/bientap",
                "rules": rules,
            }}),
        }],
        version: "2.1.0",
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}

// The SARIF document with its results written as they are made, like the
// JSON one (`JsonFindings`); fields in the order of the keys in the output.

#[derive(Serialize)]
struct Sarif<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    runs: [SarifRun<'a>; 1],
    version: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifRun<'a> {
    column_kind: &'static str,
    invocations: serde_json::Value,
    results: SarifResults<'a>,
    tool: serde_json::Value,
}

struct SarifResults<'a>(&'a [FileReport]);

impl Serialize for SarifResults<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let readable = self.0.iter().filter(|r| r.error.is_none());
        serializer.collect_seq(readable.flat_map(|r| {
            let index = LineIndex::new(&r.text);
            r.findings.iter().map(move |f| {
                let range = json_range(&index, &r.text, f.span);
                json!({
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
                })
            })
        }))
    }
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
