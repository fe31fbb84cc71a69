/**
 * A day of news for the digest tests: twelve stories, each carried by three outlets with the same title and
 * lead (so they group), one of them full of mentions and markdown, published on 4 January 2026. Enough for
 * ten stories over two messages and "2 more".
 */
import fs from "node:fs";
import path from "node:path";

export const NEWS_DAY = "2026-01-04";
export const OUTLETS = ["Northern Ledger", "Harbour Courier", "Valley Times"] as const;
export const STORY_COUNT = 12;

const PLACES = ["Aldermoor", "Brackenfield", "Calderwick", "Dunmere", "Elsworth", "Fenbridge", "Glenhollow", "Harrowgate", "Ivybank", "Jesmondale", "Larkspur"];
const PROJECTS = ["tramway", "desalination works", "ice rink", "observatory", "ferry terminal", "seed vault", "velodrome", "library annex", "wind farm", "aquarium", "cable car"];

export interface DigestFixtureStory {
  title: string;
  lead: [string, string];
  /** Published at this hour (UTC) on NEWS_DAY: the mentions story first, then the plain ones in order, the last two cut by the cap of ten. */
  hour: number;
}

/** Mention syntax and markdown that must reach Discord inert. */
export const MENTIONS_STORY: DigestFixtureStory = {
  title: "Harbour **festival** invites @everyone to the pier",
  lead: [
    "Organisers of the harbour festival invited @everyone and <@123456789012345678> to the opening night, promising **fireworks** and _music_ on the pier.",
    "The <@&234567890123456789> crew will run the stalls, and tickets for the ~~grandstand~~ seats went on sale on Sunday morning.",
  ],
  hour: 21,
};

export const PLAIN_STORIES: DigestFixtureStory[] = PLACES.map((place, i) => ({
  title: `${place} approves the ${PROJECTS[i]} after a long public consultation on the plans`,
  lead: [
    `The ${place} municipal assembly voted on Sunday to approve the long-debated ${PROJECTS[i]}, ending a consultation that had drawn thousands of written comments.`,
    `Supporters of the ${PROJECTS[i]} said it would bring visitors and jobs to ${place}, while opponents warned that the cost could rise well beyond the estimate.`,
  ],
  hour: 20 - i,
}));

export const ALL_STORIES = [MENTIONS_STORY, ...PLAIN_STORIES];

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

/** Writes the articles as one JSON-lines file in `dir`; returns its path. */
export function writeDigestArticles(dir: string): string {
  const lines = ALL_STORIES.flatMap((story) =>
    OUTLETS.map((outlet, copy) =>
      JSON.stringify({
        id: `${slug(story.title).slice(0, 40)}-${slug(outlet)}`,
        title: story.title,
        // Each outlet's closing line differs, so the copies are three articles, not one text stored three times.
        text: `${story.lead.join(" ")}\n\nThe ${outlet} newsroom will follow the story as it develops.`,
        url: `https://news.example.test/${slug(outlet)}/${slug(story.title)}`,
        published: `${NEWS_DAY}T${String(story.hour).padStart(2, "0")}:${String(copy * 5).padStart(2, "0")}:00Z`,
        source: outlet,
      }),
    ),
  );
  const file = path.join(dir, "digest-day.jsonl");
  fs.writeFileSync(file, `${lines.join("\n")}\n`);
  return file;
}
