-- Open311 intake (app/.server/open311/service.ts): a case filed through an API key has no
-- petitioner account, so the (petitioner_id, intake_key) index cannot make its retries safe
-- (NULLs are distinct). Keyed intakes store "apikey:<key id>:<Idempotency-Key>" and this index
-- keeps one case per key and idempotency key, atomically with the insert.
CREATE UNIQUE INDEX "petitions_keyed_intake_idx" ON "petitions" USING btree ("intake_key") WHERE "petitioner_id" IS NULL AND "intake_key" IS NOT NULL;
