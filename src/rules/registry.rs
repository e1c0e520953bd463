//! Titles against the registry of officials (`officials.toml`): a post the
//! article gives someone that, by the registry, someone else held on the
//! article's date, or that the person held only at another time.
//!
//! The registry is the newsroom's own curated list, so a contradiction is
//! worth a warning; but it is never complete, so silence is the rule
//! whenever it does not speak: no article date, a former post ("nguyên"),
//! a post with several holders, a post or a person it does not list.

use super::RuleInfo;
use crate::entity::{EntityKind, Value};
use crate::finding::{Finding, Severity};
use crate::recognize::Recognition;
use crate::registry::{Registry, RegistryPerson, post_key};
use crate::text::vietnamese::phrase_key;

pub const HOLDER: RuleInfo = RuleInfo {
    code: "title/registry-holder",
    default_severity: Severity::Warning,
    summary: "Chức vụ chỉ một người giữ mà theo danh sách cán bộ (officials.toml) vào ngày của bài do người khác giữ, hoặc người này chỉ giữ vào thời gian khác.",
    summary_en: "A single-holder post that, by the registry of officials (officials.toml), someone else held on the article's date, or that this person held only at another time.",
};

fn knows(person: &RegistryPerson, name_key: &str) -> bool {
    phrase_key(&person.name) == name_key || person.aliases.iter().any(|a| phrase_key(a) == name_key)
}

fn term(p: &crate::registry::RegistryPost) -> String {
    let from = p.from.map_or_else(|| "?".to_string(), |d| d.to_string());
    let to = p.to.map_or_else(|| "nay".to_string(), |d| d.to_string());
    format!("{from} – {to}")
}

fn term_en(p: &crate::registry::RegistryPost) -> String {
    let from = p.from.map_or_else(|| "?".to_string(), |d| d.to_string());
    let to =
        p.to.map_or_else(|| "present".to_string(), |d| d.to_string());
    format!("{from} – {to}")
}

