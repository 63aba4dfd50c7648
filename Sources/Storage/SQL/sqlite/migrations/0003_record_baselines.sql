-- The last leaderboard entry seen per (map, account), so "new" means "changed since the last look"
-- instead of "driven in the last 24 hours" (domain §8.2).
CREATE TABLE IF NOT EXISTS record_baselines (
    map_uid          TEXT NOT NULL,
    account_id       TEXT NOT NULL,
    position         INTEGER NOT NULL,
    score            INTEGER NOT NULL,
    record_timestamp INTEGER NOT NULL,
    updated_at       TEXT NOT NULL,
    PRIMARY KEY (map_uid, account_id)
);
