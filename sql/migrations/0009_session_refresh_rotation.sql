-- Refresh-token rotation (docs/security.md): each refresh moves the session to a new generation; a
-- token of the previous generation is accepted for a short grace window (concurrent refreshes), any
-- older one revokes the session.
ALTER TABLE login_sessions ADD COLUMN IF NOT EXISTS refresh_generation INTEGER NOT NULL DEFAULT 0;
ALTER TABLE login_sessions ADD COLUMN IF NOT EXISTS refresh_rotated_at TIMESTAMP;
