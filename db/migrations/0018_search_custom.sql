-- Site search (app/.server/search): GIN trigram indexes on what is searched, so ILIKE '%term%'
-- (terms of 3+ characters, Chinese included) and word similarity (`<%`, typos) find rows
-- without a scan. The indexed expressions must stay equal to the `doc` of each source in
-- app/.server/search/queries.ts. Published cases only: the partial predicate is the same as
-- queries.ts's PUBLISHED. Self-contained: it makes sure pg_trgm is there first.
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "threads_search_trgm_idx" ON "threads" USING gin (("title" || ' ' || "body") gin_trgm_ops);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "posts_search_trgm_idx" ON "posts" USING gin ("body" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "petitions_search_trgm_idx" ON "petitions" USING gin (("title" || ' ' || "body") gin_trgm_ops) WHERE "public" AND "status" NOT IN ('submitted', 'rejected');--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "commitments_search_trgm_idx" ON "commitments" USING gin (("title" || ' ' || "summary") gin_trgm_ops);
