//! One article, reduced to what the workspace index needs.

use std::path::PathBuf;

use crate::entity::{EntityKind, Value};
use crate::recognize::Recognition;
use crate::recognize::dates::Ymd;
use crate::span::Span;
use crate::syntax::Article;
use crate::text::position::LineIndex;
use crate::text::vietnamese::phrase_key;

/// A position in every encoding LSP may negotiate (zero-based).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LinePos {
    pub line: u32,
    pub utf8: u32,
    pub utf16: u32,
    pub utf32: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct MentionPosition {
    pub start: LinePos,
    pub end: LinePos,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostMention {
    pub canonical: String,
    pub key: String,
    pub former: bool,
    /// The title's span.
    pub span: Span,
    /// The mention says the person is *the* current holder of a
    /// single-holder post (see [`super::facts::sole_claim`]).
    pub sole: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonMention {
    /// As written.
    pub name: String,
    /// `phrase_key(name)`.
    pub key: String,
    pub span: Span,
    pub position: MentionPosition,
    /// Posts linked to this mention.
    pub posts: Vec<PostMention>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlaceMention {
    pub name: String,
    pub span: Span,
    pub position: MentionPosition,
    pub hierarchy: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ArticleSummary {
    pub path: PathBuf,
    pub headline: Option<String>,
    /// The article's publication date, when known.
    pub date: Option<Ymd>,
    pub mentions: Vec<PersonMention>,
    pub places: Vec<PlaceMention>,
    /// Congresses with their ordinal and term ("Đại hội Đảng bộ quận Hoàng
    /// Mai lần thứ V, nhiệm kỳ 2025-2030"), of bodies named specifically
    /// enough to compare across articles.
    pub congresses: Vec<CongressMention>,
}

/// "Đại hội [Đảng bộ quận Hoàng Mai] lần thứ [V], nhiệm kỳ [2025-2030]":
/// the mention as `ordinal/term-mismatch` reads it, and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CongressMention {
    pub congress: crate::rules::dates::Congress,
    pub position: MentionPosition,
}
fn line_pos(index: &LineIndex, text: &str, byte: usize) -> LinePos {
    let p = index.position(text, byte);
    LinePos {
        line: p.line as u32,
        utf8: p.byte_col as u32,
        utf16: p.utf16_col as u32,
        utf32: p.char_col as u32,
    }
}

fn position(index: &LineIndex, text: &str, span: Span) -> MentionPosition {
    MentionPosition {
        start: line_pos(index, text, span.start),
        end: line_pos(index, text, span.end),
    }
}

/// Reduces an analysed article to its summary. `text` is the source the
/// spans index into.
pub fn summarize(
    path: PathBuf,
    text: &str,
    article: &Article,
    recognition: &Recognition,
) -> ArticleSummary {
    let index = LineIndex::new(text);
    let entities = &recognition.entities;
    let mut mentions = Vec::new();
    let mut places = Vec::new();
    for e in entities {
        match (&e.kind, &e.value) {
            (EntityKind::Person, Value::Person { name }) => {
                let posts = e
                    .links
                    .iter()
                    .filter_map(|&i| entities.get(i).and_then(|t| Some((t, t.post()?))))
                    .map(|(t, p)| {
                        let canonical = p.canonical();
                        PostMention {
                            key: crate::registry::post_key(p),
                            canonical,
                            former: p.former,
                            span: t.span,
                            sole: super::facts::sole_claim(text, t),
                        }
                    })
                    .collect();
                mentions.push(PersonMention {
                    name: name.clone(),
                    key: phrase_key(name),
                    span: e.span,
                    position: position(&index, text, e.span),
                    posts,
                });
            }
            (EntityKind::Place, Value::Place(p)) => places.push(PlaceMention {
                name: e.text.clone(),
                span: e.span,
                position: position(&index, text, e.span),
                hierarchy: (p.hierarchy.len() > 1).then(|| p.hierarchy.join(", ")),
            }),
            _ => {}
        }
    }
    let headline = recognition
        .metadata
        .headline
        .or(article.headline)
        .and_then(|s| text.get(s.range()))
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty());
    let congresses = super::facts::congress_mentions(text, article, recognition)
        .into_iter()
        .map(|congress| CongressMention {
            position: position(&index, text, congress.span),
            congress,
        })
        .collect();
    ArticleSummary {
        path,
        headline,
        date: recognition.metadata.date,
        mentions,
        places,
        congresses,
    }
}

/// Parses, recognises (no rules: indexing needs entities only) and
/// summarises one file's text.
pub fn summarize_text(path: PathBuf, text: &str) -> ArticleSummary {
    let format = crate::syntax::SourceFormat::from_path(&path);
    let article = crate::syntax::parse(text, format);
    let recognition = crate::recognize::recognize(&article);
    summarize(path, text, &article, &recognition)
}
