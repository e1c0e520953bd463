//! `bientap.toml`: per-workspace configuration.
//!
//! ```toml
//! [rules]
//! "orthography/mixed-tone-style" = "off"   # a rule…
//! debris = "info"                          # …or a whole family
//!
//! [style]
//! tone-marks = "mark-on-first"             # hòa, ủy; or "mark-on-second", or "dominant"
//!
//! [registry]
//! paths = ["officials.toml", "more/registry.toml"]   # relative to this file's folder
//!
//! [messages]
//! language = "en"                          # "vi" (default) or "en"
//! [lexicons]                               # files adding to the built-in lists
//! words = ["tu-dien/ten-rieng.dic"]
//! collocations = ["tu-dien/cum-tu.tsv"]
//! organizations = ["tu-dien/to-chuc.dic"]
//! ```
//!
//! `[lexicons]` is kept as written in [`Config::lexicons`]; callers read the
//! files with `lexicon::ExtraLexicons::load` (see `lexicon/extra.rs`).
//!
//! `[registry] paths` lists the registry-of-officials files
//! (`crate::registry`), kept as written in [`Config::registry_paths`];
//! callers resolve them against the folder of `bientap.toml`. Without it,
//! callers look for `officials.toml` next to it.
//!
//! Unknown keys and bad values are errors with byte ranges in the file,
//! reported like any other finding; the rest of the file still applies.
//! The CLI finds the file by walking up from each checked file; the server
//! reads it from the workspace root.

use std::path::{Path, PathBuf};

use toml::de::{DeTable, DeValue};

use crate::finding::{Finding, Language, Severity};
use crate::rules::{RULES, RuleSettings};
use crate::span::Span;
use crate::text::vietnamese::ToneStyle;

pub const FILE_NAME: &str = "bientap.toml";

/// A parsed configuration and the problems found in its file.
#[derive(Debug, Clone, Default)]
pub struct Config {
    pub rules: RuleSettings,
    /// `[registry] paths`, relative paths as written (relative to the
    /// folder of `bientap.toml`); empty when not given.
    pub registry_paths: Vec<PathBuf>,
    /// `[lexicons]`: the extra lexicon files, as written (relative to the
    /// folder of `bientap.toml`), with their place in the file.
    pub lexicons: Vec<crate::lexicon::extra::LexiconPath>,
    pub errors: Vec<Finding>,
}

pub const INVALID: crate::rules::RuleInfo = crate::rules::RuleInfo {
    code: "config/invalid",
    default_severity: Severity::Error,
    summary: "Lỗi trong bientap.toml: cú pháp TOML, khóa không hợp lệ, tên quy tắc hoặc giá trị sai.",
    summary_en: "Errors in bientap.toml: TOML syntax, invalid keys, unknown rule names or bad values.",
};

fn error(span: std::ops::Range<usize>, message: String) -> Finding {
    Finding::new(
        INVALID.code,
        INVALID.default_severity,
        Span::new(span.start, span.end),
        message,
    )
}

/// An error with its message in both languages.
fn error2(span: std::ops::Range<usize>, message: String, english: String) -> Finding {
    error(span, message).en(english)
}

pub fn parse_severity(s: &str) -> Option<Option<Severity>> {
    Some(match s {
        "off" => None,
        "hint" => Some(Severity::Hint),
        "info" => Some(Severity::Info),
        "warning" => Some(Severity::Warning),
        "error" => Some(Severity::Error),
        _ => return None,
    })
}

fn is_rule_or_family(name: &str) -> bool {
    RULES
        .iter()
        .any(|r| r.code == name || r.code.starts_with(&format!("{name}/")))
}

