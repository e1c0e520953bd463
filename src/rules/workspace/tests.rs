use std::path::PathBuf;
use std::sync::{Arc, RwLock};

use crate::analysis::{AnalyzeOptions, analyze};
use crate::finding::{Finding, Language};
use crate::rules::RuleSettings;
use crate::syntax::SourceFormat;
use crate::workspace::{SharedIndexFacts, WorkspaceIndex, summarize_text};

fn article(date: &str, body: &str) -> String {
    format!("---\ndate: {date}\n---\n# Tin\n\n{body}\n")
}

/// An index of `(file name, text)` articles.
fn index(others: &[(&str, String)]) -> Arc<RwLock<WorkspaceIndex>> {
    let mut index = WorkspaceIndex::new();
    for (name, text) in others {
        index.update(summarize_text(PathBuf::from(format!("/ws/{name}")), text));
    }
    Arc::new(RwLock::new(index))
}

/// Findings of `rule` for `text` (at /ws/`name`) against the others.
fn check_as(name: &str, text: &str, others: &[(&str, String)], rule: &str) -> Vec<Finding> {
    let index = index(others);
    let path = PathBuf::from(format!("/ws/{name}"));
    // The article's own (older) summary is in the index too: it must not count.
    if let Ok(mut w) = index.write() {
        w.update(summarize_text(path.clone(), text));
    }
    let settings = RuleSettings {
        workspace: Some(Arc::new(SharedIndexFacts {
            index,
            exclude: Some(path),
        })),
        ..RuleSettings::default()
    };
    let options = AnalyzeOptions {
        format: SourceFormat::Article,
        rules: settings,
    };
    analyze(text, &options)
        .findings
        .into_iter()
        .filter(|f| f.rule == rule)
        .collect()
}

fn check(text: &str, others: &[(&str, String)], rule: &str) -> Vec<Finding> {
    check_as("bai.article", text, others, rule)
}

/// (what the case is, this article, the other articles).
type Case = (&'static str, String, Vec<(&'static str, String)>);

const HOLDER: &str = "title/workspace-holder";
const TERM: &str = "ordinal/workspace-term";

fn linh(date: &str) -> String {
    article(
        date,
        "Bí thư Quận ủy Hoàng Mai Nguyễn Xuân Linh phát biểu chỉ đạo hội nghị.",
    )
}

fn hieu(date: &str) -> String {
    article(
        date,
        "Đồng chí Nguyễn Quang Hiếu, Bí thư Quận ủy Hoàng Mai, chủ trì hội nghị.",
    )
}

#[test]
fn another_holder_on_the_same_day() {
    let text = hieu("2021-03-01");
    let f = check(&text, &[("linh.article", linh("2021-03-01"))], HOLDER);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(&text[f[0].span.range()], "Nguyễn Quang Hiếu");
    assert_eq!(
        &text[f[0].related[0].span.range()],
        "Bí thư Quận ủy Hoàng Mai"
    );
    let m = &f[0].message;
    assert!(m.contains("Nguyễn Xuân Linh"), "{m}");
    assert!(m.contains("linh.article (1/3/2021)"), "{m}");
    assert!(m.contains("cùng ngày"), "{m}");
    assert_eq!(f[0].elsewhere.len(), 1);
    assert_eq!(f[0].elsewhere[0].path, PathBuf::from("/ws/linh.article"));
    // The person's position in the other file (line 6, after "Bí thư Quận ủy Hoàng Mai ").
    assert_eq!(f[0].elsewhere[0].position.start.line, 5);
    assert_eq!(f[0].elsewhere[0].position.start.utf32, 25);
    let en = f[0].clone().localized(Language::En);
    assert!(
        en.message
            .starts_with("This article (1/3/2021) names Nguyễn Quang Hiếu"),
        "{}",
        en.message
    );
}

