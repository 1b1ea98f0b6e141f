CREATE TABLE "commitment_follows" (
	"commitment_id" bigint NOT NULL,
	"user_id" bigint NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "commitment_follows_commitment_id_user_id_pk" PRIMARY KEY("commitment_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "commitment_links" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "commitment_links_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"commitment_id" bigint NOT NULL,
	"thread_id" bigint,
	"petition_id" bigint,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "commitment_links_one_target" CHECK (("commitment_links"."thread_id" is null) <> ("commitment_links"."petition_id" is null))
);
--> statement-breakpoint
CREATE TABLE "commitment_milestones" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "commitment_milestones_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"commitment_id" bigint NOT NULL,
	"title" text NOT NULL,
	"due_on" timestamp (3) with time zone,
	"done_at" timestamp (3) with time zone,
	"position" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "commitment_progress" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "commitment_progress_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"commitment_id" bigint NOT NULL,
	"progress" integer NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"note_html" text DEFAULT '' NOT NULL,
	"author_id" bigint NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "commitment_progress_range" CHECK ("commitment_progress"."progress" between 0 and 100)
);
--> statement-breakpoint
CREATE TABLE "commitments" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "commitments_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"year" integer NOT NULL,
	"ordinal" integer,
	"title" text NOT NULL,
	"summary" text DEFAULT '' NOT NULL,
	"summary_html" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'proposed' NOT NULL,
	"owner_mailbox_id" bigint NOT NULL,
	"budget_yuan" bigint,
	"progress" integer DEFAULT 0 NOT NULL,
	"thread_id" bigint,
	"followers" integer DEFAULT 0 NOT NULL,
	"created_by" bigint NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "commitments_progress_range" CHECK ("commitments"."progress" between 0 and 100),
	CONSTRAINT "commitments_budget_nonnegative" CHECK ("commitments"."budget_yuan" is null or "commitments"."budget_yuan" >= 0),
	CONSTRAINT "commitments_followers_nonnegative" CHECK ("commitments"."followers" >= 0)
);
--> statement-breakpoint
ALTER TABLE "commitment_follows" ADD CONSTRAINT "commitment_follows_commitment_id_commitments_id_fk" FOREIGN KEY ("commitment_id") REFERENCES "public"."commitments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commitment_follows" ADD CONSTRAINT "commitment_follows_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commitment_links" ADD CONSTRAINT "commitment_links_commitment_id_commitments_id_fk" FOREIGN KEY ("commitment_id") REFERENCES "public"."commitments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commitment_links" ADD CONSTRAINT "commitment_links_thread_id_threads_id_fk" FOREIGN KEY ("thread_id") REFERENCES "public"."threads"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commitment_links" ADD CONSTRAINT "commitment_links_petition_id_petitions_id_fk" FOREIGN KEY ("petition_id") REFERENCES "public"."petitions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commitment_milestones" ADD CONSTRAINT "commitment_milestones_commitment_id_commitments_id_fk" FOREIGN KEY ("commitment_id") REFERENCES "public"."commitments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commitment_progress" ADD CONSTRAINT "commitment_progress_commitment_id_commitments_id_fk" FOREIGN KEY ("commitment_id") REFERENCES "public"."commitments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commitment_progress" ADD CONSTRAINT "commitment_progress_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commitments" ADD CONSTRAINT "commitments_owner_mailbox_id_mailboxes_id_fk" FOREIGN KEY ("owner_mailbox_id") REFERENCES "public"."mailboxes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commitments" ADD CONSTRAINT "commitments_thread_id_threads_id_fk" FOREIGN KEY ("thread_id") REFERENCES "public"."threads"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commitments" ADD CONSTRAINT "commitments_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "commitment_follows_user_idx" ON "commitment_follows" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "commitment_links_thread_idx" ON "commitment_links" USING btree ("commitment_id","thread_id") WHERE "commitment_links"."thread_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "commitment_links_petition_idx" ON "commitment_links" USING btree ("commitment_id","petition_id") WHERE "commitment_links"."petition_id" is not null;--> statement-breakpoint
CREATE INDEX "commitment_milestones_idx" ON "commitment_milestones" USING btree ("commitment_id","position","id");--> statement-breakpoint
CREATE INDEX "commitment_progress_idx" ON "commitment_progress" USING btree ("commitment_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "commitments_year_idx" ON "commitments" USING btree ("year" DESC NULLS LAST,"ordinal","id");--> statement-breakpoint
CREATE UNIQUE INDEX "commitments_year_ordinal_idx" ON "commitments" USING btree ("year","ordinal") WHERE "commitments"."ordinal" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "commitments_thread_idx" ON "commitments" USING btree ("thread_id");