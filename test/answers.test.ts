import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectAnswerInvariants as expectAnswerInvariantsOf } from "./support/answer-invariants";
import { answerQuestion, answerToJson, gatherEvidence, type Answer, type AnswerContext } from "../src/answers";
import { ingestPaths } from "../src/ingest/ingest-paths";
import { verifyQuotes } from "../src/answers/verify-quotes";
import { closeStore, openStore, type Store } from "../src/store";

const ROOT = path.resolve(__dirname, "..");
const SAMPLES = path.join(ROOT, "articles");
const MOSCOW_TIMES = "Kremlin Says It Would Welcome Iran-Israel Truce as Trump's Ceasefire Plan Fails";
const TRT = "Kremlin urges restraint over Iran after Trump warns of possible new strike";

let dir: string;
let store: Store;
let context: AnswerContext;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "newsdesk-answers-"));
  store = openStore(dir);
  await ingestPaths(store, { paths: [SAMPLES], embedder: null });
  context = { store, embedder: null, clock: () => new Date("2026-01-05T12:00:00Z"), timeZone: "UTC" };
});

afterAll(() => {
  closeStore(store);
  fs.rmSync(dir, { recursive: true, force: true });
});

const expectAnswerInvariants = (answer: Answer) => expectAnswerInvariantsOf(store, answer);

