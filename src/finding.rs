//! Findings (diagnostics) and their fixes, in byte offsets.

use serde::Serialize;

use crate::span::Span;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    Hint,
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn name(self) -> &'static str {
        match self {
            Severity::Hint => "hint",
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// Replace `span` by `replacement`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Edit {
    pub span: Span,
    pub replacement: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fix {
    /// What the fix does, for a code-action title.
    pub title: String,
    /// The title in English (`Language::En`); `None` falls back to `title`.
    #[serde(skip)]
    pub title_en: Option<String>,
    pub edits: Vec<Edit>,
    /// Safe fixes may be applied without review (`check --fix`).
    pub safe: bool,
}

/// Another place involved in a finding (LSP `relatedInformation`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Related {
    pub span: Span,
    pub message: String,
    /// The message in English; `None` falls back to `message`.
    #[serde(skip)]
    pub message_en: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Stable rule code, e.g. `debris/website`.
    pub rule: &'static str,
    pub severity: Severity,
    pub span: Span,
    /// In Vietnamese, the default language of messages.
    pub message: String,
    /// The message in English (`Language::En`); `None` falls back to `message`.
    #[serde(skip)]
    pub message_en: Option<String>,
    pub fixes: Vec<Fix>,
    pub related: Vec<Related>,
    /// Places in *other* files involved in the finding (the workspace
    /// rules); `related` stays within this text. Front ends that know
    /// files turn these into locations (LSP `relatedInformation`).
    #[serde(skip)]
    pub elsewhere: Vec<RelatedElsewhere>,
}

/// A place in another file: its path and its position in every encoding
/// (from the workspace index, so the file need not be read again).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelatedElsewhere {
    pub path: std::path::PathBuf,
    pub position: crate::workspace::MentionPosition,
    pub message: String,
    /// The message in English; `None` falls back to `message`.
    pub message_en: Option<String>,
}

impl Finding {
    pub fn new(
        rule: &'static str,
        severity: Severity,
        span: Span,
        message: impl Into<String>,
    ) -> Self {
        Finding {
            rule,
            severity,
            span,
            message: message.into(),
            message_en: None,
            fixes: Vec::new(),
            related: Vec::new(),
            elsewhere: Vec::new(),
        }
    }

    /// A related place in another file (see [`Finding::elsewhere`]), with
    /// its message in Vietnamese and English.
    pub fn with_elsewhere(
        mut self,
        path: std::path::PathBuf,
        position: crate::workspace::MentionPosition,
        message: impl Into<String>,
        english: impl Into<String>,
    ) -> Self {
        self.elsewhere.push(RelatedElsewhere {
            path,
            position,
            message: message.into(),
            message_en: Some(english.into()),
        });
        self
    }

    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fixes.push(fix);
        self
    }

    pub fn with_related(mut self, span: Span, message: impl Into<String>) -> Self {
        self.related.push(Related {
            span,
            message: message.into(),
            message_en: None,
        });
        self
    }

    /// The English form of the message.
    pub fn en(mut self, english: impl Into<String>) -> Self {
        self.message_en = Some(english.into());
        self
    }

    /// The English form of the last related location's message.
    pub fn related_en(mut self, english: impl Into<String>) -> Self {
        if let Some(r) = self.related.last_mut() {
            r.message_en = Some(english.into());
        }
        self
    }

    /// The message in `language`, without copying the finding.
    pub fn message_in(&self, language: Language) -> &str {
        match (language, &self.message_en) {
            (Language::En, Some(en)) => en,
            _ => &self.message,
        }
    }

    /// The finding with its texts in `language`: English texts replace the
    /// Vietnamese ones where the rule gives them.
    pub fn localized(mut self, language: Language) -> Self {
        if language == Language::En {
            if let Some(en) = self.message_en.take() {
                self.message = en;
            }
            self.fixes = std::mem::take(&mut self.fixes)
                .into_iter()
                .map(|fix| fix.localized(language))
                .collect();
            for r in &mut self.related {
                if let Some(en) = r.message_en.take() {
                    r.message = en;
                }
            }
            for r in &mut self.elsewhere {
                if let Some(en) = r.message_en.take() {
                    r.message = en;
                }
            }
        }
        self
    }
}

impl Finding {
    /// What is missing or suspect in the English texts of this finding
    /// (for tests; empty when all is well): a message, fix title or related
    /// message without English, or an English text with non-ASCII letters
    /// outside quotes (“…”, "…", `…`) in a word that none of `sources` (the
    /// checked texts: proper names are copied from them) contains.
    pub fn english_problems(&self, sources: &[&str]) -> Vec<String> {
        let mut out = Vec::new();
        let mut check = |what: &str, vi: &str, en: Option<&String>| match en {
            None => out.push(format!("{}: {what} has no English: {vi}", self.rule)),
            Some(en) => {
                for word in unquoted_foreign_words(en) {
                    if !sources.iter().any(|s| s.contains(word)) {
                        out.push(format!(
                            "{}: {what} has “{word}” outside quotes: {en}",
                            self.rule
                        ));
                    }
                }
            }
        };
        check("message", &self.message, self.message_en.as_ref());
        for fix in &self.fixes {
            check("fix title", &fix.title, fix.title_en.as_ref());
        }
        for r in &self.related {
            check("related message", &r.message, r.message_en.as_ref());
        }
        out
    }
}

