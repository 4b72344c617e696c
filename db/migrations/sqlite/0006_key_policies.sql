CREATE TABLE `key_reminders` (
	`key_id` integer NOT NULL,
	`kind` text NOT NULL,
	`state` text NOT NULL,
	`attempts` integer DEFAULT 1 NOT NULL,
	`claimed_at` integer NOT NULL,
	`sent_at` integer,
	PRIMARY KEY(`key_id`, `kind`),
	FOREIGN KEY (`key_id`) REFERENCES `access_keys`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `access_keys` ADD `name` text;--> statement-breakpoint
ALTER TABLE `access_keys` ADD `description` text;--> statement-breakpoint
ALTER TABLE `access_keys` ADD `expires_at` integer;--> statement-breakpoint
ALTER TABLE `access_keys` ADD `allowed_ips` text;--> statement-breakpoint
ALTER TABLE `access_keys` ADD `secret_hash` text;--> statement-breakpoint
ALTER TABLE `access_keys` ADD `leaked_at` integer;--> statement-breakpoint
CREATE UNIQUE INDEX `access_keys_secret_hash_idx` ON `access_keys` (`secret_hash`);--> statement-breakpoint
CREATE INDEX `access_keys_expires_at_idx` ON `access_keys` (`expires_at`);