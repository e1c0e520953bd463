//! Pandoc bracketed spans used as entity annotations:
//! `[Nguyễn Xuân Linh]{.person ref=nguyen-xuan-linh}`.
//!
//! Only spans carrying a known class are annotations; any other
//! `[...]{...}` stays ordinary text, so the file remains valid Pandoc
//! Markdown and prose brackets are never eaten. Spans may nest (Pandoc
//! allows it); a backslash escapes the next character.

use serde::Serialize;

use super::{Block, BlockKind, SyntaxError};
use crate::span::Span;

/// The entity classes an annotation can carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "kebab-case")]
pub enum EntityClass {
    Person,
    Title,
    Org,
    Place,
    Date,
    Doc,
    Abbr,
    Quantity,
    Ordinal,
    /// Silences checks on the span.
    Ignore,
}

impl EntityClass {
    pub const ALL: [EntityClass; 10] = [
        EntityClass::Person,
        EntityClass::Title,
        EntityClass::Org,
        EntityClass::Place,
        EntityClass::Date,
        EntityClass::Doc,
        EntityClass::Abbr,
        EntityClass::Quantity,
        EntityClass::Ordinal,
        EntityClass::Ignore,
    ];

    pub fn class_name(self) -> &'static str {
        match self {
            EntityClass::Person => "person",
            EntityClass::Title => "title",
            EntityClass::Org => "org",
            EntityClass::Place => "place",
            EntityClass::Date => "date",
            EntityClass::Doc => "doc",
            EntityClass::Abbr => "abbr",
            EntityClass::Quantity => "quantity",
            EntityClass::Ordinal => "ordinal",
            EntityClass::Ignore => "ignore",
        }
    }

    pub fn from_class_name(name: &str) -> Option<EntityClass> {
        EntityClass::ALL
            .into_iter()
            .find(|c| c.class_name() == name)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Attribute {
    pub key: String,
    pub value: String,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Annotation {
    /// From `[` to the closing `}`.
    pub span: Span,
    /// The annotated text between the brackets (source offsets).
    pub content: Span,
    pub classes: Vec<EntityClass>,
    pub attributes: Vec<Attribute>,
}

impl Annotation {
    pub fn attribute(&self, key: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|a| a.key == key)
            .map(|a| a.value.as_str())
    }

    pub fn has(&self, class: EntityClass) -> bool {
        self.classes.contains(&class)
    }

    /// The entity class, if any (`.ignore` alone has none).
    pub fn entity_class(&self) -> Option<EntityClass> {
        self.classes
            .iter()
            .copied()
            .find(|c| *c != EntityClass::Ignore)
    }
}

/// Finds annotations in every non-comment block. Returns them (ordered by
/// start) and the byte ranges of markup to remove for the plain text.
pub fn parse(
    text: &str,
    blocks: &[Block],
    errors: &mut Vec<SyntaxError>,
) -> (Vec<Annotation>, Vec<Span>) {
    let mut annotations = Vec::new();
    let mut removed = Vec::new();
    for block in blocks.iter().filter(|b| b.kind != BlockKind::Comment) {
        parse_block(text, block.content, errors, &mut annotations, &mut removed);
    }
    annotations.sort_by_key(|a: &Annotation| a.span.start);
    removed.sort();
    (annotations, removed)
}

fn parse_block(
    text: &str,
    within: Span,
    errors: &mut Vec<SyntaxError>,
    annotations: &mut Vec<Annotation>,
    removed: &mut Vec<Span>,
) {
    let bytes = text.as_bytes();
    let mut open: Vec<usize> = Vec::new();
    let mut i = within.start;
    while i < within.end {
        match bytes[i] {
            b'\\' => {
                i += 2;
                continue;
            }
            b'[' => open.push(i),
            b']' => {
                if let Some(start) = open.pop()
                    && bytes.get(i + 1) == Some(&b'{')
                    && let Some(close) = find_attr_end(text, i + 2, within.end)
                {
                    let attr_text = &text[i + 2..close];
                    if let Some((classes, attributes, bad)) = parse_attributes(attr_text, i + 2) {
                        for bad_span in bad {
                            errors.push(
                                SyntaxError::new(
                                    bad_span,
                                    "annotation/attribute",
                                    format!(
                                        "Thuộc tính chú thích không hợp lệ: `{}`.",
                                        &text[bad_span.range()]
                                    ),
                                )
                                .en(format!(
                                    "Invalid annotation attribute: `{}`.",
                                    &text[bad_span.range()]
                                )),
                            );
                        }
                        annotations.push(Annotation {
                            span: Span::new(start, close + 1),
                            content: Span::new(start + 1, i),
                            classes,
                            attributes,
                        });
                        removed.push(Span::new(start, start + 1));
                        removed.push(Span::new(i, close + 1));
                        i = close + 1;
                        continue;
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
}

/// Position of the `}` closing an attribute block opened before `from`, on
/// the same line.
fn find_attr_end(text: &str, from: usize, limit: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut in_quotes = false;
    for (j, &b) in bytes.iter().enumerate().take(limit).skip(from) {
        match b {
            b'"' => in_quotes = !in_quotes,
            b'}' if !in_quotes => return Some(j),
            b'\n' | b'\r' => return None,
            _ => {}
        }
    }
    None
}

type ParsedAttributes = (Vec<EntityClass>, Vec<Attribute>, Vec<Span>);

/// Parses `.class #id key=value key="quoted value"`. Returns `None` unless
/// at least one known entity class is present.
fn parse_attributes(s: &str, base: usize) -> Option<ParsedAttributes> {
    let mut classes = Vec::new();
    let mut attributes = Vec::new();
    let mut bad = Vec::new();
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        // A token runs to the next unquoted whitespace.
        let mut in_quotes = false;
        while i < bytes.len() && (in_quotes || !bytes[i].is_ascii_whitespace()) {
            if bytes[i] == b'"' {
                in_quotes = !in_quotes;
            }
            i += 1;
        }
        let token = &s[start..i];
        let span = Span::new(base + start, base + i);
        if let Some(class) = token.strip_prefix('.') {
            // Other Pandoc classes are allowed and ignored.
            if let Some(c) = EntityClass::from_class_name(class) {
                classes.push(c);
            }
        } else if let Some(id) = token.strip_prefix('#') {
            attributes.push(Attribute {
                key: "id".into(),
                value: id.into(),
                span,
            });
        } else if let Some((key, value)) = token.split_once('=') {
            let value = value
                .strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .unwrap_or(value);
            if key.is_empty() || value.contains('"') {
                bad.push(span);
            } else {
                attributes.push(Attribute {
                    key: key.into(),
                    value: value.into(),
                    span,
                });
            }
        } else {
            bad.push(span);
        }
    }
    if classes.is_empty() {
        None
    } else {
        Some((classes, attributes, bad))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::{SourceFormat, parse as parse_article};

    #[test]
    fn classes_and_attributes() {
        let src = "Ông [Nguyễn Xuân Linh]{.person ref=nguyen-xuan-linh note=\"bí thư\"} nói.";
        let article = parse_article(src, SourceFormat::Article);
        let a = &article.annotations[0];
        assert_eq!(&src[a.content.range()], "Nguyễn Xuân Linh");
        assert_eq!(a.classes, vec![EntityClass::Person]);
        assert_eq!(a.attribute("ref"), Some("nguyen-xuan-linh"));
        assert_eq!(a.attribute("note"), Some("bí thư"));
        assert_eq!(article.plain.text, "Ông Nguyễn Xuân Linh nói.");
    }

    #[test]
    fn unknown_classes_and_plain_brackets_stay_text() {
        let src = "Xem [1] và [chú thích]{.smallcaps} và \\[x]{.person}.";
        let article = parse_article(src, SourceFormat::Article);
        assert!(article.annotations.is_empty());
        assert_eq!(article.plain.text, src);
    }

    #[test]
    fn nested_spans_strip_cleanly() {
        let src = "[Bí thư Quận ủy [Hoàng Mai]{.place}]{.title}";
        let article = parse_article(src, SourceFormat::Article);
        assert_eq!(article.annotations.len(), 2);
        assert_eq!(article.plain.text, "Bí thư Quận ủy Hoàng Mai");
    }

    #[test]
    fn bad_attribute_is_an_error_but_span_is_kept() {
        let src = "[Hà Nội]{.place bogus}";
        let article = parse_article(src, SourceFormat::Article);
        assert_eq!(article.annotations.len(), 1);
        assert_eq!(article.errors[0].code, "annotation/attribute");
        assert_eq!(&src[article.errors[0].span.range()], "bogus");
    }
}
