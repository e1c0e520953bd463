//! YAML front matter between `---` lines at the top of an article.
//!
//! Parsed with `saphyr` (maintained; `serde_yaml` is archived). Every
//! problem becomes a [`SyntaxError`] with a byte range in the article;
//! nothing here panics on input.

use saphyr::{LoadableYamlNode, MarkedYaml, Scalar, YamlData};

use super::SyntaxError;
use crate::span::Span;

/// Front matter above this size is not parsed (a scraped page pasted into
/// the header must not stall the editor).
pub const MAX_FRONT_MATTER_BYTES: usize = 64 * 1024;
/// Deeper flow nesting than this is refused before the YAML parser sees it.
const MAX_NESTING: usize = 32;

#[derive(Debug, Clone, PartialEq)]
pub enum FieldValue {
    Text(String),
    Integer(i64),
    Bool(bool),
    List(Vec<String>),
    Other,
}

impl FieldValue {
    pub fn as_text(&self) -> Option<String> {
        match self {
            FieldValue::Text(s) => Some(s.clone()),
            FieldValue::Integer(i) => Some(i.to_string()),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub key: String,
    pub key_span: Span,
    pub value: FieldValue,
    pub value_span: Span,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct FrontMatter {
    /// From the opening `---` to the end of the closing line.
    pub span: Span,
    /// The YAML text between the fences.
    pub yaml_span: Span,
    pub fields: Vec<Field>,
}

impl FrontMatter {
    pub fn get(&self, key: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.key == key)
    }
}

/// Finds the front matter at the start of `text`. Returns `None` when the text
/// does not open with a `---` line. An unclosed block is an error and the
/// whole text is then treated as body.
pub fn parse(text: &str, errors: &mut Vec<SyntaxError>) -> Option<FrontMatter> {
    let first_line_end = text.find('\n').map_or(text.len(), |i| i + 1);
    if text[..first_line_end].trim_end() != "---" {
        return None;
    }
    let yaml_start = first_line_end;
    let mut pos = yaml_start;
    let mut close = None;
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i + 1);
        let line = text[pos..end].trim_end();
        if line == "---" || line == "..." {
            close = Some((pos, end));
            break;
        }
        pos = end;
    }
    let Some((close_start, close_end)) = close else {
        errors.push(
            SyntaxError::new(
                Span::new(0, first_line_end.min(3)),
                "front-matter/unclosed",
                "Phần đầu (front matter) mở bằng `---` nhưng không có dòng `---` đóng lại.",
            )
            .en("The front matter opens with `---` but has no closing `---` line."),
        );
        return None;
    };
    let mut fm = FrontMatter {
        span: Span::new(0, close_end),
        yaml_span: Span::new(yaml_start, close_start),
        fields: Vec::new(),
    };
    let yaml = &text[yaml_start..close_start];
    if yaml.len() > MAX_FRONT_MATTER_BYTES {
        errors.push(
            SyntaxError::new(
                Span::new(0, 3),
                "front-matter/too-large",
                format!(
                    "Phần đầu dài {} byte, vượt giới hạn {} byte nên không được đọc.",
                    yaml.len(),
                    MAX_FRONT_MATTER_BYTES
                ),
            )
            .en(format!(
                "The front matter is {} bytes long, over the {}-byte limit, so it was not read.",
                yaml.len(),
                MAX_FRONT_MATTER_BYTES
            )),
        );
        return Some(fm);
    }
    if flow_nesting_depth(yaml) > MAX_NESTING {
        errors.push(
            SyntaxError::new(
                Span::new(0, 3),
                "front-matter/too-deep",
                "Phần đầu lồng nhau quá sâu nên không được đọc.",
            )
            .en("The front matter is nested too deeply, so it was not read."),
        );
        return Some(fm);
    }
    let to_byte = CharToByte::new(yaml, yaml_start);
    match MarkedYaml::load_from_str(yaml) {
        Err(err) => {
            let at = to_byte.byte(err.marker().index());
            let end = next_char_end(text, at, close_start);
            errors.push(
                SyntaxError::new(
                    Span::new(at, end),
                    "front-matter/syntax",
                    format!("Lỗi cú pháp YAML trong phần đầu: {}", err.info()),
                )
                .en(format!(
                    "YAML syntax error in the front matter: {}",
                    err.info()
                )),
            );
        }
        Ok(docs) => match docs.first().map(|d| &d.data) {
            None | Some(YamlData::Value(Scalar::Null)) => {}
            Some(YamlData::Mapping(map)) => {
                for (key, value) in map.iter() {
                    let key_span = to_byte.span(&key.span);
                    let Some(key_text) = scalar_text(&key.data) else {
                        errors.push(
                            SyntaxError::new(
                                key_span,
                                "front-matter/key",
                                "Khóa trong phần đầu phải là một chuỗi.",
                            )
                            .en("A front-matter key must be a string."),
                        );
                        continue;
                    };
                    fm.fields.push(Field {
                        key: key_text,
                        key_span,
                        value: field_value(&value.data),
                        value_span: to_byte.span(&value.span),
                    });
                }
                validate_known_fields(&fm, errors);
            }
            Some(_) => errors.push(
                SyntaxError::new(
                    fm.yaml_span,
                    "front-matter/not-a-mapping",
                    "Phần đầu phải là các cặp `khóa: giá trị`.",
                )
                .en("The front matter must be `key: value` pairs."),
            ),
        },
    }
    Some(fm)
}

