//! Structure rules: an announced count that the enumeration after it does
//! not match, blocks repeated twice in a row, and a front-matter title that
//! differs from the headline in the body.

use unicode_normalization::UnicodeNormalization;

use super::RuleInfo;
use super::dates::{Doc, ends_sentence, is, is_any, phrase_at, sentence};
use crate::finding::{Edit, Finding, Fix, Severity};
use crate::recognize::Recognition;
use crate::span::Span;
use crate::syntax::{Article, BlockKind};
use crate::text::tokens::{Gap, Token, TokenKind, tokenize};

pub const COUNT_MISMATCH: RuleInfo = RuleInfo {
    code: "structure/count-mismatch",
    default_severity: Severity::Warning,
    summary: "Số lượng báo trước (“8 kết quả nổi bật”) khác số mục liệt kê ngay sau đó.",
    summary_en: "An announced count (“8 kết quả nổi bật”) differs from the number of items listed right after it.",
};

pub const DUPLICATE_BLOCK: RuleInfo = RuleInfo {
    code: "structure/duplicate-block",
    default_severity: Severity::Warning,
    summary: "Một đoạn hoặc chú thích ảnh lặp lại nguyên văn ngay sau chính nó.",
    summary_en: "A paragraph or photo caption repeated word for word right after itself.",
};

pub const HEADLINE_MISMATCH: RuleInfo = RuleInfo {
    code: "structure/headline-mismatch",
    default_severity: Severity::Info,
    summary: "Tiêu đề trong front matter (`title`) khác tiêu đề đầu bài.",
    summary_en: "The front-matter `title` differs from the article's headline.",
};

pub fn check(text: &str, article: &Article, recognition: &Recognition, out: &mut Vec<Finding>) {
    check_doc(&Doc::new(text, article, recognition), out);
}

/// [`check`] on the blocks dates also reads (tokenised once by `rules::run`).
pub(super) fn check_doc(doc: &Doc, out: &mut Vec<Finding>) {
    count_mismatch(doc, out);
    duplicate_block(doc, out);
    headline_mismatch(doc, out);
}

// ---------------------------------------------------------------------------
// structure/count-mismatch

/// Things an article announces and then lists.
const ENUMERABLE: &[&str] = &[
    "kết quả",
    "nhiệm vụ",
    "giải pháp",
    "nội dung",
    "chỉ tiêu",
    "mục tiêu",
    "vấn đề",
    "nhóm",
    "khâu",
    "điểm",
    "yêu cầu",
    "bài học",
    "lĩnh vực",
    "chương trình",
    "đề án",
    "tiêu chí",
    "định hướng",
    "quan điểm",
    "phương hướng",
    "biện pháp",
    "kiến nghị",
    "đề xuất",
    "thành tựu",
    "hạn chế",
    "tồn tại",
    "nguyên nhân",
    "công trình",
    "dự án",
    "đột phá",
    "trụ cột",
    "trọng tâm",
    "ưu tiên",
    "tiêu chuẩn",
    "phong trào",
    "đồng chí",
    "tập thể",
    "cá nhân",
    "mô hình",
    "sáng kiến",
    "nguyên tắc",
    "kinh nghiệm",
    "thông điệp",
    "chủ đề",
    "khó khăn",
    "thách thức",
    "việc",
    "điều",
    "văn bản",
    "chính sách",
    "bước",
];

/// Words before a number that make it something other than a count
/// ("lần thứ 2", "quý 3", "hơn 5": approximate).
const COUNT_BLOCKERS: &[&str] = &[
    "thứ", "lần", "hạng", "số", "khóa", "quý", "tháng", "ngày", "năm", "lớp", "điều", "khoản",
    "mục", "phần", "chương", "kỳ", "đợt", "phiên", "đoạn", "tuổi", "hơn", "trên", "gần", "khoảng",
    "hàng", "vài", "mấy", "dưới", "tới", "đến", "ngoài", "trong", "Đại",
];

/// Phrases that make the list a selection ("trong đó", "như", "tiêu biểu").
const SUBSET_MARKERS: &[&str] = &[
    "trong đó",
    "điển hình",
    "tiêu biểu",
    "cụ thể",
    "một số",
    "ngoài",
    "trong số",
    "chẳng hạn",
    "ví dụ",
    "bao gồm cả",
];

/// Words after the announced noun that point back, not forward.
const BACK_REFERENCES: &[&str] = &["này", "đó", "ấy", "trên", "nêu", "vừa"];

const NUMBER_WORDS: [&str; 11] = [
    "", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín", "mười",
];

fn unit_word(t: &Token) -> Option<u32> {
    if is_any(t, &["tư", "lăm"]) {
        return Some(if is(t, "tư") { 4 } else { 5 });
    }
    (1..=9).find(|&n| is(t, NUMBER_WORDS[n as usize]))
}

/// A count written in words at token `i`: (value, tokens used).
fn word_count(tokens: &[Token], i: usize) -> Option<(u32, usize)> {
    let t = tokens.get(i)?;
    let next = tokens.get(i + 1).filter(|n| n.gap_before == Gap::Space);
    if is(t, "mười") {
        if let Some(u) = next.and_then(unit_word) {
            return Some((10 + u, 2));
        }
        return Some((10, 1));
    }
    if is(t, "hai") && next.is_some_and(|n| is(n, "mươi")) {
        return Some((20, 2));
    }
    // "tư" and "lăm" only follow "mười".
    if is_any(t, &["tư", "lăm", "một"]) {
        return None;
    }
    unit_word(t).map(|u| (u, 1))
}

fn number_in_words(n: usize) -> String {
    match n {
        0..=10 => NUMBER_WORDS[n].to_string(),
        11..=19 => {
            let u = n - 10;
            let unit = match u {
                5 => "lăm",
                _ => NUMBER_WORDS[u],
            };
            format!("mười {unit}")
        }
        20 => "hai mươi".to_string(),
        _ => n.to_string(),
    }
}

/// "8 kết quả nổi bật" in the last sentence of a block.
#[derive(Debug, Clone)]
struct Count {
    /// Token range of the numeral(s).
    start: usize,
    end: usize,
    /// End of the announced noun phrase (exclusive).
    noun_end: usize,
    value: u32,
    in_words: bool,
}

