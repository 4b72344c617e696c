CREATE TABLE "key_usage" (
	"key_id" integer NOT NULL,
	"product" text NOT NULL,
	"hour_start" timestamp (3) with time zone NOT NULL,
	"calls" integer DEFAULT 0 NOT NULL,
	"client_errors" integer DEFAULT 0 NOT NULL,
	"server_errors" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "key_usage_key_id_product_hour_start_pk" PRIMARY KEY("key_id","product","hour_start")
);
--> statement-breakpoint
CREATE TABLE "product_usage" (
	"product" text NOT NULL,
	"hour_start" timestamp (3) with time zone NOT NULL,
	"calls" integer DEFAULT 0 NOT NULL,
	"client_errors" integer DEFAULT 0 NOT NULL,
	"server_errors" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "product_usage_product_hour_start_pk" PRIMARY KEY("product","hour_start")
);
--> statement-breakpoint
CREATE INDEX "key_usage_product_hour_idx" ON "key_usage" USING btree ("product","hour_start");--> statement-breakpoint
CREATE INDEX "key_usage_hour_idx" ON "key_usage" USING btree ("hour_start");--> statement-breakpoint
CREATE INDEX "product_usage_hour_idx" ON "product_usage" USING btree ("hour_start");