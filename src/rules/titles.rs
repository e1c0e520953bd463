//! Titles within one article: a person given two posts that cannot both be
//! true (Chủ tịch and Phó Chủ tịch of the same body), and two people given
//! the same single-holder post.
//!
//! People legitimately hold several posts (Bí thư Quận ủy and Chủ tịch
//! HĐND quận; Thành ủy viên and Bí thư Quận ủy), so only posts of the
//! *same organ and unit* on the *same ladder* can conflict, and a former
//! post ("nguyên …") never conflicts with a current one.

use std::collections::HashMap;

use super::RuleInfo;
use crate::entity::{Entity, EntityKind, Post, Value};
use crate::finding::{Edit, Finding, Fix, Severity};
use crate::recognize::Recognition;
use crate::text::vietnamese::phrase_key;

pub const CONFLICT: RuleInfo = RuleInfo {
    code: "title/conflict",
    default_severity: Severity::Warning,
    summary: "Một người được ghi hai chức vụ mâu thuẫn trong cùng một cơ quan (ví dụ Chủ tịch và Phó Chủ tịch UBND quận).",
    summary_en: "One person is given two conflicting posts in the same body (e.g. Chairman and Vice Chairman of the district People's Committee).",
};

pub const SINGLE_HOLDER: RuleInfo = RuleInfo {
    code: "title/single-holder",
    default_severity: Severity::Warning,
    summary: "Hai người khác nhau cùng được ghi giữ một chức vụ chỉ có một người đảm nhiệm (Bí thư, Chủ tịch…) trong cùng bài.",
    summary_en: "Two different people are given the same single-holder post (Secretary, Chairman…) in one article.",
};

