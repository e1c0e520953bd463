//! Reading `officials.toml` with positioned errors.

use std::collections::HashMap;
use std::path::Path;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::{
    PartialDate, Registry, RegistryPerson, RegistryPost, duplicate_id, error, normalize_title,
    post_key,
};
use crate::entity::Post;
use crate::finding::Finding;
use crate::span::Span;

fn span_of<T>(s: &Spanned<T>) -> Span {
    let r = s.span();
    Span::new(r.start, r.end)
}

fn type_name(v: &DeValue) -> &'static str {
    match v {
        DeValue::String(_) => "một chuỗi",
        DeValue::Integer(_) => "một số nguyên",
        DeValue::Float(_) => "một số thực",
        DeValue::Boolean(_) => "một giá trị đúng/sai",
        DeValue::Datetime(_) => "một ngày giờ TOML",
        DeValue::Array(_) => "một mảng",
        DeValue::Table(_) => "một bảng",
    }
}

fn type_name_en(v: &DeValue) -> &'static str {
    match v {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a TOML datetime",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

struct Parser<'f> {
    findings: Vec<Finding>,
    /// Title text → its post, so a title repeated across people is
    /// recognised once.
    titles: HashMap<String, Option<(Post, String)>>,
    file: Option<&'f Path>,
}

pub(super) fn parse(text: &str, file: Option<&Path>) -> (Registry, Vec<Finding>) {
    let mut p = Parser {
        findings: Vec::new(),
        titles: HashMap::new(),
        file,
    };
    let mut registry = Registry::default();
    let (table, parse_errors) = DeTable::parse_recoverable(text);
    for e in parse_errors {
        let r = e.span().unwrap_or(0..0);
        p.findings.push(
            error(
                clamp(text, Span::new(r.start, r.end)),
                format!("Lỗi cú pháp TOML: {}", e.message().trim_end()),
            )
            .en(format!("TOML syntax error: {}", e.message().trim_end())),
        );
    }
    for (key, value) in table.get_ref().iter() {
        match (key.get_ref().as_ref(), value.get_ref()) {
            ("person", DeValue::Array(items)) => {
                for item in items.iter() {
                    match item.get_ref() {
                        DeValue::Table(t) => {
                            if let Some(person) = p.person(t, span_of(item)) {
                                if let Some(&first) = registry.by_id.get(&person.id) {
                                    let first = &registry.people[first];
                                    p.findings.push(duplicate_id(&person, first));
                                } else {
                                    registry.push(person);
                                }
                            }
                        }
                        other => p.findings.push(error(
                            span_of(item),
                            format!(
                                "Mỗi người phải là một bảng [[person]], không phải {}.",
                                type_name(other)
                            ),
                        ).en(format!(
                            "Each person must be a [[person]] table, not {}.",
                            type_name_en(other)
                        ))),
                    }
                }
            }
            ("person", other) => p.findings.push(error(
                span_of(value),
                format!(
                    "`person` phải là một mảng bảng [[person]], không phải {}.",
                    type_name(other)
                ),
            ).en(format!(
                "`person` must be an array of [[person]] tables, not {}.",
                type_name_en(other)
            ))),
            (other, _) => p.findings.push(error(
                span_of(key),
                format!(
                    "Khóa không hợp lệ: “{other}” (danh sách cán bộ chỉ gồm các bảng [[person]])."
                ),
            ).en(format!(
                "Invalid key: “{other}” (the registry holds only [[person]] tables)."
            ))),
        }
    }
    let mut findings = p.findings;
    findings.sort_by_key(|f| (f.span.start, f.span.end));
    (registry, findings)
}

/// Error spans from the TOML parser may end past the text on truncated input.
fn clamp(text: &str, span: Span) -> Span {
    let mut end = span.end.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let mut start = span.start.min(end);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    Span::new(start, end)
}

