//! Linking people with the titles the text gives them.
//!
//! The press writes a post before the name ("Bí thư Quận ủy Hoàng Mai
//! Nguyễn Xuân Linh"; "…, đồng chí Nguyễn Quang Hiếu"), after it ("Nguyễn
//! Quang Hiếu, Thành ủy viên, Bí thư Quận ủy"; "X - Phó Bí thư - Chủ tịch
//! HĐND phường"), and in lists separated by semicolons. A chain of titles
//! joined by commas or dashes belongs to one person; a title directly
//! before a name belongs to that name.

use crate::entity::{Entity, EntityKind};
use crate::syntax::Article;

/// How two neighbouring entities are joined.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Joint {
    /// Only spaces, or a person cue ("đồng chí", "ông", "bà").
    Tight,
    /// A comma or dash (possibly with a cue): part of one chain.
    Chain,
    /// Anything else: a semicolon, a full stop, other words.
    Break,
}

fn joint(between: &str) -> Joint {
    let folded = crate::text::vietnamese::ascii_fold(between);
    let mut rest = folded.trim().to_string();
    let mut chain = false;
    loop {
        let before = rest.clone();
        for p in [",", "-", "–", "—"] {
            if let Some(r) = rest.strip_prefix(p) {
                rest = r.trim_start().to_string();
                chain = true;
            }
        }
        for cue in ["dong chi", "ong", "ba", "d/c", "nguyen"] {
            if let Some(r) = rest.strip_prefix(cue)
                && (r.is_empty() || r.starts_with(' ') || r.starts_with(','))
            {
                rest = r.trim_start().to_string();
            }
        }
        if rest == before {
            break;
        }
    }
    match (rest.is_empty(), chain) {
        (true, false) => Joint::Tight,
        (true, true) => Joint::Chain,
        _ => Joint::Break,
    }
}

pub fn link(article: &Article, entities: &mut [Entity]) {
    // Work on people and titles in text order (ordinals may sit between a
    // title and a name: "Chủ tịch UBND quận khóa V Nguyễn Xuân Lưu").
    let idx: Vec<usize> = (0..entities.len())
        .filter(|&i| matches!(entities[i].kind, EntityKind::Person | EntityKind::Title))
        .collect();
    let source_between = |a: usize, b: usize| -> String {
        let (ea, eb) = (&entities[a], &entities[b]);
        let start = ea.span.end.min(eb.span.start);
        let raw = &article.plain.text[article
            .plain
            .span_to_plain(crate::span::Span::new(start, eb.span.start))
            .range()];
        // Text far apart is never one chain; do not copy it.
        if raw.len() > 200 {
            return String::from(";");
        }
        // Drop ordinals between: "khóa V". Entities are sorted by start, so
        // the ones between lie between the two indices.
        let mut s = raw.to_string();
        let (lo, hi) = (a.min(b), a.max(b));
        for e in entities[lo + 1..hi].iter().filter(|e| {
            e.kind == EntityKind::Ordinal
                && e.span.start >= ea.span.end
                && e.span.end <= eb.span.start
        }) {
            s = s.replace(&e.text, "");
        }
        s
    };
    let mut links: Vec<(usize, usize)> = Vec::new();
    for (k, &p) in idx.iter().enumerate() {
        if entities[p].kind != EntityKind::Person {
            continue;
        }
        // Backwards: titles before the name.
        let mut j = k;
        let mut first = true;
        while j > 0 {
            let t = idx[j - 1];
            let cur = idx[j];
            if entities[t].kind != EntityKind::Title {
                break;
            }
            let jn = joint(&source_between(t, cur));
            let ok = if first {
                jn != Joint::Break
            } else {
                jn == Joint::Chain
            };
            if !ok {
                break;
            }
            // A title that follows another person via a chain belongs to that one
            // ("A, Bí thư X, Chủ tịch Y B"? the last title is tight to B; earlier ones to A).
            if !first && belongs_to_previous_person(&idx, j - 1, entities, &source_between) {
                break;
            }
            links.push((p, t));
            first = false;
            j -= 1;
        }
        // Forwards: ", Title, Title" / " - Title - Title" after the name.
        let mut j = k + 1;
        let mut prev = p;
        while j < idx.len() {
            let t = idx[j];
            if entities[t].kind != EntityKind::Title {
                break;
            }
            if joint(&source_between(prev, t)) != Joint::Chain {
                break;
            }
            // A title tight against the next name is that name's.
            if let Some(&n) = idx.get(j + 1)
                && entities[n].kind == EntityKind::Person
                && joint(&source_between(t, n)) == Joint::Tight
            {
                break;
            }
            links.push((p, t));
            prev = t;
            j += 1;
        }
    }
    for (p, t) in links {
        if !entities[p].links.contains(&t) {
            entities[p].links.push(t);
        }
        if !entities[t].links.contains(&p) {
            entities[t].links.push(p);
        }
    }
}

/// Whether the title at `idx[j]` is reached, through a chain, from a person before it.
fn belongs_to_previous_person(
    idx: &[usize],
    j: usize,
    entities: &[Entity],
    between: &dyn Fn(usize, usize) -> String,
) -> bool {
    let mut k = j;
    while k > 0 {
        let prev = idx[k - 1];
        let jn = joint(&between(prev, idx[k]));
        if jn != Joint::Chain {
            return false;
        }
        if entities[prev].kind == EntityKind::Person {
            return true;
        }
        k -= 1;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joints() {
        assert_eq!(joint(" "), Joint::Tight);
        assert_eq!(joint(", đồng chí "), Joint::Chain);
        assert_eq!(joint(" đồng chí "), Joint::Tight);
        assert_eq!(joint(" - "), Joint::Chain);
        assert_eq!(joint("; "), Joint::Break);
        assert_eq!(joint(" phát biểu, "), Joint::Break);
    }
}
