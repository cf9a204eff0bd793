import { describe, expect, it } from "vitest";
import { canonicalLink } from "./canonical-link.js";

describe("canonicalLink", () => {
  it("drops scheme, fragment, default port, trailing slash and tracking parameters, and sorts the rest", () => {
    expect(canonicalLink("HTTPS://WWW.Example.com:443/News/Story/?utm_source=x&b=2&a=1&fbclid=abc#top")).toBe("www.example.com/News/Story?a=1&b=2");
  });

  it("keeps parameters that identify the article", () => {
    expect(canonicalLink("https://www.sec.gov/cgi-bin/browse-edgar?action=getcompany&CIK=0001418091")).toBe(
      "www.sec.gov/cgi-bin/browse-edgar?CIK=0001418091&action=getcompany",
    );
    expect(canonicalLink("http://www.cnbc.com/id/101485972")).not.toBe(canonicalLink("http://www.cnbc.com/id/101485973"));
  });

  it("returns anything that is not an http(s) URL as it is, trimmed", () => {
    expect(canonicalLink("  urn:tag:sec.gov,2008:accession-number=1 ")).toBe("urn:tag:sec.gov,2008:accession-number=1");
    expect(canonicalLink("not a url")).toBe("not a url");
  });
});
