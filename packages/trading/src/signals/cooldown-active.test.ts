import { describe, expect, it } from "vitest";
import { cooldownActive } from "./cooldown-active.js";

const NOW = new Date("2024-03-04T15:00:00Z");
const ago = (ms: number): Date => new Date(NOW.getTime() - ms);

describe("cooldownActive", () => {
  it.each<[Date | null, boolean, string]>([
    [null, false, "no earlier recommendation"],
    [ago(14 * 60_000 + 59_000), true, "14:59 ago"],
    [ago(15 * 60_000), false, "exactly 15 minutes ago"],
    [ago(60 * 60_000), false, "an hour ago"],
    [new Date(NOW.getTime() + 60_000), true, "a minute in the future (clock skew)"],
    [new Date(Number.NaN), true, "an unreadable time"],
  ])("last rec %s → %s (%s)", (lastRecAt, active, _why) => {
    expect(cooldownActive(lastRecAt, NOW, 15)).toBe(active);
  });
});
