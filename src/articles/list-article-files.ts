import type { Dirent } from "node:fs";
import { readdir, realpath, stat } from "node:fs/promises";
import { join, relative, resolve, sep } from "node:path";
import { articleFormat, isUnsupportedDocument, UNSUPPORTED_FILE_REASON } from "./article-formats";
import { describeFileError } from "./file-errors";
import type { FailedArticle } from "./types";

function isSkipped(name: string): boolean {
  return name.startsWith(".") || name === "node_modules";
}

function isInside(path: string, folder: string): boolean {
  const within = relative(folder, path);
  return within === "" || (!within.startsWith(`..${sep}`) && within !== ".." && !within.startsWith(sep));
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/** A file name as text, or null when its bytes are not UTF-8 (node would turn it into a name no file has). */
function utf8Name(name: Buffer): string | null {
  try {
    return strictUtf8.decode(name);
  } catch {
    return null;
  }
}

/**
 * The article files among `paths` (files, and folders searched recursively): absolute, sorted,
 * each once. Hidden entries and node_modules are skipped inside folders; a path that is missing or
 * unreadable, a named file of another type, a name that is not UTF-8, a symbolic link leading out of the folder
 * being read (`within`, else each folder given), or a document newsdesk cannot read (a PDF, a Word file) inside a
 * folder, is listed in `failed` with a one-line reason.
 */
export async function listArticleFiles(paths: string[], options: { within?: string } = {}): Promise<{ files: string[]; failed: FailedArticle[] }> {
  const files = new Set<string>();
  const failed: FailedArticle[] = [];
  // A file named on its own and also found in a folder is listed once.
  const fail = (path: string, reason: string) => {
    if (!failed.some((failure) => failure.path === path)) failed.push({ path, reason });
  };
  const visitedFolders = new Set<string>();

  /** A link's target outside `root` is skipped: a link to /proc/self/status or `parent -> ..` is no article. */
  const outside = async (path: string, root: string): Promise<boolean> => {
    const target = await realpath(path);
    if (isInside(target, root)) return false;
    failed.push({ path, reason: `a symbolic link to ${target}, outside the folder being ingested; skipped` });
    return true;
  };

  const walk = async (folder: string, root: string): Promise<void> => {
    // Symbolic links can make a folder its own descendant.
    const real = await realpath(folder);
    if (visitedFolders.has(real)) return;
    visitedFolders.add(real);
    let entries: Dirent<Buffer>[];
    try {
      entries = await readdir(folder, { withFileTypes: true, encoding: "buffer" });
    } catch (error) {
      fail(folder, describeFileError(error));
      return;
    }
    for (const entry of entries) {
      const name = utf8Name(entry.name);
      if (name === null) {
        failed.push({ path: join(folder, entry.name.toString("latin1")), reason: "the file name is not valid UTF-8; rename the file" });
        continue;
      }
      if (isSkipped(name)) continue;
      const path = join(folder, name);
      try {
        if (entry.isSymbolicLink() && (await outside(path, root))) continue;
        const info = entry.isSymbolicLink() ? await stat(path) : entry;
        if (info.isDirectory()) await walk(path, root);
        else if (info.isFile() && articleFormat(path)) files.add(path);
        else if (info.isFile() && isUnsupportedDocument(path)) fail(path, UNSUPPORTED_FILE_REASON);
      } catch (error) {
        fail(path, describeFileError(error));
      }
    }
  };

  const within = options.within ? await realpath(options.within).catch(() => resolve(options.within!)) : null;
  for (const given of paths) {
    const path = resolve(given);
    try {
      if (within && (await outside(path, within))) continue;
      const info = await stat(path);
      if (info.isDirectory()) await walk(path, within ?? (await realpath(path)));
      else if (articleFormat(path)) files.add(path);
      else fail(path, UNSUPPORTED_FILE_REASON);
    } catch (error) {
      fail(path, describeFileError(error));
    }
  }
  return { files: [...files].sort(), failed };
}
