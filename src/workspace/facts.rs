//! What the workspace timeline rules (`rules::workspace`) may ask about the
//! *other* articles, and the tests that decide which mentions count as
//! evidence at all.
//!
//! The rule engine stays pure: it receives a [`WorkspaceFacts`] through
//! `RuleSettings::workspace` and only queries it (index lookups, no I/O).
//! Every implementation leaves out the article being checked, so an
//! article never contradicts its own earlier summary.

use std::path::{Path, PathBuf};
use std::sync::{Arc, PoisonError, RwLock};

use super::{MentionPosition, WorkspaceIndex};
use crate::entity::{Entity, EntityKind};
use crate::recognize::Recognition;
use crate::recognize::dates::Ymd;
use crate::syntax::Article;
use crate::text::vietnamese::{ascii_fold, phrase_key};

/// One dated article naming a person as *the* holder of a post.
#[derive(Debug, Clone, PartialEq)]
pub struct HolderFact {
    pub person: String,
    pub person_key: String,
    pub date: Ymd,
    pub path: PathBuf,
    /// The person's first such mention in that article.
    pub position: MentionPosition,
}

/// One article's ordinal and term for a congress of a body.
#[derive(Debug, Clone, PartialEq)]
pub struct CongressFact {
    pub ordinal: u32,
    pub term: (i32, i32),
    pub path: PathBuf,
    pub position: MentionPosition,
}

/// The other articles of the workspace, as the rules see them.
pub trait WorkspaceFacts: Send + Sync + std::fmt::Debug {
    /// Dated sole-holder claims for the post (by `registry::post_key`),
    /// oldest first.
    fn sole_holders(&self, post_key: &str) -> Vec<HolderFact>;
    /// Ordinals and terms given to the body's congresses.
    fn congresses(&self, body_key: &str) -> Vec<CongressFact>;
}

/// A borrowed index, minus one article (the CLI and tests).
#[derive(Debug, Clone, Copy)]
pub struct IndexFacts<'a> {
    pub index: &'a WorkspaceIndex,
    pub exclude: Option<&'a Path>,
}

impl WorkspaceFacts for IndexFacts<'_> {
    fn sole_holders(&self, post_key: &str) -> Vec<HolderFact> {
        self.index.sole_holder_facts(post_key, self.exclude)
    }
    fn congresses(&self, body_key: &str) -> Vec<CongressFact> {
        self.index.congress_facts(body_key, self.exclude)
    }
}

/// A shared, live index minus one article (the server). Each query holds
/// the read lock only for its lookup; nothing is copied up front.
#[derive(Clone)]
pub struct SharedIndexFacts {
    pub index: Arc<RwLock<WorkspaceIndex>>,
    pub exclude: Option<PathBuf>,
}

impl std::fmt::Debug for SharedIndexFacts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SharedIndexFacts")
            .field("exclude", &self.exclude)
            .finish_non_exhaustive()
    }
}

impl WorkspaceFacts for SharedIndexFacts {
    fn sole_holders(&self, post_key: &str) -> Vec<HolderFact> {
        let index = self.index.read().unwrap_or_else(PoisonError::into_inner);
        index.sole_holder_facts(post_key, self.exclude.as_deref())
    }
    fn congresses(&self, body_key: &str) -> Vec<CongressFact> {
        let index = self.index.read().unwrap_or_else(PoisonError::into_inner);
        index.congress_facts(body_key, self.exclude.as_deref())
    }
}

/// Words right before a title that make it something other than the
/// current, sole holding: acting ("Quyền", "Q."), former ("cựu"; "nguyên"
/// is already in the post), newly elected ("tân"), deputy ("Phó").
const QUALIFIERS: &[&str] = &["quyen", "q", "cuu", "tan", "nguyen", "pho", "tam"];

/// Words that, anywhere in the title's paragraph, mean the post may be
/// changing hands around this date (an election, an appointment, a
/// handover, a retirement): then a second holder is not a contradiction.
const TURNOVER: &[&[&str]] = &[
    &["bau"],
    &["trung", "cu"],
    &["bo", "nhiem"],
    &["dieu", "dong"],
    &["chuan", "y"],
    &["ban", "giao"],
    &["nghi", "huu"],
    &["mien", "nhiem"],
    &["thoi", "giu"],
    &["thoi", "chuc"],
    &["quyet", "dinh"],
    &["ke", "nhiem"],
    &["tien", "nhiem"],
    &["luan", "chuyen"],
    &["dam", "nhiem"],
    &["giu", "chuc"],
    &["tiep", "nhan"],
    &["nhan", "nhiem", "vu"],
    &["phu", "trach"],
];

