import { createRequire } from "node:module";
import type pino from "pino";

export type Logger = pino.Logger;

// Loaded on first use: the CLI commands never log, and pino's import is a tenth of their start-up.
const require = createRequire(import.meta.url);

/** Structured logs go to stderr so stdout stays clean for `--json` and the console. */
export function createLogger(level: string = process.env.LOG_LEVEL ?? "info"): Logger {
  const createPino = require("pino") as typeof pino;
  return createPino({ level, base: undefined }, createPino.destination(2));
}
