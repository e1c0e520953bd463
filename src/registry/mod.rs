//! The registry of officials: who held which post, from when to when.
//!
//! A workspace keeps it in `officials.toml` (or the files listed under
//! `[registry] paths` in `bientap.toml`):
//!
//! ```toml
//! [[person]]
//! id = "nguyen-xuan-linh"
//! name = "Nguyễn Xuân Linh"
//! aliases = ["Nguyễn X. Linh"]
//!
//! [[person.post]]
//! title = "Bí thư Quận ủy quận Hoàng Mai"
//! from = "2020-07"
//! to = "2021-05-20"
//! ```
//!
//! [`Registry::parse`] never fails: every problem (TOML syntax, unknown
//! keys, wrong types, bad dates, a title the recogniser does not read as a
//! post, duplicate ids) is a [`Finding`] with rule code `registry/invalid`
//! and a byte range in the file, and only the entry it concerns is dropped.
//! Titles are normalised by the article recogniser, so a post is compared
//! by its [`post_key`] whatever abbreviations it was written with; names
//! are compared by [`phrase_key`] (case, NFC/NFD and tone placement
//! folded). Queries go through hash indexes by id, name key and post key.
//!
//! The format has no references between entries, so there are no cycles
//! to detect. `docs/registry.md` is the user documentation.

mod date;
pub mod draft;
mod parse;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

pub use date::PartialDate;

use crate::entity::{EntityKind, Post};
use crate::finding::{Finding, Severity};
use crate::span::Span;
use crate::text::vietnamese::phrase_key;

/// The registry's default file name, at a workspace root.
pub const FILE_NAME: &str = "officials.toml";

pub const INVALID: crate::rules::RuleInfo = crate::rules::RuleInfo {
    code: "registry/invalid",
    default_severity: Severity::Error,
    summary: "Lỗi trong danh sách cán bộ (officials.toml): cú pháp TOML, khóa không hợp lệ, kiểu sai, ngày sai, chức vụ không nhận ra, id trùng.",
    summary_en: "Errors in the registry of officials (officials.toml): TOML syntax, invalid keys, wrong types, bad dates, unrecognised posts, duplicate ids.",
};

pub(crate) fn error(span: Span, message: impl Into<String>) -> Finding {
    Finding::new(INVALID.code, INVALID.default_severity, span, message)
}

/// One post a person held, as written in the registry.
#[derive(Debug, Clone, PartialEq)]
pub struct RegistryPost {
    /// The title as written in the file.
    pub title: String,
    /// The title as the recogniser reads it.
    pub post: Post,
    /// [`post_key`] of `post`.
    pub key: String,
    /// Start; `None` = open (since before anything we know).
    pub from: Option<PartialDate>,
    /// End; `None` = open (still holds it).
    pub to: Option<PartialDate>,
    pub sources: Vec<String>,
    /// The file's `single_holder`, else the post lexicon's.
    pub single_holder: bool,
    /// The `title` value in the file.
    pub span: Span,
}

impl RegistryPost {
    /// Whether the day falls in `[from, to]` (a partial `from` starts on its
    /// first day, a partial `to` ends on its last day; open ends are unbounded).
    pub fn covers(&self, date: (i32, u32, u32)) -> bool {
        self.from.is_none_or(|f| f.first_day() <= date)
            && self.to.is_none_or(|t| date <= t.last_day())
    }
}

/// One person of the registry.
#[derive(Debug, Clone, PartialEq)]
pub struct RegistryPerson {
    pub id: String,
    pub name: String,
    pub aliases: Vec<String>,
    pub note: Option<String>,
    pub posts: Vec<RegistryPost>,
    /// The `name` value in the file.
    pub span: Span,
    /// The `id` value in the file.
    pub id_span: Span,
    /// The file it came from, when known.
    pub file: Option<PathBuf>,
}

/// People and their posts, indexed by id, name key and post key.
#[derive(Debug, Clone, Default)]
pub struct Registry {
    people: Vec<RegistryPerson>,
    by_id: HashMap<String, usize>,
    /// Name and alias keys → people.
    by_name: HashMap<String, Vec<usize>>,
    /// Post key → (person, post index).
    by_post: HashMap<String, Vec<(usize, usize)>>,
}

