import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PermissionFlagsBits } from "discord.js";
import { afterAll, describe, expect, it, vi } from "vitest";
import { main } from "../src/cli/main";
import { BOT_PERMISSIONS_INTEGER, inviteUrl } from "../src/discord/bot-permissions";

const ROOT = path.resolve(__dirname, "..");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "newsdesk-cli-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const ENV = { INDEX_DIR: path.join(dir, "index"), EMBEDDING_MODEL: "none", LOG_LEVEL: "silent", DISCORD_CLIENT_ID: "" };

/** The command line in this process: its exit status and what it wrote. */
async function cli(args: string[], env: Record<string, string> = {}) {
  for (const [name, value] of Object.entries({ ...ENV, ...env })) vi.stubEnv(name, value);
  const written = { stdout: "", stderr: "" };
  const capture = (stream: "stdout" | "stderr") =>
    vi.spyOn(process[stream], "write").mockImplementation((chunk) => {
      written[stream] += String(chunk);
      return true;
    });
  const spies = [capture("stdout"), capture("stderr")];
  try {
    return { status: await main(args), ...written };
  } finally {
    for (const spy of spies) spy.mockRestore();
    vi.unstubAllEnvs();
  }
}

describe("the command line's usage", () => {
  it("--help after any command prints its usage on stdout and exits 0", async () => {
    for (const command of ["ingest", "ask", "search", "digest", "stats", "deploy-commands", "invite"]) {
      const result = await cli([command, "--help"]);
      expect(result, command).toMatchObject({ status: 0, stderr: "" });
      expect(result.stdout).toMatch(new RegExp(`^usage: npm run -s cli -- ${command}\\b.*\\n$`));
    }
  });

  it("a usage error prints one line and the usage on stderr, exit 1", async () => {
    const cases: [string[], string][] = [
      [["ask"], "ask needs a question"],
      [["search"], "search needs a query"],
      [["ask", "--bogus", "x"], "unknown option --bogus"],
      [["digest", "--date"], "--date needs a value"],
      [["search", "-k"], "-k needs a value"],
      [["search", "Kremlin", "-k", "--json"], "-k needs a value"],
      [["ask", "Kremlin", "--since", "--json"], "--since needs a value"],
      [["stats", "extra"], 'unexpected argument "extra"'],
      [["ask", "--batch", "extra"], 'unexpected argument "extra": --batch reads its questions from stdin'],
      [["search", "--batch", "extra"], 'unexpected argument "extra": --batch reads its queries from stdin'],
      [["ask", "Iran", "--since", "June"], '--since must be a date YYYY-MM-DD, got "June"'],
      // Date.parse alone reads "2025-02-30" as 2 March.
      [["ask", "Iran", "--since", "2025-02-30"], '--since must be a date YYYY-MM-DD, got "2025-02-30"'],
      [["ask", "Iran", "--as-of", "2025-13-01"], '--as-of must be a date YYYY-MM-DD or an ISO date-time, got "2025-13-01"'],
      [["ask", "Iran", "--as-of", "2025-02-30T08:00:00Z"], '--as-of must be a date YYYY-MM-DD or an ISO date-time, got "2025-02-30T08:00:00Z"'],
      [["digest", "--date", "2025-02-30"], '--date "2025-02-30" is not a calendar date; use YYYY-MM-DD, e.g. 2025-06-24'],
      [["report", "--since", "June"], '--since must be a date YYYY-MM-DD, got "June"'],
      [["report", "extra"], 'unexpected argument "extra"'],
      [["feeds", "rename"], 'unknown feeds action "rename"'],
      [["search", "ceasefire", "-k", "0"], '-k must be a whole number from 1 to 100, got "0"'],
      [["feeds", "list", "extra"], 'unexpected argument "extra"'],
    ];
    for (const [args, reason] of cases) {
      const result = await cli(args);
      expect(result.status, args.join(" ")).toBe(1);
      expect(result.stdout).toBe("");
      const [first, second, ...rest] = result.stderr.trimEnd().split("\n");
      expect(first).toBe(`newsdesk: ${reason}${args[0] === "ask" && reason.startsWith("ask") ? ', e.g. ask "Why is the Kremlin urging restraint?"' : args[0] === "search" && reason.startsWith("search") ? ', e.g. search "ceasefire Iran"' : ""}`);
      expect(second).toMatch(new RegExp(`^usage: npm run -s cli -- ${args[0]}\\b`));
      expect(rest).toEqual([]);
    }
  });

  it("an unknown or missing command lists the commands on stderr, exit 1; bare --help on stdout, exit 0", async () => {
    for (const args of [[], ["bogus"]]) {
      const result = await cli(args);
      expect(result.status).toBe(1);
      expect(result.stderr).toContain("  invite\n");
    }
    expect(await cli(["--help"])).toMatchObject({ status: 0, stderr: "", stdout: expect.stringContaining("  ingest [PATH...]") });
  });

  it('a question that is literally "--help" can still be asked after --', async () => {
    expect(await cli(["ask", "--json", "--", "--help"])).toMatchObject({ status: 0, stdout: expect.stringContaining('"question":"--help"') });
  });

  it("ask and search on an empty index say in one line on stderr what fills it, and still answer; once filled, they don't", async () => {
    const env = { INDEX_DIR: path.join(dir, "empty-index"), ARTICLES_DIR: path.join(dir, "empty-articles") };
    const notice = `newsdesk: the index in ${env.INDEX_DIR} holds no articles yet; run \`npm run -s cli -- ingest\` to read ${env.ARTICLES_DIR} (npm start does it too)\n`;
    expect(await cli(["ask", "Why did the tram line close?"], env)).toMatchObject({ status: 0, stderr: notice, stdout: "I couldn't find that in the articles.\n" });
    expect(await cli(["search", "tram line"], env)).toMatchObject({ status: 0, stderr: notice, stdout: "No passages match.\n" });
    fs.mkdirSync(env.ARTICLES_DIR, { recursive: true });
    fs.writeFileSync(path.join(env.ARTICLES_DIR, "a.json"), JSON.stringify({ title: "Tram line", text: "The tram line to the harbour reopened on Monday." }));
    expect((await cli(["ingest"], env)).status).toBe(0);
    expect(await cli(["ask", "When did the tram line reopen?"], env)).toMatchObject({ status: 0, stderr: "", stdout: expect.stringContaining("reopened on Monday") });
  });

  it("ingest of a path that does not exist is an error naming it, exit 1, and nothing is read", async () => {
    const articles = path.join(dir, "articles");
    fs.mkdirSync(articles, { recursive: true });
    fs.writeFileSync(path.join(articles, "a.json"), JSON.stringify({ title: "Tram line", text: "The tram line to the harbour reopened on Monday." }));
    const result = await cli(["ingest", articles, path.join(dir, "no/such/path")]);
    expect(result).toMatchObject({ status: 1, stdout: "" });
    expect(result.stderr).toBe(`newsdesk: no such file or folder: ${path.join(dir, "no/such/path")}\n`);
    expect(JSON.parse((await cli(["stats", "--json"])).stdout).articles).toBe(0);
  });

  it("ingest lists a PDF in a folder under failed and stores the rest, exit 0", async () => {
    const articles = path.join(dir, "with-pdf");
    fs.mkdirSync(articles, { recursive: true });
    fs.writeFileSync(path.join(articles, "a.json"), JSON.stringify({ title: "Ferry", text: "The island ferry returned to its winter timetable." }));
    fs.writeFileSync(path.join(articles, "report.pdf"), "%PDF-1.4\n");
    fs.writeFileSync(path.join(articles, "photo.jpg"), "");
    const result = await cli(["ingest", articles, "--json"]);
    expect(result.status).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary).toMatchObject({ added: 1, failed: [{ path: path.join(articles, "report.pdf"), reason: expect.stringMatching(/^unsupported file type; articles are \.txt/) }] });
  });
});

