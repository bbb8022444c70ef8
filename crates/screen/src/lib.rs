//! article3's identity matching engine: normalise, transliterate, index and score names, dates and
//! documents for screening at the border.
//!
//! Invariant: CPU only — no IO, no async. The engine arrives with its own issue.
