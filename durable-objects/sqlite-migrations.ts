/**
 * Schema versions for a Durable Object's own SQLite. PRAGMA user_version is not available, so
 * the applied version lives in a table. Steps are append-only, like D1 migrations: an object
 * may wake up on a newer release with an older schema, and the other way round during a rollout.
 */
export function migrateSqlite(sql: SqlStorage, steps: readonly string[]): void {
  sql.exec("CREATE TABLE IF NOT EXISTS _schema (version INTEGER NOT NULL)");
  const row = sql.exec<{ version: number }>("SELECT version FROM _schema").toArray()[0];
  let version = row?.version ?? 0;
  if (!row) sql.exec("INSERT INTO _schema (version) VALUES (0)");
  for (; version < steps.length; version++) {
    sql.exec(steps[version]!);
    sql.exec("UPDATE _schema SET version = ?", version + 1);
  }
}
