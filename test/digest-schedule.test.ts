import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createDigestScheduler, nextRunAt, scheduledRunOn, type DigestDelivery, type DigestScheduler } from "../src/digest/schedule-digests";
import type { Digest, DigestWindow } from "../src/digest/types";
import { closeStore, openStore, type Store } from "../src/store";
import { findScheduledDigestRun, readDigestSettings, startDigestRun, type DigestSettings } from "../src/store/digest-state";

const BERLIN = "111111111111111111";
const NEW_YORK = "222222222222222222";

interface Posted {
  guildId: string;
  channelId: string;
  digest: Digest;
  delivery: DigestDelivery;
}

let dir: string;
let store: Store;
let now: Date;
let posted: Posted[];
let built: DigestWindow[];
let logs: Record<string, unknown>[];
let failingChannels: Map<string, string>;
let schedulers: DigestScheduler[];

const at = (iso: string) => {
  now = new Date(iso);
  return now;
};

/** A scheduler as the bot builds it, over the shared store: a new one is a restart. */
function scheduler(options: { postQuietDays?: boolean; owns?: (guildId: string) => boolean; store?: Store } = {}): DigestScheduler {
  const created = createDigestScheduler({
    store,
    clock: () => now,
    logger: pino({ level: "info" }, { write: (line: string) => logs.push(JSON.parse(line)) }),
    defaults: { channelId: null, time: "08:00", timeZone: "UTC" },
    build: (window) => {
      built.push(window);
      return { from: window.from, to: window.to, items: [], moreStories: 0 };
    },
    post: async (guildId, channelId, digest, delivery) => {
      const reason = failingChannels.get(channelId);
      if (reason) throw new Error(reason);
      posted.push({ guildId, channelId, digest, delivery });
    },
    ...options,
  });
  schedulers.push(created);
  return created;
}

function settings(guildId: string, time: string, timeZone: string, extra: Partial<DigestSettings> = {}): DigestSettings {
  return { guildId, channelId: `${guildId.slice(0, 17)}9`, time, timeZone, enabled: true, ...extra };
}

const postedGuilds = () => posted.map((post) => post.guildId);

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "newsdesk-schedule-"));
  store = openStore(dir);
  posted = [];
  built = [];
  logs = [];
  failingChannels = new Map();
  schedulers = [];
  at("2025-01-14T00:00:00Z");
});

