//! Capitalisation: titles against the official form of their role and
//! organ words, and administrative unit names written in lower case.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use super::RuleInfo;
use super::spelling::{Skip, capitalize_first, lowercase_first, source_blocks, source_tokens};
use crate::entity::{Entity, EntityKind};
use crate::finding::{Edit, Finding, Fix, Severity};
use crate::lexicon::posts::OrganDef;
use crate::lexicon::{ExtraLexicons, Lexicons, PhraseTable};
use crate::recognize::Recognition;
use crate::span::{Span, SpanSet};
use crate::syntax::Article;
use crate::text::tokens::{Gap, Token, tokenize};
use crate::text::vietnamese::{phrase_key, syllable_key};

pub const TITLE: RuleInfo = RuleInfo {
    code: "capitalization/title",
    default_severity: Severity::Warning,
    summary: "Chức danh viết hoa khác dạng chính thức (“Phó bí thư Thường trực” → “Phó Bí thư Thường trực”, “Bí Thư” → “Bí thư”); chức danh dùng chung viết thường (“các bí thư chi bộ”) được bỏ qua.",
    summary_en: "A title capitalised differently from its official form (“Phó bí thư Thường trực” → “Phó Bí thư Thường trực”, “Bí Thư” → “Bí thư”); generic lower-case uses (“các bí thư chi bộ”) are skipped.",
};

pub const PROPER_NOUN: RuleInfo = RuleInfo {
    code: "capitalization/proper-noun",
    default_severity: Severity::Warning,
    summary: "Tên đơn vị hành chính viết thường sau từ chỉ loại đơn vị (“phường vĩnh hưng” → “phường Vĩnh Hưng”).",
    summary_en: "An administrative unit's name in lower case after its type word (“phường vĩnh hưng” → “phường Vĩnh Hưng”).",
};

pub const ORGANIZATION: RuleInfo = RuleInfo {
    code: "capitalization/organization",
    default_severity: Severity::Warning,
    summary: "Tên cơ quan, tổ chức viết hoa khác quy định (Nghị định 30/2020/NĐ-CP, Phụ lục II: viết hoa chữ cái đầu của tên và của phần tên riêng): “bộ tài chính”, “Bộ tài Chính” → “Bộ Tài chính”, “ủy ban nhân dân quận” → “Ủy ban nhân dân quận”; cách dùng chung viết thường (“các bộ, ngành”, “ban tổ chức giải chạy”, “ủy ban nhân dân các cấp”) được bỏ qua.",
    summary_en: "An organisation's name capitalised against the official rules (Decree “30/2020/NĐ-CP”, Appendix II: capitalise the first word and the words of the specific name): “bộ tài chính”, “Bộ tài Chính” → “Bộ Tài chính”, “ủy ban nhân dân quận” → “Ủy ban nhân dân quận”; generic lower-case uses (“các bộ, ngành”, “ban tổ chức giải chạy”, “ủy ban nhân dân các cấp”) are left alone.",
};

pub fn check(text: &str, article: &Article, recognition: &Recognition, out: &mut Vec<Finding>) {
    let blocks = source_blocks(article, recognition);
    let skip = Skip::proper_names(text, article, recognition);
    check_with(text, article, recognition, &blocks, &skip, None, out);
}

/// [`check`] with the source blocks and skip ranges spelling also uses
/// (computed once per analysis by `rules::run`).
pub(crate) fn check_with(
    text: &str,
    article: &Article,
    recognition: &Recognition,
    blocks: &[Vec<Token>],
    skip: &Skip,
    extra: Option<&ExtraLexicons>,
    out: &mut Vec<Finding>,
) {
    let lex = Lexicons::get();
    titles(text, lex, article, recognition, out);
    proper_nouns(text, lex, recognition, blocks, skip, out);
    organizations(text, lex, article, recognition, blocks, extra, out);
}

// ---------------------------------------------------------------------------
// capitalization/title

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    /// The first word of the role ("Phó" in "Phó Bí thư").
    RoleFirst,
    /// The other words of the role.
    RoleRest,
    /// A word of the `n`-th organ; `proper` organs name one body ("Quận
    /// ủy", "Ủy ban nhân dân") and are capitalised even after a lower-case
    /// role; generic ones ("chi bộ", "văn phòng") are left alone.
    Organ { n: usize, proper: bool },
}

#[derive(Debug, Clone)]
struct Aligned {
    /// Index into the title's tokens.
    tok: usize,
    /// Index of the word within the role (for comparing across titles).
    role_word: usize,
    canonical_upper: bool,
    part: Part,
}

/// Organs whose lower-case form is the usual generic noun.
fn proper_organ(o: &OrganDef) -> bool {
    !matches!(
        o.name.as_str(),
        "Chi bộ" | "Đảng bộ" | "Thường trực" | "Văn phòng" | "Công an" | "Công đoàn"
    )
}

/// Word tokens of `phrase` zipped with `tokens[i..]`, when the keys agree.
fn zip_words(phrase: &str, tokens: &[Token], i: usize) -> Option<Vec<(usize, bool, bool)>> {
    let canon = tokenize(phrase, Span::new(0, phrase.len()));
    if i + canon.len() > tokens.len() {
        return None;
    }
    let mut out = Vec::new();
    for (k, c) in canon.iter().enumerate() {
        let t = &tokens[i + k];
        if t.key != c.key {
            return None;
        }
        if c.is_word() {
            out.push((i + k, c.capitalized, c.all_caps));
        }
    }
    Some(out)
}

