//! The registry of officials (`officials.toml`): parsing, positioned
//! errors, queries, and `bientap kb build`.

mod support;

use std::path::{Path, PathBuf};

use support::bientap;

use bientap::registry::{self, PartialDate, Registry, post_key};
use unicode_normalization::UnicodeNormalization;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/registry")
        .join(name)
}

fn parse_ok(text: &str) -> Registry {
    let (r, findings) = Registry::parse(text, None);
    assert!(findings.is_empty(), "{findings:#?}");
    r
}

fn key(title: &str) -> String {
    post_key(&registry::normalize_title(title).unwrap_or_else(|| panic!("no post in {title}")))
}

#[test]
fn a_valid_registry_parses() {
    let path = fixture("officials.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let (r, findings) = Registry::parse(&text, Some(&path));
    assert!(findings.is_empty(), "{findings:#?}");
    assert_eq!(r.len(), 3);
    assert!(!r.is_empty());
    let linh = r.person("nguyen-xuan-linh").unwrap();
    assert_eq!(linh.name, "Nguyễn Xuân Linh");
    assert_eq!(&text[linh.span.range()], "\"Nguyễn Xuân Linh\"");
    assert_eq!(linh.aliases, vec!["Nguyễn X. Linh"]);
    assert_eq!(linh.note.as_deref(), Some("Hồ sơ thử nghiệm."));
    assert_eq!(linh.file.as_deref(), Some(path.as_path()));
    assert_eq!(linh.posts.len(), 2);
    let p = &linh.posts[0];
    assert_eq!(p.post.canonical(), "Bí thư Quận ủy quận Hoàng Mai");
    assert_eq!(&text[p.span.range()], "\"Bí thư Quận ủy quận Hoàng Mai\"");
    assert_eq!(p.from.unwrap().to_string(), "2020-07");
    assert_eq!(p.to, PartialDate::parse("2021-05-20"));
    assert_eq!(p.sources, vec!["https://example.invalid/a"]);
    assert!(
        p.single_holder,
        "a Bí thư is a single holder by the lexicon"
    );
    // "nguyên …" is read as the post itself; the dates say it ended.
    assert_eq!(
        linh.posts[1].key,
        key("Chủ tịch Ủy ban nhân dân quận Hoàng Mai")
    );
    assert!(!linh.posts[1].post.former);
    let hoa = r.person("le-thi-hoa").unwrap();
    assert!(
        !hoa.posts[0].single_holder,
        "the file overrides the lexicon"
    );
    assert!(!hoa.posts[0].post.single_holder);
    assert_eq!(hoa.posts[1].from, None);
    assert_eq!(hoa.posts[1].to, None);
    assert!(r.person("nobody").is_none());
}

/// Each error kind, and the exact text its range covers.
#[test]
fn errors_point_at_the_bad_text() {
    let text = r#"title = "not a registry key"

[[person]]
id = "ok-person"
name = "Nguyễn Văn An"
colour = "blue"

[[person.post]]
title = "Chủ tịch UBND quận Hoàng Mai"
from = "2020-7"

[[person.post]]
title = "Bí thư Quận ủy quận Hoàng Mai"
from = "2021-02-29"

[[person.post]]
title = "Bí thư Quận ủy quận Hoàng Mai"
from = "2022-05"
to = "2022-04-30"

[[person.post]]
title = "hôm nay trời đẹp"

[[person.post]]
title = "Bí thư Quận ủy quận Hoàng Mai"
from = 2020
sources = "https://example.invalid"
single_holder = "yes"
rank = 1

[[person.post]]
from = "2020"

[[person.post]]
title = "Chủ tịch UBND quận Hoàng Mai"
from = "2018"
to = "2019"

[[person]]
id = "ok-person"
name = "Trần Văn Bình"

[[person]]
id = "Bad_Id"
name = "Lê Văn Cường"

[[person]]
name = "Phạm Văn Dũng"

[[person]]
id = "no-name"
name = 3
aliases = "Dũng"
"#;
    let (r, findings) = Registry::parse(text, None);
    let shown: Vec<&str> = findings.iter().map(|f| &text[f.span.range()]).collect();
    assert_eq!(
        shown,
        vec![
            "title",                       // unknown top-level key
            "colour",                      // unknown key in [[person]]
            "\"2020-7\"",                  // bad date form
            "\"2021-02-29\"",              // a day that does not exist
            "\"2022-04-30\"",              // to before from
            "\"hôm nay trời đẹp\"",        // not a post
            "2020",                        // a date must be a string
            "\"https://example.invalid\"", // sources must be an array
            "\"yes\"",                     // single_holder must be a boolean
            "rank",                        // unknown key in [[person.post]]
            "[[person.post]]",             // missing title
            "\"ok-person\"",               // duplicate id: the second one
            "\"Bad_Id\"",                  // bad id characters
            "[[person]]",                  // missing id
            "3",                           // name of the wrong type
            "\"Dũng\"",                    // aliases must be an array
        ],
        "{findings:#?}"
    );
    assert!(findings.iter().all(|f| f.rule == "registry/invalid"));
    assert_eq!(registry::INVALID.code, "registry/invalid");
    // The duplicate points back at the first definition.
    let dup = &findings[11];
    assert!(dup.message.contains("Nguyễn Văn An"), "{}", dup.message);
    assert_eq!(&text[dup.related[0].span.range()], "\"ok-person\"");
    assert!(dup.related[0].span.start < dup.span.start);
    // One bad entry never discards the others: the first person keeps the
    // one good post; the first definition of the duplicate id stays.
    assert_eq!(r.len(), 1);
    let an = r.person("ok-person").unwrap();
    assert_eq!(an.name, "Nguyễn Văn An");
    assert_eq!(an.posts.len(), 1);
    assert_eq!(an.posts[0].from.unwrap().year, 2018);
}

#[test]
fn toml_syntax_errors_are_findings_and_the_rest_survives() {
    let text = "[[person]]\nid = \"a\"\nname = \"Nguyễn Văn An\"\n\n[[person]\nid = \"b\"\n";
    let (_, findings) = Registry::parse(text, None);
    assert!(!findings.is_empty());
    assert!(
        findings[0].message.contains("TOML"),
        "{}",
        findings[0].message
    );
    for f in &findings {
        assert!(f.span.end <= text.len() && text.is_char_boundary(f.span.start));
    }
    let (_, findings) = Registry::parse("person = 1\n", None);
    assert_eq!(findings.len(), 1);
    let (_, findings) = Registry::parse("person = [1]\n", None);
    assert_eq!(findings.len(), 1);
}

#[test]
fn holders_at_with_partial_dates_and_open_ends() {
    let r = parse_ok(&std::fs::read_to_string(fixture("officials.toml")).unwrap());
    let bi_thu = key("Bí thư Quận ủy quận Hoàng Mai");
    let ids = |date| -> Vec<String> {
        r.holders_at(&bi_thu, date)
            .into_iter()
            .map(|(p, _)| p.id.clone())
            .collect()
    };
    // from = "2020-07" starts on 2020-07-01.
    assert!(ids((2020, 6, 30)).is_empty());
    assert_eq!(ids((2020, 7, 1)), vec!["nguyen-xuan-linh"]);
    assert_eq!(ids((2021, 5, 20)), vec!["nguyen-xuan-linh"]);
    // Open end: still holds it.
    assert_eq!(ids((2021, 5, 21)), vec!["nguyen-quang-hieu"]);
    assert_eq!(ids((2035, 1, 1)), vec!["nguyen-quang-hieu"]);
    // Every holder, by start date.
    let all: Vec<&str> = r
        .holders(&bi_thu)
        .iter()
        .map(|(p, _)| p.id.as_str())
        .collect();
    assert_eq!(all, vec!["nguyen-xuan-linh", "nguyen-quang-hieu"]);

    // to = "2020-06" ends on 2020-06-30; from = "2016" starts on 2016-01-01.
    let chu_tich = key("Chủ tịch UBND quận Hoàng Mai");
    let at = |date| -> Vec<String> {
        r.holders_at(&chu_tich, date)
            .into_iter()
            .map(|(p, _)| p.id.clone())
            .collect()
    };
    assert!(at((2015, 12, 31)).is_empty());
    assert_eq!(at((2016, 1, 1)), vec!["nguyen-xuan-linh"]);
    assert_eq!(at((2020, 6, 30)), vec!["nguyen-xuan-linh"]);
    assert!(at((2020, 7, 1)) == vec!["le-thi-hoa"]);

    // A post with both ends open covers every day.
    let hdnd = key("Phó Chủ tịch Hội đồng nhân dân thành phố Hà Nội");
    assert_eq!(r.holders_at(&hdnd, (1990, 1, 1)).len(), 1);
    assert!(r.holders_at("no such post", (2020, 1, 1)).is_empty());
    assert!(r.holders("no such post").is_empty());

    let linh = r.person("nguyen-xuan-linh").unwrap();
    let titles = |date| -> Vec<String> {
        r.posts_at(linh, date)
            .into_iter()
            .map(|p| p.post.canonical())
            .collect()
    };
    assert_eq!(
        titles((2019, 3, 1)),
        vec!["Chủ tịch Ủy ban nhân dân quận Hoàng Mai"]
    );
    assert_eq!(titles((2020, 8, 1)), vec!["Bí thư Quận ủy quận Hoàng Mai"]);
    assert!(titles((2022, 1, 1)).is_empty());
}

#[test]
fn partial_dates() {
    let d = PartialDate::parse("2024-02").unwrap();
    assert_eq!(d.first_day(), (2024, 2, 1));
    assert_eq!(d.last_day(), (2024, 2, 29));
    assert_eq!(d.to_string(), "2024-02");
    assert_eq!(
        PartialDate::parse("2023").unwrap().last_day(),
        (2023, 12, 31)
    );
    assert!(PartialDate::parse("2023").unwrap() < PartialDate::parse("2023-01-01").unwrap());
    assert!(PartialDate::parse("2023-12-31").unwrap() < PartialDate::parse("2024").unwrap());
}

#[test]
fn names_and_aliases_are_found_whatever_the_accents() {
    let r = parse_ok(&std::fs::read_to_string(fixture("officials.toml")).unwrap());
    let ids = |name: &str| -> Vec<String> {
        r.find_by_name(name)
            .into_iter()
            .map(|p| p.id.clone())
            .collect()
    };
    assert_eq!(ids("Nguyễn Xuân Linh"), vec!["nguyen-xuan-linh"]);
    assert_eq!(ids("nguyễn  xuân LINH"), vec!["nguyen-xuan-linh"]);
    let nfd: String = "Nguyễn Xuân Linh".nfd().collect();
    assert_ne!(nfd, "Nguyễn Xuân Linh");
    assert_eq!(ids(&nfd), vec!["nguyen-xuan-linh"]);
    assert_eq!(ids("Nguyễn X. Linh"), vec!["nguyen-xuan-linh"]);
    // Tone placement: the file says "Hòa"; "Hoà" is the same name.
    assert_eq!(ids("Lê Thị Hoà"), vec!["le-thi-hoa"]);
    assert_eq!(ids("Lê Thị Hòa"), vec!["le-thi-hoa"]);
    // Accents are not folded away: a different tone is a different name.
    assert!(ids("Lê Thị Hóa").is_empty());
    assert!(ids("").is_empty());
}

#[test]
fn post_keys_ignore_abbreviations_and_spelling() {
    assert_eq!(
        key("Chủ tịch UBND quận Hoàng Mai"),
        key("Chủ tịch Ủy ban nhân dân quận Hoàng Mai")
    );
    assert_eq!(
        key("Chủ tịch UBND TP Hà Nội"),
        key("Chủ tịch Ủy ban nhân dân thành phố Hà Nội")
    );
    assert_eq!(
        key("Phó Chủ tịch HĐND phường Vĩnh Hưng"),
        key("Phó Chủ tịch Hội đồng nhân dân phường Vĩnh Hưng")
    );
    assert_eq!(
        key("Bí thư Quận uỷ quận Hoàng Mai"),
        key("Bí thư Quận ủy quận Hoàng Mai")
    );
    let nfd: String = "Bí thư Quận ủy quận Hoàng Mai".nfd().collect();
    assert_eq!(key(&nfd), key("Bí thư Quận ủy quận Hoàng Mai"));
    assert_eq!(
        key("nguyên Bí thư Quận ủy quận Hoàng Mai"),
        key("Bí thư Quận ủy quận Hoàng Mai")
    );
    assert_ne!(
        key("Phó Chủ tịch UBND quận Hoàng Mai"),
        key("Chủ tịch UBND quận Hoàng Mai")
    );
    assert!(registry::normalize_title("Nguyễn Văn An").is_none());
    assert!(registry::normalize_title("").is_none());
}

#[test]
fn load_merges_files_and_reports_per_file() {
    let paths = vec![
        fixture("officials.toml"),
        fixture("more.toml"),
        fixture("missing.toml"),
    ];
    let (r, files) = Registry::load(&paths);
    assert_eq!(r.len(), 4);
    assert_eq!(files.len(), 3);
    assert!(files[0].2.is_empty());
    // The id already defined in the first file is an error in the second.
    let (path, text, findings) = &files[1];
    assert_eq!(path, &fixture("more.toml"));
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert_eq!(&text[findings[0].span.range()], "\"nguyen-quang-hieu\"");
    assert!(findings[0].message.contains("officials.toml"));
    assert_eq!(
        r.person("nguyen-quang-hieu").unwrap().name,
        "Nguyễn Quang Hiếu"
    );
    assert_eq!(
        r.person("tran-van-binh").unwrap().file.as_deref(),
        Some(fixture("more.toml").as_path())
    );
    // A missing file: one finding, empty text.
    let (_, text, findings) = &files[2];
    assert!(text.is_empty());
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].span.range(), 0..0);

    // merge: the first definition wins.
    let (mut a, _) = Registry::parse(&std::fs::read_to_string(&paths[0]).unwrap(), None);
    let (b, _) = Registry::parse(&std::fs::read_to_string(&paths[1]).unwrap(), None);
    a.merge(b);
    assert_eq!(a.len(), 4);
    assert_eq!(
        a.person("nguyen-quang-hieu").unwrap().name,
        "Nguyễn Quang Hiếu"
    );
    let ubnd_hn = key("Chủ tịch UBND thành phố Hà Nội");
    assert_eq!(a.holders_at(&ubnd_hn, (2019, 12, 31)).len(), 1);
    assert!(a.holders_at(&ubnd_hn, (2020, 1, 1)).is_empty());
}

