-- An offer run is due when its exclusive hold runs out (or at once, when it
-- is new or its offer was passed): the offer worker looks only at due runs,
-- so runs waiting on live holds neither cost a pass nor crowd out new ones.
ALTER TABLE offer_runs ADD COLUMN due_at INTEGER NOT NULL DEFAULT 0;
DROP INDEX offer_runs_active;
CREATE INDEX offer_runs_due ON offer_runs (due_at) WHERE state = 'active';
