//! `bientap check` and `bientap entities` as a user runs them: output
//! formats, the documented JSON schema, exit codes, unreadable files.

mod support;

use support::bientap;

use serde_json::Value;

fn assert_position(p: &Value) {
    for key in ["line", "column", "character"] {
        assert!(p[key].as_u64().is_some_and(|n| n >= 1), "{key} in {p}");
    }
}

fn assert_range(r: &Value) {
    assert_position(&r["start"]);
    assert_position(&r["end"]);
    let (a, b) = (
        r["byte_start"].as_u64().unwrap(),
        r["byte_end"].as_u64().unwrap(),
    );
    assert!(a <= b);
}

/// The schema documented in docs/cli.md, checked field by field.
#[test]
fn json_output_matches_documented_schema() {
    let (code, out, _) = bientap(&["check", "seeds", "--format", "json"]);
    assert_eq!(code, 1, "the seeds contain warnings");
    let doc: Value = serde_json::from_str(&out).expect("valid JSON");
    assert_eq!(doc["schema"], "bientap-check/1");
    assert_eq!(doc["tool"]["name"], "bientap");
    let files = doc["files"].as_array().unwrap();
    assert_eq!(files.len(), 5);
    let mut total = 0;
    for f in files {
        assert!(f["path"].as_str().unwrap().starts_with("seeds"));
        assert!(f["error"].is_null());
        for finding in f["findings"].as_array().unwrap() {
            total += 1;
            assert!(finding["rule"].as_str().unwrap().contains('/'));
            assert!(
                ["hint", "info", "warning", "error"]
                    .contains(&finding["severity"].as_str().unwrap())
            );
            assert!(!finding["message"].as_str().unwrap().is_empty());
            assert_range(&finding["range"]);
            for fix in finding["fixes"].as_array().unwrap() {
                assert!(fix["title"].is_string() && fix["safe"].is_boolean());
                for e in fix["edits"].as_array().unwrap() {
                    assert_range(&e["range"]);
                    assert!(e["replacement"].is_string());
                }
            }
            for rel in finding["related"].as_array().unwrap() {
                assert_range(&rel["range"]);
                assert!(rel["message"].is_string());
            }
        }
    }
    assert_eq!(doc["summary"]["findings"].as_u64().unwrap(), total);
    assert_eq!(doc["summary"]["files"], 5);
}

#[test]
fn json_columns_count_bytes_and_characters() {
    let dir = support::scratch("cli-columns");
    // "Quận uỷ" is the minority spelling here; it sits after multi-byte text.
    let text = "Tiêu đề\n\nQuận ủy họp. Quận ủy quyết định. Bí thư Quận uỷ phát biểu.\n";
    std::fs::write(dir.join("a.article"), text).unwrap();
    let (_, out, _) = bientap(&["check", dir.to_str().unwrap(), "--format", "json"]);
    let doc: Value = serde_json::from_str(&out).unwrap();
    let f = &doc["files"][0]["findings"][0];
    assert_eq!(f["rule"], "orthography/mixed-tone-style");
    let line = "Quận ủy họp. Quận ủy quyết định. Bí thư Quận uỷ phát biểu.";
    let byte_col = line.find("uỷ").unwrap();
    assert_eq!(f["range"]["start"]["line"], 3);
    assert_eq!(f["range"]["start"]["column"], byte_col + 1);
    assert_eq!(
        f["range"]["start"]["character"],
        line[..byte_col].chars().count() + 1
    );
    assert_eq!(f["range"]["byte_start"], text.find("uỷ").unwrap());
}