fn validate_known_fields(fm: &FrontMatter, errors: &mut Vec<SyntaxError>) {
    for field in &fm.fields {
        match field.key.as_str() {
            "date" => {
                let ok = field
                    .value
                    .as_text()
                    .is_some_and(|v| crate::recognize::dates::parse_iso_date(&v).is_some());
                if !ok {
                    errors.push(SyntaxError::new(
                        field.value_span,
                        "front-matter/date",
                        "`date` phải là ngày ISO 8601, ví dụ `2025-02-13` hoặc `2025-02-13T16:20:00+07:00`.",
                    ).en("`date` must be an ISO 8601 date, e.g. `2025-02-13` or `2025-02-13T16:20:00+07:00`."));
                }
            }
            "title" | "source" | "url" if field.value.as_text().is_none() => {
                errors.push(
                    SyntaxError::new(
                        field.value_span,
                        "front-matter/type",
                        format!("`{}` phải là một chuỗi.", field.key),
                    )
                    .en(format!("`{}` must be a string.", field.key)),
                );
            }
            "authors" if !matches!(field.value, FieldValue::Text(_) | FieldValue::List(_)) => {
                errors.push(
                    SyntaxError::new(
                        field.value_span,
                        "front-matter/type",
                        "`authors` phải là một chuỗi hoặc một danh sách chuỗi.",
                    )
                    .en("`authors` must be a string or a list of strings."),
                );
            }
            _ => {}
        }
    }
}

fn scalar_text<'a>(data: &YamlData<'a, MarkedYaml<'a>>) -> Option<String> {
    match data {
        YamlData::Value(Scalar::String(s)) => Some(s.to_string()),
        YamlData::Value(Scalar::Integer(i)) => Some(i.to_string()),
        YamlData::Value(Scalar::Boolean(b)) => Some(b.to_string()),
        YamlData::Value(Scalar::FloatingPoint(f)) => Some(f.to_string()),
        _ => None,
    }
}

fn field_value<'a>(data: &YamlData<'a, MarkedYaml<'a>>) -> FieldValue {
    match data {
        YamlData::Value(Scalar::String(s)) => FieldValue::Text(s.to_string()),
        YamlData::Value(Scalar::Integer(i)) => FieldValue::Integer(*i),
        YamlData::Value(Scalar::Boolean(b)) => FieldValue::Bool(*b),
        YamlData::Sequence(items) => {
            FieldValue::List(items.iter().filter_map(|i| scalar_text(&i.data)).collect())
        }
        _ => FieldValue::Other,
    }
}

fn flow_nesting_depth(yaml: &str) -> usize {
    let (mut depth, mut max) = (0usize, 0usize);
    for b in yaml.bytes() {
        match b {
            b'[' | b'{' => {
                depth += 1;
                max = max.max(depth);
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    max
}

fn next_char_end(text: &str, at: usize, limit: usize) -> usize {
    text[at.min(text.len())..]
        .chars()
        .next()
        .map_or(at, |c| (at + c.len_utf8()).min(limit.max(at)))
}

/// saphyr reports positions in characters; the rest of bientap in bytes.
struct CharToByte {
    char_starts: Vec<usize>,
    base: usize,
    len: usize,
}

impl CharToByte {
    fn new(s: &str, base: usize) -> Self {
        CharToByte {
            char_starts: s.char_indices().map(|(b, _)| b).collect(),
            base,
            len: s.len(),
        }
    }

    fn byte(&self, char_index: usize) -> usize {
        self.base
            + self
                .char_starts
                .get(char_index)
                .copied()
                .unwrap_or(self.len)
    }

    fn span(&self, span: &saphyr_parser::Span) -> Span {
        let start = self.byte(span.start.index());
        let end = self.byte(span.end.index()).max(start);
        Span::new(start, end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> (Option<FrontMatter>, Vec<SyntaxError>) {
        let mut errors = Vec::new();
        (parse(text, &mut errors), errors)
    }

    #[test]
    fn reads_fields_with_positions() {
        let text =
            "---\ntitle: Hội nghị lần thứ 22\ndate: 2025-02-13\nauthors: [Hoa Thành]\n---\nBody";
        let (fm, errors) = run(text);
        assert!(errors.is_empty(), "{errors:?}");
        let fm = fm.unwrap();
        let title = fm.get("title").unwrap();
        assert_eq!(title.value, FieldValue::Text("Hội nghị lần thứ 22".into()));
        assert_eq!(&text[title.value_span.range()], "Hội nghị lần thứ 22");
        assert_eq!(
            fm.get("authors").unwrap().value,
            FieldValue::List(vec!["Hoa Thành".into()])
        );
        assert_eq!(&text[fm.span.end..], "Body");
    }

    #[test]
    fn syntax_error_points_into_the_yaml() {
        let text = "---\ntitle: \"chưa đóng\ndate: 2025-02-13\n---\nBody";
        let (fm, errors) = run(text);
        assert!(fm.is_some());
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].code, "front-matter/syntax");
        assert!(
            errors[0].span.start >= 4 && errors[0].span.end <= text.find("\n---\n").unwrap() + 1
        );
    }

    #[test]
    fn bad_date_is_reported_on_its_value() {
        let text = "---\ndate: 31/2/2025\n---\n";
        let (_, errors) = run(text);
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].code, "front-matter/date");
        assert_eq!(&text[errors[0].span.range()], "31/2/2025");
    }

    #[test]
    fn unclosed_and_absent() {
        let (fm, errors) = run("---\ntitle: x\n");
        assert!(fm.is_none());
        assert_eq!(errors[0].code, "front-matter/unclosed");
        let (fm, errors) = run("Tiêu đề\n---\n");
        assert!(fm.is_none() && errors.is_empty());
    }

    #[test]
    fn hostile_nesting_is_refused() {
        let yaml = format!("---\nk: {}{}\n---\n", "[".repeat(5000), "]".repeat(5000));
        let (_, errors) = run(&yaml);
        assert_eq!(errors[0].code, "front-matter/too-deep");
    }
}
