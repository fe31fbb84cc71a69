import { describe, expect, it } from "vitest";
import { answerFollowUp, carryOver, describeCarried } from "../src/answers/follow-up";
import type { Answer } from "../src/answers";

const CEASEFIRE = "What happened with the Iran-Israel ceasefire?";
const KREMLIN_IN_JUNE = "What did the Kremlin say about the ceasefire in June?";

describe("carrying a follow-up's missing context over from the previous question", () => {
  it("gives a question with no subject of its own the previous subject and entities", () => {
    expect(carryOver(CEASEFIRE, "When did that happen?")).toEqual({
      question: "When did that happen? Iran-Israel ceasefire",
      carried: { subject: "Iran-Israel ceasefire", dates: null },
    });
  });

  it("keeps the entity the follow-up names, with the previous entities related to it and the previous topic", () => {
    expect(carryOver(CEASEFIRE, "What did Iran say?").carried).toEqual({ subject: "Iran-Israel ceasefire", dates: null });
    expect(carryOver(KREMLIN_IN_JUNE, "What did Iran say?")).toEqual({
      question: "What did Iran say? ceasefire in June",
      carried: { subject: "ceasefire", dates: "in June" },
    });
  });

  it("replaces the date window when the follow-up names its own", () => {
    expect(carryOver(KREMLIN_IN_JUNE, "And in December?")).toEqual({
      question: "And in December? Kremlin ceasefire",
      carried: { subject: "Kremlin ceasefire", dates: null },
    });
  });

  it("lets a question with its own subject stand alone, unless it says it continues", () => {
    expect(carryOver(KREMLIN_IN_JUNE, "What is the price of oil?")).toEqual({ question: "What is the price of oil?", carried: null });
    expect(carryOver("Who won the election in 2024?", "And the turnout?")).toEqual({
      question: "And the turnout? in 2024",
      carried: { subject: null, dates: "in 2024" },
    });
  });

  it("lets a question asking what a name is stand alone, not a question about what the name did", () => {
    expect(carryOver(CEASEFIRE, "Who is Dmitry Peskov?")).toEqual({ question: "Who is Dmitry Peskov?", carried: null });
    expect(carryOver(CEASEFIRE, "What's Fordo?")).toEqual({ question: "What's Fordo?", carried: null });
    expect(carryOver(CEASEFIRE, "Who was it?").carried).toEqual({ subject: "Iran-Israel ceasefire", dates: null });
    expect(carryOver(CEASEFIRE, "What did Peskov say?").carried).toEqual({ subject: "ceasefire", dates: null });
  });

  it("lets a question that names only a day stand alone: it asks for that day's news", () => {
    expect(carryOver(CEASEFIRE, "What happened yesterday?")).toEqual({ question: "What happened yesterday?", carried: null });
    expect(carryOver(CEASEFIRE, "What did they say yesterday?").carried).toEqual({ subject: "Iran-Israel ceasefire", dates: null });
    expect(carryOver(CEASEFIRE, "And yesterday?").carried).toEqual({ subject: "Iran-Israel ceasefire", dates: null });
    // A weekday is a day too, not a name to carry: after "What did Peskov say on Tuesday?" it was asked as "…Tuesday".
    expect(carryOver("What did Peskov say on Tuesday?", "What happened on Tuesday?")).toEqual({ question: "What happened on Tuesday?", carried: null });
    expect(carryOver(CEASEFIRE, "What did they say last Friday?").carried).toEqual({ subject: "Iran-Israel ceasefire", dates: null });
  });

  it("says briefly what was carried", () => {
    expect(describeCarried({ subject: "Iran-Israel ceasefire", dates: null })).toBe("about: Iran-Israel ceasefire");
    expect(describeCarried({ subject: "ceasefire", dates: "in June" })).toBe("about: ceasefire, dates: in June");
  });
});

