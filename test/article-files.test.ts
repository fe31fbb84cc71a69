import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { listArticleFiles } from "../src/articles/list-article-files";

let root: string;
let articles: string;

beforeEach(() => {
  root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "newsdesk-files-")));
  articles = path.join(root, "articles");
  fs.mkdirSync(articles);
  fs.writeFileSync(path.join(articles, "a.json"), JSON.stringify({ title: "A", text: "Inside the folder." }));
  fs.writeFileSync(path.join(root, "secret.txt"), "Outside the folder: the admin password.");
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

describe("listing article files", () => {
  it("skips and lists symbolic links that lead out of the folder being ingested", async () => {
    fs.symlinkSync(path.join(root, "secret.txt"), path.join(articles, "outside.txt"));
    fs.symlinkSync("/proc/self/status", path.join(articles, "status.txt"));
    fs.symlinkSync("..", path.join(articles, "parentdir"));
    fs.symlinkSync(path.join(articles, "a.json"), path.join(articles, "inside.json"));
    const listing = await listArticleFiles([articles]);
    expect(listing.files).toEqual([path.join(articles, "a.json"), path.join(articles, "inside.json")]);
    expect(listing.failed).toEqual(
      expect.arrayContaining([
        { path: path.join(articles, "outside.txt"), reason: `a symbolic link to ${path.join(root, "secret.txt")}, outside the folder being ingested; skipped` },
        { path: path.join(articles, "status.txt"), reason: expect.stringMatching(/^a symbolic link to \/proc\/\d+\/status, outside the folder/) },
        { path: path.join(articles, "parentdir"), reason: `a symbolic link to ${root}, outside the folder being ingested; skipped` },
      ]),
    );
    expect(listing.failed).toHaveLength(3);
  });

  it("checks paths handed over from a watched folder against that folder", async () => {
    const link = path.join(articles, "outside.txt");
    fs.symlinkSync(path.join(root, "secret.txt"), link);
    expect(await listArticleFiles([link, path.join(articles, "a.json")], { within: articles })).toEqual({
      files: [path.join(articles, "a.json")],
      failed: [{ path: link, reason: `a symbolic link to ${path.join(root, "secret.txt")}, outside the folder being ingested; skipped` }],
    });
  });

  it("says a file name that is not UTF-8 is just that, not that the file is missing", async () => {
    const name = Buffer.concat([Buffer.from("caf"), Buffer.from([0xe9]), Buffer.from(".txt")]);
    fs.writeFileSync(Buffer.concat([Buffer.from(`${articles}/`), name]), "Latin-1 file name.");
    const listing = await listArticleFiles([articles]);
    expect(listing.failed).toEqual([{ path: path.join(articles, "café.txt"), reason: "the file name is not valid UTF-8; rename the file" }]);
  });
});
