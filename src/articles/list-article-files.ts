import type { Dirent } from "node:fs";
import { readdir, realpath, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { articleFormat, isUnsupportedDocument, UNSUPPORTED_FILE_REASON } from "./article-formats";
import { describeFileError } from "./file-errors";
import type { FailedArticle } from "./types";

function isSkipped(name: string): boolean {
  return name.startsWith(".") || name === "node_modules";
}

/**
 * The article files among `paths` (files, and folders searched recursively): absolute, sorted,
 * each once. Hidden entries and node_modules are skipped inside folders; a path that is missing or
 * unreadable, a named file of another type, or a document newsdesk cannot read (a PDF, a Word file) inside a
 * folder, is listed in `failed` with a one-line reason.
 */
export async function listArticleFiles(paths: string[]): Promise<{ files: string[]; failed: FailedArticle[] }> {
  const files = new Set<string>();
  const failed: FailedArticle[] = [];
  // A file named on its own and also found in a folder is listed once.
  const fail = (path: string, reason: string) => {
    if (!failed.some((failure) => failure.path === path)) failed.push({ path, reason });
  };
  const visitedFolders = new Set<string>();

  const walk = async (folder: string): Promise<void> => {
    // Symbolic links can make a folder its own descendant.
    const real = await realpath(folder);
    if (visitedFolders.has(real)) return;
    visitedFolders.add(real);
    let entries: Dirent[];
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch (error) {
      fail(folder, describeFileError(error));
      return;
    }
    for (const entry of entries) {
      if (isSkipped(entry.name)) continue;
      const path = join(folder, entry.name);
      try {
        const info = entry.isSymbolicLink() ? await stat(path) : entry;
        if (info.isDirectory()) await walk(path);
        else if (info.isFile() && articleFormat(path)) files.add(path);
        else if (info.isFile() && isUnsupportedDocument(path)) fail(path, UNSUPPORTED_FILE_REASON);
      } catch (error) {
        fail(path, describeFileError(error));
      }
    }
  };

  for (const given of paths) {
    const path = resolve(given);
    try {
      const info = await stat(path);
      if (info.isDirectory()) await walk(path);
      else if (articleFormat(path)) files.add(path);
      else fail(path, UNSUPPORTED_FILE_REASON);
    } catch (error) {
      fail(path, describeFileError(error));
    }
  }
  return { files: [...files].sort(), failed };
}
