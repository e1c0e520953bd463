//! The `bientap` command line.

pub mod entities;
pub mod files;
pub mod kb;
pub mod report;

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::analysis::{AnalyzeOptions, analyze};
use crate::finding::{Finding, Language, Severity};
use report::{FileReport, Style};

#[derive(Parser)]
#[command(
    name = "bientap",
    version,
    about = "Soát lỗi bài báo tiếng Việt về cán bộ, lãnh đạo — Proofreading for Vietnamese news articles about public officials.",
    long_about = "bientap recognises people, titles, organisations, places, dates and document references in Vietnamese news articles and warns about what a proofreader must catch.\n\nRun `bientap check FOLDER` to check every article in a folder, or `bientap lsp` from your editor."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum OutputFormat {
    /// For people: file:line:col, rule, message, the line underlined.
    Human,
    /// One JSON document (schema `bientap-check/1`, see docs/cli.md).
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other CI viewers.
    Sarif,
}

#[derive(Subcommand)]
pub enum Command {
    /// Start the language server on standard input/output (for editors).
    Lsp {
        /// Accepted and ignored: some clients add it; stdio is the only transport.
        #[arg(long, hide = true)]
        stdio: bool,
    },
    /// Check article files or folders (*.article, *.article.md, *.txt).
    ///
    /// Exit status: 0 when nothing at warning level or above was found,
    /// 1 when something was, 2 on a usage or I/O error.
    Check {
        /// Files or folders; folders are searched recursively.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
        format: OutputFormat,
        /// Apply the fixes marked safe and write each changed file
        /// (atomically: a temporary file, then a rename).
        #[arg(long, conflicts_with = "diff")]
        fix: bool,
        /// Show the safe fixes as a unified diff without writing anything.
        #[arg(long)]
        diff: bool,
        /// Language of messages and fix titles: `vi` (Vietnamese) or `en`
        /// (English). Overrides `[messages] language` in bientap.toml.
        #[arg(long, value_parser = parse_language, value_name = "vi|en")]
        language: Option<Language>,
    },
    /// List the entities recognised in articles (people, titles, places…).
    Entities {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// `human` or `json` (schema `bientap-entities/1`, see docs/cli.md).
        #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
        format: OutputFormat,
    },
    /// Turn a raw article into an annotated `.article` (front matter
    /// inferred, entities wrapped in `[…]{.kind}` spans). Prints to standard
    /// output unless `--output` is given; stripping the annotations gives
    /// back the original body exactly.
    Annotate {
        file: PathBuf,
        /// Write here instead (atomically: a temporary file, then a rename).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Measure recognition against annotated articles (a gold set): the
    /// annotations are the answer key; precision and recall per kind.
    Eval {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Also list every miss and false alarm.
        #[arg(long)]
        verbose: bool,
    },
    /// The registry of officials: `bientap kb build DIR [-o FILE]` drafts
    /// an `officials.toml` from the articles under DIR.
    Kb {
        #[command(subcommand)]
        command: kb::KbCommand,
    },
    /// Print the version.
    Version,
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Lsp { .. } => crate::server::run(),
        Command::Check {
            paths,
            format,
            fix,
            diff,
            language,
        } => check(&paths, format, fix, diff, language),
        Command::Entities { paths, format } => entities::run(&paths, format),
        Command::Eval { paths, verbose } => eval(&paths, verbose),
        Command::Annotate { file, output } => annotate(&file, output.as_deref()),
        Command::Kb { command } => kb::run(command),
        Command::Version => {
            println!("bientap {}", env!("CARGO_PKG_VERSION"));
            ExitCode::SUCCESS
        }
    }
}

fn parse_language(s: &str) -> Result<Language, String> {
    Language::parse(s).ok_or_else(|| format!("“{s}”: expected `vi` or `en`"))
}

/// Reads every article under `paths`: (display path, text or error).
pub fn load(paths: &[PathBuf]) -> Vec<(PathBuf, Result<String, String>)> {
    let (files, errors) = files::collect(paths);
    let mut out: Vec<(PathBuf, Result<String, String>)> =
        errors.into_iter().map(|(p, e)| (p, Err(e))).collect();
    for f in files {
        let text = files::read_text(&f);
        out.push((f, text));
    }
    out
}

/// Finds and caches the `bientap.toml` of each file; a config file's own
/// problems are reported once, as a file of its own.
#[derive(Default)]
pub struct ConfigCache {
    by_file: std::collections::HashMap<PathBuf, crate::config::Config>,
    /// Registries by the list of files they were loaded from.
    registries: std::collections::HashMap<Vec<PathBuf>, std::sync::Arc<crate::registry::Registry>>,
    pub reports: Vec<FileReport>,
    /// `--language`: wins over `[messages] language`. The reports of
    /// configuration and registry files are localized with it (or with
    /// their bientap.toml's language).
    pub language: Option<Language>,
}