/// The key posts are compared by: the [`phrase_key`] of the canonical
/// form, without the `former` flag. "Chủ tịch UBND quận Hoàng Mai" and
/// "Chủ tịch Ủy ban nhân dân quận Hoàng Mai" have the same key.
pub fn post_key(post: &Post) -> String {
    phrase_key(&post.canonical())
}

/// The post a title reads as, by the article recogniser: the title entity
/// must cover the whole (trimmed) text, after an optional "nguyên". `None`
/// when it does not. Results are cached for the process (a registry is
/// parsed again on every change in the editor).
pub fn normalize_title(title: &str) -> Option<Post> {
    static CACHE: OnceLock<Mutex<HashMap<String, Option<Post>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(hit) = cache.lock().ok().and_then(|c| c.get(title).cloned()) {
        return hit;
    }
    let post = recognize_title(title);
    if let Ok(mut c) = cache.lock() {
        if c.len() >= 500_000 {
            c.clear();
        }
        c.insert(title.to_string(), post.clone());
    }
    post
}

fn recognize_title(title: &str) -> Option<Post> {
    let text = title.trim();
    if text.is_empty() || text.contains(['\n', '\r']) || text.len() > 500 {
        return None;
    }
    let article = crate::syntax::parse(text, crate::syntax::SourceFormat::PlainText);
    let recognition = crate::recognize::recognize(&article);
    recognition
        .entities
        .iter()
        .find(|e| {
            // "nguyên Bí thư …": the registry's dates already say it ended.
            let before = crate::text::vietnamese::ascii_fold(text[..e.span.start].trim());
            e.kind == EntityKind::Title
                && e.span.end == text.len()
                && (before.is_empty() || before == "nguyen")
        })
        .and_then(|e| e.post().cloned())
        .map(|mut p| {
            p.former = false;
            p
        })
}

impl Registry {
    /// Parses one registry file. Never fails: problems come back as findings
    /// (`registry/invalid`) and the good entries are kept.
    pub fn parse(text: &str, file: Option<&Path>) -> (Registry, Vec<Finding>) {
        parse::parse(text, file)
    }

    /// Reads and parses every file, merging them in order. For each file:
    /// (path, text, findings). A file that cannot be read gives one finding
    /// at 0..0 and an empty text; an id already defined in an earlier file
    /// is an error in the later one.
    pub fn load(paths: &[PathBuf]) -> (Registry, Vec<(PathBuf, String, Vec<Finding>)>) {
        let mut registry = Registry::default();
        let mut out = Vec::new();
        for path in paths {
            let text = match std::fs::read_to_string(path) {
                Ok(t) => t,
                Err(e) => {
                    out.push((
                        path.clone(),
                        String::new(),
                        vec![
                            error(
                                Span::new(0, 0),
                                format!("Không đọc được danh sách cán bộ {}: {e}", path.display()),
                            )
                            .en(format!(
                                "Cannot read the registry of officials {}: {e}",
                                path.display()
                            )),
                        ],
                    ));
                    continue;
                }
            };
            let (parsed, mut findings) = Registry::parse(&text, Some(path));
            for person in parsed.people {
                if let Some(&first) = registry.by_id.get(&person.id) {
                    findings.push(duplicate_id(&person, &registry.people[first]));
                } else {
                    registry.push(person);
                }
            }
            findings.sort_by_key(|f| (f.span.start, f.span.end));
            out.push((path.clone(), text, findings));
        }
        (registry, out)
    }

    /// Adds `other`'s people. A person whose id is already here is skipped
    /// (the first definition wins; [`Registry::load`] reports it).
    pub fn merge(&mut self, other: Registry) {
        for person in other.people {
            if !self.by_id.contains_key(&person.id) {
                self.push(person);
            }
        }
    }

