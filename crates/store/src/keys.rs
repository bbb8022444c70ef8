//! The keys a record is filed under, so that a later request about the same person finds it even once
//! its data is deleted: the subject's exact identity keys and its sound keys (a name written otherwise),
//! both hashed.

use std::collections::BTreeSet;
use std::sync::{Arc, OnceLock};

use article3_domain::Subject;
use article3_screen::Analyser;

use crate::{Result, StoreError};

/// The analyser with the shipped name dictionary, loaded once per process.
pub(crate) fn analyser() -> Result<Arc<Analyser>> {
    static SHIPPED: OnceLock<std::result::Result<Arc<Analyser>, String>> = OnceLock::new();
    SHIPPED
        .get_or_init(|| Analyser::shipped().map(Arc::new).map_err(|e| e.to_string()))
        .clone()
        .map_err(|e| StoreError::Corrupt(format!("screening dictionary: {e}")))
}

/// A subject's keys, hashed: the exact ones ([`article3_domain::identity_keys`]) and the sound ones
/// ([`article3_screen::subject::sound_keys`]).
#[derive(Debug, Default)]
pub(crate) struct SubjectKeys {
    pub exact: BTreeSet<String>,
    pub sounds: BTreeSet<String>,
}

impl SubjectKeys {
    pub fn of(subject: &Subject) -> Result<Self> {
        let analyser = analyser()?;
        Ok(Self {
            exact: article3_domain::identity_keys(subject),
            sounds: article3_screen::subject::sound_keys(&analyser, subject)
                .iter()
                .map(|k| article3_domain::hashed_key(k))
                .collect(),
        })
    }

    /// Every key, each once.
    pub fn all(&self) -> Vec<String> {
        self.exact.union(&self.sounds).cloned().collect()
    }
}