impl ConfigCache {
    pub fn options_for(&mut self, path: &std::path::Path) -> AnalyzeOptions {
        let mut options = AnalyzeOptions::for_path(path);
        let mut registry_paths: Vec<PathBuf> =
            crate::config::find_upwards(path, crate::registry::FILE_NAME)
                .into_iter()
                .collect();
        if let Some(cfg_path) = crate::config::find_for(path) {
            if !self.by_file.contains_key(&cfg_path) {
                let (text, mut config) = match crate::config::Config::load(&cfg_path) {
                    Ok(loaded) => loaded,
                    Err(e) => {
                        self.reports.push(FileReport {
                            path: cfg_path.display().to_string(),
                            text: String::new(),
                            findings: Vec::new(),
                            error: Some(format!("không đọc được: {e}")),
                        });
                        (String::new(), crate::config::Config::default())
                    }
                };
                if !config.lexicons.is_empty() {
                    self.load_lexicons(&cfg_path, &mut config);
                }
                if !config.errors.is_empty() {
                    let language = self.language.or(config.rules.language).unwrap_or_default();
                    self.reports.push(FileReport {
                        path: cfg_path.display().to_string(),
                        text,
                        findings: config
                            .errors
                            .iter()
                            .map(|f| f.clone().localized(language))
                            .collect(),
                        error: None,
                    });
                }
                self.by_file.insert(cfg_path.clone(), config);
            }
            options.rules = self.by_file[&cfg_path].rules.clone();
            let base = cfg_path.parent().map(PathBuf::from).unwrap_or_default();
            for p in &self.by_file[&cfg_path].registry_paths {
                let p = base.join(p);
                if !registry_paths.contains(&p) {
                    registry_paths.push(p);
                }
            }
        }
        if let Some(language) = self.language {
            options.rules.language = Some(language);
        }
        if !registry_paths.is_empty() {
            let language = options.rules.language.unwrap_or_default();
            options.rules.registry = Some(self.registry(registry_paths, language));
        }
        options
    }

    /// Reads the `[lexicons]` files of `config` (once per `bientap.toml`)
    /// into its rule settings; a file that cannot be read is an error in
    /// `bientap.toml`, bad lines are reported as the file's own findings.
    fn load_lexicons(&mut self, cfg_path: &std::path::Path, config: &mut crate::config::Config) {
        let base = cfg_path.parent().map(PathBuf::from).unwrap_or_default();
        let (lexicons, config_errors, files) =
            crate::lexicon::ExtraLexicons::load(&base, &config.lexicons);
        config.rules.lexicons = lexicons;
        config.errors.extend(config_errors);
        config.errors.sort_by_key(|e| e.span.start);
        let language = self.language.or(config.rules.language).unwrap_or_default();
        self.report_files(files, language);
    }

    /// Reports the problems of files read alongside the articles (lexicon
    /// and registry files), once per file, in `language`.
    fn report_files(&mut self, files: Vec<(PathBuf, String, Vec<Finding>)>, language: Language) {
        for (path, text, findings) in files {
            let display = path.display().to_string();
            if findings.is_empty() || self.reports.iter().any(|r| r.path == display) {
                continue;
            }
            self.reports.push(FileReport {
                path: display,
                text,
                findings: findings
                    .into_iter()
                    .map(|f| f.localized(language))
                    .collect(),
                error: None,
            });
        }
    }

    /// Loads (once) the registry made of these files; their problems are
    /// reported like a checked file's.
    fn registry(
        &mut self,
        paths: Vec<PathBuf>,
        language: Language,
    ) -> std::sync::Arc<crate::registry::Registry> {
        if let Some(r) = self.registries.get(&paths) {
            return r.clone();
        }
        let (registry, files) = crate::registry::Registry::load(&paths);
        self.report_files(files, language);
        let registry = std::sync::Arc::new(registry);
        self.registries.insert(paths, registry.clone());
        registry
    }
}

