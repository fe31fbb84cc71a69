/**
 * `npm start` and `npm run cli`: runs a compiled entry point of dist/ with plain node, compiling first when the
 * sources are newer than the last build (so `git pull && npm start` needs no extra step).
 * Usage: node scripts/run.mjs <entry under src/, e.g. cli/main> [args...]
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import { DIST_DIR, isStale } from "./build-state.mjs";

const [entry] = process.argv.splice(2, 1);
if (!entry) {
  process.stderr.write("usage: node scripts/run.mjs <entry under src/> [args...]\n");
  process.exit(1);
}
try {
  if (isStale()) {
    process.stderr.write("newsdesk: compiling (the sources changed since the last build)…\n");
    await (await import("./build.mjs")).build();
  }
} catch (error) {
  process.stderr.write(`newsdesk: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
const file = path.join(DIST_DIR, "src", `${entry}.js`);
// The entry point is the program: modules that run only when started directly see themselves in argv[1].
process.argv[1] = file;
await import(pathToFileURL(file).href);