describe("the cli script", () => {
  it("exits with the status main gives, output unchanged", () => {
    const result = spawnSync(path.join(ROOT, "node_modules/.bin/tsx"), [path.join(ROOT, "src/cli/main.ts"), "search"], {
      cwd: dir,
      env: { ...process.env, ...ENV },
      encoding: "utf8",
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^newsdesk: search needs a query.*\nusage: npm run -s cli -- search /);
  });
});

describe("invite", () => {
  it("prints the OAuth2 URL with the bot and commands scopes and exactly the permissions newsdesk uses", async () => {
    const result = await cli(["invite"], { DISCORD_CLIENT_ID: "123456789012345678" });
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(
      "https://discord.com/oauth2/authorize?client_id=123456789012345678&scope=bot+applications.commands&permissions=309237730368\n",
    );
    expect(result.stdout.trim()).toBe(inviteUrl("123456789012345678"));
    const bits = PermissionFlagsBits;
    // What the code checks before answering in a channel and before posting a digest, what it reacts with, and threads.
    const used = [bits.ViewChannel, bits.SendMessages, bits.EmbedLinks, bits.ReadMessageHistory, bits.AddReactions, bits.SendMessagesInThreads, bits.CreatePublicThreads];
    expect(BOT_PERMISSIONS_INTEGER).toBe(used.reduce((sum, bit) => sum | bit, 0n));
  });

  it("says in one line what to set when DISCORD_CLIENT_ID is unset", async () => {
    const result = await cli(["invite"]);
    expect(result).toMatchObject({ status: 1, stdout: "" });
    expect(result.stderr).toMatch(/^newsdesk: DISCORD_CLIENT_ID is not set; copy the Application ID .* into \.env\n$/);
  });
});
