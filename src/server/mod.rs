//! The language server: a thin adapter from LSP to the analysis core.
//!
//! Concurrency (see ARCHITECTURE.md): tower-lsp-server runs up to four
//! handlers at once and does not order them. Every `didChange` therefore
//! applies its edits to the rope synchronously, before its first `.await`
//! (futures are first polled in arrival order), and then hands
//! `(uri, version)` to one analysis worker (`worker.rs`). The worker
//! coalesces requests (only the latest queued version is analysed),
//! publishes a quick re-check of the edited blocks at once and a full
//! analysis when it finishes, and caches only results that are still
//! current. No notification handler awaits a client request.

mod completion;
pub mod convert;
mod janitor;
mod navigation;
mod panic_guard;
pub mod semantic_tokens;
pub mod transport;
mod worker;
mod workspace;

use std::collections::HashMap;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};

use ropey::Rope;
use serde_json::Value as Json;
use tokio::sync::mpsc;
use tower_lsp_server::jsonrpc::{Error as RpcError, Result as RpcResult};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer, LspService, Server};

use crate::analysis::cancel::cancellable;
use crate::analysis::{Analysis, AnalyzeOptions, analyze};
use crate::document::{Document, TextEdit as CoreEdit};
use crate::rules::RuleSettings;
use crate::syntax::SourceFormat;
use crate::text::position::{Encoding, LineCol};

/// `workspace/executeCommand`: analyse every article file in the workspace
/// folders and publish their diagnostics.
pub const COMMAND_CHECK_WORKSPACE: &str = "bientap.checkWorkspace";
/// `workspace/executeCommand`: reload bientap.toml and re-analyse open documents.
pub const COMMAND_REINDEX: &str = "bientap.reindex";

/// An analysis of one version of a document, with the rope it was made from
/// (positions are converted against that rope, never a newer one).
pub struct Snapshot {
    pub version: i32,
    pub rope: Rope,
    /// The same text as one string (shared with the worker's base).
    pub text: Arc<String>,
    /// Shared with the worker's base of the same version (no copy).
    pub analysis: Arc<Analysis>,
}

struct OpenDoc {
    document: Document,
    format: SourceFormat,
    snapshot: Option<Arc<Snapshot>>,
    /// Last semantic tokens sent: (result id, data), for deltas.
    tokens: Option<(String, Vec<SemanticToken>)>,
}

#[derive(Default)]
struct State {
    docs: Mutex<HashMap<Uri, OpenDoc>>,
    /// Effective settings: `bientap.toml` overlaid with the editor's.
    settings: Mutex<RuleSettings>,
    file_settings: Mutex<RuleSettings>,
    client_settings: Mutex<RuleSettings>,
    /// The workspace's `bientap.toml`, if any: its path and last problems.
    config_path: Mutex<Option<std::path::PathBuf>>,
    /// The workspace folders, as paths.
    roots: Mutex<Vec<std::path::PathBuf>>,
    encoding: Mutex<Option<Encoding>>,
    versioned_edits: Mutex<bool>,
    /// `bientap.inlayHints.enable` (default on).
    inlay_hints: Mutex<bool>,
    /// `bientap.maxDiagnostics` when set (0: no limit).
    max_diagnostics: Mutex<Option<usize>>,
    /// Where ready-made publishDiagnostics frames go (`transport::multiplexed`).
    raw_output: std::sync::OnceLock<transport::RawFrames>,
    token_ids: AtomicU64,
    /// What the workspace's articles say (see `workspace.rs`).
    /// Shared with the rules (`workspace::facts_for`), which read it per lookup.
    workspace: Arc<RwLock<crate::workspace::WorkspaceIndex>>,
    /// The registry of officials, replaced whole on reload.
    registry: RwLock<Arc<crate::registry::Registry>>,
    /// The registry files in use, and their texts as loaded (for locations).
    registry_paths: Mutex<Vec<std::path::PathBuf>>,
    registry_texts: Mutex<HashMap<std::path::PathBuf, Rope>>,
    /// The `[lexicons]` files of `bientap.toml` (changes reload it).
    lexicon_paths: Mutex<Vec<std::path::PathBuf>>,
    /// Registry files open in the editor: checked, not analysed as articles.
    registry_docs: Mutex<HashMap<Uri, Document>>,
    /// The client accepts `window/workDoneProgress/create`.
    work_done_progress: Mutex<bool>,
    /// Bumped by each indexing run; an older run stops when it sees a newer one.
    index_generation: AtomicU64,
    /// How long the last complete indexing run took.
    index_done: Mutex<Option<std::time::Duration>>,
    /// Woken whenever the worker stores a current snapshot.
    analysed: tokio::sync::Notify,
    /// Bumped whenever `settings` change: analyses made before are stale.
    settings_generation: AtomicU64,
}

/// Documents larger than this are analysed without the incremental memo.
const INCREMENTAL_LIMIT: usize = 4 * 1024 * 1024;

/// How long a request waits for the worker's analysis of the version it
/// refers to before analysing that version itself.
const WAIT_FOR_WORKER: std::time::Duration = std::time::Duration::from_millis(1500);

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic elsewhere must not take the server down with it.
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

fn read<T>(m: &RwLock<T>) -> RwLockReadGuard<'_, T> {
    m.read().unwrap_or_else(PoisonError::into_inner)
}

fn write<T>(m: &RwLock<T>) -> RwLockWriteGuard<'_, T> {
    m.write().unwrap_or_else(PoisonError::into_inner)
}

impl State {
    fn encoding(&self) -> Encoding {
        lock(&self.encoding).unwrap_or(Encoding::Utf16)
    }

    /// Most diagnostics published per document (`bientap.maxDiagnostics`).
    fn max_diagnostics(&self) -> usize {
        match *lock(&self.max_diagnostics) {
            None => worker::DEFAULT_MAX_DIAGNOSTICS,
            Some(0) => usize::MAX,
            Some(n) => n,
        }
    }

