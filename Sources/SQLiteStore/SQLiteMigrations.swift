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
            name: "T/CEC 102 operator accounts",
            statements: [
                """
                CREATE TABLE tcec_accounts (
                    operator_id TEXT PRIMARY KEY,
                    name TEXT NOT NULL,
                    in_operator_secret TEXT NOT NULL,
                    in_data_secret TEXT NOT NULL,
                    in_data_secret_iv TEXT NOT NULL,
                    in_sig_secret TEXT NOT NULL,
                    out_operator_secret TEXT,
                    out_data_secret TEXT,
                    out_data_secret_iv TEXT,
                    out_sig_secret TEXT,
                    base_url TEXT,
                    enabled INTEGER NOT NULL,
                    created_at INTEGER NOT NULL,
                    last_pull_at INTEGER,
                    last_pull_outcome TEXT
                )
                """
            ]
        ),
        Migration(
            version: 9,
            name: "monthly industry statistics",
            statements: [
                // Every revision is kept; the latest of an enterprise's month is the one that counts.
                """
                CREATE TABLE monthly_reports (
                    enterprise_id TEXT NOT NULL REFERENCES enterprises(id),
                    month TEXT NOT NULL,
                    revision INTEGER NOT NULL,
                    production BIGINT NOT NULL,
                    sales BIGINT NOT NULL,
                    exports BIGINT NOT NULL,
                    nev_production BIGINT NOT NULL,
                    nev_bev BIGINT NOT NULL,
                    nev_phev BIGINT NOT NULL,
                    nev_fcev BIGINT NOT NULL,
                    nev_sales BIGINT NOT NULL,
                    nev_exports BIGINT NOT NULL,
                    capacity BIGINT NOT NULL,
                    flags TEXT NOT NULL,
                    submitted_at BIGINT NOT NULL,
                    submitted_by TEXT NOT NULL,
                    PRIMARY KEY (enterprise_id, month, revision)
                )
                """,
                "CREATE INDEX monthly_reports_month ON monthly_reports(month)",
            ]
        ),
        Migration(
            version: 10,
            name: "industry chain",
            statements: [
                """
                CREATE TABLE enterprise_profiles (
                    enterprise_id TEXT PRIMARY KEY REFERENCES enterprises(id),
                    credit_code TEXT UNIQUE,
                    name_en TEXT,
                    district TEXT,
                    segments TEXT NOT NULL,
                    titles TEXT NOT NULL,
                    whitelist_reason TEXT,
                    whitelist_since TEXT,
                    whitelist_contact TEXT,
                    sample BOOLEAN NOT NULL,
                    updated_at BIGINT NOT NULL
                )
                """,
                """
                CREATE TABLE supply_relations (
                    supplier TEXT NOT NULL,
                    customer TEXT NOT NULL REFERENCES enterprises(id),
                    category TEXT NOT NULL,
                    segment TEXT NOT NULL,
                    share DOUBLE PRECISION NOT NULL,
                    annual_value DOUBLE PRECISION,
                    supplier_city TEXT,
                    supplier_region TEXT,
                    PRIMARY KEY (customer, category, supplier)
                )
                """,
                "CREATE INDEX supply_relations_supplier ON supply_relations(supplier)",
                // Figures the platform holds no data for, entered with their evidence; the latest counts.
                """
                CREATE TABLE target_evidence (
                    target_id TEXT NOT NULL,
                    entered_at BIGINT NOT NULL,
                    value DOUBLE PRECISION NOT NULL,
                    as_of TEXT NOT NULL,
                    source TEXT NOT NULL,
                    entered_by TEXT NOT NULL,
                    PRIMARY KEY (target_id, entered_at)
                )
                """,
                // The yearly work points (工作要点): tasks with their responsible departments.
                """
                CREATE TABLE work_points (
                    id TEXT PRIMARY KEY,
                    year INTEGER NOT NULL,
                    task TEXT NOT NULL,
                    departments TEXT NOT NULL,
                    target_id TEXT,
                    status TEXT NOT NULL,
                    evidence TEXT NOT NULL,
                    updated_at BIGINT NOT NULL
                )
                """,
                // Quarterly survey forms are data: their questions as JSON, and one response per enterprise.
                """
                CREATE TABLE survey_forms (
                    id TEXT PRIMARY KEY,
                    title TEXT NOT NULL,
                    quarter TEXT NOT NULL,
                    questions TEXT NOT NULL,
                    created_at BIGINT NOT NULL
                )
                """,
                """
                CREATE TABLE survey_responses (
                    form_id TEXT NOT NULL REFERENCES survey_forms(id),
                    enterprise_id TEXT NOT NULL REFERENCES enterprises(id),
                    answers TEXT NOT NULL,
                    submitted_at BIGINT NOT NULL,
                    submitted_by TEXT NOT NULL,
                    PRIMARY KEY (form_id, enterprise_id)
                )
                """,
            ]
        ),
        Migration(
            version: 11,
            name: "charging registry",
            statements: [
                """
                CREATE TABLE charging_operators (
                    id TEXT PRIMARY KEY,
                    name TEXT NOT NULL,
                    enterprise_id TEXT
                ) STRICT, WITHOUT ROWID
                """,
                "CREATE INDEX charging_operators_enterprise ON charging_operators(enterprise_id)",
                // `sid` is the R*Tree's integer key; `id` the T/CEC StationID. lng/lat are WGS-84 (the indexed
                // datum), gcj_lng/gcj_lat the GCJ-02 the operator sent, kept so neither conversion runs on a read.
                """
                CREATE TABLE charging_stations (
                    sid INTEGER PRIMARY KEY,
                    id TEXT NOT NULL UNIQUE,
                    operator_id TEXT NOT NULL REFERENCES charging_operators(id),
                    name TEXT NOT NULL,
                    address TEXT NOT NULL,
                    area_code TEXT NOT NULL,
                    city TEXT NOT NULL,
                    lng REAL NOT NULL,
                    lat REAL NOT NULL,
                    gcj_lng REAL NOT NULL,
                    gcj_lat REAL NOT NULL,
                    station_type INTEGER NOT NULL,
                    status INTEGER NOT NULL,
                    opening_hours TEXT NOT NULL,
                    parking_fee TEXT NOT NULL,
                    free_parking INTEGER NOT NULL,
                    prices TEXT NOT NULL,
                    updated_at INTEGER NOT NULL
                ) STRICT
                """,
                "CREATE INDEX charging_stations_city ON charging_stations(city)",
                "CREATE INDEX charging_stations_operator ON charging_stations(operator_id)",
                // One degenerate box per station (min = max), WGS-84 degrees.
                "CREATE VIRTUAL TABLE charging_station_rtree USING rtree(sid, min_lng, max_lng, min_lat, max_lat)",
                """
                CREATE TABLE charging_equipment (
                    id TEXT PRIMARY KEY,
                    station_id TEXT NOT NULL REFERENCES charging_stations(id) ON DELETE CASCADE,
                    position INTEGER NOT NULL,
                    name TEXT,
                    equipment_type INTEGER NOT NULL,
                    power_kw REAL NOT NULL
                ) STRICT, WITHOUT ROWID
                """,
                "CREATE INDEX charging_equipment_station ON charging_equipment(station_id)",
                """
                CREATE TABLE charging_connectors (
                    id TEXT PRIMARY KEY,
                    equipment_id TEXT NOT NULL REFERENCES charging_equipment(id) ON DELETE CASCADE,
                    station_id TEXT NOT NULL,
                    position INTEGER NOT NULL,
                    name TEXT,
                    connector_type INTEGER NOT NULL,
                    national_standard INTEGER,
                    voltage_upper INTEGER,
                    voltage_lower INTEGER,
                    current_a INTEGER,
                    power_kw REAL NOT NULL,
                    status INTEGER NOT NULL DEFAULT 0,
                    status_at INTEGER
                ) STRICT, WITHOUT ROWID
                """,
                "CREATE INDEX charging_connectors_station ON charging_connectors(station_id)",
                // Every status report, for utilisation and fault rates over any period.
                """
                CREATE TABLE charging_status_log (
                    connector_id TEXT NOT NULL,
                    at INTEGER NOT NULL,
                    status INTEGER NOT NULL,
                    PRIMARY KEY (connector_id, at)
                ) STRICT, WITHOUT ROWID
                """,
                "CREATE INDEX charging_status_log_at ON charging_status_log(at)",
                """
                CREATE TABLE charging_sessions (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    connector_id TEXT NOT NULL,
                    start_at INTEGER NOT NULL,
                    stop_at INTEGER NOT NULL,
                    energy_kwh REAL NOT NULL,
                    source TEXT NOT NULL
                ) STRICT
                """,
                "CREATE INDEX charging_sessions_stop ON charging_sessions(stop_at)",
                """
                CREATE TABLE swap_stations (
                    id TEXT PRIMARY KEY,
                    operator_id TEXT,
                    name TEXT NOT NULL,
                    address TEXT NOT NULL,
                    city TEXT NOT NULL,
                    lng REAL NOT NULL,
                    lat REAL NOT NULL,
                    gcj_lng REAL NOT NULL,
                    gcj_lat REAL NOT NULL,
                    status INTEGER NOT NULL,
                    bays INTEGER NOT NULL,
                    batteries INTEGER NOT NULL
                ) STRICT, WITHOUT ROWID
                """,
                """
                CREATE TABLE hydrogen_stations (
                    id TEXT PRIMARY KEY,
                    operator_id TEXT,
                    name TEXT NOT NULL,
                    address TEXT NOT NULL,
                    city TEXT NOT NULL,
                    lng REAL NOT NULL,
                    lat REAL NOT NULL,
                    gcj_lng REAL NOT NULL,
                    gcj_lat REAL NOT NULL,
                    status INTEGER NOT NULL,
                    pressures TEXT NOT NULL,
                    daily_capacity_kg REAL NOT NULL
                ) STRICT, WITHOUT ROWID
                """,
            ]
        ),
        Migration(
            version: 12,
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
        Migration(
            version: 13,
            name: "latest states updated in place",
            statements: [
                // As on PostgreSQL: last_seen_at changes with every report, so indexing it cost an index update per
                // report; the expiry scan uses vehicle_latest_online_vin (WHERE online = 1).
                "DROP INDEX IF EXISTS vehicle_latest_online"
            ]
        ),
        Migration(
            version: 14,
            name: "T/CEC access tokens in the store",
            statements: [
                // Tokens issued by query_token, by SHA-256, so that every process accepts them (they were in memory).
                """
                CREATE TABLE tcec_tokens (
                    token_hash TEXT PRIMARY KEY,
                    operator_id TEXT NOT NULL REFERENCES tcec_accounts(operator_id) ON DELETE CASCADE,
                    expires_at INTEGER NOT NULL
                )
                """,
                "CREATE INDEX tcec_tokens_expiry ON tcec_tokens(expires_at)",
            ]
        ),
        Migration(
            version: 15,
            name: "gateway identity claims",
            statements: [
                // The newest login of each vehicle and platform account, so that gateway processes sharing the store
                // close their older connection of it (a second login within one process is seen at once).
                """
                CREATE TABLE gateway_claims (
                    identity TEXT PRIMARY KEY,
                    session INTEGER NOT NULL,
                    claimed_at INTEGER NOT NULL
                )
                """,
                "CREATE INDEX gateway_claims_time ON gateway_claims(claimed_at)",
            ]
        ),
    ].validated()
}
