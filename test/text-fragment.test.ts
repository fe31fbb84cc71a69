import { describe, expect, it } from "vitest";
import { textFragmentUrl } from "../src/discord/render/text-fragment";

describe("citation links that open at the quote", () => {
  it("adds the quote's first six words as a text fragment, percent-encoded", () => {
    expect(textFragmentUrl("https://www.reuters.com/world/kremlin-urges-restraint", "The Kremlin on Tuesday urged all parties to refrain from escalation.")).toBe(
      "https://www.reuters.com/world/kremlin-urges-restraint#:~:text=The%20Kremlin%20on%20Tuesday%20urged%20all",
    );
  });

  it("encodes what the text directive and markdown links treat as syntax: - & , ( ) and non-ASCII", () => {
    const url = textFragmentUrl("https://example.com/a_(b)", "“Cease-fire, & (more) talks,” Peskov said.")!;
    expect(url).toBe("https://example.com/a_%28b%29#:~:text=%E2%80%9CCease%2Dfire%2C%20%26%20%28more%29%20talks%2C%E2%80%9D%20Peskov%20said.");
    expect(decodeURIComponent(url.split(":~:text=")[1]!)).toBe("“Cease-fire, & (more) talks,” Peskov said.");
    expect(url).not.toMatch(/[()\s]/);
  });

  it("joins an existing fragment, drops trailing punctuation of the cut, and leaves non-web urls alone", () => {
    expect(textFragmentUrl("https://example.com/page#top", "One two three four five six, seven")).toBe("https://example.com/page#top:~:text=One%20two%20three%20four%20five%20six");
    expect(textFragmentUrl("file:///articles/a.txt", "Anything at all")).toBeNull();
    expect(textFragmentUrl(null, "Anything at all")).toBeNull();
  });
});
