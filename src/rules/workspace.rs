//! The article against the workspace timeline: what the *other* articles of
//! the workspace say on the same dates (`RuleSettings::workspace`).
//!
//! - `title/workspace-holder`: the article (dated D) names X as *the*
//!   holder of a single-holder post, while other articles name Y in it on
//!   D, or on both sides of D (at most a year apart) with nobody else named
//!   in between.
//! - `ordinal/workspace-term`: a congress's ordinal and term disagree with
//!   what other articles give for the same body.
//!
//! Other articles are evidence, not truth, so silence wins whenever they
//! are thin or disagree among themselves: no date here, undated articles
//! there, posts with several holders, former, acting or newly elected
//! holders, paragraphs that tell of an election or a handover, names that
//! may be the same person (initials, a shorter form), bodies without a
//! name. The rule only looks things up in an index: it runs on every
//! keystroke in the editor.

use std::path::Path;

use unicode_normalization::UnicodeNormalization;

use super::RuleInfo;
use crate::finding::{Edit, Finding, Fix, Severity};
use crate::recognize::dates::{Ymd, to_roman};
use crate::rules::dates::day_number;
use crate::span::Span;
use crate::workspace::facts::{comparable_name, same_person};
use crate::workspace::{ArticleSummary, CongressFact, HolderFact, WorkspaceFacts};

pub const HOLDER: RuleInfo = RuleInfo {
    code: "title/workspace-holder",
    default_severity: Severity::Warning,
    summary: "Chức vụ chỉ một người giữ mà các bài khác trong thư mục ghi là do người khác giữ vào ngày của bài (cùng ngày, hoặc cả trước và sau ngày đó).",
    summary_en: "A single-holder post that other articles of the workspace give to someone else on the article's date (the same day, or both before and after it).",
};

pub const TERM: RuleInfo = RuleInfo {
    code: "ordinal/workspace-term",
    default_severity: Severity::Warning,
    summary: "Lần thứ và nhiệm kỳ của một đại hội khác với các bài khác trong thư mục (cùng lần thứ mà khác nhiệm kỳ, hoặc cùng nhiệm kỳ mà khác lần thứ).",
    summary_en: "A congress whose ordinal and term disagree with the other articles of the workspace (same ordinal with another term, or same term with another ordinal).",
};

/// The two articles bracketing the date may be at most this far apart: a
/// holder named a year before and a year after is no proof for the years
/// between (articles also retell old events without "nguyên").
const MAX_BRACKET_DAYS: i64 = 366;

/// Terms further apart than this (in start years) belong to different
/// bodies of the same name (a ward re-formed in 2025 starts again at "lần
/// thứ I"), not to a slip.
const MAX_TERM_SHIFT: i32 = 10;

/// How many other articles a message names.
const LISTED: usize = 3;

pub fn check(
    summary: &ArticleSummary,
    text: &str,
    facts: &dyn WorkspaceFacts,
    out: &mut Vec<Finding>,
) {
    holders(summary, facts, out);
    terms(summary, text, facts, out);
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

fn dmy(d: Ymd) -> String {
    format!("{}/{}/{}", d.day, d.month, d.year)
}

/// "a.article, b.article và 2 bài khác" / "a.article, b.article and 2 more".
fn list_files<'a>(paths: impl Iterator<Item = &'a Path>) -> (String, String) {
    let mut names: Vec<String> = Vec::new();
    for p in paths {
        let n = file_name(p);
        if !names.contains(&n) {
            names.push(n);
        }
    }
    let more = names.len().saturating_sub(LISTED);
    names.truncate(LISTED);
    let list = names.join(", ");
    if more > 0 {
        (
            format!("{list} và {more} bài khác"),
            format!("{list} and {more} more"),
        )
    } else {
        (list.clone(), list)
    }
}

/// One dated claim in a post's timeline: another article's, or this one's.
#[derive(Clone, Copy)]
struct Entry<'a> {
    key: &'a str,
    name: &'a str,
    date: Ymd,
    path: &'a Path,
    /// Index into the facts; `None` for this article's own claim.
    fact: Option<usize>,
}

