-- Who holds a job and how often it was claimed, so a job whose worker died is reclaimed (domain §8.11).
-- SQLite has no ADD COLUMN IF NOT EXISTS; the migrations table guarantees this runs once.
ALTER TABLE map_search_jobs ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE map_search_jobs ADD COLUMN worker_id TEXT;
CREATE INDEX IF NOT EXISTS idx_map_search_jobs_claimable ON map_search_jobs (status, created_at) WHERE status IN ('pending', 'processing');
