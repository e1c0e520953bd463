#![no_main]
//! Arbitrary sequences of `Document::apply` edits with arbitrary LineCol
//! ranges in all encodings, checked against a plain-string model; the
//! edits the document remembers since each version (`edits_since`) lead
//! from that version's text to the final one; then every position of the
//! final text round-trips in every encoding.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: bientap_fuzz::EditsInput| {
    bientap_fuzz::check_edits(&input);
});
