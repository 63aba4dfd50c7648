-- The original raced on registration and never checked emails (contract §9 #11). The migrator first
-- looks for existing duplicates and, if there are any, reports them and leaves this migration pending.
CREATE UNIQUE INDEX IF NOT EXISTS users_email_lower_key ON users (lower(email));
CREATE UNIQUE INDEX IF NOT EXISTS users_username_key ON users (username);
