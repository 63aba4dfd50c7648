-- Login sessions, persisted so they survive restarts and are shared by every instance (contract §9 #5).
CREATE TABLE IF NOT EXISTS login_sessions (
    id               TEXT PRIMARY KEY,
    user_id          INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at       TEXT NOT NULL,
    expires_at       TEXT NOT NULL,
    last_accessed_at TEXT NOT NULL,
    user_agent       TEXT,
    ip_address       TEXT
);
CREATE INDEX IF NOT EXISTS idx_login_sessions_user_id ON login_sessions (user_id);
CREATE INDEX IF NOT EXISTS idx_login_sessions_expires_at ON login_sessions (expires_at);