fn announced_count(tokens: &[Token]) -> Option<Count> {
    let last = tokens.len().checked_sub(1)?;
    let (s, e) = sentence(tokens, last, tokens.len());
    let sent = s..e;
    let mut found: Vec<Count> = Vec::new();
    for k in sent.clone() {
        let t = &tokens[k];
        let (value, len, in_words) = match t.kind {
            TokenKind::Number => {
                let v: u32 = match t.key.parse() {
                    Ok(v) if t.key.len() <= 2 => v,
                    _ => continue,
                };
                (v, 1, false)
            }
            TokenKind::Word if !t.capitalized || k == s => match word_count(tokens, k) {
                Some((v, n)) => (v, n, true),
                None => continue,
            },
            _ => continue,
        };
        if !(2..=30).contains(&value) {
            continue;
        }
        // Glued to something: "13/13", "8%", "10,93".
        if (k > s && t.gap_before == Gap::None)
            || tokens
                .get(k + len)
                .is_none_or(|n| n.gap_before != Gap::Space || n.kind != TokenKind::Word)
        {
            continue;
        }
        if k > s && is_any(&tokens[k - 1], COUNT_BLOCKERS)
            || (k >= s + 2 && phrase_at(tokens, k - 2, "ít nhất"))
        {
            continue;
        }
        let noun = k + len;
        let Some(noun_len) = ENUMERABLE
            .iter()
            .filter(|p| phrase_at(tokens, noun, p))
            .map(|p| p.split_whitespace().count())
            .max()
        else {
            continue;
        };
        // "5 nhiệm kỳ" is not "5 nhiệm vụ".
        if phrase_at(tokens, noun, "nhiệm kỳ") {
            continue;
        }
        found.push(Count {
            start: k,
            end: k + len,
            noun_end: noun + noun_len,
            value,
            in_words,
        });
    }
    let [count] = found.as_slice() else {
        return None;
    };
    // The announcement ends the block: a short tail, no other number.
    let tail = &tokens[count.noun_end..e];
    if tail.len() > 15
        || tail.iter().any(|t| t.kind == TokenKind::Number)
        || tail.iter().any(|t| is_any(t, BACK_REFERENCES))
        || e != tokens.len()
    {
        return None;
    }
    let subset = (s..e).any(|k| {
        SUBSET_MARKERS.iter().any(|p| phrase_at(tokens, k, p))
            || (is(&tokens[k], "như") && !tokens.get(k + 1).is_some_and(|n| is(n, "sau")))
    });
    (!subset).then(|| count.clone())
}

/// What follows an announcement.
struct Enumeration {
    /// Indices into `doc.blocks` of the items.
    items: Vec<usize>,
    /// "Thứ nhất … Thứ năm" paragraphs rather than a list.
    ordinals: bool,
}

/// The list marker of a list item as written, with its indentation: "-",
/// "•", "+", "*", or '1' for every numbered item.
fn list_marker(doc: &Doc, bi: usize) -> Option<(usize, char)> {
    let b = &doc.article.blocks[doc.blocks[bi].index];
    if b.kind != BlockKind::ListItem {
        return None;
    }
    let line = &doc.text[b.span.range()];
    let trimmed = line.trim_start();
    let c = trimmed.chars().next()?;
    Some((
        line.len() - trimmed.len(),
        if c.is_ascii_digit() { '1' } else { c },
    ))
}

/// Starts with something that looks like a list marker the block parser
/// did not take ("-Quận đã…", "+ ý phụ").
fn looks_listed(doc: &Doc, bi: usize) -> bool {
    let b = &doc.article.blocks[doc.blocks[bi].index];
    b.kind == BlockKind::ListItem
        || doc.text[b.content.range()]
            .trim_start()
            .starts_with(['-', '+', '•', '*', '–'])
}

fn list_after(doc: &Doc, start: usize) -> Option<Enumeration> {
    let marker = list_marker(doc, start)?;
    let mut k = start;
    let mut items = Vec::new();
    while k < doc.blocks.len()
        && doc.article.blocks[doc.blocks[k].index].kind == BlockKind::ListItem
    {
        // Mixed markers: sub-items or two lists; do not guess.
        if list_marker(doc, k) != Some(marker) {
            return None;
        }
        items.push(k);
        k += 1;
    }
    // The list goes on after an interruption: do not guess.
    if (k..doc.blocks.len().min(k + 2)).any(|j| looks_listed(doc, j)) {
        return None;
    }
    Some(Enumeration {
        items,
        ordinals: false,
    })
}

/// "Thứ nhất", "Thứ hai"… or "Một là", "Hai là"… at a block start.
fn ordinal_start(tokens: &[Token], n: usize) -> bool {
    const THU: [&str; 11] = [
        "", "nhất", "hai", "ba", "tư", "năm", "sáu", "bảy", "tám", "chín", "mười",
    ];
    if n == 0 || n > 10 {
        return false;
    }
    (tokens.first().is_some_and(|t| is(t, "thứ")) && tokens.get(1).is_some_and(|t| is(t, THU[n])))
        || (tokens.first().is_some_and(|t| is(t, NUMBER_WORDS[n]))
            && tokens.get(1).is_some_and(|t| is(t, "là")))
}

fn any_ordinal_start(tokens: &[Token]) -> bool {
    (1..=10).any(|n| ordinal_start(tokens, n))
}

fn ordinals_after(doc: &Doc, start: usize) -> Option<Enumeration> {
    if !ordinal_start(&doc.blocks[start].tokens, 1) {
        return None;
    }
    let mut items = vec![start];
    let mut k = start + 1;
    let mut gap = 0;
    while k < doc.blocks.len() && gap <= 3 {
        if ordinal_start(&doc.blocks[k].tokens, items.len() + 1) {
            items.push(k);
            gap = 0;
        } else {
            gap += 1;
        }
        k += 1;
    }
    let last = *items.last()?;
    // Another ordinal paragraph later on: the enumeration may go on.
    if doc.blocks[last + 1..]
        .iter()
        .any(|b| any_ordinal_start(&b.tokens))
    {
        return None;
    }
    Some(Enumeration {
        items,
        ordinals: true,
    })
}

