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

    /// The finding with its texts in `language`: English texts replace the
    /// Vietnamese ones where the rule gives them.
    pub fn localized(mut self, language: Language) -> Self {
        if language == Language::En {
            if let Some(en) = self.message_en.take() {
                self.message = en;
            }
            for fix in &mut self.fixes {
                if let Some(en) = fix.title_en.take() {
                    fix.title = en;
                }
            }
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

impl Fix {
    /// The English form of the title.
    pub fn en(mut self, english: impl Into<String>) -> Self {
        self.title_en = Some(english.into());
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
}
