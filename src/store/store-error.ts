/** An index that cannot be used as it is; the message is one line naming the file or folder and the fix. */
export class StoreError extends Error {}

/** SQLite's own words for a database file that is damaged or is not a database at all. */
function isDamaged(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" && (code.startsWith("SQLITE_CORRUPT") || code === "SQLITE_NOTADB");
}

/** The one line for a damaged index database: which file, and how to get a working index back. */
export function damagedDatabaseError(file: string, detail: string): StoreError {
  const oneLine = detail.replace(/\*\*\* in database main \*\*\*/, "").replace(/\s+/g, " ").trim().slice(0, 160);
  return new StoreError(
    `the index database ${file} is damaged (${oneLine}); move it aside (mv "${file}" "${file}.broken") and run ` +
      "`npm run -s cli -- ingest` to rebuild it from ARTICLES_DIR (feeds refill at their next poll)",
  );
}

/** A damaged-database error as the one line above; any other error as it is. */
export function explainDatabaseError(error: unknown, file: string): unknown {
  return isDamaged(error) ? damagedDatabaseError(file, (error as Error).message) : error;
}
