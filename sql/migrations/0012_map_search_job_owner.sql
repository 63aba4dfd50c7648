-- Who queued a map search, so only they (or an admin) can read its status and result. Jobs queued
-- before this migration (and by the original) have none and stay readable by any signed-in user.
ALTER TABLE map_search_jobs ADD COLUMN IF NOT EXISTS user_id INTEGER;
