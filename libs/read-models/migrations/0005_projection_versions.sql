-- The code version each projection's read model was last rebuilt with (`vigil replay`).
-- A projection whose code version is higher than its recorded one has a stale read model.
-- through_position: the last event position the rebuild replayed (the live projector goes on from there).
-- The latest rebuild wins on merge; read with FINAL or argMax(version, rebuilt_at) GROUP BY projection.
CREATE TABLE IF NOT EXISTS projection_versions (
    projection String,
    version UInt32,
    through_position UInt64,
    rebuilt_at DateTime
) ENGINE = ReplacingMergeTree(rebuilt_at)
ORDER BY projection;