/// The body a post belongs to, for comparison: organ and unit keys. A unit
/// taken from context counts as the same as a written one.
type BodyKey = (String, Option<String>);
/// A mention's rung on a role ladder (`None` when former or off-ladder)
/// and its body key.
type Rung = (Option<(&'static str, u8)>, Option<BodyKey>);

fn body_key(p: &Post) -> Option<BodyKey> {
    let organ = phrase_key(p.organ.as_ref()?);
    let unit = p
        .unit
        .as_ref()
        .and_then(|u| u.name.as_ref())
        .map(|n| phrase_key(n));
    Some((organ, unit))
}

/// Role ladders: (head, deputy) pairs whose roles exclude each other in one body.
fn ladder(role: &str) -> Option<(&'static str, u8)> {
    // (ladder name, rank): the rank distinguishes head from deputy.
    Some(match role {
        "Bí thư" => ("bí thư", 0),
        "Phó Bí thư" | "Phó Bí thư Thường trực" => ("bí thư", 1),
        "Chủ tịch" => ("chủ tịch", 0),
        "Phó Chủ tịch" | "Phó Chủ tịch Thường trực" => ("chủ tịch", 1),
        "Trưởng ban" => ("trưởng ban", 0),
        "Phó Trưởng ban" | "Phó Trưởng ban Thường trực" => ("trưởng ban", 1),
        "Giám đốc" => ("giám đốc", 0),
        "Phó Giám đốc" => ("giám đốc", 1),
        "Chánh Văn phòng" => ("chánh văn phòng", 0),
        "Phó Chánh Văn phòng" => ("chánh văn phòng", 1),
        "Tư lệnh" => ("tư lệnh", 0),
        "Phó Tư lệnh" => ("tư lệnh", 1),
        "Trưởng" => ("trưởng", 0),
        "Phó Trưởng" => ("trưởng", 1),
        _ => return None,
    })
}

fn person_name(e: &Entity) -> Option<&str> {
    match &e.value {
        Value::Person { name } => Some(name),
        _ => None,
    }
}

pub fn check(recognition: &Recognition, out: &mut Vec<Finding>) {
    let es = &recognition.entities;
    // Every (person name, title entity index) the article states.
    let mut by_person: HashMap<&str, Vec<usize>> = HashMap::new();
    for e in es.iter().filter(|e| e.kind == EntityKind::Person) {
        if let Some(name) = person_name(e) {
            let titles = by_person.entry(name).or_default();
            for &t in &e.links {
                if es.get(t).is_some_and(|t| t.post().is_some()) && !titles.contains(&t) {
                    titles.push(t);
                }
            }
        }
    }
    let mut names: Vec<&&str> = by_person.keys().collect();
    names.sort();
    for name in names {
        let titles = &by_person[*name];
        // Two posts conflict when both are current, on the same ladder at
        // different ranks, of the same body (same organ key, same unit key
        // or a unit missing on one side). Keys are computed once per mention and
        // only the mentions on the other rung of the same ladder are
        // visited, in the order of the plain pairwise loop (i < j), so an
        // official named thousands of times costs no quadratic work unless
        // the conflicts themselves are that many.
        let infos: Vec<Rung> = titles
            .iter()
            .map(|&t| {
                let p = es[t].post().unwrap();
                if p.former {
                    (None, None)
                } else {
                    (ladder(&p.role), body_key(p))
                }
            })
            .collect();
        let mut rungs: HashMap<(&str, u8), Vec<usize>> = HashMap::new();
        for (k, (l, _)) in infos.iter().enumerate() {
            if let Some(l) = l {
                rungs.entry(*l).or_default().push(k);
            }
        }
        for (i, &a) in titles.iter().enumerate() {
            let (Some((la, ra)), Some(body_a)) = &infos[i] else {
                continue;
            };
            let mut others: Vec<usize> = rungs
                .iter()
                .filter(|((lb, rb), _)| lb == la && rb != ra)
                .flat_map(|(_, ks)| ks[ks.partition_point(|&k| k <= i)..].iter().copied())
                .collect();
            others.sort_unstable();
            for j in others {
                let b = titles[j];
                let Some(body_b) = &infos[j].1 else {
                    continue;
                };
                let same_body = body_a.0 == body_b.0
                    && (body_a.1 == body_b.1 || body_a.1.is_none() || body_b.1.is_none());
                if same_body {
                    // Report the later mention; the earlier is related.
                    let (first, second) = if es[a].span.start < es[b].span.start {
                        (a, b)
                    } else {
                        (b, a)
                    };
                    out.push(
                        Finding::new(
                            CONFLICT.code,
                            CONFLICT.default_severity,
                            es[second].span,
                            format!(
                                "{name} được ghi là “{}” ở đây nhưng là “{}” ở chỗ khác trong bài; một người không thể giữ cả hai chức vụ này của cùng một cơ quan.",
                                es[second].text, es[first].text
                            ),
                        )
                        .en(format!(
                            "{name} is given as “{}” here but as “{}” elsewhere in the article; one person cannot hold both of these posts in the same body.",
                            es[second].text, es[first].text
                        ))
                        .with_related(es[first].span, format!("{name}: “{}”", es[first].text))
                        .related_en(format!("{name}: “{}”", es[first].text))
                        .with_fix(Fix {
                            title: format!("Sửa thành “{}”", es[first].text),
                            edits: vec![Edit { span: es[second].span, replacement: es[first].text.clone() }],
                            title_en: Some(format!("Change to “{}”", es[first].text)),
                            safe: false,
                        }),
                    );
                }
            }
        }
    }
    single_holder(recognition, out);
}

/// Two different named people holding the same single-holder post, both current.
fn single_holder(recognition: &Recognition, out: &mut Vec<Finding>) {
    let es = &recognition.entities;
    // Every (title, person) seen so far, grouped by what must match for a
    // finding: role, organ key and unit key (both units are named here, so
    // `same_body` is equality of both keys). Within a group the entries keep
    // their order, and a group whose entries all name the current person
    // is skipped without a scan.
    #[derive(Default)]
    struct Group<'e> {
        seen: Vec<(usize, usize)>, // (title, person)
        names: HashMap<Option<&'e str>, usize>,
    }
    let mut groups: HashMap<(&str, String, String), Group> = HashMap::new();
    for (t, title) in es.iter().enumerate() {
        let Some(post) = title.post() else { continue };
        if !post.single_holder || post.former || post.organ.is_none() {
            continue;
        }
        // The unit must be named (written or from context) to be sure it is one body.
        if post.unit.as_ref().and_then(|u| u.name.as_ref()).is_none() {
            continue;
        }
        let Some((organ, Some(unit))) = body_key(post) else {
            continue;
        };
        let group = groups.entry((post.role.as_str(), organ, unit)).or_default();
        for &p in title
            .links
            .iter()
            .filter(|&&p| es[p].kind == EntityKind::Person)
        {
            let name = person_name(&es[p]);
            let same_name = group.names.get(&name).copied().unwrap_or(0);
            let to_check: &[(usize, usize)] = if same_name == group.seen.len() {
                &[]
            } else {
                &group.seen
            };
            for &(t0, p0) in to_check {
                if person_name(&es[p0]) != name {
                    out.push(
                        Finding::new(
                            SINGLE_HOLDER.code,
                            SINGLE_HOLDER.default_severity,
                            es[p].span,
                            format!(
                                "“{}” chỉ có một người giữ, nhưng bài ghi cả {} và {}.",
                                post.canonical(),
                                es[p0].text,
                                es[p].text
                            ),
                        )
                        .en(format!(
                            "“{}” has a single holder, but the article names both {} and {}.",
                            post.canonical(),
                            es[p0].text,
                            es[p].text
                        ))
                        .with_related(
                            es[p0].span,
                            format!("{} cũng được ghi là {}", es[p0].text, es[t0].text),
                        )
                        .related_en(format!(
                            "{} is also given as “{}”",
                            es[p0].text, es[t0].text
                        )),
                    );
                }
            }
            group.seen.push((t, p));
            *group.names.entry(name).or_default() += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::syntax::SourceFormat;

    fn findings(text: &str, rule: &str) -> Vec<String> {
        crate::rules::test_support::flagged_and_fix(text, SourceFormat::PlainText, rule)
            .into_iter()
            .map(|(flagged, _)| flagged)
            .collect()
    }

    #[test]
    fn head_and_deputy_of_one_body_conflict() {
        let text = "Tiêu đề\nChủ tịch UBND quận Hoàng Mai Nguyễn Minh Tâm phát biểu.\nPhó Chủ tịch UBND quận Hoàng Mai Nguyễn Minh Tâm điều hành thảo luận.\n";
        assert_eq!(
            findings(text, "title/conflict"),
            vec!["Phó Chủ tịch UBND quận Hoàng Mai"]
        );
    }

    #[test]
    fn several_posts_of_different_bodies_are_fine() {
        let text = "Tiêu đề\nĐồng chí Nguyễn Thị Bích Hạnh - Phó Bí thư Thường trực Đảng ủy - Chủ tịch HĐND phường báo cáo.\nNguyễn Quang Hiếu, Thành ủy viên, Bí thư Quận ủy Hoàng Mai phát biểu.\n";
        assert!(findings(text, "title/conflict").is_empty());
        assert!(findings(text, "title/single-holder").is_empty());
    }

    #[test]
    fn former_posts_and_refinements_do_not_conflict() {
        let text = "Tiêu đề\nĐồng chí Nguyễn Văn An, nguyên Chủ tịch UBND quận Hoàng Mai, Phó Chủ tịch UBND quận Hoàng Mai dự.\nPhó Bí thư Quận ủy Hoàng Mai Trần Văn Bình; Phó Bí thư Thường trực Quận ủy Hoàng Mai Trần Văn Bình.\n";
        assert!(findings(text, "title/conflict").is_empty());
    }

    #[test]
    fn two_people_one_single_holder_post() {
        let text = "Tiêu đề\nBí thư Quận ủy Hoàng Mai Nguyễn Xuân Linh phát biểu.\nBí thư Quận ủy Hoàng Mai Nguyễn Quang Hiếu kết luận.\n";
        assert_eq!(
            findings(text, "title/single-holder"),
            vec!["Nguyễn Quang Hiếu"]
        );
    }

    #[test]
    fn successive_holders_and_deputies_are_fine() {
        // Two deputies is normal; a former holder beside the current one too.
        let text = "Tiêu đề\nPhó Chủ tịch UBND quận Hoàng Mai Lê Văn A và Phó Chủ tịch UBND quận Hoàng Mai Trần Thị B dự.\nNguyên Bí thư Quận ủy Hoàng Mai Đỗ Văn C và Bí thư Quận ủy Hoàng Mai Nguyễn Xuân Linh.\n";
        assert!(findings(text, "title/single-holder").is_empty());
        assert!(findings(text, "title/conflict").is_empty());
    }
}
