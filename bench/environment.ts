/** Where and on what the numbers were measured: printed with every report, since they mean nothing without it. */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { REPO_ROOT } from "./child-process";

export interface BenchEnvironment {
  date: string;
  commit: string;
  /** The working tree differed from the commit when the run started. */
  uncommittedChanges: boolean;
  node: string;
  os: string;
  cpu: string;
  cores: number;
  memoryGb: number;
  /** 1-minute load average at the start: a shared machine's noise shows here. */
  loadAverage: number;
  sqlite: string;
  packages: Record<string, string>;
}

const REPORTED_PACKAGES = ["better-sqlite3", "hnswlib-node", "@xenova/transformers", "onnxruntime-node", "discord.js"];

function git(args: string[]): string {
  try {
    return execFileSync("git", args, { cwd: REPO_ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return "";
  }
}

function packageVersion(name: string): string {
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "node_modules", name, "package.json"), "utf8")) as { version?: string };
    return manifest.version ?? "unknown";
  } catch {
    return "not installed";
  }
}

export function describeEnvironment(now: Date = new Date()): BenchEnvironment {
  const cpus = os.cpus();
  const database = new Database(":memory:");
  const sqlite = database.prepare("SELECT sqlite_version()").pluck().get() as string;
  database.close();
  return {
    date: now.toISOString(),
    commit: git(["rev-parse", "--short", "HEAD"]) || "unknown",
    uncommittedChanges: git(["status", "--porcelain"]) !== "",
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    cpu: cpus[0]?.model.trim() ?? "unknown",
    cores: cpus.length,
    memoryGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    loadAverage: Math.round(os.loadavg()[0]! * 100) / 100,
    sqlite,
    packages: Object.fromEntries(REPORTED_PACKAGES.map((name) => [name, packageVersion(name)])),
  };
}