/// A generated registry parses without error and queries stay indexed.
/// (100,000 people are measured in release with
/// `cargo run --release --example registry_scale`; see docs/registry.md.)
#[test]
fn a_large_generated_registry_parses() {
    let n = 20_000;
    let wards = [
        "Vĩnh Hưng",
        "Định Công",
        "Hoàng Liệt",
        "Mai Động",
        "Tương Mai",
    ];
    let mut text = String::new();
    for i in 0..n {
        text.push_str(&format!(
            "[[person]]\nid = \"nguoi-{i}\"\nname = \"Nguyễn Văn Người {i}\"\n\n[[person.post]]\ntitle = \"Chủ tịch UBND phường {}\"\nfrom = \"{}\"\nto = \"{}\"\n\n",
            wards[i % wards.len()],
            1000 + i / wards.len(),
            1000 + i / wards.len(),
        ));
    }
    let r = parse_ok(&text);
    assert_eq!(r.len(), n);
    assert_eq!(
        r.find_by_name("nguyễn văn người 12345")[0].id,
        "nguoi-12345"
    );
    let k = key("Chủ tịch UBND phường Định Công");
    assert_eq!(r.holders(&k).len(), n / wards.len());
    let at = r.holders_at(&k, (1000 + 12345 / 5, 6, 1));
    assert_eq!(at.len(), 1);
    assert_eq!(at[0].0.id, "nguoi-12346");
}