impl Config {
    pub fn parse(text: &str) -> Config {
        let mut config = Config::default();
        let (table, parse_errors) = DeTable::parse_recoverable(text);
        for e in parse_errors {
            config.errors.push(error2(
                e.span().unwrap_or(0..0),
                format!("Lỗi cú pháp TOML: {}", e.message()),
                format!("TOML syntax error: {}", e.message()),
            ));
        }
        for (key, value) in table.get_ref().iter() {
            match (key.get_ref().as_ref(), value.get_ref()) {
                ("rules", DeValue::Table(rules)) => {
                    for (code, level) in rules.iter() {
                        let name = code.get_ref().as_ref();
                        if !is_rule_or_family(name) {
                            config.errors.push(error2(
                                code.span(),
                                format!("Không có quy tắc hay nhóm quy tắc “{name}”."),
                                format!("There is no rule or rule family “{name}”."),
                            ));
                            continue;
                        }
                        match level.get_ref() {
                            DeValue::String(s) if parse_severity(s).is_some() => {
                                config.rules.severities.insert(name.to_string(), parse_severity(s).unwrap_or(None));
                            }
                            _ => config.errors.push(error2(
                                level.span(),
                                "Mức phải là một trong \"off\", \"hint\", \"info\", \"warning\", \"error\".".into(),
                                "The level must be one of \"off\", \"hint\", \"info\", \"warning\", \"error\".".into(),
                            )),
                        }
                    }
                }
                ("style", DeValue::Table(style)) => {
                    for (k, v) in style.iter() {
                        match (k.get_ref().as_ref(), v.get_ref()) {
                            ("tone-marks", DeValue::String(s)) => match s.as_ref() {
                                "mark-on-first" => config.rules.tone_style = Some(ToneStyle::MarkOnFirst),
                                "mark-on-second" => config.rules.tone_style = Some(ToneStyle::MarkOnSecond),
                                "dominant" => config.rules.tone_style = None,
                                _ => config.errors.push(error2(
                                    v.span(),
                                    "`tone-marks` phải là \"mark-on-first\" (hòa, ủy), \"mark-on-second\" (hoà, uỷ) hoặc \"dominant\".".into(),
                                    "`tone-marks` must be \"mark-on-first\" (“hòa”, “ủy”), \"mark-on-second\" (“hoà”, “uỷ”) or \"dominant\".".into(),
                                )),
                            },
                            ("tone-marks", _) => config.errors.push(error2(v.span(), "`tone-marks` phải là một chuỗi.".into(), "`tone-marks` must be a string.".into())),
                            (other, _) => config.errors.push(error2(k.span(), format!("Khóa không hợp lệ trong [style]: “{other}”."), format!("Invalid key in [style]: “{other}”."))),
                        }
                    }
                }
                ("registry", DeValue::Table(registry)) => {
                    for (k, v) in registry.iter() {
                        match (k.get_ref().as_ref(), v.get_ref()) {
                            ("paths", DeValue::Array(items)) => {
                                for item in items.iter() {
                                    match item.get_ref() {
                                        DeValue::String(p) if !p.trim().is_empty() => {
                                            config.registry_paths.push(PathBuf::from(p.as_ref()));
                                        }
                                        DeValue::String(_) => config.errors.push(error2(
                                            item.span(),
                                            "Đường dẫn trong `paths` không được để trống.".into(),
                                            "A path in `paths` must not be empty.".into(),
                                        )),
                                        _ => config.errors.push(error2(
                                            item.span(),
                                            "Mỗi mục của `paths` phải là một chuỗi (đường dẫn tệp).".into(),
                                            "Each item of `paths` must be a string (a file path).".into(),
                                        )),
                                    }
                                }
                            }
                            ("paths", _) => config.errors.push(error2(
                                v.span(),
                                "`paths` phải là một mảng chuỗi, ví dụ [\"officials.toml\"].".into(),
                                "`paths` must be an array of strings, e.g. [\"officials.toml\"].".into(),
                            )),
                            (other, _) => config.errors.push(error2(
                                k.span(),
                                format!("Khóa không hợp lệ trong [registry]: “{other}” (chỉ nhận `paths`)."),
                                format!("Invalid key in [registry]: “{other}” (only `paths` is accepted)."),
                            )),
                        }
                    }
                }
                ("messages", DeValue::Table(messages)) => {
                    for (k, v) in messages.iter() {
                        match (k.get_ref().as_ref(), v.get_ref()) {
                            ("language", DeValue::String(s)) => match Language::parse(s) {
                                Some(language) => config.rules.language = Some(language),
                                None => config.errors.push(error2(
                                    v.span(),
                                    "`language` phải là \"vi\" (tiếng Việt) hoặc \"en\" (tiếng Anh).".into(),
                                    "`language` must be \"vi\" (Vietnamese) or \"en\" (English).".into(),
                                )),
                            },
                            ("language", _) => config.errors.push(error2(
                                v.span(),
                                "`language` phải là một chuỗi: \"vi\" hoặc \"en\".".into(),
                                "`language` must be a string: \"vi\" or \"en\".".into(),
                            )),
                            (other, _) => config.errors.push(error2(
                                k.span(),
                                format!("Khóa không hợp lệ trong [messages]: “{other}” (chỉ nhận `language`)."),
                                format!("Invalid key in [messages]: “{other}” (only `language` is accepted)."),
                            )),
                        }
                    }
                }
                ("lexicons", DeValue::Table(lexicons)) => config.parse_lexicons(lexicons),
                ("rules" | "style" | "registry" | "messages" | "lexicons", _) => {
                    config.errors.push(error2(
                        value.span(),
                        format!("`{}` phải là một bảng.", key.get_ref()),
                        format!("`{}` must be a table.", key.get_ref()),
                    ));
                }
                (other, _) => config.errors.push(error2(
                    key.span(),
                    format!("Khóa không hợp lệ: “{other}” (bientap.toml nhận [rules], [style], [registry], [messages] và [lexicons])."),
                    format!("Invalid key: “{other}” (bientap.toml accepts [rules], [style], [registry], [messages] and [lexicons])."),
                )),
            }
        }
        config.errors.sort_by_key(|e| e.span.start);
        config
    }

