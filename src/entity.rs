//! What the recogniser finds: typed entities with byte spans.

use serde::Serialize;

use crate::span::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EntityKind {
    Person,
    Title,
    Organization,
    Place,
    Date,
    Document,
    Abbreviation,
    Quantity,
    Ordinal,
    /// Website debris: menus, players, comment forms, related-article lists.
    Debris,
}

impl EntityKind {
    pub const ALL: [EntityKind; 10] = [
        EntityKind::Person,
        EntityKind::Title,
        EntityKind::Organization,
        EntityKind::Place,
        EntityKind::Date,
        EntityKind::Document,
        EntityKind::Abbreviation,
        EntityKind::Quantity,
        EntityKind::Ordinal,
        EntityKind::Debris,
    ];

    pub fn name(self) -> &'static str {
        match self {
            EntityKind::Person => "person",
            EntityKind::Title => "title",
            EntityKind::Organization => "organization",
            EntityKind::Place => "place",
            EntityKind::Date => "date",
            EntityKind::Document => "document",
            EntityKind::Abbreviation => "abbreviation",
            EntityKind::Quantity => "quantity",
            EntityKind::Ordinal => "ordinal",
            EntityKind::Debris => "debris",
        }
    }

    /// The annotation class that marks this kind in an article.
    pub fn from_class(class: crate::syntax::EntityClass) -> Option<EntityKind> {
        use crate::syntax::EntityClass as C;
        Some(match class {
            C::Person => EntityKind::Person,
            C::Title => EntityKind::Title,
            C::Org => EntityKind::Organization,
            C::Place => EntityKind::Place,
            C::Date => EntityKind::Date,
            C::Doc => EntityKind::Document,
            C::Abbr => EntityKind::Abbreviation,
            C::Quantity => EntityKind::Quantity,
            C::Ordinal => EntityKind::Ordinal,
            C::Ignore => return None,
        })
    }

    pub fn class_name(self) -> &'static str {
        match self {
            EntityKind::Person => "person",
            EntityKind::Title => "title",
            EntityKind::Organization => "org",
            EntityKind::Place => "place",
            EntityKind::Date => "date",
            EntityKind::Document => "doc",
            EntityKind::Abbreviation => "abbr",
            EntityKind::Quantity => "quantity",
            EntityKind::Ordinal => "ordinal",
            EntityKind::Debris => "debris",
        }
    }
}

/// Where an entity came from; annotations always win over inference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Origin {
    /// Inferred by a pattern rule.
    Rule,
    /// Matched against an embedded or workspace lexicon.
    Lexicon,
    /// Written by the editor as a `[...]{.kind}` span.
    Annotation,
}

/// An administrative unit reference, as written or resolved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnitRef {
    /// `quận`, `phường`, `thành phố`…
    pub unit_type: Option<String>,
    pub name: Option<String>,
    /// True when the unit was not written and was taken from the article's context.
    pub from_context: bool,
}

/// A post, normalised so that spelling variants compare equal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Post {
    /// Canonical role: "Bí thư", "Phó Chủ tịch"…
    pub role: String,
    /// Canonical organ: "Quận ủy", "Ủy ban nhân dân"…
    pub organ: Option<String>,
    pub unit: Option<UnitRef>,
    /// "nguyên …": a former post.
    pub former: bool,
    /// Only one person holds it at a time.
    pub single_holder: bool,
}

impl Post {
    /// One line, the form shown to users and compared across articles:
    /// "Bí thư Quận ủy quận Hoàng Mai".
    pub fn canonical(&self) -> String {
        let mut s = self.role.clone();
        // "Trưởng ban" + "Ban Dân vận" reads "Trưởng Ban Dân vận".
        if let Some(organ) = &self.organ
            && organ.starts_with("Ban ")
            && let Some(head) = s.strip_suffix(" ban")
        {
            s = head.to_string();
        }
        if let Some(organ) = &self.organ {
            s.push(' ');
            s.push_str(organ);
        }
        if let Some(unit) = &self.unit {
            match (&unit.unit_type, &unit.name) {
                (Some(t), Some(n)) => {
                    s.push(' ');
                    s.push_str(t);
                    s.push(' ');
                    s.push_str(n);
                }
                (None, Some(n)) => {
                    s.push(' ');
                    s.push_str(n);
                }
                (Some(t), None) => {
                    s.push(' ');
                    s.push_str(t);
                }
                (None, None) => {}
            }
        }
        s
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum YearSource {
    /// Written in the date itself.
    Explicit,
    /// From the article's front matter `date`.
    FrontMatter,
    /// From a dateline in the text ("Ngày đăng 01/08/2020").
    Dateline,
    /// The latest year the article mentions (no date anywhere).
    MentionedYears,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum DateValue {
    /// A calendar day; `year` may be resolved from context.
    Day {
        year: Option<i32>,
        month: u32,
        day: u32,
        year_source: Option<YearSource>,
        /// The day exists (no 31/2).
        valid: bool,
    },
    Year {
        year: i32,
    },
    /// "nhiệm kỳ 2020-2025", "giai đoạn 2021-2025".
    Period {
        from: i32,
        to: i32,
        label: String,
    },
    /// "6 tháng đầu năm", "quý I": part of a year.
    PartOfYear {
        label: String,
        year: Option<i32>,
    },
    /// "Ất Tỵ 2025".
    Lunar {
        name: String,
        year: Option<i32>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocumentRef {
    /// "Nghị quyết", "Chỉ thị"…
    pub kind: String,
    /// "35-CT/TW", "165/2024/NĐ-CP", "06".
    pub number: String,
    /// Issuer code after the slash: "TW", "NĐ-CP", "QU".
    pub issuer: Option<String>,
    pub year: Option<i32>,
    /// Date written after it ("ngày 30/5/2019"), ISO.
    pub date: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlaceValue {
    pub unit_type: Option<String>,
    pub name: String,
    /// Gazetteer code (pre-2025 era) when known.
    pub code: Option<String>,
    /// Names from the unit up: ["phường Vĩnh Hưng", "quận Hoàng Mai", "thành phố Hà Nội"].
    pub hierarchy: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum Value {
    None,
    Person {
        name: String,
    },
    Post(Post),
    Organization {
        name: String,
    },
    Place(PlaceValue),
    Date(DateValue),
    Document(DocumentRef),
    Abbreviation {
        expansion: String,
        defined_inline: bool,
    },
    Quantity {
        amount: String,
        unit: Option<String>,
    },
    Ordinal {
        value: u32,
        numeral: String,
    },
    Debris {
        reason: String,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entity {
    pub kind: EntityKind,
    /// Source byte range.
    pub span: Span,
    pub text: String,
    pub value: Value,
    pub origin: Origin,
    /// 0.0–1.0; annotations are 1.0.
    pub confidence: f32,
    /// Indices (into the analysis' entity list) of linked entities: a
    /// person's titles, a title's person.
    pub links: Vec<usize>,
}

impl Entity {
    pub fn post(&self) -> Option<&Post> {
        match &self.value {
            Value::Post(p) => Some(p),
            _ => None,
        }
    }
}