describe("answers over the sample articles", () => {
  const answerable: [string, string, RegExp][] = [
    ["What did the Kremlin say about a ceasefire between Iran and Israel?", MOSCOW_TIMES, /would welcome a ceasefire between Iran and Israel/],
    ["Who ordered the military to continue attacks on Iranian targets?", MOSCOW_TIMES, /Israel Katz ordered the military/],
    ["What did Putin say about the attacks on Iran?", MOSCOW_TIMES, /Putin condemned the attacks on Iran/],
    ["Why is the Kremlin urging restraint over Iran?", TRT, /urged all parties to refrain from escalation/],
    ["What did the US assessment find about Fordow?", TRT, /mostly damaged only one of the sites, Fordow/],
    // "really" is a hedge, no question word.
    ["According to the US assessment, which site was really damaged by the strikes?", TRT, /mostly damaged only one of the sites, Fordow/],
    ["Did Iran warn before striking Al Udeid Air Base in Qatar?", MOSCOW_TIMES, /Al Udeid Air Base in Qatar/],
    // "no casualties" is how many: none.
    ["How many casualties did the Al Udeid attack cause?", MOSCOW_TIMES, /The attack caused no casualties/],
    // "Did anyone die…?" asks how many did, in other words: "the Qatar base" is the "Air Base in Qatar".
    ["Did anyone die in the attack on the Qatar base?", MOSCOW_TIMES, /The attack caused no casualties/],
    // The sentence on the strike scores best and names no number; it is quoted with the next one, which does.
    ["Was anybody hurt when Iran struck the Qatar base?", MOSCOW_TIMES, /The attack caused no casualties/],
    // A yes-or-no question: the best sentence says "warn" only as "inform"; the next one says "warning" itself.
    ["Did Tehran give any warning before hitting the base in Qatar?", MOSCOW_TIMES, /Trump claimed Iran had provided advance warning/],
    // "retaliation" is the article's "retaliatory", a derivation of its derivation "retaliate".
    ["Which country did Iran hit in retaliation?", MOSCOW_TIMES, /Al Udeid Air Base in Qatar/],
    // The sentence naming the sites scores within a hair of the one restating the strike: both are quoted.
    ["Which nuclear sites did the US strike?", MOSCOW_TIMES, /Fordo, Isfahan and Natanz nuclear sites/],
    // "long" in "how long" is no word the answer holds.
    ["How long did the war between Israel and Iran last?", TRT, /Israel's 12-day war against Tehran/],
    // "American" is a nationality, not a name the article must write: it says "U.S. forces" and "the United States".
    ["How did Russia respond to the American attack on Iranian nuclear sites?", MOSCOW_TIMES, /Putin condemned the attacks on Iran/],
    // "American" is said "US" and "U.S." there: the country's acronym counts as the country's name does.
    ["What did the Kremlin say about the American strikes on Iran?", TRT, /urged all parties to refrain from escalation/],
    // The story names the day once, in its lead ("The Kremlin said Tuesday…"); Peskov's words after it never say it.
    ["What did Peskov say on Tuesday?", MOSCOW_TIMES, /this can only be welcomed/],
  ];

  it("takes a capital for its country: the one who 'traveled to Moscow' visited Russia", async () => {
    const answer = await answerQuestion(context, "Who visited Russia the day after the US strikes?");
    expectAnswerInvariants(answer);
    // Without it the first quote was the strike itself ("US forces struck Iran's three main nuclear sites…").
    expect(answer.quotes[0]?.text).toMatch(/Abbas Araghchi, who traveled to Moscow the day after the U\.S\. strikes/);
    expect(answer.quotes[0]?.title).toBe(MOSCOW_TIMES);
  });

  it.each(answerable)("%s", async (question, title, expected) => {
    const answer = await answerQuestion(context, question);
    expect(answer.answered).toBe(true);
    expectAnswerInvariants(answer);
    const quote = answer.quotes.find((q) => expected.test(q.text));
    expect(quote, answer.text).toBeDefined();
    expect(quote!.title).toBe(title);
    expect(answer.text).toMatch(/Sources:\n\[1\] /);
  });

  const unanswerable = [
    "What is the death toll of the Java landslide in Indonesia?",
    "What did Trump say about Medvedev's nuclear comments?",
    "Did Mount Semeru erupt?",
    "What is the capital of France?",
    "Who won the football world cup?",
    "Starmer and Trump discuss Ukraine war and Chagos Islands deal",
    "asdkjh qwe zxcv",
    // "step down" is resigning: Peskov's "refrain from any steps that could escalate" is no answer.
    "Did Peskov step down?",
    // Neither story names a Sunday.
    "What did Peskov say on Sunday?",
  ];
  it.each(unanswerable)("refuses: %s", async (question) => {
    const answer = await answerQuestion(context, question);
    expect(answer.answered).toBe(false);
    expect(answer.quotes).toEqual([]);
    expect(answer.text).toMatch(/couldn't find that in the articles/);
  });

  it("'What did X say?' is not answered by a sentence that only names X", async () => {
    // TRT names him once: "Flanked by Israeli Prime Minister Benjamin Netanyahu, Trump suggested…".
    const netanyahu = await answerQuestion(context, "What did Netanyahu say?");
    expectAnswerInvariants(netanyahu);
    expect(netanyahu.answered).toBe(false);
    expect(netanyahu.reason).toBe("I couldn't find what Netanyahu said in the articles.");
    expect(netanyahu.closestHeadlines.map((headline) => headline.title)).toContain(TRT);
    // Katz "ordered the military to continue attacks": an order, not his words.
    expect((await answerQuestion(context, "What did Israel Katz say?")).answered).toBe(false);
    // Peskov speaks in both stories.
    const peskov = await answerQuestion(context, "What did Peskov say?");
    expect(peskov.answered).toBe(true);
    expect(peskov.quotes[0]?.text).toMatch(/Peskov told reporters/);
  });

  it("counts an irregular past form in the article as the question's base verb", async () => {
    // "What did the US assessment find …" against "a US assessment later found …".
    const evidence = await gatherEvidence(context, "What did the US assessment find about Fordow?");
    expect(evidence.candidates[0]?.text).toMatch(/assessment later found/);
    expect(evidence.candidates[0]?.coverage).toBe(1);
  });

  it("refuses empty and stop-word-only input, and a plea for help, with a hint", async () => {
    for (const question of ["", "   ", "what is the", "?!?", "help", "Help me please!", "<@123> help?"]) {
      const answer = await answerQuestion(context, question);
      expect(answer.answered).toBe(false);
      expect(answer.text).toMatch(/Ask me something/);
    }
  });

  it("never throws on FTS5-hostile or huge input", async () => {
    const hostile = ['"Kremlin', "Iran AND NOT Israel", "NEAR(Iran Israel)", "ceasefire*", "-Iran", "col:Iran", "🔥🕊️", "x".repeat(10_000), "Iran ".repeat(5000)];
    for (const question of hostile) {
      const answer = await answerQuestion(context, question);
      expectAnswerInvariants(answer);
    }
  });

  it("keeps its invariants over many generated questions", async () => {
    const words = ["Kremlin", "Iran", "Israel", "Trump", "ceasefire", "Peskov", "strike", "nuclear", "Putin", "Moscow", "Tehran", "sites", "weapons", "dialogue", "escalation", "Qatar", "Fordow", "Reuters", "volcano", "football", "bank"];
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 150; i++) {
      const length = 1 + Math.floor(random() * 6);
      const question = Array.from({ length }, () => words[Math.floor(random() * words.length)]).join(" ") + (random() > 0.5 ? "?" : "");
      expectAnswerInvariants(await answerQuestion(context, question));
    }
  });

  it("filters by date, explicitly and from phrases in the question", async () => {
    const june = await answerQuestion(context, "What did Peskov say about Iran?", { until: "2025-07-01" });
    expect(june.answered).toBe(true);
    expect(new Set(june.quotes.map((q) => q.title))).toEqual(new Set([MOSCOW_TIMES]));
    const december = await answerQuestion(context, "What did Peskov say about Iran in December 2025?");
    expect(december.answered).toBe(true);
    expect(new Set(december.quotes.map((q) => q.title))).toEqual(new Set([TRT]));
    const lastWeek = await answerQuestion(context, "What did Peskov say about Iran last week?");
    expect(new Set(lastWeek.quotes.map((q) => q.title))).toEqual(new Set([TRT]));
    const yesterday = await answerQuestion(context, "What did Peskov say about Iran yesterday?");
    expect(yesterday.answered).toBe(false);
  });

  it("filters by outlet", async () => {
    const answer = await answerQuestion(context, "What did Peskov say about Iran?", { source: "moscow times" });
    expect(answer.answered).toBe(true);
    expect(answer.quotes.every((q) => q.source === "The Moscow Times")).toBe(true);
  });

  it("the JSON shape is the contract's", async () => {
    const json = answerToJson(await answerQuestion(context, "What did Putin say about the attacks on Iran?"));
    expect(Object.keys(json).sort()).toEqual(["answered", "question", "quotes", "text"]);
    expect(Object.keys(json.quotes[0]!).sort()).toEqual(["articleId", "citation", "published", "source", "text", "title", "url"]);
  });

  it("verification drops a quote that does not match the stored text at its offsets", async () => {
    const answer = await answerQuestion(context, "What did Putin say about the attacks on Iran?");
    const good = answer.quotes[0]!;
    const rejected: string[] = [];
    const kept = verifyQuotes(
      store,
      [
        good,
        { ...good, text: good.text.replace("condemned", "praised") },
        { ...good, start: good.start + 5, end: good.end + 5 },
        { ...good, articleId: "no-such-article" },
      ],
      (_quote, reason) => rejected.push(reason),
    );
    expect(kept).toEqual([good]);
    expect(rejected).toHaveLength(3);
  });
});

describe("the command line", () => {
  const run = (args: string[], input?: string) =>
    execFileSync(path.join(ROOT, "node_modules/.bin/tsx"), [path.join(ROOT, "src/cli/main.ts"), ...args], {
      cwd: ROOT,
      input,
      env: { ...process.env, INDEX_DIR: dir, EMBEDDING_MODEL_PATH: path.join(dir, "no-models"), LOG_LEVEL: "silent" },
      encoding: "utf8",
    });

  it("ask --batch gives one line per question, the same as single calls", () => {
    const questions = ["What did Putin say about the attacks on Iran?", "What is the capital of France?", "Why is the Kremlin urging restraint over Iran?"];
    const input = questions.map((question, i) => JSON.stringify({ id: `q${i}`, question })).join("\n") + "\nnot json\n";
    const lines = run(["ask", "--batch"], input).trim().split("\n").map((line) => JSON.parse(line));
    expect(lines).toHaveLength(4);
    expect(lines[3].error).toMatch(/not valid JSON/);
    questions.forEach((question, i) => {
      const single = JSON.parse(run(["ask", question, "--json"]));
      expect(lines[i]).toEqual({ id: `q${i}`, ...single });
    });
  });

  it("search --batch gives one line per query, the same as single calls", () => {
    const queries = ["ceasefire", "Fordow nuclear", "volcano"];
    const input = queries.map((query, i) => JSON.stringify({ id: i, query })).join("\n");
    const lines = run(["search", "--batch", "-k", "3"], input).trim().split("\n").map((line) => JSON.parse(line));
    expect(lines).toHaveLength(3);
    queries.forEach((query, i) => {
      const single = JSON.parse(run(["search", query, "-k", "3", "--json"]));
      expect(single.query).toBe(query);
      expect(lines[i]).toEqual({ id: i, hits: single.hits });
    });
    expect(lines[0].hits[0]).toEqual(
      expect.objectContaining({ articleId: expect.any(String), chunkId: expect.any(String), score: expect.any(Number), title: expect.any(String) }),
    );
    expect(lines[2].hits).toEqual([]);
  });
});
