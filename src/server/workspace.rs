//! The server's knowledge of the workspace: the background index of every
//! article (with `$/progress`), the registry of officials, and keeping both
//! current as files change.
//!
//! Locking: summaries are computed outside any lock; the index's write lock
//! is held only to insert a batch, so hover and diagnostics answer while
//! indexing runs.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use ropey::Rope;
use tower_lsp_server::Client;
use tower_lsp_server::ls_types::*;

use super::{State, lock, read, write};
use crate::registry::Registry;
use crate::text::position::Encoding;
use crate::workspace::{ArticleSummary, LinePos, MentionPosition, summarize_text};

/// Files summarised per thread between two index insertions / progress
/// reports.
const BATCH: usize = 64;

pub fn line_pos(p: LinePos, enc: Encoding) -> Position {
    let col = match enc {
        Encoding::Utf8 => p.utf8,
        Encoding::Utf16 => p.utf16,
        Encoding::Utf32 => p.utf32,
    };
    Position::new(p.line, col)
}

/// An index position as an LSP range in the negotiated encoding.
pub fn mention_range(p: MentionPosition, enc: Encoding) -> Range {
    Range::new(line_pos(p.start, enc), line_pos(p.end, enc))
}

/// The registry files for the workspace: `officials.toml` at each root,
/// plus the paths `bientap.toml` lists under `[registry]`.
pub fn registry_paths(state: &State) -> Vec<PathBuf> {
    let roots = lock(&state.roots).clone();
    let mut paths: Vec<PathBuf> = roots
        .iter()
        .map(|r| r.join(crate::registry::FILE_NAME))
        .collect();
    if let Some(config) = lock(&state.config_path).clone()
        && let Ok((_, parsed)) = crate::config::Config::load(&config)
    {
        let base = config.parent().map(Path::to_path_buf).unwrap_or_default();
        for p in parsed.registry_paths {
            let p = if p.is_absolute() { p } else { base.join(p) };
            if !paths.contains(&p) {
                paths.push(p);
            }
        }
    }
    paths
}

pub fn is_registry_path(state: &State, path: &Path) -> bool {
    path.file_name()
        .is_some_and(|n| n == crate::registry::FILE_NAME)
        || lock(&state.registry_paths).iter().any(|p| p == path)
}

/// Diagnostics for a registry file's problems.
pub fn registry_diagnostics(
    uri: &Uri,
    text: &str,
    findings: &[crate::finding::Finding],
    enc: Encoding,
    language: crate::finding::Language,
) -> Vec<Diagnostic> {
    let rope = Rope::from_str(text);
    findings
        .iter()
        .map(|f| super::convert::diagnostic(uri, &rope, f, enc, language))
        .collect()
}

/// Loads every registry file again; returns the diagnostics to publish per
/// file (an empty list clears old ones). Missing default files are silent.
pub fn reload_registry(state: &State) -> Vec<(Uri, Vec<Diagnostic>)> {
    let paths = registry_paths(state);
    let existing: Vec<PathBuf> = paths
        .iter()
        .filter(|p| {
            p.exists()
                || p.file_name()
                    .is_none_or(|n| n != crate::registry::FILE_NAME)
        })
        .cloned()
        .collect();
    let (registry, reports) = Registry::load(&existing);
    *lock(&state.registry_paths) = paths.clone();
    *lock(&state.registry_texts) = reports
        .iter()
        .map(|(p, text, _)| (p.clone(), Rope::from_str(text)))
        .collect();
    *write(&state.registry) = Arc::new(registry);
    // Rules read the registry through the settings.
    state.recompute_settings();
    let enc = state.encoding();
    let mut out = Vec::new();
    for path in &paths {
        let Some(uri) = Uri::from_file_path(path) else {
            continue;
        };
        let diags = reports
            .iter()
            .find(|(p, _, _)| p == path)
            .map(|(_, text, findings)| {
                registry_diagnostics(&uri, text, findings, enc, state.language())
            })
            .unwrap_or_default();
        out.push((uri, diags));
    }
    out
}

/// Reads and summarises one file; `None` when unreadable.
fn summarize_file(path: &Path) -> Option<ArticleSummary> {
    let text = crate::cli::files::read_text(path).ok()?;
    Some(summarize_text(path.to_path_buf(), &text))
}

