CREATE TABLE "duplicate_group_items" (
	"group_id" bigint NOT NULL,
	"item_type" text NOT NULL,
	"item_id" bigint NOT NULL,
	"channel" text NOT NULL,
	"position" integer NOT NULL,
	CONSTRAINT "duplicate_group_items_group_id_item_type_item_id_pk" PRIMARY KEY("group_id","item_type","item_id")
);
--> statement-breakpoint
CREATE TABLE "duplicate_groups" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "duplicate_groups_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"day" date NOT NULL,
	"similarity" double precision NOT NULL,
	"channels" jsonb NOT NULL,
	"size" integer NOT NULL,
	"position" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "emerging_topic_items" (
	"topic_id" bigint NOT NULL,
	"item_type" text NOT NULL,
	"item_id" bigint NOT NULL,
	"position" integer NOT NULL,
	CONSTRAINT "emerging_topic_items_topic_id_item_type_item_id_pk" PRIMARY KEY("topic_id","item_type","item_id")
);
--> statement-breakpoint
CREATE TABLE "emerging_topics" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "emerging_topics_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"day" date NOT NULL,
	"kind" text NOT NULL,
	"key" text NOT NULL,
	"count" integer NOT NULL,
	"baseline" double precision NOT NULL,
	"sigma" double precision NOT NULL,
	"score" double precision NOT NULL,
	"series" jsonb NOT NULL,
	"status" text DEFAULT 'new' NOT NULL,
	"thread_id" bigint,
	"decided_by" bigint,
	"decided_at" timestamp (3) with time zone,
	CONSTRAINT "emerging_topics_kind" CHECK ("emerging_topics"."kind" in ('category', 'keyword')),
	CONSTRAINT "emerging_topics_status" CHECK ("emerging_topics"."status" in ('new', 'discussed', 'proposed', 'dismissed')),
	CONSTRAINT "emerging_topics_discussed_thread" CHECK ("emerging_topics"."status" <> 'discussed' or "emerging_topics"."thread_id" is not null)
);
--> statement-breakpoint
CREATE TABLE "insight_runs" (
	"day" date PRIMARY KEY NOT NULL,
	"as_of" timestamp (3) with time zone NOT NULL,
	"started_at" timestamp (3) with time zone NOT NULL,
	"finished_at" timestamp (3) with time zone NOT NULL,
	"items_read" integer DEFAULT 0 NOT NULL,
	"topics" integer DEFAULT 0 NOT NULL,
	"groups" integer DEFAULT 0 NOT NULL,
	"duration_ms" integer NOT NULL,
	"triggered_by" bigint
);
--> statement-breakpoint
CREATE TABLE "stats_daily" (
	"metric" text NOT NULL,
	"dim" text NOT NULL,
	"grain" text NOT NULL,
	"day" date NOT NULL,
	"key" text NOT NULL,
	"n" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "stats_daily_metric_dim_grain_day_key_pk" PRIMARY KEY("metric","dim","grain","day","key")
);
--> statement-breakpoint
ALTER TABLE "duplicate_group_items" ADD CONSTRAINT "duplicate_group_items_group_id_duplicate_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."duplicate_groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duplicate_groups" ADD CONSTRAINT "duplicate_groups_day_insight_runs_day_fk" FOREIGN KEY ("day") REFERENCES "public"."insight_runs"("day") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "emerging_topic_items" ADD CONSTRAINT "emerging_topic_items_topic_id_emerging_topics_id_fk" FOREIGN KEY ("topic_id") REFERENCES "public"."emerging_topics"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "emerging_topics" ADD CONSTRAINT "emerging_topics_day_insight_runs_day_fk" FOREIGN KEY ("day") REFERENCES "public"."insight_runs"("day") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "emerging_topics" ADD CONSTRAINT "emerging_topics_thread_id_threads_id_fk" FOREIGN KEY ("thread_id") REFERENCES "public"."threads"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "emerging_topics" ADD CONSTRAINT "emerging_topics_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insight_runs" ADD CONSTRAINT "insight_runs_triggered_by_users_id_fk" FOREIGN KEY ("triggered_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "duplicate_groups_day_idx" ON "duplicate_groups" USING btree ("day","position");--> statement-breakpoint
CREATE UNIQUE INDEX "emerging_topics_day_kind_key_idx" ON "emerging_topics" USING btree ("day","kind","key");--> statement-breakpoint
CREATE UNIQUE INDEX "emerging_topics_thread_idx" ON "emerging_topics" USING btree ("thread_id");