/// Folded words of `s` (no accents, lower case), letters and digits only.
fn folded_words(s: &str) -> Vec<String> {
    ascii_fold(s)
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

fn contains_phrase(words: &[String], phrase: &[&str]) -> bool {
    words
        .windows(phrase.len())
        .any(|w| w.iter().zip(phrase).all(|(a, b)| a == b))
}

/// The largest char boundary of `s` at or below `i`.
fn floor_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Whether this title says its linked person is *the* current holder of a
/// single-holder post, firmly enough to compare with other articles: a
/// single-holder role (post lexicon) of a named organ and a named unit, not
/// former, not acting or newly elected, and no election, appointment or
/// handover told in the same paragraph.
pub fn sole_claim(text: &str, title: &Entity) -> bool {
    let Some(post) = title.post() else {
        return false;
    };
    if title.kind != EntityKind::Title
        || !post.single_holder
        || post.former
        || post.organ.is_none()
        || post.unit.as_ref().and_then(|u| u.name.as_ref()).is_none()
    {
        return false;
    }
    let (start, end) = (title.span.start, title.span.end);
    if end > text.len() || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
        return false;
    }
    // The paragraph (line) around the title, at most 2 KB each side.
    let from = floor_boundary(text, start.saturating_sub(2048));
    let line_start = text[from..start]
        .rfind(['\n', '\r'])
        .map_or(from, |i| from + i + 1);
    let to = floor_boundary(text, end.saturating_add(2048));
    let line_end = text[end..to].find(['\n', '\r']).map_or(to, |i| end + i);
    // A qualifier is the word written right before the title (a comma
    // between them ends it: "Nguyễn Văn Tân, Bí thư…" is not "tân Bí thư").
    let raw = text[line_start..start]
        .trim_end()
        .trim_end_matches('[')
        .trim_end();
    let last = raw.rsplit(char::is_whitespace).next().unwrap_or("");
    let last = last.trim_end_matches('.');
    if !last.is_empty()
        && last.chars().all(char::is_alphabetic)
        && QUALIFIERS.contains(&folded_words(last).concat().as_str())
    {
        return false;
    }
    let mut words = folded_words(&text[line_start..start]);
    words.extend(folded_words(&text[start..line_end]));
    !TURNOVER.iter().any(|p| contains_phrase(&words, p))
}

/// A name that can be compared with others: at least two words, none an
/// initial ("Nguyễn X. Linh" is recognised as "Nguyễn X").
pub fn comparable_name(name: &str) -> bool {
    let words: Vec<&str> = name.split_whitespace().collect();
    words.len() >= 2
        && words
            .iter()
            .all(|w| w.trim_end_matches('.').chars().count() >= 2)
}

/// Whether two person keys (`phrase_key`) may name the same person: equal,
/// or one ends the other ("Xuân Linh" and "Nguyễn Xuân Linh").
pub fn same_person(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    long.ends_with(short) && long[..long.len() - short.len()].ends_with(' ')
}

/// Unit-type keys ("quận", "thành phố", "TP"…).
fn unit_type_keys() -> &'static [String] {
    static KEYS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    KEYS.get_or_init(|| {
        let lex = crate::lexicon::Lexicons::get();
        let mut keys: Vec<String> = lex
            .posts
            .unit_types
            .values()
            .map(|v| phrase_key(v))
            .collect();
        keys.extend(["TP", "TX"].map(phrase_key));
        keys.sort();
        keys.dedup();
        keys
    })
}

/// A congress body named well enough to be the same body in another
/// article: three words or more, not ending in a bare unit type ("Đảng bộ
/// quận" could be any district; "Đảng bộ quận Hoàng Mai" is one).
pub fn specific_body(body_key: &str) -> bool {
    let words: Vec<&str> = body_key.split(' ').collect();
    if words.len() < 3 {
        return false;
    }
    !unit_type_keys().iter().any(|u| {
        let n = u.split(' ').count();
        words.len() >= n && words[words.len() - n..].join(" ") == *u
    })
}

/// The article's congress mentions of specific bodies (see
/// [`specific_body`]), as `ordinal/term-mismatch` reads them.
pub fn congress_mentions(
    text: &str,
    article: &Article,
    recognition: &Recognition,
) -> Vec<crate::rules::dates::Congress> {
    let mut all = crate::rules::dates::congress_mentions(text, article, recognition);
    all.retain(|c| specific_body(&c.body) && c.numeral_span.end <= text.len());
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_bodies() {
        assert!(comparable_name("Nguyễn Xuân Linh"));
        assert!(!comparable_name("Nguyễn X"));
        assert!(!comparable_name("Linh"));
        assert!(same_person(
            &phrase_key("Xuân Linh"),
            &phrase_key("Nguyễn Xuân Linh")
        ));
        assert!(!same_person(
            &phrase_key("Văn Linh"),
            &phrase_key("Nguyễn Xuân Linh")
        ));
        assert!(!same_person(
            &phrase_key("Linh"),
            &phrase_key("Nguyễn Xuân Vinh")
        ));
        let key = |s: &str| {
            s.split(' ')
                .map(crate::text::vietnamese::syllable_key)
                .collect::<Vec<_>>()
                .join(" ")
        };
        assert!(specific_body(&key("Đảng bộ quận Hoàng Mai")));
        assert!(!specific_body(&key("Đảng bộ quận")));
        assert!(!specific_body(&key("Đảng bộ thành phố")));
        assert!(!specific_body(&key("Đảng bộ")));
    }
}
