import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import {
  corpusOf,
  listRealTimeQaWeeks,
  readRealTimeQaWeek,
  realTimeQaDir,
  realTimeQaMissing,
  spreadWeeks,
} from "../bench/datasets/realtimeqa";
import { benchDataDir } from "../bench/datasets/paths";
import { BASELINE_SYSTEM, boilerplateKeys, containsAnswer, NEWSDESK_SYSTEM, normaliseForMatch, runNewsQuiz } from "../bench/news-quiz";
import type { ParsedArticle } from "../src/articles/types";

// Invented quizzes in RealTimeQA's layout (see its README): the real data never enters the repository.
const FIXTURE = fileURLToPath(new URL("./fixtures/realtimeqa", import.meta.url));

describe("RealTimeQA location", () => {
  it("is REALTIMEQA_DIR, else realtimeqa beside the other benchmark data", () => {
    expect(realTimeQaDir({ REALTIMEQA_DIR: "/data/rtqa" })).toBe("/data/rtqa");
    expect(realTimeQaDir({})).toBe(path.join(benchDataDir({}), "realtimeqa"));
  });

  it("says in one line what is missing and where to put it", () => {
    const message = realTimeQaMissing("/nowhere/realtimeqa");
    expect(message).toBe(
      "RealTimeQA not found at /nowhere/realtimeqa; put past/2022..2024 of github realtimeqa/realtimeqa_public there or set REALTIMEQA_DIR",
    );
    expect(realTimeQaMissing(FIXTURE)).toBeNull();
  });
});

describe("RealTimeQA weeks", () => {
  it("lists the weekly quizzes that have search results, leaving out other files and anything from 2025 on", () => {
    const { weeks, withoutArticles } = listRealTimeQaWeeks(FIXTURE);
    expect(weeks.map((week) => [week.id, week.year])).toEqual([
      ["20230106", 2023],
      ["20240105", 2024],
    ]);
    expect(withoutArticles).toEqual(["20221028"]);
    expect(listRealTimeQaWeeks(FIXTURE, [2024]).weeks.map((week) => week.id)).toEqual(["20240105"]);
  });

  it("refuses to read the held-out years", () => {
    expect(() => listRealTimeQaWeeks(FIXTURE, [2024, 2025])).toThrow(/2025: quizzes from 2025-01-01 on are held out/);
  });

  it("reads questions with their quiz date and the text of the correct choice", () => {
    const [week2023, week2024] = listRealTimeQaWeeks(FIXTURE).weeks.map(readRealTimeQaWeek);
    expect(week2023!.questions).toHaveLength(3);
    expect(week2023!.questions[0]).toEqual({
      id: "20230106_0",
      asOf: "2023-01-05",
      question: "Which city hosted the winter lantern festival this week?",
      choices: ["Oslo", "Lyon", "Porto", "Graz"],
      gold: "Porto",
    });
    expect(week2023!.questions[1]!.asOf).toBe("2023-01-06");
    // Dated 2023/09/29 in the file, a typo: the week's own date is used.
    expect(week2024!.questions[0]).toMatchObject({ asOf: "2024-01-05", gold: "Three" });
  });

  it("makes one corpus article per url, with a normalised date and the outlet's name or host, leaving out the quiz pages", () => {
    const { articles: corpus, quizPages } = corpusOf(listRealTimeQaWeeks(FIXTURE).weeks.map(readRealTimeQaWeek));
    expect(quizPages).toBe(1);
    expect(corpus.map((article) => article.url)).toEqual([
      "https://edition.cnn.com/2023/01/04/travel/porto-lantern-festival/index.html",
      "https://edition.cnn.com/2023/01/03/business/fish-market-reopens/index.html",
      "https://edition.cnn.com/2023/01/02/entertainment/choir-record/index.html",
      "https://www.zeitung.example/2023/01/05/zurich-tram",
      "https://www.weather-desk.example/2024/01/04/snow",
    ]);
    expect(corpus[0]).toMatchObject({ title: "Porto lights up the river for its lantern festival", published: "2023-01-04", source: "CNN" });
    expect(corpus[2]!.published).toBeNull();
    expect(corpus[3]).toMatchObject({ published: "2023-01-05", source: "zeitung.example" });
  });

  it("spreads a smaller number of weeks over the whole list", () => {
    expect(spreadWeeks([1, 2, 3, 4, 5, 6, 7], 3)).toEqual([1, 4, 7]);
    expect(spreadWeeks([1, 2, 3], 5)).toEqual([1, 2, 3]);
    expect(spreadWeeks([1, 2, 3], 1)).toEqual([1]);
  });
});

describe("answer matching", () => {
  it("folds case, diacritics, punctuation and spacing", () => {
    expect(normaliseForMatch("  Zürich’s “Tram”\n Line! ")).toBe("zurich s tram line");
    expect(containsAnswer("Zürich's new tram line opened.", "zurich")).toBe(true);
    expect(containsAnswer("The show “Squid  Game” returns.", "Squid Game")).toBe(true);
  });

  it("matches from the start of a word, and whole numbers only", () => {
    expect(containsAnswer("an Australian travel firm", "Australia")).toBe(true);
    expect(containsAnswer("the Austrian firm", "Australia")).toBe(false);
    expect(containsAnswer("about 100 people", "10")).toBe(false);
    expect(containsAnswer("about 10 people", "10")).toBe(true);
    expect(containsAnswer("$1.5 billion", "$1.5 billion")).toBe(true);
    expect(containsAnswer("anything", "  ")).toBe(false);
  });
});

