//! Lexicons a workspace adds to the embedded ones (`[lexicons]` in
//! `bientap.toml`): words the spelling rules accept, wrong → right
//! collocations, and organisation names with their official capitals.
//!
//! The files are read at the edge (the CLI's `ConfigCache`, the server's
//! configuration reload) by [`ExtraLexicons::load`]; the rules get the
//! result through `RuleSettings::lexicons` and never touch the disk. With
//! no `[lexicons]` section the settings carry `None` and the rules do no
//! extra work.
//!
//! Formats (UTF-8; blank lines and lines starting with `#` are skipped):
//!
//! - **words** — one word or name per line ("Starlink", "iPhone", "khuổi").
//!   Every word of a line is accepted by `spelling/unknown-syllable` and
//!   `spelling/unattested-syllable`; a line of several words is also a
//!   name `spelling/place-near-miss` leaves alone.
//! - **collocations** — TSV like `src/lexicon/data/curated/collocations.tsv`:
//!   `wrong<TAB>right[<TAB>note[<TAB>unless_after]]`, the same number of
//!   words on both sides, `#` for any number. An optional header line
//!   `wrong<TAB>right…` is skipped.
//! - **organizations** — one organisation name per line in its official
//!   capitalisation ("Trung tâm Phục vụ hành chính công"), checked by
//!   `capitalization/organization`.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::{Path, PathBuf};

use super::PhraseTable;
use crate::finding::{Finding, Severity};
use crate::span::Span;
use crate::text::tokens::tokenize;
use crate::text::vietnamese::{phrase_key, syllable_key};

pub const INVALID: crate::rules::RuleInfo = crate::rules::RuleInfo {
    code: "lexicon/invalid",
    default_severity: Severity::Error,
    summary: "Lỗi trong tệp từ điển bổ sung khai báo ở `[lexicons]` của bientap.toml (dòng TSV sai, tên tổ chức viết thường…); dòng lỗi bị bỏ qua, các dòng khác vẫn dùng.",
    summary_en: "An error in an extra lexicon file listed under `[lexicons]` in bientap.toml (bad TSV line, organisation name in lower case…); the bad line is skipped, the other lines still apply.",
};

/// Files larger than this are not read (a lexicon is a list, not a corpus).
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

// ---------------------------------------------------------------------------
// Collocations (shared with the embedded list, see `rules::spelling`).

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Pat {
    /// A word, by key.
    Word(String),
    /// `#`: any number.
    Number,
}

#[derive(Debug, Clone)]
pub(crate) struct Collocation {
    pub(crate) wrong: Vec<Pat>,
    /// The right spelling of each word (same count as `wrong`); `None` for `#`.
    pub(crate) right: Vec<Option<String>>,
    pub(crate) note: String,
    /// Keys of words that, just before the match, make it part of another
    /// word ("cảnh sát nhập cư" is not "sát nhập").
    pub(crate) unless_after: Vec<String>,
}

/// Collocations by the key of their first word.
pub(crate) type CollocationTable = HashMap<String, Vec<Collocation>>;

/// A problem on one line: byte range within the line, Vietnamese and
/// English messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LineError {
    pub(crate) range: Range<usize>,
    pub(crate) vi: String,
    pub(crate) en: String,
}

fn line_error(range: Range<usize>, vi: impl Into<String>, en: impl Into<String>) -> LineError {
    LineError {
        range,
        vi: vi.into(),
        en: en.into(),
    }
}

/// Whether a TSV line is the optional header.
fn is_header(line: &str) -> bool {
    line.trim_start()
        .to_ascii_lowercase()
        .starts_with("wrong\t")
}

/// The whitespace-separated words of `s` with their byte offsets.
fn words_at(s: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(st)) => {
                out.push((st, &s[st..i]));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(st) = start {
        out.push((st, &s[st..]));
    }
    out
}

