//! Website debris left in scraped articles: media players, menus, comment
//! forms, view counters and related-article lists.
//!
//! Two signals, both on whole blocks: a block that *is* a known piece of
//! page furniture ("Phiên bản di động", "Viết bình luận", "0:00 / 0:00"),
//! and everything after a related-articles header ("Đừng bỏ lỡ", "Tin
//! mới", "Các bài đã đăng") once the article proper has ended.

use crate::syntax::{Block, BlockKind};
use crate::text::vietnamese::ascii_fold;

/// Lines that are page furniture on their own (compared accent-folded,
/// case-folded, with trailing punctuation and counts removed).
const FURNITURE: &[&str] = &[
    "phien ban di dong",
    "phien ban may tinh",
    "logo",
    "dang nhap",
    "dang ky",
    "dang ky an pham",
    "doc nhieu",
    "doc them",
    "xem them",
    "tin moi",
    "tin moi nhat",
    "tin lien quan",
    "bai lien quan",
    "bai viet lien quan",
    "dung bo lo",
    "tin tai tro",
    "tin cung chuyen muc",
    "cac bai moi dang",
    "cac bai da dang",
    "bai viet xem",
    "viet binh luan",
    "binh luan",
    "gui binh luan",
    "lay lai ma bao mat",
    "hoi dap thong minh",
    "chia se",
    "in bai",
    "facebook",
    "zalo",
    "twitter",
    "quay lai",
    "len dau trang",
    "trang chu",
    "nam mien bac",
    "nu mien bac",
    "nu mien nam",
    "nam mien nam",
    "nghe bai viet",
    "tam dung",
    "video",
    "anh",
    "theo doi",
    "tag",
    "tu khoa",
    "gop y",
    "bao loi",
    "ban quyen",
];

/// Comment-form fields: furniture only when written with their colon ("Họ tên:(*)").
const FORM_FIELDS: &[&str] = &[
    "ho ten",
    "so dien thoai",
    "tieu de",
    "noi dung",
    "email",
    "ma xac nhan",
];

/// Headers after which the rest of the page is related-article lists and forms.
const TAIL_HEADERS: &[&str] = &[
    "doc nhieu",
    "tin moi",
    "tin moi nhat",
    "tin lien quan",
    "bai lien quan",
    "bai viet lien quan",
    "dung bo lo",
    "tin cung chuyen muc",
    "cac bai moi dang",
    "cac bai da dang",
    "xem them",
    "doc them",
];

fn fold_line(text: &str) -> String {
    let folded = ascii_fold(text);
    // Drop "(*)", "(0)", ":" and other trailing marks: "Họ tên:(*)", "BÌNH LUẬN (0)".
    let mut s: String = folded
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == ' ' || c == ':' || c == '/' || c == '|' {
                c
            } else {
                ' '
            }
        })
        .collect();
    while s.ends_with(|c: char| c == ' ' || c == ':' || c.is_ascii_digit()) {
        s.pop();
    }
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Why a single block is debris, if it is.
pub fn furniture_reason(text: &str) -> Option<&'static str> {
    // "0:00 / 0:00", "0:00": a media player's clock.
    let trimmed = text.trim();
    if !trimmed.is_empty()
        && trimmed
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ':' | '/' | ' '))
        && trimmed.contains(':')
    {
        return Some("trình phát media");
    }
    let folded = fold_line(text);
    if folded.is_empty() {
        return None;
    }
    let is_field = |p: &str| text.contains(':') && FORM_FIELDS.contains(&p);
    if is_field(&folded) {
        return Some("biểu mẫu bình luận");
    }
    if FURNITURE.contains(&folded.as_str()) {
        return Some("thành phần giao diện trang web");
    }
    // "Đăng ký ấn phẩm|Đăng nhập", "Mã xác nhận: … Lấy lại mã bảo mật".
    if folded
        .split(['|', ':'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .all(|p| FURNITURE.contains(&p) || is_field(p))
    {
        return Some("thành phần giao diện trang web");
    }
    if folded.starts_with("ma xac nhan")
        || folded.starts_with("view count")
        || folded.starts_with("luot xem")
    {
        return Some("thành phần giao diện trang web");
    }
    None
}

const REASONS: [&str; 3] = [
    "trình phát media",
    "biểu mẫu bình luận",
    "thành phần giao diện trang web",
];

/// Whether a block is a related-articles header ("Tin liên quan"), cached
/// by text during incremental analysis.
fn is_tail_header(text: &str) -> bool {
    use crate::analysis::incremental::{WordTable, word_class};
    word_class(WordTable::TailHeader, text, || {
        TAIL_HEADERS.contains(&fold_line(text).as_str()) as u32
    }) == 1
}

/// [`furniture_reason`], cached by text during incremental analysis.
fn furniture_reason_cached(text: &str) -> Option<&'static str> {
    use crate::analysis::incremental::{WordTable, word_class};
    let code = word_class(WordTable::Furniture, text, || {
        furniture_reason(text).map_or(0, |r| {
            1 + REASONS
                .iter()
                .position(|&x| x == r)
                .expect("every furniture reason is in REASONS") as u32
        })
    });
    code.checked_sub(1).map(|k| REASONS[k as usize])
}

