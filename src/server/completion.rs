//! Completion of people's names, canonical titles and places, matched by an
//! accent- and case-insensitive prefix of up to four words before the
//! cursor. Right after a title, the post's holder at the article's date
//! comes first.

use std::collections::HashSet;
use std::sync::OnceLock;

use tower_lsp_server::ls_types::*;

use super::{Snapshot, State, convert, read};
use crate::entity::EntityKind;
use crate::knowledge::Knowledge;
use crate::span::Span;
use crate::text::position::Encoding;
use crate::workspace::search_key;

const LIMIT: usize = 100;
/// Words of a name/title/place the typed prefix may span.
const MAX_WORDS: usize = 4;

/// Every unit of the gazetteer as (search key, "quận Hoàng Mai"), built once.
fn places() -> &'static [(String, String)] {
    static PLACES: OnceLock<Vec<(String, String)>> = OnceLock::new();
    PLACES.get_or_init(|| {
        let g = &crate::lexicon::Lexicons::get().gazetteer;
        let mut seen = HashSet::new();
        g.units
            .iter()
            .map(|u| u.full_name())
            .filter(|n| seen.insert(n.clone()))
            .map(|n| (search_key(&n), n))
            .collect()
    })
}

/// Byte offsets where each of the last words before `offset` on its line
/// starts, nearest last.
fn word_starts(text: &str, offset: usize) -> Vec<usize> {
    let line_start = text[..offset].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let line = &text[line_start..offset];
    let mut starts = Vec::new();
    let mut prev_word = false;
    for (i, c) in line.char_indices() {
        let word = c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c);
        if word && !prev_word {
            starts.push(line_start + i);
        }
        prev_word = word;
    }
    // The prefix must end in a word character (or be empty).
    if !prev_word {
        return Vec::new();
    }
    let keep = starts.len().saturating_sub(MAX_WORDS);
    starts.drain(..keep);
    starts
}

#[derive(Clone)]
struct Candidate {
    label: String,
    kind: CompletionItemKind,
    detail: String,
    /// Lower sorts first.
    rank: u8,
}

/// The completion list at `offset` of the snapshot's text.
pub fn complete(
    state: &State,
    snap: &Snapshot,
    offset: usize,
    enc: Encoding,
) -> CompletionResponse {
    let text = snap.text.as_str();
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let starts = word_starts(text, offset);
    let registry = read(&state.registry).clone();
    let index = read(&state.workspace);
    let knowledge = Knowledge {
        registry: Some(&registry),
        workspace: Some(&index),
        path: None,
    };

    // Holders of the title that ends right before the typed word(s).
    let mut first: Vec<Candidate> = Vec::new();
    let typed_from = starts.last().copied().unwrap_or(offset);
    let title = snap.analysis.recognition.entities.iter().rev().find(|e| {
        e.kind == EntityKind::Title
            && e.span.end <= typed_from
            && text[e.span.end..typed_from].trim().is_empty()
    });
    if let Some(post) = title.and_then(|t| t.post())
        && !post.former
    {
        let date = snap.analysis.recognition.metadata.date;
        let h = knowledge.holders(&crate::registry::post_key(post), date);
        let when = date.map(|d| d.iso()).unwrap_or_else(|| "?".into());
        for (p, _) in &h.registry_at {
            first.push(Candidate {
                label: p.name.clone(),
                kind: CompletionItemKind::VALUE,
                detail: format!(
                    "giữ chức {} vào ngày {when} (danh sách cán bộ)",
                    post.canonical()
                ),
                rank: 0,
            });
        }
        if let Some(a) = &h.articles_at {
            first.push(Candidate {
                label: a.person.clone(),
                kind: CompletionItemKind::VALUE,
                detail: format!(
                    "giữ chức {} theo bài ngày {}",
                    a.post,
                    a.date.map(|d| d.iso()).unwrap_or_default()
                ),
                rank: 0,
            });
        }
    }

    let mut all: Vec<Candidate> = Vec::new();
    for p in registry.people() {
        all.push(Candidate {
            label: p.name.clone(),
            kind: CompletionItemKind::VALUE,
            detail: "người (danh sách cán bộ)".into(),
            rank: 1,
        });
    }
    for (_, name) in index.people() {
        all.push(Candidate {
            label: name,
            kind: CompletionItemKind::VALUE,
            detail: "người (các bài trong workspace)".into(),
            rank: 2,
        });
    }
    let mut titles: Vec<String> = registry
        .people()
        .iter()
        .flat_map(|p| p.posts.iter().map(|q| q.post.canonical()))
        .collect();
    titles.extend(index.posts());
    for t in titles {
        all.push(Candidate {
            label: t,
            kind: CompletionItemKind::CLASS,
            detail: "chức danh".into(),
            rank: 3,
        });
    }
    drop(index);

    // Longest typed prefix that matches anything wins.
    let mut items: Vec<CompletionItem> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    let candidates_for = |start: usize| -> Vec<(Candidate, Span)> {
        let typed = search_key(&text[start..offset]);
        let span = Span::new(start, offset);
        let mut out: Vec<(Candidate, Span)> = Vec::new();
        let matches = |label: &str| search_key(label).starts_with(&typed);
        for c in first.iter().chain(all.iter()).filter(|c| matches(&c.label)) {
            out.push((c.clone(), span));
        }
        for (key, name) in places() {
            if out.len() >= LIMIT * 4 {
                break;
            }
            if key.starts_with(&typed) {
                out.push((
                    Candidate {
                        label: name.clone(),
                        kind: CompletionItemKind::MODULE,
                        detail: "địa danh".into(),
                        rank: 4,
                    },
                    span,
                ));
            }
        }
        out
    };
    let mut found = Vec::new();
    for &start in &starts {
        found = candidates_for(start);
        if !found.is_empty() {
            break;
        }
    }
    if starts.is_empty() && !first.is_empty() {
        found = first
            .iter()
            .map(|c| (c.clone(), Span::new(offset, offset)))
            .collect();
    }
    found.sort_by(|a, b| (a.0.rank, &a.0.label).cmp(&(b.0.rank, &b.0.label)));
    for (c, span) in found {
        if !seen.insert(c.label.clone()) {
            continue;
        }
        let range = convert::range(&snap.rope, span, enc);
        items.push(CompletionItem {
            label: c.label.clone(),
            kind: Some(c.kind),
            detail: Some(c.detail),
            sort_text: Some(format!("{}{:04}", c.rank, items.len())),
            filter_text: Some(text[span.range()].to_string()),
            preselect: (c.rank == 0).then_some(true),
            text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(range, c.label))),
            ..CompletionItem::default()
        });
        if items.len() >= LIMIT {
            break;
        }
    }
    CompletionResponse::List(CompletionList {
        is_incomplete: true,
        items,
    })
}