    /// `[lexicons]`: `words`, `collocations`, `organizations`, each an
    /// array of paths.
    fn parse_lexicons(&mut self, table: &DeTable) {
        use crate::lexicon::extra::{LexiconKind, LexiconPath};
        for (k, v) in table.iter() {
            let key = k.get_ref().as_ref();
            let Some(kind) = LexiconKind::from_key(key) else {
                self.errors.push(
                    error(
                        k.span(),
                        format!("Khóa không hợp lệ trong [lexicons]: “{key}” (nhận `words`, `collocations`, `organizations`)."),
                    )
                    .en(format!("Unknown key in [lexicons]: “{key}” (expected `words`, `collocations`, `organizations`).")),
                );
                continue;
            };
            let DeValue::Array(items) = v.get_ref() else {
                self.errors.push(
                    error(
                        v.span(),
                        format!(
                            "`{key}` phải là một mảng đường dẫn, ví dụ [\"tu-dien/{key}.tsv\"]."
                        ),
                    )
                    .en(format!(
                        "`{key}` must be an array of paths, e.g. [\"lexicons/{key}.tsv\"]."
                    )),
                );
                continue;
            };
            for item in items.iter() {
                match item.get_ref() {
                    DeValue::String(p) if !p.trim().is_empty() => {
                        let span = item.span();
                        if p.to_ascii_lowercase().ends_with(".txt") {
                            let mut f = error(
                                span.clone(),
                                "Tệp .txt bị `bientap check` và máy chủ ngôn ngữ đọc như một bài viết; nên đặt đuôi .dic hoặc .tsv cho tệp từ điển.".into(),
                            )
                            .en("`bientap check` and the language server read .txt files as articles; give lexicon files a .dic or .tsv extension.");
                            f.severity = Severity::Warning;
                            self.errors.push(f);
                        }
                        self.lexicons.push(LexiconPath {
                            kind,
                            path: PathBuf::from(p.as_ref()),
                            span: Span::new(span.start, span.end),
                        });
                    }
                    DeValue::String(_) => self.errors.push(
                        error(item.span(), "Đường dẫn không được để trống.".into())
                            .en("A path cannot be empty."),
                    ),
                    _ => self.errors.push(
                        error(
                            item.span(),
                            format!("Mỗi mục của `{key}` phải là một chuỗi (đường dẫn tệp)."),
                        )
                        .en(format!(
                            "Each item of `{key}` must be a string (a file path)."
                        )),
                    ),
                }
            }
        }
    }

    /// Reads and parses a configuration file.
    pub fn load(path: &Path) -> std::io::Result<(String, Config)> {
        let text = std::fs::read_to_string(path)?;
        let config = Config::parse(&text);
        Ok((text, config))
    }
}

/// The `bientap.toml` governing `path`: in its folder or the nearest parent.
pub fn find_for(path: &Path) -> Option<PathBuf> {
    find_upwards(path, FILE_NAME)
}

