-- Reuse detection applies only to secrets a token rotated itself; an owner's regeneration just
-- kills the old secret (otherwise a leaked old secret would be a kill switch for the new one).
-- Rows from before this change were written without the distinction: treat them as regenerations.
ALTER TABLE rm_dead_secret ADD COLUMN self_rotation BOOLEAN NOT NULL DEFAULT false;
