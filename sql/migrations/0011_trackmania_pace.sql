-- One row per pacing lane: the next instant (epoch ms, by the database's clock) at which a Trackmania
-- request may be sent. Every instance reserves its send slots here, so TRACKMANIA_RATE_LIMIT holds for
-- the whole deployment instead of per process (docs/trackmania.md).
CREATE TABLE IF NOT EXISTS trackmania_pace (
    lane TEXT PRIMARY KEY,
    next_slot_ms BIGINT NOT NULL
);
