//! bientap: proofreading Vietnamese news articles about public officials.
//!
//! The library is the analysis core: text in, a typed [`analysis::Analysis`]
//! out (syntax, entities, findings), every position a byte [`span::Span`].
//! It knows nothing of LSP; `server` is the protocol adapter and `cli` the
//! command-line front end, both calling [`analysis::analyze`].
//! See ARCHITECTURE.md for the map.

pub mod analysis;
pub mod annotate;
pub mod cli;
pub mod config;
pub mod document;
pub mod entity;
pub mod eval;
pub mod finding;
pub mod fixes;
pub mod hover;
pub mod inlay;
pub mod knowledge;
pub mod lexicon;
pub mod recognize;
pub mod registry;
pub mod rules;
pub mod server;
pub mod span;
pub mod syntax;
pub mod text;
pub mod workspace;
