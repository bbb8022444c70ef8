//! The audit chain: each record carries the hash of the one before it, so that any change, insertion or
//! removal of a record breaks the chain at a point [`ChainVerifier`] names.
//!
//! The log may be split into several lanes, each a chain of its own, so that a database can commit
//! records of different lanes at the same time instead of one after another. Every record has a global
//! sequence number (the order of the log), its lane, and its place in that lane; the hash covers all three.

use sha2::{Digest, Sha256};

/// The hash the first record points back to.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One audit record as stored. Never holds personal data: identifiers, actions and reasons only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRecord {
    /// Position in the whole log (increasing; a number may be skipped by a transaction that rolled back).
    pub seq: i64,
    pub lane: i64,
    /// Position in its lane: 1, 2, 3, … without gaps.
    pub lane_seq: i64,
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

    /// Seals the event into a record at `seq` in the log, following `prev_hash` at `lane_seq` in `lane`.
    pub fn seal(self, place: Place, at_ms: i64, prev_hash: &str) -> AuditRecord {
        let hash = chain_hash(place, at_ms, &self, prev_hash);
        AuditRecord {
            seq: place.seq,
            lane: place.lane,
            lane_seq: place.lane_seq,
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

/// Where a record sits: in the log, and in its lane.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    pub seq: i64,
    pub lane: i64,
    pub lane_seq: i64,
}

impl Place {
    /// The single-lane case: the log's order is the lane's order.
    pub fn single(seq: i64) -> Self {
        Self { seq, lane: 0, lane_seq: seq }
    }
}

/// SHA-256 over the previous hash, the record's place, its time and every field, each field
/// length-prefixed so that no two different records can serialise to the same bytes. Numbers are
/// 8-byte big-endian. (The PostgreSQL migration computes the same bytes in SQL.)
pub fn chain_hash(place: Place, at_ms: i64, e: &AuditEvent, prev_hash: &str) -> String {
    let mut h = Sha256::new();
    h.update(prev_hash.as_bytes());
    h.update(place.seq.to_be_bytes());
    h.update(place.lane.to_be_bytes());
    h.update(place.lane_seq.to_be_bytes());
    h.update(at_ms.to_be_bytes());
    for field in [&e.actor, &e.role, &e.country, &e.action, &e.object_kind, &e.object_id, &e.detail] {
        h.update((field.len() as u64).to_be_bytes());
        h.update(field.as_bytes());
    }
    hex(&h.finalize())
}

/// Lower-case hexadecimal, two digits a byte (hashes and tokens as the store keeps them).
pub fn hex(bytes: &[u8]) -> String {
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

/// Checks records one at a time, in log order, without holding them all: per lane, positions follow
/// each other without gaps and each record points to the one before it.
#[derive(Debug, Default)]
pub struct ChainVerifier {
    /// Per lane: the last position seen and its hash.
    lanes: std::collections::BTreeMap<i64, (i64, String)>,
    last_seq: i64,
    checked: u64,
}

impl ChainVerifier {
    pub fn check(&mut self, r: &AuditRecord) -> Result<(), BrokenLink> {
        let broken = |problem: String| BrokenLink { seq: r.seq, problem };
        if r.seq <= self.last_seq {
            return Err(broken(format!("it is out of order (after record {})", self.last_seq)));
        }
        let (last, prev) = self.lanes.get(&r.lane).cloned().unwrap_or_else(|| (0, GENESIS_HASH.to_owned()));
        if r.lane_seq != last + 1 {
            return Err(broken(format!(
                "record {} of lane {} is missing (found {} next)",
                last + 1,
                r.lane,
                r.lane_seq
            )));
        }
        if r.prev_hash != prev {
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
        let place = Place { seq: r.seq, lane: r.lane, lane_seq: r.lane_seq };
        if chain_hash(place, r.at_ms, &event, &r.prev_hash) != r.hash {
            return Err(broken("its contents do not match its hash (the record was altered)".to_owned()));
        }
        self.lanes.insert(r.lane, (r.lane_seq, r.hash.clone()));
        self.last_seq = r.seq;
        self.checked += 1;
        Ok(())
    }

    /// Checks that every lane ends where the store's heads say it does (so truncation is caught).
    /// `heads` are (lane, last position, its hash); a lane with no records has position 0.
    pub fn finish(&self, heads: &[(i64, i64, String)]) -> Result<u64, BrokenLink> {
        for (lane, head_seq, head_hash) in heads {
            let (last, hash) = self.lanes.get(lane).cloned().unwrap_or_else(|| (0, GENESIS_HASH.to_owned()));
            if last != *head_seq || &hash != head_hash {
                return Err(BrokenLink {
                    seq: self.last_seq + 1,
                    problem: format!("lane {lane} ends at record {last} but its head is record {head_seq}"),
                });
            }
        }
        if let Some(lane) = self.lanes.keys().find(|l| !heads.iter().any(|(h, _, _)| h == *l)) {
            return Err(BrokenLink { seq: self.last_seq, problem: format!("lane {lane} has records but no head") });
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
                    Place::single(seq),
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
        v.finish(&[(0, last.map_or(0, |r| r.lane_seq), last.map_or(GENESIS_HASH, |r| r.hash.as_str()).to_owned())])
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
        let broken = verify(&c).unwrap_err();
        assert_eq!(broken.seq, 3, "the first record found out of line");
        assert!(broken.problem.contains("record 2 of lane 0 is missing"), "{}", broken.problem);
    }

    #[test]
    fn lanes_are_chains_of_their_own() {
        // Two lanes interleaved in the log: each verifies on its own; swapping a record across lanes fails.
        let mut heads = [(0_i64, 0_i64, GENESIS_HASH.to_owned()), (1, 0, GENESIS_HASH.to_owned())];
        let mut records = Vec::new();
        for seq in 1..=6_i64 {
            let lane = seq % 2;
            let head = &mut heads[usize::try_from(lane).unwrap()];
            let place = Place { seq, lane, lane_seq: head.1 + 1 };
            let r = AuditEvent::new("x", "y", "z").by_system("t").seal(place, seq, &head.2);
            *head = (lane, place.lane_seq, r.hash.clone());
            records.push(r);
        }
        let mut v = ChainVerifier::default();
        for r in &records {
            v.check(r).unwrap();
        }
        assert_eq!(v.finish(&heads), Ok(6));
        let mut moved = records.clone();
        moved[2].lane = 0;
        let mut v = ChainVerifier::default();
        assert!(moved.iter().try_for_each(|r| v.check(r)).is_err());
    }

    #[test]
    fn rehashed_record_breaks_the_next_link() {
        let mut c = chain(5);
        let e = AuditEvent::new("forged", "notice", "x").by_system("test");
        c[2] = e.seal(Place::single(3), 1003, &c[1].hash.clone());
        assert_eq!(verify(&c).unwrap_err().seq, 4);
    }

    #[test]
    fn truncated_tail_is_caught_by_the_head() {
        let c = chain(5);
        let mut v = ChainVerifier::default();
        for r in &c[..3] {
            v.check(r).unwrap();
        }
        assert!(v.finish(&[(0, 5, c[4].hash.clone())]).is_err());
    }
}
