CREATE TABLE "petition_assignments" (
	"petition_id" bigint NOT NULL,
	"mailbox_id" bigint NOT NULL,
	"lead" boolean NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"assigned_at" timestamp (3) with time zone NOT NULL,
	"due_at" timestamp (3) with time zone NOT NULL,
	"warn_at" timestamp (3) with time zone NOT NULL,
	"replied_at" timestamp (3) with time zone,
	"reply_body" text,
	"reply_html" text,
	"replied_by" bigint,
	CONSTRAINT "petition_assignments_petition_id_mailbox_id_pk" PRIMARY KEY("petition_id","mailbox_id")
);
--> statement-breakpoint
CREATE TABLE "petition_cosigns" (
	"petition_id" bigint NOT NULL,
	"user_id" bigint NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "petition_cosigns_petition_id_user_id_pk" PRIMARY KEY("petition_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "petition_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "petition_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"petition_id" bigint NOT NULL,
	"seq" integer NOT NULL,
	"action" text NOT NULL,
	"actor_id" bigint,
	"actor_role" text NOT NULL,
	"mailbox_id" bigint,
	"note" text,
	"data" jsonb,
	"at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "petitions" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "petitions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"tracking_no" text NOT NULL,
	"query_code_hash" text NOT NULL,
	"mailbox_id" bigint NOT NULL,
	"petitioner_id" bigint,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"body_html" text NOT NULL,
	"category" text NOT NULL,
	"channel" text NOT NULL,
	"status" text DEFAULT 'submitted' NOT NULL,
	"public" boolean DEFAULT false NOT NULL,
	"contact_name" text,
	"contact_phone" text,
	"contact_address" text,
	"thread_id" bigint,
	"due_at" timestamp (3) with time zone,
	"warn_at" timestamp (3) with time zone,
	"light_at" timestamp (3) with time zone,
	"accepted_at" timestamp (3) with time zone,
	"replied_at" timestamp (3) with time zone,
	"closed_at" timestamp (3) with time zone,
	"extended_days" integer,
	"satisfaction" text,
	"rated_at" timestamp (3) with time zone,
	"review_requested_at" timestamp (3) with time zone,
	"proposed_opinion" text,
	"instruction" text,
	"supervision_mailbox_id" bigint,
	"supervised_at" timestamp (3) with time zone,
	"supervised_count" integer DEFAULT 0 NOT NULL,
	"cosign_count" integer DEFAULT 0 NOT NULL,
	"seq" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "petitions_extension_max" CHECK ("petitions"."extended_days" is null or "petitions"."extended_days" between 1 and 30)
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "notifications_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"user_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"data" jsonb NOT NULL,
	"url" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"read_at" timestamp (3) with time zone
);
--> statement-breakpoint
ALTER TABLE "mailboxes" ADD COLUMN "slug" text;--> statement-breakpoint
ALTER TABLE "mailboxes" ADD COLUMN "sort_order" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "mailboxes" ADD COLUMN "active" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "petition_assignments" ADD CONSTRAINT "petition_assignments_petition_id_petitions_id_fk" FOREIGN KEY ("petition_id") REFERENCES "public"."petitions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "petition_assignments" ADD CONSTRAINT "petition_assignments_mailbox_id_mailboxes_id_fk" FOREIGN KEY ("mailbox_id") REFERENCES "public"."mailboxes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "petition_assignments" ADD CONSTRAINT "petition_assignments_replied_by_users_id_fk" FOREIGN KEY ("replied_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "petition_cosigns" ADD CONSTRAINT "petition_cosigns_petition_id_petitions_id_fk" FOREIGN KEY ("petition_id") REFERENCES "public"."petitions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "petition_cosigns" ADD CONSTRAINT "petition_cosigns_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "petition_events" ADD CONSTRAINT "petition_events_petition_id_petitions_id_fk" FOREIGN KEY ("petition_id") REFERENCES "public"."petitions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "petition_events" ADD CONSTRAINT "petition_events_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "petition_events" ADD CONSTRAINT "petition_events_mailbox_id_mailboxes_id_fk" FOREIGN KEY ("mailbox_id") REFERENCES "public"."mailboxes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "petitions" ADD CONSTRAINT "petitions_mailbox_id_mailboxes_id_fk" FOREIGN KEY ("mailbox_id") REFERENCES "public"."mailboxes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "petitions" ADD CONSTRAINT "petitions_petitioner_id_users_id_fk" FOREIGN KEY ("petitioner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "petitions" ADD CONSTRAINT "petitions_thread_id_threads_id_fk" FOREIGN KEY ("thread_id") REFERENCES "public"."threads"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "petitions" ADD CONSTRAINT "petitions_supervision_mailbox_id_mailboxes_id_fk" FOREIGN KEY ("supervision_mailbox_id") REFERENCES "public"."mailboxes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "petition_assignments_one_lead_idx" ON "petition_assignments" USING btree ("petition_id") WHERE "petition_assignments"."lead";--> statement-breakpoint
CREATE INDEX "petition_assignments_open_idx" ON "petition_assignments" USING btree ("mailbox_id","due_at","petition_id") WHERE "petition_assignments"."status" = 'open';--> statement-breakpoint
CREATE INDEX "petition_assignments_mailbox_assigned_idx" ON "petition_assignments" USING btree ("mailbox_id","assigned_at");--> statement-breakpoint
CREATE UNIQUE INDEX "petition_events_seq_idx" ON "petition_events" USING btree ("petition_id","seq");--> statement-breakpoint
CREATE INDEX "petition_events_supervise_idx" ON "petition_events" USING btree ("mailbox_id","at") WHERE "petition_events"."action" = 'supervise';--> statement-breakpoint
CREATE UNIQUE INDEX "petitions_tracking_no_idx" ON "petitions" USING btree ("tracking_no");--> statement-breakpoint
CREATE UNIQUE INDEX "petitions_thread_idx" ON "petitions" USING btree ("thread_id");--> statement-breakpoint
CREATE INDEX "petitions_mailbox_created_idx" ON "petitions" USING btree ("mailbox_id","created_at");--> statement-breakpoint
CREATE INDEX "petitions_petitioner_idx" ON "petitions" USING btree ("petitioner_id","id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "petitions_open_due_idx" ON "petitions" USING btree ("due_at","id") WHERE "petitions"."status" not in ('closed', 'rejected') and "petitions"."light_at" is null;--> statement-breakpoint
CREATE INDEX "petitions_open_warn_idx" ON "petitions" USING btree ("warn_at","id") WHERE "petitions"."status" not in ('closed', 'rejected') and "petitions"."light_at" is null;--> statement-breakpoint
CREATE INDEX "petitions_mailbox_open_idx" ON "petitions" USING btree ("mailbox_id","due_at","id") WHERE "petitions"."status" in ('submitted', 'accepted');--> statement-breakpoint
CREATE INDEX "petitions_public_idx" ON "petitions" USING btree ("id" DESC NULLS LAST) WHERE "petitions"."public" and "petitions"."status" not in ('submitted', 'rejected');--> statement-breakpoint
CREATE INDEX "petitions_created_idx" ON "petitions" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "notifications_user_idx" ON "notifications" USING btree ("user_id","id" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "mailboxes_slug_idx" ON "mailboxes" USING btree ("slug");--> statement-breakpoint
-- 有案可查: the timeline is append-only, enforced by the database itself.
CREATE FUNCTION petition_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'petition_events is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER petition_events_no_update_delete BEFORE UPDATE OR DELETE ON "petition_events"
  FOR EACH ROW EXECUTE FUNCTION petition_events_append_only();
--> statement-breakpoint
CREATE TRIGGER petition_events_no_truncate BEFORE TRUNCATE ON "petition_events"
  FOR EACH STATEMENT EXECUTE FUNCTION petition_events_append_only();
