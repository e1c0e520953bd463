//! Titles (posts) and organisations.
//!
//! A title is a role, then optionally organs and a unit: "Bí thư Quận ủy
//! Hoàng Mai", "Phó Bí thư Thường trực Đảng ủy", "Chủ tịch UBND TP",
//! "Trưởng ban Dân vận Thành ủy", "Thành ủy viên", "Thiếu tướng". An
//! organisation is the same chain without a role: "UBND quận Hoàng Mai",
//! "Ban Thường vụ Quận ủy". Both are normalised to canonical names so that
//! "Chủ tịch UBND TP", "Chủ tịch UBND thành phố" and "Chủ tịch Ủy ban nhân
//! dân thành phố Hà Nội" compare equal once the unit is resolved.

use super::places::{bare_place, typed_place};
use super::{Candidate, Cx};
use crate::entity::{EntityKind, Origin, Post, UnitRef, Value};
use crate::span::Span;
use crate::text::tokens::{Gap, Token};

/// An organ chain: "Ban Dân vận Thành ủy Hà Nội".
struct OrganChain {
    len: usize,
    /// Canonical names, outermost last: ["Ban Dân vận", "Thành ủy"].
    organs: Vec<String>,
    unit: Option<UnitRef>,
    /// Whether the chain needs a unit to stand alone as an organisation.
    needs_unit: bool,
}

fn department_after_ban(cx: &Cx, tokens: &[Token], i: usize) -> Option<(usize, String)> {
    // "Trưởng ban Dân vận": the role ends in "ban", the department's name follows.
    let rest_start = tokens.get(i)?;
    if !rest_start.capitalized {
        return None;
    }
    let mut best = None;
    for d in cx.lex.posts.departments.values() {
        if let Some(rest) = d.strip_prefix("Ban ") {
            let rest_tokens = crate::text::tokens::tokenize(rest, Span::new(0, rest.len()));
            let n = rest_tokens.len();
            if i + n <= tokens.len()
                && rest_tokens
                    .iter()
                    .zip(&tokens[i..i + n])
                    .all(|(a, b)| a.key == b.key)
                && best.as_ref().is_none_or(|(bn, _)| n > *bn)
            {
                best = Some((n, d.clone()));
            }
        }
    }
    best
}

