import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { createPlainBm25, tokenizePlain } from "../bench/baselines/plain-bm25";
import { benchDataDir, datasetPaths, missingDatasetLine } from "../bench/datasets/paths";
import {
  loadReutersStories,
  parseReutersDate,
  parseReutersSgml,
  storiesByDay,
  type ReutersStory,
} from "../bench/datasets/reuters";
import { loadSquadPassages, mixInDistractors } from "../bench/datasets/squad";
import { loadTimeCollection } from "../bench/datasets/time";
import { mean, median, mrrAtK, ndcgAtK, percentile, recallAtK, summarize } from "../bench/metrics";
import { fixtureDatasets } from "./support/bench-datasets";

describe("the benchmark's data folder", () => {
  it("is BENCH_DATA_DIR when set, ../shared/datasets beside the project otherwise", () => {
    expect(benchDataDir({ BENCH_DATA_DIR: "/data/bench" })).toBe("/data/bench");
    expect(benchDataDir({})).toBe(path.resolve(__dirname, "../../shared/datasets"));
  });

  it("says in one line what is missing, where to put it, and how to point elsewhere", () => {
    expect(missingDatasetLine(fixtureDatasets)).toBeNull();
    const line = missingDatasetLine(datasetPaths("/nowhere"));
    expect(line).toBe(
      "bench: TIME collection (TIME.ALL, TIME.QUE, TIME.REL, TIME.STP) not found: put it at /nowhere/time/TIME.ALL, or set BENCH_DATA_DIR to the folder holding time/, reuters21578/, squadshifts/ and xquad/",
    );
  });
});

describe("TIME collection", () => {
  const collection = loadTimeCollection(fixtureDatasets.timeDir);

  it("numbers articles by position and dates them in 1963", () => {
    expect(collection.documents).toHaveLength(12);
    expect(collection.documents.map((doc) => doc.id)).toEqual(Array.from({ length: 12 }, (_, i) => String(i + 1)));
    expect(collection.documents.every((doc) => /^1963-\d\d-\d\d$/.test(doc.date))).toBe(true);
    expect(collection.documents[0]).toMatchObject({ date: "1963-01-04" });
    expect(collection.documents[0]!.text).toMatch(/^THE ALLIES AFTER NASSAU THE U\.S \. OFFER TO SUPPLY BRITAIN/);
    expect(collection.documents.at(-1)!.text).toMatch(/SEND HIS BROTHER NHU AWAY \.$/);
  });

  it("reads a header written `08/30 63`", () => {
    expect(collection.documents[9]).toMatchObject({ id: "10", date: "1963-08-30" });
    expect(collection.documents[9]!.text).toMatch(/^SOUTH VIET NAM THE CRACKDOWN/);
  });

  it("reads queries with collapsed whitespace", () => {
    expect(collection.queries).toHaveLength(7);
    expect(collection.queries[0]).toEqual({
      id: "1",
      text: "KENNEDY ADMINISTRATION PRESSURE ON NGO DINH DIEM TO STOP SUPPRESSING THE BUDDHISTS .",
    });
    expect(collection.queries[1]!.text).toBe(
      "EFFORTS OF AMBASSADOR HENRY CABOT LODGE TO GET VIET NAM'S PRESIDENT DIEM TO CHANGE HIS POLICIES OF POLITICAL REPRESSION .",
    );
  });

  it("keeps the judgments that point at an article, losing a query whose only one points past the end", () => {
    const judgments = [...collection.relevant.values()].flatMap((docs) => [...docs]);
    expect(judgments).toHaveLength(12);
    expect(judgments.every((id) => Number(id) >= 1 && Number(id) <= 12)).toBe(true);
    expect(collection.relevant.size).toBe(6);
    expect(collection.relevant.has("7")).toBe(false);
    expect(collection.relevant.get("1")).toEqual(new Set(["6", "7", "10", "12"]));
    expect(collection.relevant.get("6")).toEqual(new Set(["5", "11"]));
  });

  it("lowercases the stop words", () => {
    expect(collection.stopWords.size).toBe(45);
    expect(collection.stopWords.has("the")).toBe(true);
    expect(collection.stopWords.has("THE")).toBe(false);
  });
});

