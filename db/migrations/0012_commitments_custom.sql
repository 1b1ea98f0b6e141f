-- Atom feeds (app/.server/feeds): the 50 newest visible Public Information threads and the 50
-- newest visible replies by officials, each one index range scan however large the forum grows.
CREATE INDEX IF NOT EXISTS "threads_info_feed_idx" ON "threads" ("created_at" DESC, "id" DESC) WHERE "section" = 'info' AND NOT "hidden";--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "posts_official_feed_idx" ON "posts" ("created_at" DESC, "id" DESC) WHERE "official" AND NOT "hidden";--> statement-breakpoint
-- Which commitments a petition or a thread motivated (lookups from the petition or thread side).
CREATE INDEX IF NOT EXISTS "commitment_links_petition_target_idx" ON "commitment_links" ("petition_id") WHERE "petition_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "commitment_links_thread_target_idx" ON "commitment_links" ("thread_id") WHERE "thread_id" IS NOT NULL;
