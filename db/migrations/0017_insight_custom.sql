-- Public statistics' rollup (GET /api/v1/stats/volumes; app/.server/insight/stats.ts): stats_daily
-- holds, per Shanghai calendar day and per month, petitions per category, channel, tier and
-- county of the addressed mailbox, and forum threads and replies per section (hidden ones not counted). Triggers keep it
-- in the same transaction as the rows they count; stats_rollup_rebuild() recomputes it (run here
-- once for the rows that exist, and after any bulk load made with triggers off).
-- Asia/Shanghai has been UTC+8 without daylight saving since 1991.
CREATE FUNCTION stats_day(at timestamptz) RETURNS date LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT ((at AT TIME ZONE 'UTC') + interval '8 hours')::date
$$;
--> statement-breakpoint
CREATE FUNCTION stats_bump(p_metric text, p_dim text, p_at timestamptz, p_key text, d integer) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  v_day date := stats_day(p_at);
BEGIN
  IF p_at IS NULL OR p_key IS NULL OR d = 0 THEN RETURN; END IF;
  INSERT INTO stats_daily AS s (metric, dim, grain, day, key, n) VALUES (p_metric, p_dim, 'day', v_day, p_key, d)
  ON CONFLICT (metric, dim, grain, day, key) DO UPDATE SET n = s.n + excluded.n;
  INSERT INTO stats_daily AS s (metric, dim, grain, day, key, n) VALUES (p_metric, p_dim, 'month', date_trunc('month', v_day)::date, p_key, d)
  ON CONFLICT (metric, dim, grain, day, key) DO UPDATE SET n = s.n + excluded.n;
END;
$$;
--> statement-breakpoint
-- The tier of a mailbox, and its county: 'city' for a city mailbox, otherwise the id of its
-- topmost county-tier ancestor (itself included), else 'other' (as app/.server/insight/stats.ts).
-- Counted as the tree stands when the letter is filed; stats_rollup_rebuild() re-reads the tree.
CREATE FUNCTION stats_mailbox_tier(p_mailbox bigint) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT tier FROM mailboxes WHERE id = p_mailbox
$$;
--> statement-breakpoint
CREATE FUNCTION stats_mailbox_county(p_mailbox bigint) RETURNS text LANGUAGE sql STABLE AS $$
  WITH RECURSIVE up(id, parent_id, tier, depth) AS (
    SELECT id, parent_id, tier, 0 FROM mailboxes WHERE id = p_mailbox
    UNION ALL
    SELECT m.id, m.parent_id, m.tier, up.depth + 1 FROM mailboxes m JOIN up ON m.id = up.parent_id WHERE up.depth < 32
  )
  SELECT CASE
    WHEN (SELECT tier FROM mailboxes WHERE id = p_mailbox) = 'city' THEN 'city'
    ELSE coalesce((SELECT id::text FROM up WHERE tier = 'county' ORDER BY depth DESC LIMIT 1), 'other')
  END
$$;
--> statement-breakpoint
CREATE FUNCTION stats_on_petition() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM stats_bump('petitions', 'category', OLD.created_at, OLD.category, -1);
    PERFORM stats_bump('petitions', 'channel', OLD.created_at, OLD.channel, -1);
    PERFORM stats_bump('petitions', 'tier', OLD.created_at, stats_mailbox_tier(OLD.mailbox_id), -1);
    PERFORM stats_bump('petitions', 'county', OLD.created_at, stats_mailbox_county(OLD.mailbox_id), -1);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM stats_bump('petitions', 'category', NEW.created_at, NEW.category, 1);
    PERFORM stats_bump('petitions', 'channel', NEW.created_at, NEW.channel, 1);
    PERFORM stats_bump('petitions', 'tier', NEW.created_at, stats_mailbox_tier(NEW.mailbox_id), 1);
    PERFORM stats_bump('petitions', 'county', NEW.created_at, stats_mailbox_county(NEW.mailbox_id), 1);
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER stats_petitions_insert_delete AFTER INSERT OR DELETE ON petitions FOR EACH ROW EXECUTE FUNCTION stats_on_petition();
--> statement-breakpoint
-- Only updates that touch a counted column pay (the workflow updates cases often).
CREATE TRIGGER stats_petitions_update AFTER UPDATE OF category, channel, mailbox_id, created_at ON petitions FOR EACH ROW
  WHEN (OLD.category IS DISTINCT FROM NEW.category OR OLD.channel IS DISTINCT FROM NEW.channel
        OR OLD.mailbox_id IS DISTINCT FROM NEW.mailbox_id OR OLD.created_at IS DISTINCT FROM NEW.created_at)
  EXECUTE FUNCTION stats_on_petition();