mod never_panics {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

        #[test]
        fn arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
            let text = String::from_utf8_lossy(&bytes);
            let (_, findings) = Registry::parse(&text, None);
            for f in findings {
                prop_assert!(f.span.end <= text.len());
                prop_assert!(text.is_char_boundary(f.span.start) && text.is_char_boundary(f.span.end));
            }
        }

        #[test]
        fn registry_shaped_text(
            lines in proptest::collection::vec(
                prop_oneof![
                    Just("[[person]]".to_string()),
                    Just("[[person.post]]".to_string()),
                    Just("[person]".to_string()),
                    "(id|name|title|from|to|aliases|sources|note|single_holder|x) = (\"[a-zA-Z0-9 ếăơ.-]{0,12}\"|[0-9]{1,5}|true|\\[\\]|\\[1, \"a\"\\]|\\{\\})",
                    "[\\PC]{0,20}",
                ],
                0..30,
            )
        ) {
            let text = lines.join("\n");
            let (r, findings) = Registry::parse(&text, None);
            for f in &findings {
                prop_assert!(f.span.end <= text.len());
            }
            for p in r.people() {
                let _ = r.find_by_name(&p.name);
                for post in &p.posts {
                    let _ = r.holders_at(&post.key, (2020, 1, 1));
                }
            }
        }
    }
}

