-- Who holds a job and how often it was claimed, so several instances can claim jobs and a job whose
-- worker died is reclaimed (domain §8.11).
ALTER TABLE map_search_jobs ADD COLUMN IF NOT EXISTS attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE map_search_jobs ADD COLUMN IF NOT EXISTS worker_id TEXT;
CREATE INDEX IF NOT EXISTS idx_map_search_jobs_claimable ON map_search_jobs (status, created_at) WHERE status IN ('pending', 'processing');