    /// The language of messages: the editor's `bientap.language` over
    /// bientap.toml's `[messages] language`, Vietnamese by default.
    fn language(&self) -> crate::finding::Language {
        lock(&self.settings).language.unwrap_or_default()
    }

    fn recompute_settings(&self) {
        let mut merged = lock(&self.file_settings).merged_with(&lock(&self.client_settings));
        let registry = read(&self.registry).clone();
        merged.registry = (!registry.is_empty()).then_some(registry);
        *lock(&self.settings) = merged;
        self.settings_generation.fetch_add(1, Ordering::SeqCst);
    }

    /// Reads `bientap.toml` and its `[lexicons]` files again; returns the
    /// diagnostics to publish (uri, list): the configuration's, then one
    /// list per lexicon file, now or before in use (empty lists clear).
    fn reload_config(&self) -> Vec<(Uri, Vec<Diagnostic>)> {
        let Some(path) = lock(&self.config_path).clone() else {
            return Vec::new();
        };
        let Some(uri) = Uri::from_file_path(&path) else {
            return Vec::new();
        };
        let previous = std::mem::take(&mut *lock(&self.lexicon_paths));
        let mut out = Vec::new();
        let (text, mut config) = match crate::config::Config::load(&path) {
            Ok(loaded) => loaded,
            Err(_) => {
                // Deleted: back to the defaults.
                *lock(&self.file_settings) = RuleSettings::default();
                self.recompute_settings();
                out.push((uri, Vec::new()));
                out.extend(cleared(&previous));
                return out;
            }
        };
        let enc = self.encoding();
        let mut files = Vec::new();
        if !config.lexicons.is_empty() {
            let base = path
                .parent()
                .map(std::path::Path::to_path_buf)
                .unwrap_or_default();
            let (lexicons, errors, loaded) =
                crate::lexicon::ExtraLexicons::load(&base, &config.lexicons);
            config.rules.lexicons = lexicons;
            config.errors.extend(errors);
            config.errors.sort_by_key(|e| e.span.start);
            files = loaded;
        }
        *lock(&self.file_settings) = config.rules.clone();
        self.recompute_settings();
        let rope = Rope::from_str(&text);
        let language = self.language();
        let diags = config
            .errors
            .iter()
            .map(|f| convert::diagnostic(&uri, &rope, f, enc, language))
            .collect();
        out.push((uri, diags));
        let mut current = Vec::new();
        for (file, text, findings) in &files {
            current.push(file.clone());
            if let Some(uri) = Uri::from_file_path(file) {
                let diags = workspace::registry_diagnostics(&uri, text, findings, enc, language);
                out.push((uri, diags));
            }
        }
        let gone: Vec<std::path::PathBuf> = previous
            .into_iter()
            .filter(|p| !current.contains(p))
            .collect();
        out.extend(cleared(&gone));
        *lock(&self.lexicon_paths) = config
            .lexicons
            .iter()
            .map(|l| {
                path.parent()
                    .map(|b| b.join(&l.path))
                    .unwrap_or_else(|| l.path.clone())
            })
            .collect();
        out
    }
}

/// Empty diagnostics for files no longer in use.
fn cleared(paths: &[std::path::PathBuf]) -> Vec<(Uri, Vec<Diagnostic>)> {
    paths
        .iter()
        .filter_map(|p| Some((Uri::from_file_path(p)?, Vec::new())))
        .collect()
}

pub struct Backend {
    client: Client,
    state: Arc<State>,
    analyse: mpsc::UnboundedSender<(Uri, i32)>,
}

/// The format of a document: `.txt` or the `plaintext` language is raw text.
fn format_of(uri: &Uri, language_id: Option<&str>) -> SourceFormat {
    if language_id == Some("plaintext") || uri.as_str().to_ascii_lowercase().ends_with(".txt") {
        SourceFormat::PlainText
    } else {
        SourceFormat::Article
    }
}

fn run_analysis(text: &str, format: SourceFormat, settings: RuleSettings) -> Analysis {
    analyze(
        text,
        &AnalyzeOptions {
            format,
            rules: settings,
        },
    )
}

/// Reads `{"rules": {"code": "off"|"hint"|…}, "language": "vi"|"en"}` from
/// client settings.
fn parse_settings(value: &Json) -> RuleSettings {
    let mut settings = RuleSettings::default();
    let language = value.get("bientap").unwrap_or(value).get("language");
    match language.map(|l| l.as_str().and_then(crate::finding::Language::parse)) {
        Some(Some(language)) => settings.language = Some(language),
        Some(None) if !language.is_some_and(Json::is_null) => {
            tracing::warn!(
                "ignoring setting bientap.language = {}",
                language.unwrap_or(&Json::Null)
            );
        }
        _ => {}
    }
    let rules = value.get("bientap").unwrap_or(value).get("rules");
    if let Some(rules) = rules.and_then(Json::as_object) {
        for (code, level) in rules {
            let Some(severity) = level.as_str().and_then(crate::config::parse_severity) else {
                tracing::warn!("ignoring setting bientap.rules.{code} = {level}");
                continue;
            };
            settings.severities.insert(code.clone(), severity);
        }
    }
    settings
}

trait TapMessage {
    fn tap_message(self, message: String) -> Self;
}

impl TapMessage for RpcError {
    fn tap_message(mut self, message: String) -> Self {
        self.message = message.into();
        self
    }
}

/// `maxDiagnostics` from client settings (with or without the `bientap`
/// wrapper): a count, 0 for no limit.
fn max_diagnostics_setting(value: &Json) -> Option<usize> {
    let v = value
        .get("bientap")
        .unwrap_or(value)
        .get("maxDiagnostics")?;
    let n = v.as_u64().and_then(|n| usize::try_from(n).ok());
    if n.is_none() && !v.is_null() {
        tracing::warn!("ignoring setting bientap.maxDiagnostics = {v}");
    }
    n
}

