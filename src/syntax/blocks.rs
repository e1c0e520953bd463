//! Block structure: headings, paragraphs, list items, block quotes, HTML
//! comments. Enough Markdown to know where sentences cannot continue; no
//! CommonMark renderer.

use serde::Serialize;

use super::SourceFormat;
use crate::span::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum BlockKind {
    Heading,
    Paragraph,
    ListItem,
    Quote,
    /// An HTML comment on its own lines (suppression comments live here).
    Comment,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Block {
    pub kind: BlockKind,
    /// The whole block, markers included, without the final line break.
    pub span: Span,
    /// The text after the block marker (`# `, `- `, `> `).
    pub content: Span,
}

/// Lines of `text[body]` as (start, end-without-terminator, next-line-start).
fn lines(text: &str, body: Span) -> impl Iterator<Item = (usize, usize, usize)> + '_ {
    let mut pos = body.start;
    std::iter::from_fn(move || {
        if pos >= body.end {
            return None;
        }
        let rest = &text[pos..body.end];
        let (content_len, term_len) = match rest.find(['\n', '\r']) {
            None => (rest.len(), 0),
            Some(i) => {
                let crlf = rest[i..].starts_with("\r\n");
                (i, if crlf { 2 } else { 1 })
            }
        };
        let start = pos;
        let end = pos + content_len;
        pos = end + term_len;
        Some((start, end, pos))
    })
}

fn is_blank(s: &str) -> bool {
    s.chars().all(|c| c.is_whitespace())
}

/// Length of a list marker (`- `, `* `, `+ `, `• `, `1. `, `2) `) at the
/// start of `line` after indentation, including the following space.
fn list_marker_len(line: &str) -> Option<usize> {
    for bullet in ["- ", "* ", "+ ", "• "] {
        if line.starts_with(bullet) {
            return Some(bullet.len());
        }
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=3).contains(&digits) {
        let rest = &line[digits..];
        if rest.starts_with(". ") || rest.starts_with(") ") {
            return Some(digits + 2);
        }
    }
    None
}

fn heading_marker_len(line: &str) -> Option<usize> {
    let hashes = line.bytes().take_while(|&b| b == b'#').count();
    if (1..=6).contains(&hashes) && line[hashes..].starts_with(' ') {
        Some(hashes + 1)
    } else {
        None
    }
}

/// Splits the body into blocks.
pub fn split(text: &str, body: Span, format: SourceFormat) -> Vec<Block> {
    let mut blocks: Vec<Block> = Vec::new();
    let mut open: Option<Block> = None; // a paragraph or quote being extended
    let mut in_comment: Option<Block> = None;
    for (start, end, _) in lines(text, body) {
        let line = &text[start..end];
        if let Some(mut comment) = in_comment.take() {
            comment.span.end = end;
            comment.content.end = end;
            if line.contains("-->") {
                blocks.push(comment);
            } else {
                in_comment = Some(comment);
            }
            continue;
        }
        if is_blank(line) {
            blocks.extend(open.take());
            continue;
        }
        let indent = line.len() - line.trim_start().len();
        let trimmed = &line[indent..];
        if trimmed.starts_with("<!--") {
            blocks.extend(open.take());
            let block = Block {
                kind: BlockKind::Comment,
                span: Span::new(start, end),
                content: Span::new(start + indent, end),
            };
            if trimmed.contains("-->") {
                blocks.push(block);
            } else {
                in_comment = Some(block);
            }
            continue;
        }
        let content_start = start + indent;
        let new_block = |kind, marker: usize| Block {
            kind,
            span: Span::new(start, end),
            content: Span::new(content_start + marker, end),
        };
        let block = match format {
            SourceFormat::PlainText => {
                // Scraped text: one line, one block.
                let marker = list_marker_len(trimmed);
                blocks.push(match marker {
                    Some(m) => new_block(BlockKind::ListItem, m),
                    None => new_block(BlockKind::Paragraph, 0),
                });
                continue;
            }
            SourceFormat::Article => {
                if let Some(m) = heading_marker_len(trimmed) {
                    blocks.extend(open.take());
                    blocks.push(new_block(BlockKind::Heading, m));
                    continue;
                }
                if let Some(m) = list_marker_len(trimmed) {
                    blocks.extend(open.take());
                    new_block(BlockKind::ListItem, m)
                } else if let Some(rest) = trimmed.strip_prefix('>') {
                    let marker = if rest.starts_with(' ') { 2 } else { 1 };
                    if let Some(b) = open.as_mut().filter(|b| b.kind == BlockKind::Quote) {
                        b.span.end = end;
                        b.content.end = end;
                        continue;
                    }
                    blocks.extend(open.take());
                    new_block(BlockKind::Quote, marker)
                } else {
                    if let Some(b) = open.as_mut() {
                        // Lazy continuation of a paragraph, list item or quote.
                        b.span.end = end;
                        b.content.end = end;
                        continue;
                    }
                    new_block(BlockKind::Paragraph, 0)
                }
            }
        };
        open = Some(block);
    }
    blocks.extend(open.take());
    blocks.extend(in_comment.take());
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str, format: SourceFormat) -> Vec<(BlockKind, String)> {
        split(text, Span::new(0, text.len()), format)
            .into_iter()
            .map(|b| (b.kind, text[b.content.range()].to_string()))
            .collect()
    }

    #[test]
    fn markdown_blocks() {
        let text = "# Tiêu đề\r\n\r\nDòng một\ndòng hai\n\n- mục 1\n- mục 2\n> trích\n> dẫn\n<!-- bientap-disable x -->\n";
        assert_eq!(
            kinds(text, SourceFormat::Article),
            vec![
                (BlockKind::Heading, "Tiêu đề".into()),
                (BlockKind::Paragraph, "Dòng một\ndòng hai".into()),
                (BlockKind::ListItem, "mục 1".into()),
                (BlockKind::ListItem, "mục 2".into()),
                (BlockKind::Quote, "trích\n> dẫn".into()),
                (BlockKind::Comment, "<!-- bientap-disable x -->".into()),
            ]
        );
    }

    #[test]
    fn plain_text_one_block_per_line() {
        let text = "Tiêu đề\n\nCâu một\nCâu hai\n  • Nam miền Bắc\n";
        assert_eq!(
            kinds(text, SourceFormat::PlainText),
            vec![
                (BlockKind::Paragraph, "Tiêu đề".into()),
                (BlockKind::Paragraph, "Câu một".into()),
                (BlockKind::Paragraph, "Câu hai".into()),
                (BlockKind::ListItem, "Nam miền Bắc".into()),
            ]
        );
    }
}