/// One collocation line (`wrong<TAB>right[<TAB>note[<TAB>unless_after]]`).
pub(crate) fn parse_collocation_line(line: &str) -> Result<Collocation, LineError> {
    let whole = 0..line.len();
    let mut cols: Vec<(usize, &str)> = Vec::new();
    let mut at = 0;
    for col in line.split('\t') {
        cols.push((at, col));
        at += col.len() + 1;
    }
    if cols.len() < 2 {
        return Err(line_error(
            whole,
            "Dòng cần ít nhất hai cột cách nhau bằng dấu Tab: cụm sai, cụm đúng.",
            "A line needs at least two tab-separated columns: the wrong phrase, the right phrase.",
        ));
    }
    let (wrong_at, wrong_col) = cols[0];
    let (right_at, right_col) = cols[1];
    let wrong = words_at(wrong_col);
    let right = words_at(right_col);
    let col_range = |at: usize, col: &str| at..at + col.len();
    if wrong.is_empty() {
        return Err(line_error(
            col_range(wrong_at, wrong_col),
            "Cột cụm sai để trống.",
            "The wrong phrase is empty.",
        ));
    }
    if wrong.len() != right.len() {
        return Err(line_error(
            col_range(right_at, right_col),
            format!(
                "Cụm sai có {} từ nhưng cụm đúng có {} từ; hai cụm phải cùng số từ.",
                wrong.len(),
                right.len()
            ),
            format!(
                "The wrong phrase has {} words but the right one has {}; both need the same number of words.",
                wrong.len(),
                right.len()
            ),
        ));
    }
    let mut pats = Vec::new();
    let mut rights = Vec::new();
    for ((wo, w), (ro, r)) in wrong.iter().zip(&right) {
        if *w == "#" {
            if *r != "#" {
                return Err(line_error(
                    right_at + ro..right_at + ro + r.len(),
                    "Chỗ số `#` ở cụm sai phải giữ là `#` ở cụm đúng.",
                    "A `#` (any number) in the wrong phrase must stay `#` in the right one.",
                ));
            }
            pats.push(Pat::Number);
            rights.push(None);
        } else {
            for (word, at) in [(w, wrong_at + wo), (r, right_at + ro)] {
                let toks = tokenize(word, Span::new(0, word.len()));
                if toks.len() != 1 || !toks[0].is_word() {
                    return Err(line_error(
                        at..at + word.len(),
                        format!(
                            "“{word}” không phải một từ (chữ cái, không dấu câu, không chữ số)."
                        ),
                        format!(
                            "“{word}” is not one word (letters only, no punctuation or digits)."
                        ),
                    ));
                }
            }
            pats.push(Pat::Word(syllable_key(w)));
            rights.push(Some(r.to_string()));
        }
    }
    if pats.first() == Some(&Pat::Number) {
        return Err(line_error(
            col_range(wrong_at, wrong_col),
            "Cụm sai không được bắt đầu bằng `#`.",
            "The wrong phrase cannot start with `#`.",
        ));
    }
    if wrong
        .iter()
        .zip(&right)
        .all(|((_, w), (_, r))| syllable_key(w) == syllable_key(r))
    {
        return Err(line_error(
            whole,
            "Cụm sai và cụm đúng giống nhau (không tính chữ hoa và vị trí dấu).",
            "The wrong and right phrases are the same (ignoring case and tone-mark placement).",
        ));
    }
    let unless_after = cols
        .get(3)
        .map(|(_, c)| {
            c.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(syllable_key)
                .collect()
        })
        .unwrap_or_default();
    Ok(Collocation {
        wrong: pats,
        right: rights,
        note: cols.get(2).map_or("", |(_, s)| s.trim()).to_string(),
        unless_after,
    })
}

/// The embedded list (header first); the first bad line is an error.
pub(crate) fn parse_collocations(tsv: &str) -> Result<Vec<Collocation>, String> {
    let mut out = Vec::new();
    for (n, line) in tsv.lines().enumerate().skip(1) {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        out.push(parse_collocation_line(line).map_err(|e| format!("line {}: {}", n + 1, e.en))?);
    }
    Ok(out)
}

/// Adds `c` to `table` under its first word.
pub(crate) fn index_collocation(table: &mut CollocationTable, c: Collocation) {
    if let Some(Pat::Word(first)) = c.wrong.first() {
        table.entry(first.clone()).or_default().push(c);
    }
}

