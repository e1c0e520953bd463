//! The analysis worker: turns each new version of an open document into
//! published diagnostics, in two steps.
//!
//! 1. **Quick re-check** (milliseconds, in the worker's loop): from the last
//!    full analysis of the document or a quick re-check that took several
//!    changes (its *base*), the blocks the edits touched are re-checked and every other
//!    finding is carried over (`analysis::quick`). Published at once,
//!    tagged with the version. An edit of the front matter or of a
//!    suppression directive gives a *provisional* re-check (exact in the
//!    edited blocks, possibly stale elsewhere); it is published too, and
//!    re-checks chained from it stay provisional until a full analysis
//!    that includes the edit is the base again.
//! 2. **Full analysis** (in its own task, at most one per document at a
//!    time, with the document's `IncrementalAnalyzer`): when it finishes it
//!    becomes the new base. If the document has not changed meanwhile, its
//!    findings are published (document-level rules included) and it becomes
//!    the snapshot requests read; if it has, the worker is asked to
//!    re-check the latest version quickly from the new base, and a full
//!    analysis of that version starts. So document-level findings follow
//!    typing at the pace of full analyses, and block-local findings at the
//!    pace of keystrokes.
//!
//! Published versions only ever increase per document: a full analysis
//! that finishes after a quick re-check of a newer version is not
//! published (it is still the base of the next quick re-check).

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use ropey::Rope;
use tokio::sync::mpsc;
use tower_lsp_server::Client;
use tower_lsp_server::ls_types::*;

use super::janitor::drop_later;
use super::{INCREMENTAL_LIMIT, Snapshot, State, convert, lock, workspace};
use crate::analysis::cancel::cancellable;
use crate::analysis::quick::{Edits, QuickCheck, QuickFinding, RegionMemo, Strictness, re_check};
use crate::analysis::{Analysis, AnalyzeOptions, IncrementalAnalyzer, analyze};
use crate::document::SharedText;
use crate::finding::{Language, Severity};

/// Default of `bientap.maxDiagnostics`: more is no help in an editor (a
/// proofreader works through a list, and the whole list is in `bientap
/// check`), and every publish carries them all, on every keystroke.
pub const DEFAULT_MAX_DIAGNOSTICS: usize = 1000;

/// Which findings to publish, at most `max`: the most severe first, in
/// document order within a severity; and how many are left out. Returned
/// in document order.
fn shown(severities: &[Severity], max: usize) -> (Vec<usize>, usize) {
    if severities.len() <= max {
        return ((0..severities.len()).collect(), 0);
    }
    let mut picked = Vec::with_capacity(max);
    for level in [
        Severity::Error,
        Severity::Warning,
        Severity::Info,
        Severity::Hint,
    ] {
        let room = max - picked.len();
        picked.extend(
            (0..severities.len())
                .filter(|&i| severities[i] == level)
                .take(room),
        );
    }
    picked.sort_unstable();
    (picked, severities.len() - max)
}

/// The diagnostics to publish, in JSON: the shown ones, then a note of
/// how many were left out.
fn to_publish(
    diagnostics: &[Option<Arc<str>>],
    hidden: usize,
    max: usize,
    language: Language,
) -> Vec<Arc<str>> {
    let mut out: Vec<Arc<str>> = diagnostics.iter().flatten().cloned().collect();
    if hidden > 0 {
        let note = Diagnostic {
            range: Range::default(),
            severity: Some(DiagnosticSeverity::INFORMATION),
            code: Some(NumberOrString::String(TOO_MANY_FINDINGS.into())),
            source: Some("bientap".into()),
            message: match language {
                Language::Vi => format!(
                    "Còn {hidden} phát hiện nữa không hiện ở đây (giới hạn bientap.maxDiagnostics = {max}); `bientap check` cho xem đủ."
                ),
                Language::En => format!(
                    "{hidden} more findings are not shown here (limit bientap.maxDiagnostics = {max}); `bientap check` lists them all."
                ),
            },
            ..Diagnostic::default()
        };
        out.extend(json(&note));
    }
    out
}

