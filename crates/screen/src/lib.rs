//! article3's identity matching engine: normalise, transliterate, index and score names, dates and
//! documents for screening at the border.
//!
//! Invariant: CPU only — no IO, no async. Data files (the name-equivalence dictionary) are passed in
//! as text by the caller or embedded at compile time.

pub mod equivalence;
pub mod mrz;
pub mod phonetic;
pub mod text;
pub mod translit;
