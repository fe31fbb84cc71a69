import fs from "node:fs";
import path from "node:path";
import { StoreError } from "./open-store";

export const WRITER_LOCK_FILE = "writer.lock";

/** The one process allowed to ingest, watch the folder and poll feeds for an index. */
export interface WriterLock {
  release(): void;
}

/** Whether a process with this pid exists (the writer lock's holder, a build's owner). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Makes this process the index's only writer, or refuses with one line naming the one that is. The lock is a file
 * created exclusively, holding the writer's pid; a lock left by a process that died is taken over.
 */
export function acquireWriterLock(dir: string, pid: number = process.pid): WriterLock {
  const file = path.join(dir, WRITER_LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, `${pid}\n`, { flag: "wx" });
      return {
        release() {
          // Only our own lock: a release after a takeover must not remove the new writer's.
          if (Number(fs.readFileSync(file, "utf8").trim()) === pid) fs.rmSync(file, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const holder = Number(fs.readFileSync(file, "utf8").trim());
    if (Number.isInteger(holder) && holder > 0 && isRunning(holder)) {
      throw new StoreError(
        `another newsdesk process (pid ${holder}) is already writing to the index in ${dir}; stop it first (questions can be asked meanwhile: ask, search and shards only read)`,
      );
    }
    fs.rmSync(file, { force: true });
  }
  throw new StoreError(`could not take the writer lock ${file}; delete it if no newsdesk process is running`);
}