/// Someone other than `who` named in the post on both sides of `date` in
/// `timeline` (sorted by date): the nearest entries of that person on or
/// before and on or after the date, at most [`MAX_BRACKET_DAYS`] apart,
/// with nobody else named between them. `None` when `who` is itself named
/// on both sides (then the other name is the odd one out).
fn contradiction<'t, 'a>(
    timeline: &'t [Entry<'a>],
    who: &str,
    date: Ymd,
) -> Option<(&'t Entry<'a>, &'t Entry<'a>)> {
    let close = |a: Ymd, b: Ymd| day_number(b) - day_number(a) <= MAX_BRACKET_DAYS;
    let mine = || timeline.iter().filter(|e| same_person(e.key, who));
    let mine_before = mine().map(|e| e.date).filter(|d| *d <= date).max();
    let mine_after = mine().map(|e| e.date).filter(|d| *d >= date).min();
    if let (Some(b), Some(a)) = (mine_before, mine_after)
        && close(b, a)
    {
        return None;
    }
    let mut others: Vec<&str> = Vec::new();
    for e in timeline {
        if !same_person(e.key, who) && comparable_name(e.name) && !others.contains(&e.key) {
            others.push(e.key);
        }
    }
    for y in others {
        let Some(before) = timeline
            .iter()
            .filter(|e| e.key == y && e.date <= date)
            .max_by_key(|e| e.date)
        else {
            continue;
        };
        let Some(after) = timeline
            .iter()
            .filter(|e| e.key == y && e.date >= date)
            .min_by_key(|e| e.date)
        else {
            continue;
        };
        if !close(before.date, after.date) {
            continue;
        }
        // Nobody but Y between the two (`who`, a third person, or a name
        // that cannot be compared).
        let clear = timeline
            .iter()
            .filter(|e| e.date >= before.date && e.date <= after.date)
            .all(|e| same_person(e.key, y) && comparable_name(e.name));
        if clear {
            return Some((before, after));
        }
    }
    None
}

/// The other articles naming someone else in the post around this
/// article's date, when they prove it: see [`contradiction`]; and each of
/// the two bracketing claims must hold up itself against the rest of the
/// timeline (this article included, its own article left out), so one
/// wrong article cannot make a right one look wrong.
/// Two articles of the same day naming two people are both reported.
fn bracket<'f>(
    facts: &'f [HolderFact],
    me: (&str, &str),
    date: Ymd,
    here: &Path,
) -> Option<(&'f HolderFact, &'f HolderFact)> {
    // Only claims within two windows of the date can matter.
    let day = day_number(date);
    let near = |d: Ymd| (day_number(d) - day).abs() <= 2 * MAX_BRACKET_DAYS;
    let mut timeline: Vec<Entry> = facts
        .iter()
        .enumerate()
        .filter(|(_, f)| near(f.date))
        .map(|(i, f)| Entry {
            key: &f.person_key,
            name: &f.person,
            date: f.date,
            path: &f.path,
            fact: Some(i),
        })
        .collect();
    let others: Vec<Entry> = timeline.clone();
    let (before, after) = contradiction(&others, me.0, date)?;
    let (before, after) = (before.fact?, after.fact?);
    timeline.push(Entry {
        key: me.0,
        name: me.1,
        date,
        path: here,
        fact: None,
    });
    timeline.sort_by_key(|e| e.date);
    for i in [before, after] {
        let f = facts.get(i)?;
        // A claim of the same day is checked without this article: that
        // two articles disagree on one day is the very finding (both are
        // reported, unless one is borne out by the days around it).
        let rest: Vec<Entry> = timeline
            .iter()
            .filter(|e| e.path != f.path.as_path() && (f.date != date || e.fact.is_some()))
            .copied()
            .collect();
        if contradiction(&rest, &f.person_key, f.date).is_some() {
            return None;
        }
    }
    Some((facts.get(before)?, facts.get(after)?))
}