/// Lines the title's words up with the canonical spelling of its role and
/// organs. Words not covered (unit names, unit-type words) are not listed.
/// Returns the aligned words and the role's key.
fn align(lex: &Lexicons, tokens: &[Token]) -> Option<(Vec<Aligned>, String)> {
    let g = &lex.posts;
    let mut out = Vec::new();
    let push_role = |out: &mut Vec<Aligned>, words: Vec<(usize, bool, bool)>| {
        for (w, (tok, upper, caps)) in words.into_iter().enumerate() {
            if caps {
                continue;
            }
            out.push(Aligned {
                tok,
                role_word: w,
                canonical_upper: upper,
                part: if w == 0 {
                    Part::RoleFirst
                } else {
                    Part::RoleRest
                },
            });
        }
    };
    if let Some((_, rank)) = g.ranks.longest(tokens, 0) {
        push_role(&mut out, zip_words(rank, tokens, 0)?);
        return Some((out, phrase_key(rank)));
    }
    let role_len = g.roles.longest(tokens, 0).map_or(0, |(n, _)| n);
    if let Some((_, m)) = g
        .memberships
        .longest(tokens, 0)
        .filter(|(n, _)| *n > role_len)
    {
        push_role(&mut out, zip_words(&m.name, tokens, 0)?);
        return Some((out, phrase_key(&m.name)));
    }
    let (n, role) = g.roles.longest(tokens, 0)?;
    let mut role_words = zip_words(&role.name, tokens, 0)?;
    let mut i = n;
    let mut organs = 0;
    // "Trưởng ban Dân vận" / "Trưởng Ban Dân vận": both are in use; the
    // "ban" belongs to the department's name as much as to the role.
    if let Some(head) = ["ban", "phòng"]
        .into_iter()
        .find(|h| role.name.ends_with(&format!(" {h}")))
        && let Some((len, rest)) = department_rest(lex, tokens, i, head)
    {
        role_words.pop();
        let words = zip_words(&rest, tokens, i)?;
        push_organ(&mut out, words, organs, true);
        organs += 1;
        i += len;
    }
    push_role(&mut out, role_words);
    while organs < 4 && i < tokens.len() && tokens[i].gap_before != Gap::Break {
        if let Some((len, d)) = g.departments.longest(tokens, i) {
            // Project boards name themselves in both cases ("Ban Quản lý
            // dự án", "Ban Quản lý Dự án"): not compared.
            if !d.starts_with("Ban Quản lý") {
                push_organ(&mut out, zip_words(d, tokens, i)?, organs, true);
            }
            i += len;
        } else if let Some((len, o)) = g.organs.longest(tokens, i) {
            // The form actually written ("UBND", "Ủy ban MTTQ").
            let written: Vec<&str> = tokens[i..i + len].iter().map(|t| t.key.as_str()).collect();
            let form = std::iter::once(&o.name).chain(&o.aliases).find(|f| {
                tokenize(f, Span::new(0, f.len()))
                    .iter()
                    .map(|t| t.key.as_str())
                    .eq(written.iter().copied())
            })?;
            push_organ(
                &mut out,
                zip_words(form, tokens, i)?,
                organs,
                proper_organ(o),
            );
            i += len;
        } else {
            break;
        }
        organs += 1;
    }
    Some((out, phrase_key(&role.name)))
}

fn push_organ(out: &mut Vec<Aligned>, words: Vec<(usize, bool, bool)>, n: usize, proper: bool) {
    for (tok, upper, caps) in words {
        if caps {
            continue;
        }
        out.push(Aligned {
            tok,
            role_word: usize::MAX,
            canonical_upper: upper,
            part: Part::Organ { n, proper },
        });
    }
}

/// "Dân vận" after "Trưởng ban": the rest of a "Ban …" department
/// (`head` is "ban" or "phòng").
fn department_rest(
    lex: &Lexicons,
    tokens: &[Token],
    i: usize,
    head: &str,
) -> Option<(usize, String)> {
    let prefix = format!("{} ", super::spelling::capitalize_first(head));
    let mut best: Option<(usize, String)> = None;
    for d in lex.posts.departments.values() {
        if let Some(rest) = d.strip_prefix(&prefix) {
            let n = tokenize(rest, Span::new(0, rest.len())).len();
            if zip_words(rest, tokens, i).is_some() && best.as_ref().is_none_or(|(bn, _)| n > *bn) {
                best = Some((n, rest.to_string()));
            }
        }
    }
    best
}

/// Whether `span` opens a sentence (or a list item, or follows a colon),
/// where a capital says nothing about the word.
fn at_sentence_start(text: &str, article: &Article, span: Span) -> bool {
    let Some(block) = article
        .blocks
        .iter()
        .find(|b| b.content.start <= span.start && span.start <= b.content.end)
    else {
        return true;
    };
    let before = &text[block.content.start..span.start];
    let mut chars = before
        .chars()
        .rev()
        .skip_while(|c| c.is_whitespace() || "[(“\"'‘*_".contains(*c));
    match chars.next() {
        None => true,
        Some(c) if ".!?…:;".contains(c) => true,
        Some('-' | '–' | '—') => chars.all(|c| c.is_whitespace()),
        _ => false,
    }
}

/// Headline style ("Bí Thư Quận Ủy Thăm Hỏi Các Gia Đình"): nearly every
/// word outside names capitalised, the block's first word aside.
/// `seen` caches the answer per block index for one run (many titles share
/// a block, and the answer is the block's).
fn title_case_block(
    article: &Article,
    entities: &[Entity],
    span: Span,
    seen: &mut HashMap<usize, bool>,
) -> bool {
    let Some(index) = article
        .blocks
        .iter()
        .position(|b| b.content.start <= span.start && span.end <= b.content.end)
    else {
        return false;
    };
    *seen
        .entry(index)
        .or_insert_with(|| block_in_title_case(article, entities, &article.blocks[index]))
}

fn block_in_title_case(
    article: &Article,
    entities: &[Entity],
    block: &crate::syntax::Block,
) -> bool {
    let tokens = source_tokens(article, article.plain.span_to_plain(block.content));
    let words: Vec<&Token> = tokens
        .iter()
        .filter(|t| t.is_word())
        .skip(1)
        .filter(|t| {
            // Entities are sorted and disjoint, so their ends are sorted
            // too: the first one ending after the token is the only one
            // that can overlap it.
            let i = entities.partition_point(|e| e.span.end <= t.span.start);
            !entities.get(i).is_some_and(|e| e.span.overlaps(t.span))
        })
        .collect();
    let caps = words.iter().filter(|t| t.capitalized).count();
    words.len() >= 4 && caps * 10 >= words.len() * 7
}

struct TitleView<'a> {
    entity: &'a Entity,
    tokens: Vec<Token>,
    aligned: Vec<Aligned>,
    role_key: String,
}

fn titles(
    text: &str,
    lex: &Lexicons,
    article: &Article,
    recognition: &Recognition,
    out: &mut Vec<Finding>,
) {
    let debris: Vec<Span> = recognition
        .entities
        .iter()
        .filter(|e| e.kind == EntityKind::Debris)
        .map(|e| e.span)
        .collect();
    let ignored: Vec<Span> = article
        .annotations
        .iter()
        .filter(|a| a.has(crate::syntax::EntityClass::Ignore))
        .map(|a| a.span)
        .collect();
    let views: Vec<TitleView> = recognition
        .entities
        .iter()
        .filter(|e| e.kind == EntityKind::Title)
        .filter(|e| !debris.iter().chain(&ignored).any(|d| d.overlaps(e.span)))
        .filter_map(|e| {
            let tokens = source_tokens(article, article.plain.span_to_plain(e.span));
            // Markup inside the title (nested annotations): leave it.
            if tokens.iter().any(|t| t.is_punct("[") || t.is_punct("{")) {
                return None;
            }
            let (aligned, role_key) = align(lex, &tokens)?;
            Some(TitleView {
                entity: e,
                tokens,
                aligned,
                role_key,
            })
        })
        .collect();
    let mut title_case_blocks = HashMap::new();
    for v in &views {
        check_title(
            text,
            article,
            &recognition.entities,
            v,
            &views,
            &mut title_case_blocks,
            out,
        );
    }
}

