CREATE TABLE `api_rate_limits` (
	`access_key_id` text NOT NULL,
	`window_start` integer NOT NULL,
	`count` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`access_key_id`, `window_start`)
);
--> statement-breakpoint
CREATE INDEX `audit_logs_target_created_idx` ON `audit_logs` (`target_type`,`target_id`,`created_at`);