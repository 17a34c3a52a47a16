import Store

/// The PostgreSQL schema, version by version: the same versions, tables and columns as
/// `SQLiteMigrations`, in PostgreSQL types. Times are BIGINT microseconds since the epoch (UTC).
///
/// Text keys that are sorted or compared byte by byte use `COLLATE "C"`, so ordering matches
/// SQLite's BINARY collation whatever locale the database was created with (and btree
/// comparisons skip the locale's rules, which is faster for VINs).
enum PostgresMigrations {
    static let all: [Migration] = [
        Migration(
            version: 1,
            name: "identity and audit",
            statements: [
                """
                CREATE TABLE users (
                    id TEXT COLLATE "C" PRIMARY KEY,
                    name TEXT COLLATE "C" NOT NULL UNIQUE,
                    role TEXT NOT NULL,
                    city TEXT,
                    enterprise_id TEXT,
                    password_hash TEXT NOT NULL,
                    disabled BOOLEAN NOT NULL DEFAULT false,
                    created_at BIGINT NOT NULL
                )
                """,
                """
                CREATE TABLE api_tokens (
                    id TEXT COLLATE "C" PRIMARY KEY,
                    secret_hash TEXT NOT NULL UNIQUE,
                    role TEXT NOT NULL,
                    city TEXT,
                    enterprise_id TEXT,
                    user_id TEXT COLLATE "C" REFERENCES users(id),
                    label TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    expires_at BIGINT,
                    revoked_at BIGINT
                )
                """,
                "CREATE INDEX api_tokens_user ON api_tokens(user_id)",
                """
                CREATE TABLE audit_log (
                    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    at BIGINT NOT NULL,
                    actor TEXT NOT NULL,
                    role TEXT NOT NULL,
                    action TEXT NOT NULL,
                    resource TEXT NOT NULL,
                    outcome TEXT NOT NULL,
                    detail TEXT NOT NULL
                )
                """,
                "CREATE INDEX audit_log_at ON audit_log(at)",
                "CREATE INDEX audit_log_actor_at ON audit_log(actor, at)",
                """
                CREATE TABLE enterprises (
                    id TEXT COLLATE "C" PRIMARY KEY,
                    name TEXT NOT NULL,
                    city TEXT NOT NULL,
                    created_at BIGINT NOT NULL
                )
                """,
                "CREATE INDEX enterprises_city ON enterprises(city)",
            ]
        ),
        Migration(
            version: 2,
            name: "telemetry",
            statements: [
                // Partitioned by collection time so old months can be detached or dropped whole, and
                // free of cross-row constraints so it can later be distributed by VIN on Citus
                // (ARCHITECTURE.md, "Data"). Time partitions come later; until then rows land in DEFAULT.
                """
                CREATE TABLE telemetry (
                    vin TEXT COLLATE "C" NOT NULL,
                    collected_at BIGINT NOT NULL,
                    received_at BIGINT NOT NULL,
                    reissue BOOLEAN NOT NULL,
                    speed_kmh DOUBLE PRECISION,
                    odometer_km DOUBLE PRECISION,
                    soc INTEGER,
                    pack_voltage DOUBLE PRECISION,
                    pack_current DOUBLE PRECISION,
                    longitude DOUBLE PRECISION,
                    latitude DOUBLE PRECISION,
                    vehicle_state INTEGER,
                    charge_state INTEGER,
                    max_alarm_level INTEGER,
                    raw BYTEA NOT NULL
                ) PARTITION BY RANGE (collected_at)
                """,
                "CREATE TABLE telemetry_default PARTITION OF telemetry DEFAULT",
                // On the partitioned table, so every partition (present and future) gets it.
                "CREATE INDEX telemetry_vin_time ON telemetry(vin, collected_at)",
            ]
        ),
        Migration(
            version: 3,
            name: "vehicle registry",
            statements: [
                """
                CREATE TABLE vehicles (
                    vin TEXT COLLATE "C" PRIMARY KEY,
                    enterprise_id TEXT COLLATE "C" NOT NULL REFERENCES enterprises(id),
                    model TEXT NOT NULL,
                    fuel_type TEXT NOT NULL,
                    usage TEXT NOT NULL,
                    city TEXT NOT NULL,
                    plate TEXT,
                    registered_at BIGINT,
                    created_at BIGINT NOT NULL
                )
                """,
                // With the VIN second, a filtered listing reads its page in VIN order straight off the index.
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
                    id TEXT COLLATE "C" PRIMARY KEY,
                    username TEXT COLLATE "C" NOT NULL UNIQUE,
                    enterprise_id TEXT COLLATE "C" NOT NULL REFERENCES enterprises(id),
                    password_hash TEXT NOT NULL,
                    reply_style TEXT NOT NULL CHECK (reply_style IN ('time-only', 'full-echo')),
                    disabled BOOLEAN NOT NULL DEFAULT false,
                    created_at BIGINT NOT NULL
                )
                """
            ]
        ),
        Migration(
            version: 5,
            name: "gateway archive, latest state, presence",
            statements: [
                // Extreme cell values for the safety rules, and the session that received each report.
                "ALTER TABLE telemetry ADD COLUMN max_cell_voltage DOUBLE PRECISION",
                "ALTER TABLE telemetry ADD COLUMN min_cell_voltage DOUBLE PRECISION",
                "ALTER TABLE telemetry ADD COLUMN max_temperature DOUBLE PRECISION",
                "ALTER TABLE telemetry ADD COLUMN min_temperature DOUBLE PRECISION",
                "ALTER TABLE telemetry ADD COLUMN session BIGINT",
                // Every accepted frame that is not a report, verbatim (reports keep theirs in telemetry.raw);
                // partitioned by receive time like telemetry.
                """
                CREATE TABLE gateway_frames (
                    vin TEXT COLLATE "C" NOT NULL,
                    received_at BIGINT NOT NULL,
                    session BIGINT NOT NULL,
                    edition INTEGER NOT NULL,
                    command INTEGER NOT NULL,
                    raw BYTEA NOT NULL
                ) PARTITION BY RANGE (received_at)
                """,
                "CREATE TABLE gateway_frames_default PARTITION OF gateway_frames DEFAULT",
                "CREATE INDEX gateway_frames_vin_time ON gateway_frames(vin, received_at)",
                // One row per vehicle that ever logged in or reported: its newest report and its presence.
                """
                CREATE TABLE vehicle_latest (
                    vin TEXT COLLATE "C" PRIMARY KEY,
                    collected_at BIGINT,
                    received_at BIGINT,
                    reissue BOOLEAN,
                    speed_kmh DOUBLE PRECISION,
                    odometer_km DOUBLE PRECISION,
                    soc INTEGER,
                    pack_voltage DOUBLE PRECISION,
                    pack_current DOUBLE PRECISION,
                    longitude DOUBLE PRECISION,
                    latitude DOUBLE PRECISION,
                    vehicle_state INTEGER,
                    charge_state INTEGER,
                    max_alarm_level INTEGER,
                    max_cell_voltage DOUBLE PRECISION,
                    min_cell_voltage DOUBLE PRECISION,
                    max_temperature DOUBLE PRECISION,
                    min_temperature DOUBLE PRECISION,
                    last_seen_at BIGINT,
                    online BOOLEAN NOT NULL DEFAULT false,
                    online_session BIGINT,
                    online_changed_at BIGINT
                )
                """,
                "CREATE INDEX vehicle_latest_online ON vehicle_latest(online, last_seen_at)",
                """
                CREATE TABLE vehicle_events (
                    vin TEXT COLLATE "C" NOT NULL,
                    at BIGINT NOT NULL,
                    kind TEXT NOT NULL CHECK (kind IN ('online', 'offline')),
                    reason TEXT NOT NULL,
                    session BIGINT
                )
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
                    vin TEXT COLLATE "C" NOT NULL,
                    category TEXT NOT NULL,
                    code BIGINT NOT NULL,
                    name TEXT NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('open', 'closed', 'stale', 'recorded')),
                    level BIGINT NOT NULL,
                    max_level BIGINT NOT NULL,
                    opened_at BIGINT NOT NULL,
                    closed_at BIGINT,
                    last_at BIGINT NOT NULL,
                    reissue BOOLEAN NOT NULL,
                    acknowledged_at BIGINT,
                    acknowledged_by TEXT
                )
                """,
                "CREATE INDEX safety_alarms_vin ON safety_alarms(vin, opened_at)",
                "CREATE INDEX safety_alarms_opened ON safety_alarms(opened_at)",
                "CREATE INDEX safety_alarms_open ON safety_alarms(status, vin) WHERE status = 'open'",
                """
                CREATE TABLE safety_alarm_changes (
                    seq BIGSERIAL PRIMARY KEY,
                    alarm_id TEXT NOT NULL,
                    vin TEXT COLLATE "C" NOT NULL,
                    kind TEXT NOT NULL,
                    at BIGINT NOT NULL,
                    level BIGINT NOT NULL,
                    previous_level BIGINT,
                    opened_at BIGINT NOT NULL,
                    reissue BOOLEAN NOT NULL
                )
                """,
                "CREATE INDEX safety_alarm_changes_alarm ON safety_alarm_changes(alarm_id)",
                "CREATE INDEX safety_alarm_changes_vin ON safety_alarm_changes(vin, at)",
                """
                CREATE TABLE safety_events (
                    id TEXT PRIMARY KEY,
                    vin TEXT COLLATE "C" NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('open', 'closed', 'stale')),
                    triggered_at BIGINT NOT NULL,
                    window_start BIGINT NOT NULL,
                    window_end BIGINT,
                    level BIGINT NOT NULL,
                    max_level BIGINT NOT NULL,
                    trigger_alarms TEXT NOT NULL,
                    acknowledged_at BIGINT,
                    acknowledged_by TEXT
                )
                """,
                "CREATE INDEX safety_events_vin ON safety_events(vin, triggered_at)",
                "CREATE INDEX safety_events_triggered ON safety_events(triggered_at)",
                """
                CREATE TABLE safety_warnings (
                    id TEXT PRIMARY KEY,
                    vin TEXT COLLATE "C" NOT NULL,
                    rule TEXT NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
                    opened_at BIGINT NOT NULL,
                    closed_at BIGINT,
                    evidence TEXT NOT NULL,
                    closing_evidence TEXT,
                    acknowledged_at BIGINT,
                    acknowledged_by TEXT
                )
                """,
                "CREATE INDEX safety_warnings_vin ON safety_warnings(vin, opened_at)",
                "CREATE INDEX safety_warnings_opened ON safety_warnings(opened_at)",
                """
                CREATE TABLE safety_notes (
                    seq BIGSERIAL PRIMARY KEY,
                    subject_kind TEXT NOT NULL CHECK (subject_kind IN ('alarm', 'warning', 'event')),
                    subject_id TEXT NOT NULL,
                    at BIGINT NOT NULL,
                    user_name TEXT NOT NULL,
                    action TEXT NOT NULL CHECK (action IN ('acknowledge', 'note')),
                    text TEXT NOT NULL
                )
                """,
                "CREATE INDEX safety_notes_subject ON safety_notes(subject_kind, subject_id, at)",
                // Only reports with findings get a row; the day counts hold the totals.
                """
                CREATE TABLE quality_findings (
                    seq BIGSERIAL PRIMARY KEY,
                    vin TEXT COLLATE "C" NOT NULL,
                    collected_at BIGINT NOT NULL,
                    received_at BIGINT NOT NULL,
                    codes TEXT NOT NULL
                )
                """,
                "CREATE INDEX quality_findings_vin ON quality_findings(vin, collected_at)",
                """
                CREATE TABLE quality_daily (
                    vin TEXT COLLATE "C" NOT NULL,
                    day TEXT NOT NULL,
                    reports BIGINT NOT NULL,
                    valid_reports BIGINT NOT NULL,
                    intervals BIGINT NOT NULL,
                    compliant_intervals BIGINT NOT NULL,
                    on_time BIGINT NOT NULL,
                    gap_time BIGINT NOT NULL,
                    PRIMARY KEY (vin, day)
                )
                """,
                "CREATE INDEX quality_daily_day ON quality_daily(day, vin)",
                """
                CREATE TABLE quality_daily_findings (
                    vin TEXT COLLATE "C" NOT NULL,
                    day TEXT NOT NULL,
                    code TEXT NOT NULL,
                    count BIGINT NOT NULL,
                    PRIMARY KEY (vin, day, code)
                )
                """,
                """
                CREATE TABLE warning_thresholds (
                    model TEXT PRIMARY KEY,
                    thresholds TEXT NOT NULL,
                    updated_at BIGINT NOT NULL,
                    updated_by TEXT NOT NULL
                )
                """,
                """
                CREATE TABLE webhooks (
                    id TEXT PRIMARY KEY,
                    url TEXT NOT NULL,
                    secret TEXT NOT NULL,
                    kinds TEXT NOT NULL,
                    city TEXT,
                    enterprise_id TEXT,
                    created_at BIGINT NOT NULL,
                    created_by TEXT NOT NULL
                )
                """,
                // The delivery queue and, with status 'dead', the dead-letter list.
                """
                CREATE TABLE webhook_deliveries (
                    id TEXT PRIMARY KEY,
                    webhook_id TEXT NOT NULL,
                    event TEXT NOT NULL,
                    payload TEXT NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'dead')),
                    attempts BIGINT NOT NULL,
                    next_attempt_at BIGINT NOT NULL,
                    last_error TEXT,
                    created_at BIGINT NOT NULL,
                    delivered_at BIGINT
                )
                """,
                "CREATE INDEX webhook_deliveries_due ON webhook_deliveries(next_attempt_at) WHERE status = 'pending'",
                "CREATE INDEX webhook_deliveries_hook ON webhook_deliveries(webhook_id, created_at)",
            ]
        ),
        Migration(
            version: 7,
            name: "online vehicles by VIN",
            statements: [
                // The online vehicles in VIN order: a filtered listing's count ("a city's online vehicles") merges
                // it with vehicles_city instead of hashing every latest state (101 ms to 25-45 ms with 100,000).
                "CREATE INDEX vehicle_latest_online_vin ON vehicle_latest(vin) WHERE online"
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
                    enabled BOOLEAN NOT NULL,
                    created_at BIGINT NOT NULL,
                    last_pull_at BIGINT,
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
                // `cube` is a trusted extension: a database owner may create it without superuser rights.
                "CREATE EXTENSION IF NOT EXISTS cube",
                """
                CREATE TABLE charging_operators (
                    id TEXT COLLATE "C" PRIMARY KEY,
                    name TEXT NOT NULL,
                    enterprise_id TEXT
                )
                """,
                "CREATE INDEX charging_operators_enterprise ON charging_operators(enterprise_id)",
                // lng/lat are WGS-84 (the indexed datum), gcj_lng/gcj_lat the GCJ-02 the operator sent. `xyz` is the
                // point on the unit sphere: the GiST index answers `ORDER BY xyz <-> q` (chord distance, which grows
                // with the great-circle distance) and `xyz <@ box`; the point index serves map boxes in degrees.
                """
                CREATE TABLE charging_stations (
                    id TEXT COLLATE "C" PRIMARY KEY,
                    operator_id TEXT NOT NULL REFERENCES charging_operators(id),
                    name TEXT NOT NULL,
                    address TEXT NOT NULL,
                    area_code TEXT NOT NULL,
                    city TEXT NOT NULL,
                    lng DOUBLE PRECISION NOT NULL,
                    lat DOUBLE PRECISION NOT NULL,
                    gcj_lng DOUBLE PRECISION NOT NULL,
                    gcj_lat DOUBLE PRECISION NOT NULL,
                    station_type INTEGER NOT NULL,
                    status INTEGER NOT NULL,
                    opening_hours TEXT NOT NULL,
                    parking_fee TEXT NOT NULL,
                    free_parking BOOLEAN NOT NULL,
                    prices TEXT NOT NULL,
                    updated_at BIGINT NOT NULL,
                    xyz cube GENERATED ALWAYS AS (cube(ARRAY[
                        cos(radians(lat)) * cos(radians(lng)), cos(radians(lat)) * sin(radians(lng)), sin(radians(lat))
                    ])) STORED
                )
                """,
                "CREATE INDEX charging_stations_city ON charging_stations(city)",
                "CREATE INDEX charging_stations_operator ON charging_stations(operator_id)",
                "CREATE INDEX charging_stations_xyz ON charging_stations USING gist (xyz)",
                "CREATE INDEX charging_stations_point ON charging_stations USING gist (point(lng, lat))",
                """
                CREATE TABLE charging_equipment (
                    id TEXT COLLATE "C" PRIMARY KEY,
                    station_id TEXT COLLATE "C" NOT NULL REFERENCES charging_stations(id) ON DELETE CASCADE,
                    position INTEGER NOT NULL,
                    name TEXT,
                    equipment_type INTEGER NOT NULL,
                    power_kw DOUBLE PRECISION NOT NULL
                )
                """,
                "CREATE INDEX charging_equipment_station ON charging_equipment(station_id)",
                """
                CREATE TABLE charging_connectors (
                    id TEXT COLLATE "C" PRIMARY KEY,
                    equipment_id TEXT COLLATE "C" NOT NULL REFERENCES charging_equipment(id) ON DELETE CASCADE,
                    station_id TEXT COLLATE "C" NOT NULL,
                    position INTEGER NOT NULL,
                    name TEXT,
                    connector_type INTEGER NOT NULL,
                    national_standard INTEGER,
                    voltage_upper INTEGER,
                    voltage_lower INTEGER,
                    current_a INTEGER,
                    power_kw DOUBLE PRECISION NOT NULL,
                    status INTEGER NOT NULL DEFAULT 0,
                    status_at BIGINT
                )
                """,
                "CREATE INDEX charging_connectors_station ON charging_connectors(station_id)",
                """
                CREATE TABLE charging_status_log (
                    connector_id TEXT COLLATE "C" NOT NULL,
                    at BIGINT NOT NULL,
                    status INTEGER NOT NULL,
                    PRIMARY KEY (connector_id, at)
                )
                """,
                "CREATE INDEX charging_status_log_at ON charging_status_log(at)",
                """
                CREATE TABLE charging_sessions (
                    id BIGSERIAL PRIMARY KEY,
                    connector_id TEXT COLLATE "C" NOT NULL,
                    start_at BIGINT NOT NULL,
                    stop_at BIGINT NOT NULL,
                    energy_kwh DOUBLE PRECISION NOT NULL,
                    source TEXT NOT NULL
                )
                """,
                "CREATE INDEX charging_sessions_stop ON charging_sessions(stop_at)",
                """
                CREATE TABLE swap_stations (
                    id TEXT COLLATE "C" PRIMARY KEY,
                    operator_id TEXT,
                    name TEXT NOT NULL,
                    address TEXT NOT NULL,
                    city TEXT NOT NULL,
                    lng DOUBLE PRECISION NOT NULL,
                    lat DOUBLE PRECISION NOT NULL,
                    gcj_lng DOUBLE PRECISION NOT NULL,
                    gcj_lat DOUBLE PRECISION NOT NULL,
                    status INTEGER NOT NULL,
                    bays INTEGER NOT NULL,
                    batteries INTEGER NOT NULL
                )
                """,
                """
                CREATE TABLE hydrogen_stations (
                    id TEXT COLLATE "C" PRIMARY KEY,
                    operator_id TEXT,
                    name TEXT NOT NULL,
                    address TEXT NOT NULL,
                    city TEXT NOT NULL,
                    lng DOUBLE PRECISION NOT NULL,
                    lat DOUBLE PRECISION NOT NULL,
                    gcj_lng DOUBLE PRECISION NOT NULL,
                    gcj_lat DOUBLE PRECISION NOT NULL,
                    status INTEGER NOT NULL,
                    pressures TEXT NOT NULL,
                    daily_capacity_kg DOUBLE PRECISION NOT NULL
                )
                """,
            ]
        ),
        Migration(
            version: 12,
            name: "OCPP central system",
            statements: [
                """
                CREATE TABLE ocpp_charge_points (
                    id TEXT COLLATE "C" PRIMARY KEY,
                    password_hash TEXT NOT NULL,
                    station_id TEXT,
                    equipment_id TEXT,
                    vendor TEXT,
                    model TEXT,
                    serial_number TEXT,
                    firmware_version TEXT,
                    booted_at BIGINT,
                    last_seen_at BIGINT,
                    created_at BIGINT NOT NULL
                )
                """,
                """
                CREATE TABLE ocpp_id_tags (
                    id TEXT COLLATE "C" PRIMARY KEY,
                    status TEXT NOT NULL CHECK (status IN ('Accepted', 'Blocked', 'Expired', 'Invalid')),
                    expires_at BIGINT,
                    parent_id TEXT,
                    created_at BIGINT NOT NULL
                )
                """,
                // An identity column: a transaction id is never reused.
                """
                CREATE TABLE ocpp_transactions (
                    id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
                    charge_point_id TEXT COLLATE "C" NOT NULL REFERENCES ocpp_charge_points(id),
                    connector_id BIGINT NOT NULL,
                    id_tag TEXT NOT NULL,
                    authorization_status TEXT NOT NULL,
                    meter_start BIGINT NOT NULL,
                    started_at BIGINT NOT NULL,
                    meter_stop BIGINT,
                    stopped_at BIGINT,
                    stop_reason TEXT,
                    stop_id_tag TEXT
                )
                """,
                "CREATE INDEX ocpp_transactions_cp ON ocpp_transactions(charge_point_id, id)",
                "CREATE INDEX ocpp_transactions_tag ON ocpp_transactions(id_tag, id)",
                """
                CREATE TABLE ocpp_meter_values (
                    seq BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
                    charge_point_id TEXT COLLATE "C" NOT NULL,
                    connector_id BIGINT NOT NULL,
                    transaction_id BIGINT,
                    sampled_at BIGINT NOT NULL,
                    value TEXT NOT NULL,
                    measurand TEXT,
                    unit TEXT,
                    context TEXT,
                    phase TEXT,
                    location TEXT
                )
                """,
                "CREATE INDEX ocpp_meter_values_tx ON ocpp_meter_values(transaction_id, sampled_at)",
                "CREATE INDEX ocpp_meter_values_cp ON ocpp_meter_values(charge_point_id, sampled_at)",
                """
                CREATE TABLE ocpp_connector_status (
                    charge_point_id TEXT COLLATE "C" NOT NULL,
                    connector_id BIGINT NOT NULL,
                    status TEXT NOT NULL,
                    error_code TEXT NOT NULL,
                    info TEXT,
                    vendor_error_code TEXT,
                    at BIGINT NOT NULL,
                    PRIMARY KEY (charge_point_id, connector_id)
                )
                """,
                """
                CREATE TABLE ocpp_status_history (
                    seq BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
                    charge_point_id TEXT COLLATE "C" NOT NULL,
                    connector_id BIGINT NOT NULL,
                    status TEXT NOT NULL,
                    error_code TEXT NOT NULL,
                    info TEXT,
                    vendor_error_code TEXT,
                    at BIGINT NOT NULL
                )
                """,
                "CREATE INDEX ocpp_status_history_cp ON ocpp_status_history(charge_point_id, at)",
            ]
        ),
        Migration(
            version: 13,
            name: "latest states updated in place",
            statements: [
                // Every report rewrites its vehicle's latest state. With last_seen_at indexed (vehicle_latest_online),
                // no such update could be HOT: each wrote a new entry in every index of the table (0 HOT updates of
                // 431,000 in `bench ingest`). The online vehicles' expiry scan uses vehicle_latest_online_vin (WHERE
                // online) instead, and half of each new page stays free for the next versions of its rows.
                "DROP INDEX IF EXISTS vehicle_latest_online",
                "ALTER TABLE vehicle_latest SET (fillfactor = 50)",
            ]
        ),
        Migration(
            version: 14,
            name: "T/CEC access tokens in the store",
            statements: [
                // Tokens issued by query_token, by SHA-256, so that every process accepts them (they were in memory).
                """
                CREATE TABLE tcec_tokens (
                    token_hash TEXT COLLATE "C" PRIMARY KEY,
                    operator_id TEXT NOT NULL REFERENCES tcec_accounts(operator_id) ON DELETE CASCADE,
                    expires_at BIGINT NOT NULL
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
                    identity TEXT COLLATE "C" PRIMARY KEY,
                    session BIGINT NOT NULL,
                    claimed_at BIGINT NOT NULL
                )
                """,
                "CREATE INDEX gateway_claims_time ON gateway_claims(claimed_at)",
            ]
        ),
        Migration(
            version: 16,
            name: "online vehicles apart from their latest state",
            statements: [
                // The VINs online now, written only when a vehicle comes online or goes offline. vehicle_latest is
                // rewritten by every report, so its pages are never all-visible: a city's online vehicles counted
                // through it fetched a heap row for every online vehicle (47-104 ms with 100,000 vehicles). This
                // table stays small and still (15 ms, vacuumed or not). SQLite has no visibility map and keeps
                // answering from vehicle_latest.
                #"CREATE TABLE vehicles_online (vin TEXT COLLATE "C" PRIMARY KEY)"#,
                "INSERT INTO vehicles_online SELECT vin FROM vehicle_latest WHERE online",
            ]
        ),
    ].validated()
}
