-- Freshness of each news item (issue 23): recorded_at is when the record behind it was set (the
-- leaderboard's timestamp); created_at, already there, is when it was detected. NULL for items queued
-- before this column existed, and for a driver leaving the top (no record behind it).
ALTER TABLE digest_items ADD COLUMN recorded_at TEXT;
