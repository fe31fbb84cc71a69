import type { Store } from "./types";
import { writeTransaction } from "./write-transaction";

/** Where and when a server gets its daily digest. */
export interface DigestSettings {
  guildId: string;
  /** Null until a channel is chosen: no digest is posted. */
  channelId: string | null;
  /** Local time of day, `HH:MM`. */
  time: string;
  /** IANA time zone of `time` and of the server's calendar days. */
  timeZone: string;
  enabled: boolean;
}

export type DigestRunStatus = "posting" | "posted" | "quiet" | "failed";

/** One digest sent or attempted for a server. */
export interface DigestRun {
  id: number;
  guildId: string;
  /** The server-local day of a scheduled digest; null for one posted on demand. */
  day: string | null;
  channelId: string;
  from: string;
  to: string;
  timeZone: string;
  status: DigestRunStatus;
  reason: string | null;
  startedAt: string;
  finishedAt: string | null;
}

interface SettingsRow {
  guildId: string;
  channelId: string | null;
  time: string;
  timeZone: string;
  enabled: number;
}

const SETTINGS_COLUMNS = "guild_id AS guildId, channel_id AS channelId, time, time_zone AS timeZone, enabled";
const RUN_COLUMNS = `rowid AS id, guild_id AS guildId, day, channel_id AS channelId, window_from AS "from", window_to AS "to",
  time_zone AS timeZone, status, reason, started_at AS startedAt, finished_at AS finishedAt`;

function toSettings(row: SettingsRow): DigestSettings {
  return { ...row, enabled: row.enabled === 1 };
}

export function readDigestSettings(store: Store, guildId: string): DigestSettings | null {
  const row = store.db.prepare(`SELECT ${SETTINGS_COLUMNS} FROM digest_settings WHERE guild_id = ?`).get(guildId) as SettingsRow | undefined;
  return row ? toSettings(row) : null;
}

export function listDigestSettings(store: Store): DigestSettings[] {
  const rows = store.db.prepare(`SELECT ${SETTINGS_COLUMNS} FROM digest_settings ORDER BY guild_id`).all() as SettingsRow[];
  return rows.map(toSettings);
}

export function saveDigestSettings(store: Store, settings: DigestSettings, now: Date): void {
  writeTransaction(store.db, () =>
    store.db
      .prepare(
        `INSERT INTO digest_settings (guild_id, channel_id, time, time_zone, enabled, updated_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT(guild_id) DO UPDATE SET channel_id = excluded.channel_id, time = excluded.time,
           time_zone = excluded.time_zone, enabled = excluded.enabled, updated_at = excluded.updated_at`,
      )
      .run(settings.guildId, settings.channelId, settings.time, settings.timeZone, settings.enabled ? 1 : 0, now.toISOString()));
}

/** Stores `settings` for a server that has none yet (its defaults); returns what the server has. */
export function insertDigestSettingsIfMissing(store: Store, settings: DigestSettings, now: Date): DigestSettings {
  writeTransaction(store.db, () =>
    store.db
      .prepare(
        `INSERT INTO digest_settings (guild_id, channel_id, time, time_zone, enabled, updated_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT(guild_id) DO NOTHING`,
      )
      .run(settings.guildId, settings.channelId, settings.time, settings.timeZone, settings.enabled ? 1 : 0, now.toISOString()));
  return readDigestSettings(store, settings.guildId)!;
}

export function findScheduledDigestRun(store: Store, guildId: string, day: string): DigestRun | null {
  const row = store.db.prepare(`SELECT ${RUN_COLUMNS} FROM digest_runs WHERE guild_id = ? AND day = ?`).get(guildId, day) as DigestRun | undefined;
  return row ?? null;
}

/** The server's latest digest that delivered its window (posted, or quiet and deliberately not posted). */
export function findLastDeliveredDigestRun(store: Store, guildId: string): DigestRun | null {
  const row = store.db
    .prepare(`SELECT ${RUN_COLUMNS} FROM digest_runs WHERE guild_id = ? AND status IN ('posted', 'quiet') ORDER BY window_to DESC LIMIT 1`)
    .get(guildId) as DigestRun | undefined;
  return row ?? null;
}

export type DigestRunStart = Pick<DigestRun, "guildId" | "day" | "channelId" | "from" | "to" | "timeZone"> & { startedAt: Date };

/**
 * Records a digest as "posting" before it is sent. Returns its id, or null when the server already has a
 * scheduled digest for that day: claiming the day and checking it is one statement, so two runs cannot both win.
 */
export function startDigestRun(store: Store, run: DigestRunStart): number | null {
  const result = writeTransaction(store.db, () =>
    store.db
      .prepare(
        `INSERT INTO digest_runs (guild_id, day, channel_id, window_from, window_to, time_zone, status, started_at)
         VALUES (?, ?, ?, ?, ?, ?, 'posting', ?) ON CONFLICT DO NOTHING`,
      )
      .run(run.guildId, run.day, run.channelId, run.from, run.to, run.timeZone, run.startedAt.toISOString()));
  return result.changes === 1 ? Number(result.lastInsertRowid) : null;
}

export function finishDigestRun(store: Store, id: number, status: Exclude<DigestRunStatus, "posting">, reason: string | null, now: Date): void {
  writeTransaction(store.db, () =>
    store.db
      .prepare("UPDATE digest_runs SET status = ?, reason = ?, finished_at = ? WHERE rowid = ?")
      .run(status, reason, now.toISOString(), id));
}