afterEach(async () => {
  await Promise.all(schedulers.map((created) => created.stop()));
  closeStore(store);
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("digest times", () => {
  it("are local times, across daylight-saving changes", () => {
    const berlin = { time: "08:00", timeZone: "Europe/Berlin" };
    expect(nextRunAt(berlin, new Date("2025-03-29T07:30:00Z")).toISOString()).toBe("2025-03-30T06:00:00.000Z");
    expect(scheduledRunOn(berlin, "2025-03-29").toISOString()).toBe("2025-03-29T07:00:00.000Z");
    expect(scheduledRunOn(berlin, "2025-10-26").toISOString()).toBe("2025-10-26T07:00:00.000Z");
    const newYork = { time: "08:00", timeZone: "America/New_York" };
    expect(scheduledRunOn(newYork, "2025-03-08").toISOString()).toBe("2025-03-08T13:00:00.000Z");
    expect(scheduledRunOn(newYork, "2025-03-10").toISOString()).toBe("2025-03-10T12:00:00.000Z");
    // 02:30 does not exist in Berlin on 30 March: the digest comes at the end of the gap.
    expect(scheduledRunOn({ time: "02:30", timeZone: "Europe/Berlin" }, "2025-03-30").toISOString()).toBe("2025-03-30T01:00:00.000Z");
  });
});

describe("the digest scheduler", () => {
  it("posts each server's digest at its local time, once", async () => {
    const digests = scheduler();
    digests.saveSettings(settings(BERLIN, "08:00", "Europe/Berlin"));
    digests.saveSettings(settings(NEW_YORK, "08:00", "America/New_York"));

    expect(await digests.runDue(at("2025-01-14T06:59:00Z"))).toEqual([]);
    expect(await digests.runDue(at("2025-01-14T07:00:00Z"))).toEqual([{ guildId: BERLIN, day: "2025-01-14", status: "posted" }]);
    expect(await digests.runDue(at("2025-01-14T12:59:00Z"))).toEqual([]);
    expect(await digests.runDue(at("2025-01-14T13:00:00Z"))).toEqual([{ guildId: NEW_YORK, day: "2025-01-14", status: "posted" }]);
    expect(await digests.runDue(at("2025-01-14T23:59:00Z"))).toEqual([]);
    expect(postedGuilds()).toEqual([BERLIN, NEW_YORK]);
    expect(posted[0]!.channelId).toBe(settings(BERLIN, "08:00", "UTC").channelId);
  });

  it("follows Berlin's clocks into and out of summer time", async () => {
    const digests = scheduler();
    digests.saveSettings(settings(BERLIN, "08:00", "Europe/Berlin"));
    await digests.runDue(at("2025-03-29T07:00:00Z"));
    expect(await digests.runDue(at("2025-03-30T05:59:00Z"))).toEqual([]);
    expect(await digests.runDue(at("2025-03-30T06:00:00Z"))).toEqual([{ guildId: BERLIN, day: "2025-03-30", status: "posted" }]);
    expect(await digests.runDue(at("2025-10-26T06:30:00Z"))).toEqual([]);
    expect(await digests.runDue(at("2025-10-26T07:00:00Z"))).toEqual([{ guildId: BERLIN, day: "2025-10-26", status: "posted" }]);
    expect(posted).toHaveLength(3);
  });

  it("posts once on the day 02:30 happens twice", async () => {
    const digests = scheduler();
    digests.saveSettings(settings(BERLIN, "02:30", "Europe/Berlin"));
    expect(await digests.runDue(at("2025-10-26T00:30:00Z"))).toHaveLength(1);
    expect(await digests.runDue(at("2025-10-26T01:30:00Z"))).toEqual([]);
    expect(posted).toHaveLength(1);
  });

  it("does not post again after a restart", async () => {
    scheduler().saveSettings(settings(BERLIN, "08:00", "Europe/Berlin"));
    await schedulers[0]!.runDue(at("2025-01-14T07:00:00Z"));
    closeStore(store);
    store = openStore(dir);
    expect(await scheduler().runDue(at("2025-01-14T09:00:00Z"))).toEqual([]);
    expect(posted).toHaveLength(1);
  });

  it("posts a digest missed while down once when it comes back, the same day only", async () => {
    scheduler().saveSettings(settings(BERLIN, "08:00", "Europe/Berlin"));
    // Down from before 08:00 on the 14th until 15:00.
    const restarted = scheduler();
    expect(await restarted.runDue(at("2025-01-14T14:00:00Z"))).toEqual([{ guildId: BERLIN, day: "2025-01-14", status: "posted" }]);
    expect(await restarted.runDue(at("2025-01-14T14:01:00Z"))).toEqual([]);
    // Down all of the 15th: back on the 16th before 08:00, nothing is owed.
    expect(await scheduler().runDue(at("2025-01-16T06:00:00Z"))).toEqual([]);
    expect(postedGuilds()).toEqual([BERLIN]);
  });

  it("on start, posts a digest whose time passed", async () => {
    const posting = new Promise<void>((resolve) => {
      const digests = createDigestScheduler({
        store,
        clock: () => now,
        logger: pino({ level: "silent" }),
        defaults: { channelId: null, time: "08:00", timeZone: "UTC" },
        build: (window) => ({ from: window.from, to: window.to, items: [], moreStories: 0 }),
        post: async (guildId) => {
          posted.push({ guildId } as Posted);
          resolve();
        },
      });
      schedulers.push(digests);
      digests.saveSettings(settings(BERLIN, "08:00", "Europe/Berlin"));
      at("2025-01-14T10:00:00Z");
      digests.start();
    });
    await posting;
    expect(postedGuilds()).toEqual([BERLIN]);
  });

  it("on stop, waits for a digest being posted, so the client can close after", async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const digests = createDigestScheduler({
      store,
      clock: () => now,
      logger: pino({ level: "silent" }),
      defaults: { channelId: null, time: "08:00", timeZone: "UTC" },
      build: (window) => ({ from: window.from, to: window.to, items: [], moreStories: 0 }),
      post: async (guildId) => {
        await held;
        posted.push({ guildId } as Posted);
      },
    });
    schedulers.push(digests);
    digests.saveSettings(settings(BERLIN, "08:00", "Europe/Berlin"));
    const outcomes = digests.runDue(at("2025-01-14T07:00:00Z"));
    let stopped = false;
    const stopping = digests.stop().then(() => (stopped = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(postedGuilds()).toEqual([BERLIN]);
    expect(await outcomes).toEqual([{ guildId: BERLIN, day: "2025-01-14", status: "posted" }]);
  });

  it("sends a post a crash interrupted again, with the same key and window", async () => {
    scheduler().saveSettings(settings(BERLIN, "08:00", "Europe/Berlin"));
    const window = { from: "2025-01-13T07:00:00.000Z", to: "2025-01-14T07:00:00.000Z", timeZone: "Europe/Berlin" };
    const id = startDigestRun(store, { guildId: BERLIN, day: "2025-01-14", channelId: "333333333333333333", ...window, startedAt: new Date(window.to) });
    expect(await scheduler().runDue(at("2025-01-14T07:05:00Z"))).toEqual([{ guildId: BERLIN, day: "2025-01-14", status: "posted" }]);
    expect(posted).toHaveLength(1);
    expect(posted[0]!.channelId).toBe("333333333333333333");
    expect(posted[0]!.delivery).toEqual({ key: `digest-${id}`, window });
    expect(findScheduledDigestRun(store, BERLIN, "2025-01-14")!.status).toBe("posted");
  });

  it("covers the last 24 hours first, then the time since the previous digest", async () => {
    const digests = scheduler();
    digests.saveSettings(settings(BERLIN, "08:00", "Europe/Berlin"));
    await digests.runDue(at("2025-01-14T07:00:00Z"));
    await digests.runDue(at("2025-01-15T07:00:30Z"));
    expect(built).toEqual([
      { from: "2025-01-13T07:00:00.000Z", to: "2025-01-14T07:00:00.000Z", timeZone: "Europe/Berlin" },
      { from: "2025-01-14T07:00:00.000Z", to: "2025-01-15T07:00:30.000Z", timeZone: "Europe/Berlin" },
    ]);
    // The night clocks go back, 25 hours apart: nothing is lost.
    digests.saveSettings(settings(BERLIN, "08:00", "Europe/Berlin"));
    await digests.runDue(at("2025-10-25T06:00:00Z"));
    await digests.runDue(at("2025-10-26T07:00:30Z"));
    expect(built[3]!.from).toBe("2025-10-25T06:00:00.000Z");
    // A week off: the last 24 hours only.
    await digests.runDue(at("2025-11-02T07:00:00Z"));
    expect(built[4]).toEqual({ from: "2025-11-01T07:00:00.000Z", to: "2025-11-02T07:00:00.000Z", timeZone: "Europe/Berlin" });
  });

  it("skips a server whose post fails, logs why, keeps its settings and serves the others", async () => {
    const digests = scheduler();
    const broken = settings(BERLIN, "08:00", "Europe/Berlin");
    digests.saveSettings(broken);
    digests.saveSettings(settings(NEW_YORK, "02:00", "America/New_York"));
    failingChannels.set(broken.channelId!, "Missing Access");

    const outcomes = await digests.runDue(at("2025-01-14T07:00:00Z"));
    expect(outcomes).toEqual(
      expect.arrayContaining([
        { guildId: BERLIN, day: "2025-01-14", status: "failed", reason: "Missing Access" },
        { guildId: NEW_YORK, day: "2025-01-14", status: "posted" },
      ]),
    );
    expect(postedGuilds()).toEqual([NEW_YORK]);
    expect(logs).toContainEqual(expect.objectContaining({ guildId: BERLIN, channelId: broken.channelId, reason: "Missing Access", msg: expect.stringMatching(/skipped/) }));
    expect(readDigestSettings(store, BERLIN)).toEqual(broken);
    // Skipped for the day, not retried every minute.
    expect(await digests.runDue(at("2025-01-14T07:01:00Z"))).toEqual([]);
  });

  it("posts nothing on a quiet day when so configured, and nothing for a server turned off", async () => {
    const digests = scheduler({ postQuietDays: false });
    digests.saveSettings(settings(BERLIN, "08:00", "Europe/Berlin"));
    digests.saveSettings(settings(NEW_YORK, "02:00", "America/New_York", { enabled: false }));
    expect(await digests.runDue(at("2025-01-14T07:00:00Z"))).toEqual([{ guildId: BERLIN, day: "2025-01-14", status: "quiet" }]);
    expect(posted).toEqual([]);
  });

  it("gives a new server the defaults, with the default channel only if it is its own", () => {
    const digests = createDigestScheduler({
      store,
      clock: () => now,
      logger: pino({ level: "silent" }),
      defaults: { channelId: "444444444444444444", time: "07:30", timeZone: "Europe/Berlin" },
      build: (window) => ({ from: window.from, to: window.to, items: [], moreStories: 0 }),
      post: async () => {},
    });
    expect(digests.ensureSettings(BERLIN, true)).toEqual({ guildId: BERLIN, channelId: "444444444444444444", time: "07:30", timeZone: "Europe/Berlin", enabled: true });
    expect(digests.ensureSettings(NEW_YORK, false).channelId).toBeNull();
    digests.saveSettings({ ...digests.settingsFor(BERLIN), time: "09:00" });
    expect(digests.ensureSettings(BERLIN, true).time).toBe("09:00");
  });

  it("posts on demand without taking the day's scheduled digest", async () => {
    const digests = scheduler();
    digests.saveSettings(settings(BERLIN, "08:00", "Europe/Berlin"));
    expect(await digests.postNow(BERLIN, "555555555555555555")).toEqual({ guildId: BERLIN, day: null, status: "posted" });
    expect(posted[0]!.channelId).toBe("555555555555555555");
    const preview = await digests.preview(BERLIN);
    expect(preview.from).toBe(now.toISOString());
    expect(await digests.runDue(at("2025-01-14T07:00:00Z"))).toHaveLength(1);
    expect(built.at(-1)!.from).toBe("2025-01-14T00:00:00.000Z");
  });

  describe("beside other processes on the same index", () => {
    let others: Store[];
    beforeEach(() => (others = []));
    afterEach(() => others.forEach(closeStore));
    /** Another process's connection, as a shard opens it. */
    const connection = () => {
      const opened = openStore(dir, { reader: true });
      others.push(opened);
      return opened;
    };

    it("with shards, each posts the digests of its own servers only, once", async () => {
      const first = scheduler({ owns: (guildId) => guildId === BERLIN, store: connection() });
      const second = scheduler({ owns: (guildId) => guildId === NEW_YORK, store: connection() });
      first.saveSettings(settings(BERLIN, "08:00", "UTC"));
      first.saveSettings(settings(NEW_YORK, "08:00", "UTC"));
      const [fromFirst, fromSecond] = await Promise.all([first.runDue(at("2025-01-14T08:00:30Z")), second.runDue(now)]);
      expect(fromFirst).toEqual([{ guildId: BERLIN, day: "2025-01-14", status: "posted" }]);
      expect(fromSecond).toEqual([{ guildId: NEW_YORK, day: "2025-01-14", status: "posted" }]);
      expect(postedGuilds().sort()).toEqual([BERLIN, NEW_YORK]);
    });

    it("two processes that both take a server claim its day once: one run, sent under one key", async () => {
      // Ownership keeps this from happening with shards; should it happen, the (server, day) index lets one
      // process claim the day, and a second send of that run carries the same key (Discord's enforced nonce
      // drops the copy): the other process takes the run for one a crash left "posting".
      const processes = [scheduler({ store: connection() }), scheduler({ store: connection() })];
      processes[0]!.saveSettings(settings(BERLIN, "08:00", "UTC"));
      await Promise.all(processes.map((digests) => digests.runDue(at("2025-01-14T08:00:30Z"))));
      const run = findScheduledDigestRun(store, BERLIN, "2025-01-14")!;
      expect(store.db.prepare("SELECT count(*) AS runs FROM digest_runs WHERE guild_id = ?").get(BERLIN)).toEqual({ runs: 1 });
      expect(new Set(posted.map((post) => post.delivery.key))).toEqual(new Set([`digest-${run.id}`]));
    });
  });
});