describe("answering a follow-up", () => {
  /** An ask that answers only the questions in `answered`, and records what it was asked. */
  const asker = (answered: string[]) => {
    const asked: string[] = [];
    const ask = async (question: string) => {
      asked.push(question);
      return { question, answered: answered.includes(question), quotes: [], sources: [], text: question, passages: [], closestHeadlines: [], reason: answered.includes(question) ? "" : question } satisfies Answer;
    };
    return { asked, ask };
  };

  it("asks with the context carried over, and only that, when it is answered", async () => {
    const { asked, ask } = asker(["When did that happen? Iran-Israel ceasefire"]);
    const { answer, followUp } = await answerFollowUp(CEASEFIRE, "When did that happen?", ask);
    expect(answer.answered).toBe(true);
    expect(followUp.carried).toEqual({ subject: "Iran-Israel ceasefire", dates: null });
    expect(asked).toEqual(["When did that happen? Iran-Israel ceasefire"]);
  });

  it("answers the question alone, carrying nothing, when only that is answered", async () => {
    const { asked, ask } = asker(["What did Iran say?"]);
    const { answer, followUp } = await answerFollowUp(KREMLIN_IN_JUNE, "What did Iran say?", ask);
    expect(answer).toMatchObject({ question: "What did Iran say?", answered: true });
    expect(followUp).toEqual({ question: "What did Iran say?", carried: null });
    expect(asked).toEqual(["What did Iran say? ceasefire in June", "What did Iran say?"]);
  });

  it("keeps the refusal that says what was carried when neither is answered", async () => {
    const { ask } = asker([]);
    const { answer, followUp } = await answerFollowUp(KREMLIN_IN_JUNE, "What did Iran say?", ask);
    expect(answer.question).toBe("What did Iran say? ceasefire in June");
    expect(followUp.carried).toEqual({ subject: "ceasefire", dates: "in June" });
  });

  describe("when the carried answer never names what the follow-up names", () => {
    const STRIKE = "Which country did US forces strike?";
    const KREMLIN = "What did the Kremlin say?";
    /** An ask that answers every question, quoting `quoted[question]` (nothing for others). */
    const quoting = (quoted: Record<string, string>) => {
      const asked: string[] = [];
      const ask = async (question: string) => {
        asked.push(question);
        const quotes = question in quoted ? [{ text: quoted[question]! } as Answer["quotes"][number]] : [];
        return { question, answered: true, quotes, sources: [], text: question, passages: [], closestHeadlines: [], reason: "" } satisfies Answer;
      };
      return { asked, ask };
    };

    it("answers the question alone when that answer names it", async () => {
      const { asked, ask } = quoting({
        "What did the Kremlin say? country forces strike": "US forces struck Iran's three main nuclear sites.",
        [KREMLIN]: "The Kremlin on Tuesday urged all parties to refrain from escalation over Iran.",
      });
      const { answer, followUp } = await answerFollowUp(STRIKE, KREMLIN, ask);
      expect(answer.question).toBe(KREMLIN);
      expect(followUp).toEqual({ question: KREMLIN, carried: null });
      expect(asked).toEqual(["What did the Kremlin say? country forces strike", KREMLIN]);
    });

    it("keeps the carried answer when the answer alone does not name it either", async () => {
      const { ask } = quoting({
        "What did the Kremlin say? country forces strike": "US forces struck Iran's three main nuclear sites.",
        [KREMLIN]: "Moscow urged all parties to refrain from escalation over Iran.",
      });
      const { answer, followUp } = await answerFollowUp(STRIKE, KREMLIN, ask);
      expect(answer.question).toBe("What did the Kremlin say? country forces strike");
      expect(followUp.carried).toEqual({ subject: "country forces strike", dates: null });
    });

    it("asks nothing more when the carried answer names it", async () => {
      const { asked, ask } = quoting({ "What did the Kremlin say? country forces strike": "The Kremlin condemned the US strikes on Iran." });
      const { answer } = await answerFollowUp(STRIKE, KREMLIN, ask);
      expect(answer.question).toBe("What did the Kremlin say? country forces strike");
      expect(asked).toEqual(["What did the Kremlin say? country forces strike"]);
    });
  });

  it("asks a first question as it is", async () => {
    const { asked, ask } = asker([]);
    expect((await answerFollowUp(null, "What did Iran say?", ask)).followUp).toEqual({ question: "What did Iran say?", carried: null });
    expect(asked).toEqual(["What did Iran say?"]);
  });
});
