//! What a hover card needs of an edited paragraph before the full analysis
//! of the new text lands (seconds on a 1 MB article): the paragraph
//! recognised on its own in the older analysis' context, as a quick
//! re-check does, plus the older analysis' mentions elsewhere of the people
//! named in it (a person card counts every mention and lists every title
//! the article gives them).

use std::collections::{BTreeMap, HashSet};

use super::{Edits, Touched, parses_alone, touched, touches_any};
use crate::analysis::Analysis;
use crate::entity::{Entity, EntityKind, Value};
use crate::recognize::{Recognition, recognize_in_context};
use crate::span::Span;
use crate::syntax;

/// An analysis of the edited paragraph around `offset` of `new_text`, from
/// the analysis `old` of `old_text` (`edits` lead from one to the other),
/// for hover cards only: it holds the paragraph's entities (in the new
/// text's offsets), the people it names as mentioned elsewhere in the
/// older analysis with their titles (moved through the edits), and the
/// article's metadata. Its article is empty and it has no findings.
///
/// Exact, like [`super::quick_findings`], while the edits leave the
/// article's context alone, with one gap: mentions of those people inside
/// *other* edited paragraphs are missing until the full analysis.
///
/// `None` when `offset` is in no edited paragraph, or the paragraph cannot
/// be recognised on its own: the front matter or a suppression directive
/// was edited, a comment is cut, or page furniture is involved (found with
/// the whole article in view).
pub fn edited_paragraph_analysis(
    old_text: &str,
    old: &Analysis,
    new_text: &str,
    edits: &Edits,
    offset: usize,
) -> Option<Analysis> {
    if offset > new_text.len() || !new_text.is_char_boundary(offset) {
        return None;
    }
    let context = old.recognition.context.as_ref()?;
    let Touched {
        regions,
        dirty,
        context_changed,
    } = touched(old_text, &old.article, new_text, edits)?;
    if context_changed {
        return None;
    }
    let region = *regions
        .iter()
        .find(|r| r.start <= offset && offset <= r.end)?;
    let old_region = Span::new(edits.map_back(region.start), edits.map_back(region.end));
    let old_entities = &old.recognition.entities;
    let furniture = |e: &Entity| e.kind == EntityKind::Debris && e.span.overlaps(old_region);
    if old_entities.iter().any(furniture) {
        return None;
    }
    let fragment = &new_text[region.range()];
    let article = syntax::parse(fragment, old.article.format);
    if !parses_alone(fragment, &article) {
        return None;
    }
    let recognition = recognize_in_context(&article, context);
    if !recognition.debris_blocks.is_empty() {
        return None;
    }

    let mut entities: Vec<Entity> = recognition.entities;
    for e in &mut entities {
        e.span = e.span.shifted(region.start);
    }
    let names: HashSet<&str> = entities.iter().filter_map(person_name).collect();
    // The old entities to bring along, by old index, with their index in
    // `entities` once appended.
    let outside = |s: Span| !touches_any(&dirty, s);
    let mut taken: BTreeMap<usize, Option<usize>> = BTreeMap::new();
    for (i, e) in old_entities.iter().enumerate() {
        if person_name(e).is_some_and(|n| names.contains(n)) && outside(e.span) {
            taken.insert(i, None);
            for &j in &e.links {
                if old_entities.get(j).is_some_and(|t| outside(t.span)) {
                    taken.insert(j, None);
                }
            }
        }
    }
    let mut appended = Vec::with_capacity(taken.len());
    for (&i, slot) in &mut taken {
        let e = &old_entities[i];
        let Some(span) = edits.map(e.span) else {
            continue; // outside the dirty lines, so never, but not trusted
        };
        *slot = Some(entities.len() + appended.len());
        appended.push(Entity {
            span,
            links: Vec::new(),
            ..e.clone()
        });
    }
    entities.extend(appended);
    for (&i, slot) in &taken {
        if let Some(slot) = *slot {
            entities[slot].links = old_entities[i]
                .links
                .iter()
                .filter_map(|j| taken.get(j).copied().flatten())
                .collect();
        }
    }
    Some(Analysis {
        article: syntax::parse("", old.article.format),
        recognition: Recognition {
            entities: sorted_by_position(entities),
            metadata: old.recognition.metadata.clone(),
            debris_blocks: Vec::new(),
            context: Some(context.clone()),
        },
        findings: Vec::new(),
    })
}

fn person_name(e: &Entity) -> Option<&str> {
    match &e.value {
        Value::Person { name } if e.kind == EntityKind::Person => Some(name),
        _ => None,
    }
}

/// `entities` in text order, as an analysis keeps them (a card lists a
/// person's titles in the order they first appear), links renumbered.
fn sorted_by_position(entities: Vec<Entity>) -> Vec<Entity> {
    let mut order: Vec<usize> = (0..entities.len()).collect();
    order.sort_by_key(|&i| (entities[i].span.start, entities[i].span.end));
    let mut position = vec![0; entities.len()];
    for (new, &old) in order.iter().enumerate() {
        position[old] = new;
    }
    let mut slots: Vec<Option<Entity>> = entities.into_iter().map(Some).collect();
    order
        .iter()
        .filter_map(|&i| slots[i].take())
        .map(|mut e| {
            for l in &mut e.links {
                *l = position[*l];
            }
            e
        })
        .collect()
}