fn check_title(
    text: &str,
    article: &Article,
    entities: &[Entity],
    v: &TitleView,
    all: &[TitleView],
    title_case_blocks: &mut HashMap<usize, bool>,
    out: &mut Vec<Finding>,
) {
    let e = v.entity;
    // Headline capitals: "BÍ THƯ QUẬN ỦY".
    if v.aligned.iter().any(|a| v.tokens[a.tok].all_caps) {
        return;
    }
    let sentence_start = at_sentence_start(text, article, e.span);
    let headline_style = title_case_block(article, entities, e.span, title_case_blocks);
    let linked = !e.links.is_empty();
    let informative = |a: &Aligned| !(a.tok == 0 && sentence_start);
    let upper = |a: &Aligned| v.tokens[a.tok].capitalized;
    let role_rest_ok_upper = v
        .aligned
        .iter()
        .any(|a| a.part == Part::RoleRest && a.canonical_upper && upper(a));
    let role_first_upper = v
        .aligned
        .iter()
        .any(|a| a.part == Part::RoleFirst && informative(a) && upper(a));
    let organ_ok_upper = |n: usize| {
        v.aligned.iter().any(|a| {
            matches!(a.part, Part::Organ { n: m, .. } if m == n) && a.canonical_upper && upper(a)
        })
    };
    let mut flagged: Vec<(usize, bool)> = Vec::new();
    let mut related: Option<(Span, String)> = None;
    let mut reasons: Vec<&str> = Vec::new();
    for a in v.aligned.iter().filter(|a| informative(a)) {
        let written_upper = upper(a);
        if written_upper == a.canonical_upper {
            continue;
        }
        if written_upper {
            if !headline_style {
                flagged.push((a.tok, false));
                reasons.push("viết hoa thừa");
            }
            continue;
        }
        let flag = match a.part {
            Part::RoleFirst => {
                if linked {
                    reasons.push("chức danh đi kèm tên người viết hoa chữ cái đầu");
                }
                linked
            }
            Part::RoleRest => {
                if role_rest_ok_upper {
                    reasons.push("viết hoa không nhất quán trong chức danh");
                    true
                } else if let Some(other) = all.iter().find(|o| {
                    o.role_key == v.role_key
                        && o.aligned.iter().any(|b| {
                            b.part == Part::RoleRest
                                && b.role_word == a.role_word
                                && b.canonical_upper
                                && o.tokens[b.tok].capitalized
                        })
                }) {
                    reasons.push("bài viết chức danh này ở dạng khác");
                    related.get_or_insert((
                        other.entity.span,
                        format!("Viết là “{}” ở đây", &text[other.entity.span.range()]),
                    ));
                    true
                } else {
                    false
                }
            }
            Part::Organ { n, proper } => {
                let f = proper && (linked || role_first_upper || organ_ok_upper(n));
                if f {
                    reasons.push("tên cơ quan, tổ chức viết hoa chữ cái đầu");
                }
                f
            }
        };
        if flag {
            flagged.push((a.tok, true));
        }
    }
    if flagged.is_empty() {
        return;
    }
    flagged.sort();
    let edits: Vec<Edit> = flagged
        .iter()
        .map(|&(k, up)| {
            let t = &v.tokens[k];
            let w = &text[t.span.range()];
            Edit {
                span: t.span,
                replacement: if up {
                    capitalize_first(w)
                } else {
                    lowercase_first(w)
                },
            }
        })
        .collect();
    let span = Span::new(edits[0].span.start, edits[edits.len() - 1].span.end);
    let fixed = {
        let mut s = String::new();
        let mut at = e.span.start;
        for ed in &edits {
            s.push_str(&text[at..ed.span.start]);
            s.push_str(&ed.replacement);
            at = ed.span.end;
        }
        s.push_str(&text[at..e.span.end]);
        s
    };
    reasons.dedup();
    let mut f = Finding::new(
        TITLE.code,
        TITLE.default_severity,
        span,
        format!(
            "Chức danh “{}” viết hoa chưa đúng ({}); nên viết “{fixed}”.",
            &text[e.span.range()],
            reasons.join("; ")
        ),
    )
    .en(format!(
        "The title “{}” is capitalised wrongly ({}); write “{fixed}”.",
        &text[e.span.range()],
        reasons
            .iter()
            .map(|r| title_reason_en(r))
            .collect::<Vec<_>>()
            .join("; ")
    ))
    .with_fix(Fix {
        title: format!("Sửa thành “{fixed}”"),
        edits,
        title_en: Some(format!("Change to “{fixed}”")),
        safe: false,
    });
    if let Some((s, m)) = related {
        f = f
            .with_related(s, m)
            .related_en(format!("Written “{}” here", &text[s.range()]));
    }
    out.push(f);
}

/// The English for a reason `check_title` gives.
fn title_reason_en(reason: &str) -> &'static str {
    match reason {
        "viết hoa thừa" => "needless capital",
        "chức danh đi kèm tên người viết hoa chữ cái đầu" => {
            "a title next to a person's name takes an initial capital"
        }
        "viết hoa không nhất quán trong chức danh" => {
            "inconsistent capitals within the title"
        }
        "bài viết chức danh này ở dạng khác" => {
            "the article writes this title differently"
        }
        "tên cơ quan, tổ chức viết hoa chữ cái đầu" => {
            "the name of a body or organisation takes an initial capital"
        }
        _ => "capitalisation",
    }
}

/// The English for an administrative unit type ("phường" → "ward").
fn unit_type_en(unit_type: &str) -> String {
    match unit_type {
        "phường" => "ward".into(),
        "xã" => "commune".into(),
        "quận" => "urban district".into(),
        "huyện" => "district".into(),
        "thị xã" => "town".into(),
        "thị trấn" => "township".into(),
        "thành phố" => "city".into(),
        "tỉnh" => "province".into(),
        "đặc khu" => "special zone".into(),
        other => format!("unit “{other}”"),
    }
}

// ---------------------------------------------------------------------------
// capitalization/proper-noun

