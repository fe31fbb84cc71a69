import type { Store } from "./types";

/** What /channel set for one channel; null fields keep the default. */
export interface ChannelSettings {
  channelId: string;
  guildId: string;
  /** Every human message here is a question (null: as QA_CHANNEL_IDS says). */
  answers: boolean | null;
  /** Outlets or feeds answers here draw on (null: all). */
  sources: string[] | null;
  /** Channel questions answered in a thread started from them (null: yes, in text channels). */
  threads: boolean | null;
}

interface SettingsRow {
  channelId: string;
  guildId: string;
  answers: number | null;
  sources: string | null;
  threads: number | null;
}

const COLUMNS = "channel_id AS channelId, guild_id AS guildId, answers, sources, threads";

function toSettings(row: SettingsRow): ChannelSettings {
  const flag = (value: number | null) => (value === null ? null : value === 1);
  return { ...row, answers: flag(row.answers), threads: flag(row.threads), sources: row.sources === null ? null : (JSON.parse(row.sources) as string[]) };
}

export function readChannelSettings(store: Store, channelId: string): ChannelSettings | null {
  const row = store.db.prepare(`SELECT ${COLUMNS} FROM channel_settings WHERE channel_id = ?`).get(channelId) as SettingsRow | undefined;
  return row ? toSettings(row) : null;
}

/** Channels where /channel turned answers on. */
export function listAnswerChannels(store: Store): string[] {
  return store.db.prepare("SELECT channel_id FROM channel_settings WHERE answers = 1").pluck().all() as string[];
}

/** Changes some settings of a channel, keeping the others. */
export function updateChannelSettings(
  store: Store,
  channelId: string,
  guildId: string,
  change: Partial<Pick<ChannelSettings, "answers" | "sources" | "threads">>,
  now: Date,
): ChannelSettings {
  return store.db
    .transaction(() => {
      const current = readChannelSettings(store, channelId) ?? { channelId, guildId, answers: null, sources: null, threads: null };
      const next = { ...current, ...change };
      const flag = (value: boolean | null) => (value === null ? null : value ? 1 : 0);
      store.db
        .prepare(
          `INSERT INTO channel_settings (channel_id, guild_id, answers, sources, threads, updated_at) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT(channel_id) DO UPDATE SET answers = excluded.answers, sources = excluded.sources, threads = excluded.threads, updated_at = excluded.updated_at`,
        )
        .run(channelId, guildId, flag(next.answers), next.sources === null ? null : JSON.stringify(next.sources), flag(next.threads), now.toISOString());
      return next;
    })
    .immediate();
}

/** Forgets a channel that is gone. */
export function deleteChannelSettings(store: Store, channelId: string): void {
  store.db.prepare("DELETE FROM channel_settings WHERE channel_id = ?").run(channelId);
}
