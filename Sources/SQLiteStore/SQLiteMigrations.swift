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
            version: 6,
            name: "online vehicles by VIN",
            statements: [
                // As on PostgreSQL (where a filtered listing's count needs it), so both stores keep one schema.
                "CREATE INDEX vehicle_latest_online_vin ON vehicle_latest(vin) WHERE online = 1"
            ]
        ),
    ].validated()
}