#[test]
fn another_holder_before_and_after() {
    let text = hieu("2021-03-01");
    let others = [
        ("a.article", linh("2020-11-02")),
        ("b.article", linh("2021-04-20")),
    ];
    let f = check(&text, &others, HOLDER);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(&text[f[0].span.range()], "Nguyễn Quang Hiếu");
    let m = &f[0].message;
    assert!(
        m.contains("a.article (2/11/2020), b.article (20/4/2021)"),
        "{m}"
    );
    assert!(m.contains("trước và sau"), "{m}");
    assert_eq!(f[0].elsewhere.len(), 2);
    // Reported once per person and post, however often the article repeats it.
    let twice = article(
        "2021-03-01",
        "Bí thư Quận ủy Hoàng Mai Nguyễn Quang Hiếu phát biểu.\n\nBí thư Quận ủy Hoàng Mai Nguyễn Quang Hiếu kết luận.",
    );
    let f = check(&twice, &others, HOLDER);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].span.start, twice.find("Nguyễn Quang Hiếu").unwrap());
}

#[test]
fn holder_silent_traps() {
    let text = hieu("2021-03-01");
    let cases: Vec<Case> = vec![
        // Successive holders: Linh before, Hiếu after — nothing after the date names Linh.
        (
            "successive",
            text.clone(),
            vec![
                ("a.article", linh("2020-11-02")),
                ("b.article", hieu("2021-09-10")),
            ],
        ),
        // The only evidence is undated.
        (
            "undated",
            text.clone(),
            vec![(
                "a.article",
                "# Tin\n\nBí thư Quận ủy Hoàng Mai Nguyễn Xuân Linh phát biểu.\n".to_string(),
            )],
        ),
        // This article has no date.
        (
            "no date here",
            "# Tin\n\nBí thư Quận ủy Hoàng Mai Nguyễn Quang Hiếu phát biểu.\n".to_string(),
            vec![("a.article", linh("2021-03-01"))],
        ),
        // A multi-holder post.
        (
            "deputy",
            article(
                "2021-03-01",
                "Phó Bí thư Quận ủy Hoàng Mai Nguyễn Quang Hiếu phát biểu.",
            ),
            vec![(
                "a.article",
                article(
                    "2021-03-01",
                    "Phó Bí thư Quận ủy Hoàng Mai Nguyễn Xuân Linh phát biểu.",
                ),
            )],
        ),
        // Former, on either side.
        (
            "former here",
            article(
                "2021-03-01",
                "Nguyễn Quang Hiếu, nguyên Bí thư Quận ủy Hoàng Mai, dự lễ.",
            ),
            vec![("a.article", linh("2021-03-01"))],
        ),
        (
            "former there",
            text.clone(),
            vec![(
                "a.article",
                article(
                    "2021-03-01",
                    "Nguyễn Xuân Linh, nguyên Bí thư Quận ủy Hoàng Mai, dự lễ.",
                ),
            )],
        ),
        // Acting and newly elected.
        (
            "acting",
            article(
                "2021-03-01",
                "Quyền Bí thư Quận ủy Hoàng Mai Nguyễn Quang Hiếu phát biểu.",
            ),
            vec![("a.article", linh("2021-03-01"))],
        ),
        (
            "handover",
            article(
                "2021-03-01",
                "Bí thư Quận ủy Hoàng Mai Nguyễn Quang Hiếu nhận quyết định và phát biểu nhận nhiệm vụ.",
            ),
            vec![("a.article", linh("2021-03-01"))],
        ),
        // The same person, spelled in NFD with old tone placement, or shorter.
        (
            "same person",
            article(
                "2021-03-01",
                "Bí thư Quận uỷ Hoàng Mai Nguye\u{302}\u{303}n Xuân Linh phát biểu.",
            ),
            vec![("a.article", linh("2021-03-01"))],
        ),
        // Initials: cannot be compared.
        (
            "initials",
            article(
                "2021-03-01",
                "Bí thư Quận ủy Hoàng Mai Nguyễn X. Linh phát biểu.",
            ),
            vec![("a.article", hieu("2021-03-01"))],
        ),
        // Another district's post.
        (
            "other unit",
            article(
                "2021-03-01",
                "Bí thư Quận ủy Thanh Xuân Nguyễn Quang Hiếu phát biểu.",
            ),
            vec![("a.article", linh("2021-03-01"))],
        ),
        // Brackets too far apart.
        (
            "far",
            text.clone(),
            vec![
                ("a.article", linh("2019-01-02")),
                ("b.article", linh("2022-06-20")),
            ],
        ),
        // This article's holder is named on both sides of the date by
        // others: the one same-day article naming someone else is the odd one.
        (
            "supported",
            linh("2021-03-01"),
            vec![
                ("a.article", linh("2021-02-01")),
                ("b.article", hieu("2021-03-01")),
                ("c.article", linh("2021-04-01")),
            ],
        ),
        // Linh before and after, but Hiếu after too: either Hiếu took over
        // early (this article right) or Linh stayed (the other wrong):
        // the timeline cannot tell, so neither article is reported.
        (
            "ambiguous",
            text.clone(),
            vec![
                ("a.article", linh("2020-11-02")),
                ("b.article", linh("2021-04-20")),
                ("c.article", hieu("2021-09-10")),
            ],
        ),
        (
            "ambiguous, the other side",
            linh("2021-04-20"),
            vec![
                ("a.article", linh("2020-11-02")),
                ("b.article", hieu("2021-03-01")),
                ("c.article", hieu("2021-09-10")),
            ],
        ),
        // The workspace disagrees with itself that day.
        (
            "split",
            text.clone(),
            vec![
                ("a.article", linh("2021-03-01")),
                ("b.article", hieu("2021-03-01")),
            ],
        ),
    ];
    for (what, text, others) in cases {
        let f = check(&text, &others, HOLDER);
        assert!(f.is_empty(), "{what}: {f:?}");
    }
}