/// A short block between an announcement and its list (an image caption).
fn is_interlude(doc: &Doc, bi: usize) -> bool {
    let tokens = &doc.blocks[bi].tokens;
    tokens.len() <= 25
        && !tokens
            .iter()
            .enumerate()
            .any(|(k, _)| ends_sentence(tokens, k))
}

fn enumeration_after(doc: &Doc, bi: usize) -> Option<Enumeration> {
    for start in bi + 1..(bi + 4).min(doc.blocks.len()) {
        if let Some(e) = ordinals_after(doc, start).or_else(|| list_after(doc, start)) {
            return Some(e);
        }
        if !is_interlude(doc, start) || looks_listed(doc, start) {
            return None;
        }
    }
    None
}

fn count_mismatch(doc: &Doc, out: &mut Vec<Finding>) {
    for bi in 0..doc.blocks.len() {
        let tokens = &doc.blocks[bi].tokens;
        // A count whose items follow its colon in the same paragraph.
        let (inline, announced_inline) = inline_counts(tokens);
        for c in &inline {
            inline_mismatch(doc, bi, c, out);
        }
        if announced_inline {
            continue;
        }
        let Some(count) = announced_count(tokens) else {
            continue;
        };
        let Some(en) = enumeration_after(doc, bi) else {
            continue;
        };
        let found = en.items.len();
        if found == count.value as usize || found == 0 {
            continue;
        }
        let span = doc.src(tokens, count.start, count.noun_end);
        let numeral_span = doc.src(tokens, count.start, count.end);
        let written = &doc.text[numeral_span.range()];
        let replacement = if count.in_words {
            let w = number_in_words(found);
            if tokens[count.start].capitalized {
                let mut cs = w.chars();
                cs.next()
                    .map(|c| c.to_uppercase().chain(cs).collect())
                    .unwrap_or(w)
            } else {
                w
            }
        } else {
            found.to_string()
        };
        let announced = &doc.text[span.range()];
        let (what, unit) = if en.ordinals {
            ("đoạn liệt kê “Thứ nhất…” ngay sau", "ý")
        } else {
            ("danh sách ngay sau", "mục")
        };
        let (what_en, unit_en) = if en.ordinals {
            ("the “Thứ nhất…” enumeration right after it", "point")
        } else {
            ("the list right after it", "item")
        };
        let plural_en = if found == 1 { "" } else { "s" };
        let item_span = |k: usize| doc.article.blocks[doc.blocks[k].index].span;
        let first = en.items[0];
        let last = *en.items.last().unwrap_or(&first);
        let mut f = Finding::new(
            COUNT_MISMATCH.code,
            COUNT_MISMATCH.default_severity,
            span,
            format!(
                "Báo trước “{announced}” nhưng {what} có {found} {unit}; kiểm tra lại số lượng hoặc danh sách."
            ),
        )
        .en(format!(
            "“{announced}” is announced, but {what_en} has {found} {unit_en}{plural_en}; check the count or the list."
        ))
        .with_related(item_span(first), format!("{} đầu tiên", capital(unit)))
        .related_en(format!("The first {unit_en}"));
        if last != first {
            f = f
                .with_related(
                    item_span(last),
                    format!("{} cuối cùng (thứ {found})", capital(unit)),
                )
                .related_en(format!("The last {unit_en} (number {found})"));
        }
        let title_en = format!("Change “{written}” to “{replacement}”");
        out.push(f.with_fix(Fix {
            title: format!("Sửa “{written}” thành “{replacement}”"),
            edits: vec![Edit {
                span: numeral_span,
                replacement,
            }],
            title_en: Some(title_en),
            safe: false,
        }));
    }
}

fn capital(s: &str) -> String {
    let mut cs = s.chars();
    cs.next()
        .map(|c| c.to_uppercase().chain(cs).collect())
        .unwrap_or_default()
}

// --- Counts announced and enumerated inside one paragraph.

/// A count numeral at token `k` of a sentence starting at `s`: (value,
/// tokens used, written in words). Only plain counts from 2 to 30, not
/// glued to anything ("13/13", "8%"), not after a word that makes the
/// number something else ("lần thứ 2", "hơn 5", "ít nhất 3").
fn count_numeral(tokens: &[Token], k: usize, s: usize) -> Option<(u32, usize, bool)> {
    let t = &tokens[k];
    let (value, len, in_words) = match t.kind {
        TokenKind::Number => {
            let v: u32 = match t.key.parse() {
                Ok(v) if t.key.len() <= 2 => v,
                _ => return None,
            };
            (v, 1, false)
        }
        TokenKind::Word if !t.capitalized || k == s => {
            let (v, n) = word_count(tokens, k)?;
            (v, n, true)
        }
        _ => return None,
    };
    if !(2..=30).contains(&value) {
        return None;
    }
    if (k > s && t.gap_before == Gap::None)
        || tokens
            .get(k + len)
            .is_none_or(|n| n.gap_before != Gap::Space || n.kind != TokenKind::Word)
    {
        return None;
    }
    if k > s && is_any(&tokens[k - 1], COUNT_BLOCKERS)
        || (k >= s + 2 && phrase_at(tokens, k - 2, "ít nhất"))
    {
        return None;
    }
    Some((value, len, in_words))
}

/// The enumerable noun after a numeral: its token count.
fn count_noun(tokens: &[Token], noun: usize) -> Option<usize> {
    if phrase_at(tokens, noun, "nhiệm kỳ") {
        return None;
    }
    ENUMERABLE
        .iter()
        .filter(|p| phrase_at(tokens, noun, p))
        .map(|p| p.split_whitespace().count())
        .max()
}

/// Ends a sentence for an inline enumeration: ".", "!", "?", "…" (a ";"
/// separates items).
fn ends_enumeration(tokens: &[Token], i: usize) -> bool {
    ends_sentence(tokens, i) && !tokens[i].is_punct(";")
}

const QUOTES: &[&str] = &["“", "”", "\"", "‘", "’", "«", "»"];

/// A count and the items after its colon, in one block.
struct InlineCount {
    count: Count,
    /// Token range of the items (after the colon).
    items_start: usize,
    items_end: usize,
    items: usize,
    ordinals: bool,
}

