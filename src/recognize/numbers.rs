//! Quantities in Vietnamese number format ("10,93%", "2.000 tỷ đồng",
//! "19.700") and congress/term ordinals ("lần thứ IV", "khóa VI").

use super::dates::roman_value;
use super::{Candidate, Cx};
use crate::entity::{EntityKind, Origin, Value};
use crate::span::Span;
use crate::text::tokens::{Gap, Token, TokenKind};
use crate::text::vietnamese::KeyList;

fn touching(tokens: &[Token], i: usize) -> bool {
    tokens.get(i).is_some_and(|t| t.gap_before == Gap::None)
}

/// Magnitude and currency words that belong to a quantity.
static MAGNITUDES: KeyList = KeyList::new(&["nghìn", "ngàn", "triệu", "tỷ", "tỉ"]);
/// Units of measure and currencies that belong to a quantity.
static UNITS: KeyList = KeyList::new(&[
    "đồng", "USD", "VNĐ", "VND", "ha", "km", "m", "m2", "km2", "tấn", "tạ", "kg", "lít", "MW",
    "kWh",
]);

fn key_in(tok: &Token, words: &KeyList) -> bool {
    words.contains(&tok.key)
}

pub fn recognize_quantities(cx: &Cx, tokens: &[Token], out: &mut Vec<Candidate>) {
    let mut i = 0;
    while i < tokens.len() {
        if tokens[i].kind != TokenKind::Number
            || (i > 0 && touching(tokens, i) && !tokens[i - 1].is_punct("("))
        {
            i += 1;
            continue;
        }
        let start = i;
        let mut j = i + 1;
        let mut grouped = false;
        let mut decimal = false;
        // Thousands groups: ".000".
        while tokens.get(j).is_some_and(|t| t.is_punct("."))
            && touching(tokens, j)
            && tokens
                .get(j + 1)
                .is_some_and(|t| t.kind == TokenKind::Number && t.key.len() == 3)
            && touching(tokens, j + 1)
        {
            grouped = true;
            j += 2;
        }
        // Decimal comma: ",93" (a comma followed by a space is punctuation).
        if tokens.get(j).is_some_and(|t| t.is_punct(","))
            && touching(tokens, j)
            && tokens
                .get(j + 1)
                .is_some_and(|t| t.kind == TokenKind::Number)
            && touching(tokens, j + 1)
        {
            decimal = true;
            j += 2;
        }
        // A dot or slash right after means a date, code or version, not a number.
        if tokens.get(j).is_some_and(|t| {
            (t.is_punct(".") || t.is_punct("/") || t.is_punct("-") || t.is_punct(":"))
                && t.gap_before == Gap::None
        }) && tokens
            .get(j + 1)
            .is_some_and(|t| t.kind == TokenKind::Number && t.gap_before == Gap::None)
        {
            i = j + 2;
            continue;
        }
        let end = if tokens.get(j).is_some_and(|t| t.is_punct("%")) {
            j + 1
        } else {
            // Magnitude ("tỷ", "triệu"), then a unit ("đồng", "ha", "tạ/ha").
            let mut k = j;
            let mut magnitude = false;
            while tokens
                .get(k)
                .is_some_and(|t| t.gap_before == Gap::Space && key_in(t, &MAGNITUDES))
            {
                magnitude = true;
                k += 1;
            }
            if let Some(t) = tokens
                .get(k)
                .filter(|t| t.gap_before == Gap::Space && key_in(t, &UNITS))
            {
                // "13 đồng chí" is thirteen comrades, not money.
                let money_ok = t.key != "đôngf"
                    || magnitude
                    || grouped
                    || tokens
                        .get(k + 1)
                        .is_none_or(|n| !n.is_word() || n.gap_before != Gap::Space);
                if money_ok {
                    k += 1;
                    // "tạ/ha", "người/km2".
                    if tokens
                        .get(k)
                        .is_some_and(|s| s.is_punct("/") && s.gap_before == Gap::None)
                        && tokens
                            .get(k + 1)
                            .is_some_and(|u| u.gap_before == Gap::None && key_in(u, &UNITS))
                    {
                        k += 2;
                    }
                }
            }
            k
        };
        let unit =
            (end > j).then(|| cx.text[tokens[j].span.start..tokens[end - 1].span.end].to_string());
        if grouped || decimal || unit.is_some() {
            let span = Span::new(tokens[start].span.start, tokens[end - 1].span.end);
            out.push(Candidate::new(
                EntityKind::Quantity,
                span,
                Value::Quantity {
                    amount: cx.text[tokens[start].span.start..tokens[j - 1].span.end].to_string(),
                    unit,
                },
                Origin::Rule,
                0.9,
            ));
        }
        i = end.max(i + 1);
    }
}

/// "mười tám" → 18, "mười lăm" → 15: the compound number words of ordinals.
fn word_number(tokens: &[Token], i: usize) -> Option<(u32, usize)> {
    let unit = |k: &str| match k {
        "môts" | "môtj" => Some(1),
        "hai" => Some(2),
        "ba" => Some(3),
        "bôns" | "tư" => Some(4),
        "năm" | "lăm" => Some(5),
        "saus" => Some(6),
        "bayr" => Some(7),
        "tams" => Some(8),
        "chins" => Some(9),
        _ => None,
    };
    let first = tokens.get(i)?;
    if first.key == "mươif" {
        if let Some(u) = tokens
            .get(i + 1)
            .filter(|t| t.gap_before == Gap::Space)
            .and_then(|t| unit(&t.key))
        {
            return Some((10 + u, 2));
        }
        return Some((10, 1));
    }
    if first.key == "nhâts" {
        return Some((1, 1));
    }
    unit(&first.key).map(|u| (u, 1))
}

