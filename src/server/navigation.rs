//! Go to definition, find references, document and workspace symbols, and
//! rename for people. Mentions in open documents come from their current
//! analysis; closed files from the workspace index; declarations from the
//! registry.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

use ropey::Rope;
use tower_lsp_server::ls_types::*;

use super::workspace::mention_range;
use super::{Snapshot, State, convert, lock, read};
use crate::entity::{EntityKind, Value};
use crate::registry::RegistryPerson;
use crate::span::Span;
use crate::syntax::BlockKind;
use crate::text::position::Encoding;
use crate::text::vietnamese::phrase_key;

/// Open documents' current snapshots, by path.
pub type OpenSnapshots = HashMap<PathBuf, (Uri, Arc<Snapshot>)>;

/// The person entity at `offset`: (span, name).
pub fn person_at(snap: &Snapshot, offset: usize) -> Option<(Span, String)> {
    let e = snap.analysis.entity_at(offset)?;
    match &e.value {
        Value::Person { name } if e.kind == EntityKind::Person => Some((e.span, name.clone())),
        _ => None,
    }
}

/// The keys a person is known by: the name's, plus the registry entry's
/// name and aliases when the name is registered.
pub fn person_keys(state: &State, name: &str) -> (HashSet<String>, Vec<RegistryPerson>) {
    let registry = read(&state.registry).clone();
    let people: Vec<RegistryPerson> = registry.find_by_name(name).into_iter().cloned().collect();
    let mut keys = HashSet::from([phrase_key(name)]);
    for p in &people {
        keys.insert(phrase_key(&p.name));
        keys.extend(p.aliases.iter().map(|a| phrase_key(a)));
    }
    (keys, people)
}

/// Where a registry person's name is written, as an LSP location.
pub fn registry_location(
    state: &State,
    person: &RegistryPerson,
    enc: Encoding,
) -> Option<Location> {
    let path = person.file.as_ref()?;
    let rope = lock(&state.registry_texts).get(path)?.clone();
    let uri = Uri::from_file_path(path)?;
    Some(Location::new(uri, convert::range(&rope, person.span, enc)))
}

/// Every mention of any of `keys`: open documents from their snapshots,
/// the rest from the index. Sorted by file, then position.
pub fn mentions(
    state: &State,
    keys: &HashSet<String>,
    open: &OpenSnapshots,
    enc: Encoding,
) -> Vec<Location> {
    let mut out: Vec<Location> = Vec::new();
    for (uri, snap) in open.values() {
        for e in &snap.analysis.recognition.entities {
            if let Value::Person { name } = &e.value
                && keys.contains(&phrase_key(name))
            {
                out.push(Location::new(
                    uri.clone(),
                    convert::range(&snap.rope, e.span, enc),
                ));
            }
        }
    }
    let index = read(&state.workspace);
    for key in keys {
        for (article, m) in index.mentions(key) {
            if open.contains_key(&article.path) {
                continue;
            }
            if let Some(uri) = Uri::from_file_path(&article.path) {
                out.push(Location::new(uri, mention_range(m.position, enc)));
            }
        }
    }
    out.sort_by(|a, b| {
        (a.uri.as_str(), a.range.start.line, a.range.start.character).cmp(&(
            b.uri.as_str(),
            b.range.start.line,
            b.range.start.character,
        ))
    });
    out.dedup();
    out
}

/// Registry entry first; else the mention in the oldest dated article of
/// the workspace; else the first mention in this document.
pub fn definition(
    state: &State,
    uri: &Uri,
    snap: &Snapshot,
    offset: usize,
    enc: Encoding,
) -> Option<Location> {
    let (_, name) = person_at(snap, offset)?;
    let (keys, people) = person_keys(state, &name);
    if let Some(loc) = people.iter().find_map(|p| registry_location(state, p, enc)) {
        return Some(loc);
    }
    let index = read(&state.workspace);
    let this = uri.to_file_path().map(|p| p.into_owned());
    let oldest = keys
        .iter()
        .flat_map(|k| index.mentions(k))
        .filter(|(a, _)| Some(&a.path) != this.as_ref())
        .min_by_key(|(a, m)| (a.date.is_none(), a.date, a.path.clone(), m.span.start));
    if let Some((a, m)) = oldest {
        return Some(Location::new(
            Uri::from_file_path(&a.path)?,
            mention_range(m.position, enc),
        ));
    }
    snap.analysis
        .recognition
        .entities
        .iter()
        .find(|e| matches!(&e.value, Value::Person { name: n } if keys.contains(&phrase_key(n))))
        .map(|e| Location::new(uri.clone(), convert::range(&snap.rope, e.span, enc)))
}

