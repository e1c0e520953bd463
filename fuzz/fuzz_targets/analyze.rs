#![no_main]
//! `analysis::analyze` on arbitrary UTF-8 (the first byte picks the format),
//! then hover, semantic tokens and diagnostics conversion on the result.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&format, rest)) = data.split_first() else {
        return;
    };
    if let Ok(text) = std::str::from_utf8(rest) {
        bientap_fuzz::check_analyze(format, text);
    }
});
