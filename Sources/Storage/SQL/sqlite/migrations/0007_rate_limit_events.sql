-- Sliding-window rate-limit logs shared by every instance (contract §9 #7).
CREATE TABLE IF NOT EXISTS rate_limit_events (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    bucket      TEXT NOT NULL,
    occurred_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS idx_rate_limit_events_bucket ON rate_limit_events (bucket, occurred_at);
CREATE INDEX IF NOT EXISTS idx_rate_limit_events_occurred_at ON rate_limit_events (occurred_at);