fn symbol(
    name: String,
    detail: Option<String>,
    kind: SymbolKind,
    rope: &Rope,
    span: Span,
    enc: Encoding,
    children: Vec<DocumentSymbol>,
) -> DocumentSymbol {
    let range = convert::range(rope, span, enc);
    #[allow(deprecated)] // `deprecated` is a required field of the type.
    DocumentSymbol {
        name: if name.trim().is_empty() {
            "(trống)".into()
        } else {
            name
        },
        detail,
        kind,
        tags: None,
        deprecated: None,
        range,
        selection_range: range,
        children: (!children.is_empty()).then_some(children),
    }
}

/// Headline, sections (headings) and, inside each section, the people
/// (first mention, with their posts) and document references.
pub fn document_symbols(snap: &Snapshot, enc: Encoding) -> Vec<DocumentSymbol> {
    let analysis = &snap.analysis;
    let text = snap.text.as_str();
    let es = &analysis.recognition.entities;
    let end = text.len();
    let headline = analysis
        .recognition
        .metadata
        .headline
        .or(analysis.article.headline);
    // Section ranges: from each heading (other than the headline) to the next.
    let headings: Vec<Span> = analysis
        .article
        .blocks
        .iter()
        .filter(|b| b.kind == BlockKind::Heading)
        .filter(|b| headline.is_none_or(|h| !b.span.contains(h.start)))
        .map(|b| b.span)
        .collect();
    let section_of = |pos: usize| headings.iter().rposition(|h| h.start <= pos);
    let mut loose: Vec<DocumentSymbol> = Vec::new();
    let mut sections: Vec<Vec<DocumentSymbol>> = vec![Vec::new(); headings.len()];
    // Every post given to each person anywhere in the article, in order, in
    // one pass (keyed like every name comparison).
    let mut posts_of: HashMap<String, Vec<String>> = HashMap::new();
    for e in es {
        if let Value::Person { name } = &e.value {
            let posts = posts_of.entry(phrase_key(name)).or_default();
            for post in e.links.iter().filter_map(|&i| es.get(i)?.post()) {
                let canonical = post.canonical();
                if !posts.contains(&canonical) {
                    posts.push(canonical);
                }
            }
        }
    }
    let mut seen_people: HashSet<String> = HashSet::new();
    for e in es {
        let (name, detail, kind) = match &e.value {
            Value::Person { name } => {
                let key = phrase_key(name);
                if !seen_people.insert(key.clone()) {
                    continue;
                }
                let posts = posts_of.get(&key).filter(|p| !p.is_empty());
                (
                    name.clone(),
                    posts.map(|p| p.join("; ")),
                    SymbolKind::OBJECT,
                )
            }
            Value::Document(d) => (
                format!("{} {}", d.kind, d.number),
                d.date.clone(),
                SymbolKind::STRUCT,
            ),
            _ => continue,
        };
        let s = symbol(name, detail, kind, &snap.rope, e.span, enc, Vec::new());
        match section_of(e.span.start) {
            Some(i) => sections[i].push(s),
            None => loose.push(s),
        }
    }
    let mut out = Vec::new();
    if let Some(h) = headline {
        out.push(symbol(
            text.get(h.range()).unwrap_or("").trim().to_string(),
            Some("tiêu đề".into()),
            SymbolKind::FILE,
            &snap.rope,
            h,
            enc,
            Vec::new(),
        ));
    }
    out.extend(loose);
    for (i, h) in headings.iter().enumerate() {
        let until = headings
            .get(i + 1)
            .map_or(end, |n| n.start.saturating_sub(1).max(h.end));
        let title = text
            .get(h.range())
            .unwrap_or("")
            .trim_start_matches('#')
            .trim()
            .to_string();
        let mut s = symbol(
            title,
            None,
            SymbolKind::NAMESPACE,
            &snap.rope,
            Span::new(h.start, until),
            enc,
            std::mem::take(&mut sections[i]),
        );
        s.selection_range = convert::range(&snap.rope, *h, enc);
        out.push(s);
    }
    out
}

