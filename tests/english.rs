//! Messages in English: every finding, fix title and related message the
//! analysis produces has an English text, and that text is English (no
//! Vietnamese outside quotes, except names copied from the article). Runs
//! over the seed articles, both gold sets, the fixtures, and one text per
//! rule so that every rule in `RULES` is exercised.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;

use bientap::analysis::{AnalyzeOptions, analyze};
use bientap::config::Config;
use bientap::finding::Finding;
use bientap::registry::Registry;
use bientap::rules::{RULES, RuleSettings};
use bientap::syntax::SourceFormat;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn files(dir: &str) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(root().join(dir))
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let n = p.to_string_lossy();
            n.ends_with(".txt") || n.ends_with(".article") || n.ends_with(".article.md")
        })
        .collect();
    out.sort();
    out
}

/// One text per rule (or a few), each known to fire it.
const TRIGGERS: &[(&str, SourceFormat)] = &[
    ("---\ntitle: A\n\nNội dung.\n", SourceFormat::Article),
    ("---\ntitle: [a\n---\n# Tin\n", SourceFormat::Article),
    (
        "---\ndate: hôm qua\ntitle: [a, b]\n---\n# Tin\n",
        SourceFormat::Article,
    ),
    ("---\n[1, 2]: x\n---\n# Tin\n", SourceFormat::Article),
    ("---\n- a\n- b\n---\n# Tin\n", SourceFormat::Article),
    (
        "---\ntitle: Tin\n---\n# Tin\n\n[Hà Nội]{.place bogus}\n",
        SourceFormat::Article,
    ),
    (
        "---\ntitle: Tin\n---\n# Tin\n\n<!-- bientap-disable-next-line khong/co -->\nNội dung.\n",
        SourceFormat::Article,
    ),
    (
        "Tiêu đề\nQuận ho\u{300}a nhập, Hà\u{200b}Nội, Quáº\u{AD}n Hoàng Mai.\n",
        SourceFormat::PlainText,
    ),
    (
        "Tiêu đề\nTăng 10,93%, đạt 1,89 điểm, chi 2.000 tỷ đồng, riêng quý I tăng 3.5%.\n",
        SourceFormat::PlainText,
    ),
    (
        "Tiêu đề\nNhiệm kỳ 2020-2025 và giai đoạn 2021-2025, nhiệm kỳ 2023 - 2028.\n",
        SourceFormat::PlainText,
    ),
    (
        "Tiêu đề\nÔng nói: “Dứt khoát phải làm\" và “tiếp tục”, “A”, “B”.\n",
        SourceFormat::PlainText,
    ),
    (
        "Tiêu đề\nChủ tịch UBND quận Hoàng Mai Nguyễn Minh Tâm phát biểu.\nPhó Chủ tịch UBND quận Hoàng Mai Nguyễn Minh Tâm điều hành thảo luận.\n",
        SourceFormat::PlainText,
    ),
    (
        "Tiêu đề\nBí thư Quận ủy Hoàng Mai Nguyễn Xuân Linh phát biểu.\nBí thư Quận ủy Hoàng Mai Nguyễn Quang Hiếu kết luận.\n",
        SourceFormat::PlainText,
    ),
    (
        "Tiêu đề\nNgày 31/2/2025, hội nghị họp. Sáng 31/4, đoàn về thăm. Ngày 30/2 cũng vậy.\nSáng thứ Hai, 13/2/2025, hội nghị khai mạc.\n",
        SourceFormat::PlainText,
    ),
    (
        "---\ndate: 2020-08-02\nurl: https://vd.vn/2020/08/05/tin-a.html\n---\n# Tin\n\nNgày đăng 01/08/2020 | 16:20\n\nNgày 24/8/2020, Đảng bộ phường đã tổ chức hội nghị.\n",
        SourceFormat::Article,
    ),
    (
        "Tiêu đề\nNhiệm kỳ 2025-2020 và giai đoạn 2030 - 2021; nhiệm kỳ 2010-2025.\nDịp Tết Nguyên đán Ất Tỵ 2024, quận thăm hỏi các gia đình.\nThực hiện Nghị định 165/2024/NĐ-CP ngày 1/1/2025 của Chính phủ.\n",
        SourceFormat::PlainText,
    ),
    (
        "Tiêu đề\nNghị quyết Đại hội Đảng bộ quận lần thứ IV, nhiệm kỳ 2020-2025 được triển khai.\nChuẩn bị Đại hội Đảng bộ Quận lần thứ IV, nhiệm kỳ 2020-2025 và Đại hội Đảng bộ quận lần thứ V, nhiệm kỳ 2020-2025.\nĐại hội Đảng bộ phường lần thứ XXV, nhiệm kỳ 2020-2025.\nĐại hội Đảng bộ phường lần thứ XXV, nhiệm kỳ 2015-2020.\n",
        SourceFormat::PlainText,
    ),
    (
        "Tiêu đề\nHội nghị thống nhất tám kết quả nổi bật:\n- Quận chủ động bám sát chỉ đạo của Trung ương.\n- Tốc độ phát triển kinh tế ước đạt 10,93%.\n- Kiểm soát tốt dịch bệnh.\n- Không còn hộ nghèo.\n- Kỷ niệm 20 năm thành lập Quận.\n- Công tác CCHC được chú trọng.\n- Quản lý đô thị chuyển biến.\nVẫn theo đồng chí Bí thư, quận tiếp tục phát huy.\nĐại biểu thảo luận tại hội nghị\nĐại biểu thảo luận tại hội nghị\nĐoạn hai.\n",
        SourceFormat::PlainText,
    ),
    (
        "---\ntitle: Hoàng Mai hướng tới mục tiêu phát triển\n---\n# Hoàng Mai hướng tới mục tiêu trở thành động lực\n\nNội dung.\n",
        SourceFormat::Article,
    ),
    (
        "Tiêu đề\nÝ ngĩa của hội nghị rất lớn. Hội nghị tiếp thu ý kiến và sẽ tếp nhận đơn.\n",
        SourceFormat::PlainText,
    ),
];