describe("SQuAD-format passages", () => {
  const newWiki = loadSquadPassages(fixtureDatasets.squadShiftsNewWikiFile);
  const xquad = loadSquadPassages(fixtureDatasets.xquadEnFile);

  it("reads paragraphs as passages and their questions with distinct answers", () => {
    expect(newWiki.passages).toHaveLength(8);
    expect(newWiki.questions).toHaveLength(17);
    expect(newWiki.passages[0]).toMatchObject({ id: "Harbour_Bridge_of_Portmere#0", title: "Harbour_Bridge_of_Portmere" });
    expect(newWiki.questions[0]).toEqual({
      id: "harbou00",
      question: "Who designed the Harbour Bridge of Portmere?",
      passageId: "Harbour_Bridge_of_Portmere#0",
      answers: ["the engineer Agnes Hollow", "Agnes Hollow"],
    });
    expect(xquad.passages).toHaveLength(3);
    expect(xquad.questions).toHaveLength(3);
  });

  it("points every question at the paragraph that holds its answers", () => {
    for (const { passages, questions } of [newWiki, xquad]) {
      const textById = new Map(passages.map((passage) => [passage.id, passage.text]));
      for (const question of questions) {
        expect(question.answers.length).toBeGreaterThan(0);
        for (const answer of question.answers) expect(textById.get(question.passageId)).toContain(answer);
      }
    }
  });

  it("mixes in distractors under prefixed ids, keeping only the pool's questions", () => {
    const mixed = mixInDistractors(newWiki, xquad, "xquad:");
    expect(mixed.passages).toHaveLength(8 + 3);
    expect(mixed.questions).toBe(newWiki.questions);
    expect(new Set(mixed.passages.map((passage) => passage.id)).size).toBe(11);
    expect(mixed.passages.slice(8).every((passage) => passage.id.startsWith("xquad:"))).toBe(true);
    expect(mixed.passages[8]!.text).toBe(xquad.passages[0]!.text);
  });

  it("refuses a prefix that makes ids collide", () => {
    expect(() => mixInDistractors(newWiki, newWiki, "")).toThrow(/already in the pool/);
  });
});