/// Officials and places whose names contain the query's words, accent- and
/// case-insensitively: the registry's people first, then the workspace's.
#[allow(deprecated)] // `SymbolInformation::deprecated` is a required field.
pub fn workspace_symbols(state: &State, query: &str, enc: Encoding) -> Vec<SymbolInformation> {
    const LIMIT: usize = 200;
    let wanted = crate::workspace::SearchQuery::new(query);
    let mut out = Vec::new();
    let registry = read(&state.registry).clone();
    for p in registry.people() {
        let names = std::iter::once(&p.name).chain(p.aliases.iter());
        if !names.into_iter().any(|n| wanted.matches(n)) {
            continue;
        }
        if let Some(location) = registry_location(state, p, enc) {
            out.push(SymbolInformation {
                name: p.name.clone(),
                kind: SymbolKind::OBJECT,
                tags: None,
                deprecated: None,
                location,
                container_name: Some(format!("danh sách cán bộ ({})", p.id)),
            });
        }
        if out.len() >= LIMIT {
            return out;
        }
    }
    let hits = read(&state.workspace).search(query, LIMIT - out.len());
    for h in hits {
        let Some(uri) = Uri::from_file_path(&h.path) else {
            continue;
        };
        out.push(SymbolInformation {
            name: h.name,
            kind: match h.kind {
                crate::workspace::SymbolHitKind::Person => SymbolKind::OBJECT,
                crate::workspace::SymbolHitKind::Place => SymbolKind::NAMESPACE,
            },
            tags: None,
            deprecated: None,
            location: Location::new(uri, mention_range(h.position, enc)),
            container_name: h.detail,
        });
    }
    out
}

/// A TOML basic string for `s`.
fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// Rename every mention of the person at `offset` across the workspace,
/// and their name in the registry. `versions`: open documents' versions,
/// for versioned edits.
pub fn rename(
    state: &State,
    snap: &Snapshot,
    offset: usize,
    new_name: &str,
    open: &OpenSnapshots,
    versioned: bool,
    enc: Encoding,
) -> Result<WorkspaceEdit, String> {
    let new_name = new_name.trim();
    if new_name.is_empty() || new_name.contains(['\n', '\r', '[', ']', '{', '}']) {
        return Err(format!("Tên mới không hợp lệ: “{new_name}”."));
    }
    let Some((_, name)) = person_at(snap, offset) else {
        return Err("Con trỏ không ở trên tên một người.".into());
    };
    let key = phrase_key(&name);
    let keys = HashSet::from([key.clone()]);
    let mut by_uri: HashMap<Uri, Vec<TextEdit>> = HashMap::new();
    for loc in mentions(state, &keys, open, enc) {
        by_uri
            .entry(loc.uri)
            .or_default()
            .push(TextEdit::new(loc.range, new_name.to_string()));
    }
    let registry = read(&state.registry).clone();
    for p in registry.find_by_name(&name) {
        if phrase_key(&p.name) != key {
            continue; // found by an alias: the registry's own name stays
        }
        if let Some(loc) = registry_location(state, p, enc) {
            by_uri
                .entry(loc.uri)
                .or_default()
                .push(TextEdit::new(loc.range, toml_string(new_name)));
        }
    }
    if !versioned {
        return Ok(WorkspaceEdit {
            changes: Some(by_uri),
            ..WorkspaceEdit::default()
        });
    }
    let versions: HashMap<&Uri, i32> = open.values().map(|(u, s)| (u, s.version)).collect();
    let mut edits: Vec<TextDocumentEdit> = by_uri
        .into_iter()
        .map(|(uri, edits)| TextDocumentEdit {
            text_document: OptionalVersionedTextDocumentIdentifier {
                version: versions.get(&uri).copied(),
                uri,
            },
            edits: edits.into_iter().map(OneOf::Left).collect(),
        })
        .collect();
    edits.sort_by(|a, b| {
        a.text_document
            .uri
            .as_str()
            .cmp(b.text_document.uri.as_str())
    });
    Ok(WorkspaceEdit {
        document_changes: Some(DocumentChanges::Edits(edits)),
        ..WorkspaceEdit::default()
    })
}
