-- An owner's regeneration disarms the reuse trap of the secrets its token rotated itself before it
-- (ReadModelWriter: UPDATE ... WHERE token_id = $1 AND retired_at <= $2 AND self_rotation). Without
-- an index every regeneration scanned every dead secret: the projector and a rebuild slowed down as
-- the table grew (300,000 events of 100,000 tokens folded at 514 events/s, one regeneration each).
-- Partial: only self-rotated secrets are ever disarmed, and they are few.
CREATE INDEX rm_dead_secret_self_rotated ON rm_dead_secret (token_id) WHERE self_rotation;
