-- Wake-ups across processes. A row that gives a background job work sends
-- NOTIFY on that job's channel from the transaction that writes it, so every
-- `ledig serve` LISTENing on this database hears it when, and only if, the
-- transaction commits; each process's listener rings its own bell
-- (backend/src/wake.rs). The workers' polls stay, as the fall-back for a
-- notification missed while a listener was reconnecting.
--
-- One notification per statement, with no payload: the row is the work,
-- the notification only says "look now", and PostgreSQL folds identical
-- notifications of one transaction into one.
CREATE FUNCTION ledig_wake() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify(TG_ARGV[0], '');
    RETURN NULL;
END
$$;

-- A slot was freed (cancelled, a hold lapsed, a no-show released, hours
-- changed): the offer worker has a run to start.
CREATE TRIGGER slot_events_wake AFTER INSERT ON slot_events
    FOR EACH STATEMENT EXECUTE FUNCTION ledig_wake('ledig_offers');
-- An offer was passed or declined: its run is due sooner than planned and
-- the next watcher is asked at once. Only an earlier due time wakes anyone:
-- the worker itself moves runs later at every step.
CREATE TRIGGER offer_runs_wake AFTER UPDATE OF due_at ON offer_runs
    FOR EACH ROW WHEN (NEW.due_at < OLD.due_at AND NEW.state = 'active')
    EXECUTE FUNCTION ledig_wake('ledig_offers');
-- Pushes and mails queued: their delivery workers have work.
CREATE TRIGGER push_outbox_wake AFTER INSERT ON push_outbox
    FOR EACH STATEMENT EXECUTE FUNCTION ledig_wake('ledig_pushes');
CREATE TRIGGER mail_outbox_wake AFTER INSERT ON mail_outbox
    FOR EACH STATEMENT EXECUTE FUNCTION ledig_wake('ledig_mail');
-- A closure or block: the venue's staff are told (the notices job). A
-- confirmed booking outside staffed hours also is, but confirmations are
-- the busiest writes and a NOTIFY serialises its transaction's commit with
-- every other notifying commit; the staff hear of those within the job's
-- 30-second poll, and this process's own bell rings at once.
CREATE TRIGGER closures_wake AFTER INSERT ON closures
    FOR EACH STATEMENT EXECUTE FUNCTION ledig_wake('ledig_staff');
