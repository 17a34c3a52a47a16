import Store

/// The SQLite schema, version by version. Times are INTEGER microseconds since the epoch (UTC).
/// Keep in step with `PostgresMigrations`: same versions, same tables and columns.
enum SQLiteMigrations {
    static let all: [Migration] = [
        Migration(
            version: 1,
            name: "identity and audit",
            statements: [
                """
                CREATE TABLE users (
                    id TEXT PRIMARY KEY,
                    name TEXT NOT NULL UNIQUE,
                    role TEXT NOT NULL,
                    city TEXT,
                    enterprise_id TEXT,
                    password_hash TEXT NOT NULL,
                    disabled INTEGER NOT NULL DEFAULT 0,
                    created_at INTEGER NOT NULL
                ) STRICT
                """,
                """
                CREATE TABLE api_tokens (
                    id TEXT PRIMARY KEY,
                    secret_hash TEXT NOT NULL UNIQUE,
                    role TEXT NOT NULL,
                    city TEXT,
                    enterprise_id TEXT,
                    user_id TEXT REFERENCES users(id),
                    label TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    expires_at INTEGER,
                    revoked_at INTEGER
                ) STRICT
                """,
                "CREATE INDEX api_tokens_user ON api_tokens(user_id)",
                """
                CREATE TABLE audit_log (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    at INTEGER NOT NULL,
                    actor TEXT NOT NULL,
                    role TEXT NOT NULL,
                    action TEXT NOT NULL,
                    resource TEXT NOT NULL,
                    outcome TEXT NOT NULL,
                    detail TEXT NOT NULL
                ) STRICT
                """,
                "CREATE INDEX audit_log_at ON audit_log(at)",
                "CREATE INDEX audit_log_actor_at ON audit_log(actor, at)",
                """
                CREATE TABLE enterprises (
                    id TEXT PRIMARY KEY,
                    name TEXT NOT NULL,
                    city TEXT NOT NULL,
                    created_at INTEGER NOT NULL
                ) STRICT
                """,
                "CREATE INDEX enterprises_city ON enterprises(city)",
            ]
        ),
        Migration(
            version: 2,
            name: "telemetry",
            statements: [
                """
                CREATE TABLE telemetry (
                    vin TEXT NOT NULL,
                    collected_at INTEGER NOT NULL,
                    received_at INTEGER NOT NULL,
                    reissue INTEGER NOT NULL,
                    speed_kmh REAL,
                    odometer_km REAL,
                    soc INTEGER,
                    pack_voltage REAL,
                    pack_current REAL,
                    longitude REAL,
                    latitude REAL,
                    vehicle_state INTEGER,
                    charge_state INTEGER,
                    max_alarm_level INTEGER,
                    raw BLOB NOT NULL
                ) STRICT
                """,
                "CREATE INDEX telemetry_vin_time ON telemetry(vin, collected_at)",
            ]
        ),
        Migration(
            version: 3,
            name: "vehicle registry",
            statements: [
                // Clustered by VIN (WITHOUT ROWID): listings page through it in VIN order.
                """
                CREATE TABLE vehicles (
                    vin TEXT PRIMARY KEY,
                    enterprise_id TEXT NOT NULL REFERENCES enterprises(id),
                    model TEXT NOT NULL,
                    fuel_type TEXT NOT NULL,
                    usage TEXT NOT NULL,
                    city TEXT NOT NULL,
                    plate TEXT,
                    registered_at INTEGER,
                    created_at INTEGER NOT NULL
                ) STRICT, WITHOUT ROWID
                """,
                "CREATE INDEX vehicles_enterprise ON vehicles(enterprise_id, vin)",
                "CREATE INDEX vehicles_city ON vehicles(city, vin)",
            ]
        ),
        Migration(
            version: 4,
            name: "platform accounts",
            statements: [
                """
                CREATE TABLE platform_accounts (
                    id TEXT PRIMARY KEY,
                    username TEXT NOT NULL UNIQUE,
                    enterprise_id TEXT NOT NULL REFERENCES enterprises(id),
                    password_hash TEXT NOT NULL,
                    reply_style TEXT NOT NULL CHECK (reply_style IN ('time-only', 'full-echo')),
                    disabled INTEGER NOT NULL DEFAULT 0,
                    created_at INTEGER NOT NULL
                ) STRICT
                """
            ]
        ),
        Migration(
            version: 5,
            name: "gateway archive, latest state, presence",
            statements: [
                // Extreme cell values for the safety rules, and the session that received each report.
                "ALTER TABLE telemetry ADD COLUMN max_cell_voltage REAL",
                "ALTER TABLE telemetry ADD COLUMN min_cell_voltage REAL",
                "ALTER TABLE telemetry ADD COLUMN max_temperature REAL",
                "ALTER TABLE telemetry ADD COLUMN min_temperature REAL",
                "ALTER TABLE telemetry ADD COLUMN session INTEGER",
                // Every accepted frame that is not a report, verbatim (reports keep theirs in telemetry.raw).
                """
                CREATE TABLE gateway_frames (
                    vin TEXT NOT NULL,
                    received_at INTEGER NOT NULL,
                    session INTEGER NOT NULL,
                    edition INTEGER NOT NULL,
                    command INTEGER NOT NULL,
                    raw BLOB NOT NULL
                ) STRICT
                """,
                "CREATE INDEX gateway_frames_vin_time ON gateway_frames(vin, received_at)",
                // One row per vehicle that ever logged in or reported: its newest report and its presence.
                """
                CREATE TABLE vehicle_latest (
                    vin TEXT PRIMARY KEY,
                    collected_at INTEGER,
                    received_at INTEGER,
                    reissue INTEGER,
                    speed_kmh REAL,
                    odometer_km REAL,
                    soc INTEGER,
                    pack_voltage REAL,
                    pack_current REAL,
                    longitude REAL,
                    latitude REAL,
                    vehicle_state INTEGER,
                    charge_state INTEGER,
                    max_alarm_level INTEGER,
                    max_cell_voltage REAL,
                    min_cell_voltage REAL,
                    max_temperature REAL,
                    min_temperature REAL,
                    last_seen_at INTEGER,
                    online INTEGER NOT NULL DEFAULT 0,
                    online_session INTEGER,
                    online_changed_at INTEGER
                ) STRICT, WITHOUT ROWID
                """,
                "CREATE INDEX vehicle_latest_online ON vehicle_latest(online, last_seen_at)",
                """
                CREATE TABLE vehicle_events (
                    vin TEXT NOT NULL,
                    at INTEGER NOT NULL,
                    kind TEXT NOT NULL CHECK (kind IN ('online', 'offline')),
                    reason TEXT NOT NULL,
                    session INTEGER
                ) STRICT
                """,
                "CREATE INDEX vehicle_events_vin_time ON vehicle_events(vin, at)",
            ]
        ),
        Migration(
            version: 6, name: "safety monitoring",
            statements: [
                // One row per alarm episode (per vehicle and flag or fault code); its changes beside it.
                """
                CREATE TABLE safety_alarms (
                    id TEXT PRIMARY KEY,
                    vin TEXT NOT NULL,
                    category TEXT NOT NULL,
                    code INTEGER NOT NULL,
                    name TEXT NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('open', 'closed', 'stale', 'recorded')),
                    level INTEGER NOT NULL,
                    max_level INTEGER NOT NULL,
                    opened_at INTEGER NOT NULL,
                    closed_at INTEGER,
                    last_at INTEGER NOT NULL,
                    reissue INTEGER NOT NULL,
                    acknowledged_at INTEGER,
                    acknowledged_by TEXT
                ) STRICT, WITHOUT ROWID
                """,
                "CREATE INDEX safety_alarms_vin ON safety_alarms(vin, opened_at)",
                "CREATE INDEX safety_alarms_opened ON safety_alarms(opened_at)",
                "CREATE INDEX safety_alarms_open ON safety_alarms(status, vin) WHERE status = 'open'",
                """
                CREATE TABLE safety_alarm_changes (
                    alarm_id TEXT NOT NULL,
                    vin TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    at INTEGER NOT NULL,
                    level INTEGER NOT NULL,
                    previous_level INTEGER,
                    opened_at INTEGER NOT NULL,
                    reissue INTEGER NOT NULL
                ) STRICT
                """,
                "CREATE INDEX safety_alarm_changes_alarm ON safety_alarm_changes(alarm_id)",
                "CREATE INDEX safety_alarm_changes_vin ON safety_alarm_changes(vin, at)",
                """
                CREATE TABLE safety_events (
                    id TEXT PRIMARY KEY,
                    vin TEXT NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('open', 'closed', 'stale')),
                    triggered_at INTEGER NOT NULL,
                    window_start INTEGER NOT NULL,
                    window_end INTEGER,
                    level INTEGER NOT NULL,
                    max_level INTEGER NOT NULL,
                    trigger_alarms TEXT NOT NULL,
                    acknowledged_at INTEGER,
                    acknowledged_by TEXT
                ) STRICT, WITHOUT ROWID
                """,
                "CREATE INDEX safety_events_vin ON safety_events(vin, triggered_at)",
                "CREATE INDEX safety_events_triggered ON safety_events(triggered_at)",
                """
                CREATE TABLE safety_warnings (
                    id TEXT PRIMARY KEY,
                    vin TEXT NOT NULL,
                    rule TEXT NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
                    opened_at INTEGER NOT NULL,
                    closed_at INTEGER,
                    evidence TEXT NOT NULL,
                    closing_evidence TEXT,
                    acknowledged_at INTEGER,
                    acknowledged_by TEXT
                ) STRICT, WITHOUT ROWID
                """,
                "CREATE INDEX safety_warnings_vin ON safety_warnings(vin, opened_at)",
                "CREATE INDEX safety_warnings_opened ON safety_warnings(opened_at)",
                """
                CREATE TABLE safety_notes (
                    subject_kind TEXT NOT NULL CHECK (subject_kind IN ('alarm', 'warning', 'event')),
                    subject_id TEXT NOT NULL,
                    at INTEGER NOT NULL,
                    user_name TEXT NOT NULL,
                    action TEXT NOT NULL CHECK (action IN ('acknowledge', 'note')),
                    text TEXT NOT NULL
                ) STRICT
                """,
                "CREATE INDEX safety_notes_subject ON safety_notes(subject_kind, subject_id, at)",
                // Only reports with findings get a row; the day counts hold the totals.
                """
                CREATE TABLE quality_findings (
                    vin TEXT NOT NULL,
                    collected_at INTEGER NOT NULL,
                    received_at INTEGER NOT NULL,
                    codes TEXT NOT NULL
                ) STRICT
                """,
                "CREATE INDEX quality_findings_vin ON quality_findings(vin, collected_at)",
                """
                CREATE TABLE quality_daily (
                    vin TEXT NOT NULL,
                    day TEXT NOT NULL,
                    reports INTEGER NOT NULL,
                    valid_reports INTEGER NOT NULL,
                    intervals INTEGER NOT NULL,
                    compliant_intervals INTEGER NOT NULL,
                    on_time INTEGER NOT NULL,
                    gap_time INTEGER NOT NULL,
                    PRIMARY KEY (vin, day)
                ) STRICT, WITHOUT ROWID
                """,
                "CREATE INDEX quality_daily_day ON quality_daily(day, vin)",
                """
                CREATE TABLE quality_daily_findings (
                    vin TEXT NOT NULL,
                    day TEXT NOT NULL,
                    code TEXT NOT NULL,
                    count INTEGER NOT NULL,
                    PRIMARY KEY (vin, day, code)
                ) STRICT, WITHOUT ROWID
                """,
                """
                CREATE TABLE warning_thresholds (
                    model TEXT PRIMARY KEY,
                    thresholds TEXT NOT NULL,
                    updated_at INTEGER NOT NULL,
                    updated_by TEXT NOT NULL
                ) STRICT, WITHOUT ROWID
                """,
                """
                CREATE TABLE webhooks (
                    id TEXT PRIMARY KEY,
                    url TEXT NOT NULL,
                    secret TEXT NOT NULL,
                    kinds TEXT NOT NULL,
                    city TEXT,
                    enterprise_id TEXT,
                    created_at INTEGER NOT NULL,
                    created_by TEXT NOT NULL
                ) STRICT, WITHOUT ROWID
                """,
                // The delivery queue and, with status 'dead', the dead-letter list.
                """
                CREATE TABLE webhook_deliveries (
                    id TEXT PRIMARY KEY,
                    webhook_id TEXT NOT NULL,
                    event TEXT NOT NULL,
                    payload TEXT NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'dead')),
                    attempts INTEGER NOT NULL,
                    next_attempt_at INTEGER NOT NULL,
                    last_error TEXT,
                    created_at INTEGER NOT NULL,
                    delivered_at INTEGER
                ) STRICT, WITHOUT ROWID
                """,
                "CREATE INDEX webhook_deliveries_due ON webhook_deliveries(next_attempt_at) WHERE status = 'pending'",
                "CREATE INDEX webhook_deliveries_hook ON webhook_deliveries(webhook_id, created_at)",
            ]
        ),
        Migration(
            version: 7,
            name: "online vehicles by VIN",
            statements: [
                // As on PostgreSQL (where a filtered listing's count needs it), so both stores keep one schema.
                "CREATE INDEX vehicle_latest_online_vin ON vehicle_latest(vin) WHERE online = 1"
            ]
        ),
        Migration(
            version: 8,
            name: "OCPP central system",
            statements: [
                """
                CREATE TABLE ocpp_charge_points (
                    id TEXT PRIMARY KEY,
                    password_hash TEXT NOT NULL,
                    station_id TEXT,
                    equipment_id TEXT,
                    vendor TEXT,
                    model TEXT,
                    serial_number TEXT,
                    firmware_version TEXT,
                    booted_at INTEGER,
                    last_seen_at INTEGER,
                    created_at INTEGER NOT NULL
                ) STRICT, WITHOUT ROWID
                """,
                """
                CREATE TABLE ocpp_id_tags (
                    id TEXT PRIMARY KEY,
                    status TEXT NOT NULL CHECK (status IN ('Accepted', 'Blocked', 'Expired', 'Invalid')),
                    expires_at INTEGER,
                    parent_id TEXT,
                    created_at INTEGER NOT NULL
                ) STRICT, WITHOUT ROWID
                """,
                // AUTOINCREMENT: a transaction id is never reused, even after the newest row is deleted.
                """
                CREATE TABLE ocpp_transactions (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    charge_point_id TEXT NOT NULL REFERENCES ocpp_charge_points(id),
                    connector_id INTEGER NOT NULL,
                    id_tag TEXT NOT NULL,
                    authorization_status TEXT NOT NULL,
                    meter_start INTEGER NOT NULL,
                    started_at INTEGER NOT NULL,
                    meter_stop INTEGER,
                    stopped_at INTEGER,
                    stop_reason TEXT,
                    stop_id_tag TEXT
                ) STRICT
                """,
                "CREATE INDEX ocpp_transactions_cp ON ocpp_transactions(charge_point_id, id)",
                "CREATE INDEX ocpp_transactions_tag ON ocpp_transactions(id_tag, id)",
                """
                CREATE TABLE ocpp_meter_values (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    charge_point_id TEXT NOT NULL,
                    connector_id INTEGER NOT NULL,
                    transaction_id INTEGER,
                    sampled_at INTEGER NOT NULL,
                    value TEXT NOT NULL,
                    measurand TEXT,
                    unit TEXT,
                    context TEXT,
                    phase TEXT,
                    location TEXT
                ) STRICT
                """,
                "CREATE INDEX ocpp_meter_values_tx ON ocpp_meter_values(transaction_id, sampled_at)",
                "CREATE INDEX ocpp_meter_values_cp ON ocpp_meter_values(charge_point_id, sampled_at)",
                """
                CREATE TABLE ocpp_connector_status (
                    charge_point_id TEXT NOT NULL,
                    connector_id INTEGER NOT NULL,
                    status TEXT NOT NULL,
                    error_code TEXT NOT NULL,
                    info TEXT,
                    vendor_error_code TEXT,
                    at INTEGER NOT NULL,
                    PRIMARY KEY (charge_point_id, connector_id)
                ) STRICT, WITHOUT ROWID
                """,
                """
                CREATE TABLE ocpp_status_history (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    charge_point_id TEXT NOT NULL,
                    connector_id INTEGER NOT NULL,
                    status TEXT NOT NULL,
                    error_code TEXT NOT NULL,
                    info TEXT,
                    vendor_error_code TEXT,
                    at INTEGER NOT NULL
                ) STRICT
                """,
                "CREATE INDEX ocpp_status_history_cp ON ocpp_status_history(charge_point_id, at)",
            ]
        ),
    ].validated()
}
