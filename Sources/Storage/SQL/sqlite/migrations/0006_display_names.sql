-- Trackmania account id to display name, so only unknown ids cost an OAuth call.
CREATE TABLE IF NOT EXISTS display_names (
    account_id   TEXT PRIMARY KEY,
    display_name TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
