import { createRequire } from "node:module";
import type pino from "pino";

export type Logger = pino.Logger;

// Loaded on first use: the CLI commands never log, and pino's import is a tenth of their start-up.
const require = createRequire(import.meta.url);

/** JSON lines for a bot whose logs a machine reads; plain lines for a person at the console. */
export type LogFormat = "json" | "plain";

const LEVEL_NAMES: Record<number, string> = { 10: "trace", 20: "debug", 30: "info", 40: "warn", 50: "error", 60: "fatal" };

function plainValue(value: unknown): string {
  if (value && typeof value === "object" && "message" in value && typeof value.message === "string") return value.message;
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return /[\s=]/.test(text) ? JSON.stringify(text) : text;
}

/** One pino JSON line as a line a person reads: "12:04:31 warn feed failed feed=https://… error=…". */
export function plainLogLine(json: string): string {
  const { level, time, msg, ...fields } = JSON.parse(json) as Record<string, unknown>;
  const clock = typeof time === "number" ? new Date(time).toISOString().slice(11, 19) : "";
  const details = Object.entries(fields).map(([key, value]) => `${key}=${plainValue(value)}`);
  return [clock, LEVEL_NAMES[level as number] ?? String(level), msg, ...details].filter(Boolean).join(" ");
}

/** Logs go to stderr so stdout stays clean for `--json` and the console's answers. */
export function createLogger(level: string = process.env.LOG_LEVEL ?? "info", format: LogFormat = "json"): Logger {
  const createPino = require("pino") as typeof pino;
  if (format === "json") return createPino({ level, base: undefined }, createPino.destination(2));
  return createPino({ level, base: undefined }, { write: (line: string) => void process.stderr.write(`${plainLogLine(line)}\n`) });
}
