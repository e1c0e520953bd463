//! Text primitives: positions, Vietnamese syllables, tokens.

pub mod position;
pub mod tokens;
pub mod vietnamese;