fn holders(summary: &ArticleSummary, facts: &dyn WorkspaceFacts, out: &mut Vec<Finding>) {
    let Some(date) = summary.date else {
        return;
    };
    let mut done: Vec<(&str, &str)> = Vec::new();
    for m in &summary.mentions {
        if !comparable_name(&m.name) {
            continue;
        }
        for p in m.posts.iter().filter(|p| p.sole) {
            // One finding per (person, post) in the article.
            if done.contains(&(m.key.as_str(), p.key.as_str())) {
                continue;
            }
            done.push((&m.key, &p.key));
            let all = facts.sole_holders(&p.key);
            let Some((before, after)) = bracket(&all, (&m.key, &m.name), date, &summary.path)
            else {
                continue;
            };
            // As the other article writes it, composed (it may be NFD there).
            let y: String = before.person.nfc().collect();
            let evidence: Vec<&HolderFact> = if before.path == after.path {
                vec![before]
            } else {
                vec![before, after]
            };
            let cited: Vec<String> = evidence
                .iter()
                .map(|f| format!("{} ({})", file_name(&f.path), dmy(f.date)))
                .collect();
            let cited = cited.join(", ");
            let (vi, en) = if before.date == date && after.date == date {
                (
                    format!(
                        "Bài này (ngày {d}) ghi {x} là {post}, nhưng bài khác cùng ngày ghi {y} giữ chức này: {cited}. Chức vụ này chỉ một người đảm nhiệm.",
                        d = dmy(date),
                        x = m.name,
                        post = p.canonical,
                    ),
                    format!(
                        "This article ({d}) names {x} as {post}, but another article of the same day names {y} in this post: {cited}. Only one person holds it at a time.",
                        d = dmy(date),
                        x = m.name,
                        post = p.canonical,
                    ),
                )
            } else {
                (
                    format!(
                        "Bài này (ngày {d}) ghi {x} là {post}, nhưng các bài trước và sau ngày đó ghi {y} giữ chức này: {cited}; không bài nào ở giữa ghi {x}. Chức vụ này chỉ một người đảm nhiệm.",
                        d = dmy(date),
                        x = m.name,
                        post = p.canonical,
                    ),
                    format!(
                        "This article ({d}) names {x} as {post}, but articles before and after that date name {y} in this post: {cited}; none in between names {x}. Only one person holds it at a time.",
                        d = dmy(date),
                        x = m.name,
                        post = p.canonical,
                    ),
                )
            };
            let mut finding = Finding::new(HOLDER.code, HOLDER.default_severity, m.span, vi)
                .en(en)
                .with_related(p.span, format!("{} được ghi là {}", m.name, p.canonical))
                .related_en(format!("{} is given as {}", m.name, p.canonical));
            for f in evidence {
                finding = finding.with_elsewhere(
                    f.path.clone(),
                    f.position,
                    format!("{y} là {} (ngày {})", p.canonical, dmy(f.date)),
                    format!("{y} as {} ({})", p.canonical, dmy(f.date)),
                );
            }
            out.push(finding);
        }
    }
}

/// The one value the facts agree on, when they all do.
fn agreed<K: PartialEq + Copy>(
    facts: &[&CongressFact],
    key: impl Fn(&CongressFact) -> K,
) -> Option<K> {
    let first = key(facts.first()?);
    facts.iter().all(|f| key(f) == first).then_some(first)
}

type Pair = (u32, (i32, i32));

/// Two (ordinal, term) pairs of one body that cannot both be right: the
/// same ordinal with another term, or the same term with another ordinal.
fn conflict(a: Pair, b: Pair) -> bool {
    (a.0 == b.0 && a.1 != b.1 && (a.1.0 - b.1.0).abs() <= MAX_TERM_SHIFT)
        || (a.1 == b.1 && a.0 != b.0)
}

/// The facts this article's pair should yield to. Each pair has a support
/// (articles giving exactly it) and a number of conflicts (facts
/// contradicting it, this article included); a conflicting pair wins over
/// this one with more support, or the same support and fewer conflicts.
/// Only when *every* conflicting pair wins is this article the odd one out:
/// one wrong article among consistent ones is reported, the consistent ones
/// are not, and one article against one other is left alone.
fn odd_one_out(mine: Pair, all: &[CongressFact]) -> Vec<&CongressFact> {
    let pair = |f: &CongressFact| (f.ordinal, f.term);
    let support = |p: Pair| all.iter().filter(|f| pair(f) == p).count() + usize::from(p == mine);
    let conflicts = |p: Pair| {
        all.iter().filter(|f| conflict(p, pair(f))).count() + usize::from(conflict(p, mine))
    };
    let against: Vec<&CongressFact> = all.iter().filter(|f| conflict(mine, pair(f))).collect();
    if against.is_empty() {
        return against;
    }
    let (my_support, my_conflicts) = (support(mine), conflicts(mine));
    let all_win = against.iter().all(|f| {
        let (s, c) = (support(pair(f)), conflicts(pair(f)));
        s > my_support || (s == my_support && c < my_conflicts)
    });
    if all_win { against } else { Vec::new() }
}

