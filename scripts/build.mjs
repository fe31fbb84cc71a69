/**
 * Compiles src/ and commands/ to dist/ with tsc, then gives every relative import its file name ("./store" →
 * "./store/index.js"), since the sources are written for tsx/vitest (bundler resolution) and plain node needs full
 * paths. Plain JavaScript so that it runs before anything is compiled. Run by `npm install` (prepare), `npm run build`,
 * and by the launcher when the sources are newer than the last build.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { DIST_DIR, REPO_ROOT, SOURCE_DIRS, STAMP_FILE } from "./build-state.mjs";

const RELATIVE_SPECIFIER = /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(["'])(\.{1,2}\/[^"']*)\2/g;

function withFileName(fromFile, specifier) {
  if (/\.(m?js|json|node)$/.test(specifier)) return specifier;
  const target = path.resolve(path.dirname(fromFile), specifier);
  if (fs.existsSync(`${target}.js`)) return `${specifier}.js`;
  if (fs.existsSync(path.join(target, "index.js"))) return `${specifier}/index.js`;
  throw new Error(`${path.relative(REPO_ROOT, fromFile)}: cannot resolve "${specifier}"`);
}

function addFileNames(dir) {
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith(".js")) continue;
    const file = path.join(entry.parentPath ?? entry.path, entry.name);
    const source = fs.readFileSync(file, "utf8");
    const rewritten = source.replace(RELATIVE_SPECIFIER, (_, keyword, quote, specifier) => `${keyword}${quote}${withFileName(file, specifier)}${quote}`);
    if (rewritten !== source) fs.writeFileSync(file, rewritten);
  }
}

export function build() {
  // A clean output: tsc would keep the files of deleted sources, and the command loader would still find them.
  fs.rmSync(DIST_DIR, { recursive: true, force: true });
  const tsc = path.join(REPO_ROOT, "node_modules", "typescript", "bin", "tsc");
  const result = spawnSync(process.execPath, [tsc, "-p", path.join(REPO_ROOT, "tsconfig.build.json")], { stdio: "inherit" });
  if (result.status !== 0) throw new Error("the TypeScript build failed (see the errors above); fix them or run `npm run build`");
  for (const dir of SOURCE_DIRS) addFileNames(path.join(DIST_DIR, dir));
  fs.writeFileSync(STAMP_FILE, `${new Date().toISOString()}\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  try {
    build();
  } catch (error) {
    process.stderr.write(`newsdesk: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
