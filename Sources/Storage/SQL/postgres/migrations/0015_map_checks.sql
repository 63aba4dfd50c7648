-- When the daily run last read each map's leaderboard and advanced its baselines. A map without a
-- row was never checked: its first check reports only the last 24 hours, then baselines. The daily
-- run also skips maps checked since a run it takes over began, so a resumed run does not fetch them again.
CREATE TABLE IF NOT EXISTS map_checks (
    map_uid    TEXT PRIMARY KEY,
    checked_at TIMESTAMP NOT NULL
);
