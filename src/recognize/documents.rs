//! Numbered document references: "Chỉ thị số 35-CT/TW ngày 30/5/2019",
//! "Nghị định 165/2024/NĐ-CP", "Kế hoạch sô 89-KH/ĐU", "Đề án 06".
//!
//! A bare number counts only with "số" before it or a leading zero
//! ("Chỉ thị 05"); "Kế hoạch 5 năm" is not a reference.

use std::sync::OnceLock;

use super::{Candidate, Cx};
use crate::entity::{DocumentRef, EntityKind, Origin, Value};
use crate::lexicon::PhraseTable;
use crate::span::Span;
use crate::text::tokens::{Gap, Token, TokenKind};

const KINDS: &[&str] = &[
    "Nghị quyết",
    "Chỉ thị",
    "Kế hoạch",
    "Quyết định",
    "Quy định",
    "Thông tư",
    "Nghị định",
    "Luật",
    "Thông tri",
    "Hướng dẫn",
    "Công văn",
    "Đề án",
    "Chương trình",
    "Tờ trình",
    "Báo cáo",
    "Kết luận",
    "Thông báo",
    "Công điện",
    "Pháp lệnh",
    "Thông tư liên tịch",
    "Nghị quyết liên tịch",
    "Chương trình hành động",
    "Kế hoạch liên tịch",
    "Quy chế",
    "Chỉ thị liên tịch",
];

fn kinds() -> &'static PhraseTable<&'static str> {
    static TABLE: OnceLock<PhraseTable<&'static str>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = PhraseTable::default();
        for k in KINDS {
            t.insert(k, *k);
        }
        t
    })
}

fn is_code_token(t: &Token) -> bool {
    match t.kind {
        TokenKind::Number => true,
        TokenKind::Word => t.capitalized,
        TokenKind::Punct => t.key == "/" || t.key == "-",
    }
}

pub fn recognize(cx: &Cx, tokens: &[Token], out: &mut Vec<Candidate>) {
    let mut i = 0;
    while i < tokens.len() {
        let Some((kind_len, &kind)) = kinds().longest(tokens, i).filter(|(n, _)| {
            tokens[i].capitalized || tokens.get(i + n).is_some_and(|t| t.key == "sôs")
        }) else {
            i += 1;
            continue;
        };
        let mut j = i + kind_len;
        // "số" or the misspelling "sô" (flagged by the spelling rules).
        let has_so = tokens
            .get(j)
            .is_some_and(|t| t.key == "sôs" || t.key == "sô");
        if has_so {
            j += 1;
        }
        let Some(first) = tokens
            .get(j)
            .filter(|t| t.kind == TokenKind::Number && t.gap_before == Gap::Space)
        else {
            i += kind_len;
            continue;
        };
        let num_start = j;
        j += 1;
        // Glued code: "-CT/TW", "/2024/NĐ-CP"; also "01- NQ/ĐH" with a stray space.
        while let Some(t) = tokens.get(j) {
            let glued = t.gap_before == Gap::None;
            let stray_space = t.gap_before == Gap::Space
                && tokens[j - 1].is_punct("-")
                && t.all_caps
                && tokens.get(j + 1).is_some_and(|n| n.is_punct("/"));
            if (glued || stray_space) && is_code_token(t) {
                j += 1;
            } else {
                break;
            }
        }
        // Do not end on a separator.
        while j > num_start + 1 && (tokens[j - 1].is_punct("-") || tokens[j - 1].is_punct("/")) {
            j -= 1;
        }
        let number_text = cx.text[first.span.start..tokens[j - 1].span.end].to_string();
        let has_code = j > num_start + 1;
        if !has_so && !has_code && !first.key.starts_with('0') {
            i = j;
            continue;
        }
        let compact: String = number_text.chars().filter(|c| !c.is_whitespace()).collect();
        let parts: Vec<&str> = compact.split('/').collect();
        let year = parts
            .iter()
            .skip(1)
            .find(|p| p.len() == 4 && p.chars().all(|c| c.is_ascii_digit()))
            .and_then(|p| p.parse().ok());
        let issuer = (parts.len() > 1)
            .then(|| parts.last().map(|s| s.to_string()))
            .flatten()
            .filter(|s| !s.chars().all(|c| c.is_ascii_digit()));
        let date = following_date(cx, tokens, j);
        out.push(Candidate::new(
            EntityKind::Document,
            Span::new(tokens[i].span.start, tokens[j - 1].span.end),
            Value::Document(DocumentRef {
                kind: kind.to_string(),
                number: compact,
                issuer,
                year,
                date,
            }),
            Origin::Rule,
            0.95,
        ));
        i = j;
    }
}

/// "… ngày 30/5/2019": the ISO date written right after a reference.
fn following_date(cx: &Cx, tokens: &[Token], j: usize) -> Option<String> {
    if tokens.get(j)?.key != "ngayf" {
        return None;
    }
    let rest = &cx.text[tokens.get(j + 1)?.span.start..];
    let date: String = rest
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '/')
        .collect();
    let mut parts = date.split('/');
    let (d, m, y) = (parts.next()?, parts.next()?, parts.next()?);
    let ymd = super::dates::Ymd::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)?;
    Some(ymd.iso())
}

#[cfg(test)]
mod tests {
    use crate::text::vietnamese::syllable_key;

    #[test]
    fn literal_keys() {
        assert_eq!(syllable_key("số"), "sôs");
        assert_eq!(syllable_key("ngày"), "ngayf");
    }

    #[allow(dead_code)]
    fn unused(_: super::Span) {}
}