/// Runs the calling thread at the lowest priority, so that indexing (and
/// full analyses) yield the cores to the quick re-checks of the document
/// being typed in. Permanent for the thread: only use it on threads of
/// one's own.
///
/// Linux's `SCHED_IDLE`, not a nice value: a thread woken to answer a
/// keystroke preempts a `SCHED_IDLE` thread at once, and a core running
/// only such threads counts as free when the woken thread is placed. With
/// `nice` 10 the keystroke's re-check sometimes waited 5–10 ms for a core
/// (100 KB, paced typing: p99 8.2–9.6 ms with `nice` 10, 6.1–6.3 ms with
/// `SCHED_IDLE`; docs/performance.md, session 9). The cost: when every
/// core is kept busy by other programs, a full analysis waits for a free
/// moment, while the quick re-checks go on publishing. Where the policy
/// cannot be set, `nice` 10.
pub(super) fn lower_thread_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: neither call has memory-safety preconditions; `param` lives
    // across the call. On Linux, pid 0 means the calling thread only.
    unsafe {
        let param = libc::sched_param { sched_priority: 0 };
        if libc::sched_setscheduler(0, libc::SCHED_IDLE, &param) != 0 {
            libc::setpriority(libc::PRIO_PROCESS, 0, 10);
        }
    }
}

/// Summarises `files` on `threads` long-lived worker threads at low
/// priority. Each worker takes the next file from a shared counter (no
/// batch barrier, and each thread's key caches stay warm across files) and
/// sends `(index, summary)`; workers stop when `generation` is superseded
/// or the receiver is gone. A panic while summarising one file is caught:
/// that file is left out.
fn spawn_workers(
    state: &Arc<State>,
    files: &Arc<Vec<PathBuf>>,
    generation: u64,
    threads: usize,
) -> tokio::sync::mpsc::UnboundedReceiver<(usize, Option<ArticleSummary>)> {
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    let next = Arc::new(AtomicUsize::new(0));
    spawn_prefetch(state, files, generation, &next);
    for k in 0..threads.clamp(1, files.len().max(1)) {
        let (state, files, next, tx) = (state.clone(), files.clone(), next.clone(), tx.clone());
        let spawned = std::thread::Builder::new()
            .name(format!("bientap-index-{k}"))
            .spawn(move || {
                lower_thread_priority();
                while state.index_generation.load(Ordering::SeqCst) == generation {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(path) = files.get(i) else {
                        break;
                    };
                    let summary = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        summarize_file(path)
                    }))
                    .unwrap_or_else(|_| {
                        tracing::error!("indexing {} panicked", path.display());
                        None
                    });
                    if tx.send((i, summary)).is_err() {
                        break;
                    }
                }
            });
        if let Err(e) = spawned {
            tracing::error!("cannot start an indexing thread: {e}");
        }
    }
    rx
}

/// How many files ahead of the indexing threads the prefetcher asks the
/// kernel to read.
const PREFETCH_AHEAD: usize = 256;