fn terms(summary: &ArticleSummary, text: &str, facts: &dyn WorkspaceFacts, out: &mut Vec<Finding>) {
    for m in &summary.congresses {
        let c = &m.congress;
        let all = facts.congresses(&c.body);
        let against = odd_one_out((c.ordinal, c.term), &all);
        if against.is_empty() {
            continue;
        }
        let numeral = text
            .get(c.numeral_span.range())
            .unwrap_or_default()
            .to_string();
        let same_ordinal: Vec<&CongressFact> = against
            .iter()
            .copied()
            .filter(|f| f.ordinal == c.ordinal)
            .collect();
        let same_term: Vec<&CongressFact> = against
            .iter()
            .copied()
            .filter(|f| f.term == c.term)
            .collect();
        // What the others say instead: one term for this ordinal, one
        // ordinal for this term (either may be missing, not both).
        let term = agreed(&same_ordinal, |f| f.term);
        let ordinal = agreed(&same_term, |f| f.ordinal);
        if (term.is_none() && !same_ordinal.is_empty())
            || (ordinal.is_none() && !same_term.is_empty())
        {
            continue; // the others disagree among themselves
        }
        let (d_vi, d_en, span) = match (term, ordinal) {
            (Some(t), None) => (
                format!("lần thứ {numeral} là nhiệm kỳ {}-{}", t.0, t.1),
                format!("congress {numeral} has the term {}-{}", t.0, t.1),
                c.term_span,
            ),
            (None, Some(n)) => (
                format!(
                    "nhiệm kỳ {}-{} là lần thứ {}",
                    c.term.0,
                    c.term.1,
                    written(c.roman, n)
                ),
                format!(
                    "the {}-{} congress is number {}",
                    c.term.0,
                    c.term.1,
                    written(c.roman, n)
                ),
                c.numeral_span,
            ),
            (Some(t), Some(n)) => (
                format!(
                    "lần thứ {numeral} là nhiệm kỳ {}-{} và nhiệm kỳ {}-{} là lần thứ {}",
                    t.0,
                    t.1,
                    c.term.0,
                    c.term.1,
                    written(c.roman, n)
                ),
                format!(
                    "congress {numeral} has the term {}-{} and the {}-{} congress is number {}",
                    t.0,
                    t.1,
                    c.term.0,
                    c.term.1,
                    written(c.roman, n)
                ),
                Span::new(
                    c.numeral_span.start.min(c.term_span.start),
                    c.numeral_span.end.max(c.term_span.end),
                ),
            ),
            (None, None) => continue,
        };
        let (files_vi, files_en) = list_files(against.iter().map(|f| f.path.as_path()));
        let mut finding = Finding::new(
            TERM.code,
            TERM.default_severity,
            span,
            format!(
                "Đại hội {} ở đây ghi lần thứ {numeral}, nhiệm kỳ {}-{}, nhưng các bài khác trong thư mục ghi {d_vi}: {files_vi}.",
                c.body_text, c.term.0, c.term.1
            ),
        )
        .en(format!(
            "The congress of {} is given here as number {numeral}, term {}-{}, but other articles of the workspace say {d_en}: {files_en}.",
            c.body_text, c.term.0, c.term.1
        ));
        if let Some(t) = term {
            let years = format!("{}{}{}", t.0, c.sep, t.1);
            finding = finding.with_fix(
                Fix {
                    title: format!("Sửa nhiệm kỳ thành “{years}”"),
                    title_en: None,
                    edits: vec![Edit {
                        span: c.term_span,
                        replacement: years.clone(),
                    }],
                    safe: false,
                }
                .en(format!("Change the term to “{years}”")),
            );
        }
        if let Some(n) = ordinal {
            let n = written(c.roman, n);
            finding = finding.with_fix(
                Fix {
                    title: format!("Sửa lần thứ thành “{n}”"),
                    title_en: None,
                    edits: vec![Edit {
                        span: c.numeral_span,
                        replacement: n.clone(),
                    }],
                    safe: false,
                }
                .en(format!("Change the ordinal to “{n}”")),
            );
        }
        for o in against.iter().take(LISTED) {
            let n = written(c.roman, o.ordinal);
            finding = finding.with_elsewhere(
                o.path.clone(),
                o.position,
                format!("Lần thứ {n}, nhiệm kỳ {}-{}", o.term.0, o.term.1),
                format!("Congress {n}, term {}-{}", o.term.0, o.term.1),
            );
        }
        out.push(finding);
    }
}

/// An ordinal written like the article writes it (Roman or Arabic).
fn written(roman: bool, n: u32) -> String {
    if roman { to_roman(n) } else { n.to_string() }
}

#[cfg(test)]
mod tests;
