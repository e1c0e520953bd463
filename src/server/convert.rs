//! Conversions between the core's byte spans and LSP types.

use ropey::Rope;
use tower_lsp_server::ls_types::{
    Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString,
    Position, Range, TextEdit, Uri,
};

use crate::finding::{Finding, Language, Severity};
use crate::span::Span;
use crate::text::position::{Clamped, Encoding, LineCol, byte_to_linecol, linecol_to_byte};

pub fn position(rope: &Rope, byte: usize, enc: Encoding) -> Position {
    let lc = byte_to_linecol(rope, byte, enc);
    Position::new(lc.line, lc.col)
}

pub fn range(rope: &Rope, span: Span, enc: Encoding) -> Range {
    Range::new(
        position(rope, span.start, enc),
        position(rope, span.end, enc),
    )
}

/// A client position as a byte offset; clamped (and logged) when out of range.
pub fn offset(rope: &Rope, pos: Position, enc: Encoding) -> usize {
    let (byte, clamped) = linecol_to_byte(rope, LineCol::new(pos.line, pos.character), enc);
    if clamped == Clamped::Adjusted {
        tracing::debug!(?pos, "client position clamped to byte {byte}");
    }
    byte
}

pub fn span(rope: &Rope, r: Range, enc: Encoding) -> Span {
    let a = offset(rope, r.start, enc);
    let b = offset(rope, r.end, enc);
    Span::new(a.min(b), a.max(b))
}

pub fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    }
}

/// A finding as a diagnostic, its texts in `language` (`bientap.language`
/// or `[messages] language`; the analysis gives both).
pub fn diagnostic(
    uri: &Uri,
    rope: &Rope,
    f: &Finding,
    enc: Encoding,
    language: Language,
) -> Diagnostic {
    let mut related: Vec<DiagnosticRelatedInformation> = f
        .related
        .iter()
        .map(|r| DiagnosticRelatedInformation {
            location: Location::new(uri.clone(), range(rope, r.span, enc)),
            message: r.message_in(language).to_string(),
        })
        .collect();
    // Places in other articles (workspace rules), from the index's positions.
    related.extend(f.elsewhere.iter().filter_map(|r| {
        Some(DiagnosticRelatedInformation {
            location: Location::new(
                Uri::from_file_path(&r.path)?,
                super::workspace::mention_range(r.position, enc),
            ),
            message: r.message.clone(),
        })
    }));
    Diagnostic {
        range: range(rope, f.span, enc),
        severity: Some(severity(f.severity)),
        code: Some(NumberOrString::String(f.rule.to_string())),
        source: Some("bientap".into()),
        message: f.message_in(language).to_string(),
        related_information: (!related.is_empty()).then_some(related),
        ..Diagnostic::default()
    }
}

pub fn text_edit(rope: &Rope, span: Span, new_text: &str, enc: Encoding) -> TextEdit {
    TextEdit::new(range(rope, span, enc), new_text.to_string())
}
