-- Changes waiting to be mailed; delivered_at stays NULL until a mail carrying them went out, so a failed
-- send loses nothing and the dedupe key keeps a re-run from queueing a change twice (domain §8.1, §8.12).
CREATE TABLE IF NOT EXISTS digest_items (
    id           SERIAL PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    section      TEXT NOT NULL CHECK (section IN ('mapper', 'driver')),
    dedupe_key   TEXT NOT NULL,
    map_uid      TEXT,
    payload      TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    delivered_at TIMESTAMP,
    UNIQUE (user_id, section, dedupe_key)
);
CREATE INDEX IF NOT EXISTS idx_digest_items_pending ON digest_items (user_id) WHERE delivered_at IS NULL;