#[test]
fn sarif_output_is_sarif_2_1_0() {
    let (code, out, _) = bientap(&["check", "seeds", "--format", "sarif"]);
    assert_eq!(code, 1);
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["version"], "2.1.0");
    let run = &doc["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "bientap");
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let rules: Vec<&str> = run["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    let results = run["results"].as_array().unwrap();
    assert!(!results.is_empty());
    for r in results {
        assert!(rules.contains(&r["ruleId"].as_str().unwrap()));
        let region = &r["locations"][0]["physicalLocation"]["region"];
        assert!(region["startLine"].as_u64().unwrap() >= 1);
        assert!(region["startColumn"].as_u64().unwrap() >= 1);
    }
}

#[test]
fn human_output_underlines_the_span() {
    let (code, out, _) = bientap(&["check", "seeds/000_d5575fdf0234169a.txt"]);
    assert_eq!(code, 1);
    assert!(out.contains("seeds/000_d5575fdf0234169a.txt:"), "{out}");
    assert!(out.contains("warning[debris/website]"), "{out}");
    assert!(out.contains("| Phiên bản di động"), "{out}");
    assert!(out.contains("^^^^"), "{out}");
    assert!(!out.contains('\x1b'), "no colours when not a terminal");
}

#[test]
fn exit_codes_and_unreadable_files() {
    let dir = support::scratch("cli-exit");
    std::fs::write(
        dir.join("clean.article"),
        "Tiêu đề\n\nQuận ủy họp bàn công tác.\n",
    )
    .unwrap();
    let (code, _, _) = bientap(&["check", dir.to_str().unwrap()]);
    assert_eq!(code, 0);
    // TCVN3-style bytes: not UTF-8. The run names the file and continues.
    std::fs::write(dir.join("legacy.txt"), b"H\xb5 N\xe9i \xb5\xe1 \xe8\xf5\n").unwrap();
    std::fs::write(
        dir.join("warn.article"),
        "Tiêu đề\n\nQuận ủy họp. Quận ủy bàn. Quận uỷ kết luận.\n",
    )
    .unwrap();
    let (code, out, _) = bientap(&["check", dir.to_str().unwrap()]);
    assert_eq!(code, 2, "an unreadable file is an I/O error");
    assert!(
        out.contains("legacy.txt") && out.contains("không phải UTF-8") && out.contains("TCVN3"),
        "{out}"
    );
    assert!(
        out.contains("warn.article"),
        "other files are still checked: {out}"
    );
    let (code, _, err) = bientap(&["check"]);
    assert_eq!(code, 2, "usage error: {err}");
    let (code, out, _) = bientap(&["check", "/no/such/path"]);
    assert_eq!(code, 2);
    assert!(out.contains("/no/such/path"));
}

#[test]
fn entities_json_lists_people_with_titles() {
    let (code, out, _) = bientap(&[
        "entities",
        "seeds/001_4c3665d56e5f4e8d.txt",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0);
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["schema"], "bientap-entities/1");
    let people = doc["files"][0]["people"].as_array().unwrap();
    let hieu = people
        .iter()
        .find(|p| p["name"] == "Nguyễn Quang Hiếu")
        .expect("Nguyễn Quang Hiếu found");
    let titles: Vec<&str> = hieu["titles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["canonical"].as_str().unwrap())
        .collect();
    assert!(
        titles.iter().any(|t| t.starts_with("Bí thư Quận ủy")),
        "{titles:?}"
    );
    assert!(
        titles.iter().any(|t| t.contains("Ủy viên Thành ủy")),
        "{titles:?}"
    );
    let e = &doc["files"][0]["entities"][0];
    for key in [
        "kind",
        "text",
        "range",
        "origin",
        "confidence",
        "value",
        "links",
    ] {
        assert!(e.get(key).is_some(), "{key} missing in {e}");
    }
}

#[test]
fn version_and_help() {
    let (code, out, _) = bientap(&["version"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("bientap "));
    let (code, out, _) = bientap(&["--help"]);
    assert_eq!(code, 0);
    for cmd in ["lsp", "check", "entities", "eval"] {
        assert!(out.contains(cmd), "{cmd} in help");
    }
}

#[test]
fn annotate_round_trips_every_seed() {
    let dir = support::scratch("cli-annotate");
    for entry in std::fs::read_dir(format!("{}/seeds", env!("CARGO_MANIFEST_DIR"))).unwrap() {
        let path = entry.unwrap().path();
        let raw = std::fs::read_to_string(&path).unwrap();
        let out = dir
            .join(path.file_name().unwrap())
            .with_extension("article");
        let (code, stdout, err) = bientap(&[
            "annotate",
            path.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ]);
        assert_eq!(code, 0, "{err}");
        assert!(stdout.is_empty(), "with -o nothing goes to stdout");
        let annotated = std::fs::read_to_string(&out).unwrap();
        let article = bientap::syntax::parse(&annotated, bientap::syntax::SourceFormat::Article);
        assert!(article.errors.is_empty(), "{:?}", article.errors);
        assert_eq!(
            article.plain.text,
            raw,
            "strip(annotate({})) differs",
            path.display()
        );
        assert!(
            article.annotations.len() > 10,
            "{} annotations only",
            article.annotations.len()
        );
        // No temporary file is left behind.
        let leftovers: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty());
    }
}

#[test]
fn fix_and_diff() {
    let dir = support::scratch("cli-fix");
    let file = dir.join("a.txt");
    let original = "Tiêu đề\nQuận ủy họp. Quận ủy bàn. Quận ủy duyệt. Quận uỷ kết luận.\nHoa Thành\nPhiên bản di động\n";
    std::fs::write(&file, original).unwrap();
    let (code, out, _) = bientap(&["check", "--diff", file.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert!(
        out.contains("-Quận ủy họp. Quận ủy bàn. Quận ủy duyệt. Quận uỷ kết luận.")
            && out.contains("-Phiên bản di động"),
        "{out}"
    );
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        original,
        "--diff writes nothing"
    );
    let (code, _, err) = bientap(&["check", "--fix", file.to_str().unwrap()]);
    assert_eq!(code, 0, "everything left is fixed: {err}");
    assert!(err.contains("đã áp dụng 2"), "{err}");
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        "Tiêu đề\nQuận ủy họp. Quận ủy bàn. Quận ủy duyệt. Quận ủy kết luận.\nHoa Thành\n"
    );
}

#[test]
fn bientap_toml_is_found_by_walking_up_and_its_errors_reported() {
    let dir = support::scratch("cli-config");
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    let article = "Tiêu đề\nQuận ủy họp. Quận ủy bàn. Quận uỷ duyệt.\n";
    std::fs::write(dir.join("sub/a.txt"), article).unwrap();
    let (code, out, _) = bientap(&["check", dir.join("sub").to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    std::fs::write(dir.join("bientap.toml"), "[rules]\northography = \"off\"\n").unwrap();
    let (code, out, _) = bientap(&["check", dir.join("sub").to_str().unwrap()]);
    assert_eq!(code, 0, "the family is off: {out}");
    std::fs::write(
        dir.join("bientap.toml"),
        "[rules]\northography = \"off\"\nbogus = \"x\"\n",
    )
    .unwrap();
    let (code, out, _) = bientap(&["check", dir.join("sub").to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(
        out.contains("bientap.toml:3:1: error[config/invalid]"),
        "{out}"
    );
    assert!(
        !out.contains("mixed-tone-style"),
        "valid parts still apply: {out}"
    );
}

/// The nearest `officials.toml` (and `[registry] paths`) feed the
/// `title/registry-holder` rule; the fixture workspace's own articles agree
/// with its registry, an article dated after the term does not.
#[test]
fn registry_is_found_and_checked_against() {
    let dir = support::scratch("cli-registry");
    std::fs::create_dir_all(dir.join("bai")).unwrap();
    let fixture = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/workspace");
    for entry in std::fs::read_dir(fixture).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), dir.join("bai").join(entry.file_name())).unwrap();
    }
    std::fs::rename(dir.join("bai/officials.toml"), dir.join("officials.toml")).unwrap();
    let d = dir.display().to_string();
    let (_, out, _) = bientap(&["check", &d, "--format", "json"]);
    assert!(!out.contains("title/registry-holder"), "{out}");

    std::fs::write(
        dir.join("bai/sau-nhiem-ky.article"),
        "---\ndate: 2022-03-01\n---\n# Tin\n\nBí thư Quận ủy Hoàng Mai Nguyễn Xuân Linh dự lễ.\n",
    )
    .unwrap();
    let (code, out, _) = bientap(&["check", &d, "--format", "json"]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let hits: Vec<(&str, &serde_json::Value)> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|file| {
            file["findings"]
                .as_array()
                .unwrap()
                .iter()
                .map(move |f| (file["path"].as_str().unwrap(), f))
        })
        .filter(|(_, f)| f["rule"] == "title/registry-holder")
        .collect();
    assert_eq!(hits.len(), 1, "{out}");
    assert!(hits[0].0.ends_with("sau-nhiem-ky.article"));
    assert!(
        hits[0].1["message"]
            .as_str()
            .unwrap()
            .contains("Nguyễn Quang Hiếu"),
        "{out}"
    );

    // A broken registry is reported as a file with errors, and the run goes on.
    std::fs::write(dir.join("officials.toml"), "[[person]]\nid = 5\n").unwrap();
    let (code, out, _) = bientap(&["check", &d, "--format", "json"]);
    assert_eq!(code, 1);
    assert!(out.contains("registry/invalid"), "{out}");
}

/// `--language en` and `[messages] language = "en"` switch messages, fix
/// titles, related messages, the summary line and SARIF rule descriptions
/// to English; the flag wins over the file.
#[test]
fn messages_in_english_by_flag_or_bientap_toml() {
    let json = |args: &[&str]| -> Value {
        let (_, out, _) = bientap(args);
        serde_json::from_str(&out).expect("valid JSON")
    };
    let messages = |doc: &Value| -> Vec<String> {
        let mut out = Vec::new();
        for f in doc["files"].as_array().unwrap() {
            for finding in f["findings"].as_array().unwrap() {
                out.push(finding["message"].as_str().unwrap().to_string());
                for fix in finding["fixes"].as_array().unwrap() {
                    out.push(fix["title"].as_str().unwrap().to_string());
                }
                for r in finding["related"].as_array().unwrap() {
                    out.push(r["message"].as_str().unwrap().to_string());
                }
            }
        }
        out
    };
    let vi = messages(&json(&["check", "seeds", "--format", "json"]));
    let en = messages(&json(&[
        "check",
        "seeds",
        "--format",
        "json",
        "--language",
        "en",
    ]));
    assert_eq!(vi.len(), en.len());
    assert!(vi.iter().any(|m| m.contains("Sửa thành")), "{vi:?}");
    assert!(
        !en.iter()
            .any(|m| m.contains("Sửa thành") || m.contains("còn trong bài")),
        "{en:?}"
    );
    assert!(en.iter().any(|m| m.starts_with("Change to “")), "{en:?}");
    assert!(en.iter().any(|m| m == "The first copy"), "{en:?}");
    assert_eq!(
        messages(&json(&[
            "check",
            "seeds",
            "--format",
            "json",
            "--language",
            "vi"
        ])),
        vi
    );

    let (_, out, _) = bientap(&["check", "seeds", "--language", "en"]);
    assert!(out.ends_with("41 findings in 5 files.\n"), "{out}");
    assert!(out.contains("= fix: "), "{out}");
    let (_, out, _) = bientap(&["check", "seeds", "--format", "sarif", "--language", "en"]);
    let sarif: Value = serde_json::from_str(&out).unwrap();
    let run = &sarif["runs"][0];
    let debris = run["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "debris/website")
        .unwrap();
    assert!(
        debris["shortDescription"]["text"]
            .as_str()
            .unwrap()
            .starts_with("Web-page furniture")
    );

    // bientap.toml: the language applies to the articles under it and to
    // the file's own errors; the flag overrides it.
    let dir = support::scratch("cli-language");
    std::fs::write(
        dir.join("a.txt"),
        "Tiêu đề\nQuận ủy họp. Quận ủy bàn. Quận uỷ duyệt.\n",
    )
    .unwrap();
    std::fs::write(dir.join("bientap.toml"), "[messages]\nlanguage = \"en\"\n").unwrap();
    let path = dir.to_str().unwrap();
    let doc = json(&["check", path, "--format", "json"]);
    let m = messages(&doc);
    assert!(
        m.iter().any(|m| m.contains("places its tone mark")),
        "{m:?}"
    );
    let (_, out, _) = bientap(&["check", path]);
    assert!(out.ends_with("1 finding in 1 file.\n"), "{out}");
    let m = messages(&json(&[
        "check",
        path,
        "--format",
        "json",
        "--language",
        "vi",
    ]));
    assert!(m.iter().any(|m| m.contains("đặt dấu kiểu")), "{m:?}");
    // A bad value is a config/invalid error, in the flag's language.
    std::fs::write(dir.join("bientap.toml"), "[messages]\nlanguage = \"fr\"\n").unwrap();
    let (code, out, _) = bientap(&["check", path, "--language", "en"]);
    assert_eq!(code, 1);
    assert!(
        out.contains(
            "error[config/invalid] `language` must be \"vi\" (Vietnamese) or \"en\" (English)."
        ),
        "{out}"
    );
    let (code, _, err) = bientap(&["check", path, "--language", "fr"]);
    assert_eq!(code, 2, "{err}");
}

/// `check` treats the files it is given as one workspace
/// (`tests/fixtures/workspace-conflicts/`): an article naming another
/// holder than the articles around its date, and a congress numbered
/// against the others, are reported; the consistent articles, a deputy
/// and a former holder are not; a single file has no workspace; the
/// findings obey suppression comments like any other.
#[test]
fn workspace_timeline_rules_across_checked_files() {
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/workspace-conflicts"
    );
    let dir = support::scratch("cli-workspace-conflicts");
    for entry in std::fs::read_dir(fixture).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), dir.join(entry.file_name())).unwrap();
    }
    let d = dir.display().to_string();
    let hits = |out: &str| -> Vec<(String, String, String)> {
        let v: Value = serde_json::from_str(out).unwrap();
        let mut hits = Vec::new();
        for file in v["files"].as_array().unwrap() {
            let path = file["path"].as_str().unwrap();
            let text = std::fs::read_to_string(path).unwrap();
            for f in file["findings"].as_array().unwrap() {
                let rule = f["rule"].as_str().unwrap();
                if !rule.contains("workspace") {
                    continue;
                }
                let (a, b) = (
                    f["range"]["byte_start"].as_u64().unwrap() as usize,
                    f["range"]["byte_end"].as_u64().unwrap() as usize,
                );
                let name = std::path::Path::new(path).file_name().unwrap();
                hits.push((
                    name.to_string_lossy().into_owned(),
                    rule.to_string(),
                    text[a..b].to_string(),
                ));
            }
        }
        hits.sort();
        hits
    };
    let (code, out, _) = bientap(&["check", &d, "--format", "json"]);
    assert_eq!(code, 1);
    assert_eq!(
        hits(&out),
        [
            (
                "dai-hoi-sai.article".to_string(),
                "ordinal/workspace-term".to_string(),
                "V, nhiệm kỳ 2020-2025".to_string()
            ),
            (
                "hieu-2021-03.article".to_string(),
                "title/workspace-holder".to_string(),
                "Nguyễn Quang Hiếu".to_string()
            ),
        ]
    );
    assert!(out.contains("linh-2020-11.article (2/11/2020), linh-2021-04.article (20/4/2021)"));
    // One file alone: no workspace, no finding.
    let one = dir.join("hieu-2021-03.article").display().to_string();
    let (_, out, _) = bientap(&["check", &one, "--format", "json"]);
    assert!(hits(&out).is_empty(), "{out}");
    // A suppression comment silences the workspace pass's finding too.
    let path = dir.join("hieu-2021-03.article");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace(
            "Đồng chí Nguyễn Quang Hiếu",
            "<!-- bientap-disable-next-line title/workspace-holder -->\nĐồng chí Nguyễn Quang Hiếu",
        ),
    )
    .unwrap();
    let (_, out, _) = bientap(&["check", &d, "--format", "json"]);
    let left = hits(&out);
    assert_eq!(left.len(), 1, "{left:?}");
    assert_eq!(left[0].0, "dai-hoi-sai.article");
}

