//! Finding article files and reading them as UTF-8.

use std::path::{Path, PathBuf};

/// Whether `path` is an article file by name: `*.article`, `*.article.md`, `*.txt`.
pub fn is_article_file(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let lower = name.to_ascii_lowercase();
    lower.ends_with(".article") || lower.ends_with(".article.md") || lower.ends_with(".txt")
}

/// Expands files and folders (recursively, sorted, hidden folders and
/// `target`/`node_modules` skipped). Missing paths are returned as errors.
pub fn collect(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<(PathBuf, String)>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for p in paths {
        match std::fs::metadata(p) {
            Err(e) => errors.push((p.clone(), format!("không đọc được: {e}"))),
            Ok(m) if m.is_dir() => walk(p, &mut files, &mut errors),
            Ok(_) => files.push(p.clone()),
        }
    }
    (files, errors)
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>, errors: &mut Vec<(PathBuf, String)>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            errors.push((dir.to_path_buf(), format!("không đọc được thư mục: {e}")));
            return;
        }
    };
    let mut items: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    items.sort();
    for path in items {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if path.is_dir() {
            if !name.starts_with('.') && name != "target" && name != "node_modules" {
                walk(&path, files, errors);
            }
        } else if is_article_file(&path) {
            files.push(path);
        }
    }
}

/// Reads a file as UTF-8 (a leading BOM is kept: positions stay true to the
/// file). Non-UTF-8 bytes get an error that names likely legacy encodings.
pub fn read_text(path: &Path) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("không đọc được: {e}"))?;
    String::from_utf8(bytes).map_err(|e| {
        let bytes = e.as_bytes();
        format!(
            "không phải UTF-8 (byte lỗi ở vị trí {}); {}. Hãy chuyển tệp sang UTF-8 (ví dụ bằng Unikey Toolkit hoặc iconv).",
            e.utf8_error().valid_up_to(),
            guess_legacy_encoding(bytes)
        )
    })
}

/// A hint at what a non-UTF-8 Vietnamese file is encoded in.
pub fn guess_legacy_encoding(bytes: &[u8]) -> String {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return "có vẻ là UTF-16 (có BOM)".into();
    }
    let high = bytes.iter().filter(|&&b| b >= 0x80).count();
    if high == 0 {
        return "không rõ bảng mã".into();
    }
    // VNI writes tone and vowel marks as separate ASCII-range letters after
    // the vowel plus a few high bytes; TCVN3 (ABC) and VISCII use one high
    // byte per accented letter; Windows-1258 combines base letters with
    // marks in 0xCC/0xD2/0xDE/0xEC/0xF2.
    let cp1258_marks = bytes
        .iter()
        .filter(|&&b| matches!(b, 0xCC | 0xD2 | 0xDE | 0xEC | 0xF2))
        .count();
    let vni_pairs = bytes
        .windows(2)
        .filter(|w| {
            w[0].is_ascii_alphabetic()
                && matches!(w[1], 0xF8 | 0xF9 | 0xFA | 0xFB | 0xFC | 0xFD | 0xEF | 0xF5)
        })
        .count();
    if cp1258_marks * 3 > high {
        "có thể là Windows-1258".into()
    } else if vni_pairs * 2 > high {
        "có thể là VNI-Windows".into()
    } else {
        "có thể là một bảng mã tiếng Việt cũ: TCVN3 (ABC), VISCII, VNI hoặc Windows-1258".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn article_file_names() {
        assert!(is_article_file(Path::new("a/b.article")));
        assert!(is_article_file(Path::new("b.article.md")));
        assert!(is_article_file(Path::new("b.TXT")));
        assert!(!is_article_file(Path::new("b.md")));
    }

    #[test]
    fn legacy_hints() {
        assert!(guess_legacy_encoding(&[0xFF, 0xFE, 0x41, 0]).contains("UTF-16"));
        assert!(guess_legacy_encoding(b"Ha\xb5 Ni\xd9").contains("TCVN3"));
    }
}