/// "đạt 3 mục tiêu: tăng trưởng, ổn định và phát triển bền vững": every
/// colon-introduced count in the block whose items can be counted without
/// guessing. `None` in the second field when a colon-introduced count was
/// seen but its items could not be counted (so no block-level check either).
fn inline_counts(tokens: &[Token]) -> (Vec<InlineCount>, bool) {
    let mut out = Vec::new();
    let mut announced = false;
    let mut s = 0;
    let mut k = 0;
    while k < tokens.len() {
        if k > 0 && ends_enumeration(tokens, k - 1) {
            s = k;
        }
        let Some((value, len, in_words)) = count_numeral(tokens, k, s) else {
            k += 1;
            continue;
        };
        // Ranges and ratios: "3 - 5 giải pháp", "từ 3 đến 5", "2/3".
        if k > s
            && (tokens[k - 1].kind == TokenKind::Number
                || ["-", "–", "—", "/", "~"]
                    .iter()
                    .any(|p| tokens[k - 1].is_punct(p)))
        {
            k += 1;
            continue;
        }
        let noun = k + len;
        let Some(noun_len) = count_noun(tokens, noun) else {
            k += 1;
            continue;
        };
        let noun_end = noun + noun_len;
        // A few more words ("lớn", "trọng tâm", "là") before the colon.
        let colon = (noun_end..tokens.len().min(noun_end + 5)).find(|&j| {
            !tokens[j].is_word() || tokens[j].capitalized || is_any(&tokens[j], BACK_REFERENCES)
        });
        let Some(colon) = colon.filter(|&j| tokens[j].is_punct(":")) else {
            k = noun_end;
            continue;
        };
        let count = Count {
            start: k,
            end: k + len,
            noun_end,
            value,
            in_words,
        };
        k = colon + 1;
        if colon + 1 >= tokens.len() {
            continue;
        }
        announced = true;
        // A selection ("trong đó", "như", "tiêu biểu") or a quotation.
        let subset = (s..colon).any(|j| {
            SUBSET_MARKERS.iter().any(|p| phrase_at(tokens, j, p))
                || (is(&tokens[j], "như") && !tokens.get(j + 1).is_some_and(|n| is(n, "sau")))
        });
        let end = (colon + 1..tokens.len())
            .find(|&j| ends_enumeration(tokens, j))
            .unwrap_or(tokens.len());
        let quoted = tokens[s..end]
            .iter()
            .any(|t| QUOTES.iter().any(|q| t.is_punct(q)));
        if subset || quoted {
            continue;
        }
        let counted = inline_ordinals(tokens, colon + 1)
            .map(|(items, last)| (items, last, true))
            .or_else(|| inline_items(tokens, colon + 1, end).map(|n| (n, end, false)));
        if let Some((items, items_end, ordinals)) = counted {
            out.push(InlineCount {
                count,
                items_start: colon + 1,
                items_end,
                items,
                ordinals,
            });
        }
    }
    (out, announced)
}

/// "thứ nhất, …; thứ hai, …" or "một là …, hai là …" right after the
/// colon, to the end of the block: (number of items, end of the last).
fn inline_ordinals(tokens: &[Token], start: usize) -> Option<(usize, usize)> {
    let at = |j: usize, n: usize| {
        ordinal_start(&tokens[j..], n)
            && (!is(&tokens[j], "thứ")
                || tokens
                    .get(j + 2)
                    .is_some_and(|t| t.is_punct(",") || t.is_punct(":") || is(t, "là")))
    };
    if !at(start, 1) {
        return None;
    }
    let mut n = 1;
    for j in start + 1..tokens.len() {
        let clause_start = tokens[j - 1].is_punct(";")
            || tokens[j - 1].is_punct(":")
            || ends_enumeration(tokens, j - 1)
            || tokens[j - 1].is_punct(",");
        if !clause_start {
            continue;
        }
        if at(j, n + 1) {
            n += 1;
        } else if (1..=10).any(|m| at(j, m)) {
            // Out of order or repeated: do not guess.
            return None;
        }
    }
    Some((n, tokens.len()))
}

/// Items separated by ";", or by "," with "và" before the last, from
/// `start` to `end`; `None` when the split is not clear.
fn inline_items(tokens: &[Token], start: usize, end: usize) -> Option<usize> {
    let items = &tokens[start..end];
    if items
        .iter()
        .any(|t| t.is_punct("(") || t.is_punct(")") || is_any(t, &["khác", "hoặc", "v", "vv"]))
        || items.iter().any(|t| t.is_punct("…") || t.is_punct("..."))
    {
        return None;
    }
    let split = |sep: &str| -> Vec<&[Token]> { items.split(|t| t.is_punct(sep)).collect() };
    if items.iter().any(|t| t.is_punct(";")) {
        let parts = split(";");
        return parts
            .iter()
            .all(|p| p.iter().any(Token::is_word))
            .then_some(parts.len());
    }
    // A glued comma is a decimal ("10,93"), not a separator.
    if items.iter().enumerate().any(|(j, t)| {
        t.is_punct(",") && items.get(j + 1).is_some_and(|n| n.gap_before == Gap::None)
    }) {
        return None;
    }
    let parts = split(",");
    let (last, rest) = parts.split_last()?;
    let ands = |p: &[Token]| p.iter().filter(|t| is(t, "và")).count();
    let words = |p: &[Token]| p.iter().filter(|t| t.is_word()).count();
    if rest
        .iter()
        .any(|p| ands(p) > 0 || words(p) == 0 || p.len() > 8)
        || ands(last) != 1
    {
        return None;
    }
    let and = last.iter().position(|t| is(t, "và"))?;
    let (before, after) = (&last[..and], &last[and + 1..]);
    if words(before) == 0 || words(after) == 0 || before.len() > 8 || after.len() > 8 {
        return None;
    }
    Some(parts.len() + 1)
}