pub fn recognize_ordinals(_cx: &Cx, tokens: &[Token], out: &mut Vec<Candidate>) {
    for i in 0..tokens.len() {
        // "Đại hội XIII", "Hội nghị Trung ương 10", "Kỳ họp thứ 20".
        if let Some((start, num_at)) = bare_ordinal_context(tokens, i) {
            let num = &tokens[num_at];
            let value = match num.kind {
                TokenKind::Number => num.key.parse().ok().filter(|v| (1..=200).contains(v)),
                _ if num.all_caps || num.key == "i" => roman_value(&num.key.to_uppercase()),
                _ => None,
            };
            if let Some(value) = value {
                out.push(Candidate::new(
                    EntityKind::Ordinal,
                    Span::new(tokens[start].span.start, num.span.end),
                    Value::Ordinal {
                        value,
                        numeral: num_text(num),
                    },
                    Origin::Rule,
                    0.9,
                ));
            }
            continue;
        }
        let head = match tokens[i].key.as_str() {
            // "lần thứ"
            "lânf" if tokens.get(i + 1).is_some_and(|t| t.key == "thưs") => 2,
            // "khóa" / "khoá" (same key)
            "khoas" => 1,
            _ => continue,
        };
        let Some(num) = tokens.get(i + head) else {
            continue;
        };
        if head == 2
            && num.is_word()
            && !num.capitalized
            && let Some((value, len)) = word_number(tokens, i + head)
        {
            out.push(Candidate::new(
                EntityKind::Ordinal,
                Span::new(tokens[i].span.start, tokens[i + head + len - 1].span.end),
                Value::Ordinal {
                    value,
                    numeral: value.to_string(),
                },
                Origin::Rule,
                0.9,
            ));
            continue;
        }
        if num.gap_before != Gap::Space {
            continue;
        }
        let text = num.key.to_uppercase();
        let word_value = match num.key.as_str() {
            "nhâts" => Some(1),
            "hai" => Some(2),
            "ba" => Some(3),
            "tư" => Some(4),
            "năm" => Some(5),
            "sau" | "saus" => Some(6),
            "bayr" => Some(7),
            "tams" => Some(8),
            "chins" => Some(9),
            "mươif" => Some(10),
            _ => None,
        };
        let value = match num.kind {
            TokenKind::Word if head == 2 && word_value.is_some() && !num.capitalized => word_value,
            TokenKind::Number => num.key.parse().ok().filter(|v| (1..=200).contains(v)),
            TokenKind::Word if num.all_caps || text == "I" || text == "V" || text == "X" => {
                roman_value(&text)
            }
            _ => None,
        };
        let Some(value) = value else { continue };
        // "lần thứ 2 năm 2016": a plain count after "lần thứ" is still an ordinal.
        out.push(Candidate::new(
            EntityKind::Ordinal,
            Span::new(tokens[i].span.start, num.span.end),
            Value::Ordinal {
                value,
                numeral: num_text(num),
            },
            Origin::Rule,
            0.95,
        ));
    }
}

/// Where an ordinal without "lần thứ"/"khóa" starts: (span start, numeral index).
fn bare_ordinal_context(tokens: &[Token], i: usize) -> Option<(usize, usize)> {
    let t = &tokens[i];
    let next = |k: usize| tokens.get(k).filter(|n| n.gap_before == Gap::Space);
    // "Đại hội XIII" (capital Đ: the Party congress), a Roman numeral only.
    if t.key == "đaij" && t.capitalized && tokens.get(i + 1).is_some_and(|h| h.key == "hôij") {
        let n = next(i + 2)?;
        return (n.kind == TokenKind::Word && n.all_caps).then_some((i + 2, i + 2));
    }
    // "Hội nghị Trung ương 10".
    if t.key == "hôij"
        && tokens.get(i + 1).is_some_and(|h| h.key == "nghij")
        && tokens.get(i + 2).is_some_and(|h| h.key == "trung")
        && tokens.get(i + 3).is_some_and(|h| h.key == "ương")
    {
        let n = next(i + 4)?;
        return (n.kind == TokenKind::Number).then_some((i + 4, i + 4));
    }
    // "Kỳ họp thứ 20".
    if t.key == "kyf"
        && tokens.get(i + 1).is_some_and(|h| h.key == "hopj")
        && tokens.get(i + 2).is_some_and(|h| h.key == "thưs")
    {
        let n = next(i + 3)?;
        return Some((i + 2, i + 3)).filter(|_| n.kind == TokenKind::Number || n.all_caps);
    }
    None
}

fn num_text(tok: &Token) -> String {
    if tok.kind == TokenKind::Number {
        tok.key.clone()
    } else {
        tok.key.to_uppercase()
    }
}

#[cfg(test)]
mod tests {
    use crate::text::vietnamese::syllable_key;

    #[test]
    fn literal_keys() {
        assert_eq!(syllable_key("lần"), "lânf");
        assert_eq!(syllable_key("thứ"), "thưs");
        assert_eq!(syllable_key("khóa"), "khoas");
        assert_eq!(syllable_key("khoá"), "khoas");
    }
}
