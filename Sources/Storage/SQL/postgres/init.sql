-- recordsw schema for PostgreSQL: the tables of the original Node backend, unchanged, so a database
-- created by the original keeps working. Our additions live in migrations/ and are applied after this.
-- Every statement ends with a semicolon at the end of a line (the migrator splits on that).

CREATE TABLE IF NOT EXISTS users (
    id            SERIAL PRIMARY KEY,
    username      TEXT,
    email         TEXT NOT NULL,
    password      TEXT NOT NULL,
    created_at    TIMESTAMP DEFAULT now(),
    tm_username   VARCHAR(255),
    tm_account_id VARCHAR(255),
    role          VARCHAR(50) DEFAULT 'user' CHECK (role IN ('user', 'admin'))
);

CREATE TABLE IF NOT EXISTS admin_config (
    id           SERIAL PRIMARY KEY,
    config_key   VARCHAR(100) UNIQUE NOT NULL,
    config_value TEXT NOT NULL,
    description  TEXT,
    updated_at   TIMESTAMP DEFAULT now()
);

CREATE TABLE IF NOT EXISTS alerts (
    id            SERIAL PRIMARY KEY,
    user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    username      TEXT NOT NULL,
    email         TEXT NOT NULL,
    created_at    TIMESTAMP DEFAULT now(),
    alert_type    VARCHAR(20) DEFAULT 'accurate' CHECK (alert_type IN ('accurate', 'inaccurate')),
    map_count     INTEGER DEFAULT 0,
    record_filter VARCHAR(20) NOT NULL DEFAULT 'top5' CHECK (record_filter IN ('top5', 'wr', 'all')),
    updated_at    TIMESTAMP DEFAULT now()
);

CREATE TABLE IF NOT EXISTS alert_maps (
    alert_id INTEGER REFERENCES alerts (id) ON DELETE CASCADE,
    mapid    TEXT NOT NULL,
    PRIMARY KEY (alert_id, mapid)
);

CREATE TABLE IF NOT EXISTS driver_notifications (
    id               SERIAL PRIMARY KEY,
    user_id          INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    map_uid          VARCHAR(255) NOT NULL,
    current_position INTEGER NOT NULL,
    created_at       TIMESTAMP DEFAULT now(),
    updated_at       TIMESTAMP DEFAULT now(),
    map_name         VARCHAR(500) NOT NULL,
    personal_best    INTEGER NOT NULL,
    status           VARCHAR(20) DEFAULT 'active' CHECK (status IN ('active', 'inactive')),
    last_checked     TIMESTAMP DEFAULT now(),
    is_active        BOOLEAN DEFAULT TRUE,
    UNIQUE (user_id, map_uid)
);

CREATE TABLE IF NOT EXISTS map_positions (
    id           SERIAL PRIMARY KEY,
    map_uid      VARCHAR(255) NOT NULL UNIQUE,
    position     INTEGER NOT NULL,
    score        INTEGER NOT NULL,
    last_checked TIMESTAMP DEFAULT now(),
    created_at   TIMESTAMP DEFAULT now(),
    updated_at   TIMESTAMP DEFAULT now()
);

CREATE TABLE IF NOT EXISTS notification_history (
    id                SERIAL PRIMARY KEY,
    user_id           INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    username          VARCHAR(255) NOT NULL,
    notification_type VARCHAR(20) NOT NULL CHECK (notification_type IN ('mapper_alert', 'driver_notification')),
    status            VARCHAR(20) NOT NULL CHECK (status IN ('sent', 'no_new_times', 'technical_error', 'processing')),
    message           TEXT,
    records_found     INTEGER DEFAULT 0,
    processing_date   DATE NOT NULL,
    created_at        TIMESTAMP DEFAULT now()
);

CREATE TABLE IF NOT EXISTS feedback (
    id         SERIAL PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    username   VARCHAR(255) NOT NULL,
    message    TEXT NOT NULL,
    type       VARCHAR(50) DEFAULT 'general',
    created_at TIMESTAMP DEFAULT now(),
    read_at    TIMESTAMP
);

-- Upstream token cache; created_at is epoch milliseconds.
CREATE TABLE IF NOT EXISTS api_tokens (
    provider   TEXT NOT NULL,
    token_type TEXT NOT NULL,
    token      TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (provider, token_type)
);

