/** Versioned schema migrations, applied in order; PRAGMA user_version records the last one applied. */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value BLOB NOT NULL
  );
  CREATE TABLE secrets (
    id               TEXT PRIMARY KEY,
    account_id       TEXT NOT NULL,
    region           TEXT NOT NULL,
    name             TEXT NOT NULL,
    arn              TEXT NOT NULL,
    description      TEXT,
    kms_key_id       TEXT,
    type             TEXT,
    tags             TEXT,
    created_at       INTEGER NOT NULL,
    last_changed_at  INTEGER NOT NULL,
    last_accessed_at INTEGER,
    deleted_at       INTEGER,
    deletion_date    INTEGER
  );
  CREATE UNIQUE INDEX secrets_by_name ON secrets (account_id, region, name);
  CREATE UNIQUE INDEX secrets_by_arn ON secrets (arn);
  CREATE INDEX secrets_by_created ON secrets (account_id, region, created_at, id);
  CREATE INDEX secrets_by_changed ON secrets (account_id, region, last_changed_at, id);
  CREATE INDEX secrets_by_accessed ON secrets (account_id, region, last_accessed_at, id);
  CREATE INDEX secrets_by_deletion ON secrets (deletion_date) WHERE deletion_date IS NOT NULL;
  CREATE TABLE versions (
    secret_id        TEXT NOT NULL REFERENCES secrets (id) ON DELETE CASCADE,
    version_id       TEXT NOT NULL,
    stages           TEXT NOT NULL,
    created_at       INTEGER NOT NULL,
    seq              INTEGER NOT NULL,
    last_accessed_at INTEGER,
    value_type       TEXT NOT NULL,
    kek_id           TEXT NOT NULL,
    wrapped_key      BLOB NOT NULL,
    ciphertext       BLOB NOT NULL,
    kms_key_id       TEXT,
    PRIMARY KEY (secret_id, version_id)
  );
  CREATE INDEX versions_in_order ON versions (secret_id, seq);
  CREATE TABLE removed_versions (
    secret_id  TEXT NOT NULL REFERENCES secrets (id) ON DELETE CASCADE,
    version_id TEXT NOT NULL,
    PRIMARY KEY (secret_id, version_id)
  );
  `,
  `
  CREATE INDEX versions_by_age ON versions (secret_id, created_at);
  `,
  `
  ALTER TABLE secrets ADD COLUMN resource_policy TEXT;
  `,
  `
  CREATE TABLE iam_users (
    account_id TEXT NOT NULL,
    user_name  TEXT NOT NULL,
    user_id    TEXT NOT NULL UNIQUE,
    arn        TEXT NOT NULL,
    path       TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    tags       TEXT,
    PRIMARY KEY (account_id, user_name)
  );
  CREATE TABLE iam_access_keys (
    access_key_id     TEXT PRIMARY KEY,
    account_id        TEXT NOT NULL,
    user_name         TEXT NOT NULL,
    kek_id            TEXT NOT NULL,
    wrapped_key       BLOB NOT NULL,
    ciphertext        BLOB NOT NULL,
    status            TEXT NOT NULL,
    created_at        INTEGER NOT NULL,
    last_used_at      INTEGER,
    last_used_service TEXT,
    last_used_region  TEXT
  );
  CREATE INDEX iam_access_keys_by_user ON iam_access_keys (account_id, user_name, created_at, access_key_id);
  CREATE TABLE iam_user_policies (
    account_id  TEXT NOT NULL,
    user_name   TEXT NOT NULL,
    policy_name TEXT NOT NULL,
    document    TEXT NOT NULL,
    PRIMARY KEY (account_id, user_name, policy_name)
  );
  `,
  `
  CREATE TABLE iam_roles (
    account_id           TEXT NOT NULL,
    role_name            TEXT NOT NULL,
    role_id              TEXT NOT NULL UNIQUE,
    arn                  TEXT NOT NULL,
    path                 TEXT NOT NULL,
    assume_role_policy   TEXT NOT NULL,
    max_session_duration INTEGER NOT NULL,
    description          TEXT,
    created_at           INTEGER NOT NULL,
    PRIMARY KEY (account_id, role_name)
  );
  CREATE TABLE iam_role_policies (
    account_id  TEXT NOT NULL,
    role_name   TEXT NOT NULL,
    policy_name TEXT NOT NULL,
    document    TEXT NOT NULL,
    PRIMARY KEY (account_id, role_name, policy_name)
  );
  CREATE TABLE sts_role_sessions (
    access_key_id      TEXT PRIMARY KEY,
    account_id         TEXT NOT NULL,
    role_name          TEXT NOT NULL,
    session_name       TEXT NOT NULL,
    kek_id             TEXT NOT NULL,
    wrapped_key        BLOB NOT NULL,
    ciphertext         BLOB NOT NULL,
    session_token_hash TEXT NOT NULL,
    session_policy     TEXT,
    created_at         INTEGER NOT NULL,
    expires_at         INTEGER NOT NULL
  );
  CREATE INDEX sts_role_sessions_by_expiry ON sts_role_sessions (expires_at);
  `,
  `
  CREATE TABLE iam_groups (
    account_id TEXT NOT NULL,
    group_name TEXT NOT NULL,
    group_id   TEXT NOT NULL UNIQUE,
    arn        TEXT NOT NULL,
    path       TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (account_id, group_name)
  );
  CREATE TABLE iam_group_members (
    account_id TEXT NOT NULL,
    group_name TEXT NOT NULL,
    user_name  TEXT NOT NULL,
    PRIMARY KEY (account_id, group_name, user_name)
  );
  CREATE INDEX iam_group_members_by_user ON iam_group_members (account_id, user_name);
  CREATE TABLE iam_group_policies (
    account_id  TEXT NOT NULL,
    group_name  TEXT NOT NULL,
    policy_name TEXT NOT NULL,
    document    TEXT NOT NULL,
    PRIMARY KEY (account_id, group_name, policy_name)
  );
  `,
  `
  CREATE TABLE iam_managed_policies (
    arn                TEXT PRIMARY KEY,
    account_id         TEXT NOT NULL,
    policy_name        TEXT NOT NULL,
    policy_id          TEXT NOT NULL UNIQUE,
    path               TEXT NOT NULL,
    description        TEXT,
    default_version_id TEXT NOT NULL,
    next_version       INTEGER NOT NULL,
    tags               TEXT,
    created_at         INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL,
    UNIQUE (account_id, policy_name)
  );
  CREATE TABLE iam_policy_versions (
    policy_arn TEXT NOT NULL,
    version_id TEXT NOT NULL,
    document   TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    seq        INTEGER NOT NULL,
    PRIMARY KEY (policy_arn, version_id)
  );
  CREATE TABLE iam_policy_attachments (
    account_id  TEXT NOT NULL,
    entity_type TEXT NOT NULL,
    entity_name TEXT NOT NULL,
    policy_arn  TEXT NOT NULL,
    PRIMARY KEY (account_id, entity_type, entity_name, policy_arn)
  );
  CREATE INDEX iam_policy_attachments_by_policy ON iam_policy_attachments (policy_arn);
  ALTER TABLE iam_roles ADD COLUMN tags TEXT;
  ALTER TABLE sts_role_sessions ADD COLUMN session_tags TEXT;
  ALTER TABLE sts_role_sessions ADD COLUMN transitive_tag_keys TEXT;
  ALTER TABLE sts_role_sessions ADD COLUMN policy_arns TEXT;
  CREATE TABLE sts_user_sessions (
    access_key_id      TEXT PRIMARY KEY,
    account_id         TEXT NOT NULL,
    user_name          TEXT,
    kek_id             TEXT NOT NULL,
    wrapped_key        BLOB NOT NULL,
    ciphertext         BLOB NOT NULL,
    session_token_hash TEXT NOT NULL,
    created_at         INTEGER NOT NULL,
    expires_at         INTEGER NOT NULL
  );
  CREATE INDEX sts_user_sessions_by_expiry ON sts_user_sessions (expires_at);
  `,
  `
  CREATE TABLE kms_keys (
    key_id                   TEXT PRIMARY KEY,
    account_id               TEXT NOT NULL,
    region                   TEXT NOT NULL,
    arn                      TEXT NOT NULL,
    description              TEXT NOT NULL,
    key_state                TEXT NOT NULL,
    key_manager              TEXT NOT NULL,
    policy                   TEXT NOT NULL,
    tags                     TEXT NOT NULL,
    created_at               INTEGER NOT NULL,
    deletion_date            INTEGER,
    pending_window_in_days   INTEGER,
    rotation_enabled         INTEGER NOT NULL,
    rotation_period_in_days  INTEGER,
    next_rotation_at         INTEGER,
    current_material         INTEGER NOT NULL
  );
  CREATE INDEX kms_keys_by_scope ON kms_keys (account_id, region, created_at, key_id);
  CREATE INDEX kms_keys_by_deletion ON kms_keys (deletion_date) WHERE deletion_date IS NOT NULL;
  CREATE INDEX kms_keys_by_rotation ON kms_keys (next_rotation_at) WHERE rotation_enabled = 1;
  CREATE TABLE kms_key_material (
    key_id        TEXT NOT NULL,
    version       INTEGER NOT NULL,
    kek_id        TEXT NOT NULL,
    wrapped_key   BLOB NOT NULL,
    ciphertext    BLOB NOT NULL,
    created_at    INTEGER NOT NULL,
    rotation_type TEXT,
    PRIMARY KEY (key_id, version)
  );
  CREATE TABLE kms_aliases (
    account_id    TEXT NOT NULL,
    region        TEXT NOT NULL,
    alias_name    TEXT NOT NULL,
    target_key_id TEXT NOT NULL,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    PRIMARY KEY (account_id, region, alias_name)
  );
  CREATE INDEX kms_aliases_by_key ON kms_aliases (target_key_id);
  `,
];

/** The audit trail's own database (audit.db): append-only events, each region's chain head, signed digests. */
export const AUDIT_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE audit_events (
    seq           INTEGER PRIMARY KEY AUTOINCREMENT,
    region        TEXT NOT NULL,
    event_id      TEXT NOT NULL UNIQUE,
    event_time    INTEGER NOT NULL,
    event_name    TEXT NOT NULL,
    event_source  TEXT NOT NULL,
    read_only     INTEGER NOT NULL,
    username      TEXT,
    access_key_id TEXT,
    resources     TEXT NOT NULL,
    json          TEXT NOT NULL,
    prev_hash     TEXT NOT NULL,
    hash          TEXT NOT NULL
  );
  CREATE INDEX audit_events_by_region ON audit_events (region, seq);
  CREATE INDEX audit_events_by_name ON audit_events (region, event_name, seq);
  CREATE INDEX audit_events_by_user ON audit_events (region, username, seq);
  CREATE INDEX audit_events_by_key ON audit_events (region, access_key_id, seq);
  CREATE INDEX audit_events_by_source ON audit_events (region, event_source, seq);
  CREATE TABLE audit_event_resources (
    seq    INTEGER NOT NULL,
    region TEXT NOT NULL,
    type   TEXT NOT NULL,
    name   TEXT NOT NULL
  );
  CREATE INDEX audit_event_resources_by_name ON audit_event_resources (region, name, seq);
  CREATE INDEX audit_event_resources_by_type ON audit_event_resources (region, type, seq);
  CREATE INDEX audit_event_resources_by_seq ON audit_event_resources (seq);
  CREATE TABLE audit_digests (
    seq           INTEGER PRIMARY KEY AUTOINCREMENT,
    region        TEXT NOT NULL,
    from_seq      INTEGER NOT NULL,
    to_seq        INTEGER NOT NULL,
    previous_hash TEXT NOT NULL,
    last_hash     TEXT NOT NULL,
    event_count   INTEGER NOT NULL,
    created_at    INTEGER NOT NULL,
    signature     TEXT NOT NULL,
    kind          TEXT NOT NULL
  );
  CREATE INDEX audit_digests_by_region ON audit_digests (region, seq);
  `,
  // Events become a lean append-only table: a commit updates no secondary index. Each region's chain head gets a row
  // of its own. LookupEvents' attributes move to the lookup index database (AUDIT_INDEX_MIGRATIONS).
  `
  CREATE TABLE audit_events_v2 (
    seq           INTEGER PRIMARY KEY AUTOINCREMENT,
    region        TEXT NOT NULL,
    event_id      TEXT NOT NULL,
    event_time    INTEGER NOT NULL,
    event_name    TEXT NOT NULL,
    event_source  TEXT NOT NULL,
    read_only     INTEGER NOT NULL,
    username      TEXT,
    access_key_id TEXT,
    resources     TEXT NOT NULL,
    json          TEXT NOT NULL,
    prev_hash     TEXT NOT NULL,
    hash          TEXT NOT NULL
  );
  INSERT INTO audit_events_v2 (seq, region, event_id, event_time, event_name, event_source, read_only, username,
    access_key_id, resources, json, prev_hash, hash)
    SELECT seq, region, event_id, event_time, event_name, event_source, read_only, username,
    access_key_id, resources, json, prev_hash, hash FROM audit_events ORDER BY seq;
  DELETE FROM sqlite_sequence WHERE name = 'audit_events_v2';
  INSERT INTO sqlite_sequence (name, seq) SELECT 'audit_events_v2', seq FROM sqlite_sequence WHERE name = 'audit_events';
  CREATE TABLE audit_chain_heads (
    region TEXT PRIMARY KEY,
    seq    INTEGER NOT NULL,
    hash   TEXT NOT NULL
  ) WITHOUT ROWID;
  INSERT INTO audit_chain_heads (region, seq, hash)
    SELECT region, seq, hash FROM audit_events e WHERE seq = (SELECT MAX(seq) FROM audit_events WHERE region = e.region);
  INSERT INTO audit_chain_heads (region, seq, hash)
    SELECT region, to_seq, last_hash FROM audit_digests d
    WHERE kind = 'pruned' AND region NOT IN (SELECT region FROM audit_chain_heads)
      AND seq = (SELECT MAX(seq) FROM audit_digests WHERE region = d.region AND kind = 'pruned');
  DROP TABLE audit_event_resources;
  DROP TABLE audit_events;
  ALTER TABLE audit_events_v2 RENAME TO audit_events;
  `,
];