/// Units the article names with a type word and a capitalised name, plus
/// their ancestors, and the units of recognised places: the article's
/// context, by key of the full name ("quận hoàng mai").
fn context_names(
    lex: &Lexicons,
    recognition: &Recognition,
    blocks: &[Vec<Token>],
) -> HashSet<String> {
    let g = &lex.gazetteer;
    let mut out = HashSet::new();
    for e in &recognition.entities {
        if let crate::entity::Value::Place(pv) = &e.value {
            out.extend(pv.hierarchy.iter().map(|h| phrase_key(h)));
        }
    }
    for tokens in blocks {
        for i in 0..tokens.len() {
            let Some((m, units)) = typed_name(lex, tokens, i) else {
                continue;
            };
            if !tokens[m.name_start..m.name_end]
                .iter()
                .all(|t| t.capitalized)
            {
                continue;
            }
            for u in units {
                let mut cur = Some(u);
                while let Some(c) = cur {
                    out.insert(phrase_key(&g.units[c].full_name()));
                    cur = g.units[c].parent;
                }
            }
        }
    }
    out
}

struct TypedName {
    type_start: usize,
    name_start: usize,
    name_end: usize,
}

/// A unit-type word at `tokens[i]` followed by a gazetteer name of that
/// type, in any case: the name's token range and the fitting units.
fn typed_name(lex: &Lexicons, tokens: &[Token], i: usize) -> Option<(TypedName, Vec<usize>)> {
    let g = &lex.gazetteer;
    let (tlen, unit_type) = lex.posts.unit_types.longest(tokens, i)?;
    let mut n = i + tlen;
    if tokens[n - 1].all_caps
        && tokens
            .get(n)
            .is_some_and(|t| t.is_punct(".") && t.gap_before == Gap::None)
    {
        n += 1;
    }
    let first = tokens.get(n)?;
    if first.gap_before != Gap::Space || !first.is_word() {
        return None;
    }
    let (nlen, units) = g.by_name.longest(tokens, n)?;
    let name = &tokens[n..n + nlen];
    if !name
        .iter()
        .all(|t| t.is_word() && t.gap_before == Gap::Space)
    {
        return None;
    }
    let fitting: Vec<usize> = units
        .iter()
        .copied()
        .filter(|&u| {
            g.units[u].unit_type == *unit_type
                || (unit_type == "thành phố" && g.units[u].unit_type == "tỉnh")
        })
        .collect();
    if fitting.is_empty() {
        return None;
    }
    Some((
        TypedName {
            type_start: i,
            name_start: n,
            name_end: n + nlen,
        },
        fitting,
    ))
}

/// Words that make a following unit-type word plural, hence generic.
const PLURALS: &[&str] = &[
    "các", "những", "mọi", "mỗi", "nhiều", "hai", "ba", "bốn", "năm",
];

/// A hyphen or apostrophe glued after a name continues it.
fn glue_after(t: &Token) -> bool {
    t.gap_before == Gap::None && (t.is_punct("-") || t.is_punct("'") || t.is_punct("’"))
}

fn proper_nouns(
    text: &str,
    lex: &Lexicons,
    recognition: &Recognition,
    blocks: &[Vec<Token>],
    skip: &Skip,
    out: &mut Vec<Finding>,
) {
    let g = &lex.gazetteer;
    let context = context_names(lex, recognition, blocks);
    for tokens in blocks {
        let mut i = 0;
        while i < tokens.len() {
            let Some((m, units)) = typed_name(lex, tokens, i) else {
                i += 1;
                continue;
            };
            let name = &tokens[m.name_start..m.name_end];
            i = m.name_end;
            if name.len() < 2
                || name.iter().all(|t| t.capitalized)
                || name.iter().any(|t| t.all_caps)
            {
                continue;
            }
            let span = Span::new(name[0].span.start, name[name.len() - 1].span.end);
            if skip.hits(span) {
                continue;
            }
            let named = |u: usize| context.contains(&phrase_key(&g.units[u].full_name()));
            let all_lower = name.iter().all(|t| !t.capitalized);
            let found = if all_lower {
                // Many unit names are also common words ("phường thành
                // công tổ chức…"): a fully lower-case name counts only for
                // a unit the article names properly elsewhere, standing
                // where a name stands (not after a plural, not running on
                // into a clause).
                let plural = m.type_start > 0
                    && tokens[m.type_start].gap_before != Gap::Break
                    && PLURALS
                        .iter()
                        .any(|w| syllable_key(w) == tokens[m.type_start - 1].key);
                let ends_name = tokens.get(m.name_end).is_none_or(|t| {
                    t.gap_before == Gap::Break
                        || (!t.is_word() && !glue_after(t))
                        || (t.is_word() && t.capitalized)
                        || lex.posts.unit_types.longest(tokens, m.name_end).is_some()
                        || t.key == syllable_key("thuộc")
                });
                if plural || !ends_name {
                    continue;
                }
                units.iter().copied().find(|&u| named(u))
            } else {
                // Mixed case is a name: the unit or its parent in context.
                units
                    .iter()
                    .copied()
                    .find(|&u| named(u) || g.units[u].parent.is_some_and(named))
            };
            let Some(u) = found else {
                continue;
            };
            let official = tokenize(&g.units[u].name, Span::new(0, g.units[u].name.len()));
            if official.len() != name.len() {
                continue;
            }
            let edits: Vec<Edit> = name
                .iter()
                .zip(&official)
                .filter(|(t, o)| t.capitalized != o.capitalized)
                .map(|(t, o)| {
                    let w = &text[t.span.range()];
                    Edit {
                        span: t.span,
                        replacement: if o.capitalized {
                            capitalize_first(w)
                        } else {
                            lowercase_first(w)
                        },
                    }
                })
                .collect();
            if edits.is_empty() {
                continue;
            }
            let written = &text[span.range()];
            let fixed = with_edits(text, span, &edits);
            out.push(
                Finding::new(
                    PROPER_NOUN.code,
                    PROPER_NOUN.default_severity,
                    span,
                    format!(
                        "Tên {} “{written}” phải viết hoa: “{fixed}”.",
                        g.units[u].unit_type
                    ),
                )
                .en(format!(
                    "The name of the {} “{written}” must be capitalised: “{fixed}”.",
                    unit_type_en(&g.units[u].unit_type)
                ))
                .with_fix(Fix {
                    title: format!("Viết hoa thành “{fixed}”"),
                    edits,
                    title_en: Some(format!("Capitalise as “{fixed}”")),
                    safe: false,
                }),
            );
        }
    }
}

// ---------------------------------------------------------------------------
// capitalization/organization

/// How sure a lower-case mention of an organisation's name is the
/// organisation rather than the same words used as a common noun.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum OrgSense {
    /// Only the organisation is called that ("bộ tài chính", "sở y tế",
    /// "bộ chính trị"): lower case is a capitalisation slip.
    Specific,
    /// The words are also a common noun ("ban tổ chức" of an event, "ủy ban
    /// nhân dân các cấp", "chính phủ điện tử"): lower case counts only when
    /// a capitalised organ, "Trung ương" or a unit follows.
    Anchored,
}

