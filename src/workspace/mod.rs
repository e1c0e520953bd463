//! What the workspace's articles say about people: a per-article summary
//! (who is named, with which posts, on which date) and an index over all
//! summaries for timelines, holders of a post, mentions and symbol search.
//!
//! Pure: no LSP, no file system. The server (or `kb build`) feeds it
//! summaries; positions are stored as byte spans *and* line/column in every
//! encoding, so a caller can answer "find references" for a closed file
//! without reading it again.

pub mod facts;
mod summary;

pub use facts::{CongressFact, HolderFact, IndexFacts, SharedIndexFacts, WorkspaceFacts};
pub use summary::{
    ArticleSummary, CongressMention, LinePos, MentionPosition, PersonMention, PlaceMention,
    PostMention, summarize, summarize_text,
};

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::recognize::dates::Ymd;
use crate::text::vietnamese::ascii_fold;

/// Accent-, case- and tone-insensitive form for search boxes:
/// "nguyen xuan linh" matches "Nguyễn Xuân Linh".
pub fn search_key(s: &str) -> String {
    ascii_fold(s)
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A search-box query: its words, folded like [`search_key`]. A name
/// matches when it contains every word ("nguyen linh" finds "Nguyễn Xuân Linh").
pub struct SearchQuery {
    words: Vec<String>,
}

impl SearchQuery {
    pub fn new(query: &str) -> Self {
        SearchQuery {
            words: search_key(query)
                .split(' ')
                .filter(|w| !w.is_empty())
                .map(str::to_string)
                .collect(),
        }
    }

    pub fn matches(&self, name: &str) -> bool {
        let k = search_key(name);
        self.words.iter().all(|w| k.contains(w.as_str()))
    }
}

/// One dated attribution of a post to a person, from one article.
#[derive(Debug, Clone, PartialEq)]
pub struct Attribution {
    pub person: String,
    pub person_key: String,
    pub post: String,
    pub post_key: String,
    pub former: bool,
    pub date: Option<Ymd>,
    pub path: PathBuf,
    pub headline: Option<String>,
}

/// A person or place found by workspace symbol search.
#[derive(Debug, Clone, PartialEq)]
pub struct SymbolHit {
    pub name: String,
    pub kind: SymbolHitKind,
    pub path: PathBuf,
    pub position: MentionPosition,
    /// Posts, for people; the hierarchy, for places.
    pub detail: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SymbolHitKind {
    Person,
    Place,
}

/// Every article's summary, with inverted indexes by person key and post key.
#[derive(Debug, Default, Clone)]
pub struct WorkspaceIndex {
    articles: HashMap<PathBuf, Arc<ArticleSummary>>,
    /// Person key → articles naming them.
    by_person: HashMap<String, Vec<PathBuf>>,
    /// Post key → articles attributing it to someone.
    by_post: HashMap<String, Vec<PathBuf>>,
    /// Congress body key → articles giving one of its congresses.
    by_congress: HashMap<String, Vec<PathBuf>>,
}

fn remove_path(map: &mut HashMap<String, Vec<PathBuf>>, key: &str, path: &Path) {
    if let Some(paths) = map.get_mut(key) {
        paths.retain(|p| p != path);
        if paths.is_empty() {
            map.remove(key);
        }
    }
}

impl WorkspaceIndex {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn len(&self) -> usize {
        self.articles.len()
    }

    pub fn is_empty(&self) -> bool {
        self.articles.is_empty()
    }

    pub fn article(&self, path: &Path) -> Option<&ArticleSummary> {
        self.articles.get(path).map(|a| a.as_ref())
    }

    pub fn articles(&self) -> impl Iterator<Item = &ArticleSummary> {
        self.articles.values().map(|a| a.as_ref())
    }

    /// Adds or replaces one article's summary.
    pub fn update(&mut self, summary: ArticleSummary) {
        let path = summary.path.clone();
        self.remove(&path);
        let mut people: Vec<&str> = summary.mentions.iter().map(|m| m.key.as_str()).collect();
        people.sort_unstable();
        people.dedup();
        for key in people {
            self.by_person
                .entry(key.to_string())
                .or_default()
                .push(path.clone());
        }
        let mut posts: Vec<&str> = summary
            .mentions
            .iter()
            .flat_map(|m| m.posts.iter().map(|p| p.key.as_str()))
            .collect();
        posts.sort_unstable();
        posts.dedup();
        for key in posts {
            self.by_post
                .entry(key.to_string())
                .or_default()
                .push(path.clone());
        }
        let mut bodies: Vec<&str> = summary
            .congresses
            .iter()
            .map(|c| c.congress.body.as_str())
            .collect();
        bodies.sort_unstable();
        bodies.dedup();
        for key in bodies {
            self.by_congress
                .entry(key.to_string())
                .or_default()
                .push(path.clone());
        }
        self.articles.insert(path, Arc::new(summary));
    }

    pub fn remove(&mut self, path: &Path) -> bool {
        let Some(old) = self.articles.remove(path) else {
            return false;
        };
        for m in &old.mentions {
            remove_path(&mut self.by_person, &m.key, path);
            for p in &m.posts {
                remove_path(&mut self.by_post, &p.key, path);
            }
        }
        for c in &old.congresses {
            remove_path(&mut self.by_congress, &c.congress.body, path);
        }
        true
    }

    /// Drops every article under `dir` (a deleted folder).
    pub fn remove_under(&mut self, dir: &Path) {
        let gone: Vec<PathBuf> = self
            .articles
            .keys()
            .filter(|p| p.starts_with(dir))
            .cloned()
            .collect();
        for p in gone {
            self.remove(&p);
        }
    }

    fn summaries_for<'a>(
        &'a self,
        map: &'a HashMap<String, Vec<PathBuf>>,
        key: &str,
    ) -> impl Iterator<Item = &'a ArticleSummary> + 'a {
        map.get(key)
            .into_iter()
            .flatten()
            .filter_map(|p| self.articles.get(p).map(|a| a.as_ref()))
    }

    /// Number of articles that name the person.
    pub fn article_count(&self, person_key: &str) -> usize {
        self.by_person.get(person_key).map_or(0, Vec::len)
    }

    /// Every mention of the person, article by article (paths sorted).
    pub fn mentions(&self, person_key: &str) -> Vec<(&ArticleSummary, &PersonMention)> {
        let mut out: Vec<(&ArticleSummary, &PersonMention)> = self
            .summaries_for(&self.by_person, person_key)
            .flat_map(|a| {
                a.mentions
                    .iter()
                    .filter(move |m| m.key == person_key)
                    .map(move |m| (a, m))
            })
            .collect();
        out.sort_by(|a, b| (&a.0.path, a.1.span.start).cmp(&(&b.0.path, b.1.span.start)));
        out
    }

    /// The posts articles give the person, one entry per (post, article),
    /// oldest first (undated last).
    pub fn timeline(&self, person_key: &str) -> Vec<Attribution> {
        let mut out = Vec::new();
        for a in self.summaries_for(&self.by_person, person_key) {
            let mut seen: Vec<&str> = Vec::new();
            for m in a.mentions.iter().filter(|m| m.key == person_key) {
                for p in &m.posts {
                    if seen.contains(&p.key.as_str()) {
                        continue;
                    }
                    seen.push(&p.key);
                    out.push(attribution(a, m, p));
                }
            }
        }
        sort_attributions(&mut out);
        out
    }

    /// Everyone the articles say held the post (current, not "nguyên"),
    /// one entry per (person, article), oldest first.
    pub fn holders(&self, post_key: &str) -> Vec<Attribution> {
        let mut out = Vec::new();
        for a in self.summaries_for(&self.by_post, post_key) {
            let mut seen: Vec<&str> = Vec::new();
            for m in &a.mentions {
                for p in m.posts.iter().filter(|p| p.key == post_key && !p.former) {
                    if seen.contains(&m.key.as_str()) {
                        continue;
                    }
                    seen.push(&m.key);
                    out.push(attribution(a, m, p));
                }
            }
        }
        sort_attributions(&mut out);
        out
    }

    /// Dated claims that someone is *the* holder of a single-holder post
    /// (`PostMention::sole`), one per (person, article), articles other than
    /// `exclude`; oldest first. Undated articles say nothing here.
    pub fn sole_holder_facts(&self, post_key: &str, exclude: Option<&Path>) -> Vec<HolderFact> {
        let mut out = Vec::new();
        for a in self.summaries_for(&self.by_post, post_key) {
            let Some(date) = a.date else { continue };
            if exclude.is_some_and(|x| x == a.path) {
                continue;
            }
            let mut seen: Vec<&str> = Vec::new();
            for m in &a.mentions {
                if seen.contains(&m.key.as_str())
                    || !m.posts.iter().any(|p| p.sole && p.key == post_key)
                {
                    continue;
                }
                seen.push(&m.key);
                out.push(HolderFact {
                    person: m.name.clone(),
                    person_key: m.key.clone(),
                    date,
                    path: a.path.clone(),
                    position: m.position,
                });
            }
        }
        out.sort_by(|a, b| (a.date, &a.path).cmp(&(b.date, &b.path)));
        out
    }

    /// The congresses of a body (by `Congress::body`, its key) that
    /// articles other than `exclude` give, one per (ordinal, term, article).
    pub fn congress_facts(&self, body_key: &str, exclude: Option<&Path>) -> Vec<CongressFact> {
        let mut out: Vec<CongressFact> = Vec::new();
        for a in self.summaries_for(&self.by_congress, body_key) {
            if exclude.is_some_and(|x| x == a.path) {
                continue;
            }
            for m in a.congresses.iter().filter(|m| m.congress.body == body_key) {
                let c = &m.congress;
                if out
                    .iter()
                    .any(|f| f.path == a.path && f.ordinal == c.ordinal && f.term == c.term)
                {
                    continue;
                }
                out.push(CongressFact {
                    ordinal: c.ordinal,
                    term: c.term,
                    path: a.path.clone(),
                    position: m.position,
                });
            }
        }
        out.sort_by(|a, b| (&a.path, a.ordinal, a.term).cmp(&(&b.path, b.ordinal, b.term)));
        out
    }

    /// People the workspace names, by key: (key, most frequent spelling).
    pub fn people(&self) -> Vec<(String, String)> {
        let mut spellings: HashMap<&str, BTreeMap<&str, usize>> = HashMap::new();
        for a in self.articles.values() {
            for m in &a.mentions {
                *spellings
                    .entry(m.key.as_str())
                    .or_default()
                    .entry(m.name.as_str())
                    .or_default() += 1;
            }
        }
        let mut out: Vec<(String, String)> = spellings
            .into_iter()
            .map(|(k, names)| {
                let best = names
                    .iter()
                    .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                    .map(|(n, _)| n.to_string())
                    .unwrap_or_default();
                (k.to_string(), best)
            })
            .collect();
        out.sort();
        out
    }

    /// Canonical posts the workspace attributes to anyone.
    pub fn posts(&self) -> Vec<String> {
        let mut out: BTreeMap<&str, &str> = BTreeMap::new();
        for a in self.articles.values() {
            for m in &a.mentions {
                for p in &m.posts {
                    out.entry(p.key.as_str()).or_insert(p.canonical.as_str());
                }
            }
        }
        out.into_values().map(str::to_string).collect()
    }

    /// People and places whose name contains every word of `query`,
    /// compared without accents or case. One hit per (name, article);
    /// at most `limit`, people first, then by name.
    pub fn search(&self, query: &str, limit: usize) -> Vec<SymbolHit> {
        let query = SearchQuery::new(query);
        let matches = |name: &str| query.matches(name);
        let mut paths: Vec<&PathBuf> = self.articles.keys().collect();
        paths.sort();
        let mut people = Vec::new();
        let mut places = Vec::new();
        for path in paths {
            let a = &self.articles[path];
            let mut seen: Vec<&str> = Vec::new();
            for m in &a.mentions {
                if seen.contains(&m.key.as_str()) || !matches(&m.name) {
                    continue;
                }
                seen.push(&m.key);
                let posts: Vec<&str> = a
                    .mentions
                    .iter()
                    .filter(|o| o.key == m.key)
                    .flat_map(|o| o.posts.iter().map(|p| p.canonical.as_str()))
                    .collect();
                people.push(SymbolHit {
                    name: m.name.clone(),
                    kind: SymbolHitKind::Person,
                    path: a.path.clone(),
                    position: m.position,
                    detail: (!posts.is_empty()).then(|| dedup_join(&posts)),
                });
            }
            let mut seen_places: Vec<&str> = Vec::new();
            for p in &a.places {
                if seen_places.contains(&p.name.as_str()) || !matches(&p.name) {
                    continue;
                }
                seen_places.push(&p.name);
                places.push(SymbolHit {
                    name: p.name.clone(),
                    kind: SymbolHitKind::Place,
                    path: a.path.clone(),
                    position: p.position,
                    detail: p.hierarchy.clone(),
                });
            }
            if people.len() >= limit {
                break;
            }
        }
        people.extend(places);
        people.truncate(limit);
        people
    }
}

fn dedup_join(items: &[&str]) -> String {
    let mut seen: Vec<&str> = Vec::new();
    for i in items {
        if !seen.contains(i) {
            seen.push(i);
        }
    }
    seen.join("; ")
}

fn attribution(a: &ArticleSummary, m: &PersonMention, p: &PostMention) -> Attribution {
    Attribution {
        person: m.name.clone(),
        person_key: m.key.clone(),
        post: p.canonical.clone(),
        post_key: p.key.clone(),
        former: p.former,
        date: a.date,
        path: a.path.clone(),
        headline: a.headline.clone(),
    }
}

fn sort_attributions(v: &mut [Attribution]) {
    v.sort_by(|a, b| {
        let da = a.date.map(|d| (0, d.year, d.month, d.day));
        let db = b.date.map(|d| (0, d.year, d.month, d.day));
        da.unwrap_or((1, 0, 0, 0))
            .cmp(&db.unwrap_or((1, 0, 0, 0)))
            .then_with(|| a.path.cmp(&b.path))
            .then_with(|| a.post.cmp(&b.post))
    });
}

#[cfg(test)]
mod tests;