fn check(
    paths: &[PathBuf],
    format: OutputFormat,
    fix: bool,
    diff: bool,
    language: Option<Language>,
) -> ExitCode {
    let mut reports = Vec::new();
    let mut configs = ConfigCache {
        language,
        ..ConfigCache::default()
    };
    // The language of each checked file (its bientap.toml's, or the flag's).
    let mut languages = std::collections::BTreeSet::new();
    let mut write_failed = false;
    // For the workspace pass: (report index, summary, format, rule settings).
    let mut summaries = Vec::new();
    for (path, text) in load(paths) {
        let display = path.display().to_string();
        match text {
            Ok(mut text) => {
                let options = configs.options_for(&path);
                let mut analysis = analyze(&text, &options);
                if fix || diff {
                    let (fixed, applied) =
                        crate::fixes::apply_safe_fixes(&text, &analysis.findings);
                    if applied > 0 {
                        if diff {
                            print!("{}", crate::fixes::unified_diff(&display, &text, &fixed));
                        } else {
                            match write_atomically(&path, fixed.as_bytes()) {
                                Ok(()) => {
                                    eprintln!("{display}: đã áp dụng {applied} sửa lỗi an toàn");
                                    text = fixed;
                                    analysis = analyze(&text, &options);
                                }
                                Err(e) => {
                                    eprintln!("{display}: không ghi được, tệp giữ nguyên: {e}");
                                    write_failed = true;
                                }
                            }
                        }
                    }
                }
                // Messages are chosen here, at the edge: the analysis gives both.
                let file_language = options.rules.language.unwrap_or_default();
                languages.insert(file_language.code());
                let summary = crate::workspace::summarize(
                    path.clone(),
                    &text,
                    &analysis.article,
                    &analysis.recognition,
                );
                summaries.push((reports.len(), summary, options.format, options.rules));
                reports.push(FileReport {
                    path: display,
                    findings: analysis
                        .findings
                        .into_iter()
                        .map(|f| f.localized(file_language))
                        .collect(),
                    text,
                    error: None,
                });
            }
            Err(e) => reports.push(FileReport {
                path: display,
                text: String::new(),
                findings: Vec::new(),
                error: Some(e),
            }),
        }
    }
    workspace_pass(&mut reports, summaries);
    reports.splice(0..0, configs.reports);
    // The report's own words (summary line, SARIF rule descriptions): the
    // flag, else the language every checked file agrees on, else Vietnamese.
    let report_language = language.unwrap_or(match languages.iter().collect::<Vec<_>>()[..] {
        [only] => Language::parse(only).unwrap_or_default(),
        _ => Language::Vi,
    });
    let stdout = std::io::stdout();
    // Buffered: a locked stdout flushes at every line break, and a report
    // of a million findings is tens of millions of lines (one write call each).
    let mut out = std::io::BufWriter::new(stdout.lock());
    let style = Style {
        color: stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none(),
        language: report_language,
    };
    if diff {
        // The diff is the output; findings would only get in its way.
        let _ = out.flush();
        return if reports.iter().any(|r| r.error.is_some()) {
            ExitCode::from(2)
        } else {
            ExitCode::SUCCESS
        };
    }
    let written = match format {
        OutputFormat::Human => report::write_human(&mut out, &reports, &style),
        OutputFormat::Json => report::write_json(&mut out, &reports),
        OutputFormat::Sarif => report::write_sarif(&mut out, &reports, report_language),
    };
    let written = written.and_then(|()| out.flush());
    if written.is_err() || write_failed || reports.iter().any(|r| r.error.is_some()) {
        return ExitCode::from(2);
    }
    let serious = reports
        .iter()
        .flat_map(|r| &r.findings)
        .any(|f| f.severity >= Severity::Warning);
    if serious {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// The checked files are one workspace: each is checked against the
/// others' summaries (`rules::workspace`), after every file was analysed
/// once. Findings go through the file's suppressions and severities like
/// any other; the article is parsed again only for a file that has some.
fn workspace_pass(
    reports: &mut [FileReport],
    summaries: Vec<(
        usize,
        crate::workspace::ArticleSummary,
        crate::syntax::SourceFormat,
        crate::rules::RuleSettings,
    )>,
) {
    if summaries.len() < 2 {
        return;
    }
    let mut index = crate::workspace::WorkspaceIndex::new();
    for (_, summary, _, _) in &summaries {
        index.update(summary.clone());
    }
    for (at, summary, format, settings) in &summaries {
        let Some(report) = reports.get_mut(*at) else {
            continue;
        };
        let facts = crate::workspace::IndexFacts {
            index: &index,
            exclude: Some(&summary.path),
        };
        let mut late = Vec::new();
        crate::rules::workspace::check(summary, &report.text, &facts, &mut late);
        if late.is_empty() {
            continue;
        }
        let article = crate::syntax::parse(&report.text, *format);
        let late =
            crate::rules::finish_late(&report.text, &article, &report.findings, late, settings);
        report.findings.extend(late);
        report
            .findings
            .sort_by_key(|f| (f.span.start, f.span.end, f.rule));
    }
}

fn eval(paths: &[PathBuf], verbose: bool) -> ExitCode {
    let mut totals = std::collections::BTreeMap::new();
    let mut failed = false;
    for (path, text) in load(paths) {
        let text = match text {
            Ok(t) => t,
            Err(e) => {
                eprintln!("{}: {e}", path.display());
                failed = true;
                continue;
            }
        };
        let c = crate::eval::compare(&text);
        for (kind, counts) in crate::eval::score(&c) {
            totals
                .entry(kind)
                .or_insert_with(crate::eval::Counts::default)
                .add(counts);
        }
        if verbose {
            let index = crate::text::position::LineIndex::new(&c.plain);
            for e in &c.expected {
                if !c.found.iter().any(|f| f.kind == e.kind && f.span == e.span) {
                    let p = index.position(&c.plain, e.span.start);
                    println!(
                        "{}:{}: missed {} “{}”",
                        path.display(),
                        p.line + 1,
                        e.kind.name(),
                        e.text
                    );
                }
            }
            for f in &c.found {
                if !c
                    .expected
                    .iter()
                    .any(|e| e.kind == f.kind && e.span == f.span)
                {
                    let p = index.position(&c.plain, f.span.start);
                    println!(
                        "{}:{}: false {} “{}”",
                        path.display(),
                        p.line + 1,
                        f.kind.name(),
                        f.text
                    );
                }
            }
        }
    }
    print!("{}", crate::eval::report(&totals));
    if failed {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    }
}

fn annotate(file: &std::path::Path, output: Option<&std::path::Path>) -> ExitCode {
    let raw = match files::read_text(file) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{}: {e}", file.display());
            return ExitCode::from(2);
        }
    };
    let annotated = crate::annotate::annotate(&raw);
    match output {
        None => {
            print!("{annotated}");
            ExitCode::SUCCESS
        }
        Some(path) => match write_atomically(path, annotated.as_bytes()) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("{}: không ghi được: {e}", path.display());
                ExitCode::from(2)
            }
        },
    }
}

