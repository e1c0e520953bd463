#![no_main]
//! `syntax::parse` (both formats) and `strip_annotations` on arbitrary UTF-8.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        bientap_fuzz::check_parse(text);
    }
});
