ALTER TABLE "petition_assignments" ADD COLUMN "noticed_warn_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "petition_assignments" ADD COLUMN "noticed_due_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "petitions" ADD COLUMN "noticed_warn_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "petitions" ADD COLUMN "noticed_due_at" timestamp (3) with time zone;