#[test]
fn kb_build_drafts_a_registry_that_parses_back() {
    let (code, draft, stderr) = bientap(&["kb", "build", "tests/gold"]);
    assert_eq!(code, 0, "{stderr}");
    let articles = std::fs::read_dir("tests/gold")
        .unwrap()
        .filter(|e| bientap::cli::files::is_article_file(&e.as_ref().unwrap().path()))
        .count();
    assert!(
        draft.starts_with(&format!(
            "# draft: {articles} articles, generated by bientap kb build\n"
        )),
        "{}",
        &draft[..200.min(draft.len())]
    );
    let r = parse_ok(&draft);
    assert!(r.len() >= 5, "{draft}");
    // Every live post has the dates of the articles and cites them.
    for p in r.people() {
        assert!(
            p.id.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        );
        for post in &p.posts {
            assert!(post.from.is_some() && post.to.is_some());
            assert!(post.from <= post.to);
            assert!(post.sources.iter().all(|s| s.starts_with("tests/gold")));
        }
    }
    // Ids are unique (parse_ok would have failed otherwise) and names are
    // found again by name.
    for p in r.people() {
        assert!(r.find_by_name(&p.name).iter().any(|q| q.id == p.id));
    }
}

#[test]
fn kb_build_writes_a_file_and_refuses_to_overwrite_without_force() {
    let dir = support::scratch("registry-kb");
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let articles = dir.join("articles");
    std::fs::create_dir_all(&articles).unwrap();
    for e in std::fs::read_dir(&seeds).unwrap() {
        let p = e.unwrap().path();
        if bientap::cli::files::is_article_file(&p) {
            std::fs::copy(&p, articles.join(p.file_name().unwrap())).unwrap();
        }
    }
    let out = dir.join("officials.toml");
    let (a, o) = (articles.to_str().unwrap(), out.to_str().unwrap());
    let (code, stdout, stderr) = bientap(&["kb", "build", a, "-o", o]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.is_empty());
    let first = std::fs::read_to_string(&out).unwrap();
    parse_ok(&first);
    // No temporary file is left behind.
    let left: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left.len(), 2, "{left:?}");

    std::fs::write(&out, "# mine\n").unwrap();
    let (code, _, stderr) = bientap(&["kb", "build", a, "-o", o]);
    assert_eq!(code, 2);
    assert!(stderr.contains("--force"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "# mine\n");

    let (code, _, stderr) = bientap(&["kb", "build", a, "-o", o, "--force"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), first);
}