/// `inlayHints.enable` from client settings (with or without the `bientap` wrapper).
fn inlay_setting(value: &Json) -> Option<bool> {
    value
        .get("bientap")
        .unwrap_or(value)
        .get("inlayHints")?
        .get("enable")?
        .as_bool()
}

/// The semantic tokens of a snapshot, with a fresh result id.
fn full_tokens(state: &State, snap: &Snapshot) -> (String, Vec<SemanticToken>) {
    let data = semantic_tokens::encode(
        &snap.rope,
        &snap.analysis.recognition.entities,
        None,
        state.encoding(),
    );
    let id = state.token_ids.fetch_add(1, Ordering::Relaxed).to_string();
    (id, data)
}

/// A hover of Markdown text over `range`.
fn markdown_hover(markdown: String, range: Range) -> Hover {
    Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: markdown,
        }),
        range: Some(range),
    }
}

impl Backend {
    fn new(client: Client, raw_output: transport::RawFrames) -> Self {
        let state = Arc::new(State::default());
        let _ = state.raw_output.set(raw_output);
        let (tx, rx) = mpsc::unbounded_channel();
        tokio::spawn(worker::run(client.clone(), state.clone(), tx.clone(), rx));
        Backend {
            client,
            state,
            analyse: tx,
        }
    }

    /// The hover card at `offset` of an analysis' text.
    fn hover_in(
        &self,
        analysis: &crate::analysis::Analysis,
        offset: usize,
        uri: &Uri,
    ) -> Option<(crate::span::Span, String)> {
        let registry = read(&self.state.registry).clone();
        let index = read(&self.state.workspace);
        let path = uri.to_file_path();
        let knowledge = crate::knowledge::Knowledge {
            registry: Some(&registry),
            workspace: Some(&index),
            path: path.as_deref(),
        };
        crate::hover::hover_with(analysis, offset, &knowledge)
    }

    /// A hover answered at once from the last analysis of an older version
    /// while the current one is analysed (typing goes on). When the edits
    /// since left the hovered paragraph and the front matter alone, what
    /// was recognised there still stands, moved through the edits; the
    /// card's article-wide parts (other mentions) are those of the older
    /// version until the next analysis. In an edited paragraph, the
    /// paragraph is recognised again on its own in the article's context
    /// (`quick::edited_paragraph_analysis`). `None`: wait for the analysis
    /// (the front matter was edited, or the paragraph cannot be recognised
    /// on its own).
    fn hover_from_older_analysis(&self, pos: &TextDocumentPositionParams) -> Option<Option<Hover>> {
        let (snap, current, known) = {
            let docs = lock(&self.state.docs);
            let doc = docs.get(&pos.text_document.uri)?;
            let snap = doc.snapshot.clone()?;
            if snap.version == doc.document.version() {
                return None; // current: the ordinary path answers at once
            }
            let known = doc.document.edits_since(snap.version);
            (snap, doc.document.shared_text(), known)
        };
        let started = std::time::Instant::now();
        let enc = self.state.encoding();
        let (old_text, new_text, rope) = (&snap.text, current.get(), current.rope());
        let copied = started.elapsed();
        let Some(edits) =
            crate::analysis::quick::Edits::known_or_between(known, old_text, &new_text)
        else {
            tracing::debug!("hover waits for the analysis: too many changes");
            return None;
        };
        let diffed = started.elapsed();
        let offset = convert::offset(rope, pos.position, enc);
        let uri = &pos.text_document.uri;
        let card = match crate::analysis::quick::untouched_old_offset(
            &snap.analysis.article,
            &edits,
            &new_text,
            offset,
        ) {
            Some(old_offset) => match self.hover_in(&snap.analysis, old_offset, uri) {
                Some((span, md)) => Some((edits.map(span)?, md)),
                None => None,
            },
            None => {
                let paragraph = crate::analysis::quick::edited_paragraph_analysis(
                    old_text,
                    &snap.analysis,
                    &new_text,
                    &edits,
                    offset,
                );
                let Some(paragraph) = paragraph else {
                    tracing::debug!(
                        offset,
                        changes = edits.changes().len(),
                        "hover waits for the analysis: the edited paragraph cannot be recognised alone"
                    );
                    return None;
                };
                self.hover_in(&paragraph, offset, uri)
            }
        };
        tracing::debug!(
            copy_ms = copied.as_secs_f64() * 1000.0,
            diff_ms = diffed.as_secs_f64() * 1000.0,
            ms = started.elapsed().as_secs_f64() * 1000.0,
            changes = edits.changes().len(),
            "hover from an older analysis"
        );
        Some(card.map(|(span, md)| markdown_hover(md, convert::range(rope, span, enc))))
    }

    /// An analysis of the document's current version, computing it now if
    /// the worker has not caught up.
    async fn snapshot(&self, uri: &Uri) -> Option<Arc<Snapshot>> {
        // The worker is usually already analysing this version (every
        // change queues it), incrementally: waiting for it is faster and
        // cheaper than a second, full analysis competing for the cores.
        let deadline = tokio::time::Instant::now() + WAIT_FOR_WORKER;
        // The text as it is now: the request's positions refer to it.
        let (current, version, format) = {
            let docs = lock(&self.state.docs);
            let doc = docs.get(uri)?;
            (
                doc.document.shared_text(),
                doc.document.version(),
                doc.format,
            )
        };
        loop {
            let notified = self.state.analysed.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            {
                let docs = lock(&self.state.docs);
                let doc = docs.get(uri)?;
                if let Some(s) = &doc.snapshot
                    && s.version == version
                {
                    return Some(s.clone());
                }
                if doc.document.version() != version {
                    break; // moved on: the worker will not store this version
                }
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                break;
            }
        }
        let mut settings = lock(&self.state.settings).clone();
        settings.workspace = workspace::facts_for(&self.state, uri);
        // Stale work: a request the client cancels ($/cancelRequest; the
        // handler's future is dropped) stops its analysis too.
        struct CancelOnDrop(Arc<AtomicBool>);
        impl Drop for CancelOnDrop {
            fn drop(&mut self) {
                self.0.store(true, Ordering::Relaxed);
            }
        }
        let cancel = CancelOnDrop(Arc::new(AtomicBool::new(false)));
        let (current2, flag) = (current.clone(), cancel.0.clone());
        let analysis = tokio::task::spawn_blocking(move || {
            let text = current2.get();
            let analysis = cancellable(&flag, || run_analysis(&text, format, settings));
            if analysis.is_none() {
                tracing::debug!(version, "on-demand analysis cancelled");
            }
            analysis.map(|a| (a, text))
        })
        .await;
        let (analysis, text) = match analysis {
            Ok(Some(a)) => a,
            Ok(None) => return None,
            Err(e) => {
                tracing::error!("analysis of {} failed: {e}", uri.as_str());
                return None;
            }
        };
        let snap = Arc::new(Snapshot {
            version,
            rope: current.rope().clone(),
            text,
            analysis: Arc::new(analysis),
        });
        let mut docs = lock(&self.state.docs);
        if let Some(doc) = docs.get_mut(uri)
            && doc.document.version() == version
        {
            janitor::drop_later(doc.snapshot.replace(snap.clone()));
        }
        Some(snap)
    }