/// A diagnostic in JSON (serialised once, sent with every publish that
/// carries it).
fn json(d: &Diagnostic) -> Option<Arc<str>> {
    match serde_json::to_string(d) {
        Ok(s) => Some(s.into()),
        Err(e) => {
            tracing::error!("cannot serialise a diagnostic: {e}");
            None
        }
    }
}

/// Publishes a document's diagnostics (in JSON) as a ready-made frame, in
/// order with every other publish of the worker.
pub(super) fn publish(state: &State, uri: &Uri, version: Option<i32>, diagnostics: Vec<Arc<str>>) {
    let Some(raw) = state.raw_output.get() else {
        tracing::error!("no output for diagnostics of {}", uri.as_str());
        return;
    };
    let frame = super::transport::publish_diagnostics_frame(
        uri.as_str(),
        version,
        diagnostics.iter().map(|d| &**d),
    );
    if raw.send(frame).is_err() {
        tracing::warn!("output closed; diagnostics of {} not sent", uri.as_str());
    }
}

/// The code of the note that says how many findings were left out.
pub const TOO_MANY_FINDINGS: &str = "bientap/too-many-findings";

/// The last full analysis of a document: what quick re-checks start from.
struct Base {
    /// The document version it is of.
    version: i32,
    /// Shared with the snapshot of the same version, like `analysis`.
    text: Arc<String>,
    /// Shared with the snapshot of the same version.
    analysis: Arc<Analysis>,
    /// The published findings' diagnostics in JSON, by finding (reused
    /// for the findings a quick re-check carries over unmoved); `None` for
    /// a finding left out by `bientap.maxDiagnostics`.
    diagnostics: Vec<Option<Arc<str>>>,
    /// `State::settings_generation` it was made with.
    settings: u64,
    /// Whether it is a provisional quick re-check, or chained from one
    /// (`QuickCheck::provisional`): re-checks from it are provisional too,
    /// and any full analysis is preferred to it.
    provisional: bool,
    /// The version of the full analysis it descends from (its own for a
    /// full analysis): whose document-level findings it carries.
    full_version: i32,
    /// Set when an exact re-check from this full analysis failed: the text
    /// has moved out of its reach (too many changes, or its context
    /// changed), so later keystrokes do not try it again first.
    out_of_reach: AtomicBool,
}

/// A quick re-check that changed this many places or more from its base
/// becomes the base of the next keystroke (a chained base). Fewer, and the
/// next keystroke starts from the same base again: re-checking a few
/// paragraphs costs less than building a base (parsing the whole text,
/// copying every finding: ≈ 24 ms at 1 MB, against ≈ 7 ms for the
/// re-check; `benches/tools/incremental_times.rs`).
const CHAIN_AFTER_CHANGES: usize = 4;

/// The quick re-check of `text` from the best of `bases`: an exact one
/// from the base with the newest full analysis behind it (its
/// document-level findings are the freshest), newest first; else a
/// provisional one, from the newest base that allows it.
///
/// Each base comes with the edits since its version, when the document
/// still remembers them (`Document::edits_since`).
fn best_quick_check(
    bases: &[(Arc<Base>, Option<Edits>)],
    text: &str,
    options: &AnalyzeOptions,
    memo: &RegionMemo,
) -> Option<(Arc<Base>, QuickCheck)> {
    let mut exact: Vec<&(Arc<Base>, Option<Edits>)> = bases
        .iter()
        .filter(|(b, _)| !b.provisional && !b.out_of_reach.load(Ordering::Relaxed))
        .collect();
    exact.sort_by_key(|(b, _)| std::cmp::Reverse((b.full_version, b.version)));
    for (base, known) in exact {
        let quick = re_check(
            &base.text,
            &base.analysis,
            text,
            known.clone(),
            options,
            memo,
            Strictness::Exact,
        );
        match quick {
            Some(q) => return Some((base.clone(), q)),
            None if base.full_version == base.version => {
                base.out_of_reach.store(true, Ordering::Relaxed);
            }
            None => {}
        }
    }
    let mut newest: Vec<&(Arc<Base>, Option<Edits>)> = bases.iter().collect();
    newest.sort_by_key(|(b, _)| std::cmp::Reverse(b.version));
    newest.into_iter().find_map(|(base, known)| {
        let strictness = Strictness::Provisional;
        let (before, analysis) = (&base.text, &base.analysis);
        re_check(
            before,
            analysis,
            text,
            known.clone(),
            options,
            memo,
            strictness,
        )
        .map(|q| (base.clone(), q))
    })
}

