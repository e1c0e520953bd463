//! The article syntax tree: front matter, headline, blocks, annotation spans.
//!
//! Two source formats share one tree:
//! - [`SourceFormat::Article`] (`*.article`, `*.article.md`): optional YAML
//!   front matter, Markdown blocks, Pandoc bracketed spans
//!   `[Nguyễn Xuân Linh]{.person ref=nguyen-xuan-linh}`.
//! - [`SourceFormat::PlainText`] (`*.txt`, scraped pages): no front matter,
//!   no markup, one block per non-empty line.
//!
//! Recognisers never look at markup: they read [`PlainText`], the body with
//! the annotation markup removed, and map offsets back through it.

pub mod annotations;
pub mod blocks;
pub mod front_matter;

use std::path::Path;

use serde::Serialize;

pub use annotations::{Annotation, EntityClass};
pub use blocks::{Block, BlockKind};
pub use front_matter::{Field, FieldValue, FrontMatter};

use crate::span::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SourceFormat {
    /// Front matter + Markdown + bracketed-span annotations.
    Article,
    /// Raw scraped text: no front matter, no markup.
    PlainText,
}

impl SourceFormat {
    /// `*.txt` is plain text; everything else is read as an article.
    pub fn from_path(path: &Path) -> SourceFormat {
        match path.extension().and_then(|e| e.to_str()) {
            Some(ext) if ext.eq_ignore_ascii_case("txt") => SourceFormat::PlainText,
            _ => SourceFormat::Article,
        }
    }
}

/// A problem in the article's syntax, at a byte range of the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub span: Span,
    pub code: &'static str,
    pub message: String,
    /// The message in English (see `Finding::message_en`).
    pub message_en: Option<String>,
}

impl SyntaxError {
    pub fn new(span: Span, code: &'static str, message: impl Into<String>) -> Self {
        SyntaxError {
            span,
            code,
            message: message.into(),
            message_en: None,
        }
    }

    /// The English form of the message.
    pub fn en(mut self, english: impl Into<String>) -> Self {
        self.message_en = Some(english.into());
        self
    }
}

/// The body with annotation markup removed, and the way back to the source.
#[derive(Debug, Clone, Default)]
pub struct PlainText {
    pub text: String,
    /// Runs of text kept verbatim: (plain start, source start, length).
    pieces: Vec<(usize, usize, usize)>,
}

impl PlainText {
    /// Builds the plain text of `source[body]` minus the `removed` byte
    /// ranges (sorted, disjoint, inside `body`).
    fn new(source: &str, body: Span, removed: &[Span]) -> Self {
        let mut text = String::with_capacity(body.len());
        let mut pieces = Vec::with_capacity(removed.len() + 1);
        let mut cursor = body.start;
        for r in removed
            .iter()
            .chain(std::iter::once(&Span::new(body.end, body.end)))
        {
            if r.start > cursor {
                pieces.push((text.len(), cursor, r.start - cursor));
                text.push_str(&source[cursor..r.start]);
            }
            cursor = cursor.max(r.end);
        }
        if pieces.is_empty() {
            pieces.push((0, body.start, 0));
        }
        PlainText { text, pieces }
    }

    /// Source offset of a plain-text offset. An offset at the seam of two
    /// pieces maps to the end of the earlier one (right for span ends).
    pub fn to_source(&self, plain: usize) -> usize {
        let i = self
            .pieces
            .partition_point(|&(p, _, len)| p + len < plain)
            .min(self.pieces.len() - 1);
        let (p, s, len) = self.pieces[i];
        s + plain.saturating_sub(p).min(len)
    }

    /// Source offset for the start of a range (maps seams forward, past any
    /// removed markup).
    fn to_source_start(&self, plain: usize) -> usize {
        let i = self
            .pieces
            .partition_point(|&(p, _, len)| p + len <= plain)
            .min(self.pieces.len() - 1);
        let (p, s, len) = self.pieces[i];
        s + plain.saturating_sub(p).min(len)
    }

    pub fn span_to_source(&self, span: Span) -> Span {
        let start = self.to_source_start(span.start);
        let end = if span.is_empty() {
            start
        } else {
            self.to_source(span.end)
        };
        Span::new(start, end.max(start))
    }

