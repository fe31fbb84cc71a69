import { Cron } from "croner";
import type { Config } from "../config/load-config";
import type { Logger } from "../log";
import type { Store } from "../store";
import {
  findLastDeliveredDigestRun,
  findScheduledDigestRun,
  finishDigestRun,
  insertDigestSettingsIfMissing,
  listDigestSettings,
  readDigestSettings,
  saveDigestSettings,
  startDigestRun,
  type DigestSettings,
} from "../store/digest-state";
import { localDateOf, startOfLocalDay } from "./digest-window";
import type { Digest, DigestWindow } from "./types";

const DAY_MS = 86_400_000;
/**
 * Consecutive daily digests are 25 hours apart the day clocks go back, a little more with a late tick:
 * up to this gap a digest still starts where the previous one ended.
 */
const MAX_GAP_MS = 26 * 3_600_000;

/** What a server gets before anyone runs /digest: DIGEST_CHANNEL_ID, DIGEST_TIME, DIGEST_TZ. */
export interface DigestDefaults {
  channelId: string | null;
  time: string;
  timeZone: string;
}

export function digestDefaults(config: Config): DigestDefaults {
  return { channelId: config.digestChannelId ?? null, time: config.digestTime, timeZone: config.digestTimeZone };
}

/** What `post` is told besides the digest. */
export interface DigestDelivery {
  /**
   * Stable for one digest, also when a restart sends it again after a crash (the post may exist already): a
   * Discord message nonce made from it lets Discord drop the copy.
   */
  key: string;
  window: DigestWindow;
}

export type PostDigest = (guildId: string, channelId: string, digest: Digest, delivery: DigestDelivery) => Promise<void>;

export interface DigestSchedulerOptions {
  store: Store;
  clock: () => Date;
  /** Sends the digest; throws when it cannot (deleted channel, missing permission). */
  post: PostDigest;
  build: (window: DigestWindow) => Digest | Promise<Digest>;
  logger: Logger;
  defaults: DigestDefaults;
  /** Post "No new articles since …" on a quiet day (default), or nothing. */
  postQuietDays?: boolean;
  /**
   * The servers whose daily digest this process posts (all by default). With shards, each shard's own: every
   * shard shares the settings table, and a server's digest must come from the one connection that holds it.
   */
  owns?: (guildId: string) => boolean;
}

export interface DigestOutcome {
  guildId: string;
  /** The server-local day of a scheduled digest; null for one posted on demand. */
  day: string | null;
  status: "posted" | "quiet" | "failed";
  reason?: string;
}

export interface DigestScheduler {
  /** Posts any digest due now (one missed while down, same day only), then checks every minute. */
  start(): void;
  /** Stops the minute tick and waits for the digests being posted, so the caller may close the client after. */
  stop(): Promise<void>;
  /** Posts every digest due at `now` that was not posted yet; what the minute tick runs. */
  runDue(now: Date): Promise<DigestOutcome[]>;
  /** `/digest now`: posts the digest since the server's last one, to `channelId` or the server's channel. */
  postNow(guildId: string, channelId?: string): Promise<DigestOutcome>;
  /** `/digest preview`: the digest that would be posted now, recording nothing. */
  preview(guildId: string): Promise<Digest>;
  /** The server's settings, or the defaults when it has none yet. */
  settingsFor(guildId: string): DigestSettings;
  /** `/digest channel|time|off`; takes effect at the next minute. */
  saveSettings(settings: DigestSettings): void;
  /** Gives a server the defaults when it has no settings; the default channel only if it is one of its own. */
  ensureSettings(guildId: string, ownsDefaultChannel: boolean): DigestSettings;
}

/** Croner pattern (seconds first) for every day at `HH:MM`. */
function dailyPattern(time: string): string {
  const [hours, minutes] = time.split(":").map(Number);
  return `0 ${minutes} ${hours} * * *`;
}

/**
 * The first digest time strictly after `now`, in the settings' zone. Croner handles daylight saving: a time
 * skipped in spring runs at the first minute after the gap, a time repeated in autumn runs once.
 */
export function nextRunAt(settings: Pick<DigestSettings, "time" | "timeZone">, now: Date): Date {
  const next = new Cron(dailyPattern(settings.time), { timezone: settings.timeZone }).nextRun(now);
  if (!next) throw new Error(`no next run for ${settings.time} in ${settings.timeZone}`);
  return next;
}