/// The file called `name` in `path`'s folder (or `path` itself, if a
/// folder) or the nearest folder above it.
pub fn find_upwards(path: &Path, name: &str) -> Option<PathBuf> {
    let start = if path.is_dir() {
        path.to_path_buf()
    } else {
        path.parent()?.to_path_buf()
    };
    let start = std::fs::canonicalize(&start).unwrap_or(start);
    start
        .ancestors()
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_families_and_style() {
        let c = Config::parse(
            "[rules]\n\"orthography/not-nfc\" = \"off\"\ndebris = \"info\"\n\n[style]\ntone-marks = \"mark-on-second\"\n",
        );
        assert!(c.errors.is_empty(), "{:?}", c.errors);
        assert_eq!(
            c.rules.severity("orthography/not-nfc", Severity::Warning),
            None
        );
        assert_eq!(
            c.rules.severity("debris/website", Severity::Warning),
            Some(Severity::Info)
        );
        assert_eq!(
            c.rules
                .severity("orthography/mixed-tone-style", Severity::Warning),
            Some(Severity::Warning)
        );
        assert_eq!(c.rules.tone_style, Some(ToneStyle::MarkOnSecond));
    }

    #[test]
    fn errors_point_at_the_bad_text() {
        let text = "[rules]\n\"orthography/typo\" = \"off\"\ndebris = \"loud\"\n[style]\ntone-marks = \"old\"\ncolour = 1\n[extra]\n";
        let c = Config::parse(text);
        let shown: Vec<&str> = c.errors.iter().map(|e| &text[e.span.range()]).collect();
        assert_eq!(
            shown,
            vec![
                "\"orthography/typo\"",
                "\"loud\"",
                "\"old\"",
                "colour",
                "extra"
            ]
        );
        // The valid parts still apply.
        let ok = Config::parse("[rules]\nbogus = \"off\"\ndebris = \"off\"\n");
        assert_eq!(ok.rules.severity("debris/website", Severity::Warning), None);
    }

    #[test]
    fn registry_paths_and_their_errors() {
        let c = Config::parse("[registry]\npaths = [\"officials.toml\", \"more/registry.toml\"]\n");
        assert!(c.errors.is_empty(), "{:?}", c.errors);
        assert_eq!(
            c.registry_paths,
            vec![
                PathBuf::from("officials.toml"),
                PathBuf::from("more/registry.toml")
            ]
        );
        let text = "[registry]\npaths = [\"a.toml\", 3, \"\"]\nfile = \"x\"\n";
        let c = Config::parse(text);
        let shown: Vec<&str> = c.errors.iter().map(|e| &text[e.span.range()]).collect();
        assert_eq!(shown, vec!["3", "\"\"", "file"]);
        assert_eq!(c.registry_paths, vec![PathBuf::from("a.toml")]);
        let text = "[registry]\npaths = \"officials.toml\"\n";
        let c = Config::parse(text);
        assert_eq!(&text[c.errors[0].span.range()], "\"officials.toml\"");
        let text = "registry = 1\n";
        let c = Config::parse(text);
        assert_eq!(&text[c.errors[0].span.range()], "1");
    }

    #[test]
    fn messages_language_and_its_errors() {
        let c = Config::parse("[messages]\nlanguage = \"en\"\n");
        assert!(c.errors.is_empty(), "{:?}", c.errors);
        assert_eq!(c.rules.language, Some(Language::En));
        assert_eq!(Config::parse("").rules.language, None);
        let text = "[messages]\nlanguage = \"fr\"\ntone = 1\n";
        let c = Config::parse(text);
        let shown: Vec<&str> = c.errors.iter().map(|e| &text[e.span.range()]).collect();
        assert_eq!(shown, vec!["\"fr\"", "tone"]);
        assert_eq!(c.rules.language, None);
        let text = "[messages]\nlanguage = 2\n";
        assert_eq!(&text[Config::parse(text).errors[0].span.range()], "2");
        let text = "messages = \"en\"\n";
        assert_eq!(&text[Config::parse(text).errors[0].span.range()], "\"en\"");
        // Every error has its English message.
        let text = "[rules\nx = 1\n[messages]\nlanguage = \"de\"\n";
        for e in Config::parse(text).errors {
            assert!(e.message_en.is_some(), "{e:?}");
        }
    }

    #[test]
    fn syntax_errors_are_reported_not_fatal() {
        let c = Config::parse("[rules\ndebris = \"off\"\n");
        assert!(!c.errors.is_empty());
        assert!(c.errors[0].message.contains("TOML"));
    }
}