/// The diagnostics (in JSON) of a quick re-check from `base`, by finding,
/// and how many `max` leaves out. Carried-over findings whose lines did
/// not move reuse the base's JSON.
fn quick_diagnostics(
    base: &Base,
    quick: &QuickCheck,
    uri: &Uri,
    rope: &Rope,
    enc: crate::text::position::Encoding,
    language: Language,
    max: usize,
) -> (Vec<Option<Arc<str>>>, usize) {
    let severities: Vec<Severity> = quick
        .findings
        .iter()
        .map(|q| match q {
            QuickFinding::Kept(i) => base.analysis.findings[*i].severity,
            QuickFinding::New(f) => f.severity,
        })
        .collect();
    let (shown, hidden) = shown(&severities, max);
    let mut diagnostics: Vec<Option<Arc<str>>> = vec![None; severities.len()];
    for k in shown {
        let q = &quick.findings[k];
        let reused = match q {
            QuickFinding::Kept(i) if quick.lines_kept => base.diagnostics[*i].clone(),
            _ => None,
        };
        diagnostics[k] = reused.or_else(|| {
            json(&convert::diagnostic(
                uri,
                rope,
                &quick.finding(&base.analysis, q),
                enc,
                language,
            ))
        });
    }
    (diagnostics, hidden)
}

/// A quick re-check of `version` from `base`, made a base itself (a
/// chained base): the text parsed again, the article context of `base`,
/// the findings copied out.
fn chained_base(
    base: &Base,
    quick: QuickCheck,
    version: i32,
    text: Arc<String>,
    diagnostics: Vec<Option<Arc<str>>>,
) -> Base {
    let analysis = Analysis {
        article: crate::syntax::parse(&text, base.analysis.article.format),
        recognition: crate::recognize::Recognition {
            context: base.analysis.recognition.context.clone(),
            ..Default::default()
        },
        findings: quick.to_findings(&base.analysis),
    };
    Base {
        version,
        text,
        analysis: Arc::new(analysis),
        diagnostics,
        settings: base.settings,
        provisional: base.provisional || quick.provisional,
        full_version: base.full_version,
        out_of_reach: Default::default(),
    }
}

/// The document's region memo (`Shared::regions`).
fn region_memo(shared: &Mutex<Shared>, uri: &Uri) -> Arc<RegionMemo> {
    lock(shared).regions.entry(uri.clone()).or_default().clone()
}

/// A full analysis in progress.
struct Running {
    /// `State::settings_generation` it was started with.
    settings: u64,
    /// Set when its result can no longer be used (`analysis::cancel`).
    cancel: Arc<AtomicBool>,
}

/// What the worker and its full-analysis tasks share.
#[derive(Default)]
struct Shared {
    /// The last full analysis per document.
    bases: HashMap<Uri, Arc<Base>>,
    /// The last quick re-check per document that changed several places,
    /// as a base for the next ones (its recognition holds only the article
    /// context).
    chained: HashMap<Uri, Arc<Base>>,
    /// Documents with a full analysis running.
    running: HashMap<Uri, Running>,
    /// The newest version published per document.
    published: HashMap<Uri, i32>,
    analyzers: HashMap<Uri, Arc<Mutex<IncrementalAnalyzer>>>,
    /// The regions re-checked per document, by text (`quick::RegionMemo`):
    /// keystrokes re-check every change since the last full analysis.
    regions: HashMap<Uri, Arc<RegionMemo>>,
}

impl Shared {
    /// Records `version` as published unless a newer one was; whether to
    /// publish. The same version may be published again (a quick re-check
    /// from a newer base knows more).
    fn claim(&mut self, uri: &Uri, version: i32) -> bool {
        match self.published.get(uri) {
            Some(&v) if v > version => false,
            _ => {
                self.published.insert(uri.clone(), version);
                true
            }
        }
    }

