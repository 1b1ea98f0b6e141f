-- Assessment (考核) rollup: assessment_monthly holds, per Shanghai calendar month and mailbox, the
-- counts behind every figure of GET /stats/assessment (definitions: app/.server/petitions/assessment.ts).
-- Triggers keep it in the same transaction as the change they count; assessment_rollup_rebuild()
-- recomputes it from the cases (run here once, and after any bulk load made with triggers off).
-- The month of an instant: Asia/Shanghai has been UTC+8 without daylight saving since 1991.
CREATE FUNCTION assessment_month(at timestamptz) RETURNS date LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT date_trunc('month', (at AT TIME ZONE 'UTC') + interval '8 hours')::date
$$;
--> statement-breakpoint
CREATE FUNCTION assessment_bump(
  p_month date, p_mailbox bigint,
  d_addressed integer DEFAULT 0, d_accepted integer DEFAULT 0, d_assigned integer DEFAULT 0,
  d_replied integer DEFAULT 0, d_replied_on_time integer DEFAULT 0, d_reply_seconds double precision DEFAULT 0,
  d_due integer DEFAULT 0, d_due_met integer DEFAULT 0, d_supervised integer DEFAULT 0,
  d_rated integer DEFAULT 0, d_rated_good integer DEFAULT 0
) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF p_month IS NULL OR p_mailbox IS NULL THEN RETURN; END IF;
  IF d_addressed = 0 AND d_accepted = 0 AND d_assigned = 0 AND d_replied = 0 AND d_replied_on_time = 0 AND d_reply_seconds = 0
     AND d_due = 0 AND d_due_met = 0 AND d_supervised = 0 AND d_rated = 0 AND d_rated_good = 0 THEN
    RETURN;
  END IF;
  INSERT INTO assessment_monthly AS m (month, mailbox_id, addressed, accepted, assigned, replied, replied_on_time, reply_seconds,
                                       due, due_met, supervised, rated, rated_good)
  VALUES (p_month, p_mailbox, d_addressed, d_accepted, d_assigned, d_replied, d_replied_on_time, d_reply_seconds,
          d_due, d_due_met, d_supervised, d_rated, d_rated_good)
  ON CONFLICT (month, mailbox_id) DO UPDATE SET
    addressed = m.addressed + excluded.addressed,
    accepted = m.accepted + excluded.accepted,
    assigned = m.assigned + excluded.assigned,
    replied = m.replied + excluded.replied,
    replied_on_time = m.replied_on_time + excluded.replied_on_time,
    reply_seconds = m.reply_seconds + excluded.reply_seconds,
    due = m.due + excluded.due,
    due_met = m.due_met + excluded.due_met,
    supervised = m.supervised + excluded.supervised,
    rated = m.rated + excluded.rated,
    rated_good = m.rated_good + excluded.rated_good;
END;
$$;
--> statement-breakpoint
-- A case: addressed / accepted in its creation month; its rating in the rating month, for the lead mailbox.
CREATE FUNCTION assessment_on_petition() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  lead_mailbox bigint;
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM assessment_bump(assessment_month(NEW.created_at), NEW.mailbox_id,
      d_addressed => 1, d_accepted => (NEW.accepted_at IS NOT NULL)::int);
  ELSIF OLD.mailbox_id IS DISTINCT FROM NEW.mailbox_id OR OLD.created_at IS DISTINCT FROM NEW.created_at THEN
    PERFORM assessment_bump(assessment_month(OLD.created_at), OLD.mailbox_id,
      d_addressed => -1, d_accepted => -(OLD.accepted_at IS NOT NULL)::int);
    PERFORM assessment_bump(assessment_month(NEW.created_at), NEW.mailbox_id,
      d_addressed => 1, d_accepted => (NEW.accepted_at IS NOT NULL)::int);
  ELSIF (OLD.accepted_at IS NULL) <> (NEW.accepted_at IS NULL) THEN
    PERFORM assessment_bump(assessment_month(NEW.created_at), NEW.mailbox_id,
      d_accepted => (NEW.accepted_at IS NOT NULL)::int - (OLD.accepted_at IS NOT NULL)::int);
  END IF;
  IF (TG_OP = 'INSERT' AND NEW.rated_at IS NOT NULL)
     OR (TG_OP = 'UPDATE' AND (OLD.rated_at IS DISTINCT FROM NEW.rated_at OR OLD.satisfaction IS DISTINCT FROM NEW.satisfaction)) THEN
    SELECT a.mailbox_id INTO lead_mailbox FROM petition_assignments a WHERE a.petition_id = NEW.id AND a.lead;
    IF TG_OP = 'UPDATE' AND OLD.rated_at IS NOT NULL THEN
      PERFORM assessment_bump(assessment_month(OLD.rated_at), lead_mailbox,
        d_rated => -1, d_rated_good => -(coalesce(OLD.satisfaction IN ('satisfied', 'basic'), false))::int);
    END IF;
    IF NEW.rated_at IS NOT NULL THEN
      PERFORM assessment_bump(assessment_month(NEW.rated_at), lead_mailbox,
        d_rated => 1, d_rated_good => (coalesce(NEW.satisfaction IN ('satisfied', 'basic'), false))::int);
    END IF;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER assessment_petition_insert AFTER INSERT ON petitions
  FOR EACH ROW EXECUTE FUNCTION assessment_on_petition();
