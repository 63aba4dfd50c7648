-- The notification history page (R27) reads one user's last six days, newest first. With only the
-- user_id index, PostgreSQL visits every history row the user ever had (one or two per day for as
-- long as they are registered) and filters by day; this index reads just the window.
CREATE INDEX IF NOT EXISTS idx_notification_history_user_day ON notification_history (user_id, processing_date);
