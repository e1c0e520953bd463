use std::path::PathBuf;

use super::*;
use crate::text::vietnamese::phrase_key;

fn article(path: &str, text: &str) -> ArticleSummary {
    summarize_text(PathBuf::from(path), text)
}

const A: &str = "---\ndate: 2020-07-24\n---\n# Hoàng Mai tổng kết\n\nBí thư Quận ủy Hoàng Mai Nguyễn Xuân Linh phát biểu tại hội nghị.\n";
const B: &str = "---\ndate: 2021-03-02\n---\n# Hội nghị quận Hoàng Mai\n\nĐồng chí Nguyễn Quang Hiếu, Bí thư Quận ủy Hoàng Mai, chủ trì hội nghị.\n";
// NFD spelling and old tone placement of the same name.
const C: &str = "---\ndate: 2019-05-10\n---\n# Tin ngắn\n\nPhó Chủ tịch UBND quận Hoàng Mai Nguye\u{302}\u{303}n Xuân Linh dự lễ.\n";

fn index() -> WorkspaceIndex {
    let mut ix = WorkspaceIndex::new();
    ix.update(article("/w/a.article", A));
    ix.update(article("/w/b.article", B));
    ix.update(article("/w/c.article", C));
    ix
}

#[test]
fn summary_has_people_posts_date_and_positions() {
    let s = article("/w/a.article", A);
    assert_eq!(
        s.date.map(|d| (d.year, d.month, d.day)),
        Some((2020, 7, 24))
    );
    assert_eq!(s.headline.as_deref(), Some("Hoàng Mai tổng kết"));
    let linh = s
        .mentions
        .iter()
        .find(|m| m.name == "Nguyễn Xuân Linh")
        .expect("person");
    assert_eq!(linh.posts.len(), 1, "{:?}", linh.posts);
    assert!(linh.posts[0].canonical.starts_with("Bí thư Quận ủy"));
    // Line 5 (0-based), after "Bí thư Quận ủy Hoàng Mai ".
    assert_eq!(linh.position.start.line, 5);
    let prefix = "Bí thư Quận ủy Hoàng Mai ";
    assert_eq!(linh.position.start.utf8 as usize, prefix.len());
    assert_eq!(linh.position.start.utf32 as usize, prefix.chars().count());
    assert_eq!(
        linh.position.start.utf16 as usize,
        prefix.encode_utf16().count()
    );
    assert_eq!(&A[linh.span.range()], "Nguyễn Xuân Linh");
}

#[test]
fn nfd_name_shares_the_key_and_timeline_is_dated() {
    let ix = index();
    let key = phrase_key("Nguyễn Xuân Linh");
    assert_eq!(ix.article_count(&key), 2);
    let timeline = ix.timeline(&key);
    let dates: Vec<_> = timeline.iter().map(|t| t.date.map(|d| d.year)).collect();
    assert_eq!(dates, vec![Some(2019), Some(2020)], "{timeline:?}");
    assert!(timeline[0].post.starts_with("Phó Chủ tịch"));
    assert!(timeline[1].post.starts_with("Bí thư Quận ủy"));
}

#[test]
fn holders_of_a_post_in_date_order() {
    let ix = index();
    let key = ix.timeline(&phrase_key("Nguyễn Quang Hiếu"))[0]
        .post_key
        .clone();
    let holders: Vec<_> = ix.holders(&key).into_iter().map(|h| h.person).collect();
    assert_eq!(holders, vec!["Nguyễn Xuân Linh", "Nguyễn Quang Hiếu"]);
}

#[test]
fn update_replaces_and_remove_forgets() {
    let mut ix = index();
    let linh = phrase_key("Nguyễn Xuân Linh");
    ix.update(article("/w/a.article", "# Không còn ai\n\nBài đã sửa.\n"));
    assert_eq!(ix.article_count(&linh), 1);
    assert!(ix.remove(&PathBuf::from("/w/c.article")));
    assert_eq!(ix.article_count(&linh), 0);
    assert!(ix.timeline(&linh).is_empty());
    assert!(!ix.remove(&PathBuf::from("/w/c.article")));
    ix.remove_under(&PathBuf::from("/w"));
    assert!(ix.is_empty());
}

#[test]
fn search_ignores_accents_and_case() {
    let ix = index();
    let hits = ix.search("nguyen xuan linh", 50);
    assert!(!hits.is_empty());
    assert!(hits.iter().all(|h| h.kind == SymbolHitKind::Person));
    assert!(
        hits.iter()
            .all(|h| search_key(&h.name) == "nguyen xuan linh")
    );
    let places = ix.search("HOANG mai", 50);
    assert!(
        places.iter().any(|h| h.kind == SymbolHitKind::Place),
        "{places:?}"
    );
    assert!(ix.search("zzzz", 50).is_empty());
}

#[test]
fn mentions_list_every_spelling() {
    let ix = index();
    let m = ix.mentions(&phrase_key("NGUYỄN XUÂN LINH"));
    assert_eq!(m.len(), 2);
    assert!(
        m.iter().any(|(_, m)| m.name != "Nguyễn Xuân Linh"),
        "NFD spelling kept as written"
    );
}