fn organ_chain(
    cx: &Cx,
    tokens: &[Token],
    start: usize,
    after_ban_role: bool,
    lowercase_ok: bool,
) -> Option<OrganChain> {
    let g = &cx.lex.posts;
    let mut i = start;
    let mut organs = Vec::new();
    let mut implied_type: Option<String> = None;
    let mut needs_unit = false;
    let mut takes_unit = false;
    if after_ban_role && let Some((n, d)) = department_after_ban(cx, tokens, i) {
        organs.push(d);
        i += n;
        takes_unit = true;
    }
    // Up to three nested organs: "Ủy viên Ban Thường vụ Thành ủy".
    while organs.len() < 3 {
        let Some(tok) = tokens.get(i) else { break };
        if tok.gap_before == Gap::Break && i != start {
            break;
        }
        if let Some((n, d)) = g.departments.longest(tokens, i).filter(|_| tok.capitalized) {
            organs.push(d.clone());
            i += n;
            takes_unit = true;
            continue;
        }
        if let Some((n, o)) = g.organs.longest(tokens, i) {
            // Organ names are capitalised ("Quận ủy"); a lower-case role
            // ("các bí thư chi bộ") may take a lower-case organ.
            if !tok.capitalized && !lowercase_ok {
                break;
            }
            if o.kind == "prefix" && g.organs.longest(tokens, i + n).is_none() {
                break;
            }
            organs.push(o.name.clone());
            if o.unit_type.is_some() {
                implied_type = o.unit_type.clone();
            }
            // Bodies every unit has need the unit named to be an organisation.
            needs_unit = matches!(o.kind.as_str(), "security" | "office")
                || matches!(o.name.as_str(), "Đảng bộ" | "Công đoàn");
            takes_unit = o.takes_unit;
            i += n;
            continue;
        }
        break;
    }
    if organs.is_empty() {
        return None;
    }
    let mut unit = None;
    if takes_unit && tokens.get(i).is_some_and(|t| t.gap_before != Gap::Break) {
        if let Some(m) = typed_place(cx, tokens, i) {
            unit = Some(UnitRef {
                unit_type: m.unit_type.clone(),
                name: Some(m.name.clone()),
                from_context: false,
            });
            i += m.len;
        } else if let Some((n, t)) = cx.lex.posts.unit_types.longest(tokens, i) {
            // "Chủ tịch HĐND phường", "UBND TP": the unit is the article's.
            // (A type word followed by a name was handled above.)
            let name = cx.primary_unit_name(t);
            unit = Some(UnitRef {
                unit_type: Some(t.clone()),
                name,
                from_context: true,
            });
            i += n;
            if tokens[i - 1].all_caps
                && tokens
                    .get(i)
                    .is_some_and(|t| t.is_punct(".") && t.gap_before == Gap::None)
            {
                i += 1;
            }
        } else if let Some(m) = bare_place(cx, tokens, i).or_else(|| any_named_unit(cx, tokens, i))
        {
            unit = Some(UnitRef {
                unit_type: implied_type.clone().or(m.unit_type.clone()),
                name: Some(m.name.clone()),
                from_context: false,
            });
            i += m.len;
        }
    }
    // "Bí thư Đảng ủy" in an article about one ward: that ward's committee.
    if unit.is_none()
        && implied_type.is_none()
        && organs
            .iter()
            .any(|o| o == "Đảng ủy" || o == "Hội đồng nhân dân" || o == "Ủy ban nhân dân")
        && let Some((t, name)) = ["phường", "xã", "thị trấn"]
            .iter()
            .find_map(|t| cx.primary_unit_name(t).map(|n| (t.to_string(), n)))
    {
        unit = Some(UnitRef {
            unit_type: Some(t),
            name: Some(name),
            from_context: true,
        });
    }
    if unit.is_none()
        && let Some(t) = implied_type
        && let Some(name) = cx.primary_unit_name(&t)
    {
        unit = Some(UnitRef {
            name: Some(name),
            unit_type: Some(t),
            from_context: true,
        });
    }
    Some(OrganChain {
        len: i - start,
        organs,
        needs_unit: needs_unit && unit.is_none(),
        unit,
    })
}

/// A capitalised gazetteer name right after an organ ("Quận ủy Hoàng Mai")
/// is its unit even without other context.
fn any_named_unit(cx: &Cx, tokens: &[Token], i: usize) -> Option<super::places::PlaceMatch> {
    let (n, units) = cx.lex.gazetteer.by_name.longest(tokens, i)?;
    // "Chánh Văn phòng Quận ủy Lê Hồng Tiến": a person, not xã Lê Hồng.
    if super::places::continues_as_name(cx, tokens, i + n) {
        return None;
    }
    let all_cap = tokens[i..i + n]
        .iter()
        .all(|t| t.capitalized && t.is_word());
    all_cap.then(|| super::places::PlaceMatch {
        len: n,
        unit_type: None,
        name: cx.text[tokens[i].span.start..tokens[i + n - 1].span.end].to_string(),
        unit: units.first().copied(),
    })
}

fn former_before(tokens: &[Token], i: usize) -> bool {
    i > 0 && tokens[i - 1].key == "nguyên" && tokens[i].gap_before == Gap::Space
}

