// Killing the position manager mid-close and starting a new one (seed 24, 30): the new instance finds
// the exit by its deterministic client_order_id, so there is never a second close order, never a short,
// and the row ends as the broker says. The same scenario runs on real PostgreSQL in postgres.test.ts.
import { describe, it } from "vitest";
import { KILL_POINTS, killMidCloseAndRestart } from "./helpers/scenarios.js";

describe("position manager: killed mid-close and restarted", () => {
  it.each(KILL_POINTS)("killed %s: the restarted instance sends no second close, leaves no short, and closes the row at the fill", async (point) => {
    await killMidCloseAndRestart(point);
  });
});