    /// Keeps `next` as the document's chained base unless the one there
    /// descends from a newer full analysis, or is as new; or the full
    /// analysis is as new.
    fn offer_chained(&mut self, uri: &Uri, next: Arc<Base>) {
        let newer_chain = self
            .chained
            .get(uri)
            .is_some_and(|b| (b.full_version, b.version) >= (next.full_version, next.version));
        let newer_full = self
            .bases
            .get(uri)
            .is_some_and(|b| b.version >= next.version);
        if !newer_chain && !newer_full {
            drop_later(self.chained.insert(uri.clone(), next));
        }
    }
}

pub(super) async fn run(
    client: Client,
    state: Arc<State>,
    tx: mpsc::UnboundedSender<(Uri, i32)>,
    mut rx: mpsc::UnboundedReceiver<(Uri, i32)>,
) {
    let shared = Arc::new(Mutex::new(Shared::default()));
    while let Some(first) = rx.recv().await {
        // Coalescing: drain everything queued and keep only the latest
        // version per document.
        let mut pending: HashMap<Uri, i32> = HashMap::new();
        pending.insert(first.0, first.1);
        while let Ok((uri, version)) = rx.try_recv() {
            pending.insert(uri, version);
        }
        for (uri, version) in pending {
            let received = std::time::Instant::now();
            let input = {
                let docs = lock(&state.docs);
                match docs.get(&uri) {
                    Some(doc) if doc.document.version() == version => {
                        Some((doc.document.shared_text(), doc.format))
                    }
                    _ => None, // closed, or a newer version is queued
                }
            };
            let Some((current, format)) = input else {
                // Closed documents lose their base, analyzer and history.
                let docs = lock(&state.docs);
                let mut s = lock(&shared);
                // Stale work: the analysis of a closed document is stopped.
                for (u, running) in &s.running {
                    if !docs.contains_key(u) {
                        running.cancel.store(true, Ordering::Relaxed);
                    }
                }
                s.bases.retain(|u, _| docs.contains_key(u));
                s.chained.retain(|u, _| docs.contains_key(u));
                s.analyzers.retain(|u, _| docs.contains_key(u));
                s.regions.retain(|u, _| docs.contains_key(u));
                s.published.retain(|u, _| docs.contains_key(u));
                continue;
            };
            let settings_generation = state.settings_generation.load(Ordering::SeqCst);
            // Stale work: an analysis under settings no longer in force is
            // stopped (it then queues the latest version again).
            if let Some(running) = lock(&shared).running.get(&uri)
                && running.settings != settings_generation
            {
                running.cancel.store(true, Ordering::Relaxed);
            }
            let mut rules = lock(&state.settings).clone();
            rules.workspace = workspace::facts_for(&state, &uri);
            let options = AnalyzeOptions { format, rules };
            // Quick re-check from the best base (`best_quick_check`): the
            // last full analysis, or the last chained quick re-check.
            let memo = region_memo(&shared, &uri);
            let bases: Vec<Arc<Base>> = {
                let s = lock(&shared);
                [s.bases.get(&uri), s.chained.get(&uri)]
                    .into_iter()
                    .flatten()
                    .filter(|b| b.settings == settings_generation && b.version <= version)
                    .cloned()
                    .collect()
            };
            // The edits since each base, as the editor sent them.
            let bases: Vec<(Arc<Base>, Option<Edits>)> = {
                let docs = lock(&state.docs);
                let doc = docs.get(&uri).filter(|d| d.document.version() == version);
                bases
                    .into_iter()
                    .map(|b| {
                        let known = doc.and_then(|d| d.document.edits_since(b.version));
                        (b, known)
                    })
                    .collect()
            };
            if bases.is_empty() {
                tracing::debug!(version, "no base for a quick re-check");
            } else {
                let current2 = current.clone();
                let options2 = options.clone();
                let uri2 = uri.clone();
                let enc = state.encoding();
                let language = state.language();
                let max = state.max_diagnostics();
                let prepared = received.elapsed();
                let quick = tokio::task::spawn_blocking(move || {
                    let started = std::time::Instant::now();
                    let text = current2.get();
                    let checked = best_quick_check(&bases, &text, &options2, &memo);
                    let Some((base, quick)) = checked else {
                        if let Some((b, _)) = bases.iter().max_by_key(|(b, _)| b.version) {
                            // Where the texts differ (not what they say).
                            let e = crate::analysis::quick::TextEdit::between(&b.text, &text);
                            tracing::debug!(
                                version,
                                base = b.version,
                                first_difference = e.start,
                                last_difference = e.old_end,
                                "quick re-check declined"
                            );
                        }
                        drop_later(bases); // a replaced base may be held only here
                        return None;
                    };
                    drop_later(bases);
                    let rope = current2.rope();
                    let (diagnostics, hidden) =
                        quick_diagnostics(&base, &quick, &uri2, rope, enc, language, max);
                    tracing::debug!(
                        version,
                        region = quick.region_len(),
                        changes = quick.edits.changes().len(),
                        findings = diagnostics.len(),
                        hidden,
                        provisional = base.provisional || quick.provisional,
                        ms = started.elapsed().as_secs_f64() * 1000.0,
                        "quick re-check"
                    );
                    Some((base, quick, text, diagnostics, hidden))
                })
                .await;
                match quick {
                    Ok(Some((base, quick, text, diagnostics, hidden))) => {
                        if lock(&shared).claim(&uri, version) {
                            let before_publish = received.elapsed();
                            publish(
                                &state,
                                &uri,
                                Some(version),
                                to_publish(&diagnostics, hidden, max, language),
                            );
                            tracing::debug!(
                                version,
                                prepared_ms = prepared.as_secs_f64() * 1000.0,
                                before_publish_ms = before_publish.as_secs_f64() * 1000.0,
                                published_ms = received.elapsed().as_secs_f64() * 1000.0,
                                "quick publish"
                            );
                        }
                        // After publishing, in the background: this result
                        // becomes the next step of the chain if it took
                        // several changes, or moved lines (its findings
                        // would be moved again, one by one, every
                        // keystroke). The next version does not wait for
                        // it (from an older base it re-checks one more
                        // change).
                        let worth_chaining =
                            quick.edits.changes().len() >= CHAIN_AFTER_CHANGES || !quick.lines_kept;
                        if worth_chaining {
                            let shared2 = shared.clone();
                            let state2 = state.clone();
                            let uri2 = uri.clone();
                            tokio::task::spawn_blocking(move || {
                                let next = Arc::new(chained_base(
                                    &base,
                                    quick,
                                    version,
                                    text,
                                    diagnostics,
                                ));
                                let open = lock(&state2.docs).contains_key(&uri2);
                                if open {
                                    lock(&shared2).offer_chained(&uri2, next);
                                }
                            });
                        } else {
                            drop_later((base, quick, text, diagnostics));
                        }
                    }
                    Ok(None) => {}
                    Err(e) => tracing::error!("quick re-check of {} panicked: {e}", uri.as_str()),
                }
            }
            let start_full = {
                let mut s = lock(&shared);
                if s.running.contains_key(&uri) {
                    None
                } else {
                    let cancel = Arc::new(AtomicBool::new(false));
                    let running = Running {
                        settings: settings_generation,
                        cancel: cancel.clone(),
                    };
                    s.running.insert(uri.clone(), running);
                    Some(cancel)
                }
            };
            if let Some(cancel) = start_full {
                tokio::spawn(full_analysis(
                    client.clone(),
                    state.clone(),
                    shared.clone(),
                    tx.clone(),
                    uri,
                    version,
                    current,
                    options,
                    settings_generation,
                    cancel,
                ));
            }
            // Otherwise the running analysis re-queues the latest version
            // when it finishes.
        }
    }
}

