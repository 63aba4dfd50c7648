-- Who queued a map search, so only they (or an admin) can read its status and result.
-- SQLite has no ADD COLUMN IF NOT EXISTS; the migrations table guarantees this runs once.
ALTER TABLE map_search_jobs ADD COLUMN user_id INTEGER;