/// The reason given to every block from a related-articles header on: it
/// depends on where the header is, not on the block's own text.
pub const TAIL_REASON: &str = "danh sách bài liên quan hoặc biểu mẫu của trang web";

/// Indices of debris blocks with their reasons. `block_text` gives a
/// block's plain text. A tail header counts only once at least half of the
/// article's text lies before it (a related-article list is many short
/// blocks, so this is measured in bytes) and three blocks precede it, so an
/// article that mentions "Tin mới" early is safe.
pub fn find(blocks: &[Block], block_text: impl Fn(&Block) -> String) -> Vec<(usize, &'static str)> {
    let mut out = Vec::new();
    let content_blocks: Vec<usize> = (0..blocks.len())
        .filter(|&i| blocks[i].kind != BlockKind::Comment)
        .collect();
    let (Some(&first), Some(&last)) = (content_blocks.first(), content_blocks.last()) else {
        return out;
    };
    let (start, end) = (
        blocks[first].span.start,
        blocks[last].span.end.max(blocks[first].span.start + 1),
    );
    let mut tail_from = None;
    for (rank, &i) in content_blocks.iter().enumerate() {
        let before = (blocks[i].span.start - start) as f64 / (end - start) as f64;
        if rank < 3 || before < 0.5 {
            continue;
        }
        if is_tail_header(&block_text(&blocks[i])) {
            tail_from = Some(rank);
            break;
        }
    }
    for (rank, &i) in content_blocks.iter().enumerate() {
        if tail_from.is_some_and(|t| rank >= t) {
            out.push((i, TAIL_REASON));
        } else if let Some(reason) = furniture_reason_cached(&block_text(&blocks[i])) {
            out.push((i, reason));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn furniture_lines() {
        for line in [
            "Phiên bản di động",
            "BÌNH LUẬN (0)",
            "Họ tên:(*)",
            "Đăng ký ấn phẩm|Đăng nhập",
            "0:00 / 0:00",
            "Mã xác nhận:         Lấy lại mã bảo mật",
            "Nữ miền Bắc",
        ] {
            assert!(furniture_reason(line).is_some(), "{line}");
        }
        for line in [
            "Bình luận của đồng chí Bí thư về kết quả",
            "Phiên bản mới của quy chế làm việc",
            "Hội nghị lúc 8:00 sáng",
            "Tin mới từ Hoàng Mai: khởi công dự án",
            "Tiêu đề",
            "Nội dung: hội nghị đã thảo luận ba vấn đề",
        ] {
            assert!(furniture_reason(line).is_none(), "{line}");
        }
    }
}