fn inline_mismatch(doc: &Doc, bi: usize, c: &InlineCount, out: &mut Vec<Finding>) {
    let tokens = &doc.blocks[bi].tokens;
    let found = c.items;
    if found == c.count.value as usize {
        return;
    }
    // Ordinal items may go on in the paragraphs after.
    if c.ordinals
        && doc.blocks[bi + 1..]
            .iter()
            .take(3)
            .any(|b| any_ordinal_start(&b.tokens))
    {
        return;
    }
    let span = doc.src(tokens, c.count.start, c.count.noun_end);
    let numeral_span = doc.src(tokens, c.count.start, c.count.end);
    let written = &doc.text[numeral_span.range()];
    let replacement = numeral_for(found, c.count.in_words, tokens[c.count.start].capitalized);
    let announced = &doc.text[span.range()];
    let items_span = doc.src(tokens, c.items_start, c.items_end);
    let (what, what_en) = if c.ordinals {
        (
            "các ý đánh số (“thứ nhất…”, “một là…”) sau dấu hai chấm",
            "the numbered points (“thứ nhất…”, “một là…”) after the colon",
        )
    } else {
        (
            "phần liệt kê sau dấu hai chấm",
            "the enumeration after the colon",
        )
    };
    out.push(
        Finding::new(
            COUNT_MISMATCH.code,
            COUNT_MISMATCH.default_severity,
            span,
            format!(
                "Báo trước “{announced}” nhưng {what} có {found} ý; kiểm tra lại số lượng hoặc phần liệt kê."
            ),
        )
        .en(format!(
            "“{announced}” is announced but {what_en} has {found} items; check the count or the items."
        ))
        .with_related(items_span, "Phần liệt kê")
        .related_en("The enumeration")
        .with_fix(
            Fix {
                title: format!("Sửa “{written}” thành “{replacement}”"),
                edits: vec![Edit {
                    span: numeral_span,
                    replacement: replacement.clone(),
                }],
                title_en: None,
                safe: false,
            }
            .en(format!("Change “{written}” to “{replacement}”")),
        ),
    );
}

/// `n` written like the announced numeral: digits, or words with the
/// numeral's capital.
fn numeral_for(n: usize, in_words: bool, capitalized: bool) -> String {
    if !in_words {
        return n.to_string();
    }
    let w = number_in_words(n);
    if capitalized { capital(&w) } else { w }
}

// ---------------------------------------------------------------------------
// structure/duplicate-block

/// Whitespace collapsed, NFC.
fn normalised(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .nfc()
        .collect()
}

/// `normalised(a) == normalised(b)`, without allocating in the usual case:
/// for NFC text (almost always) normalising only collapses whitespace, and
/// joining NFC words with spaces keeps them NFC (a space composes with
/// nothing), so comparing the words is enough.
fn same_normalised(a: &str, b: &str) -> bool {
    use unicode_normalization::{IsNormalized, is_nfc_quick};
    if is_nfc_quick(a.chars()) == IsNormalized::Yes && is_nfc_quick(b.chars()) == IsNormalized::Yes
    {
        a.split_whitespace().eq(b.split_whitespace())
    } else {
        normalised(a) == normalised(b)
    }
}

fn duplicate_block(doc: &Doc, out: &mut Vec<Finding>) {
    let article = doc.article;
    let plain = doc.plain();
    for w in doc.blocks.windows(2) {
        let (a, b) = (w[0].index, w[1].index);
        // Only blocks next to each other (no comment or debris between).
        if b != a + 1 {
            continue;
        }
        let (first, second) = (&article.blocks[a], &article.blocks[b]);
        if first.kind != second.kind || first.kind == BlockKind::Quote {
            continue;
        }
        // Short lines ("*", "Nhóm PV", section markers) and photo credits
        // ("Ảnh: Hoàng Anh" under two photos) may repeat on purpose.
        let tokens = &w[1].tokens;
        let words = tokens.iter().filter(|t| t.is_word()).count();
        let credit = tokens
            .first()
            .is_some_and(|t| is_any(t, &["ảnh", "nguồn", "video", "clip"]))
            || tokens.first().is_some_and(|t| t.is_punct("("));
        if words < 4 || credit {
            continue;
        }
        let raw_a = &plain[article.plain.span_to_plain(first.content).range()];
        let raw_b = &plain[article.plain.span_to_plain(second.content).range()];
        if !same_normalised(raw_a, raw_b) {
            continue;
        }
        let between = &doc.text[first.span.end..second.span.start];
        let same_source =
            normalised(&doc.text[first.span.range()]) == normalised(&doc.text[second.span.range()]);
        let safe = same_source && between.trim().is_empty();
        out.push(
            Finding::new(
                DUPLICATE_BLOCK.code,
                DUPLICATE_BLOCK.default_severity,
                second.span,
                "Đoạn này lặp lại nguyên văn đoạn ngay trước (thường do chú thích ảnh bị chép hai lần); nên xóa một bản.",
            )
            .en("This paragraph repeats the one just before it word for word (often a photo caption copied twice); delete one copy.")
            .with_related(first.span, "Bản thứ nhất")
            .related_en("The first copy")
            .with_fix(Fix {
                title: "Xóa bản lặp".into(),
                edits: vec![Edit {
                    span: Span::new(first.span.end, second.span.end),
                    replacement: String::new(),
                }],
                title_en: Some("Delete the repeated copy".into()),
                safe,
            }),
        );
    }
}

// ---------------------------------------------------------------------------
// structure/headline-mismatch

/// Comparison keys of a headline or title: word keys (case, composition and
/// tone placement folded), punctuation kept except quote styles and a
/// final full stop.
fn headline_keys(text: &str) -> Vec<String> {
    let mut keys: Vec<String> = tokenize(text, Span::new(0, text.len()))
        .into_iter()
        .map(|t| match t.kind {
            TokenKind::Punct if matches!(t.key.as_str(), "\"" | "“" | "”" | "'" | "‘" | "’") => {
                "\"".to_string()
            }
            _ => t.key,
        })
        .collect();
    while keys.last().is_some_and(|k| k == ".") {
        keys.pop();
    }
    keys
}

/// Strips a trailing "(12:10 31/07/2020)" or "12:10 31/07/2020" from a headline.
fn without_dateline(s: &str) -> &str {
    use std::sync::OnceLock;
    static RE: OnceLock<regex::Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        regex::Regex::new(
            r"\s*[\(\[]?\s*(?:\d{1,2}:\d{2}\s*,?\s*)?\d{1,2}/\d{1,2}/\d{4}(?:\s*[|,-]?\s*\d{1,2}:\d{2})?\s*[\)\]]?\s*$",
        )
        .unwrap()
    });
    match re.find(s) {
        Some(m) if m.start() > 0 => &s[..m.start()],
        _ => s,
    }
}