    /// Plain offset of a source offset; offsets inside removed markup map to
    /// where the markup was.
    pub fn to_plain(&self, source: usize) -> usize {
        let i = self.pieces.partition_point(|&(_, s, _)| s <= source);
        if i == 0 {
            return 0;
        }
        let (p, s, len) = self.pieces[i - 1];
        p + (source - s).min(len)
    }

    pub fn span_to_plain(&self, span: Span) -> Span {
        Span::new(self.to_plain(span.start), self.to_plain(span.end))
    }
}

/// A parsed article.
#[derive(Debug, Clone)]
pub struct Article {
    pub format: SourceFormat,
    pub front_matter: Option<FrontMatter>,
    /// Everything after the front matter.
    pub body: Span,
    /// The headline's text (without a `#` marker).
    pub headline: Option<Span>,
    pub blocks: Vec<Block>,
    pub annotations: Vec<Annotation>,
    pub plain: PlainText,
    pub errors: Vec<SyntaxError>,
}

impl Article {
    pub fn front_matter_text(&self, key: &str) -> Option<String> {
        self.front_matter
            .as_ref()
            .and_then(|fm| fm.get(key))
            .and_then(|f| f.value.as_text())
    }
}

/// Parses `text` in the given format. Never fails: problems are in `errors`.
pub fn parse(text: &str, format: SourceFormat) -> Article {
    let mut errors = Vec::new();
    let front_matter = match format {
        SourceFormat::Article => front_matter::parse(text, &mut errors),
        SourceFormat::PlainText => None,
    };
    let body = Span::new(
        front_matter.as_ref().map_or(0, |fm| fm.span.end),
        text.len(),
    );
    let blocks = blocks::split(text, body, format);
    let (annotations, removed) = match format {
        SourceFormat::Article => annotations::parse(text, &blocks, &mut errors),
        SourceFormat::PlainText => (Vec::new(), Vec::new()),
    };
    let plain = PlainText::new(text, body, &removed);
    let headline = blocks
        .iter()
        .find(|b| b.kind != BlockKind::Comment)
        .map(|b| b.content);
    Article {
        format,
        front_matter,
        body,
        headline,
        blocks,
        annotations,
        plain,
        errors,
    }
}

/// Removes every annotation's markup, keeping front matter and text:
/// `[Nguyễn Xuân Linh]{.person}` becomes `Nguyễn Xuân Linh`.
pub fn strip_annotations(text: &str) -> String {
    let article = parse(text, SourceFormat::Article);
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..article.body.start]);
    out.push_str(&article.plain.text);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_maps_back_to_source() {
        let src = "---\ndate: 2025-02-13\n---\nBí thư [Nguyễn Xuân Linh]{.person} phát biểu.\n";
        let article = parse(src, SourceFormat::Article);
        assert_eq!(article.plain.text, "Bí thư Nguyễn Xuân Linh phát biểu.\n");
        let name_plain = article.plain.text.find("Nguyễn").unwrap();
        let name = Span::new(name_plain, name_plain + "Nguyễn Xuân Linh".len());
        let in_source = article.plain.span_to_source(name);
        assert_eq!(&src[in_source.range()], "Nguyễn Xuân Linh");
        assert_eq!(article.plain.span_to_plain(in_source), name);
    }

    #[test]
    fn strip_keeps_front_matter_and_text() {
        let src = "---\ntitle: T\n---\n[Hà Nội]{.place}, [13/2]{.date value=2025-02-13}.\n";
        assert_eq!(
            strip_annotations(src),
            "---\ntitle: T\n---\nHà Nội, 13/2.\n"
        );
    }

    #[test]
    fn plain_text_format_is_identity() {
        let src = "Tiêu đề\n\n[không phải]{.person} chú thích\n";
        let article = parse(src, SourceFormat::PlainText);
        assert_eq!(article.plain.text, src);
        assert!(article.annotations.is_empty());
        assert_eq!(&src[article.headline.unwrap().range()], "Tiêu đề");
    }
}