pub fn check(recognition: &Recognition, registry: &Registry, out: &mut Vec<Finding>) {
    if registry.is_empty() {
        return;
    }
    let Some(date) = recognition.metadata.date else {
        return;
    };
    let day = (date.year, date.month, date.day);
    let es = &recognition.entities;
    for person in es.iter().filter(|e| e.kind == EntityKind::Person) {
        let Value::Person { name } = &person.value else {
            continue;
        };
        // Initials ("Nguyễn X. Linh") make a name that cannot be compared.
        if name
            .split_whitespace()
            .any(|w| w.trim_end_matches('.').chars().count() < 2)
        {
            continue;
        }
        let name_key = phrase_key(name);
        for title in person.links.iter().filter_map(|&i| es.get(i)) {
            let Some(post) = title.post() else {
                continue;
            };
            if post.former || title.kind != EntityKind::Title {
                continue;
            }
            let key = post_key(post);
            let all = registry.holders(&key);
            if all.is_empty() {
                continue; // the registry does not list this post
            }
            // Single holder by the registry's entries (they may override the lexicon).
            if !all.iter().all(|(_, p)| p.single_holder) {
                continue;
            }
            let at: Vec<_> = all.iter().filter(|(_, p)| p.covers(day)).collect();
            if at.iter().any(|(who, _)| knows(who, &name_key)) {
                continue;
            }
            let canonical = post.canonical();
            if !at.is_empty() {
                let names: Vec<String> = at
                    .iter()
                    .map(|(who, p)| format!("{} ({})", who.name, term(p)))
                    .collect();
                out.push(
                    Finding::new(
                        HOLDER.code,
                        HOLDER.default_severity,
                        title.span,
                        format!(
                            "Theo danh sách cán bộ, ngày {} người giữ chức {canonical} là {}, không phải {name}.",
                            date.iso(),
                            names.join(", ")
                        ),
                    )
                    .en(format!(
                        "By the registry of officials, on {} the post “{canonical}” was held by {}, not {name}.",
                        date.iso(),
                        at.iter()
                            .map(|(who, p)| format!("{} ({})", who.name, term_en(p)))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ))
                    .with_related(person.span, format!("{name} được ghi giữ chức này"))
                    .related_en(format!("{name} is given this post here")),
                );
                continue;
            }
            // Nobody listed on that date: speak only if the registry lists
            // this very person in the post at other times.
            let own: Vec<String> = all
                .iter()
                .filter(|(who, _)| knows(who, &name_key))
                .map(|(_, p)| term(p))
                .collect();
            if !own.is_empty() {
                out.push(
                    Finding::new(
                        HOLDER.code,
                        HOLDER.default_severity,
                        title.span,
                        format!(
                            "Theo danh sách cán bộ, {name} giữ chức {canonical} trong thời gian {}, không phải vào ngày {} của bài (thiếu “nguyên”?).",
                            own.join("; "),
                            date.iso()
                        ),
                    )
                    .en(format!(
                        "By the registry of officials, {name} held the post “{canonical}” during {}, not on the article's date {} (is “nguyên” missing?).",
                        all.iter()
                            .filter(|(who, _)| knows(who, &name_key))
                            .map(|(_, p)| term_en(p))
                            .collect::<Vec<_>>()
                            .join("; "),
                        date.iso()
                    ))
                    .with_related(person.span, name.clone())
                    .related_en(name.clone()),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::{SourceFormat, parse};

    const REGISTRY: &str = r#"
[[person]]
id = "nguyen-xuan-linh"
name = "Nguyễn Xuân Linh"
aliases = ["Nguyễn X. Linh", "Nguyễn Xuân Lĩnh"]
[[person.post]]
title = "Bí thư Quận ủy quận Hoàng Mai"
from = "2020-07"
to = "2021-05"

[[person]]
id = "nguyen-quang-hieu"
name = "Nguyễn Quang Hiếu"
[[person.post]]
title = "Bí thư Quận ủy quận Hoàng Mai"
from = "2021-06"

[[person]]
id = "tran-van-nam"
name = "Trần Văn Nam"
[[person.post]]
title = "Phó Chủ tịch UBND quận Hoàng Mai"
from = "2019-01"
"#;

    fn findings(text: &str) -> Vec<Finding> {
        let (registry, errors) = Registry::parse(REGISTRY, None);
        assert!(errors.is_empty(), "{errors:?}");
        let article = parse(text, SourceFormat::Article);
        let recognition = crate::recognize::recognize(&article);
        let mut out = Vec::new();
        check(&recognition, &registry, &mut out);
        out
    }

    fn article(date: &str, body: &str) -> String {
        format!("---\ndate: {date}\n---\n# Tin\n\n{body}\n")
    }

    #[test]
    fn someone_else_held_the_post_that_day() {
        let text = article(
            "2022-03-01",
            "Bí thư Quận ủy Hoàng Mai Nguyễn Xuân Linh dự hội nghị.",
        );
        let f = findings(&text);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(&text[f[0].span.range()], "Bí thư Quận ủy Hoàng Mai");
        assert!(
            f[0].message.contains("Nguyễn Quang Hiếu (2021-06 – nay)"),
            "{}",
            f[0].message
        );
        assert_eq!(&text[f[0].related[0].span.range()], "Nguyễn Xuân Linh");
    }

    #[test]
    fn the_person_held_it_only_at_another_time() {
        let text = article(
            "2021-06-15",
            "Đồng chí Nguyễn Quang Hiếu, Bí thư Quận ủy Hoàng Mai, chủ trì.",
        );
        assert!(findings(&text).is_empty(), "Hiếu holds it from 2021-06");
        let text = article(
            "2019-03-01",
            "Bí thư Quận ủy Hoàng Mai Nguyễn Xuân Linh phát biểu.",
        );
        let f = findings(&text);
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(
            f[0].message.contains("2020-07 – 2021-05"),
            "{}",
            f[0].message
        );
    }

    #[test]
    fn silent_when_the_registry_agrees_or_does_not_speak() {
        for (date, body) in [
            // Right holder, spelled with old tone placement and NFD.
            (
                "2020-09-01",
                "Bí thư Quận uỷ Hoàng Mai Nguye\u{302}\u{303}n Xuân Linh phát biểu.",
            ),
            // Alias.
            (
                "2020-09-01",
                "Bí thư Quận ủy Hoàng Mai Nguyễn X. Linh phát biểu.",
            ),
            // Former post.
            (
                "2023-01-01",
                "Nguyễn Xuân Linh, nguyên Bí thư Quận ủy Hoàng Mai, dự lễ.",
            ),
            // A post the registry does not list.
            (
                "2023-01-01",
                "Bí thư Quận ủy Thanh Xuân Nguyễn Xuân Linh dự lễ.",
            ),
            // Several holders possible (deputy): never judged.
            (
                "2023-01-01",
                "Phó Chủ tịch UBND quận Hoàng Mai Lê Văn Bình dự lễ.",
            ),
        ] {
            let f = findings(&article(date, body));
            assert!(f.is_empty(), "{date} {body}: {f:?}");
        }
        // No article date: nothing to compare with.
        let f = findings("# Tin\n\nBí thư Quận ủy Hoàng Mai Nguyễn Xuân Linh dự lễ.\n");
        assert!(f.is_empty(), "{f:?}");
    }
}
