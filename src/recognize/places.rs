//! Administrative units: "quận Hoàng Mai", "phường Vĩnh Hưng", "TP Hồ Chí
//! Minh", "Quận 1", and bare names ("Hà Nội"; "Hoàng Mai" in an article
//! that names quận Hoàng Mai; "Định Công" in an article about its district).
//!
//! A bare name below province level is a place only when the article's
//! context supports it: names shared with people and streets (Hoàng Mai,
//! Trần Phú, Lê Lợi) are otherwise left alone.

use super::{Candidate, Cx};
use crate::entity::{EntityKind, Origin, PlaceValue, Value};
use crate::lexicon::gazetteer::Era;
use crate::span::Span;
use crate::text::tokens::{Gap, Token, TokenKind};

/// A place found at a token position.
#[derive(Debug, Clone)]
pub struct PlaceMatch {
    /// Tokens consumed, type word included.
    pub len: usize,
    pub unit_type: Option<String>,
    pub name: String,
    pub unit: Option<usize>,
}

/// Words that make the following capitalised name a street, school,
/// bridge… rather than an administrative unit or a person.
pub const NON_UNIT_CUES: &[&str] = &[
    "đường",
    "phố",
    "ngõ",
    "ngách",
    "hẻm",
    "cầu",
    "chợ",
    "trường",
    "làng",
    "thôn",
    "xóm",
    "khu",
    "tổ",
    "tuyến",
    "sông",
    "hồ",
    "núi",
    "công viên",
    "bệnh viện",
    "nhà",
    "đình",
    "chùa",
    "đền",
];

pub fn preceded_by_non_unit_cue(tokens: &[Token], i: usize) -> bool {
    if i == 0 {
        return false;
    }
    // "thành phố" ends in "phố" but is a unit type, not a street.
    if tokens[i - 1].key == "phôs" && i >= 2 && tokens[i - 2].key == "thanhf" {
        return false;
    }
    // "Trường Tiểu học Nghĩa Tân", "Công ty … Thành Đạt": an institution
    // named after the unit, a few words back with nothing but words between.
    const INSTITUTIONS: &[&str] = &["trươngf", "côngty", "bênhj", "trungtâm", "baos"];
    for back in 2..=4 {
        let Some(start) = i.checked_sub(back) else {
            break;
        };
        if !tokens[start..i].iter().all(|t| t.is_word()) {
            break;
        }
        let head = &tokens[start];
        let pair = format!("{}{}", head.key, tokens[start + 1].key);
        if head.capitalized
            && (INSTITUTIONS.contains(&head.key.as_str()) || INSTITUTIONS.contains(&pair.as_str()))
        {
            return true;
        }
    }
    // "Trường THCS Nghĩa Tân", "KCN Quế Võ": named after the unit, not it.
    let prev = &tokens[i - 1];
    if prev.all_caps
        && matches!(
            prev.key.as_str(),
            "thcs" | "thpt" | "kcn" | "ccn" | "kđt" | "ktx"
        )
    {
        return true;
    }
    static CUES: crate::text::vietnamese::KeyList =
        crate::text::vietnamese::KeyList::new(NON_UNIT_CUES);
    CUES.contains(&prev.key)
}

fn capitalized_run(tokens: &[Token], start: usize, len: usize) -> bool {
    tokens[start..start + len]
        .iter()
        .enumerate()
        .all(|(k, t)| t.is_word() && t.capitalized && (k == 0 || t.gap_before == Gap::Space))
}

/// Chooses among units sharing a name: ones in context first, then the
/// article's era, then the wanted type.
fn choose_unit(cx: &Cx, candidates: &[usize], unit_type: Option<&str>) -> Option<usize> {
    let g = &cx.lex.gazetteer;
    let fits_type = |&u: &usize| {
        unit_type.is_none_or(|t| {
            g.units[u].unit_type == t || (t == "thành phố" && g.units[u].unit_type == "tỉnh")
        })
    };
    let score = |&u: &usize| {
        let unit = &g.units[u];
        let in_context = cx.context_units.contains(&u) as u8 * 4
            + unit.parent.is_some_and(|p| cx.context_units.contains(&p)) as u8 * 2;
        let era = (unit.era == cx.era) as u8;
        (in_context, era)
    };
    candidates
        .iter()
        .copied()
        .filter(fits_type)
        .max_by_key(score)
}

/// A unit at `tokens[i]`, with its type word: "quận Hoàng Mai", "TP Hà Nội", "Phường 12".
pub fn typed_place(cx: &Cx, tokens: &[Token], i: usize) -> Option<PlaceMatch> {
    let (tlen, unit_type) = cx.lex.posts.unit_types.longest(tokens, i)?;
    // "TP." abbreviation dot.
    let mut n = i + tlen;
    if tokens[n - 1].all_caps
        && tokens
            .get(n)
            .is_some_and(|t| t.is_punct(".") && t.gap_before == Gap::None)
    {
        n += 1;
    }
    let first = tokens.get(n)?;
    if first.gap_before == Gap::Break {
        return None;
    }
    if first.kind == TokenKind::Number && first.key.len() <= 2 && tokens[i].capitalized {
        return Some(PlaceMatch {
            len: n + 1 - i,
            unit_type: Some(unit_type.clone()),
            name: first.key.clone(),
            unit: None,
        });
    }
    let (nlen, units) = cx.lex.gazetteer.by_name.longest(tokens, n)?;
    if !capitalized_run(tokens, n, nlen) || continues_as_name(cx, tokens, n + nlen) {
        return None;
    }
    // The type word must fit the unit: "thành phố Phùng" is not thị trấn Phùng.
    let unit = Some(choose_unit(cx, units, Some(unit_type))?);
    let name = cx.text[tokens[n].span.start..tokens[n + nlen - 1].span.end].to_string();
    Some(PlaceMatch {
        len: n + nlen - i,
        unit_type: Some(unit_type.clone()),
        name,
        unit,
    })
}