#[test]
fn own_old_summary_and_self_in_index_are_ignored() {
    // The index holds this very file saying Linh; checking it as Hiếu must
    // not compare with its own older summary.
    let index = index(&[("bai.article", linh("2021-03-01"))]);
    let text = hieu("2021-03-01");
    let settings = RuleSettings {
        workspace: Some(Arc::new(SharedIndexFacts {
            index,
            exclude: Some(PathBuf::from("/ws/bai.article")),
        })),
        ..RuleSettings::default()
    };
    let options = AnalyzeOptions {
        format: SourceFormat::Article,
        rules: settings,
    };
    let f: Vec<Finding> = analyze(&text, &options)
        .findings
        .into_iter()
        .filter(|f| f.rule == HOLDER)
        .collect();
    assert!(f.is_empty(), "{f:?}");
}

fn congress(date: &str, ordinal: &str, term: &str) -> String {
    article(
        date,
        &format!(
            "Đại hội Đảng bộ quận Hoàng Mai lần thứ {ordinal}, nhiệm kỳ {term} thành công tốt đẹp."
        ),
    )
}

#[test]
fn same_ordinal_another_term() {
    let text = congress("2025-08-01", "V", "2020-2025");
    let others = [
        ("a.article", congress("2025-07-30", "V", "2025-2030")),
        ("b.article", congress("2025-08-02", "V", "2025-2030")),
    ];
    let f = check(&text, &others, TERM);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(&text[f[0].span.range()], "2020-2025");
    assert!(
        f[0].message.contains("2025-2030: a.article, b.article"),
        "{}",
        f[0].message
    );
    assert_eq!(f[0].fixes[0].edits[0].replacement, "2025-2030");
    assert_eq!(f[0].elsewhere.len(), 2);
}

#[test]
fn same_term_another_ordinal() {
    let text = congress("2020-08-01", "V", "2020-2025");
    let others = [
        ("a.article", congress("2020-07-30", "IV", "2020-2025")),
        ("b.article", congress("2020-07-31", "IV", "2020-2025")),
    ];
    let f = check(&text, &others, TERM);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(&text[f[0].span.range()], "V");
    assert_eq!(f[0].fixes[0].edits[0].replacement, "IV");
    assert!(
        f[0].message
            .contains("nhiệm kỳ 2020-2025 là lần thứ IV: a.article, b.article"),
        "{}",
        f[0].message
    );
    // Arabic numerals are answered in kind.
    let text = congress("2020-08-01", "5", "2020-2025");
    let f = check(&text, &others, TERM);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].fixes[0].edits[0].replacement, "4");
}