/**
 * The audit trail's lookup index (audit-index.db), filled behind the appends in batches by its own thread
 * (audit-indexer.ts). Each batch of events adds one posting per (region, attribute, value) it contains — the seqs of
 * its events with that value — so the values an event shares with its batch cost no row of their own.
 * Derived data: rebuilt from the events if it is lost.
 */
export const AUDIT_INDEX_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE audit_postings (
    id        INTEGER PRIMARY KEY,
    region    TEXT NOT NULL,
    attribute TEXT NOT NULL,
    value     TEXT NOT NULL,
    first_seq INTEGER NOT NULL,
    last_seq  INTEGER NOT NULL,
    -- the earliest and latest eventTime among its events, so a time-bounded lookup skips the postings outside
    min_time  INTEGER NOT NULL,
    max_time  INTEGER NOT NULL,
    -- every seq of the posting, ascending, as 32-bit little-endian offsets from first_seq
    seqs      BLOB NOT NULL
  );
  CREATE INDEX audit_postings_by_value ON audit_postings (region, attribute, value, first_seq);
  CREATE TABLE audit_index_batches (
    last_seq        INTEGER PRIMARY KEY,
    last_posting_id INTEGER NOT NULL
  );
  -- how far the index goes, and the hash of the event there: an index built from another trail (audit.db restored
  -- or replaced) does not match it, and is rebuilt
  CREATE TABLE audit_index_state (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    indexed_through INTEGER NOT NULL,
    indexed_hash    TEXT NOT NULL
  );
  INSERT INTO audit_index_state (id, indexed_through, indexed_hash) VALUES (1, 0, '');
  `,
];
