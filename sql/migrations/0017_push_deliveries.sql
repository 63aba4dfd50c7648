-- The push ledger: one row per (push channel, digest item) once the daily run has decided about
-- that item for that channel. `sending` is written before the post leaves, so a post cut short by a
-- crash is found by the next run and never sent again (it becomes `in_doubt`); `retry` waits for
-- `next_attempt_at`; `dropped` gave up (retry window over, or the far side refused the message);
-- `skipped` means the channel does not take that kind of news.
CREATE TABLE IF NOT EXISTS push_deliveries (
    channel_id       INTEGER NOT NULL REFERENCES push_channels (id) ON DELETE CASCADE,
    item_id          INTEGER NOT NULL REFERENCES digest_items (id) ON DELETE CASCADE,
    status           TEXT NOT NULL
                     CHECK (status IN ('sending', 'sent', 'retry', 'in_doubt', 'dropped', 'skipped')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  TIMESTAMP,
    last_error       TEXT,
    updated_at       TIMESTAMP NOT NULL,
    PRIMARY KEY (channel_id, item_id)
);
CREATE INDEX IF NOT EXISTS idx_push_deliveries_item ON push_deliveries (item_id);
CREATE INDEX IF NOT EXISTS idx_push_deliveries_open ON push_deliveries (status) WHERE status IN ('sending', 'retry');
-- The ledger look-ups read a channel owner's items from the channel's creation on.
CREATE INDEX IF NOT EXISTS idx_digest_items_user_created ON digest_items (user_id, created_at);
