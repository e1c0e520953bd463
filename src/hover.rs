//! Hover cards (Markdown, Vietnamese labels) for entities. Pure: the
//! server only converts the span.

use crate::analysis::Analysis;
use crate::entity::{DateValue, Entity, EntityKind, Post, Value, YearSource};
use crate::knowledge::{Knowledge, file_url, term_text};
use crate::lexicon::Lexicons;
use crate::recognize::dates::{Ymd, describe};
use crate::span::Span;

fn year_source_text(s: YearSource) -> &'static str {
    match s {
        YearSource::Explicit => "năm ghi rõ trong ngày",
        YearSource::FrontMatter => "năm lấy từ ngày đăng trong phần đầu (front matter `date`)",
        YearSource::Dateline => "năm lấy từ dòng ngày đăng của bài",
        YearSource::MentionedYears => {
            "năm suy ra từ năm được nhắc nhiều nhất trong bài (bài không ghi ngày đăng; nên kiểm tra lại)"
        }
    }
}

/// The card for the entity at `offset`, with the entity's span, from the
/// article alone.
pub fn hover(analysis: &Analysis, offset: usize) -> Option<(Span, String)> {
    hover_with(analysis, offset, &Knowledge::default())
}

/// The card for the entity at `offset`, adding what the registry and the
/// workspace know (timelines, holders of a post at the article's date).
pub fn hover_with(
    analysis: &Analysis,
    offset: usize,
    knowledge: &Knowledge,
) -> Option<(Span, String)> {
    let e = analysis.entity_at(offset)?;
    let es = &analysis.recognition.entities;
    let md = match &e.value {
        Value::Person { name } => {
            let mut s = person_card(analysis, e, name);
            s.push_str(&person_knowledge(analysis, name, knowledge));
            s
        }
        Value::Post(p) => {
            let mut s = format!(
                "**{}{}** · chức danh\n\n",
                if p.former { "nguyên " } else { "" },
                p.canonical()
            );
            s.push_str(&format!("- Chức vụ: {}\n", p.role));
            if let Some(o) = &p.organ {
                s.push_str(&format!("- Cơ quan: {o}\n"));
            }
            if let Some(u) = &p.unit {
                let name = [u.unit_type.clone(), u.name.clone()]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(" ");
                s.push_str(&format!(
                    "- Đơn vị: {}{}\n",
                    name,
                    if u.from_context {
                        " (suy ra từ ngữ cảnh bài)"
                    } else {
                        ""
                    }
                ));
            }
            if p.single_holder {
                s.push_str("- Chỉ một người giữ tại một thời điểm\n");
            }
            let holders: Vec<String> = e
                .links
                .iter()
                .filter_map(|&i| es.get(i))
                .map(|p| p.text.clone())
                .collect();
            if !holders.is_empty() {
                s.push_str(&format!(
                    "\nNgười giữ chức trong bài: {}\n",
                    holders.join(", ")
                ));
            }
            s.push_str(&post_knowledge(analysis, p, knowledge));
            s
        }
        Value::Place(p) => {
            let mut s = format!(
                "**{}** · địa danh\n\n",
                p.hierarchy
                    .first()
                    .cloned()
                    .unwrap_or_else(|| p.name.clone())
            );
            if p.hierarchy.len() > 1 {
                s.push_str(&format!("- Thuộc: {}\n", p.hierarchy[1..].join(", ")));
            }
            if let Some(code) = &p.code {
                s.push_str(&format!("- Mã đơn vị hành chính: {code}\n"));
            }
            s.push_str(&reorganisation_note(p));
            s
        }
        Value::Date(d) => date_card(analysis, d),
        Value::Document(d) => {
            let mut s = format!("**{} {}** · văn bản\n\n", d.kind, d.number);
            if let Some(i) = &d.issuer {
                s.push_str(&format!("- Cơ quan ban hành (ký hiệu): {i}\n"));
            }
            if let Some(y) = d.year {
                s.push_str(&format!("- Năm: {y}\n"));
            }
            if let Some(date) = &d.date {
                s.push_str(&format!("- Ngày ban hành: {date}\n"));
            }
            s
        }
        Value::Abbreviation {
            expansion,
            defined_inline,
        } => format!(
            "**{}** · viết tắt\n\n{}{}\n",
            e.text,
            expansion,
            if *defined_inline {
                " (định nghĩa ngay trong bài)"
            } else {
                ""
            }
        ),
        Value::Ordinal { value, numeral } => {
            format!("**{}** · thứ tự\n\n{} = {}\n", e.text, numeral, value)
        }
        Value::Organization { name } => format!("**{name}** · tổ chức\n"),
        Value::Quantity { amount, unit } => format!(
            "**{}** · số liệu\n\n{}{}\n",
            e.text,
            amount,
            unit.as_ref().map(|u| format!(" {u}")).unwrap_or_default()
        ),
        Value::Debris { reason } => format!("**Phần thừa của trang web** · {reason}\n"),
        Value::None => format!("**{}** · {}\n", e.text, kind_label(e.kind)),
    };
    Some((e.span, md))
}