#[derive(Debug, Clone)]
struct OrgName {
    /// The official capitalisation.
    canonical: String,
    sense: OrgSense,
    /// A unit-type word alone ("ủy ban nhân dân phường") makes it one body.
    takes_unit: bool,
}

/// Organs and departments whose lower-case form names only them.
const SPECIFIC_ORGANS: &[&str] = &[
    "Ban Chấp hành Trung ương Đảng",
    "Ban Chấp hành Trung ương",
    "Trung ương Đảng",
    "Bộ Chính trị",
    "Ban Bí thư",
    "Ủy ban Mặt trận Tổ quốc Việt Nam",
    "Ủy ban Mặt trận Tổ quốc",
    "Mặt trận Tổ quốc Việt Nam",
    "Đảng Cộng sản Việt Nam",
    "Đoàn Thanh niên Cộng sản Hồ Chí Minh",
    "Hội Liên hiệp Phụ nữ",
    "Hội Cựu chiến binh",
    "Liên đoàn Lao động",
    "Kho bạc Nhà nước",
    "Bộ Tư lệnh Thủ đô",
    "Viện Kiểm sát nhân dân",
];

/// Aliases that are also everyday words ("đoàn thanh niên" of a school).
const ANCHORED_ALIASES: &[&str] = &["Đoàn Thanh niên"];

/// Names written both ways in official use, or also verbs ("thanh tra" an
/// agency): never compared.
const UNCHECKED: &[&str] = &["Thanh tra", "Ban Quản lý dự án"];

/// The organisation names of the posts grammar, by key.
fn org_table(lex: &Lexicons) -> &'static PhraseTable<OrgName> {
    static TABLE: OnceLock<PhraseTable<OrgName>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = PhraseTable::default();
        let mut add = |name: &str, sense: OrgSense, takes_unit: bool| {
            let words = tokenize(name, Span::new(0, name.len()));
            // One-word forms ("UBND") and abbreviations say nothing about case.
            if words.iter().filter(|t| t.is_word() && !t.all_caps).count() < 2 {
                return;
            }
            table.insert(
                name,
                OrgName {
                    canonical: name.to_string(),
                    sense,
                    takes_unit,
                },
            );
        };
        for o in lex.posts.organs.values() {
            if o.kind == "prefix" || !proper_organ(o) {
                continue;
            }
            let sense = if SPECIFIC_ORGANS.contains(&o.name.as_str()) {
                OrgSense::Specific
            } else {
                OrgSense::Anchored
            };
            add(&o.name, sense, o.takes_unit);
            for a in &o.aliases {
                let sense = if ANCHORED_ALIASES.contains(&a.as_str()) {
                    OrgSense::Anchored
                } else {
                    sense
                };
                add(a, sense, o.takes_unit);
            }
        }
        for d in lex.posts.departments.values() {
            if UNCHECKED.contains(&d.as_str()) {
                continue;
            }
            // Ministries, provincial departments and the central offices
            // are unique; "ban …", "phòng …" are also everyday committees
            // and rooms.
            let sense =
                if d.starts_with("Bộ ") || d.starts_with("Sở ") || d.starts_with("Văn phòng ")
                {
                    OrgSense::Specific
                } else {
                    OrgSense::Anchored
                };
            add(d, sense, false);
        }
        table
    })
}

/// Words before a lower-case organisation name that leave it a name (and
/// do not form a compound with its first word, as "cán" + "bộ công an" or
/// "cơ" + "sở y tế" do).
const ORG_LEAD_INS: &[&str] = &[
    "của", "với", "và", "tại", "cho", "từ", "theo", "do", "trong", "thuộc", "là", "đến", "tới",
    "gửi", "cùng", "giữa", "về", "để", "mà", "được", "bị", "có", "hoặc", "như", "ở", "thì", "hợp",
    "nghị", "cầu", "cáo", "đạo", "diện", "trình", "giao", "trì", "dẫn",
];

/// Words before a name that make it plural or generic ("các", "từng").
const ORG_GENERIC_BEFORE: &[&str] = &[
    "các", "những", "mọi", "mỗi", "nhiều", "từng", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám",
    "chín", "mười",
];

/// A mention of an organisation in one block.
struct OrgMention {
    start: usize,
    /// Token index after the mention.
    end: usize,
    sense: OrgSense,
    takes_unit: bool,
    /// (token index, canonical initial upper) for each word compared.
    words: Vec<(usize, bool)>,
}

fn org_mention<'a>(
    table: &'a PhraseTable<OrgName>,
    extra: Option<&'a PhraseTable<String>>,
    tokens: &[Token],
    i: usize,
) -> Option<OrgMention> {
    let builtin = table
        .longest(tokens, i)
        .map(|(n, o)| (n, o.canonical.as_str(), o.sense, o.takes_unit));
    // The workspace's names (`[lexicons] organizations`) are one body each.
    let added = extra
        .and_then(|t| t.longest(tokens, i))
        .map(|(n, name)| (n, name.as_str(), OrgSense::Specific, false));
    let (n, canonical, sense, takes_unit) = match (builtin, added) {
        (Some(b), Some(a)) => {
            if a.0 >= b.0 {
                a
            } else {
                b
            }
        }
        (Some(x), None) | (None, Some(x)) => x,
        (None, None) => return None,
    };
    let zipped = zip_words(canonical, tokens, i)?;
    let mut words: Vec<(usize, bool)> = zipped
        .into_iter()
        .filter(|&(k, _, canon_caps)| !canon_caps && !tokens[k].all_caps)
        .map(|(k, upper, _)| (k, upper))
        .collect();
    let mut end = i + n;
    // "Ban Tuyên giáo Trung ương", "Ủy ban Kiểm tra Trung ương".
    if tokens.get(end).is_some_and(|t| t.gap_before == Gap::Space)
        && zip_words("Trung ương", tokens, end).is_some()
        && (canonical.starts_with("Ban ") || canonical.starts_with("Ủy ban "))
    {
        words.push((end, true));
        words.push((end + 1, false));
        end += 2;
    }
    Some(OrgMention {
        start: i,
        end,
        sense,
        takes_unit,
        words,
    })
}