-- One digest per (username, UTC day); created_at/updated_at are epoch milliseconds.
CREATE TABLE IF NOT EXISTS daily_emails (
    username       TEXT NOT NULL,
    email          TEXT NOT NULL,
    date           DATE NOT NULL,
    mapper_content TEXT DEFAULT '',
    driver_content TEXT DEFAULT '',
    status         TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent')),
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL,
    PRIMARY KEY (username, date)
);

CREATE TABLE IF NOT EXISTS map_leaderboard_cache (
    cache_key        TEXT PRIMARY KEY,
    leaderboard_data JSONB NOT NULL,
    created_at       BIGINT NOT NULL
);

CREATE TABLE IF NOT EXISTS map_search_jobs (
    job_id        TEXT PRIMARY KEY,
    username      TEXT NOT NULL,
    period        TEXT NOT NULL DEFAULT '1d',
    status        TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'processing', 'completed', 'failed')),
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL,
    result        JSONB,
    error_message TEXT
);

CREATE INDEX IF NOT EXISTS idx_daily_emails_date ON daily_emails (date);
CREATE INDEX IF NOT EXISTS idx_map_leaderboard_cache_created ON map_leaderboard_cache (created_at);
CREATE INDEX IF NOT EXISTS idx_map_search_jobs_status ON map_search_jobs (status);
CREATE INDEX IF NOT EXISTS idx_map_search_jobs_created_at ON map_search_jobs (created_at);
CREATE INDEX IF NOT EXISTS idx_users_tm_account_id ON users (tm_account_id);
CREATE INDEX IF NOT EXISTS idx_users_email ON users (email);
CREATE INDEX IF NOT EXISTS idx_users_username ON users (username);
CREATE INDEX IF NOT EXISTS idx_alerts_user_id ON alerts (user_id);
CREATE INDEX IF NOT EXISTS idx_alert_maps_alert_id ON alert_maps (alert_id);
CREATE INDEX IF NOT EXISTS idx_driver_notifications_user_id ON driver_notifications (user_id);
CREATE INDEX IF NOT EXISTS idx_driver_notifications_map_uid ON driver_notifications (map_uid);
CREATE INDEX IF NOT EXISTS idx_driver_notifications_status ON driver_notifications (status) WHERE status = 'active';
CREATE INDEX IF NOT EXISTS idx_driver_notifications_is_active ON driver_notifications (is_active) WHERE is_active = TRUE;
CREATE INDEX IF NOT EXISTS idx_driver_notifications_last_checked ON driver_notifications (last_checked);
CREATE INDEX IF NOT EXISTS idx_map_positions_map_uid ON map_positions (map_uid);
CREATE INDEX IF NOT EXISTS idx_map_positions_last_checked ON map_positions (last_checked);
CREATE INDEX IF NOT EXISTS idx_alerts_alert_type ON alerts (alert_type);
CREATE INDEX IF NOT EXISTS idx_alerts_map_count ON alerts (map_count);
CREATE INDEX IF NOT EXISTS idx_notification_history_user_id ON notification_history (user_id);
CREATE INDEX IF NOT EXISTS idx_notification_history_processing_date ON notification_history (processing_date);
CREATE INDEX IF NOT EXISTS idx_notification_history_type ON notification_history (notification_type);
CREATE INDEX IF NOT EXISTS idx_notification_history_status ON notification_history (status);
CREATE INDEX IF NOT EXISTS idx_feedback_created_at ON feedback (created_at DESC);
CREATE INDEX IF NOT EXISTS idx_feedback_user_id ON feedback (user_id);

-- Columns the original added to older databases after the fact; harmless on a fresh one.
ALTER TABLE feedback ADD COLUMN IF NOT EXISTS read_at TIMESTAMP;
ALTER TABLE alerts ADD COLUMN IF NOT EXISTS record_filter VARCHAR(20) NOT NULL DEFAULT 'top5' CHECK (record_filter IN ('top5', 'wr', 'all'));
ALTER TABLE alerts ADD COLUMN IF NOT EXISTS updated_at TIMESTAMP DEFAULT now();

-- The only default row: the registration cap read by R10 and edited by R23.
INSERT INTO admin_config (config_key, config_value, description)
VALUES ('max_users_registration', '200', 'Maximum number of users that can register on the site')
ON CONFLICT (config_key) DO NOTHING;