    /// Adds a person and indexes them; `false` (and nothing added) when the
    /// id is taken.
    pub fn push(&mut self, person: RegistryPerson) -> bool {
        if self.by_id.contains_key(&person.id) {
            return false;
        }
        let i = self.people.len();
        self.by_id.insert(person.id.clone(), i);
        let mut keys: Vec<String> = std::iter::once(&person.name)
            .chain(&person.aliases)
            .map(|n| phrase_key(n))
            .filter(|k| !k.is_empty())
            .collect();
        keys.sort();
        keys.dedup();
        for k in keys {
            self.by_name.entry(k).or_default().push(i);
        }
        self.people.push(person);
        let person = &self.people[i];
        for (j, post) in person.posts.iter().enumerate() {
            // Kept sorted by `holders` order, ties in insertion order.
            let list = self.by_post.entry(post.key.clone()).or_default();
            let order = holder_order(post);
            let at =
                list.partition_point(|&(pi, pj)| holder_order(&self.people[pi].posts[pj]) <= order);
            list.insert(at, (i, j));
        }
        true
    }

    pub fn people(&self) -> &[RegistryPerson] {
        &self.people
    }

    pub fn person(&self, id: &str) -> Option<&RegistryPerson> {
        self.by_id.get(id).map(|&i| &self.people[i])
    }

    /// People whose name or an alias has the same [`phrase_key`] as `name`.
    pub fn find_by_name(&self, name: &str) -> Vec<&RegistryPerson> {
        self.by_name
            .get(&phrase_key(name))
            .map(|ids| ids.iter().map(|&i| &self.people[i]).collect())
            .unwrap_or_default()
    }

    /// Who held the post (by [`post_key`]) on the date: the (person, post)
    /// pairs whose `[from, to]` covers it (see [`RegistryPost::covers`]),
    /// sorted like [`Registry::holders`].
    pub fn holders_at(
        &self,
        key: &str,
        date: (i32, u32, u32),
    ) -> Vec<(&RegistryPerson, &RegistryPost)> {
        let Some(list) = self.by_post.get(key) else {
            return Vec::new();
        };
        // Sorted by start: only the prefix that started by `date` can cover it.
        let started = list.partition_point(|&(i, j)| {
            self.people[i].posts[j]
                .from
                .is_none_or(|f| f.first_day() <= date)
        });
        list[..started]
            .iter()
            .map(|&(i, j)| (&self.people[i], &self.people[i].posts[j]))
            .filter(|(_, post)| post.covers(date))
            .collect()
    }

    /// Every holder of the post, sorted by `from` (open starts first), then
    /// by `to` (open ends last), then by file order.
    pub fn holders(&self, key: &str) -> Vec<(&RegistryPerson, &RegistryPost)> {
        self.by_post
            .get(key)
            .map(|v| {
                v.iter()
                    .map(|&(i, j)| (&self.people[i], &self.people[i].posts[j]))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The posts a person held on a date.
    pub fn posts_at<'a>(
        &self,
        person: &'a RegistryPerson,
        date: (i32, u32, u32),
    ) -> Vec<&'a RegistryPost> {
        person.posts.iter().filter(|p| p.covers(date)).collect()
    }

    pub fn is_empty(&self) -> bool {
        self.people.is_empty()
    }

    /// The number of people.
    pub fn len(&self) -> usize {
        self.people.len()
    }
}

/// A calendar day: (year, month, day).
type Day = (i32, u32, u32);

/// The order of [`Registry::holders`]: by start (open first), then end (open last).
fn holder_order(p: &RegistryPost) -> (Option<Day>, Day) {
    (
        p.from.map(|f| f.first_day()),
        p.to.map_or((i32::MAX, 0, 0), |t| t.last_day()),
    )
}

pub(crate) fn duplicate_id(second: &RegistryPerson, first: &RegistryPerson) -> Finding {
    let place = match &first.file {
        Some(f) if second.file.as_ref() != Some(f) => format!(" (trong {})", f.display()),
        _ => String::new(),
    };
    let place_en = match &first.file {
        Some(f) if second.file.as_ref() != Some(f) => format!(" (in {})", f.display()),
        _ => String::new(),
    };
    let mut finding = error(
        second.id_span,
        format!(
            "Id “{}” đã dùng cho {}{place}; mỗi người một id.",
            second.id, first.name
        ),
    )
    .en(format!(
        "Id “{}” is already used for {}{place_en}; each person needs their own id.",
        second.id, first.name
    ));
    if first.file == second.file {
        finding = finding
            .with_related(first.id_span, "Lần định nghĩa đầu tiên.")
            .related_en("First defined here.");
    }
    finding
}
