-- What a player chose on their preference page (reached from the link in every digest, without a
-- site session). A user without a row has the defaults: digest on, UTC, every kind of news by email.
-- News kinds are bits: 1 mapper records, 2 driver beaten (or pushed out of range), 4 driver improved.
CREATE TABLE IF NOT EXISTS user_preferences (
    user_id          INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    digest_paused    INTEGER NOT NULL DEFAULT 0,
    time_zone        TEXT NOT NULL DEFAULT 'UTC',
    email_news       INTEGER NOT NULL DEFAULT 7,
    link_generation  INTEGER NOT NULL DEFAULT 0,
    updated_at       TEXT NOT NULL
);

-- Push channels (Discord webhooks, ntfy topics). `target` is the webhook URL or the topic and is
-- never returned or logged in full; a channel the far side deleted is disabled with its reason,
-- and `disabled_reported_at` says whether the next digest already told the player.
CREATE TABLE IF NOT EXISTS push_channels (
    id                   INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id              INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind                 TEXT NOT NULL CHECK (kind IN ('discord', 'ntfy')),
    target               TEXT NOT NULL,
    access_token         TEXT,
    news                 INTEGER NOT NULL DEFAULT 7,
    status               TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
    disabled_reason      TEXT,
    disabled_at          TEXT,
    disabled_reported_at TEXT,
    created_at           TEXT NOT NULL,
    UNIQUE (user_id, kind, target)
);
CREATE INDEX IF NOT EXISTS idx_push_channels_active ON push_channels (user_id) WHERE status = 'active';
