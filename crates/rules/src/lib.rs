//! article3's compliance review engine: explainable rules for Articles 2 and 3 of the Constitution,
//! RPD Article 83, the refugee policy and abuse patterns.
//!
//! Invariant: pure — no IO, no async. It implements `article3_domain::ReviewEngine`. The rules arrive
//! with their own issue; until then the server runs `article3_domain::NoEngine`.
