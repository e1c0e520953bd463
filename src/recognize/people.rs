//! Vietnamese personal names: 2–4 capitalised syllables starting with a
//! known surname ("Nguyễn Xuân Linh", "Lưu Thị Thanh Huyền").
//!
//! Precision first. A name is refused when it is a gazetteer name (Hoàng
//! Mai, Hoàng Liệt), follows a street or unit word ("đường Trần Phú"), or
//! runs into a post ("… Linh Bí thư"). Two-syllable names need support: a
//! cue before ("đồng chí", "ông", "bà") or a title right beside them.

use super::places::preceded_by_non_unit_cue;
use super::{Candidate, Cx};
use crate::entity::{EntityKind, Origin, Value};
use crate::span::Span;
use crate::text::tokens::{Gap, Token, TokenKind};

/// Keys of words that introduce a person: "đồng chí", "ông", "bà", "anh", "chị", "cô".
fn is_person_cue(tokens: &[Token], i: usize) -> bool {
    if i == 0 {
        return false;
    }
    let prev = &tokens[i - 1].key;
    matches!(prev.as_str(), "ông" | "baf" | "anh" | "chij" | "cô" | "cuj")
        || (prev == "chis" && i >= 2 && tokens[i - 2].key == "đôngf")
        // "đ/c"
        || (prev == "c" && i >= 3 && tokens[i - 2].is_punct("/") && tokens[i - 3].key == "đ")
}

/// "tư tưởng Hồ Chí Minh", "Bác Hồ", "Chủ tịch Hồ Chí Minh": a leader's
/// name that is also a place name.
fn historical_cue(tokens: &[Token], i: usize) -> bool {
    let prev = |k: usize| i.checked_sub(k).map(|j| tokens[j].key.as_str());
    matches!(
        (prev(2), prev(1)),
        (Some("tư"), Some("tươngr"))
            | (Some("đaoj"), Some("đưcs"))
            | (Some("phong"), Some("cachs"))
    ) || matches!(prev(1), Some("bacs"))
        || (matches!((prev(2), prev(1)), (Some("chur"), Some("tichj")))
            && i >= 2
            && tokens[i - 2].capitalized)
}

/// Whether a word could continue a name (capitalised, not an acronym).
fn name_word(t: &Token) -> bool {
    t.kind == TokenKind::Word && t.capitalized && !t.all_caps && t.key.chars().count() <= 7
}

/// Whether a post, organ, rank or unit-type word starts at `i`: names
/// never run into one.
fn starts_post(cx: &Cx, tokens: &[Token], i: usize) -> bool {
    let g = &cx.lex.posts;
    g.roles.longest(tokens, i).is_some()
        || g.organs.longest(tokens, i).is_some()
        || g.ranks.longest(tokens, i).is_some()
        || g.memberships.longest(tokens, i).is_some()
        || g.departments.longest(tokens, i).is_some()
        || g.unit_types.longest(tokens, i).is_some()
}

/// Candidate names with the token range they cover. `titles` are the spans
/// of titles already found in this block (a title beside a name supports it).
pub fn recognize(cx: &Cx, tokens: &[Token], titles: &[Span], out: &mut Vec<Candidate>) {
    let mut i = 0;
    while i < tokens.len() {
        let t = &tokens[i];
        if !name_word(t) || !cx.lex.is_surname_key(&t.key) || preceded_by_non_unit_cue(tokens, i) {
            i += 1;
            continue;
        }
        let mut n = 1;
        while n < 4
            && tokens.get(i + n).is_some_and(|w| {
                name_word(w) && w.gap_before == Gap::Space && !starts_post(cx, tokens, i + n)
            })
        {
            n += 1;
        }
        if n < 2 {
            i += 1;
            continue;
        }
        // A gazetteer name is a place, not a person ("Hoàng Mai", "Hoàng Liệt"),
        // unless a person cue says otherwise.
        let cue = is_person_cue(tokens, i) || historical_cue(tokens, i);
        // A place name followed by another name ("Hoàng Mai Nguyễn Xuân
        // Linh") is skipped; a place name that merely begins a person's
        // name ("Lê Hồng Tiến", xã Lê Hồng) is not.
        if !cue
            && let Some((len, _)) = cx.lex.gazetteer.by_name.longest(tokens, i)
            && len >= 2
            && (len >= n
                || tokens
                    .get(i + len)
                    .is_some_and(|t| cx.lex.is_surname_key(&t.key)))
        {
            i += len;
            continue;
        }
        let span = Span::new(t.span.start, tokens[i + n - 1].span.end);
        let title_before = titles.iter().any(|s| {
            s.end <= span.start
                && cx.text[s.end..span.start]
                    .trim_matches([' ', '\u{a0}', ','])
                    .is_empty()
        });
        let title_after = titles.iter().any(|s| {
            s.start >= span.end && {
                let between = &cx.text[span.end..s.start];
                between
                    .trim_matches([' ', '\u{a0}'])
                    .chars()
                    .all(|c| matches!(c, ',' | '-' | '–'))
            }
        });
        let support = cue || title_before || title_after;
        let sentence_start = i == 0
            || matches!(
                tokens[i - 1].key.as_str(),
                "." | "!" | "?" | ":" | "\"" | "“" | "(" | "-" | "–"
            )
            || tokens[i].gap_before == Gap::Break;
        let given_known = tokens[i + 1..i + n]
            .iter()
            .all(|w| cx.lex.name_syllables.contains(&w.key));
        let confidence = match (n, support) {
            (2, false) => {
                i += 1;
                continue;
            }
            (_, true) => 0.95,
            (3 | 4, false) if given_known => 0.85,
            (3 | 4, false) if !sentence_start => 0.75,
            _ => {
                i += 1;
                continue;
            }
        };
        out.push(Candidate::new(
            EntityKind::Person,
            span,
            Value::Person {
                name: cx.text[span.range()]
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" "),
            },
            Origin::Lexicon,
            confidence,
        ));
        i += n;
    }
}

#[cfg(test)]
mod tests {
    use crate::text::vietnamese::syllable_key;

    #[test]
    fn literal_keys() {
        assert_eq!(syllable_key("bà"), "baf");
        assert_eq!(syllable_key("chí"), "chis");
        assert_eq!(syllable_key("đồng"), "đôngf");
        assert_eq!(syllable_key("chị"), "chij");
        assert_eq!(syllable_key("cụ"), "cuj");
    }
}