impl Parser<'_> {
    fn push(&mut self, span: Span, message: impl Into<String>, english: impl Into<String>) {
        self.findings.push(error(span, message).en(english));
    }

    /// A required or optional string; a wrong type is reported and gives `None`.
    fn string(&mut self, value: &Spanned<DeValue>, key: &str) -> Option<String> {
        match value.get_ref() {
            DeValue::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
            DeValue::String(_) => {
                self.push(
                    span_of(value),
                    format!("`{key}` không được để trống."),
                    format!("`{key}` must not be empty."),
                );
                None
            }
            other => {
                self.push(
                    span_of(value),
                    format!(
                        "`{key}` phải là một chuỗi, không phải {}.",
                        type_name(other)
                    ),
                    format!("`{key}` must be a string, not {}.", type_name_en(other)),
                );
                None
            }
        }
    }

    fn strings(&mut self, value: &Spanned<DeValue>, key: &str) -> Vec<String> {
        match value.get_ref() {
            DeValue::Array(items) => items
                .iter()
                .filter_map(|item| self.string(item, key))
                .collect(),
            other => {
                self.push(
                    span_of(value),
                    format!(
                        "`{key}` phải là một mảng chuỗi, không phải {}.",
                        type_name(other)
                    ),
                    format!(
                        "`{key}` must be an array of strings, not {}.",
                        type_name_en(other)
                    ),
                );
                Vec::new()
            }
        }
    }

    fn person(&mut self, t: &DeTable, span: Span) -> Option<RegistryPerson> {
        let mut id = None;
        let mut name = None;
        let mut aliases = Vec::new();
        let mut note = None;
        let mut posts = Vec::new();
        let mut broken = false;
        for (key, value) in t.iter() {
            match key.get_ref().as_ref() {
                "id" => match self.string(value, "id") {
                    Some(s) if is_valid_id(&s) => id = Some((s, span_of(value))),
                    Some(s) => {
                        self.push(
                            span_of(value),
                            format!("Id “{s}” chỉ được gồm chữ thường không dấu, chữ số và dấu gạch ngang (a-z, 0-9, -)."),
                            format!("Id “{s}” may contain only unaccented lower-case letters, digits and hyphens (a-z, 0-9, -)."),
                        );
                        broken = true;
                    }
                    None => broken = true,
                },
                "name" => match self.string(value, "name") {
                    Some(s) => name = Some((s, span_of(value))),
                    None => broken = true,
                },
                "aliases" => aliases = self.strings(value, "aliases"),
                "note" => note = self.string(value, "note"),
                "post" => match value.get_ref() {
                    DeValue::Array(items) => {
                        for item in items.iter() {
                            match item.get_ref() {
                                DeValue::Table(pt) => {
                                    if let Some(post) = self.post(pt, span_of(item)) {
                                        posts.push(post);
                                    }
                                }
                                other => self.push(
                                    span_of(item),
                                    format!(
                                        "Mỗi chức vụ phải là một bảng [[person.post]], không phải {}.",
                                        type_name(other)
                                    ),
                                    format!(
                                        "Each post must be a [[person.post]] table, not {}.",
                                        type_name_en(other)
                                    ),
                                ),
                            }
                        }
                    }
                    other => self.push(
                        span_of(value),
                        format!(
                            "`post` phải là một mảng bảng [[person.post]], không phải {}.",
                            type_name(other)
                        ),
                        format!(
                            "`post` must be an array of [[person.post]] tables, not {}.",
                            type_name_en(other)
                        ),
                    ),
                },
                other => self.push(
                    span_of(key),
                    format!("Khóa không hợp lệ trong [[person]]: “{other}” (nhận id, name, aliases, note, post)."),
                    format!("Invalid key in [[person]]: “{other}” (accepted: id, name, aliases, note, post)."),
                ),
            }
        }
        if broken {
            return None;
        }
        let (Some((id, id_span)), Some((name, name_span))) = (id.clone(), name.clone()) else {
            let missing = match (&id, &name) {
                (None, None) => "`id` và `name`",
                (None, _) => "`id`",
                _ => "`name`",
            };
            let missing_en = missing.replace(" và ", " and ");
            self.push(
                span,
                format!("Thiếu {missing} trong [[person]]."),
                format!("[[person]] is missing {missing_en}."),
            );
            return None;
        };
        Some(RegistryPerson {
            id,
            name,
            aliases,
            note,
            posts,
            span: name_span,
            id_span,
            file: self.file.map(Path::to_path_buf),
        })
    }

    fn date(&mut self, value: &Spanned<DeValue>, key: &str) -> Result<PartialDate, ()> {
        match value.get_ref() {
            DeValue::String(s) => PartialDate::parse(s.trim()).ok_or_else(|| {
                self.push(
                    span_of(value),
                    format!("Ngày `{key}` “{s}” không hợp lệ: viết \"YYYY\", \"YYYY-MM\" hoặc \"YYYY-MM-DD\" (ngày có thật)."),
                    format!("Invalid `{key}` date “{s}”: write \"YYYY\", \"YYYY-MM\" or \"YYYY-MM-DD\" (a real date)."),
                );
            }),
            other => {
                self.push(
                    span_of(value),
                    format!(
                        "`{key}` phải là một chuỗi \"YYYY\", \"YYYY-MM\" hoặc \"YYYY-MM-DD\", không phải {}.",
                        type_name(other)
                    ),
                    format!(
                        "`{key}` must be a string \"YYYY\", \"YYYY-MM\" or \"YYYY-MM-DD\", not {}.",
                        type_name_en(other)
                    ),
                );
                Err(())
            }
        }
    }

    fn post(&mut self, t: &DeTable, span: Span) -> Option<RegistryPost> {
        let mut title = None;
        let mut from = None;
        let mut to = None;
        let mut sources = Vec::new();
        let mut single_holder = None;
        let mut broken = false;
        for (key, value) in t.iter() {
            match key.get_ref().as_ref() {
                "title" => match self.string(value, "title") {
                    Some(s) => title = Some((s, span_of(value))),
                    None => broken = true,
                },
                "from" => match self.date(value, "from") {
                    Ok(d) => from = Some((d, span_of(value))),
                    Err(()) => broken = true,
                },
                "to" => match self.date(value, "to") {
                    Ok(d) => to = Some((d, span_of(value))),
                    Err(()) => broken = true,
                },
                "sources" => sources = self.strings(value, "sources"),
                "single_holder" => match value.get_ref() {
                    DeValue::Boolean(b) => single_holder = Some(*b),
                    other => self.push(
                        span_of(value),
                        format!(
                            "`single_holder` phải là true hoặc false, không phải {}.",
                            type_name(other)
                        ),
                        format!(
                            "`single_holder` must be true or false, not {}.",
                            type_name_en(other)
                        ),
                    ),
                },
                other => self.push(
                    span_of(key),
                    format!("Khóa không hợp lệ trong [[person.post]]: “{other}” (nhận title, from, to, sources, single_holder)."),
                    format!("Invalid key in [[person.post]]: “{other}” (accepted: title, from, to, sources, single_holder)."),
                ),
            }
        }
        if broken {
            return None;
        }
        let Some((title, title_span)) = title else {
            self.push(
                span,
                "Thiếu `title` trong [[person.post]].",
                "[[person.post]] is missing `title`.",
            );
            return None;
        };
        if let (Some((f, _)), Some((t, to_span))) = (from, to)
            && f.first_day() > t.last_day()
        {
            self.push(
                to_span,
                format!("Ngày kết thúc {t} trước ngày bắt đầu {f}."),
                format!("The end date {t} is before the start date {f}."),
            );
            return None;
        }
        let known = match self.titles.get(&title) {
            Some(cached) => cached.clone(),
            None => {
                let known = normalize_title(&title).map(|p| {
                    let key = post_key(&p);
                    (p, key)
                });
                self.titles.insert(title.clone(), known.clone());
                known
            }
        };
        let Some((mut post, key)) = known else {
            self.push(
                title_span,
                format!("Không nhận ra chức vụ trong “{title}”: hãy viết chức vụ đầy đủ như trong bài báo (ví dụ “Bí thư Quận ủy quận Hoàng Mai”)."),
                format!("No post recognised in “{title}”: write the full post as an article would (e.g. “Bí thư Quận ủy quận Hoàng Mai”)."),
            );
            return None;
        };
        let single_holder = single_holder.unwrap_or(post.single_holder);
        post.single_holder = single_holder;
        Some(RegistryPost {
            key,
            title,
            post,
            from: from.map(|(d, _)| d),
            to: to.map(|(d, _)| d),
            sources,
            single_holder,
            span: title_span,
        })
    }
}

fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}