/// `[lexicons]` in `bientap.toml`: a workspace dictionary, collocations and
/// organisation names (tests/fixtures/lexicons), and their errors — a
/// missing file at its path in `bientap.toml`, a bad line in its own file.
#[test]
fn extra_lexicons_are_loaded_and_their_errors_reported() {
    let fixture = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/lexicons");
    let article = format!("{fixture}/bai.txt");
    let (code, out, _) = bientap(&["check", &article, "--format", "json"]);
    assert_eq!(code, 1, "{out}");
    let v: Value = serde_json::from_str(&out).unwrap();
    let files = v["files"].as_array().unwrap();
    let findings = |suffix: &str| -> Vec<(String, String, String)> {
        files
            .iter()
            .filter(|f| f["path"].as_str().unwrap().ends_with(suffix))
            .flat_map(|f| {
                let source = std::fs::read_to_string(f["path"].as_str().unwrap()).unwrap();
                f["findings"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(move |x| (source.clone(), x.clone()))
                    .collect::<Vec<_>>()
            })
            .map(|(source, f)| {
                let (a, b) = (
                    f["range"]["byte_start"].as_u64().unwrap() as usize,
                    f["range"]["byte_end"].as_u64().unwrap() as usize,
                );
                let text = source[a..b].to_string();
                let fix = f["fixes"][0]["edits"][0]["replacement"]
                    .as_str()
                    .unwrap_or("")
                    .to_string();
                (f["rule"].as_str().unwrap().to_string(), text, fix)
            })
            .collect()
    };
    let article_findings = findings("bai.txt");
    let rules: Vec<&str> = article_findings
        .iter()
        .map(|(r, _, _)| r.as_str())
        .collect();
    // The dictionary's words are not spelling mistakes.
    assert!(!rules.iter().any(|r| r.starts_with("spelling/un")), "{out}");
    // The workspace's collocation and organisation name apply.
    assert!(
        article_findings.contains(&(
            "spelling/collocation".into(),
            "chung".into(),
            "trung".into()
        )),
        "{out}"
    );
    assert!(
        article_findings
            .iter()
            .any(|(r, t, _)| r == "capitalization/organization"
                && t == "trung tâm phục vụ hành chính công"),
        "{out}"
    );
    // The missing file, on its path in bientap.toml.
    let config = findings("bientap.toml");
    assert_eq!(config.len(), 1, "{out}");
    assert_eq!(config[0].0, "config/invalid");
    assert_eq!(config[0].1, "\"tu-dien/khong-co.dic\"");
    // The lower-case organisation line, in its own file.
    let bad = findings("to-chuc.dic");
    assert_eq!(
        bad,
        vec![(
            "lexicon/invalid".to_string(),
            "ban quản lý chợ".to_string(),
            String::new()
        )],
        "{out}"
    );
    // With `--language en` the lexicon file's own finding is in English too.
    let (_, out, _) = bientap(&["check", &article, "--format", "json", "--language", "en"]);
    let v: Value = serde_json::from_str(&out).unwrap();
    let message = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["path"].as_str().unwrap().ends_with("to-chuc.dic"))
        .flat_map(|f| f["findings"].as_array().unwrap().clone())
        .map(|f| f["message"].as_str().unwrap().to_string())
        .next()
        .expect("the lexicon finding");
    assert!(
        message.starts_with("Write the name with its official capitals"),
        "{message}"
    );
}