/// Whether what follows a lower-case mention makes it one body: a
/// capitalised organ ("ban tuyên giáo Thành ủy"), "Trung ương" (taken into
/// the mention), or a unit ("ủy ban nhân dân quận Hoàng Mai", or for
/// bodies of a unit, "ủy ban nhân dân phường" alone).
fn org_anchored(lex: &Lexicons, m: &OrgMention, tokens: &[Token]) -> bool {
    if m.words.last().is_some_and(|&(k, _)| k + 1 == m.end)
        && zip_words("Trung ương", tokens, m.end.saturating_sub(2)).is_some()
        && m.end >= m.start + 3
    {
        return true;
    }
    let Some(next) = tokens.get(m.end) else {
        return false;
    };
    if next.gap_before != Gap::Space || !next.is_word() {
        return false;
    }
    if next.capitalized && lex.posts.organs.longest(tokens, m.end).is_some() {
        return true;
    }
    let Some((tlen, _)) = lex.posts.unit_types.longest(tokens, m.end) else {
        return false;
    };
    let after = tokens.get(m.end + tlen);
    match after {
        // "quận Hoàng Mai", "phường Vĩnh Hưng".
        Some(t) if t.gap_before == Gap::Space && t.is_word() && t.capitalized => true,
        // "ủy ban nhân dân phường" alone, not "phường, xã" or "phường và xã".
        _ if m.takes_unit => after.is_none_or(|t| {
            t.gap_before == Gap::Break
                || (t.is_word()
                    && !is_key(t, "và")
                    && !is_key(t, "hoặc")
                    && lex.posts.unit_types.longest(tokens, m.end + tlen).is_none())
                || t.is_punct(".")
        }),
        _ => false,
    }
}

fn is_key(t: &Token, word: &str) -> bool {
    t.is_word() && t.key == syllable_key(word)
}