--> statement-breakpoint
-- Only the columns the figures read: most updates of a case (every workflow step, deadline notices) skip it.
CREATE TRIGGER assessment_petition_update AFTER UPDATE ON petitions
  FOR EACH ROW WHEN (OLD.accepted_at IS DISTINCT FROM NEW.accepted_at OR OLD.rated_at IS DISTINCT FROM NEW.rated_at
    OR OLD.satisfaction IS DISTINCT FROM NEW.satisfaction OR OLD.mailbox_id IS DISTINCT FROM NEW.mailbox_id
    OR OLD.created_at IS DISTINCT FROM NEW.created_at)
  EXECUTE FUNCTION assessment_on_petition();
--> statement-breakpoint
-- An assignment: made in its assignment month (unless the case is the mailbox's own letter), replied
-- in its reply month (on time or not, and how long it took), due in its due month (met or missed).
CREATE FUNCTION assessment_on_assignment() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  old_other boolean := false;
  new_other boolean;
BEGIN
  -- Assigning and extending touch the rows of several mailboxes, in the order the caller gives;
  -- one lock for such writers keeps two of them from ever waiting on each other in a cycle.
  PERFORM pg_advisory_xact_lock(4371829305);
  -- "Received by assignment" leaves out a case addressed to the same mailbox (counted when it came in).
  new_other := (SELECT p.mailbox_id FROM petitions p WHERE p.id = NEW.petition_id) IS DISTINCT FROM NEW.mailbox_id;
  IF TG_OP = 'UPDATE' THEN
    old_other := (SELECT p.mailbox_id FROM petitions p WHERE p.id = OLD.petition_id) IS DISTINCT FROM OLD.mailbox_id;
  END IF;

  -- made
  IF TG_OP = 'INSERT' THEN
    PERFORM assessment_bump(assessment_month(NEW.assigned_at), NEW.mailbox_id, d_assigned => new_other::int);
  ELSIF OLD.assigned_at IS DISTINCT FROM NEW.assigned_at OR OLD.mailbox_id IS DISTINCT FROM NEW.mailbox_id OR old_other <> new_other THEN
    PERFORM assessment_bump(assessment_month(OLD.assigned_at), OLD.mailbox_id, d_assigned => -old_other::int);
    PERFORM assessment_bump(assessment_month(NEW.assigned_at), NEW.mailbox_id, d_assigned => new_other::int);
  END IF;

  -- replied
  IF TG_OP = 'UPDATE' AND OLD.replied_at IS NOT NULL AND (OLD.replied_at IS DISTINCT FROM NEW.replied_at
     OR OLD.due_at IS DISTINCT FROM NEW.due_at OR OLD.assigned_at IS DISTINCT FROM NEW.assigned_at OR OLD.mailbox_id IS DISTINCT FROM NEW.mailbox_id) THEN
    PERFORM assessment_bump(assessment_month(OLD.replied_at), OLD.mailbox_id,
      d_replied => -1, d_replied_on_time => -(OLD.replied_at <= OLD.due_at)::int,
      d_reply_seconds => -extract(epoch FROM OLD.replied_at - OLD.assigned_at)::double precision);
  END IF;
  IF NEW.replied_at IS NOT NULL AND (TG_OP = 'INSERT' OR OLD.replied_at IS NULL OR OLD.replied_at IS DISTINCT FROM NEW.replied_at
     OR OLD.due_at IS DISTINCT FROM NEW.due_at OR OLD.assigned_at IS DISTINCT FROM NEW.assigned_at OR OLD.mailbox_id IS DISTINCT FROM NEW.mailbox_id) THEN
    PERFORM assessment_bump(assessment_month(NEW.replied_at), NEW.mailbox_id,
      d_replied => 1, d_replied_on_time => (NEW.replied_at <= NEW.due_at)::int,
      d_reply_seconds => extract(epoch FROM NEW.replied_at - NEW.assigned_at)::double precision);
  END IF;

  -- due
  IF TG_OP = 'INSERT' THEN
    PERFORM assessment_bump(assessment_month(NEW.due_at), NEW.mailbox_id,
      d_due => 1, d_due_met => coalesce(NEW.replied_at <= NEW.due_at, false)::int);
  ELSIF OLD.due_at IS DISTINCT FROM NEW.due_at OR OLD.replied_at IS DISTINCT FROM NEW.replied_at OR OLD.mailbox_id IS DISTINCT FROM NEW.mailbox_id THEN
    IF assessment_month(OLD.due_at) = assessment_month(NEW.due_at) AND OLD.mailbox_id = NEW.mailbox_id THEN
      PERFORM assessment_bump(assessment_month(NEW.due_at), NEW.mailbox_id,
        d_due_met => coalesce(NEW.replied_at <= NEW.due_at, false)::int - coalesce(OLD.replied_at <= OLD.due_at, false)::int);
    ELSE
      PERFORM assessment_bump(assessment_month(OLD.due_at), OLD.mailbox_id,
        d_due => -1, d_due_met => -coalesce(OLD.replied_at <= OLD.due_at, false)::int);
      PERFORM assessment_bump(assessment_month(NEW.due_at), NEW.mailbox_id,
        d_due => 1, d_due_met => coalesce(NEW.replied_at <= NEW.due_at, false)::int);
    END IF;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER assessment_assignment_insert AFTER INSERT ON petition_assignments
  FOR EACH ROW EXECUTE FUNCTION assessment_on_assignment();
--> statement-breakpoint
-- Deadline notices and reply texts change other columns: they skip it.
CREATE TRIGGER assessment_assignment_update AFTER UPDATE ON petition_assignments
  FOR EACH ROW WHEN (OLD.assigned_at IS DISTINCT FROM NEW.assigned_at OR OLD.due_at IS DISTINCT FROM NEW.due_at
    OR OLD.replied_at IS DISTINCT FROM NEW.replied_at OR OLD.mailbox_id IS DISTINCT FROM NEW.mailbox_id
    OR OLD.petition_id IS DISTINCT FROM NEW.petition_id)
  EXECUTE FUNCTION assessment_on_assignment();
--> statement-breakpoint
-- A supervision step, for the mailbox it targets (the timeline is append-only: inserts only).
CREATE FUNCTION assessment_on_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM assessment_bump(assessment_month(NEW.at), NEW.mailbox_id, d_supervised => 1);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER assessment_event_insert AFTER INSERT ON petition_events
  FOR EACH ROW WHEN (NEW.action = 'supervise') EXECUTE FUNCTION assessment_on_event();
--> statement-breakpoint
-- Recomputes the whole rollup from the cases, set-based; writers wait meanwhile.
CREATE FUNCTION assessment_rollup_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  LOCK TABLE petitions, petition_assignments, petition_events IN SHARE MODE;
  DELETE FROM assessment_monthly;
  INSERT INTO assessment_monthly (month, mailbox_id, addressed, accepted, assigned, replied, replied_on_time, reply_seconds,
                                  due, due_met, supervised, rated, rated_good)
  SELECT month, mailbox_id, sum(addressed), sum(accepted), sum(assigned), sum(replied), sum(replied_on_time), sum(reply_seconds),
         sum(due), sum(due_met), sum(supervised), sum(rated), sum(rated_good)
  FROM (
    SELECT assessment_month(p.created_at) AS month, p.mailbox_id, 1 AS addressed, (p.accepted_at IS NOT NULL)::int AS accepted,
           0 AS assigned, 0 AS replied, 0 AS replied_on_time, 0::double precision AS reply_seconds, 0 AS due, 0 AS due_met,
           0 AS supervised, 0 AS rated, 0 AS rated_good
    FROM petitions p
    UNION ALL
    SELECT assessment_month(a.assigned_at), a.mailbox_id, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0
    FROM petition_assignments a JOIN petitions p ON p.id = a.petition_id
    WHERE p.mailbox_id <> a.mailbox_id
    UNION ALL
    SELECT assessment_month(a.replied_at), a.mailbox_id, 0, 0, 0, 1, (a.replied_at <= a.due_at)::int,
           extract(epoch FROM a.replied_at - a.assigned_at)::double precision, 0, 0, 0, 0, 0
    FROM petition_assignments a
    WHERE a.replied_at IS NOT NULL
    UNION ALL
    SELECT assessment_month(a.due_at), a.mailbox_id, 0, 0, 0, 0, 0, 0, 1, coalesce(a.replied_at <= a.due_at, false)::int, 0, 0, 0
    FROM petition_assignments a
    UNION ALL
    SELECT assessment_month(e.at), e.mailbox_id, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0
    FROM petition_events e
    WHERE e.action = 'supervise' AND e.mailbox_id IS NOT NULL
    UNION ALL
    SELECT assessment_month(p.rated_at), a.mailbox_id, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
           coalesce(p.satisfaction IN ('satisfied', 'basic'), false)::int
    FROM petitions p JOIN petition_assignments a ON a.petition_id = p.id AND a.lead
    WHERE p.rated_at IS NOT NULL
  ) x
  GROUP BY month, mailbox_id;
END;
$$;
--> statement-breakpoint
SELECT assessment_rollup_rebuild();