fn yaml_quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn headline_mismatch(doc: &Doc, out: &mut Vec<Finding>) {
    let article = doc.article;
    let Some(field) = article.front_matter.as_ref().and_then(|fm| fm.get("title")) else {
        return;
    };
    let Some(title) = field.value.as_text() else {
        return;
    };
    let Some(block) = article.blocks.iter().find(|b| b.kind != BlockKind::Comment) else {
        return;
    };
    let plain_span = article.plain.span_to_plain(block.content);
    let raw = &doc.plain()[plain_span.range()];
    let headline = without_dateline(raw).trim_end();
    let (a, b) = (headline_keys(&title), headline_keys(headline));
    if a.is_empty() || b.is_empty() || a == b {
        return;
    }
    // A paragraph first is only the headline when it is clearly meant as one.
    if block.kind != BlockKind::Heading {
        let words = |k: &[String]| -> std::collections::HashSet<String> {
            k.iter()
                .filter(|k| k.chars().any(char::is_alphabetic))
                .cloned()
                .collect()
        };
        let (wa, wb) = (words(&a), words(&b));
        let shared = wa.intersection(&wb).count();
        let union = wa.union(&wb).count().max(1);
        if raw.len() > 300 || shared * 2 < union {
            return;
        }
    }
    let lead = raw.len() - raw.trim_start().len();
    let span = article.plain.span_to_source(Span::new(
        plain_span.start + lead,
        plain_span.start + headline.len(),
    ));
    let title_flat = normalised(&title);
    let headline_flat = normalised(headline);
    let mut fixes = Vec::new();
    // Only rewrite the body's headline when it has no annotation markup.
    if doc.text[span.range()] == *headline.trim_start() {
        fixes.push(Fix {
            title: "Sửa tiêu đề trong bài theo `title`".into(),
            edits: vec![Edit {
                span,
                replacement: title_flat.clone(),
            }],
            title_en: Some("Change the article's headline to match `title`".into()),
            safe: false,
        });
    }
    fixes.push(Fix {
        title: "Sửa `title` theo tiêu đề trong bài".into(),
        edits: vec![Edit {
            span: field.value_span,
            replacement: yaml_quoted(&headline_flat),
        }],
        title_en: Some("Change `title` to match the article's headline".into()),
        safe: false,
    });
    let mut f = Finding::new(
        HEADLINE_MISMATCH.code,
        HEADLINE_MISMATCH.default_severity,
        span,
        format!("Tiêu đề đầu bài khác `title` trong front matter (“{title_flat}”)."),
    )
    .en(format!(
        "The article's headline differs from the front-matter `title` (“{title_flat}”)."
    ))
    .with_related(field.value_span, "`title` trong front matter")
    .related_en("`title` in the front matter");
    f.fixes = fixes;
    out.push(f);
}

#[cfg(test)]
mod tests {
    use crate::finding::Finding;
    use crate::rules::test_support::{article, at, findings as run, plain};
    use crate::syntax::SourceFormat;

    fn apply(text: &str, f: &Finding, fix: usize) -> String {
        let mut out = text.to_string();
        let mut edits = f.fixes[fix].edits.clone();
        edits.sort_by_key(|e| std::cmp::Reverse(e.span.start));
        for e in edits {
            out.replace_range(e.span.range(), &e.replacement);
        }
        out
    }

    const ITEMS: [&str; 8] = [
        "- Quận chủ động bám sát chỉ đạo của Trung ương.",
        "- Tốc độ phát triển kinh tế ước đạt 10,93%.",
        "- Kiểm soát tốt dịch bệnh.",
        "- Không còn hộ nghèo.",
        "- Kỷ niệm 20 năm thành lập Quận.",
        "- Công tác CCHC được chú trọng.",
        "- Quản lý đô thị chuyển biến.",
        "- An ninh chính trị được giữ vững.",
    ];

    fn listed(intro: &str, n: usize, sep: &str) -> String {
        let mut s = format!("Tiêu đề{sep}{intro}{sep}");
        for item in &ITEMS[..n] {
            s.push_str(item);
            s.push_str(sep);
        }
        s.push_str("Vẫn theo đồng chí Bí thư, quận tiếp tục phát huy.");
        s
    }

    // --- structure/count-mismatch

    #[test]
    fn count_matches_the_seed_list() {
        // Seed 001: "8 kết quả nổi bật" followed by eight dash items.
        let text = listed(
            "Quận ủy đã quyết liệt chỉ đạo, qua đó bước đầu đạt được 8 kết quả nổi bật.",
            8,
            "\n\n",
        );
        assert!(plain(&text, "structure/count-mismatch").is_empty());
    }

    #[test]
    fn count_differs_from_list() {
        let text = listed(
            "Quận ủy đã quyết liệt chỉ đạo, qua đó bước đầu đạt được 8 kết quả nổi bật.",
            7,
            "\n",
        );
        let found = plain(&text, "structure/count-mismatch");
        assert_eq!(found.len(), 1);
        assert_eq!(at(&text, &found[0]), "8 kết quả");
        assert_eq!(found[0].fixes[0].edits[0].replacement, "7");
        assert!(!found[0].fixes[0].safe);
        assert_eq!(found[0].related.len(), 2);
        assert_eq!(&text[found[0].related[1].span.range()], ITEMS[6]);
        // Markdown list, count in words.
        let text = listed("Hội nghị thống nhất tám kết quả nổi bật:", 7, "\n\n");
        let found = article(&text, "structure/count-mismatch");
        assert_eq!(found.len(), 1);
        assert_eq!(at(&text, &found[0]), "tám kết quả");
        assert_eq!(found[0].fixes[0].edits[0].replacement, "bảy");
    }

    #[test]
    fn count_of_ordinal_paragraphs() {
        let body = |n: usize| {
            let names = ["nhất", "hai", "ba", "tư", "năm"];
            let mut s = String::from(
                "Tiêu đề\nĐồng chí Nguyễn Đức Chung nhấn mạnh 5 nhiệm vụ trọng tâm Đảng bộ quận cần triển khai trong thời gian tới.\n",
            );
            for (k, name) in names[..n].iter().enumerate() {
                s.push_str(&format!("Thứ {name}, Đảng bộ cần làm tốt việc {k}.\n"));
                s.push_str("Chủ tịch UBND TP phát biểu chỉ đạo tại Đại hội\n");
            }
            s.push_str("Đồng chí yêu cầu tổ chức thực hiện.");
            s
        };
        assert!(plain(&body(5), "structure/count-mismatch").is_empty());
        let text = body(4);
        let found = plain(&text, "structure/count-mismatch");
        assert_eq!(found.len(), 1);
        assert_eq!(at(&text, &found[0]), "5 nhiệm vụ");
        assert_eq!(found[0].fixes[0].edits[0].replacement, "4");
    }

