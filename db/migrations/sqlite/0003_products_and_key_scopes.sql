CREATE TABLE `access_key_products` (
	`access_key_id` integer NOT NULL,
	`product_id` integer NOT NULL,
	PRIMARY KEY(`access_key_id`, `product_id`),
	FOREIGN KEY (`access_key_id`) REFERENCES `access_keys`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE INDEX `access_key_products_product_idx` ON `access_key_products` (`product_id`);--> statement-breakpoint
CREATE TABLE `products` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slug` text NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`upstream_url` text NOT NULL,
	`timeout_ms` integer DEFAULT 30000 NOT NULL,
	`max_body_bytes` integer DEFAULT 10485760 NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`signing_secret_ciphertext` text NOT NULL,
	`previous_signing_secret_ciphertext` text,
	`previous_signing_secret_expires_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `products_slug_idx` ON `products` (`slug`);--> statement-breakpoint
ALTER TABLE `access_keys` ADD `all_products` integer DEFAULT true NOT NULL;