/// On a cold disk cache the indexing threads would wait on the disk one
/// file at a time each. This thread asks the kernel to start reading the
/// next files (`posix_fadvise(WILLNEED)`: asynchronous readahead, nothing
/// copied here), so the disk serves many requests at once.
fn spawn_prefetch(
    state: &Arc<State>,
    files: &Arc<Vec<PathBuf>>,
    generation: u64,
    next: &Arc<AtomicUsize>,
) {
    #[cfg(target_os = "linux")]
    {
        let (state, files, next) = (state.clone(), files.clone(), next.clone());
        let spawned = std::thread::Builder::new()
            .name("bientap-prefetch".into())
            .spawn(move || {
                lower_thread_priority();
                let mut ahead = 0;
                while ahead < files.len()
                    && state.index_generation.load(Ordering::SeqCst) == generation
                {
                    if ahead >= next.load(Ordering::Relaxed) + PREFETCH_AHEAD {
                        std::thread::sleep(std::time::Duration::from_millis(2));
                        continue;
                    }
                    if let Ok(file) = std::fs::File::open(&files[ahead]) {
                        use std::os::fd::AsRawFd;
                        // SAFETY: a valid open descriptor; the call only
                        // advises the kernel and touches no memory of ours.
                        unsafe {
                            libc::posix_fadvise(file.as_raw_fd(), 0, 0, libc::POSIX_FADV_WILLNEED);
                        }
                    }
                    ahead += 1;
                }
            });
        if let Err(e) = spawned {
            tracing::warn!("cannot start the prefetch thread: {e}");
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = (state, files, generation, next);
}

fn open_paths(state: &State) -> Vec<PathBuf> {
    lock(&state.docs)
        .keys()
        .filter_map(|u| u.to_file_path().map(|p| p.into_owned()))
        .collect()
}

/// Indexes every article under the workspace folders, reporting progress
/// when the client supports it. Open documents are left to the analysis
/// worker (their text may differ from the disk).
pub async fn index_workspace(client: Client, state: Arc<State>) {
    let generation = state.index_generation.fetch_add(1, Ordering::SeqCst) + 1;
    let roots = lock(&state.roots).clone();
    if roots.is_empty() {
        return;
    }
    let started = std::time::Instant::now();
    let files =
        match tokio::task::spawn_blocking(move || crate::cli::files::collect(&roots).0).await {
            Ok(f) => f,
            Err(e) => {
                tracing::error!("listing workspace files failed: {e}");
                return;
            }
        };
    let total = files.len();
    let progress = if *lock(&state.work_done_progress) {
        let token = ProgressToken::String(format!("bientap-index-{generation}"));
        match client.create_work_done_progress(token.clone()).await {
            Ok(()) => Some(
                client
                    .progress(token, "bientap: lập chỉ mục bài viết")
                    .with_message(format!("0/{total} bài"))
                    .with_percentage(0)
                    .begin()
                    .await,
            ),
            Err(e) => {
                tracing::info!("client refused a progress token: {e}");
                None
            }
        }
    } else {
        None
    };
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let files = Arc::new(files);
    let mut results = spawn_workers(&state, &files, generation, threads);
    // Summaries arrive nearly in order; they are inserted in file order (a
    // small reorder buffer), `BATCH * threads` per write lock.
    let mut arrived: std::collections::BTreeMap<usize, Option<ArticleSummary>> =
        std::collections::BTreeMap::new();
    let mut ready = Vec::new();
    let (mut done, mut reported) = (0, 0);
    let mut received = Vec::with_capacity(BATCH);
    loop {
        let open_channel = results.recv_many(&mut received, BATCH).await > 0;
        arrived.extend(received.drain(..));
        while let Some(s) = arrived.remove(&done) {
            done += 1;
            ready.extend(s);
        }
        if open_channel && done - reported < BATCH * threads && done < total {
            continue;
        }
        if state.index_generation.load(Ordering::SeqCst) != generation {
            tracing::info!("indexing superseded by a newer run");
            break;
        }
        if !ready.is_empty() {
            let open = open_paths(&state);
            let mut index = write(&state.workspace);
            for s in ready.drain(..) {
                if !open.contains(&s.path) {
                    index.update(s);
                }
            }
        }
        if done > reported
            && let Some(p) = &progress
        {
            let percent = (done * 100 / total.max(1)) as u32;
            p.report_with_message(format!("{done}/{total} bài"), percent)
                .await;
        }
        reported = done;
        if !open_channel {
            break;
        }
    }
    let indexed = read(&state.workspace).len();
    let elapsed = started.elapsed();
    tracing::info!("indexed {indexed} articles in {:.2?}", elapsed);
    *lock(&state.index_done) = Some(elapsed);
    if let Some(p) = progress {
        p.finish_with_message(format!("đã lập chỉ mục {indexed} bài"))
            .await;
    }
}

/// A watched file changed on disk: re-read it (or forget it) unless the
/// editor has it open.
pub fn file_changed(state: &State, path: &Path, deleted: bool) {
    if open_paths(state).iter().any(|p| p == path) {
        return;
    }
    if deleted {
        let mut index = write(&state.workspace);
        if !index.remove(path) {
            index.remove_under(path);
        }
        return;
    }
    if !crate::cli::files::is_article_file(path) {
        return;
    }
    match summarize_file(path) {
        Some(s) => write(&state.workspace).update(s),
        None => {
            write(&state.workspace).remove(path);
        }
    }
}

/// The workspace facts the rules see while analysing `uri`: the live index
/// (read-locked per lookup, never copied), without the document itself.
pub fn facts_for(state: &State, uri: &Uri) -> Option<Arc<dyn crate::workspace::WorkspaceFacts>> {
    let exclude = uri.to_file_path().map(|p| p.into_owned());
    Some(Arc::new(crate::workspace::SharedIndexFacts {
        index: state.workspace.clone(),
        exclude,
    }))
}

/// An open document was analysed: its summary replaces the disk one.
pub fn note_analysis(state: &State, uri: &Uri, text: &str, analysis: &crate::analysis::Analysis) {
    let Some(path) = uri.to_file_path().map(|p| p.into_owned()) else {
        return;
    };
    let summary = crate::workspace::summarize(path, text, &analysis.article, &analysis.recognition);
    write(&state.workspace).update(summary);
}

#[cfg(all(test, target_os = "linux"))]
mod priority_tests {
    /// The lowered thread runs under `SCHED_IDLE`, and only that thread.
    #[test]
    fn lowered_threads_run_idle_and_others_do_not() {
        // SAFETY: sched_getscheduler has no preconditions; pid 0 is the caller.
        let policy = || unsafe { libc::sched_getscheduler(0) };
        let lowered = std::thread::spawn(move || {
            super::lower_thread_priority();
            policy()
        })
        .join()
        .expect("thread ran");
        assert_eq!(lowered, libc::SCHED_IDLE);
        assert_eq!(
            policy(),
            libc::SCHED_OTHER,
            "the calling thread is left alone"
        );
    }
}
