//! Semantic tokens: entities as coloured ranges.
//!
//! Custom token types, each with a standard type it falls back to for
//! themes that do not know it (editors/vscode declares the `superType`s;
//! docs/lsp.md lists them): person→variable, title→type,
//! organization→class, place→namespace, date→number, document→string,
//! abbreviation→macro, quantity→number, ordinal→enumMember, debris→comment.

use ropey::Rope;
use tower_lsp_server::ls_types::{
    SemanticToken, SemanticTokenModifier, SemanticTokenType, SemanticTokens, SemanticTokensDelta,
    SemanticTokensEdit, SemanticTokensLegend,
};

use crate::entity::{Entity, EntityKind, Origin};
use crate::span::Span;
use crate::text::position::{Encoding, byte_to_linecol};

pub const TOKEN_KINDS: [EntityKind; 10] = [
    EntityKind::Person,
    EntityKind::Title,
    EntityKind::Organization,
    EntityKind::Place,
    EntityKind::Date,
    EntityKind::Document,
    EntityKind::Abbreviation,
    EntityKind::Quantity,
    EntityKind::Ordinal,
    EntityKind::Debris,
];

pub const MODIFIER_ANNOTATED: u32 = 1 << 0;
pub const MODIFIER_FORMER: u32 = 1 << 1;

pub fn legend() -> SemanticTokensLegend {
    SemanticTokensLegend {
        token_types: TOKEN_KINDS
            .iter()
            .map(|k| SemanticTokenType::new(k.name()))
            .collect(),
        token_modifiers: vec![
            SemanticTokenModifier::new("annotated"),
            SemanticTokenModifier::new("former"),
        ],
    }
}

fn type_index(kind: EntityKind) -> u32 {
    TOKEN_KINDS.iter().position(|k| *k == kind).unwrap_or(0) as u32
}

/// Encodes entities (sorted, non-overlapping) inside `within` as LSP's
/// relative 5-tuples. Multi-line entities are split per line, since many
/// clients do not support multi-line tokens.
pub fn encode(
    rope: &Rope,
    entities: &[Entity],
    within: Option<Span>,
    enc: Encoding,
) -> Vec<SemanticToken> {
    let mut out = Vec::new();
    let (mut prev_line, mut prev_col) = (0u32, 0u32);
    let mut last_end = 0usize;
    for e in entities {
        if within.is_some_and(|w| !w.overlaps(e.span))
            || e.span.start < last_end
            || e.span.is_empty()
        {
            continue;
        }
        last_end = e.span.end;
        let mut modifiers = 0;
        if e.origin == Origin::Annotation {
            modifiers |= MODIFIER_ANNOTATED;
        }
        if e.post().is_some_and(|p| p.former) {
            modifiers |= MODIFIER_FORMER;
        }
        let start = byte_to_linecol(rope, e.span.start, enc);
        let end = byte_to_linecol(rope, e.span.end, enc);
        for line in start.line..=end.line {
            let col = if line == start.line { start.col } else { 0 };
            let end_col = if line == end.line {
                end.col
            } else {
                let next = rope.line_to_byte(line as usize + 1);
                // Up to the line break.
                let mut b = next;
                while b > 0 && matches!(rope.byte(b - 1), b'\n' | b'\r') {
                    b -= 1;
                }
                byte_to_linecol(rope, b, enc).col
            };
            if end_col <= col {
                continue;
            }
            let delta_line = line - prev_line;
            let delta_start = if delta_line == 0 { col - prev_col } else { col };
            out.push(SemanticToken {
                delta_line,
                delta_start,
                length: end_col - col,
                token_type: type_index(e.kind),
                token_modifiers_bitset: modifiers,
            });
            prev_line = line;
            prev_col = col;
        }
    }
    out
}

pub fn full(result_id: String, data: Vec<SemanticToken>) -> SemanticTokens {
    SemanticTokens {
        result_id: Some(result_id),
        data,
    }
}

/// The smallest single edit turning `old` into `new` (common prefix and
/// suffix kept), in units of u32 as LSP counts them.
pub fn delta(
    result_id: String,
    old: &[SemanticToken],
    new: &[SemanticToken],
) -> SemanticTokensDelta {
    let prefix = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let max_suffix = old.len().min(new.len()) - prefix;
    let suffix = old
        .iter()
        .rev()
        .zip(new.iter().rev())
        .take(max_suffix)
        .take_while(|(a, b)| a == b)
        .count();
    let edits = if prefix == old.len() && prefix == new.len() {
        Vec::new()
    } else {
        vec![SemanticTokensEdit {
            start: (prefix * 5) as u32,
            delete_count: ((old.len() - prefix - suffix) * 5) as u32,
            data: Some(new[prefix..new.len() - suffix].to_vec()),
        }]
    };
    SemanticTokensDelta {
        result_id: Some(result_id),
        edits,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tok(l: u32, s: u32) -> SemanticToken {
        SemanticToken {
            delta_line: l,
            delta_start: s,
            length: 1,
            token_type: 0,
            token_modifiers_bitset: 0,
        }
    }

    #[test]
    fn delta_is_minimal() {
        let old = vec![tok(0, 1), tok(1, 2), tok(1, 3)];
        let new = vec![tok(0, 1), tok(1, 5), tok(1, 3)];
        let d = delta("2".into(), &old, &new);
        assert_eq!(d.edits.len(), 1);
        assert_eq!(d.edits[0].start, 5);
        assert_eq!(d.edits[0].delete_count, 5);
        assert_eq!(d.edits[0].data.as_ref().unwrap(), &vec![tok(1, 5)]);
        assert!(delta("3".into(), &new, &new).edits.is_empty());
    }
}