#[test]
fn one_wrong_article_among_consistent_ones() {
    // IV is 2020-2025 (a), V is 2025-2030 (b); c says V, 2020-2025: it
    // contradicts both, and only it is reported.
    let a = congress("2020-08-01", "IV", "2020-2025");
    let b = congress("2025-08-01", "V", "2025-2030");
    let c = congress("2025-08-02", "V", "2020-2025");
    let files = [
        ("a.article", a.clone()),
        ("b.article", b.clone()),
        ("c.article", c.clone()),
    ];
    let others = |me: &str| -> Vec<(&str, String)> {
        files.iter().filter(|(n, _)| *n != me).cloned().collect()
    };
    assert!(check_as("a.article", &a, &others("a.article"), TERM).is_empty());
    assert!(check_as("b.article", &b, &others("b.article"), TERM).is_empty());
    let f = check_as("c.article", &c, &others("c.article"), TERM);
    assert_eq!(f.len(), 1, "{f:?}");
    // Both readings are offered: the span covers the numeral and the term.
    assert_eq!(&c[f[0].span.range()], "V, nhiệm kỳ 2020-2025");
    let fixes: Vec<&str> = f[0]
        .fixes
        .iter()
        .map(|x| x.edits[0].replacement.as_str())
        .collect();
    assert_eq!(fixes, ["2025-2030", "IV"]);
    assert!(
        f[0].message.contains("a.article, b.article"),
        "{}",
        f[0].message
    );
}

#[test]
fn term_silent_traps() {
    let cases: Vec<Case> = vec![
        // Consecutive congresses.
        (
            "consecutive",
            congress("2025-08-01", "V", "2025-2030"),
            vec![("a.article", congress("2020-08-01", "IV", "2020-2025"))],
        ),
        // Another body.
        (
            "other body",
            congress("2025-08-01", "V", "2025-2030"),
            vec![(
                "a.article",
                article(
                    "2025-08-01",
                    "Đại hội Đảng bộ quận Thanh Xuân lần thứ V, nhiệm kỳ 2020-2025.",
                ),
            )],
        ),
        // A body without a name ("Đảng bộ quận" could be any district).
        (
            "no name",
            article(
                "2025-08-01",
                "Đại hội Đảng bộ quận lần thứ V, nhiệm kỳ 2020-2025.",
            ),
            vec![("a.article", congress("2025-08-01", "V", "2025-2030"))],
        ),
        // A term with no congress body.
        (
            "bare term",
            article("2025-08-01", "Nghị quyết nhiệm kỳ 2020-2025 đã hoàn thành."),
            vec![("a.article", congress("2025-08-01", "V", "2025-2030"))],
        ),
        // Another article agrees with this one.
        (
            "someone agrees",
            congress("2025-08-01", "V", "2020-2025"),
            vec![
                ("a.article", congress("2025-08-01", "V", "2025-2030")),
                ("b.article", congress("2020-08-01", "V", "2020-2025")),
            ],
        ),
        // The others disagree among themselves.
        (
            "others split",
            congress("2025-08-01", "V", "2020-2025"),
            vec![
                ("a.article", congress("2025-08-01", "V", "2025-2030")),
                ("b.article", congress("2025-08-01", "V", "2015-2020")),
            ],
        ),
        // A body re-formed decades later starts again at I.
        (
            "re-formed",
            congress("2025-08-01", "I", "2025-2030"),
            vec![("a.article", congress("1996-08-01", "I", "1996-2000"))],
        ),
        // One article against one other: nobody can tell which is wrong.
        (
            "one against one",
            congress("2025-08-01", "V", "2020-2025"),
            vec![("a.article", congress("2025-08-01", "V", "2025-2030"))],
        ),
        // No workspace evidence at all.
        ("alone", congress("2025-08-01", "V", "2020-2025"), vec![]),
    ];
    for (what, text, others) in cases {
        let f = check(&text, &others, TERM);
        assert!(f.is_empty(), "{what}: {f:?}");
    }
}

#[test]
fn no_workspace_no_findings() {
    let text = hieu("2021-03-01");
    let f: Vec<Finding> = analyze(&text, &AnalyzeOptions::with_format(SourceFormat::Article))
        .findings
        .into_iter()
        .filter(|f| f.rule == HOLDER || f.rule == TERM)
        .collect();
    assert!(f.is_empty());
}
