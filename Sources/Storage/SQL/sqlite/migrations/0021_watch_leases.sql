-- The live watcher's lease (docs/live-watching.md): exactly one instance watches at a time. The
-- holder renews expires_at_ms while it watches; another instance takes the row over once it expired
-- (the holder died) or was deleted (the holder stopped gracefully).
CREATE TABLE IF NOT EXISTS watch_leases (
    name          TEXT PRIMARY KEY,
    holder        TEXT NOT NULL,
    expires_at_ms INTEGER NOT NULL
);
