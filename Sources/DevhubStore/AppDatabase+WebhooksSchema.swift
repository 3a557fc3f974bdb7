import GRDB

extension AppDatabase {
    /// Outgoing webhooks (Standard Webhooks):
    /// - `webhook_endpoints`: an owner's receiver URL, the events it takes (JSON list), its signing secret sealed under
    ///   the server's secret key (never in clear text), the previous secret and until when it still signs (rotation),
    ///   and why it was disabled (a 410 answer).
    /// - `webhook_deliveries`: the delivery log, one row per attempt (the latest 100 per endpoint are kept).
    /// - `webhook_due_notices`: which (contact, due date) pairs already produced a `follow_up.due` event.
    /// Every row goes with its owner's account (foreign keys cascade).
    static func registerWebhookMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v11-webhooks") { db in
            try db.execute(sql: """
                CREATE TABLE webhook_endpoints (
                  id TEXT PRIMARY KEY,
                  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                  url TEXT NOT NULL,
                  events TEXT NOT NULL,
                  description TEXT NOT NULL DEFAULT '',
                  enabled INTEGER NOT NULL DEFAULT 1,
                  disabled_reason TEXT,
                  secret_sealed TEXT NOT NULL,
                  previous_secret_sealed TEXT,
                  previous_secret_expires_at INTEGER,
                  created_at INTEGER NOT NULL,
                  updated_at INTEGER NOT NULL
                );
                CREATE INDEX webhook_endpoints_owner ON webhook_endpoints(user_id, created_at);
                CREATE TABLE webhook_deliveries (
                  id TEXT PRIMARY KEY,
                  endpoint_id TEXT NOT NULL REFERENCES webhook_endpoints(id) ON DELETE CASCADE,
                  event_type TEXT NOT NULL,
                  message_id TEXT NOT NULL,
                  payload TEXT NOT NULL,
                  attempt INTEGER NOT NULL,
                  status_code INTEGER,
                  duration_ms INTEGER NOT NULL,
                  error TEXT,
                  created_at INTEGER NOT NULL
                );
                CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries(endpoint_id, created_at);
                CREATE TABLE webhook_due_notices (
                  contact_id TEXT NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
                  due_date TEXT NOT NULL,
                  PRIMARY KEY (contact_id, due_date)
                ) WITHOUT ROWID;
                """)
        }
    }
}
