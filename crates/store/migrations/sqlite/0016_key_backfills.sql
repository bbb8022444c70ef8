-- Keys made in Rust from data on file (sound keys, version "sound1"), filed for records stored before
-- their version existed: a row per version once its backfill is committed.
CREATE TABLE key_backfills (
    version TEXT PRIMARY KEY,
    records INTEGER NOT NULL,
    done_at INTEGER NOT NULL
);
