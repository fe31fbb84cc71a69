export type DecodedText = { text: string } | { error: string };

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Line (1-based) of the first byte sequence that is not UTF-8, found through the replacement character. */
function firstInvalidLine(bytes: Buffer): number {
  const lenient = bytes.toString("utf8");
  const at = lenient.indexOf("\uFFFD");
  return lenient.slice(0, Math.max(at, 0)).split("\n").length;
}

/**
 * A file's bytes as text, or why they are not an article's text: empty, binary (NUL bytes) or not
 * UTF-8. UTF-16 with a byte-order mark is decoded too, since some editors save "Unicode" that way.
 */
export function decodeText(bytes: Buffer): DecodedText {
  if (bytes.length === 0) return { error: "file is empty" };
  let text: string;
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    text = new TextDecoder(bytes[0] === 0xff ? "utf-16le" : "utf-16be").decode(bytes);
  } else if (bytes.includes(0)) {
    return { error: "binary file (it contains NUL bytes), not text; save the article as UTF-8 text" };
  } else {
    try {
      text = utf8.decode(bytes);
    } catch {
      return { error: `not valid UTF-8 (first bad byte on line ${firstInvalidLine(bytes)}); re-save the file as UTF-8` };
    }
  }
  if (text.trim() === "") return { error: "file is empty (only whitespace)" };
  return { text: text.replace(/\r\n?/g, "\n") };
}