    /// Drops every cached analysis and queues the open documents again.
    fn reanalyse_all(&self) {
        let open: Vec<(Uri, i32)> = {
            let mut docs = lock(&self.state.docs);
            docs.values_mut()
                .for_each(|d| janitor::drop_later(d.snapshot.take()));
            docs.iter()
                .map(|(u, d)| (u.clone(), d.document.version()))
                .collect()
        };
        for (uri, version) in open {
            let _ = self.analyse.send((uri, version));
        }
    }

    fn is_registry_uri(&self, uri: &Uri) -> bool {
        uri.to_file_path()
            .is_some_and(|p| workspace::is_registry_path(&self.state, &p))
    }

    /// Checks a registry file open in the editor (its buffer, not the disk).
    async fn check_registry_doc(&self, uri: &Uri) {
        let Some((text, version)) = lock(&self.state.registry_docs)
            .get(uri)
            .map(|d| (d.text(), d.version()))
        else {
            return;
        };
        let path = uri.to_file_path().map(|p| p.into_owned());
        let (_, findings) = crate::registry::Registry::parse(&text, path.as_deref());
        let diags = workspace::registry_diagnostics(
            uri,
            &text,
            &findings,
            self.state.encoding(),
            self.state.language(),
        );
        self.client
            .publish_diagnostics(uri.clone(), diags, Some(version))
            .await;
    }

    /// Reloads the registry from disk and publishes each file's problems
    /// (files open in the editor are checked from their buffers instead).
    async fn publish_registry(&self) {
        let state = self.state.clone();
        let reports = tokio::task::spawn_blocking(move || workspace::reload_registry(&state))
            .await
            .unwrap_or_default();
        for (uri, diags) in reports {
            if lock(&self.state.registry_docs).contains_key(&uri) {
                self.check_registry_doc(&uri).await;
            } else {
                self.client.publish_diagnostics(uri, diags, None).await;
            }
        }
    }

    /// Current snapshots of every open article, by path.
    async fn open_snapshots(&self) -> navigation::OpenSnapshots {
        let uris: Vec<Uri> = lock(&self.state.docs).keys().cloned().collect();
        let mut out = navigation::OpenSnapshots::new();
        for uri in uris {
            if let (Some(path), Some(snap)) = (
                uri.to_file_path().map(|p| p.into_owned()),
                self.snapshot(&uri).await,
            ) {
                out.insert(path, (uri, snap));
            }
        }
        out
    }

    /// A message the transport guard could not parse (see `transport`).
    async fn invalid_message(&self, params: Json) {
        tracing::error!("ignored a malformed message from the client: {params}");
        self.client
            .log_message(
                MessageType::ERROR,
                format!("bientap: bỏ qua một thông điệp hỏng từ trình soạn thảo ({params})"),
            )
            .await;
    }