fn organizations(
    text: &str,
    lex: &Lexicons,
    article: &Article,
    recognition: &Recognition,
    blocks: &[Vec<Token>],
    extra: Option<&ExtraLexicons>,
    out: &mut Vec<Finding>,
) {
    let table = org_table(lex);
    let extra_table = extra.map(|x| &x.organizations).filter(|t| !t.is_empty());
    // Titles are the title rule's; names, places, documents and debris
    // are not organisations; annotated text was marked up on purpose.
    let mut taken_spans: Vec<Span> = recognition
        .entities
        .iter()
        .filter(|e| {
            matches!(
                e.kind,
                EntityKind::Title
                    | EntityKind::Person
                    | EntityKind::Place
                    | EntityKind::Document
                    | EntityKind::Debris
            )
        })
        .map(|e| e.span)
        .collect();
    taken_spans.extend(article.annotations.iter().map(|a| a.span));
    let taken = SpanSet::new(taken_spans);
    let mut title_case_blocks = HashMap::new();
    for tokens in blocks {
        let mut i = 0;
        while i < tokens.len() {
            if !tokens[i].is_word() {
                i += 1;
                continue;
            }
            let Some(m) = org_mention(table, extra_table, tokens, i) else {
                i += 1;
                continue;
            };
            i = m.end;
            if let Some(f) = check_org(
                text,
                lex,
                article,
                recognition,
                tokens,
                &m,
                &taken,
                &mut title_case_blocks,
            ) {
                out.push(f);
            }
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn check_org(
    text: &str,
    lex: &Lexicons,
    article: &Article,
    recognition: &Recognition,
    tokens: &[Token],
    m: &OrgMention,
    taken: &SpanSet,
    title_case_blocks: &mut HashMap<usize, bool>,
) -> Option<Finding> {
    let span = Span::new(tokens[m.start].span.start, tokens[m.end - 1].span.end);
    if taken.any_overlaps(span) {
        return None;
    }
    // Glued into a longer word ("Mặt trận Tổ quốc-…") or markup.
    if glued(tokens, m.start, m.end) {
        return None;
    }
    let sentence_start = at_sentence_start(text, article, span);
    let informative = |k: usize| !(k == m.start && sentence_start);
    let diffs: Vec<(usize, bool)> = m
        .words
        .iter()
        .copied()
        .filter(|&(k, canon)| informative(k) && tokens[k].capitalized != canon)
        .collect();
    if diffs.is_empty() {
        return None;
    }
    let over_only = diffs.iter().all(|&(k, _)| tokens[k].capitalized);
    if over_only && title_case_block(article, &recognition.entities, span, title_case_blocks) {
        return None;
    }
    // Capitals after the first word: the writer meant the name.
    let named = m
        .words
        .iter()
        .any(|&(k, _)| k != m.start && tokens[k].capitalized);
    if !named {
        let first_upper = informative(m.start) && tokens[m.start].capitalized;
        let before =
            (m.start > 0 && tokens[m.start].gap_before != Gap::Break).then(|| &tokens[m.start - 1]);
        let generic_before =
            before.is_some_and(|t| ORG_GENERIC_BEFORE.iter().any(|w| is_key(t, w)));
        let generic_after = tokens.get(m.end).is_some_and(|t| is_key(t, "cấp"))
            || (tokens.get(m.end).is_some_and(|t| is_key(t, "các"))
                && tokens.get(m.end + 1).is_some_and(|t| is_key(t, "cấp")));
        if generic_before || generic_after {
            return None;
        }
        // A lower-case first word must not be the end of a compound.
        if !first_upper
            && before.is_some_and(|t| {
                t.is_word() && !ORG_LEAD_INS.iter().any(|w| is_key(t, w)) && !sentence_start
            })
        {
            return None;
        }
        if m.sense == OrgSense::Anchored && !org_anchored(lex, m, tokens) {
            return None;
        }
    }
    let edits: Vec<Edit> = diffs
        .iter()
        .map(|&(k, canon)| {
            let w = &text[tokens[k].span.range()];
            Edit {
                span: tokens[k].span,
                replacement: if canon {
                    capitalize_first(w)
                } else {
                    lowercase_first(w)
                },
            }
        })
        .collect();
    let written = &text[span.range()];
    let fixed = with_edits(text, span, &edits);
    let (why, why_en) = if over_only {
        (
            "chỉ viết hoa chữ cái đầu của tên và của phần tên riêng",
            "only the first word and the words of the specific name take a capital",
        )
    } else {
        (
            "viết hoa chữ cái đầu của tên và của phần tên riêng",
            "the first word and the words of the specific name take a capital",
        )
    };
    Some(
        Finding::new(
            ORGANIZATION.code,
            ORGANIZATION.default_severity,
            span,
            format!("Tên cơ quan, tổ chức “{written}” viết hoa chưa đúng quy định ({why}); nên viết “{fixed}”."),
        )
        .en(format!("The organisation name “{written}” is not capitalised as the official rules require ({why_en}); write “{fixed}”."))
        .with_fix(
            Fix {
                title: format!("Sửa thành “{fixed}”"),
                edits,
                title_en: None,
                safe: false,
            }
            .en(format!("Change to “{fixed}”")),
        ),
    )
}

/// Whether the mention is glued to a word or markup on either side.
fn glued(tokens: &[Token], start: usize, end: usize) -> bool {
    let glue = |t: &Token| {
        !t.is_punct(",")
            && !t.is_punct(".")
            && !t.is_punct(":")
            && !t.is_punct(";")
            && !t.is_punct(")")
            && !t.is_punct("”")
            && !t.is_punct("\"")
    };
    (start > 0
        && tokens[start].gap_before == Gap::None
        && !tokens[start - 1].is_punct("(")
        && !tokens[start - 1].is_punct("“")
        && !tokens[start - 1].is_punct("\""))
        || tokens
            .get(end)
            .is_some_and(|t| t.gap_before == Gap::None && glue(t))
}

/// `text[span]` with `edits` (sorted, disjoint, inside `span`) applied.
fn with_edits(text: &str, span: Span, edits: &[Edit]) -> String {
    let mut fixed = String::new();
    let mut at = span.start;
    for e in edits {
        fixed.push_str(&text[at..e.span.start]);
        fixed.push_str(&e.replacement);
        at = e.span.end;
    }
    fixed.push_str(&text[at..span.end]);
    fixed
}

#[cfg(test)]
mod tests {
    use crate::analysis::{AnalyzeOptions, analyze};
    use crate::syntax::SourceFormat;

    fn run_format(
        text: &str,
        rule: &str,
        format: SourceFormat,
    ) -> Vec<(String, String, Vec<String>)> {
        analyze(text, &AnalyzeOptions::with_format(format))
            .findings
            .iter()
            .filter(|f| f.rule == rule)
            .map(|f| {
                let mut s = text.to_string();
                for e in f.fixes[0].edits.iter().rev() {
                    s.replace_range(e.span.range(), &e.replacement);
                }
                let related = f
                    .related
                    .iter()
                    .map(|r| text[r.span.range()].to_string())
                    .collect();
                (text[f.span.range()].to_string(), s, related)
            })
            .collect()
    }

    fn run(text: &str, rule: &str) -> Vec<(String, String, Vec<String>)> {
        run_format(text, rule, SourceFormat::PlainText)
    }

    #[test]
    fn title_mixed_role_is_fixed() {
        let text = "Tại hội nghị, đồng chí Nguyễn Thị Bích Hạnh - Phó bí thư Thường trực Đảng ủy - Chủ tịch HĐND phường đã báo cáo.";
        let found = run(text, "capitalization/title");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, "bí");
        assert_eq!(
            found[0].1,
            text.replace("Phó bí thư Thường trực", "Phó Bí thư Thường trực")
        );
    }

    #[test]
    fn title_over_capitalised() {
        let text = "Phát biểu tại hội nghị, Bí Thư Quận Ủy Hoàng Mai Nguyễn Xuân Linh nhấn mạnh.";
        let found = run(text, "capitalization/title");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, "Thư Quận Ủy");
        assert_eq!(found[0].1, text.replace("Bí Thư Quận Ủy", "Bí thư Quận ủy"));
    }

    #[test]
    fn title_lower_case_beside_a_person() {
        let text = "Ông Nguyễn Văn An, chủ tịch UBND xã Mường Xén, cho biết như vậy.";
        let found = run(text, "capitalization/title");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, "chủ");
        assert_eq!(found[0].1, text.replace("chủ tịch", "Chủ tịch"));
    }

    #[test]
    fn title_inconsistent_across_article() {
        let text = "Phó Chủ tịch UBND quận Nguyễn Văn An dự họp. Sau đó, Phó chủ tịch UBND quận Lê Văn Bình phát biểu.";
        let found = run(text, "capitalization/title");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, "chủ");
        assert_eq!(found[0].2, vec!["Phó Chủ tịch UBND quận".to_string()]);
    }

    #[test]
    fn title_lower_case_organ_beside_a_person() {
        let text = "Ông Lê Văn Bình, bí thư đảng ủy xã, cho biết như vậy.";
        let found = run(text, "capitalization/title");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, "bí thư đảng");
        assert_eq!(found[0].1, text.replace("bí thư đảng ủy", "Bí thư Đảng ủy"));
    }

    #[test]
    fn title_at_sentence_start() {
        // The sentence's capital is no evidence either way; other words
        // still are.
        let text = "Hội nghị kết thúc. Chủ Tịch UBND quận Nguyễn Văn An phát biểu.";
        let found = run(text, "capitalization/title");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, "Tịch");
        assert!(
            run(
                "Hội nghị kết thúc. Chủ tịch UBND các xã họp.",
                "capitalization/title"
            )
            .is_empty()
        );
    }

    #[test]
    fn title_silent_cases() {
        for text in [
            // Official forms.
            "Bí thư Quận ủy Hoàng Mai Nguyễn Xuân Linh, Phó Bí thư Thường trực Quận ủy Nguyễn Xuân Phong và Chủ tịch UBND quận Nguyễn Minh Tâm dự.",
            // Generic roles in running text.
            "Ông đề nghị các đồng chí bí thư chi bộ và các đồng chí ủy viên quán triệt.",
            "Chủ tịch UBND các xã chịu trách nhiệm trước Chủ tịch UBND huyện.",
            // A consistent house style with lower case after "Phó".
            "Phó chủ tịch UBND quận Nguyễn Văn An dự. Phó chủ tịch UBND quận Lê Văn Bình phát biểu.",
            // Both forms of "Trưởng ban Dân vận" are in use.
            "Trưởng ban Dân vận Thành ủy Nguyễn Thị Tuyến và Trưởng Ban Tuyên giáo Thành ủy Nguyễn Văn Phong dự.",
            // Headline capitals.
            "BÍ THƯ QUẬN ỦY HOÀNG MAI NGUYỄN XUÂN LINH THĂM CÁC GIA ĐÌNH",
        ] {
            let found = run(text, "capitalization/title");
            assert!(found.is_empty(), "{text}: {found:?}");
        }
    }

    #[test]
    fn organization_fires() {
        let text = "Theo bộ tài chính, nguồn thu tăng. Văn bản gửi Bộ tài Chính và Sở y tế. Sáng nay, Ủy Ban Nhân Dân quận họp.";
        let found = run(text, "capitalization/organization");
        let shown: Vec<(&str, &str)> = found
            .iter()
            .map(|(at, _, _)| at.as_str())
            .zip(["Bộ Tài chính", "Bộ Tài chính", "Sở Y tế", "Ủy ban nhân dân"])
            .collect();
        assert_eq!(
            shown,
            vec![
                ("bộ tài chính", "Bộ Tài chính"),
                ("Bộ tài Chính", "Bộ Tài chính"),
                ("Sở y tế", "Sở Y tế"),
                ("Ủy Ban Nhân Dân", "Ủy ban nhân dân"),
            ]
        );
        for (at, fixed, _) in &found {
            let right = shown.iter().find(|(a, _)| a == at).unwrap().1;
            assert_eq!(*fixed, text.replacen(at.as_str(), right, 1), "{at}");
        }
        // Exact range and English texts.
        let a = analyze(text, &AnalyzeOptions::with_format(SourceFormat::PlainText));
        let f = a
            .findings
            .iter()
            .find(|f| f.rule == "capitalization/organization")
            .unwrap();
        assert_eq!(f.span.start, text.find("bộ tài chính").unwrap());
        assert_eq!(f.span.end, f.span.start + "bộ tài chính".len());
        assert!(f.message_en.is_some() && f.fixes[0].title_en.is_some());
        assert!(!f.fixes[0].safe);
        // Lower case with a unit or "Trung ương" after it.
        let text = "Sáng 5/3, ủy ban nhân dân quận Hoàng Mai tổ chức hội nghị theo hướng dẫn của ban tuyên giáo trung ương.";
        let found = run(text, "capitalization/organization");
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].0, "ủy ban nhân dân");
        assert_eq!(
            found[0].1,
            text.replace("ủy ban nhân dân", "Ủy ban nhân dân")
        );
        assert_eq!(found[1].0, "ban tuyên giáo trung ương");
        assert_eq!(
            found[1].1,
            text.replace("ban tuyên giáo trung ương", "Ban Tuyên giáo Trung ương")
        );
        // Capitals inside the name say it is the name.
        let text =
            "Đại hội đã bầu Ban chấp hành Đảng bộ khóa mới. Mặt trận tổ quốc Việt Nam phát động.";
        let found = run(text, "capitalization/organization");
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].0, "Ban chấp hành Đảng bộ");
        assert_eq!(found[1].0, "Mặt trận tổ quốc Việt Nam");
        assert_eq!(
            found[1].1,
            text.replace("Mặt trận tổ quốc", "Mặt trận Tổ quốc")
        );
    }

    #[test]
    fn organization_silent_cases() {
        for text in [
            // Official forms.
            "Bộ Tài chính, Văn phòng Chính phủ, Ban Tuyên giáo Trung ương, Hội đồng nhân dân thành phố và Mặt trận Tổ quốc Việt Nam dự.",
            "Ủy ban nhân dân thành phố Hà Nội ban hành kế hoạch.",
            // Generic uses.
            "Các bộ, ngành và địa phương phối hợp. Ban chỉ đạo đã họp. Hội đồng thi đua khen thưởng xét duyệt.",
            "Ban tổ chức giải chạy cho biết sẽ trao giải. Sau đó, ban tổ chức công bố kết quả.",
            "Ủy ban nhân dân các cấp chịu trách nhiệm. Các ủy ban nhân dân phường báo cáo.",
            "Hội đồng nhân dân cấp xã giám sát. Chính phủ điện tử phát triển.",
            // Compounds ending in the name's first word.
            "Cán bộ công an xã và cơ sở y tế phối hợp. Toàn bộ tài chính của dự án được công khai.",
            // The sentence's capital says nothing.
            "Hội nghị kết thúc. Ban tổ chức cảm ơn các đại biểu.",
            // Headline capitals.
            "BỘ TÀI CHÍNH HƯỚNG DẪN QUYẾT TOÁN",
            "Bộ Trưởng Bộ Tài Chính Thăm Hỏi Các Gia Đình Chính Sách",
            // Inside a title: the title rule's.
            "Bộ trưởng Bộ Tài chính Nguyễn Văn Thắng phát biểu.",
        ] {
            let found = run(text, "capitalization/organization");
            assert!(found.is_empty(), "{text}: {found:?}");
        }
        let text = "Bảng tên [bộ tài chính]{.ignore} là ảnh chụp.";
        assert!(run_format(text, "capitalization/organization", SourceFormat::Article).is_empty());
    }

    #[test]
    fn organization_from_the_workspace_lexicon() {
        use crate::lexicon::ExtraLexicons;
        use crate::lexicon::extra::LexiconKind;
        let text = "Người dân đến trung tâm phục vụ hành chính công của quận.";
        assert!(run(text, "capitalization/organization").is_empty());
        let mut extra = ExtraLexicons::default();
        assert!(
            extra
                .add(
                    LexiconKind::Organizations,
                    "Trung tâm Phục vụ hành chính công\n"
                )
                .is_empty()
        );
        let mut options = AnalyzeOptions::with_format(SourceFormat::PlainText);
        options.rules.lexicons = Some(std::sync::Arc::new(extra));
        let found: Vec<_> = analyze(text, &options)
            .findings
            .into_iter()
            .filter(|f| f.rule == "capitalization/organization")
            .collect();
        assert_eq!(found.len(), 1);
        assert_eq!(
            &text[found[0].span.range()],
            "trung tâm phục vụ hành chính công"
        );
        let edits: Vec<&str> = found[0].fixes[0]
            .edits
            .iter()
            .map(|e| e.replacement.as_str())
            .collect();
        assert_eq!(edits, vec!["Trung", "Phục"]);
    }

    #[test]
    fn proper_noun_fires() {
        let text = "phường vĩnh hưng\n\nĐảng ủy phường Vĩnh Hưng họp tại quận Hoàng Mai.";
        let found = run(text, "capitalization/proper-noun");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, "vĩnh hưng");
        assert_eq!(found[0].1, text.replacen("vĩnh hưng", "Vĩnh Hưng", 1));
        // Partly lower case; the district alone is context enough.
        let text = "Các phường của quận Hoàng Mai, trong đó có phường Định công, đã họp.";
        let found = run(text, "capitalization/proper-noun");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, "Định công");
        assert_eq!(found[0].1, text.replace("Định công", "Định Công"));
    }

    #[test]
    fn proper_noun_silent_cases() {
        for text in [
            "Phát triển kinh tế xã hội, quận huyện, phường xã tại quận Hoàng Mai.",
            // Not a unit of the article: prose.
            "Các xã hoàn thành chỉ tiêu, các phường thành công.",
            // Already right.
            "Đảng ủy phường Vĩnh Hưng họp tại quận Hoàng Mai.",
            // The unit's name used as words, right after the bare type word.
            "Đảng bộ phường Thành Công (quận Ba Đình) họp. Năm nay, phường thành công tổ chức đại hội; các phường thành công khác.",
        ] {
            let found = run(text, "capitalization/proper-noun");
            assert!(found.is_empty(), "{text}: {found:?}");
        }
    }
}
