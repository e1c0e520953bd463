//! What the re-check of a region found, by the region's text: keystrokes
//! re-checked from the same full analysis re-check every change since it,
//! so a paragraph typed in a few keystrokes ago is re-checked again, its
//! text unchanged, on every keystroke until the next full analysis lands.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use crate::finding::Finding;
use crate::recognize::ArticleContext;
use crate::rules::RuleSettings;

/// Regions kept; past it the memo starts over (typing touches a handful
/// of paragraphs between two full analyses).
const CAPACITY: usize = 64;

/// The block-local findings of one region parsed on its own (offsets in
/// the region), and the blocks its recognition took for page furniture.
#[derive(Debug)]
pub(super) struct RegionCheck {
    pub debris_blocks: Vec<(usize, &'static str)>,
    pub findings: Vec<Finding>,
}

/// Region checks for one article context and one set of rule settings
/// (it starts over when either changes), shared by the re-checks made
/// from one full analysis and its chained bases.
#[derive(Default)]
pub struct RegionMemo {
    inner: Mutex<Inner>,
    hits: AtomicUsize,
}

#[derive(Default)]
struct Inner {
    context: Option<Arc<ArticleContext>>,
    settings: Option<RuleSettings>,
    checks: HashMap<String, Arc<RegionCheck>>,
}

impl RegionMemo {
    /// How many region checks were answered from memory so far.
    pub fn hits(&self) -> usize {
        self.hits.load(Ordering::Relaxed)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The check of `fragment` in `context` with `settings`, computed by
    /// `check` unless remembered.
    pub(super) fn get_or(
        &self,
        fragment: &str,
        context: &Arc<ArticleContext>,
        settings: &RuleSettings,
        check: impl FnOnce() -> RegionCheck,
    ) -> Arc<RegionCheck> {
        {
            let mut inner = self.lock();
            if !inner.holds(context, settings) {
                inner.checks.clear();
                inner.context = Some(context.clone());
                inner.settings = Some(settings.clone());
            } else if let Some(found) = inner.checks.get(fragment) {
                self.hits.fetch_add(1, Ordering::Relaxed);
                return found.clone();
            }
        }
        // Not under the lock: a check takes milliseconds.
        let computed = Arc::new(check());
        let mut inner = self.lock();
        if inner.holds(context, settings) {
            if inner.checks.len() >= CAPACITY {
                inner.checks.clear();
            }
            inner.checks.insert(fragment.to_string(), computed.clone());
        }
        computed
    }
}

impl Inner {
    /// Whether the checks held are for `context` and `settings`.
    fn holds(&self, context: &Arc<ArticleContext>, settings: &RuleSettings) -> bool {
        self.context
            .as_ref()
            .is_some_and(|c| Arc::ptr_eq(c, context) || **c == **context)
            && self
                .settings
                .as_ref()
                .is_some_and(|s| same_settings(s, settings))
    }
}

/// Whether the block-local rules give the same findings under `a` as
/// under `b`. The message language does not count (findings carry both),
/// nor do the registry and the workspace: only document-level rules read
/// them, and the server hands each keystroke a new view of the workspace.
fn same_settings(a: &RuleSettings, b: &RuleSettings) -> bool {
    fn same<T: ?Sized>(x: &Option<Arc<T>>, y: &Option<Arc<T>>) -> bool {
        match (x, y) {
            (Some(x), Some(y)) => Arc::ptr_eq(x, y),
            (None, None) => true,
            _ => false,
        }
    }
    a.severities == b.severities && a.tone_style == b.tone_style && same(&a.lexicons, &b.lexicons)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check() -> RegionCheck {
        RegionCheck {
            debris_blocks: Vec::new(),
            findings: Vec::new(),
        }
    }

    fn context_of(text: &str) -> Arc<ArticleContext> {
        let options =
            crate::analysis::AnalyzeOptions::with_format(crate::syntax::SourceFormat::Article);
        crate::analysis::analyze(text, &options)
            .recognition
            .context
            .expect("a context")
    }

    #[test]
    fn remembers_per_context_and_settings() {
        let memo = RegionMemo::default();
        let context = context_of("---\ndate: 2024-02-13\n---\nĐoạn một.\n");
        let settings = RuleSettings::default();
        let mut computed = 0;
        let mut run = |context: &Arc<ArticleContext>, settings: &RuleSettings| {
            memo.get_or("Đoạn một.", context, settings, || {
                computed += 1;
                check()
            });
            computed
        };
        assert_eq!(run(&context, &settings), 1);
        assert_eq!(run(&context, &settings), 1);
        // Another context (a full analysis of an article that now reads
        // differently): computed again.
        let other = context_of("---\ndate: 2025-03-14\n---\nĐoạn một.\n");
        assert_ne!(*other, *context);
        assert_eq!(run(&other, &settings), 2);
        // Other settings: computed again.
        let mut off = RuleSettings::default();
        off.severities.insert("orthography".into(), None);
        assert_eq!(run(&other, &off), 3);
        assert_eq!(run(&other, &off), 3);
        // An equal context in a new allocation (the next full analysis of
        // an article that still reads the same): still remembered.
        let equal = Arc::new((*other).clone());
        assert_eq!(run(&equal, &off), 3);
        assert_eq!(memo.hits(), 3);
    }
}