/// The words of `s` outside quoted parts that have a non-ASCII letter.
fn unquoted_foreign_words(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    // The closing mark of the quote we are in, if any.
    let mut closing: Option<char> = None;
    let mut word_start: Option<usize> = None;
    fn flush<'s>(s: &'s str, start: &mut Option<usize>, end: usize, out: &mut Vec<&'s str>) {
        if let Some(st) = start.take() {
            let w = &s[st..end];
            if !w.is_ascii() {
                out.push(w);
            }
        }
    }
    for (i, c) in s.char_indices() {
        if let Some(close) = closing {
            if c == close {
                closing = None;
            }
            continue;
        }
        let opens = match c {
            '“' => Some('”'),
            '"' => Some('"'),
            '`' => Some('`'),
            _ => None,
        };
        if let Some(close) = opens {
            flush(s, &mut word_start, i, &mut out);
            closing = Some(close);
            continue;
        }
        let in_word = c.is_alphanumeric() || ('\u{300}'..='\u{36f}').contains(&c);
        if in_word {
            word_start.get_or_insert(i);
        } else {
            flush(s, &mut word_start, i, &mut out);
        }
    }
    if closing.is_none() {
        flush(s, &mut word_start, s.len(), &mut out);
    }
    out
}

impl Related {
    /// The message in `language`.
    pub fn message_in(&self, language: Language) -> &str {
        match (language, &self.message_en) {
            (Language::En, Some(en)) => en,
            _ => &self.message,
        }
    }
}

impl Fix {
    /// The title in `language`.
    pub fn title_in(&self, language: Language) -> &str {
        match (language, &self.title_en) {
            (Language::En, Some(en)) => en,
            _ => &self.title,
        }
    }

    /// The English form of the title.
    pub fn en(mut self, english: impl Into<String>) -> Self {
        self.title_en = Some(english.into());
        self
    }

    /// The fix with its title in `language` (for fixes made outside a
    /// finding, such as the server's suppression code action).
    pub fn localized(mut self, language: Language) -> Self {
        if language == Language::En
            && let Some(en) = self.title_en.take()
        {
            self.title = en;
        }
        self
    }
}

/// The language of messages, fix titles and rule summaries.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Language {
    /// Vietnamese, the default.
    #[default]
    Vi,
    En,
}

impl Language {
    /// `"vi"` or `"en"` (case-insensitive); `None` for anything else.
    pub fn parse(s: &str) -> Option<Language> {
        match s.trim().to_ascii_lowercase().as_str() {
            "vi" => Some(Language::Vi),
            "en" => Some(Language::En),
            _ => None,
        }
    }

    /// `"vi"` or `"en"`.
    pub fn code(self) -> &'static str {
        match self {
            Language::Vi => "vi",
            Language::En => "en",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn foreign_words_outside_quotes() {
        assert!(unquoted_foreign_words("Use “số” instead of `sô` or \"phường\".").is_empty());
        assert_eq!(
            unquoted_foreign_words("Nguyễn Văn A holds “Bí thư”; sửa it"),
            vec!["Nguyễn", "Văn", "sửa"]
        );
        let f = Finding::new("x/y", Severity::Info, Span::new(0, 1), "Sửa")
            .en("Anh Tú is here")
            .with_related(Span::new(0, 1), "Đây");
        let problems = f.english_problems(&["ông Anh Tú"]);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].contains("related message has no English"));
        assert!(
            f.english_problems(&["Anh Tu"])[0].contains("“Tú” outside quotes"),
            "{:?}",
            f.english_problems(&["Anh Tu"])
        );
    }

    #[test]
    fn localized_switches_every_text() {
        let f = Finding::new("x/y", Severity::Info, Span::new(0, 1), "Sai")
            .en("Wrong")
            .with_related(Span::new(0, 1), "Đây")
            .related_en("Here")
            .with_fix(Fix {
                title: "Sửa".into(),
                title_en: Some("Fix".into()),
                edits: Vec::new(),
                safe: true,
            });
        assert_eq!(f.message_in(Language::En), "Wrong");
        assert_eq!(f.message_in(Language::Vi), "Sai");
        let en = f.clone().localized(Language::En);
        assert_eq!(
            (
                en.message.as_str(),
                en.fixes[0].title.as_str(),
                en.related[0].message.as_str()
            ),
            ("Wrong", "Fix", "Here")
        );
        assert_eq!(f.clone().localized(Language::Vi), f);
    }
}