    /// `bientap/documentText`: the server's view of a document (for tests
    /// and bug reports).
    async fn document_text(&self, params: TextDocumentIdentifier) -> RpcResult<Json> {
        let docs = lock(&self.state.docs);
        let doc = docs.get(&params.uri).ok_or_else(|| {
            RpcError::invalid_params(format!("document not open: {}", params.uri.as_str()))
        })?;
        Ok(serde_json::json!({ "version": doc.document.version(), "text": doc.document.text() }))
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> RpcResult<InitializeResult> {
        let offered = params
            .capabilities
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.clone())
            .unwrap_or_default();
        let encoding = if offered.contains(&PositionEncodingKind::UTF8) {
            Encoding::Utf8
        } else {
            Encoding::Utf16
        };
        *lock(&self.state.encoding) = Some(encoding);
        *lock(&self.state.versioned_edits) = params
            .capabilities
            .workspace
            .as_ref()
            .and_then(|w| w.workspace_edit.as_ref())
            .and_then(|w| w.document_changes)
            .unwrap_or(false);
        *lock(&self.state.inlay_hints) = true;
        *lock(&self.state.work_done_progress) = params
            .capabilities
            .window
            .as_ref()
            .and_then(|w| w.work_done_progress)
            .unwrap_or(false);
        if let Some(opts) = &params.initialization_options {
            *lock(&self.state.client_settings) = parse_settings(opts);
            if let Some(b) = inlay_setting(opts) {
                *lock(&self.state.inlay_hints) = b;
            }
            *lock(&self.state.max_diagnostics) = max_diagnostics_setting(opts);
        }
        let roots: Vec<std::path::PathBuf> = params
            .workspace_folders
            .iter()
            .flatten()
            .filter_map(|f| f.uri.to_file_path().map(|p| p.into_owned()))
            .collect();
        *lock(&self.state.roots) = roots.clone();
        if let Some(root) = roots.first().cloned() {
            *lock(&self.state.config_path) = Some(root.join(crate::config::FILE_NAME));
        }
        // Published once the client is ready (in `initialized`).
        let _ = self.state.reload_config();
        self.state.recompute_settings();
        tracing::info!("initialized with position encoding {}", encoding.lsp_name());
        Ok(InitializeResult {
            capabilities: ServerCapabilities {
                position_encoding: Some(PositionEncodingKind::new(encoding.lsp_name())),
                text_document_sync: Some(TextDocumentSyncCapability::Options(
                    TextDocumentSyncOptions {
                        open_close: Some(true),
                        change: Some(TextDocumentSyncKind::INCREMENTAL),
                        save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                            include_text: Some(false),
                        })),
                        ..TextDocumentSyncOptions::default()
                    },
                )),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                definition_provider: Some(OneOf::Left(true)),
                references_provider: Some(OneOf::Left(true)),
                document_symbol_provider: Some(OneOf::Left(true)),
                workspace_symbol_provider: Some(OneOf::Left(true)),
                completion_provider: Some(CompletionOptions::default()),
                rename_provider: Some(OneOf::Right(RenameOptions {
                    prepare_provider: Some(true),
                    work_done_progress_options: WorkDoneProgressOptions::default(),
                })),
                inlay_hint_provider: Some(OneOf::Left(true)),
                execute_command_provider: Some(ExecuteCommandOptions {
                    commands: vec![COMMAND_CHECK_WORKSPACE.into(), COMMAND_REINDEX.into()],
                    ..ExecuteCommandOptions::default()
                }),
                code_action_provider: Some(CodeActionProviderCapability::Options(
                    CodeActionOptions {
                        code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
                        ..CodeActionOptions::default()
                    },
                )),
                semantic_tokens_provider: Some(
                    SemanticTokensServerCapabilities::SemanticTokensOptions(
                        SemanticTokensOptions {
                            legend: semantic_tokens::legend(),
                            range: Some(true),
                            full: Some(SemanticTokensFullOptions::Delta { delta: Some(true) }),
                            ..SemanticTokensOptions::default()
                        },
                    ),
                ),
                ..ServerCapabilities::default()
            },
            server_info: Some(ServerInfo {
                name: "bientap".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
            offset_encoding: None,
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        tracing::info!("client ready");
        for (uri, diags) in self.state.reload_config() {
            if !diags.is_empty() {
                self.client.publish_diagnostics(uri, diags, None).await;
            }
        }
        self.publish_registry().await;
        // Documents opened while the registry loaded are checked against it.
        self.reanalyse_all();
        tokio::spawn(workspace::index_workspace(
            self.client.clone(),
            self.state.clone(),
        ));
        // Watching files needs a client request; never await one in a
        // notification handler, so it runs on its own task.
        let client = self.client.clone();
        tokio::spawn(async move {
            let globs = [
                format!("**/{}", crate::config::FILE_NAME),
                "**/*.toml".to_string(),
                "**/*.article".to_string(),
                "**/*.article.md".to_string(),
                "**/*.txt".to_string(),
                // `[lexicons]` files.
                "**/*.tsv".to_string(),
                "**/*.dic".to_string(),
            ];
            let options = DidChangeWatchedFilesRegistrationOptions {
                watchers: globs
                    .into_iter()
                    .map(|g| FileSystemWatcher {
                        glob_pattern: GlobPattern::String(g),
                        kind: None,
                    })
                    .collect(),
            };
            let registration = Registration {
                id: "bientap-config-watch".into(),
                method: "workspace/didChangeWatchedFiles".into(),
                register_options: serde_json::to_value(options).ok(),
            };
            if let Err(e) = client.register_capability(vec![registration]).await {
                tracing::info!("client did not accept a file watcher for bientap.toml: {e}");
            }
        });
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        /// Up to this many changed articles are re-read before the handler
        /// first awaits, so requests that follow see them (handlers run
        /// concurrently; see the module comment). More go to a blocking thread.
        const SYNC_ARTICLES: usize = 16;
        let touches_config = params.changes.iter().any(|c| {
            c.uri.as_str().ends_with(crate::config::FILE_NAME)
                || c.uri
                    .to_file_path()
                    .is_some_and(|p| lock(&self.state.lexicon_paths).iter().any(|l| *l == *p))
        });
        let mut touches_registry = touches_config;
        let mut articles = Vec::new();
        for change in &params.changes {
            let Some(path) = change.uri.to_file_path().map(|p| p.into_owned()) else {
                continue;
            };
            if workspace::is_registry_path(&self.state, &path) {
                touches_registry = true;
            } else if change.typ == FileChangeType::DELETED
                || crate::cli::files::is_article_file(&path)
            {
                articles.push((path, change.typ == FileChangeType::DELETED));
            }
        }
        if articles.len() <= SYNC_ARTICLES {
            for (path, deleted) in articles.drain(..) {
                workspace::file_changed(&self.state, &path, deleted);
            }
        }
        if touches_config {
            for (uri, diags) in self.state.reload_config() {
                self.client.publish_diagnostics(uri, diags, None).await;
            }
        }
        if !articles.is_empty() {
            let state = self.state.clone();
            let _ = tokio::task::spawn_blocking(move || {
                for (path, deleted) in articles {
                    workspace::file_changed(&state, &path, deleted);
                }
            })
            .await;
        }
        if touches_registry {
            self.publish_registry().await;
        }
        if touches_config || touches_registry {
            self.reanalyse_all();
        }
    }

    async fn shutdown(&self) -> RpcResult<()> {
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let doc = params.text_document;
        if self.is_registry_uri(&doc.uri) {
            lock(&self.state.registry_docs)
                .insert(doc.uri.clone(), Document::new(&doc.text, doc.version));
            self.check_registry_doc(&doc.uri).await;
            return;
        }
        if doc.uri.as_str().to_ascii_lowercase().ends_with(".toml") {
            // bientap.toml is checked from disk; other TOML is not an article.
            return;
        }
        let format = format_of(&doc.uri, Some(&doc.language_id));
        {
            let mut docs = lock(&self.state.docs);
            docs.insert(
                doc.uri.clone(),
                OpenDoc {
                    document: Document::new(&doc.text, doc.version),
                    format,
                    snapshot: None,
                    tokens: None,
                },
            );
        }
        let _ = self.analyse.send((doc.uri, doc.version));
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        // Synchronous until the send: edits must land in arrival order.
        let uri = params.text_document.uri;
        let version = params.text_document.version;
        let enc = self.state.encoding();
        let registry_doc = {
            let mut docs = lock(&self.state.registry_docs);
            docs.get_mut(&uri).map(|doc| {
                for change in &params.content_changes {
                    let edit = CoreEdit {
                        range: change.range.map(|r| {
                            (
                                LineCol::new(r.start.line, r.start.character),
                                LineCol::new(r.end.line, r.end.character),
                            )
                        }),
                        text: change.text.clone(),
                    };
                    doc.apply(&edit, enc);
                }
                doc.set_version(version);
            })
        };
        if registry_doc.is_some() {
            self.check_registry_doc(&uri).await;
            return;
        }
        {
            let mut docs = lock(&self.state.docs);
            let Some(doc) = docs.get_mut(&uri) else {
                if uri.as_str().to_ascii_lowercase().ends_with(".toml") {
                    return; // not tracked (see did_open)
                }
                tracing::warn!(
                    "didChange for a document that is not open: {}",
                    uri.as_str()
                );
                return;
            };
            for change in params.content_changes {
                let edit = CoreEdit {
                    range: change.range.map(|r| {
                        (
                            LineCol::new(r.start.line, r.start.character),
                            LineCol::new(r.end.line, r.end.character),
                        )
                    }),
                    text: change.text,
                };
                let outcome = doc.document.apply(&edit, enc);
                if outcome.clamped {
                    tracing::warn!(?edit.range, "edit range out of bounds for {}; clamped", uri.as_str());
                }
            }
            doc.document.set_version(version);
        }
        let _ = self.analyse.send((uri, version));
    }

    async fn did_save(&self, params: DidSaveTextDocumentParams) {
        let version = lock(&self.state.docs)
            .get(&params.text_document.uri)
            .map(|d| d.document.version());
        if let Some(v) = version {
            let _ = self.analyse.send((params.text_document.uri.clone(), v));
        }
        // The saved article is part of the other documents' workspace
        // timeline: check them again (incremental, so cheap), keeping their
        // snapshots meanwhile.
        let others: Vec<(Uri, i32)> = lock(&self.state.docs)
            .iter()
            .filter(|(u, _)| **u != params.text_document.uri)
            .map(|(u, d)| (u.clone(), d.document.version()))
            .collect();
        for other in others {
            let _ = self.analyse.send(other);
        }
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = &params.text_document.uri;
        if lock(&self.state.registry_docs).remove(uri).is_some() {
            // Back to what the file on disk says.
            self.publish_registry().await;
            self.reanalyse_all();
            return;
        }
        lock(&self.state.docs).remove(uri);
        // The disk version is the truth again for the index.
        if let Some(path) = uri.to_file_path().map(|p| p.into_owned()) {
            let state = self.state.clone();
            let _ = tokio::task::spawn_blocking(move || {
                workspace::file_changed(&state, &path, !path.exists())
            })
            .await;
        }
        // Through the same queue as the worker's publishes, so none of
        // those can land after this.
        worker::publish(&self.state, &params.text_document.uri, None, Vec::new());
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        let language_before = self.state.language();
        *lock(&self.state.client_settings) = parse_settings(&params.settings);
        if let Some(b) = inlay_setting(&params.settings) {
            *lock(&self.state.inlay_hints) = b;
        }
        *lock(&self.state.max_diagnostics) = max_diagnostics_setting(&params.settings);
        self.state.recompute_settings();
        self.reanalyse_all();
        if self.state.language() != language_before {
            // The configuration and registry files' own diagnostics, in the new language.
            for (uri, diags) in self.state.reload_config() {
                self.client.publish_diagnostics(uri, diags, None).await;
            }
            self.publish_registry().await;
        }
    }

    async fn hover(&self, params: HoverParams) -> RpcResult<Option<Hover>> {
        let pos = params.text_document_position_params;
        if let Some(answer) = self.hover_from_older_analysis(&pos) {
            return Ok(answer);
        }
        let Some(snap) = self.snapshot(&pos.text_document.uri).await else {
            return Ok(None);
        };
        let enc = self.state.encoding();
        let offset = convert::offset(&snap.rope, pos.position, enc);
        Ok(self
            .hover_in(&snap.analysis, offset, &pos.text_document.uri)
            .map(|(span, md)| markdown_hover(md, convert::range(&snap.rope, span, enc))))
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> RpcResult<Option<GotoDefinitionResponse>> {
        let pos = params.text_document_position_params;
        let Some(snap) = self.snapshot(&pos.text_document.uri).await else {
            return Ok(None);
        };
        let enc = self.state.encoding();
        let offset = convert::offset(&snap.rope, pos.position, enc);
        Ok(
            navigation::definition(&self.state, &pos.text_document.uri, &snap, offset, enc)
                .map(GotoDefinitionResponse::Scalar),
        )
    }

    async fn references(&self, params: ReferenceParams) -> RpcResult<Option<Vec<Location>>> {
        let pos = params.text_document_position;
        let Some(snap) = self.snapshot(&pos.text_document.uri).await else {
            return Ok(None);
        };
        let enc = self.state.encoding();
        let offset = convert::offset(&snap.rope, pos.position, enc);
        let Some((_, name)) = navigation::person_at(&snap, offset) else {
            return Ok(None);
        };
        let open = self.open_snapshots().await;
        let (keys, people) = navigation::person_keys(&self.state, &name);
        let mut locations = navigation::mentions(&self.state, &keys, &open, enc);
        if params.context.include_declaration {
            let declared: Vec<Location> = people
                .iter()
                .filter_map(|p| navigation::registry_location(&self.state, p, enc))
                .collect();
            locations.splice(0..0, declared);
        }
        Ok(Some(locations))
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> RpcResult<Option<DocumentSymbolResponse>> {
        let Some(snap) = self.snapshot(&params.text_document.uri).await else {
            return Ok(None);
        };
        Ok(Some(DocumentSymbolResponse::Nested(
            navigation::document_symbols(&snap, self.state.encoding()),
        )))
    }

    async fn symbol(
        &self,
        params: WorkspaceSymbolParams,
    ) -> RpcResult<Option<WorkspaceSymbolResponse>> {
        Ok(Some(WorkspaceSymbolResponse::Flat(
            navigation::workspace_symbols(&self.state, &params.query, self.state.encoding()),
        )))
    }

    async fn completion(&self, params: CompletionParams) -> RpcResult<Option<CompletionResponse>> {
        let pos = params.text_document_position;
        let Some(snap) = self.snapshot(&pos.text_document.uri).await else {
            return Ok(None);
        };
        let enc = self.state.encoding();
        let offset = convert::offset(&snap.rope, pos.position, enc);
        Ok(Some(completion::complete(&self.state, &snap, offset, enc)))
    }

    async fn prepare_rename(
        &self,
        params: TextDocumentPositionParams,
    ) -> RpcResult<Option<PrepareRenameResponse>> {
        let Some(snap) = self.snapshot(&params.text_document.uri).await else {
            return Ok(None);
        };
        let enc = self.state.encoding();
        let offset = convert::offset(&snap.rope, params.position, enc);
        Ok(navigation::person_at(&snap, offset).map(|(span, name)| {
            PrepareRenameResponse::RangeWithPlaceholder {
                range: convert::range(&snap.rope, span, enc),
                placeholder: name,
            }
        }))
    }

    async fn rename(&self, params: RenameParams) -> RpcResult<Option<WorkspaceEdit>> {
        let pos = params.text_document_position;
        let Some(snap) = self.snapshot(&pos.text_document.uri).await else {
            return Ok(None);
        };
        let enc = self.state.encoding();
        let offset = convert::offset(&snap.rope, pos.position, enc);
        let open = self.open_snapshots().await;
        let versioned = *lock(&self.state.versioned_edits);
        navigation::rename(
            &self.state,
            &snap,
            offset,
            &params.new_name,
            &open,
            versioned,
            enc,
        )
        .map(Some)
        .map_err(RpcError::invalid_params)
    }

    async fn semantic_tokens_full(
        &self,
        params: SemanticTokensParams,
    ) -> RpcResult<Option<SemanticTokensResult>> {
        let uri = params.text_document.uri;
        let Some(snap) = self.snapshot(&uri).await else {
            return Ok(None);
        };
        let (id, data) = full_tokens(&self.state, &snap);
        if let Some(doc) = lock(&self.state.docs).get_mut(&uri) {
            doc.tokens = Some((id.clone(), data.clone()));
        }
        Ok(Some(SemanticTokensResult::Tokens(semantic_tokens::full(
            id, data,
        ))))
    }

    async fn semantic_tokens_full_delta(
        &self,
        params: SemanticTokensDeltaParams,
    ) -> RpcResult<Option<SemanticTokensFullDeltaResult>> {
        let uri = params.text_document.uri;
        let Some(snap) = self.snapshot(&uri).await else {
            return Ok(None);
        };
        let (id, data) = full_tokens(&self.state, &snap);
        let previous = lock(&self.state.docs)
            .get_mut(&uri)
            .and_then(|doc| doc.tokens.replace((id.clone(), data.clone())));
        Ok(Some(match previous {
            Some((prev_id, prev)) if prev_id == params.previous_result_id => {
                SemanticTokensFullDeltaResult::TokensDelta(semantic_tokens::delta(id, &prev, &data))
            }
            _ => SemanticTokensFullDeltaResult::Tokens(semantic_tokens::full(id, data)),
        }))
    }

    async fn semantic_tokens_range(
        &self,
        params: SemanticTokensRangeParams,
    ) -> RpcResult<Option<SemanticTokensRangeResult>> {
        let Some(snap) = self.snapshot(&params.text_document.uri).await else {
            return Ok(None);
        };
        let enc = self.state.encoding();
        let within = convert::span(&snap.rope, params.range, enc);
        let data = semantic_tokens::encode(
            &snap.rope,
            &snap.analysis.recognition.entities,
            Some(within),
            enc,
        );
        Ok(Some(SemanticTokensRangeResult::Tokens(SemanticTokens {
            result_id: None,
            data,
        })))
    }

    async fn execute_command(&self, params: ExecuteCommandParams) -> RpcResult<Option<Json>> {
        match params.command.as_str() {
            COMMAND_REINDEX => {
                for (uri, diags) in self.state.reload_config() {
                    self.client.publish_diagnostics(uri, diags, None).await;
                }
                self.publish_registry().await;
                tokio::spawn(workspace::index_workspace(
                    self.client.clone(),
                    self.state.clone(),
                ));
                let documents = lock(&self.state.docs).len();
                self.reanalyse_all();
                Ok(Some(serde_json::json!({
                    "documents": documents,
                    "message": format!("đã phân tích lại {documents} tài liệu đang mở"),
                })))
            }
            COMMAND_CHECK_WORKSPACE => {
                let roots = lock(&self.state.roots).clone();
                let settings = lock(&self.state.settings).clone();
                let open: std::collections::HashSet<String> = lock(&self.state.docs)
                    .keys()
                    .map(|u| u.as_str().to_string())
                    .collect();
                let enc = self.state.encoding();
                let language = self.state.language();
                let index = self.state.workspace.clone();
                // Files are read and analysed off the async threads.
                let results = tokio::task::spawn_blocking(move || {
                    let (files, _) = crate::cli::files::collect(&roots);
                    files
                        .into_iter()
                        .filter_map(|path| {
                            let uri = Uri::from_file_path(&path)?;
                            if open.contains(uri.as_str()) {
                                return None; // already live in the editor
                            }
                            let text = crate::cli::files::read_text(&path).ok()?;
                            let mut rules = settings.clone();
                            rules.workspace = Some(Arc::new(crate::workspace::SharedIndexFacts {
                                index: index.clone(),
                                exclude: Some(path.clone()),
                            }));
                            let options = AnalyzeOptions {
                                format: SourceFormat::from_path(&path),
                                rules,
                            };
                            let analysis = analyze(&text, &options);
                            let rope = Rope::from_str(&text);
                            let diags: Vec<Diagnostic> = analysis
                                .findings
                                .iter()
                                .map(|f| convert::diagnostic(&uri, &rope, f, enc, language))
                                .collect();
                            Some((uri, diags))
                        })
                        .collect::<Vec<_>>()
                })
                .await
                .map_err(|e| {
                    RpcError::internal_error().tap_message(format!("kiểm tra thất bại: {e}"))
                })?;
                let files = results.len();
                let findings: usize = results.iter().map(|(_, d)| d.len()).sum();
                for (uri, diags) in results {
                    self.client.publish_diagnostics(uri, diags, None).await;
                }
                Ok(Some(serde_json::json!({
                    "files": files,
                    "findings": findings,
                    "message": format!("{findings} phát hiện trong {files} tệp"),
                })))
            }
            other => Err(RpcError::invalid_params(format!(
                "unknown command: {other}"
            ))),
        }
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> RpcResult<Option<Vec<InlayHint>>> {
        if !*lock(&self.state.inlay_hints) {
            return Ok(Some(Vec::new()));
        }
        let Some(snap) = self.snapshot(&params.text_document.uri).await else {
            return Ok(None);
        };
        let enc = self.state.encoding();
        let within = convert::span(&snap.rope, params.range, enc);
        Ok(Some(
            crate::inlay::date_hints(&snap.analysis, within)
                .into_iter()
                .map(|(offset, label)| InlayHint {
                    position: convert::position(&snap.rope, offset, enc),
                    label: InlayHintLabel::String(label),
                    kind: None,
                    text_edits: None,
                    tooltip: Some(InlayHintTooltip::String(
                        "Ngày đã suy ra năm (xem hover để biết cách suy ra)".into(),
                    )),
                    padding_left: Some(true),
                    padding_right: None,
                    data: None,
                })
                .collect(),
        ))
    }

    async fn code_action(&self, params: CodeActionParams) -> RpcResult<Option<CodeActionResponse>> {
        let uri = params.text_document.uri;
        let Some(snap) = self.snapshot(&uri).await else {
            return Ok(None);
        };
        let enc = self.state.encoding();
        let wanted = convert::span(&snap.rope, params.range, enc);
        let versioned = *lock(&self.state.versioned_edits);
        let language = self.state.language();
        let mut actions = Vec::new();
        let text = snap.text.as_str();
        for f in &snap.analysis.findings {
            let touches = f.span.overlaps(wanted)
                || f.span.contains(wanted.start)
                || (wanted.is_empty() && f.span.end == wanted.start);
            if !touches {
                continue;
            }
            let diagnostic = convert::diagnostic(&uri, &snap.rope, f, enc, language);
            let silence =
                crate::rules::suppression::suppression_fix(text, &snap.analysis.article, f);
            for (k, fix) in f.fixes.iter().chain(silence.iter()).enumerate() {
                let edits: Vec<tower_lsp_server::ls_types::TextEdit> = fix
                    .edits
                    .iter()
                    .map(|e| convert::text_edit(&snap.rope, e.span, &e.replacement, enc))
                    .collect();
                let edit = if versioned {
                    WorkspaceEdit {
                        document_changes: Some(DocumentChanges::Edits(vec![TextDocumentEdit {
                            text_document: OptionalVersionedTextDocumentIdentifier {
                                uri: uri.clone(),
                                version: Some(snap.version),
                            },
                            edits: edits.into_iter().map(OneOf::Left).collect(),
                        }])),
                        ..WorkspaceEdit::default()
                    }
                } else {
                    WorkspaceEdit {
                        changes: Some(HashMap::from([(uri.clone(), edits)])),
                        ..WorkspaceEdit::default()
                    }
                };
                actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: fix.title_in(language).to_string(),
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![diagnostic.clone()]),
                    edit: Some(edit),
                    is_preferred: Some(k == 0 && fix.safe),
                    ..CodeAction::default()
                }));
            }
        }
        Ok(Some(actions))
    }
}

fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("BIENTAP_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .try_init();
}

/// Runs the server on stdin/stdout until the client says `exit`.
pub fn run() -> ExitCode {
    init_tracing();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("bientap: cannot start the async runtime: {e}");
            return ExitCode::from(2);
        }
    };
    runtime.block_on(async {
        let (output, raw_output) = transport::multiplexed(tokio::io::stdout());
        let (service, socket) = LspService::build(move |client| Backend::new(client, raw_output))
            .custom_method("bientap/documentText", Backend::document_text)
            .custom_method("bientap/invalidMessage", Backend::invalid_message)
            .finish();
        // A panicking handler answers InternalError instead of ending the process.
        // Malformed requests and unknown `$/` requests get their error answers.
        let service = panic_guard::PanicGuard::new(transport::ProtocolFixups::new(
            panic_guard::PanicOnDemand::from_env(service),
        ));
        Server::new(transport::guarded(tokio::io::stdin()), output, socket)
            .serve(service)
            .await;
    });
    // Do not wait for blocked readers on stdin.
    runtime.shutdown_timeout(std::time::Duration::from_millis(100));
    ExitCode::SUCCESS
}