// ---------------------------------------------------------------------------
// The workspace's extra lexicons.

/// Which list a file extends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LexiconKind {
    Words,
    Collocations,
    Organizations,
}

impl LexiconKind {
    /// The key under `[lexicons]`.
    pub fn key(self) -> &'static str {
        match self {
            LexiconKind::Words => "words",
            LexiconKind::Collocations => "collocations",
            LexiconKind::Organizations => "organizations",
        }
    }

    pub fn from_key(key: &str) -> Option<LexiconKind> {
        Some(match key {
            "words" => LexiconKind::Words,
            "collocations" => LexiconKind::Collocations,
            "organizations" => LexiconKind::Organizations,
            _ => return None,
        })
    }
}

/// A lexicon file named in `bientap.toml`: the path as written (relative to
/// the file's folder) and where it is written there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LexiconPath {
    pub kind: LexiconKind,
    pub path: PathBuf,
    /// The path's string in `bientap.toml`, for errors about the file.
    pub span: Span,
}

/// What the workspace's lexicon files add.
#[derive(Default)]
pub struct ExtraLexicons {
    /// Syllable keys of accepted words.
    pub(crate) words: HashSet<String>,
    /// Phrase keys of accepted multi-word names.
    pub(crate) phrases: HashSet<String>,
    pub(crate) collocations: CollocationTable,
    /// Organisation names in their official capitalisation.
    pub(crate) organizations: PhraseTable<String>,
}

impl std::fmt::Debug for ExtraLexicons {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ExtraLexicons")
            .field("words", &self.words.len())
            .field("phrases", &self.phrases.len())
            .field(
                "collocations",
                &self.collocations.values().map(Vec::len).sum::<usize>(),
            )
            .field("organizations", &self.organizations.len())
            .finish()
    }
}

/// A lexicon file as loaded: its path, text and the problems in it.
pub type FileReport = (PathBuf, String, Vec<Finding>);

