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
        let matches = words
            .iter()
            .zip(&letters)
            .all(|(w, l)| w.kind == TokenKind::Word && ascii_fold(w.text(cx.text)).starts_with(*l));
        if matches {
            let expansion = cx.text[words[0].span.start..words[n - 1].span.end].to_string();
            found.push((abbr.text(cx.text).to_string(), expansion, abbr.span));
        }
    }
    found
}

pub fn recognize(
    cx: &Cx,
    tokens: &[Token],
    defined: &HashMap<String, String>,
    out: &mut Vec<Candidate>,
) {
    for (i, t) in tokens.iter().enumerate() {
        if !(t.kind == TokenKind::Word && t.all_caps) {
            continue;
        }
        // "TP.HCM" / "ANTD.VN": part of something longer.
        let glued_dot_after = tokens.get(i + 1).is_some_and(|n| {
            n.gap_before == Gap::None
                && n.is_punct(".")
                && tokens
                    .get(i + 2)
                    .is_some_and(|w| w.gap_before == Gap::None && w.is_word())
        });
        let glued_dot_before = i >= 2
            && t.gap_before == Gap::None
            && tokens[i - 1].is_punct(".")
            && tokens[i - 1].gap_before == Gap::None
            && tokens[i - 2].is_word();
        if glued_dot_after || glued_dot_before {
            continue;
        }
        // "KT-XH": a hyphenated abbreviation is looked up whole.
        if tokens
            .get(i + 1)
            .is_some_and(|n| n.gap_before == Gap::None && n.is_punct("-"))
            && let Some(second) = tokens
                .get(i + 2)
                .filter(|w| w.gap_before == Gap::None && w.all_caps)
        {
            let whole = &cx.text[t.span.start..second.span.end];
            if let Some(exp) = cx.lex.abbreviation(whole) {
                out.push(Candidate::new(
                    EntityKind::Abbreviation,
                    Span::new(t.span.start, second.span.end),
                    Value::Abbreviation {
                        expansion: exp[0].clone(),
                        defined_inline: false,
                    },
                    Origin::Lexicon,
                    0.9,
                ));
            }
            continue;
        }
        if i >= 2
            && t.gap_before == Gap::None
            && tokens[i - 1].is_punct("-")
            && tokens[i - 2].all_caps
        {
            continue;
        }
        let text = t.text(cx.text);
        // "PV" (phóng viên) labels interview turns and bylines; not worth a token.
        if text == "PV" {
            continue;
        }
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
            if defined_inline {
                Origin::Rule
            } else {
                Origin::Lexicon
            },
            0.9,
        ));
    }
}
