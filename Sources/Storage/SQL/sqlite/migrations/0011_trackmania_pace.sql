-- One row per pacing lane: the next instant (epoch ms) at which a Trackmania request may be sent.
-- The embedded store serves one process, which paces itself in memory; the table exists so both
-- stores share one schema and one tested repository.
CREATE TABLE IF NOT EXISTS trackmania_pace (
    lane TEXT PRIMARY KEY,
    next_slot_ms INTEGER NOT NULL
);