/// A bare unit name at `tokens[i]` that the context makes a place.
pub fn bare_place(cx: &Cx, tokens: &[Token], i: usize) -> Option<PlaceMatch> {
    // `capitalized_run` below needs a capitalised word first: skip the
    // gazetteer lookup for every other token.
    if !tokens.get(i).is_some_and(|t| t.is_word() && t.capitalized) {
        return None;
    }
    let (nlen, units) = cx.lex.gazetteer.by_name.longest(tokens, i)?;
    if !capitalized_run(tokens, i, nlen) || preceded_by_non_unit_cue(tokens, i) {
        return None;
    }
    // Not the start of a longer capitalised name ("Hoàng Mai Anh").
    if continues_as_name(cx, tokens, i + nlen) {
        return None;
    }
    let g = &cx.lex.gazetteer;
    let province = units
        .iter()
        .copied()
        .find(|&u| g.units[u].parent.is_none() && g.units[u].era == cx.era)
        .or_else(|| units.iter().copied().find(|&u| g.units[u].parent.is_none()));
    let contextual = units.iter().copied().find(|&u| {
        cx.context_units.contains(&u)
            || g.units[u]
                .parent
                .is_some_and(|p| cx.context_units.contains(&p))
    });
    let unit = contextual.or(province)?;
    let name = cx.text[tokens[i].span.start..tokens[i + nlen - 1].span.end].to_string();
    Some(PlaceMatch {
        len: nlen,
        unit_type: None,
        name,
        unit: Some(unit),
    })
}

/// Whether a capitalised word at `k` continues the name before it (so the
/// gazetteer match was only the start of a person's or a longer name).
pub fn continues_as_name(cx: &Cx, tokens: &[Token], k: usize) -> bool {
    tokens.get(k).is_some_and(|t| {
        t.is_word()
            && t.capitalized
            && !t.all_caps
            && t.gap_before == Gap::Space
            && cx.lex.posts.roles.longest(tokens, k).is_none()
            && cx.lex.posts.unit_types.longest(tokens, k).is_none()
            && cx.lex.gazetteer.by_name.longest(tokens, k).is_none()
            // A surname starts the next name: "Quận ủy Cầu Giấy Trịnh Văn Khải".
            && !cx.lex.is_surname_key(&t.key)
    })
}

fn name_len(m: &PlaceMatch) -> usize {
    crate::text::tokens::tokenize(&m.name, Span::new(0, m.name.len())).len()
}

pub fn place_value(cx: &Cx, m: &PlaceMatch) -> PlaceValue {
    let g = &cx.lex.gazetteer;
    PlaceValue {
        unit_type: m
            .unit_type
            .clone()
            .or_else(|| m.unit.map(|u| g.units[u].unit_type.clone())),
        name: m.name.clone(),
        code: m.unit.map(|u| g.units[u].code.clone()),
        hierarchy: m.unit.map(|u| g.hierarchy(u)).unwrap_or_default(),
    }
}

pub fn recognize(cx: &Cx, tokens: &[Token], out: &mut Vec<Candidate>) {
    let mut i = 0;
    while i < tokens.len() {
        let found = typed_place(cx, tokens, i)
            .filter(|m| m.unit.is_some() || m.name.chars().all(|c| c.is_ascii_digit()))
            .map(|m| (m, 0.95))
            .or_else(|| bare_place(cx, tokens, i).map(|m| (m, 0.85)));
        match found {
            Some((m, confidence)) => {
                // "các phường Bồ Đề, Ngọc Thụy": after a plural the type word
                // belongs to the list, and each name is a place by itself.
                let plural = m.unit_type.is_some()
                    && i > 0
                    && matches!(tokens[i - 1].key.as_str(), "cacs" | "hai" | "ba" | "nhiêuf");
                let first = if plural { i + m.len - name_len(&m) } else { i };
                let span = Span::new(tokens[first].span.start, tokens[i + m.len - 1].span.end);
                out.push(Candidate::new(
                    EntityKind::Place,
                    span,
                    Value::Place(place_value(cx, &m)),
                    Origin::Lexicon,
                    confidence,
                ));
                i += m.len;
            }
            None => i += 1,
        }
    }
}

/// Units named with a type word anywhere in the text, plus their ancestors:
/// the context that lets bare names count as places.
pub fn context_units<'t>(cx: &Cx, blocks: impl IntoIterator<Item = &'t [Token]>) -> Vec<usize> {
    let mut found = Vec::new();
    for tokens in blocks {
        for i in 0..tokens.len() {
            if let Some(m) = typed_place(cx, tokens, i)
                && let Some(u) = m.unit
            {
                found.push(u);
                let mut cur = cx.lex.gazetteer.units[u].parent;
                while let Some(p) = cur {
                    found.push(p);
                    cur = cx.lex.gazetteer.units[p].parent;
                }
            }
        }
    }
    found
}

/// Which era of the gazetteer an article dated `year-month` uses.
pub fn era_for(date: Option<(i32, u32)>) -> Era {
    match date {
        Some((y, m)) if (y, m) >= (2025, 7) => Era::From2025,
        _ => Era::Before2025,
    }
}
