//! Splitting plain text into words, numbers and punctuation.
//!
//! A word is a run of letters with their combining marks (so NFD text
//! tokenises like NFC text); a number is a run of ASCII digits; anything
//! else that is not white space is a one-character punctuation token.
//! Non-breaking and other Unicode spaces separate tokens like ASCII ones.

use super::vietnamese::syllable_key;
use crate::span::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    Word,
    Number,
    Punct,
}

/// What separates a token from the previous one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gap {
    /// Nothing: the tokens touch ("13/2", "Hà-Nội").
    None,
    /// Spaces or tabs, no line break.
    Space,
    /// A line break (or the token is the first one).
    Break,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub kind: TokenKind,
    pub span: Span,
    /// Words: the lookup key (see `vietnamese::syllable_key`). Numbers and
    /// punctuation: the text itself.
    pub key: String,
    pub gap_before: Gap,
    /// First letter upper case.
    pub capitalized: bool,
    /// Every letter upper case (and at least two letters): "UBND".
    pub all_caps: bool,
}

impl Token {
    pub fn text<'a>(&self, source: &'a str) -> &'a str {
        &source[self.span.range()]
    }

    pub fn is_word(&self) -> bool {
        self.kind == TokenKind::Word
    }

    pub fn is_punct(&self, c: &str) -> bool {
        self.kind == TokenKind::Punct && self.key == c
    }
}

fn is_word_char(c: char) -> bool {
    is_alphabetic(c) || ('\u{300}'..='\u{36f}').contains(&c)
}

/// `char::is_alphabetic` with the Latin letters Vietnamese uses answered
/// without the Unicode table lookup (every character of these ranges is
/// alphabetic; `latin_fast_path_is_exact` checks it).
fn is_alphabetic(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' => true,
        '\u{0}'..='\u{7f}' => false,
        '\u{c0}'..='\u{d6}' | '\u{d8}'..='\u{f6}' | '\u{f8}'..='\u{24f}' => true,
        '\u{1e00}'..='\u{1eff}' => true,
        _ => c.is_alphabetic(),
    }
}

/// Tokenises `text[span]`; token spans are offsets into `text`.
pub fn tokenize(text: &str, span: Span) -> Vec<Token> {
    if !crate::analysis::incremental::active() {
        return tokenize_slice(text, span);
    }
    // Incremental analysis: tokens never cross a line break and the first
    // token after one always has `Gap::Break`, so the span's tokens are its
    // lines' tokens, each line cached by its text.
    let slice = &text[span.range()];
    let mut tokens = Vec::with_capacity(slice.len() / 5);
    let mut start = 0;
    while start < slice.len() {
        let end = slice[start..]
            .find('\n')
            .map_or(slice.len(), |i| start + i + 1);
        let line = &slice[start..end];
        let at = span.start + start;
        let cached = crate::analysis::incremental::line_tokens(line, || {
            tokenize_slice(line, Span::new(0, line.len()))
        });
        tokens.extend(cached.into_iter().map(|mut t| {
            t.span = Span::new(t.span.start + at, t.span.end + at);
            t
        }));
        start = end;
    }
    tokens
}

fn tokenize_slice(text: &str, span: Span) -> Vec<Token> {
    let slice = &text[span.range()];
    let mut tokens = Vec::with_capacity(slice.len() / 5);
    let mut gap = Gap::Break;
    let mut iter = slice.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        if c.is_whitespace() {
            if c == '\n' || c == '\r' {
                gap = Gap::Break;
            } else if gap == Gap::None {
                gap = Gap::Space;
            }
            continue;
        }
        let start = i;
        let mut end = i + c.len_utf8();
        let kind = if is_word_char(c) {
            while let Some(&(j, d)) = iter.peek() {
                if !is_word_char(d) {
                    break;
                }
                end = j + d.len_utf8();
                iter.next();
            }
            TokenKind::Word
        } else if c.is_ascii_digit() {
            while let Some(&(j, d)) = iter.peek() {
                if !d.is_ascii_digit() {
                    break;
                }
                end = j + 1;
                iter.next();
            }
            TokenKind::Number
        } else {
            TokenKind::Punct
        };
        let word = &slice[start..end];
        let (key, capitalized, all_caps) = match kind {
            TokenKind::Word => {
                let mut letters = word.chars().filter(|&c| is_alphabetic(c));
                let first_upper = letters.next().is_some_and(char::is_uppercase);
                // At least one more letter, and every one upper case.
                let all_caps = first_upper && {
                    let (mut more, mut upper) = (false, true);
                    for c in letters {
                        more = true;
                        if !c.is_uppercase() {
                            upper = false;
                            break;
                        }
                    }
                    more && upper
                };
                (syllable_key(word), first_upper, all_caps)
            }
            _ => (word.to_string(), false, false),
        };
        tokens.push(Token {
            kind,
            span: Span::new(span.start + start, span.start + end),
            key,
            gap_before: gap,
            capitalized,
            all_caps,
        });
        gap = Gap::None;
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin_fast_path_is_exact() {
        for c in (0..0x3000).filter_map(char::from_u32) {
            assert_eq!(is_alphabetic(c), c.is_alphabetic(), "{c:?}");
        }
    }

    #[test]
    fn words_numbers_punctuation() {
        let text = "Chiều 13/2,\u{a0}UBND quận Hoa\u{300}ng Mai 😀";
        let toks = tokenize(text, Span::new(0, text.len()));
        let shown: Vec<(&str, TokenKind, Gap)> = toks
            .iter()
            .map(|t| (t.text(text), t.kind, t.gap_before))
            .collect();
        use Gap::*;
        use TokenKind::*;
        assert_eq!(
            shown,
            vec![
                ("Chiều", Word, Break),
                ("13", Number, Space),
                ("/", Punct, None),
                ("2", Number, None),
                (",", Punct, None),
                ("UBND", Word, Space),
                ("quận", Word, Space),
                ("Hoa\u{300}ng", Word, Space),
                ("Mai", Word, Space),
                ("😀", Punct, Space),
            ]
        );
        assert!(toks[5].all_caps && toks[5].capitalized);
        assert_eq!(toks[7].key, "hoangf");
    }
}