impl ExtraLexicons {
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
            && self.phrases.is_empty()
            && self.collocations.is_empty()
            && self.organizations.is_empty()
    }

    /// Whether a word (by syllable key) is in the workspace's dictionary.
    pub fn accepts_word(&self, key: &str) -> bool {
        self.words.contains(key)
    }

    /// Whether a phrase (by phrase key) is a name of the dictionary.
    pub fn accepts_phrase(&self, key: &str) -> bool {
        self.phrases.contains(key)
    }

    /// Adds the lines of one file of `kind`; returns the problems, with
    /// byte ranges into `text`.
    pub fn add(&mut self, kind: LexiconKind, text: &str) -> Vec<Finding> {
        let mut errors = Vec::new();
        let mut offset = 0;
        let mut first = true;
        for raw in text.split_inclusive('\n') {
            let at = offset;
            offset += raw.len();
            let line = raw.trim_end_matches(['\n', '\r']);
            // A byte-order mark on the first line is not part of it.
            let (line, at) = match line.strip_prefix('\u{feff}') {
                Some(rest) if at == 0 => (rest, at + '\u{feff}'.len_utf8()),
                _ => (line, at),
            };
            let trimmed = line.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let was_first = std::mem::replace(&mut first, false);
            let result = match kind {
                LexiconKind::Words => self.add_words(line),
                LexiconKind::Collocations => {
                    if was_first && is_header(line) {
                        continue;
                    }
                    parse_collocation_line(line)
                        .map(|c| index_collocation(&mut self.collocations, c))
                }
                LexiconKind::Organizations => self.add_organization(line),
            };
            if let Err(e) = result {
                errors.push(
                    Finding::new(
                        INVALID.code,
                        INVALID.default_severity,
                        Span::new(at + e.range.start, at + e.range.end),
                        e.vi,
                    )
                    .en(e.en),
                );
            }
        }
        errors
    }

    fn add_words(&mut self, line: &str) -> Result<(), LineError> {
        if let Some(tab) = line.find('\t') {
            return Err(line_error(
                tab..line.len(),
                "Tệp từ điển chỉ có một từ hoặc một tên trên mỗi dòng, không có cột (dấu Tab).",
                "A word list has one word or name per line, without columns (tabs).",
            ));
        }
        let tokens = tokenize(line, Span::new(0, line.len()));
        let words: Vec<_> = tokens.iter().filter(|t| t.is_word()).collect();
        if words.is_empty() {
            let trimmed = line.trim();
            let start = line.len() - line.trim_start().len();
            return Err(line_error(
                start..start + trimmed.len(),
                "Dòng không có từ nào (chỉ có chữ số hoặc dấu câu).",
                "The line has no word (only digits or punctuation).",
            ));
        }
        for t in &words {
            self.words.insert(t.key.clone());
        }
        if words.len() > 1 {
            self.phrases.insert(phrase_key(line.trim()));
        }
        Ok(())
    }

    fn add_organization(&mut self, line: &str) -> Result<(), LineError> {
        let start = line.len() - line.trim_start().len();
        let name = line.trim();
        let range = start..start + name.len();
        if line.contains('\t') {
            return Err(line_error(
                range,
                "Tệp tên tổ chức có một tên trên mỗi dòng, không có cột (dấu Tab).",
                "An organisation list has one name per line, without columns (tabs).",
            ));
        }
        let tokens = tokenize(name, Span::new(0, name.len()));
        let words: Vec<_> = tokens.iter().filter(|t| t.is_word()).collect();
        if words.len() < 2 {
            return Err(line_error(
                range,
                "Tên tổ chức cần ít nhất hai từ (“Trung tâm Phục vụ hành chính công”).",
                "An organisation name needs at least two words (“Trung tâm Phục vụ hành chính công”).",
            ));
        }
        if !words[0].capitalized || words.iter().all(|t| t.all_caps) {
            return Err(line_error(
                range,
                "Viết tên tổ chức theo đúng chữ hoa chính thức, chữ cái đầu viết hoa (“Ban Quản lý dự án”).",
                "Write the name with its official capitals, the first letter upper case (“Ban Quản lý dự án”).",
            ));
        }
        self.organizations.insert(name, name.to_string());
        Ok(())
    }

    /// Reads the files of `paths` (relative ones against `base`, the folder
    /// of `bientap.toml`). Returns the lexicons (`None` when nothing was
    /// added), the problems of the configuration itself (a file that cannot
    /// be read: at its path in `bientap.toml`) and, per file read, its text
    /// and problems.
    pub fn load(
        base: &Path,
        paths: &[LexiconPath],
    ) -> (
        Option<std::sync::Arc<ExtraLexicons>>,
        Vec<Finding>,
        Vec<FileReport>,
    ) {
        let mut lex = ExtraLexicons::default();
        let mut config_errors = Vec::new();
        let mut files: Vec<FileReport> = Vec::new();
        for p in paths {
            let full = if p.path.is_absolute() {
                p.path.clone()
            } else {
                base.join(&p.path)
            };
            let text = match read_lexicon(&full) {
                Ok(t) => t,
                Err((vi, en)) => {
                    config_errors.push(
                        Finding::new(
                            crate::config::INVALID.code,
                            crate::config::INVALID.default_severity,
                            p.span,
                            format!(
                                "Không đọc được tệp `{}` ({}): {vi}",
                                p.path.display(),
                                p.kind.key()
                            ),
                        )
                        .en(format!(
                            "Cannot read the file `{}` ({}): {en}",
                            p.path.display(),
                            p.kind.key()
                        )),
                    );
                    continue;
                }
            };
            let errors = lex.add(p.kind, &text);
            match files.iter_mut().find(|(f, _, _)| *f == full) {
                // Listed twice (under two keys): one report.
                Some((_, _, found)) => found.extend(errors),
                None => files.push((full, text, errors)),
            }
        }
        let lex = (!lex.is_empty()).then(|| std::sync::Arc::new(lex));
        (lex, config_errors, files)
    }
}

