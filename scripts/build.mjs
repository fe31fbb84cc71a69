/**
 * Compiles src/ and commands/ to dist/ with tsc, then gives every relative import its file name ("./store" →
 * "./store/index.js"), since the sources are written for tsx/vitest (bundler resolution) and plain node needs full
 * paths, and inlines the few packages that are slow to load as they ship. Plain JavaScript so that it runs before
 * anything is compiled. Run by `npm install` (prepare), `npm run build`, and by the launcher when the sources are
 * newer than the last build.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { build as esbuild } from "esbuild";
import { DIST_DIR, REPO_ROOT, SOURCE_DIRS, STAMP_FILE } from "./build-state.mjs";

/**
 * Packages copied, tree-shaken, into each compiled module that imports them. zod ships as 95 modules (every locale
 * among them) that cost every CLI call about 150 ms to load on the 2-core bench machine; what the configuration
 * uses of it is one 170 KB module.
 */
const INLINED_PACKAGES = ["zod"];
const INLINED_IMPORT = new RegExp(`\\bfrom\\s*["'](${INLINED_PACKAGES.join("|")})(/[^"']*)?["']`);

const RELATIVE_SPECIFIER = /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(["'])(\.{1,2}\/[^"']*)\2/g;

function withFileName(fromFile, specifier) {
  if (/\.(m?js|json|node)$/.test(specifier)) return specifier;
  const target = path.resolve(path.dirname(fromFile), specifier);
  if (fs.existsSync(`${target}.js`)) return `${specifier}.js`;
  if (fs.existsSync(path.join(target, "index.js"))) return `${specifier}/index.js`;
  throw new Error(`${path.relative(REPO_ROOT, fromFile)}: cannot resolve "${specifier}"`);
}

function compiledFiles(dir) {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".js"))
    .map((entry) => path.join(entry.parentPath ?? entry.path, entry.name));
}

function addFileNames(dir) {
  for (const file of compiledFiles(dir)) {
    const source = fs.readFileSync(file, "utf8");
    const rewritten = source.replace(RELATIVE_SPECIFIER, (_, keyword, quote, specifier) => `${keyword}${quote}${withFileName(file, specifier)}${quote}`);
    if (rewritten !== source) fs.writeFileSync(file, rewritten);
  }
}

/** The module itself stays where it is and imports everything else as before; only the inlined packages move in. */
async function inlinePackages(dir) {
  const isInlined = (specifier) => INLINED_PACKAGES.some((name) => specifier === name || specifier.startsWith(`${name}/`));
  for (const file of compiledFiles(dir)) {
    if (!INLINED_IMPORT.test(fs.readFileSync(file, "utf8"))) continue;
    await esbuild({
      entryPoints: [file],
      outfile: file,
      allowOverwrite: true,
      bundle: true,
      format: "esm",
      platform: "node",
      target: "node20",
      logLevel: "error",
      plugins: [
        {
          name: "keep-other-imports",
          setup(build) {
            build.onResolve({ filter: /.*/ }, (args) => (args.importer === file && !isInlined(args.path) ? { path: args.path, external: true } : undefined));
          },
        },
      ],
    });
  }
}

export async function build() {
  // A clean output: tsc would keep the files of deleted sources, and the command loader would still find them.
  fs.rmSync(DIST_DIR, { recursive: true, force: true });
  const tsc = path.join(REPO_ROOT, "node_modules", "typescript", "bin", "tsc");
  const result = spawnSync(process.execPath, [tsc, "-p", path.join(REPO_ROOT, "tsconfig.build.json")], { stdio: "inherit" });
  if (result.status !== 0) throw new Error("the TypeScript build failed (see the errors above); fix them or run `npm run build`");
  for (const dir of SOURCE_DIRS) {
    addFileNames(path.join(DIST_DIR, dir));
    await inlinePackages(path.join(DIST_DIR, dir));
  }
  fs.writeFileSync(STAMP_FILE, `${new Date().toISOString()}\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  try {
    await build();
  } catch (error) {
    process.stderr.write(`newsdesk: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
