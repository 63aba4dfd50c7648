-- One row per execution of the daily pipeline, for overlap diagnosis and the admin overview.
CREATE TABLE IF NOT EXISTS daily_runs (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    run_date    TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('running', 'completed', 'failed')),
    started_at  TEXT NOT NULL,
    finished_at TEXT,
    summary     TEXT
);
CREATE INDEX IF NOT EXISTS idx_daily_runs_run_date ON daily_runs (run_date);
