import { describe, expect, it } from "vitest";
import { escapeForDiscord, maskedLink } from "../src/discord/render/escape";

describe("escaping for Discord", () => {
  it("leaves no markdown in article text live: masked links, headings, lists, quotes, subtext", () => {
    expect(escapeForDiscord("[click here to claim a prize](https://evil.example/login)")).toBe("\\[click here to claim a prize](https://evil.example/login)");
    expect(escapeForDiscord("# Breaking\n## News\n- one\n* two\n1. three\n> quoted\n-# small print")).toBe(
      "\\# Breaking\n\\## News\n\\- one\n\\* two\n1\\. three\n\\> quoted\n\\-# small print",
    );
    expect(escapeForDiscord("**bold** __under__ ~~gone~~ ||spoiler|| `code` @everyone <@123456789012345678>")).toBe(
      "\\*\\*bold\\*\\* \\_\\_under\\_\\_ \\~\\~gone\\~\\~ \\|\\|spoiler\\|\\| \\`code\\` @\u200beveryone <@\u200b123456789012345678>",
    );
  });

  it("percent-encodes what could end a masked link's url, so a url cannot inject a second link", () => {
    const url = "https://news.example/story)[Official statement from Discord Staff](https://evil.example/phish";
    const link = maskedLink("Harbour story", url);
    expect(link).toBe(
      "[Harbour story](https://news.example/story%29%5BOfficial%20statement%20from%20Discord%20Staff%5D%28https://evil.example/phish)",
    );
    // Exactly one link: one "](" and no unencoded bracket or parenthesis inside the url.
    expect(link.match(/\]\(/g)).toHaveLength(1);
    expect(maskedLink("a [b](c) d", "https://x.example/a(b)")).toBe("[a \\[b\\](c) d](https://x.example/a%28b%29)");
    expect(maskedLink("Plain", "javascript:alert(1)")).toBe("Plain");
  });
});
