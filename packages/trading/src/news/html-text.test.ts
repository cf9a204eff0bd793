import { describe, expect, it } from "vitest";
import { decodeHtmlEntities, htmlToText, truncateText } from "./html-text.js";

describe("htmlToText", () => {
  it("removes tags as word breaks and collapses whitespace", () => {
    expect(htmlToText("<p>Shares <b>rose</b></p><p>after\n\t the call</p>")).toBe("Shares rose after the call");
  });

  it("decodes entities left inside CDATA descriptions (CNBC's &#039;)", () => {
    expect(htmlToText("Here&#039;s a timeline &amp; more")).toBe("Here's a timeline & more");
  });

  it("drops tracking images and script/style blocks entirely", () => {
    const html = 'Text<img src="http://feeds.example/pixel" height="1" width="1"/><script>alert("x")</script><style>p{}</style>';
    expect(htmlToText(html)).toBe("Text");
  });

  it("does not turn escaped markup written as text into tags", () => {
    expect(htmlToText("a &lt;b&gt; tag")).toBe("a <b> tag");
  });

  it("removes NUL and other control characters PostgreSQL text would reject", () => {
    expect(htmlToText("bad\u0000byte\u0007here")).toBe("badbytehere");
  });
});

describe("decodeHtmlEntities", () => {
  it.each([
    ["&copy; 2014", "© 2014"],
    ["&#169;", "©"],
    ["&#xA9;", "©"],
    ["&rsquo;s", "’s"],
    ["&nbsp;", " "],
    ["&unknownentity;", "&unknownentity;"],
    ["&#0;", ""],
    ["&#xD800;", ""],
  ])("%s → %s", (input, expected) => {
    expect(decodeHtmlEntities(input)).toBe(expected);
  });

  it("decodes only once, so a double-escaped &amp;amp; keeps one level", () => {
    expect(decodeHtmlEntities("Top News &amp;amp; Analysis")).toBe("Top News &amp; Analysis");
  });
});

describe("truncateText", () => {
  it("leaves text within the cap untouched", () => {
    expect(truncateText("short", 10)).toBe("short");
  });

  it("cuts at a word boundary and marks the cut, never exceeding the cap", () => {
    const out = truncateText("the quick brown fox jumps over the lazy dog", 20);
    expect(out.endsWith("…")).toBe(true);
    expect(Array.from(out).length).toBeLessThanOrEqual(20);
    expect(out).toBe("the quick brown fox…");
  });

  it("never splits a surrogate pair", () => {
    const out = truncateText("📈".repeat(10), 5);
    expect(Array.from(out)).toEqual(["📈", "📈", "📈", "📈", "…"]);
  });
});
