import { beforeAll, describe, expect, it } from "vitest";
import { createPlainBm25, tokenizePlain } from "../bench/baselines/plain-bm25";
import { squadShiftsNewWikiFile, xquadEnFile } from "../bench/datasets/paths";
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

describe("TIME collection", () => {
  const collection = loadTimeCollection();

  it("has 423 articles numbered by position, dated in 1963", () => {
    expect(collection.documents).toHaveLength(423);
    expect(collection.documents.map((doc) => doc.id)).toEqual(Array.from({ length: 423 }, (_, i) => String(i + 1)));
    expect(collection.documents.every((doc) => /^1963-\d\d-\d\d$/.test(doc.date))).toBe(true);
    expect(collection.documents[0]).toMatchObject({ date: "1963-01-04" });
    expect(collection.documents[0]!.text).toMatch(/^THE ALLIES AFTER NASSAU IN DECEMBER 1960, THE U\.S \. FIRST PROPOSED/);
    expect(collection.documents.at(-1)!.text).toMatch(/SUCH NUCLEAR GIANTS AS THE SOVIET UNION AND THE U\.S \.$/);
  });

  it("reads the one header written `08/30 63`", () => {
    expect(collection.documents[325]).toMatchObject({ id: "326", date: "1963-08-30" });
    expect(collection.documents[325]!.text).toMatch(/^SOUTH VIET NAM THE CRACKDOWN/);
  });

  it("has 83 queries with collapsed whitespace", () => {
    expect(collection.queries).toHaveLength(83);
    expect(collection.queries[0]).toEqual({
      id: "1",
      text: "KENNEDY ADMINISTRATION PRESSURE ON NGO DINH DIEM TO STOP SUPPRESSING THE BUDDHISTS .",
    });
    expect(collection.queries[1]!.text).toBe(
      "EFFORTS OF AMBASSADOR HENRY CABOT LODGE TO GET VIET NAM'S PRESIDENT DIEM TO CHANGE HIS POLICIES OF POLITICAL REPRESSION .",
    );
  });

  it("keeps the 321 judgments that point at an article, losing query 23 whose only one points past the end", () => {
    const judgments = [...collection.relevant.values()].flatMap((docs) => [...docs]);
    expect(judgments).toHaveLength(321);
    expect(judgments.every((id) => Number(id) >= 1 && Number(id) <= 423)).toBe(true);
    expect(collection.relevant.size).toBe(82);
    expect(collection.relevant.has("23")).toBe(false);
    expect(collection.relevant.get("1")).toEqual(new Set(["268", "288", "304", "308", "323", "326", "334"]));
    expect(collection.relevant.get("15")!.has("424")).toBe(false);
  });

  it("lowercases the stop words", () => {
    expect(collection.stopWords.size).toBe(340);
    expect(collection.stopWords.has("the")).toBe(true);
    expect(collection.stopWords.has("THE")).toBe(false);
  });
});

describe("SQuAD-format passages", () => {
  const newWiki = loadSquadPassages(squadShiftsNewWikiFile);
  const xquad = loadSquadPassages(xquadEnFile);

  it("reads SQuADShifts new_wiki: 1,581 paragraphs, 7,938 questions", () => {
    expect(newWiki.passages).toHaveLength(1581);
    expect(newWiki.questions).toHaveLength(7938);
    expect(newWiki.passages[0]).toMatchObject({ id: "Armenian_Apostolic_Church#0", title: "Armenian_Apostolic_Church" });
    expect(newWiki.questions[0]).toEqual({
      id: "5d6571572b22cd4dfcfbc8ea",
      question: "is there a delegate?",
      passageId: "Armenian_Apostolic_Church#0",
      answers: ["Each brotherhood elects two delegates who take part in the National Ecclesiastical Assembly", "two delegates"],
    });
  });

  it("reads XQuAD en: 240 paragraphs, 1,190 questions", () => {
    expect(xquad.passages).toHaveLength(240);
    expect(xquad.questions).toHaveLength(1190);
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
    expect(mixed.passages).toHaveLength(1581 + 240);
    expect(mixed.questions).toBe(newWiki.questions);
    expect(new Set(mixed.passages.map((passage) => passage.id)).size).toBe(1821);
    expect(mixed.passages.slice(1581).every((passage) => passage.id.startsWith("xquad:"))).toBe(true);
    expect(mixed.passages[1581]!.text).toBe(xquad.passages[0]!.text);
  });

  it("refuses a prefix that makes ids collide", () => {
    expect(() => mixInDistractors(newWiki, newWiki, "")).toThrow(/already in the pool/);
  });
});

