ALTER TABLE "petitions" ADD COLUMN "intake_key" text;--> statement-breakpoint
CREATE UNIQUE INDEX "petitions_intake_key_idx" ON "petitions" USING btree ("petitioner_id","intake_key");