struct Checked {
    fired: BTreeSet<&'static str>,
    problems: Vec<String>,
}

impl Checked {
    fn new() -> Self {
        Checked {
            fired: BTreeSet::new(),
            problems: Vec::new(),
        }
    }

    fn findings(&mut self, what: &str, sources: &[&str], findings: &[Finding]) {
        for f in findings {
            self.fired.insert(f.rule);
            self.problems.extend(
                f.english_problems(sources)
                    .into_iter()
                    .map(|p| format!("{what}: {p}")),
            );
        }
    }

    fn analyse(&mut self, what: &str, text: &str, options: &AnalyzeOptions, extra: &[&str]) {
        let analysis = analyze(text, options);
        let mut sources = vec![text];
        sources.extend_from_slice(extra);
        self.findings(what, &sources, &analysis.findings);
    }
}

#[test]
fn every_text_has_english_and_every_rule_is_exercised() {
    let mut c = Checked::new();
    // Articles: the seeds, both gold sets and the fixtures.
    for dir in [
        "seeds",
        "tests/gold",
        "tests/gold-holdout",
        "tests/fixtures/recognition",
    ] {
        for path in files(dir) {
            let text = std::fs::read_to_string(&path).unwrap();
            c.analyse(
                &path.display().to_string(),
                &text,
                &AnalyzeOptions::for_path(&path),
                &[],
            );
        }
    }
    // The workspace fixtures with their registry (title/registry-holder).
    let registry_path = root().join("tests/fixtures/workspace/officials.toml");
    let registry_text = std::fs::read_to_string(&registry_path).unwrap();
    let (registry, errors) = Registry::parse(&registry_text, Some(&registry_path));
    assert!(errors.is_empty(), "{errors:?}");
    let registry = Arc::new(registry);
    for path in files("tests/fixtures/workspace") {
        let text = std::fs::read_to_string(&path).unwrap();
        let mut options = AnalyzeOptions::for_path(&path);
        options.rules.registry = Some(registry.clone());
        c.analyse(
            &path.display().to_string(),
            &text,
            &options,
            &[&registry_text],
        );
    }
    // A registry that contradicts an article.
    let registry_text = "[[person]]\nid = \"a\"\nname = \"Nguyễn Quang Hiếu\"\n[[person.post]]\ntitle = \"Bí thư Quận ủy quận Hoàng Mai\"\nfrom = \"2021-06\"\n\n[[person]]\nid = \"b\"\nname = \"Trần Văn Nam\"\n[[person.post]]\ntitle = \"Chủ tịch UBND quận Hoàng Mai\"\nfrom = \"2010\"\nto = \"2015\"\n";
    let (registry, errors) = Registry::parse(registry_text, None);
    assert!(errors.is_empty(), "{errors:?}");
    let options = AnalyzeOptions {
        format: SourceFormat::Article,
        rules: RuleSettings {
            registry: Some(Arc::new(registry)),
            ..RuleSettings::default()
        },
    };
    c.analyse(
        "registry article",
        "---\ndate: 2022-03-01\n---\n# Tin\n\nBí thư Quận ủy Hoàng Mai Nguyễn Xuân Linh dự hội nghị. Chủ tịch UBND quận Hoàng Mai Trần Văn Nam phát biểu.\n",
        &options,
        &[registry_text],
    );
    // The workspace-timeline fixtures, each against the others
    // (title/workspace-holder, ordinal/workspace-term).
    let index = Arc::new(std::sync::RwLock::new(
        bientap::workspace::WorkspaceIndex::default(),
    ));
    let conflicts = files("tests/fixtures/workspace-conflicts");
    for path in &conflicts {
        let text = std::fs::read_to_string(path).unwrap();
        let a = analyze(&text, &AnalyzeOptions::for_path(path));
        let summary =
            bientap::workspace::summarize(path.clone(), &text, &a.article, &a.recognition);
        index.write().unwrap().update(summary);
    }
    let sources: Vec<String> = conflicts
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    let names: Vec<String> = conflicts
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    for (path, text) in conflicts.iter().zip(&sources) {
        let mut options = AnalyzeOptions::for_path(path);
        options.rules.workspace = Some(Arc::new(bientap::workspace::SharedIndexFacts {
            index: index.clone(),
            exclude: Some(path.clone()),
        }));
        let mut extra: Vec<&str> = sources.iter().map(String::as_str).collect();
        extra.extend(names.iter().map(String::as_str));
        c.analyse(&path.display().to_string(), text, &options, &extra);
    }
    // Extra lexicon files and their errors (lexicon/invalid).
    let lexicons = root().join("tests/fixtures/lexicons");
    let config_text = std::fs::read_to_string(lexicons.join("bientap.toml")).unwrap();
    let config = Config::parse(&config_text);
    let (_, errors, files_read) =
        bientap::lexicon::ExtraLexicons::load(&lexicons, &config.lexicons);
    c.findings("lexicons in bientap.toml", &[&config_text], &errors);
    for (path, text, findings) in &files_read {
        c.findings(&path.display().to_string(), &[text.as_str()], findings);
    }
    // One text per rule.
    for (k, (text, format)) in TRIGGERS.iter().enumerate() {
        c.analyse(
            &format!("trigger {k}"),
            text,
            &AnalyzeOptions::with_format(*format),
            &[],
        );
    }
    let big = format!("---\nx: {}\n---\n# Tin\n", "a".repeat(70 * 1024));
    c.analyse(
        "too large",
        &big,
        &AnalyzeOptions::with_format(SourceFormat::Article),
        &[],
    );
    let deep = format!("---\nx: {}{}\n---\n# Tin\n", "[".repeat(40), "]".repeat(40));
    c.analyse(
        "too deep",
        &deep,
        &AnalyzeOptions::with_format(SourceFormat::Article),
        &[],
    );
    // bientap.toml and officials.toml errors.
    let config = "[rules\nx = 1\n[style]\ntone-marks = 3\ncolour = 1\n[registry]\npaths = [3, \"\"]\nfile = 1\n[messages]\nlanguage = \"fr\"\nother = 1\n[extra]\n";
    c.findings("bientap.toml", &[config], &Config::parse(config).errors);
    let config = "[rules]\n\"khong/co\" = \"off\"\ndebris = \"loud\"\n[style]\ntone-marks = \"old\"\n[registry]\npaths = \"a\"\n[messages]\nlanguage = 1\nrules = 1\n";
    c.findings("bientap.toml", &[config], &Config::parse(config).errors);
    let officials = "x = 1\nperson = 3\n[[person]]\nid = \"Sai Id\"\nname = \"\"\n[[person]]\nid = \"a\"\nname = \"A\"\nextra = 1\npost = 3\n[[person]]\nid = \"b\"\nname = \"B\"\n[[person.post]]\ntitle = \"Không là chức vụ\"\nfrom = \"2020-13\"\n[[person.post]]\ntitle = \"Bí thư Quận ủy quận Hoàng Mai\"\nfrom = \"2021\"\nto = \"2020\"\nsingle_holder = \"yes\"\nbad = 1\n[[person.post]]\nfrom = 2020\n[[person]]\nname = \"C\"\n[[person]]\nid = \"b\"\nname = \"D\"\n[[person]]\nid = \"e\"\nname = \"E\"\naliases = 3\n";
    let (_, errors) = Registry::parse(officials, None);
    c.findings("officials.toml", &[officials], &errors);
    let (_, files) = Registry::load(&[root().join("tests/fixtures/registry/does-not-exist.toml")]);
    for (path, text, findings) in &files {
        let shown = path.display().to_string();
        c.findings(
            "missing registry",
            &[text.as_str(), shown.as_str()],
            findings,
        );
    }

    assert!(c.problems.is_empty(), "{:#?}", c.problems);
    let missing: Vec<&str> = RULES
        .iter()
        .map(|r| r.code)
        .filter(|code| !c.fired.contains(code))
        .collect();
    assert!(missing.is_empty(), "rules never exercised: {missing:?}");
}

#[test]
fn every_rule_has_an_english_summary() {
    for r in RULES {
        assert!(!r.summary_en.trim().is_empty(), "{}", r.code);
        assert_ne!(r.summary_en, r.summary, "{}", r.code);
        let problems: Vec<String> =
            Finding::new(r.code, r.default_severity, Default::default(), r.summary)
                .en(r.summary_en)
                .english_problems(&[])
                .into_iter()
                .collect();
        assert!(problems.is_empty(), "{problems:?}");
    }
}