#[test]
fn kb_build_on_a_missing_folder_is_an_error() {
    let (code, _, stderr) = bientap(&["kb", "build", "no/such/folder"]);
    assert_eq!(code, 2);
    assert!(!stderr.is_empty());
}

#[test]
fn kb_build_dedupes_ids_and_takes_dates_from_the_articles() {
    let dir = support::scratch("registry-dedupe");
    std::fs::write(
        dir.join("a.txt"),
        "Họp quận Hoàng Mai\n\nNgày đăng 01/08/2020\n\nChủ tịch UBND quận Hoàng Mai Nguyễn Văn An và Phó Chủ tịch UBND quận Hoàng Mai Nguyễn Văn Ân dự họp.\n\nBí thư Quận ủy quận Hoàng Mai Nguyễn Văn Ăn phát biểu.\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("b.txt"),
        "Tin quận Hoàng Mai\n\nNgày đăng 15/03/2021\n\nChủ tịch UBND quận Hoàng Mai Nguyễn Văn An kiểm tra công trình.\n",
    )
    .unwrap();
    let (code, draft, stderr) = bientap(&["kb", "build", dir.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    assert!(draft.starts_with("# draft: 2 articles, generated by bientap kb build\n"));
    let r = parse_ok(&draft);
    let ids: Vec<&str> = r.people().iter().map(|p| p.id.as_str()).collect();
    assert_eq!(
        ids,
        vec!["nguyen-van-an", "nguyen-van-an-2", "nguyen-van-an-3"]
    );
    let an = r.person("nguyen-van-an").unwrap();
    assert_eq!(an.name, "Nguyễn Văn An");
    assert_eq!(an.posts.len(), 1);
    assert_eq!(an.posts[0].from.unwrap().to_string(), "2020-08-01");
    assert_eq!(an.posts[0].to.unwrap().to_string(), "2021-03-15");
    assert_eq!(an.posts[0].sources.len(), 2);
    let k = key("Chủ tịch UBND quận Hoàng Mai");
    assert_eq!(r.holders_at(&k, (2020, 12, 1))[0].0.id, "nguyen-van-an");
}

#[test]
fn deep_nesting_does_not_overflow_the_stack() {
    let n = 100_000;
    for text in [
        format!("x = {}{}", "[".repeat(n), "]".repeat(n)),
        format!("x = {}", "{ a = ".repeat(n)),
        format!(
            "[[person]]\nid = \"a\"\nname = \"A\"\naliases = {}",
            "[".repeat(n)
        ),
    ] {
        let (_, findings) = Registry::parse(&text, None);
        assert!(!findings.is_empty());
    }
}