#[allow(clippy::too_many_arguments)]
async fn full_analysis(
    client: Client,
    state: Arc<State>,
    shared: Arc<Mutex<Shared>>,
    tx: mpsc::UnboundedSender<(Uri, i32)>,
    uri: Uri,
    version: i32,
    current: SharedText,
    options: AnalyzeOptions,
    settings_generation: u64,
    cancel: Arc<AtomicBool>,
) {
    // Past a few MB the memo costs more memory than it saves time (a
    // 50 MB document's cached tokens alone take gigabytes).
    let analyzer = if current.rope().len_bytes() <= INCREMENTAL_LIMIT {
        Some(
            lock(&shared)
                .analyzers
                .entry(uri.clone())
                .or_default()
                .clone(),
        )
    } else {
        lock(&shared).analyzers.remove(&uri);
        None
    };
    let memo = region_memo(&shared, &uri);
    let current2 = current.clone();
    let uri2 = uri.clone();
    let state2 = state.clone();
    let enc = state.encoding();
    let language = state.language();
    let max = state.max_diagnostics();
    let result = on_low_priority_thread(move || {
        let started = std::time::Instant::now();
        let text = current2.get_unshared();
        let rope2 = current2.rope();
        let analysis = cancellable(&cancel, || match analyzer {
            Some(analyzer) => lock(&analyzer).analyze(&text, &options),
            None => analyze(&text, &options),
        })?;
        let severities: Vec<Severity> = analysis.findings.iter().map(|f| f.severity).collect();
        let (shown, hidden) = shown(&severities, max);
        let mut diagnostics: Vec<Option<Arc<str>>> = vec![None; severities.len()];
        for k in shown {
            diagnostics[k] = json(&convert::diagnostic(
                &uri2,
                rope2,
                &analysis.findings[k],
                enc,
                language,
            ));
        }
        tracing::debug!(
            version,
            bytes = text.len(),
            ms = started.elapsed().as_secs_f64() * 1000.0,
            "full analysis"
        );
        let base = Base {
            version,
            text,
            analysis: Arc::new(analysis),
            diagnostics,
            settings: settings_generation,
            provisional: false,
            full_version: version,
            out_of_reach: Default::default(),
        };
        let caught_up = catch_up(&state2, &uri2, &base, &options, &memo);
        Some((base, hidden, caught_up))
    })
    .await;
    let (base, hidden, caught_up) = match result {
        Ok(Some(a)) => a,
        Ok(None) => {
            // Cancelled: the document was closed or the settings changed.
            lock(&shared).running.remove(&uri);
            tracing::debug!(version, "full analysis cancelled");
            let current = lock(&state.docs).get(&uri).map(|d| d.document.version());
            if let Some(v) = current {
                let _ = tx.send((uri, v));
            }
            return;
        }
        Err(e) => {
            lock(&shared).running.remove(&uri);
            tracing::error!("analysis of {} panicked: {e}", uri.as_str());
            client
                .log_message(
                    MessageType::ERROR,
                    format!("bientap: phân tích {} thất bại: {e}", uri.as_str()),
                )
                .await;
            return;
        }
    };
    let base = Arc::new(base);
    let snapshot = Arc::new(Snapshot {
        version,
        rope: current.rope().clone(),
        text: base.text.clone(),
        analysis: base.analysis.clone(), // an `Arc`
    });
    let settings_changed = state.settings_generation.load(Ordering::SeqCst) != settings_generation;
    let current = {
        let mut docs = lock(&state.docs);
        match docs.get_mut(&uri) {
            Some(doc) if settings_changed => Some(doc.document.version()),
            Some(doc) if doc.document.version() == version => {
                drop_later(doc.snapshot.replace(snapshot.clone()));
                state.analysed.notify_waiters();
                Some(version)
            }
            Some(doc) => Some(doc.document.version()),
            None => None, // closed
        }
    };
    let publish_it = {
        let mut s = lock(&shared);
        s.running.remove(&uri);
        if current.is_none() {
            return;
        }
        if settings_changed {
            // Made with settings no longer in force: neither shown nor a base.
            drop(s);
            if let Some(v) = current {
                let _ = tx.send((uri, v));
            }
            return;
        }
        drop_later(s.bases.insert(uri.clone(), base.clone()));
        if current == Some(version) {
            // The full analysis is the fresher base.
            drop_later(s.chained.remove(&uri));
        } else if let Some(chain) = caught_up {
            s.offer_chained(&uri, Arc::new(chain));
        }
        // Published unless a quick re-check of a newer version was: an
        // older full result would move the editor's squiggles backwards.
        s.claim(&uri, version)
    };
    tracing::debug!(version, ?current, publish_it, "full analysis done");
    if publish_it {
        publish(
            &state,
            &uri,
            Some(version),
            to_publish(&base.diagnostics, hidden, max, language),
        );
    }
    match current {
        Some(v) if v != version => {
            // Newer text arrived meanwhile: re-check it from this base and
            // analyse it in full.
            let _ = tx.send((uri, v));
        }
        _ => {
            // After publishing: the index can wait, the editor cannot.
            workspace::note_analysis(&state, &uri, &base.text, &snapshot.analysis);
        }
    }
}

