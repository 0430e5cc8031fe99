-- The schedule sequence of a training session: 0 when scheduled, one more each time its blocks,
-- location or video link change and when it is cancelled. Calendar events carry it as their
-- SEQUENCE, so that a calendar client applies each change over the invitation it holds.

ALTER TABLE training_sessions ADD COLUMN schedule_sequence INT NOT NULL DEFAULT 0;