describe("boilerplate in the news quiz", () => {
  const promo = "Sign up for the Harbour Letter newsletter to follow every festival and market in the city.";
  const article = (title: string, story: string, source = "Harbour Post"): ParsedArticle => ({
    id: title,
    title,
    text: `${story}\n\n${promo}`,
    url: null,
    published: "2023-01-05",
    source,
    author: null,
    path: null,
  });
  const keys = new Set([normaliseForMatch(promo)]);

  it("is a paragraph its outlet prints under three differently titled stories", () => {
    const stories = [article("Lantern festival", "Porto hosted the lantern festival."), article("Tram line", "The tram line reopened."), article("Market", "The market moved.")];
    expect(boilerplateKeys(stories, keys)).toEqual(keys);
    expect(boilerplateKeys(stories.slice(0, 2), keys).size).toBe(0);
  });

  it("counts one text under several headlines once: a story re-titled, as newsdesk stores it", () => {
    const story = "Porto hosted the lantern festival.";
    const retitled = [article("Lantern festival", story), article("Lantern festival draws crowds", story), article("UPDATE: Lantern festival", `${story} `)];
    expect(boilerplateKeys(retitled, keys).size).toBe(0);
    expect(boilerplateKeys([...retitled, article("Tram line", "The tram line reopened."), article("Market", "The market moved.")], keys)).toEqual(keys);
  });

  it("is counted per outlet: a paragraph three outlets print once each is not boilerplate", () => {
    const wire = [article("Festival", "Porto hosted it.", "Harbour Post"), article("Lanterns", "Porto lit up.", "Coast Times"), article("Porto", "Crowds came.", "Wire")];
    expect(boilerplateKeys(wire, keys).size).toBe(0);
  });
});

describe("news quiz on the fixture", () => {
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), "newsdesk-news-quiz-test-"));
  afterAll(() => fs.rmSync(cacheDir, { recursive: true, force: true }));
  const weeks = listRealTimeQaWeeks(FIXTURE).weeks.map(readRealTimeQaWeek);

  it("asks each split's questions of its own index and counts what each system quoted", async () => {
    // What an interrupted build leaves behind: its process has exited.
    const interrupted = path.join(cacheDir, `dev-0123456789abcdef.building-${spawnSync(process.execPath, ["-e", ""]).pid}`);
    fs.mkdirSync(interrupted);
    const runs = await runNewsQuiz({ weeks, cacheDir, progress: () => {} });
    expect(fs.existsSync(interrupted)).toBe(false);
    expect(runs.map((run) => run.split.name)).toEqual(["dev", "check"]);
    const [dev, check] = runs;
    expect(dev!.split).toMatchObject({ years: [2023], weeks: 1, articles: 4, quizPages: 1, indexedArticles: 4, questions: 3, answerInOwnResults: 2, cachedIndex: false });
    expect(check!.split).toMatchObject({ years: [2024], weeks: 1, articles: 1, questions: 1, answerInOwnResults: 1 });

    const lantern = dev!.outcomes[NEWSDESK_SYSTEM]![0]!;
    expect(lantern).toMatchObject({ id: "20230106_0", asOf: "2023-01-05", gold: "Porto", answered: true, quoted: true, goldInTop5: true, boilerplate: false });
    expect(lantern.quotes.join(" ")).toContain("Porto hosted the winter lantern festival this week");

    // Its outlet prints the newsletter paragraph under three different stories: boilerplate, not news.
    const newsletter = dev!.outcomes[BASELINE_SYSTEM]![1]!;
    expect(newsletter).toMatchObject({ answered: true, quoted: true, boilerplate: true });
    expect(newsletter.quotes).toEqual(["Sign up for the Harbour Letter newsletter to follow every festival and market in the city."]);

    // No article says how long the tram took: the gold choice is nowhere, so the miss is "not retrieved".
    const tram = dev!.outcomes[BASELINE_SYSTEM]![2]!;
    expect(tram).toMatchObject({ quoted: false, goldInTop8: false });

    for (const { split, outcomes } of runs) {
      for (const row of split.rows) {
        const list = outcomes[row.system]!;
        expect(row.questions).toBe(list.length);
        expect(row.quoted).toBe(list.filter((outcome) => outcome.quoted).length);
        expect(row.misses.refusedAnswerRetrieved + row.misses.wrongSentence + row.misses.notRetrieved).toBe(row.questions - row.quoted);
      }
      expect(split.rows.find((row) => row.system === BASELINE_SYSTEM)!.answered).toBe(split.questions);
    }
  });

  it("reuses the cached index on the next run and can ask fewer questions", async () => {
    const runs = await runNewsQuiz({ weeks, cacheDir, limit: 2, progress: () => {} });
    expect(runs[0]!.split).toMatchObject({ cachedIndex: true, questions: 2 });
    expect(runs[0]!.outcomes[NEWSDESK_SYSTEM]!.map((outcome) => outcome.id)).toEqual(["20230106_0", "20230106_2"]);
    expect(fs.readdirSync(cacheDir).filter((name) => name.startsWith("dev-"))).toHaveLength(1);
  });

  it("answers the same in several processes as in one", async () => {
    const [alone, parallel] = [await runNewsQuiz({ weeks, cacheDir, progress: () => {} }), await runNewsQuiz({ weeks, cacheDir, jobs: 2, progress: () => {} })];
    expect(parallel.map((run) => run.outcomes)).toEqual(alone.map((run) => run.outcomes));
  }, 60_000);
});
