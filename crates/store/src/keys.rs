//! The keys a record is filed under, so that a later request about the same person finds it even once
//! its data is deleted: the subject's exact identity keys and its sound keys (a name written otherwise),
//! both hashed.

use std::collections::{BTreeSet, VecDeque};
use std::sync::{Arc, Mutex, OnceLock};

use article3_domain::Subject;
use article3_screen::Analyser;
use article3_screen::subject::SOUND_KEYS;

use article3_domain::audit::AuditEvent;
use sqlx::{AssertSqlSafe, Row};

use crate::sql::SqlStore;
use crate::{Result, StoreError};

/// More records than this under one sound key, and the key identifies nobody: a review leaves it aside.
/// The exact keys have no such limit (every word of a name with a year, or a document).
pub(crate) const SOUND_KEY_RECORDS: usize = 50;

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

/// Subjects whose keys were made last, with their keys: a request's keys are read to build its review
/// context and then filed with it, a moment apart, and analysing the names is the costly part.
const RECENT_KEYS: usize = 64;

impl SubjectKeys {
    pub fn of(subject: &Subject) -> Result<Arc<Self>> {
        static RECENT: Mutex<VecDeque<(Subject, Arc<SubjectKeys>)>> = Mutex::new(VecDeque::new());
        // A poisoned list is only a list of keys: carried on with.
        let recent = || RECENT.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some((_, keys)) = recent().iter().rev().find(|(s, _)| s == subject) {
            return Ok(Arc::clone(keys));
        }
        let analyser = analyser()?;
        let keys = Arc::new(Self {
            exact: article3_domain::identity_keys(subject),
            sounds: article3_screen::subject::sound_keys(&analyser, subject)
                .iter()
                .map(|k| article3_domain::hashed_key(k))
                .collect(),
        });
        let mut list = recent();
        if list.len() == RECENT_KEYS {
            list.pop_front();
        }
        list.push_back((subject.clone(), Arc::clone(&keys)));
        Ok(keys)
    }

    /// Every key, each once.
    pub fn all(&self) -> Vec<String> {
        self.exact.union(&self.sounds).cloned().collect()
    }
}

impl SqlStore {
    /// Files under their sound keys the notices and diffusions stored before this version of the keys
    /// existed and whose subject is still on file (deleted data has nothing left to make keys from), once
    /// per database, in one transaction with the row that says it is done. Returns how many records it
    /// filed; zero when it was done before.
    pub(crate) async fn backfill_sound_keys(&self) -> Result<u64> {
        let done = sqlx::query("SELECT version FROM key_backfills WHERE version = $1")
            .bind(SOUND_KEYS)
            .fetch_optional(self.pool())
            .await?;
        if done.is_some() {
            return Ok(0);
        }
        let mut tx = self.begin().await?;
        let mut records = 0u64;
        for (kind, table) in [("notice", "notices"), ("diffusion", "diffusions")] {
            let sql = format!("SELECT id, subject_doc FROM {table} WHERE subject_doc IS NOT NULL ORDER BY id");
            for row in sqlx::query(AssertSqlSafe(sql)).fetch_all(tx.conn().await?).await? {
                let id: String = row.try_get("id")?;
                let subject = crate::codec::decode_subject(&row.try_get::<String, _>("subject_doc")?)?;
                for key in &SubjectKeys::of(&subject)?.sounds {
                    sqlx::query("INSERT INTO identity_keys (object_kind, object_id, key) VALUES ($1, $2, $3)")
                        .bind(kind)
                        .bind(&id)
                        .bind(key)
                        .execute(tx.conn().await?)
                        .await?;
                }
                records += 1;
            }
        }
        // Two servers starting on one database: the second waits for the first's row and fails here,
        // rolling its copy back.
        let records_i64 = i64::try_from(records).unwrap_or(i64::MAX);
        sqlx::query("INSERT INTO key_backfills (version, records, done_at) VALUES ($1, $2, $3)")
            .bind(SOUND_KEYS)
            .bind(records_i64)
            .bind(tx.now)
            .execute(tx.conn().await?)
            .await?;
        if records > 0 {
            tx.audit(
                AuditEvent::new("identity_keys.backfill", "identity_keys", SOUND_KEYS)
                    .by_system("store")
                    .detail(format!("records={records}")),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(records)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use article3_domain::{BirthDate, NameKind, PersonName, Sex};

    fn subject(given: &str, born: &str) -> Subject {
        let name = PersonName::new(NameKind::Primary, None, Some(given), Some("Exemple"), None, None);
        let born = BirthDate::parse("birth_date", born, time::Date::MAX);
        match (name, born) {
            (Ok(name), Ok(born)) => Subject {
                names: vec![name],
                birth_dates: vec![born],
                sex: Sex::Unknown,
                nationalities: Default::default(),
                documents: Vec::new(),
                occupation: None,
                public_role: None,
            },
            (name, born) => panic!("{name:?} {born:?}"),
        }
    }

    #[test]
    fn a_subjects_keys_are_made_once_and_another_subjects_are_its_own() -> Result<()> {
        let jean = subject("Jean", "1981-04-02");
        let first = SubjectKeys::of(&jean)?;
        assert!(!first.exact.is_empty() && !first.sounds.is_empty(), "{first:?}");
        assert!(Arc::ptr_eq(&first, &SubjectKeys::of(&jean.clone())?), "the same subject's keys, made once");
        // A year apart: keys of its own, not the neighbour's.
        let other = SubjectKeys::of(&subject("Jean", "1982-04-02"))?;
        assert!(!Arc::ptr_eq(&first, &other));
        assert_ne!(first.sounds, other.sounds);
        // Pushed out by as many other subjects as are kept, they are made again, and come out the same.
        for year in 1900..1900 + RECENT_KEYS as i32 {
            SubjectKeys::of(&subject("Anna", &year.to_string()))?;
        }
        let again = SubjectKeys::of(&jean)?;
        assert!(!Arc::ptr_eq(&first, &again), "made again");
        assert_eq!((&first.exact, &first.sounds), (&again.exact, &again.sounds));
        Ok(())
    }
}
