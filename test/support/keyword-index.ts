import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ingestPaths } from "../../src/ingest/ingest-paths";
import { closeStore, openStore, type Store } from "../../src/store";

/** A keyword-only index of fixture folders in a temporary directory (`dir`), and how to remove it. */
export async function keywordIndexOf(paths: string[]): Promise<{ dir: string; store: Store; remove: () => void }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "newsdesk-fixtures-"));
  const store = openStore(dir);
  await ingestPaths(store, { paths, embedder: null });
  return {
    dir,
    store,
    remove: () => {
      closeStore(store);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
