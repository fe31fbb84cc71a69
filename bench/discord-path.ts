/**
 * Section 3, the Discord path: the real bot (`src/main.ts` with DISCORD_TOKEN set, its own process) against the
 * loopback fake Discord. Each /ask is timed from INTERACTION_CREATE to the first acknowledgement and to the final
 * answer, one at a time and in bursts of concurrent ones.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { GatewayOpcodes, InteractionResponseType } from "discord.js";
import { startFakeDiscord, type FakeDiscord, type FakeRequest } from "../test/support/fake-discord";
import { REPO_ROOT } from "./child-process";
import { summarize, type Summary } from "./metrics";

export interface DiscordOptions {
  indexDir: string;
  articlesDir: string;
  modelPath: string;
  modelId: string;
  questions: readonly string[];
  sequential: number;
  bursts: number;
  burstSize: number;
  progress: (line: string) => void;
}

export interface InteractionTiming {
  ackMs: number;
  finalMs: number;
  /** Acknowledged with deferReply, answered later by editing the reply. */
  deferred: boolean;
}

export interface DiscordLoad {
  interactions: number;
  /** No acknowledgement, or one Discord refused (past its 3-second window). */
  failed: number;
  deferred: number;
  ack: Summary | null;
  final: Summary | null;
}

export interface DiscordResult {
  sequential: DiscordLoad;
  concurrent: DiscordLoad & { burstSize: number; bursts: number };
  /** Discord's window for the first acknowledgement. */
  windowMs: number;
}

const INTERACTION_WINDOW_MS = 3_000;
const STARTUP_TIMEOUT_MS = 120_000;
const WARMUP_INTERACTIONS = 5;
const ANSWER_TIMEOUT_MS = 30_000;

/** Every variable newsdesk reads, as `.env.example` lists them. */
function configurationVariables(): string[] {
  const example = fs.readFileSync(path.join(REPO_ROOT, ".env.example"), "utf8");
  return [...example.matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((match) => match[1]!);
}

/**
 * Every configuration variable is set, empty meaning its default: dotenv never overrides a set variable, so a
 * developer's `.env` (a real token, feeds) cannot leak into the run, nor can the benchmark's own environment.
 */
function botEnvironment(fake: FakeDiscord, options: DiscordOptions): NodeJS.ProcessEnv {
  const defaults = Object.fromEntries(configurationVariables().map((name) => [name, ""]));
  return {
    ...process.env,
    ...defaults,
    DISCORD_TOKEN: fake.token,
    DISCORD_API_URL: fake.api,
    ARTICLES_DIR: options.articlesDir,
    INDEX_DIR: options.indexDir,
    EMBEDDING_MODEL: options.modelId,
    EMBEDDING_MODEL_PATH: options.modelPath,
    LOG_LEVEL: "warn",
  };
}

type Outcome = { ok: true; timing: InteractionTiming } | { ok: false; reason: string };

async function askOnce(fake: FakeDiscord, question: string, callbackTimeoutMs: number): Promise<Outcome> {
  const sentAt = Date.now();
  const sent = fake.chatInputInteraction({ name: "ask", options: { question } });
  let callback: FakeRequest;
  try {
    callback = await sent.waitForCallback(callbackTimeoutMs);
  } catch {
    return { ok: false, reason: "no acknowledgement" };
  }
  if (callback.status >= 300) return { ok: false, reason: `acknowledgement refused (${callback.status})` };
  const deferred = (callback.body as { type?: number } | null)?.type === InteractionResponseType.DeferredChannelMessageWithSource;
  let final = callback;
  if (deferred) {
    try {
      final = await sent.waitForOriginalEdit(ANSWER_TIMEOUT_MS);
    } catch {
      return { ok: false, reason: "deferred but never answered" };
    }
  }
  return { ok: true, timing: { ackMs: callback.time - sentAt, finalMs: final.time - sentAt, deferred } };
}

function summarizeLoad(outcomes: Outcome[]): DiscordLoad {
  const timings = outcomes.flatMap((outcome) => (outcome.ok ? [outcome.timing] : []));
  return {
    interactions: outcomes.length,
    failed: outcomes.length - timings.length,
    deferred: timings.filter((timing) => timing.deferred).length,
    ack: timings.length ? summarize(timings.map((timing) => timing.ackMs)) : null,
    final: timings.length ? summarize(timings.map((timing) => timing.finalMs)) : null,
  };
}

async function waitForBot(fake: FakeDiscord, bot: ChildProcess, question: string, output: () => string): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  const exited = () => bot.exitCode !== null || bot.signalCode !== null;
  while (!fake.gatewayPayloads.some((payload) => payload.op === GatewayOpcodes.Identify)) {
    if (exited()) throw new Error(`the bot exited before connecting:\n${output()}`);
    if (Date.now() > deadline) throw new Error(`the bot did not connect within ${STARTUP_TIMEOUT_MS / 1000} s:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  // Connected is not yet ready: ask until the first answer comes back.
  for (;;) {
    if ((await askOnce(fake, question, 2_000)).ok) return;
    if (exited() || Date.now() > deadline) throw new Error(`the bot never answered:\n${output()}`);
  }
}

async function stopBot(bot: ChildProcess): Promise<void> {
  if (bot.exitCode !== null || bot.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => bot.once("exit", () => resolve()));
  bot.kill("SIGTERM");
  const timer = setTimeout(() => bot.kill("SIGKILL"), 15_000);
  await exited;
  clearTimeout(timer);
}

export async function measureDiscordPath(options: DiscordOptions): Promise<DiscordResult> {
  const fake = await startFakeDiscord();
  const bot = spawn(process.execPath, ["--import", "tsx", path.join(REPO_ROOT, "src", "main.ts")], {
    cwd: REPO_ROOT,
    env: botEnvironment(fake, options),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const keep = (data: Buffer) => {
    output = (output + data.toString("utf8")).slice(-4000);
  };
  bot.stdout!.on("data", keep);
  bot.stderr!.on("data", keep);
  const question = (i: number) => options.questions[i % options.questions.length]!;
  try {
    options.progress("discord: starting the bot against the fake Discord");
    await waitForBot(fake, bot, question(0), () => output);
    for (let i = 0; i < WARMUP_INTERACTIONS; i++) await askOnce(fake, question(i), ANSWER_TIMEOUT_MS);

    options.progress(`discord: ${options.sequential} interactions one at a time`);
    const sequential: Outcome[] = [];
    for (let i = 0; i < options.sequential; i++) sequential.push(await askOnce(fake, question(i), ANSWER_TIMEOUT_MS));

    options.progress(`discord: ${options.bursts} bursts of ${options.burstSize} concurrent interactions`);
    const concurrent: Outcome[] = [];
    for (let burst = 0; burst < options.bursts; burst++) {
      const offset = options.sequential + burst * options.burstSize;
      concurrent.push(...(await Promise.all(Array.from({ length: options.burstSize }, (_, i) => askOnce(fake, question(offset + i), ANSWER_TIMEOUT_MS)))));
    }
    return {
      sequential: summarizeLoad(sequential),
      concurrent: { ...summarizeLoad(concurrent), burstSize: options.burstSize, bursts: options.bursts },
      windowMs: INTERACTION_WINDOW_MS,
    };
  } finally {
    await stopBot(bot);
    await fake.close();
  }
}
