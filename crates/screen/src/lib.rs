//! article3's identity matching engine: normalise, transliterate, index and score names, dates and
//! documents for screening at the border.
//!
//! Invariant: CPU only — no IO, no async. Data files (the name-equivalence dictionary) are passed in
//! as text by the caller or embedded at compile time.

pub mod date;
pub mod equivalence;
pub mod index;
pub mod mrz;
pub mod name;
pub mod phonetic;
pub mod score;
pub mod subject;
pub mod text;
pub mod translit;

pub use date::DateSpec;
pub use index::{Explanation, Hit, Identity, Index, Query};
pub use name::{Analyser, NameInput, NameKind};
pub use subject::LINK_THRESHOLD;