pub fn recognize(cx: &Cx, tokens: &[Token], out: &mut Vec<Candidate>) {
    let g = &cx.lex.posts;
    let mut i = 0;
    while i < tokens.len() {
        let tok = &tokens[i];
        if !tok.is_word() {
            i += 1;
            continue;
        }
        let former = former_before(tokens, i);
        // Ranks.
        if let Some((n, rank)) = g.ranks.longest(tokens, i).filter(|_| tok.capitalized) {
            push_title(
                out,
                tokens,
                i,
                n,
                Post {
                    role: rank.clone(),
                    organ: None,
                    unit: None,
                    former,
                    single_holder: false,
                },
                0.9,
            );
            i += n;
            continue;
        }
        let role_len = g.roles.longest(tokens, i).map_or(0, |(n, _)| n);
        // "Đoàn Chủ tịch" is a congress presidium, not a post.
        if i > 0 && tokens[i - 1].key == "đoanf" && tokens[i - 1].capitalized && tok.key == "chur"
        {
            i += 2;
            continue;
        }
        // Self-contained memberships: "Thành ủy viên".
        if let Some((n, m)) = g
            .memberships
            .longest(tokens, i)
            .filter(|(n, _)| *n > role_len)
        {
            let organ = m.organ.clone();
            let unit_type = g.organs.get(&organ).and_then(|o| o.unit_type.clone());
            push_title(
                out,
                tokens,
                i,
                n,
                Post {
                    role: "Ủy viên".into(),
                    organ: Some(organ),
                    unit: unit_type.and_then(|t| {
                        cx.primary_unit_name(&t).map(|name| UnitRef {
                            name: Some(name),
                            unit_type: Some(t),
                            from_context: true,
                        })
                    }),
                    former,
                    single_holder: false,
                },
                0.95,
            );
            i += n;
            continue;
        }
        if let Some((n, role)) = g.roles.longest(tokens, i) {
            let after_ban = role.name.ends_with("ban");
            let chain = organ_chain(cx, tokens, i + n, after_ban, !tok.capitalized);
            // A bare role ("Chủ tịch", "Giám đốc") is a post only beside a
            // person: a cue before it or a surname right after it.
            let person_near = (i > 0
                && matches!(
                    tokens[i - 1].key.as_str(),
                    "chis" | "nguyên" | "ông" | "baf" | "," | "-" | "–"
                ))
                || tokens
                    .get(i + n)
                    .is_some_and(|t| t.capitalized && !t.all_caps && cx.lex.is_surname_key(&t.key));
            // Roles that name their organ ("Ủy viên Bộ Chính trị", "Thủ tướng
            // Chính phủ") or are unique nationally stand alone.
            let self_contained = n >= 3
                || matches!(
                    role.name.as_str(),
                    "Tổng Bí thư" | "Chủ tịch nước" | "Thủ tướng" | "Phó Thủ tướng"
                );
            let bare_ok =
                tok.capitalized && role.name != "Ủy viên" && (person_near || self_contained);
            let needs_organ = matches!(
                role.name.as_str(),
                "Ủy viên"
                    | "Trưởng ban"
                    | "Phó Trưởng ban"
                    | "Trưởng"
                    | "Phó Trưởng"
                    | "Trưởng đoàn"
                    | "Phó Trưởng đoàn"
                    | "Trưởng phòng"
                    | "Phó Trưởng phòng"
            );
            match chain {
                Some(c) => {
                    let organ = c.organs.join(" ");
                    push_title(
                        out,
                        tokens,
                        i,
                        n + c.len,
                        Post {
                            role: role.name.clone(),
                            organ: Some(organ),
                            unit: c.unit,
                            former,
                            single_holder: role.single_holder,
                        },
                        0.95,
                    );
                    i += n + c.len;
                }
                None if bare_ok && !needs_organ => {
                    push_title(
                        out,
                        tokens,
                        i,
                        n,
                        Post {
                            role: role.name.clone(),
                            organ: None,
                            unit: None,
                            former,
                            single_holder: false,
                        },
                        0.75,
                    );
                    i += n;
                }
                None => i += n,
            }
            continue;
        }
        // Organisations.
        if tok.capitalized
            && let Some(c) = organ_chain(cx, tokens, i, false, false)
            && !c.needs_unit
        {
            let span = Span::new(tok.span.start, tokens[i + c.len - 1].span.end);
            let mut name = c.organs.join(" ");
            if let Some(u) = &c.unit
                && !u.from_context
            {
                if let Some(t) = &u.unit_type {
                    name.push(' ');
                    name.push_str(t);
                }
                if let Some(n) = &u.name {
                    name.push(' ');
                    name.push_str(n);
                }
            }
            out.push(Candidate::new(
                EntityKind::Organization,
                span,
                Value::Organization { name },
                Origin::Lexicon,
                0.9,
            ));
            i += c.len;
            continue;
        }
        i += 1;
    }
}

fn push_title(
    out: &mut Vec<Candidate>,
    tokens: &[Token],
    i: usize,
    n: usize,
    post: Post,
    confidence: f32,
) {
    let span = Span::new(tokens[i].span.start, tokens[i + n - 1].span.end);
    out.push(Candidate::new(
        EntityKind::Title,
        span,
        Value::Post(post),
        Origin::Lexicon,
        confidence,
    ));
}
