//! Quantities in Vietnamese number format ("10,93%", "2.000 tỷ đồng",
//! "19.700") and congress/term ordinals ("lần thứ IV", "khóa VI").

use super::dates::roman_value;
use super::{Candidate, Cx};
use crate::entity::{EntityKind, Origin, Value};
use crate::span::Span;
use crate::text::tokens::{Gap, Token, TokenKind};

fn touching(tokens: &[Token], i: usize) -> bool {
    tokens.get(i).is_some_and(|t| t.gap_before == Gap::None)
}

/// Magnitude and currency words that belong to a quantity.
const MAGNITUDES: &[&str] = &["nghìn", "ngàn", "triệu", "tỷ", "tỉ"];
const CURRENCIES: &[&str] = &["đồng", "USD", "VNĐ", "VND"];

fn key_in(tok: &Token, words: &[&str]) -> bool {
    words
        .iter()
        .any(|w| crate::text::vietnamese::syllable_key(w) == tok.key)
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
            && tokens.get(j + 1).is_some_and(|t| t.kind == TokenKind::Number && t.key.len() == 3)
            && touching(tokens, j + 1)
        {
            grouped = true;
            j += 2;
        }
        // Decimal comma: ",93" (a comma followed by a space is punctuation).
        if tokens.get(j).is_some_and(|t| t.is_punct(","))
            && touching(tokens, j)
            && tokens.get(j + 1).is_some_and(|t| t.kind == TokenKind::Number)
            && touching(tokens, j + 1)
        {
            decimal = true;
            j += 2;
        }
        // A dot or slash right after means a date, code or version, not a number.
        if tokens.get(j).is_some_and(|t| (t.is_punct(".") || t.is_punct("/") || t.is_punct("-") || t.is_punct(":")) && t.gap_before == Gap::None)
            && tokens.get(j + 1).is_some_and(|t| t.kind == TokenKind::Number && t.gap_before == Gap::None)
        {
            i = j + 2;
            continue;
        }
        let mut unit = None;
        let mut end = j;
        if tokens.get(j).is_some_and(|t| t.is_punct("%")) {
            unit = Some("%".to_string());
            end = j + 1;
        } else {
            let mut k = j;
            let mut words = Vec::new();
            while let Some(t) = tokens.get(k) {
                if t.gap_before == Gap::Space && (key_in(t, MAGNITUDES) || (!words.is_empty() || k == j) && key_in(t, CURRENCIES)) {
                    words.push(t.key.clone());
                    k += 1;
                    if key_in(t, CURRENCIES) {
                        break;
                    }
                } else {
                    break;
                }
            }
            if !words.is_empty() {
                end = k;
                unit = Some(cx.text[tokens[j].span.start..tokens[k - 1].span.end].to_string());
            }
        }
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

pub fn recognize_ordinals(_cx: &Cx, tokens: &[Token], out: &mut Vec<Candidate>) {
    for i in 0..tokens.len() {
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
        if num.gap_before != Gap::Space {
            continue;
        }
        let text = num.key.to_uppercase();
        let value = match num.kind {
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
