namespace VolunteerGrid.Coordinator.Storage;

/// <summary>
/// The schema, as ordered steps. Never edit a published step: add a new one. Times are epoch
/// milliseconds (BIGINT), booleans integers, enums their explicit integer values.
/// </summary>
internal static class Migrations
{
    public static IReadOnlyList<Migration> All { get; } =
    [
        new(1, "initial grid schema", """
            CREATE TABLE api_keys (
                id TEXT PRIMARY KEY,
                key_hash TEXT NOT NULL UNIQUE,
                role INTEGER NOT NULL,
                owner TEXT NOT NULL,
                created_at BIGINT NOT NULL);

            CREATE TABLE hosts (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                account TEXT NULL,
                platform TEXT NOT NULL,
                cores INTEGER NOT NULL,
                memory_mb BIGINT NOT NULL,
                token_hash TEXT NOT NULL UNIQUE,
                created_at BIGINT NOT NULL,
                last_seen BIGINT NOT NULL,
                consecutive_valid INTEGER NOT NULL DEFAULT 0,
                valid_results INTEGER NOT NULL DEFAULT 0,
                invalid_results INTEGER NOT NULL DEFAULT 0,
                error_results INTEGER NOT NULL DEFAULT 0,
                max_in_progress INTEGER NOT NULL,
                daily_quota INTEGER NOT NULL,
                quota_day BIGINT NOT NULL DEFAULT 0,
                sent_today INTEGER NOT NULL DEFAULT 0,
                device_classes TEXT NOT NULL DEFAULT '');

            CREATE TABLE files (
                sha256 TEXT PRIMARY KEY,
                size BIGINT NOT NULL,
                created_at BIGINT NOT NULL);

            CREATE TABLE campaigns (
                id TEXT PRIMARY KEY,
                kind TEXT NOT NULL,
                kind_version INTEGER NOT NULL,
                name TEXT NULL,
                owner TEXT NOT NULL,
                is_public INTEGER NOT NULL,
                state INTEGER NOT NULL,
                priority INTEGER NOT NULL,
                parameters TEXT NOT NULL,
                inputs TEXT NOT NULL,
                min_quorum INTEGER NOT NULL,
                target_results INTEGER NOT NULL,
                max_total_results INTEGER NOT NULL,
                max_error_results INTEGER NOT NULL,
                deadline_seconds DOUBLE PRECISION NULL,
                created_at BIGINT NOT NULL,
                finished_at BIGINT NULL,
                failure_reason TEXT NULL);
            CREATE INDEX ix_campaigns_state ON campaigns(state);

            CREATE TABLE units (
                id TEXT PRIMARY KEY,
                campaign_id TEXT NOT NULL REFERENCES campaigns(id),
                seq INTEGER NOT NULL,
                unit_key TEXT NOT NULL,
                kind TEXT NOT NULL,
                kind_version INTEGER NOT NULL,
                parameters TEXT NOT NULL,
                outputs TEXT NOT NULL,
                estimated_work DOUBLE PRECISION NOT NULL,
                priority INTEGER NOT NULL,
                lineage_key TEXT NULL,
                state INTEGER NOT NULL,
                deps_remaining INTEGER NOT NULL,
                min_quorum INTEGER NOT NULL,
                target_results INTEGER NOT NULL,
                max_total_results INTEGER NOT NULL,
                max_error_results INTEGER NOT NULL,
                deadline_seconds DOUBLE PRECISION NOT NULL,
                needed INTEGER NOT NULL DEFAULT 0,
                total_results INTEGER NOT NULL DEFAULT 0,
                error_results INTEGER NOT NULL DEFAULT 0,
                validation_generation INTEGER NOT NULL DEFAULT 0,
                canonical_result_id TEXT NULL,
                reused INTEGER NOT NULL DEFAULT 0,
                failure_reason TEXT NULL,
                done_at BIGINT NULL,
                UNIQUE (campaign_id, unit_key));
            CREATE INDEX ix_units_dispatch ON units(state, priority DESC, seq);
            CREATE INDEX ix_units_validation ON units(validation_generation);
            CREATE INDEX ix_units_campaign ON units(campaign_id, state);

            CREATE TABLE unit_inputs (
                unit_id TEXT NOT NULL REFERENCES units(id),
                name TEXT NOT NULL,
                campaign_input TEXT NULL,
                from_unit_id TEXT NULL REFERENCES units(id),
                output TEXT NULL,
                sha256 TEXT NULL,
                size BIGINT NULL,
                PRIMARY KEY (unit_id, name));
            CREATE INDEX ix_unit_inputs_from ON unit_inputs(from_unit_id);

            CREATE TABLE unit_dependencies (
                unit_id TEXT NOT NULL REFERENCES units(id),
                depends_on TEXT NOT NULL REFERENCES units(id),
                PRIMARY KEY (unit_id, depends_on));
            CREATE INDEX ix_unit_dependencies_reverse ON unit_dependencies(depends_on);

            CREATE TABLE results (
                id TEXT PRIMARY KEY,
                unit_id TEXT NOT NULL REFERENCES units(id),
                host_id TEXT NOT NULL REFERENCES hosts(id),
                account TEXT NULL,
                state INTEGER NOT NULL,
                spot_check INTEGER NOT NULL DEFAULT 0,
                sent_at BIGINT NOT NULL,
                deadline BIGINT NOT NULL,
                reported_at BIGINT NULL,
                device_class TEXT NULL,
                elapsed_seconds DOUBLE PRECISION NULL,
                cpu_seconds DOUBLE PRECISION NULL,
                progress DOUBLE PRECISION NOT NULL DEFAULT 0,
                reason TEXT NULL,
                log TEXT NULL,
                UNIQUE (unit_id, host_id));
            CREATE INDEX ix_results_deadline ON results(state, deadline);
            CREATE INDEX ix_results_unit_account ON results(unit_id, account);
            CREATE INDEX ix_results_host ON results(host_id, state);

            CREATE TABLE result_outputs (
                result_id TEXT NOT NULL REFERENCES results(id),
                name TEXT NOT NULL,
                sha256 TEXT NOT NULL,
                size BIGINT NOT NULL,
                PRIMARY KEY (result_id, name));

            CREATE TABLE lineage (
                lineage_key TEXT PRIMARY KEY,
                result_id TEXT NOT NULL REFERENCES results(id),
                unit_id TEXT NOT NULL REFERENCES units(id),
                created_at BIGINT NOT NULL);

            CREATE TABLE products (
                campaign_id TEXT NOT NULL REFERENCES campaigns(id),
                name TEXT NOT NULL,
                sha256 TEXT NOT NULL,
                size BIGINT NOT NULL,
                PRIMARY KEY (campaign_id, name));

            CREATE TABLE provenance (
                campaign_id TEXT PRIMARY KEY REFERENCES campaigns(id),
                document TEXT NOT NULL);

            CREATE TABLE events (
                id {autoincrement_pk},
                campaign_id TEXT NULL,
                at BIGINT NOT NULL,
                level TEXT NOT NULL,
                message TEXT NOT NULL);
            CREATE INDEX ix_events_campaign ON events(campaign_id, id);

            CREATE TABLE duty_leases (
                duty TEXT PRIMARY KEY,
                holder TEXT NOT NULL,
                expires_at BIGINT NOT NULL);
            """),
        new(2, "adaptive replication is a per-campaign opt-in (quorum policy), copied to each unit", """
            ALTER TABLE campaigns ADD COLUMN adaptive_replication INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE units ADD COLUMN adaptive_replication INTEGER NOT NULL DEFAULT 0;
            """),
        new(3, "campaign webhooks (durable delivery state); indexes for the dashboard's throughput chart", """
            CREATE TABLE campaign_webhooks (
                campaign_id TEXT PRIMARY KEY REFERENCES campaigns(id),
                url TEXT NOT NULL,
                state INTEGER NOT NULL,
                attempts INTEGER NOT NULL DEFAULT 0,
                next_attempt_at BIGINT NOT NULL,
                last_error TEXT NULL,
                delivered_at BIGINT NULL);
            CREATE INDEX ix_campaign_webhooks_due ON campaign_webhooks(state, next_attempt_at);
            CREATE INDEX ix_results_reported ON results(reported_at);
            CREATE INDEX ix_units_done ON units(done_at);
            """),
        new(4, "file bytes in the database (the database file backend)", """
            CREATE TABLE file_chunks (
                sha256 TEXT NOT NULL REFERENCES files(sha256),
                seq INTEGER NOT NULL,
                data {blob} NOT NULL,
                PRIMARY KEY (sha256, seq));
            """),
        new(5, "agreement per device class and kind (homogeneous redundancy for GPUs)", """
            CREATE TABLE device_class_kinds (
                device_class TEXT NOT NULL,
                kind TEXT NOT NULL,
                agreed INTEGER NOT NULL DEFAULT 0,
                disagreed INTEGER NOT NULL DEFAULT 0,
                consecutive_disagreed INTEGER NOT NULL DEFAULT 0,
                excluded_at BIGINT NULL,
                updated_at BIGINT NOT NULL,
                PRIMARY KEY (device_class, kind));
            """),
        new(6, "a unit's signed manifest, reused by its replicas while its signed deadline covers theirs", """
            ALTER TABLE units ADD COLUMN signed_manifest TEXT NULL;
            ALTER TABLE units ADD COLUMN manifest_valid_until BIGINT NULL;
            """),
        // The lease's NOT EXISTS keeps a volunteer account to one replica per unit; on PostgreSQL two
        // replicas' transactions can both pass it before either commits, so the database enforces
        // it too (a racing lease fails on the index and is retried: PostgresDialect.IsTransient).
        new(7, "one replica of a unit per volunteer account, enforced by a unique index", """
            DROP INDEX ix_results_unit_account;
            CREATE UNIQUE INDEX ux_results_unit_account ON results(unit_id, account) WHERE account IS NOT NULL;
            """),
    ];
}