    #[test]
    fn count_silent_without_a_clear_enumeration() {
        for text in [
            // Back reference, not an announcement.
            listed("Ngoài 8 kết quả nổi bật trên, Quận ủy đã sơ kết.", 7, "\n"),
            // A selection.
            listed("Quận đạt 8 kết quả nổi bật, trong đó có:", 3, "\n"),
            listed("Quận đạt 8 kết quả nổi bật như:", 3, "\n"),
            // Approximate.
            listed("Quận đạt hơn 8 kết quả nổi bật:", 3, "\n"),
            listed("Quận đạt ít nhất 8 kết quả nổi bật:", 3, "\n"),
            // Not an enumerable thing: a duration, a place count.
            listed("Quận đã trải qua 5 năm phát triển:", 3, "\n"),
            listed("Chương trình triển khai tại 10 phường:", 3, "\n"),
            // The count is not at the end of the block.
            listed(
                "Quận đạt 8 kết quả nổi bật. Hội nghị cũng thảo luận về công tác cán bộ và nhiều nội dung khác của quận.",
                3,
                "\n",
            ),
            // Nested items with the same marker.
            "Tiêu đề\nQuận đạt 2 kết quả nổi bật:\n- Kinh tế:\n  - tăng trưởng.\n  - thu ngân sách.\n- Xã hội.\nHết.".to_string(),
            // The list is interrupted and goes on.
            format!("{}\n- Một mục nữa.", listed("Quận đạt 8 kết quả nổi bật:", 3, "\n")),
            // The list does not start within the next blocks.
            "Tiêu đề\nQuận đạt 3 kết quả nổi bật.\nĐoạn văn dài thứ nhất kể chuyện khác. Có nhiều câu.\nĐoạn hai.\n- A một.\n- B hai.".to_string(),
        ] {
            assert!(plain(&text, "structure/count-mismatch").is_empty(), "{text}");
        }
    }

    #[test]
    fn count_inside_a_paragraph() {
        let text = "Tiêu đề\nNăm nay, quận đạt 3 mục tiêu: tăng trưởng, ổn định, an sinh và phát triển bền vững.\nHết.";
        let found = plain(text, "structure/count-mismatch");
        assert_eq!(found.len(), 1);
        assert_eq!(at(text, &found[0]), "3 mục tiêu");
        assert_eq!(found[0].span.start, text.find("3 mục").unwrap());
        assert_eq!(found[0].fixes[0].edits[0].replacement, "4");
        assert_eq!(
            &text[found[0].related[0].span.range()],
            "tăng trưởng, ổn định, an sinh và phát triển bền vững"
        );
        assert!(found[0].message_en.is_some());
        // Ordinal points, the count in words.
        let text = "Tiêu đề\nHội nghị thống nhất hai nội dung: thứ nhất, kiện toàn tổ chức; thứ hai, sơ kết công tác; thứ ba, triển khai nhiệm vụ năm 2025.\nHết.";
        let found = plain(text, "structure/count-mismatch");
        assert_eq!(found.len(), 1);
        assert_eq!(at(text, &found[0]), "hai nội dung");
        assert_eq!(found[0].fixes[0].edits[0].replacement, "ba");
        // Semicolons, and "một là, hai là".
        let text = "Tiêu đề\nQuận đề ra 4 giải pháp: rà soát quy hoạch; đẩy nhanh giải phóng mặt bằng; cải cách hành chính.\nQuận thực hiện 3 nhiệm vụ: một là, rà soát; hai là, kiện toàn.";
        let found: Vec<String> = plain(text, "structure/count-mismatch")
            .iter()
            .map(|f| format!("{} → {}", at(text, f), f.fixes[0].edits[0].replacement))
            .collect();
        assert_eq!(found, vec!["4 giải pháp → 3", "3 nhiệm vụ → 2"]);
    }

    #[test]
    fn count_inside_a_paragraph_silent() {
        for line in [
            // Counts that match.
            "Quận đạt 3 mục tiêu: tăng trưởng, ổn định và phát triển bền vững.",
            "Hội nghị thống nhất 2 nội dung: thứ nhất, kiện toàn tổ chức; thứ hai, sơ kết công tác.",
            // A ratio, a selection, a range: not the count of the items.
            "Quận hoàn thành 13/13 chỉ tiêu: kinh tế, xã hội và môi trường.",
            "Hội nghị bàn 3 trong số 5 nhiệm vụ: kinh tế, xã hội và môi trường.",
            "Quận đề ra 3 - 5 giải pháp: kinh tế, xã hội, văn hóa và môi trường.",
            "Quận đề ra từ 3 đến 5 giải pháp: kinh tế, xã hội, văn hóa và môi trường.",
            "Quận đạt 8 kết quả, trong đó có 2 kết quả: kinh tế, xã hội và môi trường.",
            // Not a count: a year, an ordinal.
            "Trong năm 2024 nhiệm vụ: kinh tế, xã hội và môi trường.",
            "Đây là lần thứ 2 chương trình: kinh tế, xã hội và môi trường được tổ chức.",
            // A quotation.
            "Bí thư nêu 2 nhiệm vụ: “phát triển kinh tế, văn hóa và xã hội”.",
            // Items with commas of their own: the split is ambiguous.
            "Quận xác định 3 nhiệm vụ: phát triển kinh tế, văn hóa và xã hội, bảo đảm quốc phòng, an ninh.",
            // No "và" before the last item, an open list, a parenthesis.
            "Quận đạt 2 mục tiêu: tăng trưởng, ổn định, an sinh.",
            "Quận đạt 2 mục tiêu: tăng trưởng, ổn định, an sinh và nhiều mục tiêu khác.",
            "Quận đạt 2 mục tiêu: tăng trưởng (kinh tế, xã hội) và ổn định, an sinh.",
        ] {
            let text = format!("Tiêu đề\n{line}\nHết.");
            let found = plain(&text, "structure/count-mismatch");
            assert!(found.is_empty(), "{line}: {found:?}");
        }
        // The points go on in the next paragraph.
        let text = "Tiêu đề\nHội nghị thống nhất 2 nội dung: thứ nhất, kiện toàn tổ chức; thứ hai, sơ kết công tác.\nThứ ba, triển khai nhiệm vụ.\nHết.";
        assert!(plain(text, "structure/count-mismatch").is_empty());
    }