/// When the document moved on during the full analysis `full`: its
/// latest text re-checked from `full`, as a chained base.
///
/// Why here, on the analysis thread: at 1 MB a full analysis lands some 40
/// keystrokes behind, and re-checking 40 changes takes 60–100 ms. Done by
/// the next keystroke, that is the keystroke's latency; done here, at low
/// priority before the analysis is handed over, the keystrokes meanwhile
/// go on from the older chain and the next one starts from this result,
/// a few changes away. `None` when the document is closed or unchanged,
/// the settings changed, or an exact re-check is out of reach (the
/// foreground then finds that for itself).
fn catch_up(
    state: &State,
    uri: &Uri,
    full: &Base,
    options: &AnalyzeOptions,
    memo: &RegionMemo,
) -> Option<Base> {
    let started = std::time::Instant::now();
    let (latest, current, known) = {
        let docs = lock(&state.docs);
        let doc = docs.get(uri)?;
        let known = doc.document.edits_since(full.version);
        (doc.document.version(), doc.document.shared_text(), known)
    };
    if latest == full.version || state.settings_generation.load(Ordering::SeqCst) != full.settings {
        return None;
    }
    let latest_text = current.get_unshared();
    let quick = re_check(
        &full.text,
        &full.analysis,
        &latest_text,
        known,
        options,
        memo,
        Strictness::Exact,
    )?;
    let (diagnostics, _) = quick_diagnostics(
        full,
        &quick,
        uri,
        current.rope(),
        state.encoding(),
        state.language(),
        state.max_diagnostics(),
    );
    let changes = quick.edits.changes().len();
    let chain = chained_base(full, quick, latest, latest_text, diagnostics);
    tracing::debug!(
        version = full.version,
        latest,
        changes,
        ms = started.elapsed().as_secs_f64() * 1000.0,
        "caught up"
    );
    Some(chain)
}

