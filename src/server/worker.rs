//! The analysis worker: turns each new version of an open document into
//! published diagnostics, in two steps.
//!
//! 1. **Quick re-check** (milliseconds, in the worker's loop): from the last
//!    full analysis of the document (its *base*), the blocks the edits
//!    touched are re-checked and every other finding is carried over
//!    (`analysis::quick`). Published at once, tagged with the version.
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

use std::collections::{HashMap, HashSet};
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};

use ropey::Rope;
use tokio::sync::mpsc;
use tower_lsp_server::Client;
use tower_lsp_server::ls_types::*;

use super::{INCREMENTAL_LIMIT, Snapshot, State, convert, lock, workspace};
use crate::analysis::quick::{QuickFinding, quick_findings};
use crate::analysis::{Analysis, AnalyzeOptions, IncrementalAnalyzer, analyze};
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
    text: String,
    analysis: Analysis,
    /// The published findings' diagnostics in JSON, by finding (reused
    /// for the findings a quick re-check carries over unmoved); `None` for
    /// a finding left out by `bientap.maxDiagnostics`.
    diagnostics: Vec<Option<Arc<str>>>,
    /// `State::settings_generation` it was made with.
    settings: u64,
}

/// What the worker and its full-analysis tasks share.
#[derive(Default)]
struct Shared {
    /// The last full analysis per document.
    bases: HashMap<Uri, Arc<Base>>,
    /// The last quick re-check per document, as a base for the next one
    /// (its recognition holds only the article context).
    chained: HashMap<Uri, Arc<Base>>,
    /// Documents with a full analysis running.
    running: HashSet<Uri>,
    /// The newest version published per document.
    published: HashMap<Uri, i32>,
    analyzers: HashMap<Uri, Arc<Mutex<IncrementalAnalyzer>>>,
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
                        Some((doc.document.rope().clone(), doc.format))
                    }
                    _ => None, // closed, or a newer version is queued
                }
            };
            let Some((rope, format)) = input else {
                // Closed documents lose their base, analyzer and history.
                let docs = lock(&state.docs);
                let mut s = lock(&shared);
                s.bases.retain(|u, _| docs.contains_key(u));
                s.chained.retain(|u, _| docs.contains_key(u));
                s.analyzers.retain(|u, _| docs.contains_key(u));
                s.published.retain(|u, _| docs.contains_key(u));
                continue;
            };
            let settings_generation = state.settings_generation.load(Ordering::SeqCst);
            let mut rules = lock(&state.settings).clone();
            rules.workspace = workspace::facts_for(&state, &uri);
            let options = AnalyzeOptions { format, rules };
            // Quick re-check from the newest base: the last quick re-check
            // (one edit back while typing) or the last full analysis (after
            // a declined edit, several edits back: each is re-checked).
            let bases: Vec<Arc<Base>> = {
                let s = lock(&shared);
                let mut bases: Vec<Arc<Base>> = [s.chained.get(&uri), s.bases.get(&uri)]
                    .into_iter()
                    .flatten()
                    .filter(|b| b.settings == settings_generation && b.version <= version)
                    .cloned()
                    .collect();
                bases.sort_by_key(|b| std::cmp::Reverse(b.version));
                bases
            };
            if bases.is_empty() {
                tracing::debug!(version, "no base for a quick re-check");
            } else {
                let rope2 = rope.clone();
                let options2 = options.clone();
                let uri2 = uri.clone();
                let enc = state.encoding();
                let language = state.language();
                let max = state.max_diagnostics();
                let prepared = received.elapsed();
                let quick = tokio::task::spawn_blocking(move || {
                    let started = std::time::Instant::now();
                    let text = rope2.to_string();
                    let newest = bases.first().cloned();
                    let found = bases.into_iter().find_map(|base| {
                        let q = quick_findings(&base.text, &base.analysis, &text, &options2)?;
                        Some((base, q))
                    });
                    let Some((base, quick)) = found else {
                        if let Some(b) = newest {
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
                        return None;
                    };
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
                            QuickFinding::Kept(i) if quick.lines_kept => {
                                base.diagnostics[*i].clone()
                            }
                            _ => None,
                        };
                        diagnostics[k] = reused.or_else(|| {
                            json(&convert::diagnostic(
                                &uri2,
                                &rope2,
                                &quick.finding(&base.analysis, q),
                                enc,
                                language,
                            ))
                        });
                    }
                    tracing::debug!(
                        version,
                        region = quick.region_len(),
                        changes = quick.edits.changes().len(),
                        findings = diagnostics.len(),
                        hidden,
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
                        // becomes the next step of the chain. The next
                        // version does not wait for it (from an older base
                        // it re-checks one more change).
                        let shared2 = shared.clone();
                        let state2 = state.clone();
                        let uri2 = uri.clone();
                        tokio::task::spawn_blocking(move || {
                            let analysis = Analysis {
                                article: crate::syntax::parse(&text, base.analysis.article.format),
                                recognition: crate::recognize::Recognition {
                                    context: base.analysis.recognition.context.clone(),
                                    ..Default::default()
                                },
                                findings: quick.to_findings(&base.analysis),
                            };
                            let next = Arc::new(Base {
                                version,
                                text,
                                analysis,
                                diagnostics,
                                settings: base.settings,
                            });
                            let open = lock(&state2.docs).contains_key(&uri2);
                            let mut s = lock(&shared2);
                            let newer = s.chained.get(&uri2).is_some_and(|b| b.version >= version);
                            if open && !newer {
                                s.chained.insert(uri2, next);
                            }
                        });
                    }
                    Ok(None) => {}
                    Err(e) => tracing::error!("quick re-check of {} panicked: {e}", uri.as_str()),
                }
            }
            let start_full = lock(&shared).running.insert(uri.clone());
            if start_full {
                tokio::spawn(full_analysis(
                    client.clone(),
                    state.clone(),
                    shared.clone(),
                    tx.clone(),
                    uri,
                    version,
                    rope,
                    options,
                    settings_generation,
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
    rope: Rope,
    options: AnalyzeOptions,
    settings_generation: u64,
) {
    // Past a few MB the memo costs more memory than it saves time (a
    // 50 MB document's cached tokens alone take gigabytes).
    let analyzer = if rope.len_bytes() <= INCREMENTAL_LIMIT {
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
    let rope2 = rope.clone();
    let uri2 = uri.clone();
    let enc = state.encoding();
    let language = state.language();
    let max = state.max_diagnostics();
    let result = on_low_priority_thread(move || {
        let started = std::time::Instant::now();
        let text = rope2.to_string();
        let analysis = match analyzer {
            Some(analyzer) => lock(&analyzer).analyze(&text, &options),
            None => analyze(&text, &options),
        };
        let severities: Vec<Severity> = analysis.findings.iter().map(|f| f.severity).collect();
        let (shown, hidden) = shown(&severities, max);
        let mut diagnostics: Vec<Option<Arc<str>>> = vec![None; severities.len()];
        for k in shown {
            diagnostics[k] = json(&convert::diagnostic(
                &uri2,
                &rope2,
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
        (analysis, text, diagnostics, hidden)
    })
    .await;
    let (analysis, text, diagnostics, hidden) = match result {
        Ok(a) => a,
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
    let snapshot = Arc::new(Snapshot {
        version,
        rope: rope.clone(),
        analysis: analysis.clone(),
    });
    let settings_changed = state.settings_generation.load(Ordering::SeqCst) != settings_generation;
    let current = {
        let mut docs = lock(&state.docs);
        match docs.get_mut(&uri) {
            Some(doc) if settings_changed => Some(doc.document.version()),
            Some(doc) if doc.document.version() == version => {
                doc.snapshot = Some(snapshot.clone());
                state.analysed.notify_waiters();
                Some(version)
            }
            Some(doc) => Some(doc.document.version()),
            None => None, // closed
        }
    };
    let base = Arc::new(Base {
        version,
        text: text.clone(),
        analysis,
        diagnostics,
        settings: settings_generation,
    });
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
        s.bases.insert(uri.clone(), base.clone());
        if current == Some(version) {
            s.chained.remove(&uri); // the full analysis is the fresher base
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
            workspace::note_analysis(&state, &uri, &text, &snapshot.analysis);
        }
    }
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