/** The digest time of calendar day `day` in the settings' zone. */
export function scheduledRunOn(settings: Pick<DigestSettings, "time" | "timeZone">, day: string): Date {
  return nextRunAt(settings, new Date(startOfLocalDay(day, settings.timeZone).getTime() - 1));
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The daily digest of every server, exactly once a day each. A run is recorded "posting" before it is sent
 * and "posted" (or "failed", "quiet") after, under the server-local day, so a restart neither skips nor
 * repeats a day: a digest whose time passed today is posted when the bot comes back, one left "posting" by a
 * crash is sent again with the same `key`. Servers are independent: one failing post is logged and skipped.
 */
export function createDigestScheduler(options: DigestSchedulerOptions): DigestScheduler {
  const { store, clock, logger, defaults } = options;
  const postQuietDays = options.postQuietDays ?? true;
  const owns = options.owns ?? (() => true);
  /** Runs being sent right now, by id: not "interrupted" however they are recorded, and awaited by stop(). */
  const delivering = new Map<number, Promise<DigestOutcome>>();
  let tick: Cron | null = null;

  /** Since the server's last delivered digest when it was within a day; else (and the first time) the last 24 hours. */
  const windowFor = (guildId: string, timeZone: string, now: Date): DigestWindow => {
    const to = now.toISOString();
    const last = findLastDeliveredDigestRun(store, guildId);
    const from = last && Date.parse(last.to) >= now.getTime() - MAX_GAP_MS ? last.to : new Date(now.getTime() - DAY_MS).toISOString();
    return { from: from < to ? from : to, to, timeZone };
  };

  type Run = { id: number; guildId: string; day: string | null; channelId: string; window: DigestWindow };

  const send = async (run: Run): Promise<DigestOutcome> => {
    const { id, guildId, day, channelId, window } = run;
    try {
      const digest = await options.build(window);
      if (digest.items.length === 0 && !postQuietDays) {
        finishDigestRun(store, id, "quiet", null, clock());
        logger.info({ guildId, day }, "digest: quiet day, nothing posted");
        return { guildId, day, status: "quiet" };
      }
      await options.post(guildId, channelId, digest, { key: `digest-${id}`, window });
      finishDigestRun(store, id, "posted", null, clock());
      logger.info({ guildId, channelId, day, stories: digest.items.length }, "digest posted");
      return { guildId, day, status: "posted" };
    } catch (error) {
      const reason = reasonOf(error);
      finishDigestRun(store, id, "failed", reason, clock());
      logger.warn({ guildId, channelId, day, reason }, "digest skipped: it could not be posted");
      return { guildId, day, status: "failed", reason };
    }
  };

  const deliver = (run: Run): Promise<DigestOutcome> => {
    const delivery = send(run).finally(() => delivering.delete(run.id));
    delivering.set(run.id, delivery);
    return delivery;
  };

  const runIfDue = async (settings: DigestSettings, now: Date): Promise<DigestOutcome | null> => {
    const { guildId, channelId, timeZone } = settings;
    if (!settings.enabled || channelId === null) return null;
    const day = localDateOf(now, timeZone);
    if (now < scheduledRunOn(settings, day)) return null;
    const existing = findScheduledDigestRun(store, guildId, day);
    if (existing) {
      // Only a run a crash left "posting" is owed; one in flight here is being sent right now.
      if (existing.status !== "posting" || delivering.has(existing.id)) return null;
      logger.info({ guildId, day }, "digest: resuming a post interrupted by a restart");
      const window = { from: existing.from, to: existing.to, timeZone: existing.timeZone };
      return deliver({ id: existing.id, guildId, day, channelId: existing.channelId, window });
    }
    const window = windowFor(guildId, timeZone, now);
    const id = startDigestRun(store, { guildId, day, channelId, ...window, startedAt: now });
    if (id === null) return null;
    return deliver({ id, guildId, day, channelId, window });
  };

  const settingsFor = (guildId: string): DigestSettings => readDigestSettings(store, guildId) ?? { guildId, ...defaults, enabled: true };

  const runDue = async (now: Date): Promise<DigestOutcome[]> => {
    const owned = listDigestSettings(store).filter((settings) => owns(settings.guildId));
    const outcomes = await Promise.all(
      owned.map(async (settings) => {
        try {
          return await runIfDue(settings, now);
        } catch (error) {
          logger.error({ guildId: settings.guildId, reason: reasonOf(error) }, "digest: could not check this server's schedule");
          return { guildId: settings.guildId, day: null, status: "failed", reason: reasonOf(error) } satisfies DigestOutcome;
        }
      }),
    );
    return outcomes.filter((outcome): outcome is DigestOutcome => outcome !== null);
  };

  return {
    start() {
      if (tick) return;
      runDue(clock()).catch((error: unknown) => logger.error({ reason: reasonOf(error) }, "digest: startup check failed"));
      // Second 1 of every minute: a timer firing a hair early still finds its minute due.
      tick = new Cron(
        "1 * * * * *",
        { protect: true, catch: (error) => logger.error({ reason: reasonOf(error) }, "digest tick failed") },
        async () => {
          await runDue(clock());
        },
      );
    },
    async stop() {
      tick?.stop();
      tick = null;
      await Promise.allSettled(delivering.values());
    },
    runDue,
    async postNow(guildId, channelId) {
      const settings = settingsFor(guildId);
      const target = channelId ?? settings.channelId;
      if (target === null) throw new Error("this server has no digest channel yet: set one with /digest channel");
      const now = clock();
      const window = windowFor(guildId, settings.timeZone, now);
      const id = startDigestRun(store, { guildId, day: null, channelId: target, ...window, startedAt: now })!;
      return deliver({ id, guildId, day: null, channelId: target, window });
    },
    async preview(guildId) {
      const settings = settingsFor(guildId);
      return options.build(windowFor(guildId, settings.timeZone, clock()));
    },
    settingsFor,
    saveSettings: (settings) => saveDigestSettings(store, settings, clock()),
    ensureSettings: (guildId, ownsDefaultChannel) =>
      insertDigestSettingsIfMissing(
        store,
        { guildId, channelId: ownsDefaultChannel ? defaults.channelId : null, time: defaults.time, timeZone: defaults.timeZone, enabled: true },
        clock(),
      ),
  };
}