/// Runs `f` on a thread of its own at low priority, so a full analysis
/// leaves the cores to the quick re-checks and their publishing (on two
/// cores, the editor and the server's own protocol work need one). A panic
/// is returned as its message.
async fn on_low_priority_thread<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<T, String> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    let spawned = std::thread::Builder::new()
        .name("bientap-analysis".into())
        .spawn(move || {
            workspace::lower_thread_priority();
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
            let _ = tx.send(result.map_err(|payload| {
                payload
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| payload.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "panic".to_string())
            }));
        });
    if let Err(e) = spawned {
        return Err(format!("cannot start a thread: {e}"));
    }
    rx.await
        .unwrap_or_else(|_| Err("the analysis thread ended".to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::SourceFormat;

    fn base(version: i32, text: &str, provisional: bool) -> Arc<Base> {
        let options = AnalyzeOptions::with_format(SourceFormat::Article);
        let analysis = analyze(text, &options);
        Arc::new(Base {
            version,
            text: Arc::new(text.to_string()),
            diagnostics: vec![None; analysis.findings.len()],
            analysis: Arc::new(analysis),
            settings: 0,
            provisional,
            full_version: if provisional { 1 } else { version },
            out_of_reach: Default::default(),
        })
    }

    /// The base a keystroke is re-checked from: an exact re-check from
    /// the newest full analysis, before a provisional chain however new;
    /// else the newest base.
    #[test]
    fn exact_bases_are_preferred_to_provisional_ones() {
        let options = AnalyzeOptions::with_format(SourceFormat::Article);
        let best = |bases: &[Arc<Base>], text: &str| {
            let bases: Vec<_> = bases.iter().map(|b| (b.clone(), None)).collect();
            best_quick_check(&bases, text, &options, &RegionMemo::default())
        };
        let filler = "Đoàn công tác đã kiểm tra công trình và làm việc với địa phương. ".repeat(6);
        let v1 = format!(
            "---\ntitle: Tin\ndate: 2024-03-01\n---\n\n# Tin\n\n{filler}\n\nNgày 29/2 có họp.\n\nĐoạn hai.\n"
        );
        let v2 = v1.replace("2024-03-01", "2025-03-01");
        let v3 = v2.replace("Đoạn hai", "Đoạn  hai");
        let v4 = v3.replace("Đoạn  hai", "Đoạn  hai,");
        let chained3 = || base(3, &v3, true);

        // The full analysis of the new date, though older than the chain.
        let (b, q) = best(&[chained3(), base(2, &v2, false)], &v4).expect("quick path");
        assert_eq!((b.version, q.provisional), (2, false));
        // Only the old date's analysis: the provisional chain (newer), and
        // the old analysis is not tried first again.
        let full1 = base(1, &v1, false);
        let (b, q) = best(&[chained3(), full1.clone()], &v4).expect("quick path");
        assert_eq!((b.version, q.provisional), (3, false));
        assert!(b.provisional);
        assert!(full1.out_of_reach.load(Ordering::Relaxed));
        let (b, q) = best(&[base(1, &v1, false)], &v4).expect("quick path");
        assert_eq!((b.version, q.provisional), (1, true));
        // The date typed back: exact again from the old date's analysis.
        let back = v4.replace("2025-03-01", "2024-03-01");
        let (b, q) = best(&[chained3(), base(1, &v1, false)], &back).expect("quick path");
        assert_eq!((b.version, q.provisional), (1, false));
        // A chain from an older full analysis comes after a newer one.
        let chain_of_1 = base(3, &v3.replace("2025-03-01", "2024-03-01"), false);
        let chain_of_1 = Arc::new(Base {
            full_version: 1,
            ..Arc::into_inner(chain_of_1).unwrap()
        });
        let full2 = base(2, &v1.replace("Ngày 29/2", "Ngày 28/2"), false);
        let (b, _) = best(&[chain_of_1, full2], &back).expect("quick path");
        assert_eq!(b.version, 2);
    }

    /// The chained base kept per document: the one from the newest full
    /// analysis (a caught-up chain), newest first within it; never one
    /// older than the full analysis.
    #[test]
    fn chains_from_newer_full_analyses_are_kept() {
        let uri: Uri = "file:///tmp/a.article".parse().unwrap();
        let text = "---\ntitle: Tin\n---\n\nĐoạn một.\n";
        let chain = |version: i32, full_version: i32| {
            Arc::new(Base {
                full_version,
                ..Arc::into_inner(base(version, text, false)).unwrap()
            })
        };
        let kept = |s: &Shared| {
            let b = s.chained.get(&uri).expect("a chain");
            (b.version, b.full_version)
        };
        let mut s = Shared::default();
        s.offer_chained(&uri, chain(5, 1));
        s.offer_chained(&uri, chain(4, 1)); // older: refused
        assert_eq!(kept(&s), (5, 1));
        s.offer_chained(&uri, chain(7, 1));
        assert_eq!(kept(&s), (7, 1));
        // Caught up from the full analysis of version 6, at version 7.
        s.offer_chained(&uri, chain(7, 6));
        assert_eq!(kept(&s), (7, 6));
        // A foreground chain of version 9 from the old full analysis,
        // finished after the catch-up: refused.
        s.offer_chained(&uri, chain(9, 1));
        assert_eq!(kept(&s), (7, 6));
        s.offer_chained(&uri, chain(9, 6));
        assert_eq!(kept(&s), (9, 6));
        // The full analysis of version 10: no chain older than it.
        s.bases.insert(uri.clone(), base(10, text, false));
        s.chained.clear();
        s.offer_chained(&uri, chain(9, 6));
        assert!(s.chained.is_empty());
    }

    #[test]
    fn shown_keeps_the_most_severe_in_document_order() {
        use Severity::*;
        let severities = [Info, Warning, Error, Hint, Warning, Error];
        assert_eq!(shown(&severities, 10), ((0..6).collect(), 0));
        assert_eq!(shown(&severities, 3), (vec![1, 2, 5], 3));
        assert_eq!(shown(&severities, 2), (vec![2, 5], 4));
    }
}
