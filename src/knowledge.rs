//! What is known about officials beyond one article: the curated registry
//! (`officials.toml`) and the workspace's articles, answered together.
//! Hover cards, completion and the server's navigation ask here.

use std::path::Path;

use crate::recognize::dates::Ymd;
use crate::registry::{Registry, RegistryPerson, RegistryPost};
use crate::workspace::{Attribution, WorkspaceIndex};

/// Borrowed views of the registry and the workspace index, and the path of
/// the article being looked at. Either may be empty.
#[derive(Clone, Copy, Default)]
pub struct Knowledge<'a> {
    pub registry: Option<&'a Registry>,
    pub workspace: Option<&'a WorkspaceIndex>,
    pub path: Option<&'a Path>,
}

/// Who held a post on a date, and who came before and after.
#[derive(Debug, Default)]
pub struct Holders<'a> {
    /// From the registry: holders whose term covers the date.
    pub registry_at: Vec<(&'a RegistryPerson, &'a RegistryPost)>,
    /// From the registry: the last holder whose term ended before the date
    /// and the first whose term began after it.
    pub registry_before: Option<(&'a RegistryPerson, &'a RegistryPost)>,
    pub registry_after: Option<(&'a RegistryPerson, &'a RegistryPost)>,
    /// From the articles: the latest attribution dated on or before the
    /// date, and the nearest attributions of *other* people before and after.
    pub articles_at: Option<Attribution>,
    pub articles_before: Option<Attribution>,
    pub articles_after: Option<Attribution>,
}

fn tuple(d: Ymd) -> (i32, u32, u32) {
    (d.year, d.month, d.day)
}

impl<'a> Knowledge<'a> {
    pub fn is_empty(&self) -> bool {
        self.registry.is_none_or(Registry::is_empty)
            && self.workspace.is_none_or(WorkspaceIndex::is_empty)
    }

    /// Registry entries for a name (or alias).
    pub fn registry_people(&self, name: &str) -> Vec<&'a RegistryPerson> {
        self.registry
            .map(|r| r.find_by_name(name))
            .unwrap_or_default()
    }

    /// The workspace's dated attributions of posts to the person.
    pub fn article_timeline(&self, person_key: &str) -> Vec<Attribution> {
        self.workspace
            .map(|w| w.timeline(person_key))
            .unwrap_or_default()
    }

    pub fn article_count(&self, person_key: &str) -> usize {
        self.workspace.map_or(0, |w| w.article_count(person_key))
    }

    /// Holders of the post (by `registry::post_key`) at `date`.
    pub fn holders(&self, post_key: &str, date: Option<Ymd>) -> Holders<'a> {
        let mut out = Holders::default();
        if let Some(registry) = self.registry {
            let all = registry.holders(post_key);
            match date {
                Some(d) => {
                    let d = tuple(d);
                    out.registry_at = all.iter().copied().filter(|(_, p)| p.covers(d)).collect();
                    out.registry_before = all
                        .iter()
                        .copied()
                        .filter(|(_, p)| p.to.is_some_and(|t| t.last_day() < d))
                        .max_by_key(|(_, p)| p.to.map(|t| t.last_day()));
                    out.registry_after = all
                        .iter()
                        .copied()
                        .find(|(_, p)| p.from.is_some_and(|f| f.first_day() > d));
                }
                None => out.registry_at = all,
            }
        }
        if let (Some(workspace), Some(d)) = (self.workspace, date) {
            let all = workspace.holders(post_key);
            let dated: Vec<&Attribution> = all.iter().filter(|a| a.date.is_some()).collect();
            let at = dated.iter().rev().find(|a| a.date.is_some_and(|x| x <= d));
            if let Some(at) = at {
                out.articles_before = dated
                    .iter()
                    .rev()
                    .filter(|a| a.date < at.date && a.person_key != at.person_key)
                    .map(|a| (*a).clone())
                    .next();
                out.articles_at = Some((*at).clone());
            }
            let current = out.articles_at.as_ref().map(|a| a.person_key.clone());
            out.articles_after = dated
                .iter()
                .find(|a| a.date.is_some_and(|x| x > d) && Some(&a.person_key) != current.as_ref())
                .map(|a| (*a).clone());
        }
        out
    }
}

/// A `file://` URL for a local path, for links in hover cards. Only the
/// characters Markdown links and URLs cannot carry are escaped.
pub fn file_url(path: &Path) -> String {
    let raw = path.to_string_lossy().replace('\\', "/");
    let mut s = String::from("file://");
    if !raw.starts_with('/') {
        s.push('/');
    }
    for c in raw.chars() {
        match c {
            ' ' => s.push_str("%20"),
            '(' => s.push_str("%28"),
            ')' => s.push_str("%29"),
            '#' => s.push_str("%23"),
            '?' => s.push_str("%3F"),
            '%' => s.push_str("%25"),
            c => s.push(c),
        }
    }
    s
}

/// "2020-07 → 2021-05", "2020-07 → nay", "? → 2021".
pub fn term_text(post: &RegistryPost) -> String {
    let from = post
        .from
        .map(|d| d.to_string())
        .unwrap_or_else(|| "?".into());
    let to = post
        .to
        .map(|d| d.to_string())
        .unwrap_or_else(|| "nay".into());
    format!("{from} → {to}")
}