describe("Reuters-21578 stories", () => {
  let stories: ReutersStory[];
  let byId: Map<string, ReutersStory>;
  beforeAll(() => {
    stories = loadReutersStories();
    byId = new Map(stories.map((story) => [story.id, story]));
  });

  it("keeps the 19,042 stories with a title, a body and a real date", () => {
    expect(stories).toHaveLength(19042);
    expect(byId.size).toBe(19042);
    expect(stories.every((story) => story.source === "Reuters" && story.title !== "" && story.text !== "")).toBe(true);
    expect(stories.every((story) => /^1987-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(story.published))).toBe(true);
    // Its <DATE> says `31-MAR-1987 605:12:19.12`.
    expect(byId.has("reuters-17192")).toBe(false);
  });

  it("reads the first story whole", () => {
    const first = stories[0]!;
    expect(first).toMatchObject({ id: "reuters-1", title: "BAHIA COCOA REVIEW", published: "1987-02-26T15:01:01.790Z" });
    expect(first.text).toMatch(/^Showers continued throughout the week in the Bahia cocoa zone, alleviating the drought/);
    expect(first.text).toContain("Comissaria Smith said in its weekly review.\n\nThe dry period means the temporao will be late this year.\n\n");
    expect(first.text).toMatch(/which ends midday on February 27\.$/);
  });

  it("decodes entities and leaves no control characters", () => {
    expect(byId.get("reuters-2")!.title).toBe("STANDARD OIL <SRD> TO FORM FINANCIAL UNIT");
    expect(byId.get("reuters-5141")!.title).toBe("S&L ACQUISITION RAISES U.S. 1987 TOLL TO 12");
    expect(byId.get("reuters-234")!.text).toContain("A Market & Opinion Research International (MORI) poll");
    const leftovers = stories.filter((story) => /&(?:lt|gt|amp|#\d+);|[\x00-\x09\x0b-\x1f\x7f]/.test(story.title + story.text));
    expect(leftovers).toEqual([]);
  });

  it("strips every form of the sign-off, twice where a story is signed twice", () => {
    const endingInReuter = stories.filter((story) => /reute\w*\W*$/i.test(story.text));
    // What is left is the agency named in a sentence, not a sign-off.
    expect(endingInReuter.every((story) => /(?:told|by) Reuters\.$|<REUT>\.$/.test(story.text))).toBe(true);
    // Signed "REUTER\n Reuter", "Reuter4" and "REUTER TAW".
    expect(byId.get("reuters-1853")!.text).toMatch(/\n\nNote: period ended January 31\.$/);
    expect(byId.get("reuters-17647")!.text).toMatch(/Energy Minister Nicolas Biwott\.$/);
    expect(byId.get("reuters-16098")!.text).toMatch(/said in a statement\.$/);
  });

  it("breaks paragraphs at indented lines, table rows included", () => {
    expect(byId.get("reuters-5")!.text).toContain("(Dlrs/Bu-Sorghum Cwt) -\n\nNatl Loan Release Call\n\nAvge Rate-X Level Price Price\n\nWheat 2.55 2.40 IV 4.65 --");
    expect(stories.every((story) => !/ {2}|\n{3}|^\s|\s$/.test(story.text))).toBe(true);
  });

  it("groups 58 days in order, each day's stories in time order", () => {
    const days = storiesByDay(stories);
    expect(days.size).toBe(58);
    const keys = [...days.keys()];
    expect(keys).toEqual([...keys].sort());
    expect(keys[0]).toBe("1987-02-26");
    expect(keys.at(-1)).toBe("1987-10-20");
    expect(days.get("1987-02-26")).toHaveLength(211);
    expect([...days.values()].reduce((sum, day) => sum + day.length, 0)).toBe(19042);
    for (const [day, dayStories] of days) {
      expect(dayStories.every((story) => story.published.startsWith(day))).toBe(true);
      const times = dayStories.map((story) => story.published);
      expect(times).toEqual([...times].sort());
    }
  });

  it("stops at the limit, in file order", () => {
    expect(loadReutersStories(undefined, { limit: 3 }).map((story) => story.id)).toEqual([
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