describe("Reuters-21578 stories", () => {
  let stories: ReutersStory[];
  let byId: Map<string, ReutersStory>;
  beforeAll(() => {
    stories = loadReutersStories(fixtureDatasets.reutersDir);
    byId = new Map(stories.map((story) => [story.id, story]));
  });

  it("keeps the stories with a title, a body and a real date", () => {
    expect(stories).toHaveLength(44);
    expect(byId.size).toBe(44);
    expect(stories.every((story) => story.source === "Reuters" && story.title !== "" && story.text !== "")).toBe(true);
    expect(stories.every((story) => /^1987-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(story.published))).toBe(true);
    // Its <DATE> says `31-MAR-1987 605:12:19.12`; story 7 is a brief without a body.
    expect(byId.has("reuters-5")).toBe(false);
    expect(byId.has("reuters-7")).toBe(false);
  });

  it("reads the first story whole", () => {
    const first = stories[0]!;
    expect(first).toMatchObject({ id: "reuters-1", title: "BAHIA COCOA HARVEST IMPROVES AFTER RAINS", published: "1987-02-26T15:01:01.790Z" });
    expect(first.text).toBe(
      "Rains fell across the Bahia cocoa zone this week, easing the drought and improving prospects for the coming harvest, exporters said in their weekly review.\n\n" +
        "Arrivals for the week were 120,000 bags of 60 kilos.\n\nThe review said farmers still hold a few hundred thousand bags of old crop cocoa.",
    );
  });

  it("decodes entities and leaves no control characters", () => {
    expect(byId.get("reuters-2")!.title).toBe("STANDARD OIL <SRD> TO FORM FINANCIAL UNIT");
    expect(byId.get("reuters-3")!.title).toBe("S&L ACQUISITION RAISES U.S. 1987 TOLL TO 12");
    expect(byId.get("reuters-3")!.text).toContain("a Market & Opinion survey");
    expect(byId.get("reuters-6")!.text).toMatch(/^Acme Corp's Semiconductor Division made five mln dlrs in the quarter, up from three mln\.\n\n/);
    const leftovers = stories.filter((story) => /&(?:lt|gt|amp|#\d+);|[\x00-\x09\x0b-\x1f\x7f]/.test(story.title + story.text));
    expect(leftovers).toEqual([]);
  });

  it("strips every form of the sign-off, twice where a story is signed twice", () => {
    const endingInReuter = stories.filter((story) => /reute\w*\W*$/i.test(story.text));
    // What is left is the agency named in a sentence, not a sign-off.
    expect(endingInReuter.map((story) => story.id)).toEqual(["reuters-6"]);
    expect(byId.get("reuters-6")!.text).toMatch(/he told Reuters\.$/);
    // Signed "REUTER\n Reuter", "Reuter4" and "REUTER TAW".
    expect(byId.get("reuters-2")!.text).toMatch(/the company said\.$/);
    expect(byId.get("reuters-3")!.text).toMatch(/of the industry said\.$/);
    expect(byId.get("reuters-4")!.text).toMatch(/apply to the 1987 crops\.$/);
  });

  it("breaks paragraphs at indented lines, table rows included", () => {
    expect(byId.get("reuters-4")!.text).toContain("loan rates:\n\n(Dlrs/Bu) Loan Release\n\nWheat 2.40 4.65\n\nCorn 1.92 3.15\n\nThe rates");
    expect(stories.every((story) => !/ {2}|\n{3}|^\s|\s$/.test(story.text))).toBe(true);
  });

  it("groups days in order, each day's stories in time order", () => {
    const days = storiesByDay(stories);
    const keys = [...days.keys()];
    expect(keys).toEqual(["1987-02-26", "1987-03-03", "1987-04-07", "1987-04-09", "1987-10-19", "1987-10-20"]);
    expect(days.get("1987-02-26")).toHaveLength(2);
    expect([...days.values()].reduce((sum, day) => sum + day.length, 0)).toBe(44);
    for (const [day, dayStories] of days) {
      expect(dayStories.every((story) => story.published.startsWith(day))).toBe(true);
      const times = dayStories.map((story) => story.published);
      expect(times).toEqual([...times].sort());
    }
  });

  it("stops at the limit, in file order", () => {
    expect(loadReutersStories(fixtureDatasets.reutersDir, { limit: 3 }).map((story) => story.id)).toEqual([
      "reuters-1",
      "reuters-2",
      "reuters-3",
    ]);
  });
});

describe("parseReutersSgml", () => {
  const sgml = [
    '<REUTERS TOPICS="NO" NEWID="7">',
    "<DATE> 7-APR-1987 16:22:00.0</DATE>",
    "<TEXT>&#2;",
    "<TITLE>S&amp;P SAYS &lt;ACME> OK</TITLE>",
    "<DATELINE>    NEW YORK, April 7 - </DATELINE><BODY>Acme Corp &lt;ACM.N> said",
    "its Semiconducto&#27;[Br Division made 5&#127;mln dlrs.",
    "    Zürich analysts agreed.^M",
    "",
    " Shr 1.20 vs 1.10",
    " REUTER...",
    " Reuter",
    "&#3;</BODY></TEXT>",
    "</REUTERS>",
    '<REUTERS NEWID="8"><DATE>31-MAR-1987 605:12:19.12</DATE><TEXT><TITLE>T</TITLE><BODY>B\n Reuter\n&#3;</BODY></TEXT></REUTERS>',
    '<REUTERS NEWID="9"><DATE>8-APR-1987 10:00:00.00</DATE><TEXT TYPE="BRIEF"><TITLE>BRIEF ONLY</TITLE></TEXT></REUTERS>',
    '<REUTERS NEWID="10"><DATE>8-APR-1987 10:00:00.00</DATE><TEXT><TITLE>SIGN-OFF ONLY</TITLE><BODY> Reuter\n&#3;</BODY></TEXT></REUTERS>',
  ].join("\n");

  it("cleans one story and leaves out those without a real date, a body or any text", () => {
    expect(parseReutersSgml(sgml)).toEqual([
      {
        id: "reuters-7",
        title: "S&P SAYS <ACME> OK",
        text: "Acme Corp <ACM.N> said its Semiconductor Division made 5 mln dlrs.\n\nZürich analysts agreed.\n\nShr 1.20 vs 1.10",
        published: "1987-04-07T16:22:00.000Z",
        source: "Reuters",
      },
    ]);
  });
});

describe("parseReutersDate", () => {
  it("reads the <DATE> forms the files use, as UTC", () => {
    expect(parseReutersDate("26-FEB-1987 15:01:01.79")).toBe("1987-02-26T15:01:01.790Z");
    expect(parseReutersDate("3-MAR-1987  09:15:05.40")).toBe("1987-03-03T09:15:05.400Z");
    expect(parseReutersDate(" 9-APR-1987 13:32:06.7")).toBe("1987-04-09T13:32:06.700Z");
    expect(parseReutersDate("19-MAR-1987 10:12:13.45&#9;&#9;&#9;F")).toBe("1987-03-19T10:12:13.450Z");
  });

  it("refuses dates that do not exist", () => {
    expect(parseReutersDate("31-MAR-1987 605:12:19.12")).toBeNull();
    expect(parseReutersDate("31-FEB-1987 10:00:00.00")).toBeNull();
    expect(parseReutersDate("12-XYZ-1987 10:00:00.00")).toBeNull();
    expect(parseReutersDate("")).toBeNull();
  });
});

describe("ranking metrics", () => {
  it("recall@k is the share of relevant ids in the top k", () => {
    expect(recallAtK(["a", "b", "c", "d"], new Set(["b", "d", "x"]), 2)).toBeCloseTo(1 / 3);
    expect(recallAtK(["a", "b", "c", "d"], new Set(["b", "d", "x"]), 4)).toBeCloseTo(2 / 3);
    expect(recallAtK([], new Set(["a"]), 10)).toBe(0);
    expect(() => recallAtK(["a"], new Set(), 1)).toThrow(RangeError);
  });

  it("mrr@k is the reciprocal rank of the first relevant id within k", () => {
    expect(mrrAtK(["a", "b", "c"], new Set(["c", "b"]), 3)).toBe(1 / 2);
    expect(mrrAtK(["a", "b", "c"], new Set(["c"]), 3)).toBe(1 / 3);
    expect(mrrAtK(["a", "b", "c"], new Set(["c"]), 2)).toBe(0);
  });

  it("ndcg@k divides by the ideal ranking's gain", () => {
    // DCG 1 + 1/log2(4) = 1.5; ideal 1 + 1/log2(3).
    expect(ndcgAtK(["a", "b", "c"], new Set(["a", "c"]), 3)).toBeCloseTo(1.5 / (1 + 1 / Math.log2(3)));
    expect(ndcgAtK(["b", "a"], new Set(["a"]), 2)).toBeCloseTo(1 / Math.log2(3));
    expect(ndcgAtK(["a", "b"], new Set(["a", "b", "c"]), 2)).toBe(1);
    expect(ndcgAtK(["x", "y"], new Set(["a"]), 2)).toBe(0);
  });

  it("percentiles interpolate between nearest ranks", () => {
    expect(percentile([4, 1, 3, 2], 50)).toBe(2.5);
    expect(percentile([4, 1, 3, 2], 25)).toBe(1.75);
    expect(percentile([4, 1, 3, 2], 0)).toBe(1);
    expect(percentile([4, 1, 3, 2], 100)).toBe(4);
    expect(median([3, 1, 2])).toBe(2);
    expect(mean([1, 2, 6])).toBe(3);
    expect(() => percentile([1], 101)).toThrow(RangeError);
    expect(() => median([])).toThrow(RangeError);
  });

  it("summarize gives the latency figures", () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    const summary = summarize(values);
    expect(summary).toMatchObject({ median: 50.5, min: 1, max: 100, n: 100 });
    expect(summary.p95).toBeCloseTo(95.05);
    expect(summary.p99).toBeCloseTo(99.01);
  });
});

describe("plain BM25", () => {
  const docs = [
    { id: "cats", text: "The cat sat on the mat and purred at the other cat." },
    { id: "stocks", text: "Stock markets crashed on Monday; the Dow fell 508 points." },
    { id: "dogs", text: "A dog barked at the mail carrier on Monday." },
  ];

  it("ranks the obviously matching document first", () => {
    const hits = createPlainBm25(docs).search("Why did the stock market crash on Monday?", 3);
    expect(hits[0]!.id).toBe("stocks");
    expect(hits.map((hit) => hit.score)).toEqual([...hits.map((hit) => hit.score)].sort((a, b) => b - a));
    expect(createPlainBm25(docs).search("purring cats", 3)).toEqual([]);
    expect(createPlainBm25(docs).search("cat", 3).map((hit) => hit.id)).toEqual(["cats"]);
  });

  it("returns at most k hits and drops stop words", () => {
    expect(createPlainBm25(docs).search("the monday", 1)).toHaveLength(1);
    expect(createPlainBm25(docs, { stopWords: new Set(["the", "on"]) }).search("the on", 3)).toEqual([]);
  });

  it("scores with k1 1.2, b 0.75 and Lucene's idf", () => {
    const [hit] = createPlainBm25([
      { id: "d1", text: "apple banana" },
      { id: "d2", text: "cherry" },
    ]).search("Apple", 5);
    // idf ln(1 + 1.5/1.5); length norm 0.25 + 0.75 * 2/1.5 = 1.25; tf part 2.2 / (1 + 1.2 * 1.25).
    expect(hit!.id).toBe("d1");
    expect(hit!.score).toBeCloseTo(Math.log(2) * (2.2 / 2.5));
  });

  it("tokenizes to lowercase letters and digits", () => {
    expect(tokenizePlain("U.S. GDP rose 2.5% in Q3")).toEqual(["u", "s", "gdp", "rose", "2", "5", "in", "q3"]);
  });
});
