import pino from "pino";

export type Logger = pino.Logger;

/** Structured logs go to stderr so stdout stays clean for `--json` and the console. */
export function createLogger(level: string = process.env.LOG_LEVEL ?? "info"): Logger {
  return pino({ level, base: undefined }, pino.destination(2));
}
