//! The progress database's schema, as numbered migrations.
//!
//! `PRAGMA user_version` holds the number of migrations applied. A migration
//! is never edited once released: a change is a new entry at the end.

/// Migration `n` (1-based) takes the schema from version `n − 1` to `n`.
pub const MIGRATIONS: &[&str] = &[
    // 1: the review log, its card keys, and the per-card cache.
    "
    CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    ) WITHOUT ROWID;

    -- Every device whose reviews this file holds; `id` is local to the file,
    -- `uuid` is the device's identity everywhere.
    CREATE TABLE devices (
        id   INTEGER PRIMARY KEY,
        uuid TEXT NOT NULL UNIQUE
    );

    -- The stable key of each card direction, numbered so that the log stores
    -- small integers rather than repeated strings.
    CREATE TABLE card_keys (
        id        INTEGER PRIMARY KEY,
        deck      TEXT NOT NULL,
        card      TEXT NOT NULL,
        direction INTEGER NOT NULL,
        UNIQUE (deck, card, direction)
    );

    -- The truth: one row per answer, appended in its own transaction.
    -- (device uuid, seq) identifies a review on every device, so that logs
    -- from several devices can later be merged as a union.
    CREATE TABLE reviews (
        device          INTEGER NOT NULL,
        seq             INTEGER NOT NULL,
        card            INTEGER NOT NULL,
        answered_at_ms  INTEGER NOT NULL,
        day             INTEGER NOT NULL,
        quality         INTEGER NOT NULL,
        elapsed_ms      INTEGER NOT NULL,
        kind            INTEGER NOT NULL,
        reps_before     INTEGER NOT NULL,
        interval_before INTEGER NOT NULL,
        ease_before     INTEGER NOT NULL,
        reps_after      INTEGER NOT NULL,
        interval_after  INTEGER NOT NULL,
        ease_after      INTEGER NOT NULL,
        PRIMARY KEY (device, seq)
    ) WITHOUT ROWID;

    -- A cache of replaying `reviews`: one row per card direction answered.
    CREATE TABLE card_state (
        card          INTEGER PRIMARY KEY,
        repetitions   INTEGER NOT NULL,
        interval_days INTEGER NOT NULL,
        ease          INTEGER NOT NULL,
        due_day       INTEGER NOT NULL,
        first_day     INTEGER NOT NULL,
        last_day      INTEGER NOT NULL,
        last_quality  INTEGER NOT NULL,
        answers       INTEGER NOT NULL,
        lapses        INTEGER NOT NULL
    );
    ",
    // 2: what each answered card said, as a fingerprint (a hash of its
    // text), so `cardwise check` can tell a renamed card from a new one.
    "
    ALTER TABLE card_keys ADD COLUMN fingerprint INTEGER;
    ",
    // 3: undo. An undo row (kind 4) cancels the review of its device
    // numbered `undoes`; nothing is ever deleted from the log.
    "
    ALTER TABLE reviews ADD COLUMN undoes INTEGER;
    CREATE INDEX reviews_undone ON reviews (device, undoes) WHERE undoes IS NOT NULL;
    ",
    // 4: what the learner does to cards besides answering. Suspending
    // (kind 5), unsuspending (6), burying (7), resetting to new (8),
    // bringing into today's reviews (9) and an exam's extra review (3) are
    // rows of the log; the holds in force are a cache of them, as
    // `card_state` is of the answers. Practice answers are kind 2.
    // And how each checked answer compared with the right one (0 wrong,
    // 1 close, 2 right) and the drill's listed mistake it matched (by its
    // place in the drill), beside its review: only checked answers have a
    // row, so the log of the others does not grow.
    "
    CREATE TABLE card_hold (
        card      INTEGER PRIMARY KEY,
        suspended INTEGER NOT NULL,
        buried_on INTEGER,
        due_on    INTEGER,
        extra_on  INTEGER
    );
    CREATE TABLE outcomes (
        device  INTEGER NOT NULL,
        seq     INTEGER NOT NULL,
        outcome INTEGER NOT NULL,
        mistake INTEGER,
        PRIMARY KEY (device, seq)
    ) WITHOUT ROWID;
    ",
];

/// The schema version this build writes.
pub fn current_version() -> i64 {
    // A handful of migrations: the cast cannot truncate.
    MIGRATIONS.len() as i64
}
