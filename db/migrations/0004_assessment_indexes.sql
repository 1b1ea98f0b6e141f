CREATE TABLE "assessment_monthly" (
	"month" date NOT NULL,
	"mailbox_id" bigint NOT NULL,
	"addressed" integer DEFAULT 0 NOT NULL,
	"accepted" integer DEFAULT 0 NOT NULL,
	"assigned" integer DEFAULT 0 NOT NULL,
	"replied" integer DEFAULT 0 NOT NULL,
	"replied_on_time" integer DEFAULT 0 NOT NULL,
	"reply_seconds" double precision DEFAULT 0 NOT NULL,
	"due" integer DEFAULT 0 NOT NULL,
	"due_met" integer DEFAULT 0 NOT NULL,
	"supervised" integer DEFAULT 0 NOT NULL,
	"rated" integer DEFAULT 0 NOT NULL,
	"rated_good" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "assessment_monthly_month_mailbox_id_pk" PRIMARY KEY("month","mailbox_id")
);
--> statement-breakpoint
CREATE INDEX "petition_assignments_open_work_idx" ON "petition_assignments" USING btree ("mailbox_id","due_at","petition_id","warn_at") WHERE "petition_assignments"."status" = 'open';--> statement-breakpoint
CREATE INDEX "petition_assignments_assigned_idx" ON "petition_assignments" USING btree ("assigned_at","mailbox_id");--> statement-breakpoint
CREATE INDEX "petition_assignments_replied_idx" ON "petition_assignments" USING btree ("replied_at","mailbox_id","due_at","assigned_at") WHERE "petition_assignments"."replied_at" is not null;--> statement-breakpoint
CREATE INDEX "petition_assignments_due_idx" ON "petition_assignments" USING btree ("due_at","mailbox_id","replied_at");--> statement-breakpoint
CREATE INDEX "petitions_reviewing_idx" ON "petitions" USING btree ("id") WHERE "petitions"."status" = 'reviewing';--> statement-breakpoint
CREATE INDEX "petitions_rated_idx" ON "petitions" USING btree ("rated_at","satisfaction") WHERE "petitions"."rated_at" is not null;