fn kind_label(k: EntityKind) -> &'static str {
    match k {
        EntityKind::Person => "người",
        EntityKind::Title => "chức danh",
        EntityKind::Organization => "tổ chức",
        EntityKind::Place => "địa danh",
        EntityKind::Date => "thời gian",
        EntityKind::Document => "văn bản",
        EntityKind::Abbreviation => "viết tắt",
        EntityKind::Quantity => "số liệu",
        EntityKind::Ordinal => "thứ tự",
        EntityKind::Debris => "phần thừa",
    }
}

fn person_card(analysis: &Analysis, e: &Entity, name: &str) -> String {
    let es = &analysis.recognition.entities;
    let mut s = format!("**{name}** · người\n\n");
    // Titles the article gives this person anywhere (all mentions), one
    // line per post with the spellings the article uses for it.
    let mut posts: Vec<(String, Vec<String>)> = Vec::new();
    let mut mentions = 0;
    for p in es.iter().filter(|p| p.kind == EntityKind::Person) {
        let same = matches!(&p.value, Value::Person { name: n } if n == name);
        if !same {
            continue;
        }
        mentions += 1;
        for t in p.links.iter().filter_map(|&t| es.get(t)) {
            let post = match t.post() {
                Some(post) if post.former => format!("nguyên {}", post.canonical()),
                Some(post) => post.canonical(),
                None => t.text.clone(),
            };
            match posts.iter_mut().find(|(p, _)| *p == post) {
                Some((_, spellings)) => {
                    if !spellings.contains(&t.text) {
                        spellings.push(t.text.clone());
                    }
                }
                None => posts.push((post, vec![t.text.clone()])),
            }
        }
    }
    if posts.is_empty() {
        s.push_str("Bài không ghi chức danh đi kèm tên này.\n");
    } else {
        let date = analysis
            .recognition
            .metadata
            .date
            .map(|d| format!(" (bài ngày {})", d.iso()))
            .unwrap_or_default();
        s.push_str(&format!("Chức danh trong bài{date}:\n"));
        for (post, spellings) in posts {
            let written: Vec<String> = spellings.iter().map(|w| format!("“{w}”")).collect();
            s.push_str(&format!("- {post} — *{}*\n", written.join(", ")));
        }
    }
    s.push_str(&format!("\nĐược nhắc {mentions} lần trong bài."));
    let _ = e;
    s
}

fn date_card(analysis: &Analysis, d: &DateValue) -> String {
    let mut s = format!("**{}** · thời gian\n\n", describe(d));
    match d {
        DateValue::Day {
            year,
            month,
            day,
            year_source,
            valid,
        } => {
            if let Some(src) = year_source {
                s.push_str(&format!("- {}\n", year_source_text(*src)));
            }
            if !valid {
                s.push_str("- Ngày này không tồn tại trong lịch.\n");
            }
            if let (Some(y), Some(pub_date)) = (year, analysis.recognition.metadata.date)
                && let Some(ymd) = Ymd::new(*y, *month, *day)
                && ymd > pub_date
            {
                s.push_str(&format!("- Sau ngày đăng bài ({})\n", pub_date.iso()));
            }
        }
        DateValue::Period { from, to, .. } => s.push_str(&format!(
            "- Từ năm {from} đến năm {to} ({} năm)\n",
            to - from
        )),
        DateValue::Lunar {
            name,
            year: Some(y),
        } => {
            let expected = crate::recognize::dates::lunar_year_name(*y);
            if &expected == name {
                s.push_str(&format!("- Năm {y} là năm {expected} (đúng)\n"));
            } else {
                s.push_str(&format!("- Năm {y} là năm {expected}, không phải {name}\n"));
            }
        }
        _ => {}
    }
    s
}

fn reorganisation_note(p: &crate::entity::PlaceValue) -> String {
    let lex = Lexicons::get();
    let g = &lex.gazetteer;
    let Some(code) = &p.code else {
        return String::new();
    };
    let Some(idx) = g.units.iter().position(|u| {
        &u.code == code
            && u.era == crate::lexicon::gazetteer::Era::Before2025
            && p.hierarchy.first().is_some_and(|h| *h == u.full_name())
    }) else {
        return String::new();
    };
    let successors = g.successors_2025(idx);
    if successors.is_empty() {
        return String::new();
    }
    let names: Vec<String> = successors
        .iter()
        .map(|&s| g.hierarchy(s).join(", "))
        .collect();
    format!(
        "- Từ 1/7/2025 (sắp xếp đơn vị hành chính): {}\n",
        names.join("; ")
    )
}

