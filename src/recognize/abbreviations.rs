//! Abbreviations: known ones from the lexicon (NSNN, CCHC, PCCC…) and
//! ones the article defines inline: "giải phóng mặt bằng (GPMB)".
//! Abbreviations that name organisations (UBND, HĐND, MTTQ) are found by
//! the organisation recogniser instead.

use std::collections::HashMap;

use super::{Candidate, Cx};
use crate::entity::{EntityKind, Origin, Value};
use crate::span::Span;
use crate::text::tokens::{Gap, Token, TokenKind};
use crate::text::vietnamese::ascii_fold;

/// Inline definitions in one block: abbreviation → (expansion, span of the abbreviation).
pub fn inline_definitions(cx: &Cx, tokens: &[Token]) -> Vec<(String, String, Span)> {
    let mut found = Vec::new();
    for i in 1..tokens.len().saturating_sub(1) {
        let abbr = &tokens[i];
        if !(tokens[i - 1].is_punct("(") && tokens[i + 1].is_punct(")") && abbr.all_caps) {
            continue;
        }
        let letters: Vec<char> = ascii_fold(abbr.text(cx.text)).chars().collect();
        let n = letters.len();
        if !(2..=8).contains(&n) || i < 1 + n {
            continue;
        }
        let words = &tokens[i - 1 - n..i - 1];
        let matches = words.iter().zip(&letters).all(|(w, l)| {
            w.kind == TokenKind::Word && ascii_fold(w.text(cx.text)).starts_with(*l)
        });
        if matches {
            let expansion = cx.text[words[0].span.start..words[n - 1].span.end].to_string();
            found.push((abbr.text(cx.text).to_string(), expansion, abbr.span));
        }
    }
    found
}

pub fn recognize(cx: &Cx, tokens: &[Token], defined: &HashMap<String, String>, out: &mut Vec<Candidate>) {
    for (i, t) in tokens.iter().enumerate() {
        if !(t.kind == TokenKind::Word && t.all_caps) {
            continue;
        }
        // "TP." / "ANTD.VN": part of something longer.
        if tokens.get(i + 1).is_some_and(|n| n.gap_before == Gap::None && n.is_punct(".") && tokens.get(i + 2).is_some_and(|w| w.gap_before == Gap::None && w.is_word())) {
            continue;
        }
        let text = t.text(cx.text);
        let (expansion, defined_inline) = match defined.get(text) {
            Some(e) => (e.clone(), true),
            None => match cx.lex.abbreviation(text) {
                Some(exp) => (exp[0].clone(), false),
                None => continue,
            },
        };
        let inline_here = i > 0 && tokens[i - 1].is_punct("(");
        out.push(Candidate::new(
            EntityKind::Abbreviation,
            t.span,
            Value::Abbreviation {
                expansion,
                defined_inline: defined_inline && inline_here,
            },
            if defined_inline { Origin::Rule } else { Origin::Lexicon },
            0.9,
        ));
    }
}
