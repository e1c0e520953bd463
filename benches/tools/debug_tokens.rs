fn main() {
    let text = std::env::args().nth(1).unwrap();
    let lex = bientap::lexicon::Lexicons::get();
    let toks = bientap::text::tokens::tokenize(&text, bientap::span::Span::new(0, text.len()));
    for (i, t) in toks.iter().enumerate() {
        println!(
            "{i} {:?} key={} cap={} surname={} gaz={:?}",
            t.text(&text),
            t.key,
            t.capitalized,
            lex.is_surname_key(&t.key),
            lex.gazetteer
                .by_name
                .longest(&toks, i)
                .map(|(n, u)| (n, u.len()))
        );
    }
}