/// A lexicon file's text, or why it cannot be read (Vietnamese, English).
fn read_lexicon(path: &Path) -> Result<String, (String, String)> {
    let meta = std::fs::metadata(path).map_err(|e| (e.to_string(), e.to_string()))?;
    if meta.is_dir() {
        return Err(("đây là thư mục.".into(), "it is a folder.".into()));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err((
            format!("tệp lớn hơn {} MB.", MAX_FILE_BYTES / (1024 * 1024)),
            format!(
                "the file is larger than {} MB.",
                MAX_FILE_BYTES / (1024 * 1024)
            ),
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| (e.to_string(), e.to_string()))?;
    String::from_utf8(bytes).map_err(|e| {
        (
            format!(
                "tệp không phải UTF-8 (byte {}).",
                e.utf8_error().valid_up_to()
            ),
            format!(
                "the file is not UTF-8 (byte {}).",
                e.utf8_error().valid_up_to()
            ),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown<'a>(text: &'a str, errors: &[Finding]) -> Vec<&'a str> {
        errors.iter().map(|e| &text[e.span.range()]).collect()
    }

    #[test]
    fn words_and_phrases() {
        let mut lex = ExtraLexicons::default();
        let text = "# tên riêng\nStarlink\n\nkhuổi\nHoàn Mai\n";
        assert!(lex.add(LexiconKind::Words, text).is_empty());
        assert!(lex.accepts_word(&syllable_key("starlink")));
        assert!(lex.accepts_word(&syllable_key("Khuổi")));
        assert!(lex.accepts_word(&syllable_key("mai")));
        assert!(lex.accepts_phrase(&phrase_key("hoàn mai")));
        assert!(!lex.accepts_phrase(&phrase_key("khuổi")));
    }

    #[test]
    fn bad_lines_have_ranges() {
        let mut lex = ExtraLexicons::default();
        let text = "tốt\n123 ...\nhai\tcột\n";
        let errors = lex.add(LexiconKind::Words, text);
        assert_eq!(shown(text, &errors), vec!["123 ...", "\tcột"]);
        assert!(errors.iter().all(|e| e.rule == "lexicon/invalid"));
        assert!(errors.iter().all(|e| e.message_en.is_some()));
        // The good line still counts.
        assert!(lex.accepts_word(&syllable_key("tốt")));

        let text = "wrong\tright\tnote\nxác xuất\txác suất\txác suất thống kê\nmột\nhai ba\tbốn\nsô #\tsố 5\n# x\nchuẩn đoán\tchẩn đoán\n";
        let mut lex = ExtraLexicons::default();
        let errors = lex.add(LexiconKind::Collocations, text);
        assert_eq!(shown(text, &errors), vec!["một", "bốn", "5"]);
        assert_eq!(lex.collocations.values().map(Vec::len).sum::<usize>(), 2);

        let text = "Trung tâm Phục vụ hành chính công\nban quản lý\nUBND\n";
        let mut lex = ExtraLexicons::default();
        let errors = lex.add(LexiconKind::Organizations, text);
        assert_eq!(shown(text, &errors), vec!["ban quản lý", "UBND"]);
        assert_eq!(lex.organizations.len(), 1);
    }

    #[test]
    fn crlf_and_bom() {
        let mut lex = ExtraLexicons::default();
        let text = "\u{feff}Starlink\r\n12\r\n";
        let errors = lex.add(LexiconKind::Words, text);
        assert_eq!(shown(text, &errors), vec!["12"]);
        assert!(lex.accepts_word(&syllable_key("starlink")));
    }

    #[test]
    fn missing_file_is_reported_on_the_config() {
        let paths = vec![LexiconPath {
            kind: LexiconKind::Words,
            path: PathBuf::from("khong-co.dic"),
            span: Span::new(10, 23),
        }];
        let (lex, config, files) = ExtraLexicons::load(Path::new("/nonexistent-bientap"), &paths);
        assert!(lex.is_none());
        assert!(files.is_empty());
        assert_eq!(config.len(), 1);
        assert_eq!(config[0].rule, "config/invalid");
        assert_eq!(config[0].span, Span::new(10, 23));
    }
}
