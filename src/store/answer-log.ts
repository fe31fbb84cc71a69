import type { Store } from "./types";

/** An answer or refusal as it was posted, with what it was asked under. */
export interface LoggedAnswer {
  id: number;
  guildId: string | null;
  channelId: string | null;
  messageId: string | null;
  userId: string | null;
  /** What the person wrote. */
  question: string;
  /** What was asked of the articles: the question with what a follow-up carried over. */
  asked: string;
  answered: boolean;
  answerText: string;
  quotes: { text: string; articleId: string; citation: number }[];
  filters: { since?: string; until?: string; sources?: string[] };
  /** What a follow-up took from the previous question, e.g. "Iran-Israel ceasefire". */
  carried: string | null;
  askedAt: string;
}

type NewAnswer = Omit<LoggedAnswer, "id" | "messageId">;

interface AnswerRow extends Omit<LoggedAnswer, "answered" | "quotes" | "filters"> {
  answered: number;
  quotes: string;
  filters: string;
}

const COLUMNS = `rowid AS id, guild_id AS guildId, channel_id AS channelId, message_id AS messageId, user_id AS userId, question, asked,
  answered, answer_text AS answerText, quotes, filters, carried, asked_at AS askedAt`;

function toAnswer(row: AnswerRow): LoggedAnswer {
  return { ...row, answered: row.answered === 1, quotes: JSON.parse(row.quotes), filters: JSON.parse(row.filters) };
}

/** Records an answer before it is posted; its id goes into the vote buttons. */
export function logAnswer(store: Store, answer: NewAnswer): number {
  const result = store.db
    .prepare(
      `INSERT INTO answer_log (guild_id, channel_id, message_id, user_id, question, asked, answered, answer_text, quotes, filters, carried, asked_at)
       VALUES (?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      answer.guildId,
      answer.channelId,
      answer.userId,
      answer.question,
      answer.asked,
      answer.answered ? 1 : 0,
      answer.answerText,
      JSON.stringify(answer.quotes),
      JSON.stringify(answer.filters),
      answer.carried,
      answer.askedAt,
    );
  return Number(result.lastInsertRowid);
}

/** Notes where the answer was posted, so a reply to that message or the next question in its thread finds it. */
export function setAnswerMessage(store: Store, id: number, channelId: string, messageId: string): void {
  store.db.prepare("UPDATE answer_log SET channel_id = ?, message_id = ? WHERE rowid = ?").run(channelId, messageId, id);
}

export function readAnswer(store: Store, id: number): LoggedAnswer | null {
  const row = store.db.prepare(`SELECT ${COLUMNS} FROM answer_log WHERE rowid = ?`).get(id) as AnswerRow | undefined;
  return row ? toAnswer(row) : null;
}

export function findAnswerByMessage(store: Store, messageId: string): LoggedAnswer | null {
  const row = store.db.prepare(`SELECT ${COLUMNS} FROM answer_log WHERE message_id = ?`).get(messageId) as AnswerRow | undefined;
  return row ? toAnswer(row) : null;
}

/** The latest answer posted in a channel or thread. */
export function latestAnswerIn(store: Store, channelId: string): LoggedAnswer | null {
  const row = store.db.prepare(`SELECT ${COLUMNS} FROM answer_log WHERE channel_id = ? AND message_id IS NOT NULL ORDER BY rowid DESC LIMIT 1`).get(channelId) as
    | AnswerRow
    | undefined;
  return row ? toAnswer(row) : null;
}

/** A person's vote on an answer; a second vote replaces the first. Returns the answer's tallies. */
export function recordVote(store: Store, answerId: number, userId: string, vote: 1 | -1, now: Date): { up: number; down: number } {
  return store.db
    .transaction(() => {
      store.db
        .prepare(
          `INSERT INTO answer_votes (answer_rowid, user_id, vote, voted_at) VALUES (?, ?, ?, ?)
           ON CONFLICT(answer_rowid, user_id) DO UPDATE SET vote = excluded.vote, voted_at = excluded.voted_at`,
        )
        .run(answerId, userId, vote, now.toISOString());
      return store.db
        .prepare("SELECT COALESCE(SUM(vote = 1), 0) AS up, COALESCE(SUM(vote = -1), 0) AS down FROM answer_votes WHERE answer_rowid = ?")
        .get(answerId) as { up: number; down: number };
    })
    .immediate();
}

/** The operator's list: questions refused most often, and answers voted down. */
export interface FeedbackReport {
  since: string | null;
  refused: { question: string; count: number; lastAskedAt: string }[];
  downVoted: { answerId: number; question: string; answerText: string; up: number; down: number; askedAt: string; quotes: LoggedAnswer["quotes"]; filters: LoggedAnswer["filters"] }[];
}

const REPORT_LIMIT = 25;

/** Refused questions grouped case- and space-insensitively; answers with more down- than up-votes first. */
export function readFeedbackReport(store: Store, since: string | null, limit = REPORT_LIMIT): FeedbackReport {
  const from = since ?? "";
  const refused = store.db
    .prepare(
      `SELECT MIN(question) AS question, COUNT(*) AS count, MAX(asked_at) AS lastAskedAt FROM answer_log
       WHERE answered = 0 AND asked_at >= ? GROUP BY lower(trim(asked)) ORDER BY count DESC, lastAskedAt DESC LIMIT ?`,
    )
    .all(from, limit) as FeedbackReport["refused"];
  const downVoted = (
    store.db
      .prepare(
        `SELECT answer_log.rowid AS answerId, question, answer_text AS answerText, asked_at AS askedAt, quotes, filters,
           SUM(vote = 1) AS up, SUM(vote = -1) AS down
         FROM answer_log JOIN answer_votes ON answer_votes.answer_rowid = answer_log.rowid
         WHERE asked_at >= ? GROUP BY answer_log.rowid HAVING down > 0 ORDER BY down - up DESC, down DESC, askedAt DESC LIMIT ?`,
      )
      .all(from, limit) as (Omit<FeedbackReport["downVoted"][number], "quotes" | "filters"> & { quotes: string; filters: string })[]
  ).map((row) => ({ ...row, quotes: JSON.parse(row.quotes), filters: JSON.parse(row.filters) }));
  return { since, refused, downVoted };
}