--> statement-breakpoint
CREATE FUNCTION stats_on_thread() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND NOT OLD.hidden THEN
    PERFORM stats_bump('threads', 'section', OLD.created_at, OLD.section, -1);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') AND NOT NEW.hidden THEN
    PERFORM stats_bump('threads', 'section', NEW.created_at, NEW.section, 1);
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER stats_threads_insert_delete AFTER INSERT OR DELETE ON threads FOR EACH ROW EXECUTE FUNCTION stats_on_thread();
--> statement-breakpoint
CREATE TRIGGER stats_threads_update AFTER UPDATE OF hidden, section, created_at ON threads FOR EACH ROW
  WHEN (OLD.hidden IS DISTINCT FROM NEW.hidden OR OLD.section IS DISTINCT FROM NEW.section OR OLD.created_at IS DISTINCT FROM NEW.created_at)
  EXECUTE FUNCTION stats_on_thread();
--> statement-breakpoint
-- A reply counts in its thread's section (a reply deleted together with its thread, whose row is
-- then gone, is looked up in vain and skipped: threads are never deleted by the application).
CREATE FUNCTION stats_on_post() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_section text;
BEGIN
  SELECT section INTO v_section FROM threads WHERE id = COALESCE(NEW.thread_id, OLD.thread_id);
  IF TG_OP IN ('UPDATE', 'DELETE') AND NOT OLD.hidden THEN
    PERFORM stats_bump('posts', 'section', OLD.created_at, v_section, -1);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') AND NOT NEW.hidden THEN
    PERFORM stats_bump('posts', 'section', NEW.created_at, v_section, 1);
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER stats_posts_insert_delete AFTER INSERT OR DELETE ON posts FOR EACH ROW EXECUTE FUNCTION stats_on_post();
--> statement-breakpoint
CREATE TRIGGER stats_posts_update AFTER UPDATE OF hidden, created_at ON posts FOR EACH ROW
  WHEN (OLD.hidden IS DISTINCT FROM NEW.hidden OR OLD.created_at IS DISTINCT FROM NEW.created_at)
  EXECUTE FUNCTION stats_on_post();
--> statement-breakpoint
CREATE FUNCTION stats_rollup_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM stats_daily;
  INSERT INTO stats_daily (metric, dim, grain, day, key, n)
  SELECT metric, dim, g.grain, CASE WHEN g.grain = 'day' THEN d ELSE date_trunc('month', d)::date END, key, sum(n)::int
  FROM (
    SELECT 'petitions' AS metric, 'category' AS dim, stats_day(created_at) AS d, category AS key, count(*) AS n FROM petitions GROUP BY 3, 4
    UNION ALL SELECT 'petitions', 'channel', stats_day(created_at), channel, count(*) FROM petitions GROUP BY 3, 4
    UNION ALL SELECT 'petitions', 'tier', x.d, stats_mailbox_tier(x.mailbox_id), sum(x.n)
      FROM (SELECT stats_day(created_at) AS d, mailbox_id, count(*) AS n FROM petitions GROUP BY 1, 2) x GROUP BY 3, 4
    UNION ALL SELECT 'petitions', 'county', x.d, stats_mailbox_county(x.mailbox_id), sum(x.n)
      FROM (SELECT stats_day(created_at) AS d, mailbox_id, count(*) AS n FROM petitions GROUP BY 1, 2) x GROUP BY 3, 4
    UNION ALL SELECT 'threads', 'section', stats_day(created_at), section, count(*) FROM threads WHERE NOT hidden GROUP BY 3, 4
    UNION ALL SELECT 'posts', 'section', stats_day(p.created_at), t.section, count(*) FROM posts p JOIN threads t ON t.id = p.thread_id
      WHERE NOT p.hidden GROUP BY 3, 4
  ) x CROSS JOIN (VALUES ('day'), ('month')) g(grain)
  GROUP BY 1, 2, 3, 4, 5;
END;
$$;
--> statement-breakpoint
SELECT stats_rollup_rebuild();
--> statement-breakpoint
-- The emerging-issue run reads the last 29 days of forum threads and live questions by creation time.
CREATE INDEX threads_created_idx ON threads (created_at);
--> statement-breakpoint
CREATE INDEX live_questions_created_idx ON live_questions (created_at);
