-- Trigram matching for search (typo- and substring-tolerant, Chinese included). PGlite loads the
-- same extension from its contrib bundle (db/client.ts), so both databases run this migration.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
