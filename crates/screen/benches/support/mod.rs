//! Support for the screening benchmark: name pools and the seeded generator of identities and queries.

pub mod generate;
pub mod pools;
