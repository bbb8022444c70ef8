//! The audit chain: each record carries the hash of the one before it, so that any change, insertion or
//! removal of a record breaks the chain at a point [`ChainVerifier`] names.

use sha2::{Digest, Sha256};

/// The hash the first record points back to.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One audit record as stored. Never holds personal data: identifiers, actions and reasons only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRecord {
    pub seq: i64,
    /// Milliseconds since the Unix epoch.
    pub at_ms: i64,
    pub actor: String,
    pub role: String,
    pub country: String,
    pub action: String,
    pub object_kind: String,
    pub object_id: String,
    pub detail: String,
    pub prev_hash: String,
    pub hash: String,
}

/// The fields a new record is made of; the store adds sequence, time and the chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEvent {
    pub actor: String,
    pub role: String,
    pub country: String,
    pub action: String,
    pub object_kind: String,
    pub object_id: String,
    pub detail: String,
}

impl AuditEvent {
    pub fn new(action: &str, object_kind: &str, object_id: impl Into<String>) -> Self {
        Self {
            actor: String::new(),
            role: String::new(),
            country: String::new(),
            action: action.to_owned(),
            object_kind: object_kind.to_owned(),
            object_id: object_id.into(),
            detail: String::new(),
        }
    }

    #[must_use]
    pub fn by(mut self, actor: &crate::Actor) -> Self {
        self.actor = actor.name.clone();
        self.role = actor.role.as_str().to_owned();
        self.country = actor.country.map(|c| c.to_string()).unwrap_or_default();
        self
    }

    #[must_use]
    pub fn by_system(mut self, who: &str) -> Self {
        self.actor = who.to_owned();
        self.role = "system".to_owned();
        self
    }

    #[must_use]
    pub fn detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = detail.into();
        self
    }

    /// Seals the event into a record that follows `prev_hash` at position `seq`.
    pub fn seal(self, seq: i64, at_ms: i64, prev_hash: &str) -> AuditRecord {
        let hash = chain_hash(seq, at_ms, &self, prev_hash);
        AuditRecord {
            seq,
            at_ms,
            actor: self.actor,
            role: self.role,
            country: self.country,
            action: self.action,
            object_kind: self.object_kind,
            object_id: self.object_id,
            detail: self.detail,
            prev_hash: prev_hash.to_owned(),
            hash,
        }
    }
}

/// SHA-256 over the previous hash and every field, each length-prefixed so that no two different
/// records can serialise to the same bytes.
pub fn chain_hash(seq: i64, at_ms: i64, e: &AuditEvent, prev_hash: &str) -> String {
    let mut h = Sha256::new();
    h.update(prev_hash.as_bytes());
    h.update(seq.to_be_bytes());
    h.update(at_ms.to_be_bytes());
    for field in [&e.actor, &e.role, &e.country, &e.action, &e.object_kind, &e.object_id, &e.detail] {
        h.update((field.len() as u64).to_be_bytes());
        h.update(field.as_bytes());
    }
    hex(&h.finalize())
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(char::from(DIGITS[usize::from(b >> 4)]));
        s.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
    s
}

/// Where and how the chain broke.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("audit chain broken at record {seq}: {problem}")]
pub struct BrokenLink {
    pub seq: i64,
    pub problem: String,
}

/// Checks records one at a time, in sequence order, without holding them all.
#[derive(Debug)]
pub struct ChainVerifier {
    prev_hash: String,
    next_seq: i64,
    checked: u64,
}

impl Default for ChainVerifier {
    fn default() -> Self {
        Self { prev_hash: GENESIS_HASH.to_owned(), next_seq: 1, checked: 0 }
    }
}

impl ChainVerifier {
    pub fn check(&mut self, r: &AuditRecord) -> Result<(), BrokenLink> {
        let broken = |problem: String| BrokenLink { seq: r.seq, problem };
        if r.seq != self.next_seq {
            return Err(BrokenLink {
                seq: self.next_seq,
                problem: format!("record {} is missing (found {} next)", self.next_seq, r.seq),
            });
        }
        if r.prev_hash != self.prev_hash {
            return Err(broken("it does not point to the record before it".to_owned()));
        }
        let event = AuditEvent {
            actor: r.actor.clone(),
            role: r.role.clone(),
            country: r.country.clone(),
            action: r.action.clone(),
            object_kind: r.object_kind.clone(),
            object_id: r.object_id.clone(),
            detail: r.detail.clone(),
        };
        if chain_hash(r.seq, r.at_ms, &event, &r.prev_hash) != r.hash {
            return Err(broken("its contents do not match its hash (the record was altered)".to_owned()));
        }
        self.prev_hash.clone_from(&r.hash);
        self.next_seq += 1;
        self.checked += 1;
        Ok(())
    }

    /// Checks that the chain ends where the store's head says it does (so truncation is caught).
    pub fn finish(&self, head_seq: i64, head_hash: &str) -> Result<u64, BrokenLink> {
        if head_seq != self.next_seq - 1 || head_hash != self.prev_hash {
            return Err(BrokenLink {
                seq: self.next_seq,
                problem: format!("the chain ends at record {} but the head is record {head_seq}", self.next_seq - 1),
            });
        }
        Ok(self.checked)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: i64) -> Vec<AuditRecord> {
        let mut prev = GENESIS_HASH.to_owned();
        (1..=n)
            .map(|seq| {
                let r = AuditEvent::new("notice.read", "notice", format!("n{seq}")).by_system("test").seal(
                    seq,
                    1000 + seq,
                    &prev,
                );
                prev.clone_from(&r.hash);
                r
            })
            .collect()
    }

    fn verify(records: &[AuditRecord]) -> Result<u64, BrokenLink> {
        let mut v = ChainVerifier::default();
        for r in records {
            v.check(r)?;
        }
        let last = records.last();
        v.finish(last.map_or(0, |r| r.seq), last.map_or(GENESIS_HASH, |r| r.hash.as_str()))
    }

    #[test]
    fn intact_chain_verifies() {
        assert_eq!(verify(&chain(5)), Ok(5));
        assert_eq!(verify(&[]), Ok(0));
    }

    #[test]
    fn altered_record_is_named() {
        let mut c = chain(5);
        c[2].detail = "changed".to_owned();
        assert_eq!(verify(&c).unwrap_err().seq, 3);
    }

    #[test]
    fn removed_record_is_named() {
        let mut c = chain(5);
        c.remove(1);
        assert_eq!(verify(&c).unwrap_err().seq, 2);
    }

    #[test]
    fn rehashed_record_breaks_the_next_link() {
        let mut c = chain(5);
        let e = AuditEvent::new("forged", "notice", "x").by_system("test");
        c[2] = e.seal(3, 1003, &c[1].hash.clone());
        assert_eq!(verify(&c).unwrap_err().seq, 4);
    }

    #[test]
    fn truncated_tail_is_caught_by_the_head() {
        let c = chain(5);
        let mut v = ChainVerifier::default();
        for r in &c[..3] {
            v.check(r).unwrap();
        }
        assert!(v.finish(5, &c[4].hash).is_err());
    }
}
