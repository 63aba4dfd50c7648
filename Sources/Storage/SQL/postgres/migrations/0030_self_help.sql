-- Self-help by email (docs/accounts.md, docs/preferences.md): address confirmation, password resets
-- and the mail they send. New tables only; `users` keeps its columns.

-- Whether an account's address was confirmed. Only an account registered while EMAIL_CONFIRMATION is
-- on gets a row awaiting confirmation (`confirmed_at` NULL); every account that existed before this
-- migration is marked confirmed here, and an account without a row (one the original server created
-- later on a shared database) counts as confirmed too.
CREATE TABLE IF NOT EXISTS email_confirmations (
    user_id       INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    requested_at  TIMESTAMP NOT NULL,
    confirmed_at  TIMESTAMP
);
INSERT INTO email_confirmations (user_id, requested_at, confirmed_at)
SELECT id, (now() AT TIME ZONE 'UTC'), (now() AT TIME ZONE 'UTC') FROM users
ON CONFLICT (user_id) DO NOTHING;

-- Password-reset links: only the SHA-256 of each link's random nonce is kept, so the table never
-- holds a usable link. `used_at` makes a link single use.
CREATE TABLE IF NOT EXISTS password_resets (
    nonce_hash   TEXT PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   TIMESTAMP NOT NULL,
    expires_at   TIMESTAMP NOT NULL,
    used_at      TIMESTAMP
);
CREATE INDEX IF NOT EXISTS idx_password_resets_user ON password_resets (user_id);

-- Mail the self-help forms and registration promised, sent off the request path by a worker (so a
-- request answers alike whether or not the address belongs to an account, and registration never
-- waits for mail). `email` is the address as asked; the worker looks the account up. A row is
-- deleted once sent or given up.
CREATE TABLE IF NOT EXISTS self_help_mail (
    id               SERIAL PRIMARY KEY,
    kind             TEXT NOT NULL CHECK (kind IN ('link', 'password_reset', 'confirmation')),
    email            TEXT NOT NULL,
    user_id          INTEGER REFERENCES users (id) ON DELETE CASCADE,
    created_at       TIMESTAMP NOT NULL,
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  TIMESTAMP NOT NULL,
    claimed_until    TIMESTAMP
);
CREATE INDEX IF NOT EXISTS idx_self_help_mail_due ON self_help_mail (next_attempt_at);