    #[test]
    fn count_reaches_over_a_caption() {
        let text = "Tiêu đề\nHội nghị thống nhất 3 giải pháp trọng tâm:\nĐại biểu phát biểu tại hội nghị\n- Một.\n- Hai.\nHết danh sách.";
        let found = plain(text, "structure/count-mismatch");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].fixes[0].edits[0].replacement, "2");
    }

    // --- structure/duplicate-block

    #[test]
    fn duplicate_caption_is_removed() {
        let text = "Tiêu đề\nĐoạn một.\nĐại biểu thảo luận tại hội nghị\nĐại biểu thảo luận tại hội nghị\nĐoạn hai.";
        let found = plain(text, "structure/duplicate-block");
        assert_eq!(found.len(), 1);
        assert_eq!(at(text, &found[0]), "Đại biểu thảo luận tại hội nghị");
        assert_eq!(found[0].span.start, text.rfind("Đại biểu").unwrap());
        assert!(found[0].fixes[0].safe);
        assert_eq!(
            apply(text, &found[0], 0),
            "Tiêu đề\nĐoạn một.\nĐại biểu thảo luận tại hội nghị\nĐoạn hai."
        );
        // Blank line between, at the end of the text.
        let text = "# Tiêu đề\n\nBí thư phát biểu tại hội nghị\n\nBí thư phát biểu tại hội nghị\n";
        let found = article(text, "structure/duplicate-block");
        assert_eq!(found.len(), 1);
        assert_eq!(
            apply(text, &found[0], 0),
            "# Tiêu đề\n\nBí thư phát biểu tại hội nghị\n"
        );
    }

    #[test]
    fn triple_copies_give_two_findings() {
        let text = "Tiêu đề\nCác đại biểu dự họp tại hội trường\nCác đại biểu dự họp tại hội trường\nCác đại biểu dự họp tại hội trường\nHết.";
        assert_eq!(plain(text, "structure/duplicate-block").len(), 2);
    }

    #[test]
    fn duplicates_silent_for_short_or_separated_lines() {
        for text in [
            "Tiêu đề\n*\n*\nNhóm PV\nNhóm PV",
            "Tiêu đề\nẢnh: Nguyễn Văn Hùng\nẢnh: Nguyễn Văn Hùng\nHết.",
            "Tiêu đề\nĐại biểu dự họp tại hội trường\nMột đoạn khác.\nĐại biểu dự họp tại hội trường",
            "# Tiêu đề\n\n> Muôn năm Đảng Cộng sản Việt Nam\n\n> Muôn năm Đảng Cộng sản Việt Nam\n",
            "# Tiêu đề\n\nĐại biểu dự họp tại hội trường\n<!-- ảnh -->\nĐại biểu dự họp tại hội trường\n",
        ] {
            let format = if text.starts_with('#') {
                SourceFormat::Article
            } else {
                SourceFormat::PlainText
            };
            assert!(
                run(text, format, "structure/duplicate-block").is_empty(),
                "{text}"
            );
        }
    }

    #[test]
    fn annotated_copy_is_not_a_safe_fix() {
        let text = "# Tiêu đề\n\n[Bí thư]{.title} phát biểu tại hội nghị\n\nBí thư phát biểu tại hội nghị\n";
        let found = article(text, "structure/duplicate-block");
        assert_eq!(found.len(), 1);
        assert!(!found[0].fixes[0].safe);
    }

    // --- structure/headline-mismatch

    #[test]
    fn headline_differs_from_title() {
        let text = "---\ntitle: Hoàng Mai hướng tới mục tiêu phát triển\n---\n# Hoàng Mai hướng tới mục tiêu trở thành động lực\n\nNội dung.\n";
        let found = article(text, "structure/headline-mismatch");
        assert_eq!(found.len(), 1);
        assert_eq!(
            at(text, &found[0]),
            "Hoàng Mai hướng tới mục tiêu trở thành động lực"
        );
        assert_eq!(
            &text[found[0].related[0].span.range()],
            "Hoàng Mai hướng tới mục tiêu phát triển"
        );
        assert_eq!(
            apply(text, &found[0], 0),
            "---\ntitle: Hoàng Mai hướng tới mục tiêu phát triển\n---\n# Hoàng Mai hướng tới mục tiêu phát triển\n\nNội dung.\n"
        );
        assert_eq!(
            apply(text, &found[0], 1),
            "---\ntitle: \"Hoàng Mai hướng tới mục tiêu trở thành động lực\"\n---\n# Hoàng Mai hướng tới mục tiêu trở thành động lực\n\nNội dung.\n"
        );
    }

    #[test]
    fn headline_silent_after_folding() {
        for text in [
            // Tone placement, case, spacing, NFD, trailing dateline, quote style.
            "---\ntitle: Phát triển quận Thanh Xuân toàn diện, bền vững\n---\n# Phát triển quận Thanh Xuân toàn diện,  bền vững (12:10 31/07/2020)\n",
            "---\ntitle: Quận uỷ hoà giải “mâu thuẫn”\n---\n# quận ủy ho\u{300}a giải \"mâu thuẫn\".\n",
            // No headline heading; the first paragraph is the lede.
            "---\ntitle: Hoàng Mai hướng tới mục tiêu phát triển\n---\nChiều 13/2, Quận ủy Hoàng Mai tổ chức hội nghị Ban Chấp hành.\n",
            // Annotated headline with the same text.
            "---\ntitle: Bí thư Quận ủy thăm phường\n---\n# [Bí thư Quận ủy]{.title} thăm phường\n",
        ] {
            assert!(
                article(text, "structure/headline-mismatch").is_empty(),
                "{text}"
            );
        }
    }
}
