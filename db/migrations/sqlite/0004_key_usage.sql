CREATE TABLE `key_usage` (
	`key_id` integer NOT NULL,
	`product` text NOT NULL,
	`hour_start` integer NOT NULL,
	`calls` integer DEFAULT 0 NOT NULL,
	`client_errors` integer DEFAULT 0 NOT NULL,
	`server_errors` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`key_id`, `product`, `hour_start`)
);
--> statement-breakpoint
CREATE INDEX `key_usage_product_hour_idx` ON `key_usage` (`product`,`hour_start`);--> statement-breakpoint
CREATE INDEX `key_usage_hour_idx` ON `key_usage` (`hour_start`);--> statement-breakpoint
CREATE TABLE `product_usage` (
	`product` text NOT NULL,
	`hour_start` integer NOT NULL,
	`calls` integer DEFAULT 0 NOT NULL,
	`client_errors` integer DEFAULT 0 NOT NULL,
	`server_errors` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`product`, `hour_start`)
);
--> statement-breakpoint
CREATE INDEX `product_usage_hour_idx` ON `product_usage` (`hour_start`);