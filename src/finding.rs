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
        }
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
        }
        self
    }
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
