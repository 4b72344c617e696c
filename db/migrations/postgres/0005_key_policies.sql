CREATE TABLE "key_reminders" (
	"key_id" integer NOT NULL,
	"kind" text NOT NULL,
	"state" text NOT NULL,
	"attempts" integer DEFAULT 1 NOT NULL,
	"claimed_at" timestamp (3) with time zone NOT NULL,
	"sent_at" timestamp (3) with time zone,
	CONSTRAINT "key_reminders_key_id_kind_pk" PRIMARY KEY("key_id","kind")
);
--> statement-breakpoint
ALTER TABLE "access_keys" ADD COLUMN "name" text;--> statement-breakpoint
ALTER TABLE "access_keys" ADD COLUMN "description" text;--> statement-breakpoint
ALTER TABLE "access_keys" ADD COLUMN "expires_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "access_keys" ADD COLUMN "allowed_ips" text;--> statement-breakpoint
ALTER TABLE "access_keys" ADD COLUMN "secret_hash" text;--> statement-breakpoint
ALTER TABLE "access_keys" ADD COLUMN "leaked_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "key_reminders" ADD CONSTRAINT "key_reminders_key_id_access_keys_id_fk" FOREIGN KEY ("key_id") REFERENCES "public"."access_keys"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "access_keys_secret_hash_idx" ON "access_keys" USING btree ("secret_hash");--> statement-breakpoint
CREATE INDEX "access_keys_expires_at_idx" ON "access_keys" USING btree ("expires_at");