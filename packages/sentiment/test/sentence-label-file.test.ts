import { describe, expect, it } from "vitest";
import { decodeUtf8OrLatin1, parseSentenceLabelFile } from "../src/index.js";

describe("decodeUtf8OrLatin1", () => {
  it("reads valid UTF-8 as UTF-8 and drops a BOM", () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode("Nokia's € profit")]);
    expect(decodeUtf8OrLatin1(bytes)).toEqual({ text: "Nokia's € profit", encoding: "utf-8" });
  });

  it("falls back to ISO-8859-1 byte for byte when the bytes are not UTF-8 (PhraseBank ships latin-1)", () => {
    // "Pörssi €" cannot be latin-1; "Pörssi © 0x80" is: 0xF6 ö, 0xA9 ©, 0x80 stays U+0080.
    const bytes = new Uint8Array([0x50, 0xf6, 0x72, 0x73, 0x73, 0x69, 0x20, 0xa9, 0x20, 0x80]);
    expect(decodeUtf8OrLatin1(bytes)).toEqual({ text: "Pörssi © \u0080", encoding: "latin-1" });
  });
});

describe("parseSentenceLabelFile", () => {
  it("splits on the last @, accepts labels in any case and skips bad lines with their line numbers", () => {
    const text = [
      "Operating profit rose to EUR 13.1 mn@positive",
      "Contact investor@company.fi for details@neutral",
      "",
      "Sales fell 5 %@Negative\r",
      "No label on this line",
      "Weird label@bullish",
      "@neutral",
    ].join("\n");
    const set = parseSentenceLabelFile(new TextEncoder().encode(text), "phrases.txt");
    expect(set.encoding).toBe("utf-8");
    expect(set.examples).toEqual([
      { text: "Operating profit rose to EUR 13.1 mn", label: "positive" },
      { text: "Contact investor@company.fi for details", label: "neutral" },
      { text: "Sales fell 5 %", label: "negative" },
    ]);
    expect(set.skipped).toBe(3);
    expect(set.skippedReasons).toEqual(["line 5: no @label", 'line 6: unknown label "bullish"', "line 7: empty sentence"]);
  });

  it("reads a latin-1 file", () => {
    const latin1 = Buffer.from("Componenta's net sales in Jyväskylä rose@positive\n", "latin1");
    const set = parseSentenceLabelFile(new Uint8Array(latin1), "p.txt");
    expect(set.encoding).toBe("latin-1");
    expect(set.examples[0]?.text).toBe("Componenta's net sales in Jyväskylä rose");
  });
});