/// At most this many timeline lines per source in a card.
const TIMELINE_LINES: usize = 12;

fn article_link(a: &crate::workspace::Attribution) -> String {
    let label = a
        .headline
        .clone()
        .or_else(|| a.path.file_name().map(|f| f.to_string_lossy().into_owned()))
        .unwrap_or_default()
        .replace(['[', ']'], "");
    format!("[{}]({})", label, file_url(&a.path))
}

fn date_text(d: Option<Ymd>) -> String {
    d.map(|d| d.iso()).unwrap_or_else(|| "không rõ ngày".into())
}

fn person_knowledge(analysis: &Analysis, name: &str, k: &Knowledge) -> String {
    if k.is_empty() {
        return String::new();
    }
    let mut s = String::new();
    let date = analysis.recognition.metadata.date;
    let registered = k.registry_people(name);
    for person in &registered {
        s.push_str(&format!("\n\n**Danh sách cán bộ** (`{}`):\n", person.id));
        if let Some(d) = date {
            let now: Vec<String> = person
                .posts
                .iter()
                .filter(|p| p.covers((d.year, d.month, d.day)))
                .map(|p| p.title.clone())
                .collect();
            if now.is_empty() {
                s.push_str(&format!(
                    "- Vào ngày {}: không giữ chức nào trong danh sách\n",
                    d.iso()
                ));
            } else {
                s.push_str(&format!("- Vào ngày {}: {}\n", d.iso(), now.join("; ")));
            }
        }
        for post in person.posts.iter().take(TIMELINE_LINES) {
            let source = post
                .sources
                .first()
                .map(|u| format!(" ([nguồn]({u}))"))
                .unwrap_or_default();
            s.push_str(&format!(
                "- {}: {}{}\n",
                term_text(post),
                post.title,
                source
            ));
        }
        if person.posts.len() > TIMELINE_LINES {
            s.push_str(&format!(
                "- … và {} chức vụ khác\n",
                person.posts.len() - TIMELINE_LINES
            ));
        }
    }
    let key = crate::text::vietnamese::phrase_key(name);
    let timeline = k.article_timeline(&key);
    if !timeline.is_empty() {
        s.push_str("\n\n**Theo các bài trong workspace:**\n");
        for a in timeline.iter().take(TIMELINE_LINES) {
            s.push_str(&format!(
                "- {}: {}{} — {}\n",
                date_text(a.date),
                if a.former { "nguyên " } else { "" },
                a.post,
                article_link(a)
            ));
        }
        if timeline.len() > TIMELINE_LINES {
            s.push_str(&format!(
                "- … và {} mục khác\n",
                timeline.len() - TIMELINE_LINES
            ));
        }
    }
    let count = k.article_count(&key);
    if count > 0 {
        s.push_str(&format!("\n\nĐược nhắc trong {count} bài của workspace."));
    }
    s
}

fn post_knowledge(analysis: &Analysis, post: &Post, k: &Knowledge) -> String {
    if k.is_empty() || post.former {
        return String::new();
    }
    let key = crate::registry::post_key(post);
    let date = analysis.recognition.metadata.date;
    let h = k.holders(&key, date);
    let mut s = String::new();
    let when = date
        .map(|d| format!(" vào ngày {}", d.iso()))
        .unwrap_or_default();
    if !h.registry_at.is_empty() || h.registry_before.is_some() || h.registry_after.is_some() {
        s.push_str(&format!("\n**Theo danh sách cán bộ{when}:**\n"));
        if h.registry_at.is_empty() {
            s.push_str("- Không có ai trong danh sách giữ chức này vào ngày đó\n");
        }
        for (person, p) in h.registry_at.iter().take(TIMELINE_LINES) {
            s.push_str(&format!("- {} ({})\n", person.name, term_text(p)));
        }
        if let Some((person, p)) = h.registry_before {
            s.push_str(&format!(
                "- Người trước: {} ({})\n",
                person.name,
                term_text(p)
            ));
        }
        if let Some((person, p)) = h.registry_after {
            s.push_str(&format!(
                "- Người sau: {} ({})\n",
                person.name,
                term_text(p)
            ));
        }
    }
    if h.articles_at.is_some() || h.articles_after.is_some() {
        s.push_str("\n**Theo các bài trong workspace:**\n");
        if let Some(a) = &h.articles_at {
            s.push_str(&format!(
                "- {} (bài ngày {}) — {}\n",
                a.person,
                date_text(a.date),
                article_link(a)
            ));
        }
        if let Some(a) = &h.articles_before {
            s.push_str(&format!(
                "- Trước đó: {} (bài ngày {})\n",
                a.person,
                date_text(a.date)
            ));
        }
        if let Some(a) = &h.articles_after {
            s.push_str(&format!(
                "- Sau đó: {} (bài ngày {})\n",
                a.person,
                date_text(a.date)
            ));
        }
    }
    s
}