/// Writes `bytes` to `path` through a temporary file in the same folder and
/// a rename, so the target is either the old or the new content, never half.
/// A symbolic link is followed (the file it points to is replaced, the link
/// stays), and the file keeps its permissions. On error the temporary file
/// is removed and the target is untouched. (A process killed between
/// creating and renaming the temporary file leaves that hidden
/// `.<name>.bientap-<pid>.tmp` behind, never a partial target.)
pub fn write_atomically(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    let resolved = match std::fs::canonicalize(path) {
        Ok(p) => p,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => path.to_path_buf(),
        Err(e) => return Err(e),
    };
    let path = resolved.as_path();
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("out");
    let tmp = dir.join(format!(".{name}.bientap-{}.tmp", std::process::id()));
    let permissions = std::fs::metadata(path).ok().map(|m| m.permissions());
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        if let Some(p) = permissions {
            f.set_permissions(p)?;
        }
        f.sync_all()?;
        drop(f);
        std::fs::rename(&tmp, path)?;
        // Make the rename itself durable (best effort: not every platform
        // can open a folder).
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::write_atomically;

    #[test]
    fn an_interrupted_write_leaves_the_original_intact() {
        let scratch = tempfile::tempdir().unwrap();
        let dir = scratch.path();
        let target = dir.join("bai.txt");
        std::fs::write(&target, "bản gốc").unwrap();
        // Make the temporary file impossible to create: a folder is in its place.
        std::fs::create_dir(dir.join(format!(".bai.txt.bientap-{}.tmp", std::process::id())))
            .unwrap();
        assert!(write_atomically(&target, "bản mới".as_bytes()).is_err());
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "bản gốc");
        // And a normal write replaces the content whole.
        std::fs::remove_dir(dir.join(format!(".bai.txt.bientap-{}.tmp", std::process::id())))
            .unwrap();
        write_atomically(&target, "bản mới".as_bytes()).unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "bản mới");
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_and_permissions_survive() {
        use std::os::unix::fs::PermissionsExt;
        let scratch = tempfile::tempdir().unwrap();
        let dir = scratch.path();
        std::fs::create_dir_all(dir.join("real")).unwrap();
        let real = dir.join("real/bai.txt");
        std::fs::write(&real, "bản gốc").unwrap();
        std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o600)).unwrap();
        let link = dir.join("link.txt");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        write_atomically(&link, "bản mới".as_bytes()).unwrap();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read_to_string(&real).unwrap(), "bản mới");
        let mode = std::fs::metadata(&real).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        let leftovers: Vec<_> = std::fs::read_dir(dir.join("real"))
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty());
    }
}
