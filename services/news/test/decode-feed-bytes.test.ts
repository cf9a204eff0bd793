import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { charsetFromContentType, declaredXmlEncoding, decodeFeedBytes } from "../src/decode-feed-bytes.js";
import { parseFeedXml } from "../src/parse-feed.js";
import { rssFixturePath } from "./rss-fixtures.js";

const latin1Doc = (body: string): Uint8Array => Buffer.from(`<?xml version="1.0" encoding="ISO-8859-1"?>${body}`, "latin1");

describe("decodeFeedBytes", () => {
  it("reads the ISO-8859-1 CNNMoney fixture's raw 0xA9 as ©", async () => {
    const bytes = readFileSync(rssFixturePath("cnnmoney_latest_2014-03-12.rss.xml"));
    const decoded = decodeFeedBytes(bytes, "application/rss+xml; charset=utf-8");
    expect(decoded.source).toBe("xml-declaration");
    expect(decoded.text).toContain("<copyright>© 2014 Cable News Network LP, LLLP.</copyright>");
    expect(decoded.text).not.toContain("\uFFFD");
    const parsed = await parseFeedXml(decoded.text);
    expect(parsed.items).toHaveLength(20);
  });

  it("uses the HTTP charset when the document declares none", () => {
    const bytes = Buffer.from("<rss><title>caf\u00e9</title></rss>", "latin1");
    const decoded = decodeFeedBytes(bytes, "text/xml; charset=ISO-8859-1");
    expect(decoded).toMatchObject({ source: "http-header", text: "<rss><title>café</title></rss>" });
  });

  it("defaults to UTF-8 and honours a UTF-8 byte-order mark", () => {
    expect(decodeFeedBytes(Buffer.from("<a>café</a>", "utf8")).text).toBe("<a>café</a>");
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("<a>é</a>", "utf8")]);
    expect(decodeFeedBytes(withBom, "text/xml; charset=iso-8859-1")).toMatchObject({ source: "bom", text: "<a>é</a>" });
  });

  it("falls back to windows-1252 for bytes that are not the UTF-8 they claim to be", () => {
    const decoded = decodeFeedBytes(Buffer.from('<?xml version="1.0" encoding="UTF-8"?><a>\u00a9</a>', "latin1"));
    expect(decoded.text).toContain("<a>©</a>");
    expect(decoded.encoding).toBe("windows-1252");
  });

  it("ignores an unknown declared encoding instead of failing", () => {
    const decoded = decodeFeedBytes(Buffer.from('<?xml version="1.0" encoding="x-klingon"?><a>ok</a>', "utf8"));
    expect(decoded.text).toContain("<a>ok</a>");
  });

  it("finds the declared encoding and the header charset", () => {
    expect(declaredXmlEncoding(latin1Doc("<rss/>"))).toBe("ISO-8859-1");
    expect(declaredXmlEncoding(Buffer.from("<rss/>"))).toBeUndefined();
    expect(charsetFromContentType('application/xml; charset="utf-8"')).toBe("utf-8");
    expect(charsetFromContentType("application/xml")).toBeUndefined();
  });
});
