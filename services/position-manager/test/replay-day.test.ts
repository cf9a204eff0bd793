// A replayed trading day against the simulator that ends flat (issue 10 acceptance): the realised P&L
// in position_history adds up to the simulator account's cash change to the cent (the simulator charges
// no fees, and neither side models any). The same scenario runs on real PostgreSQL in postgres.test.ts.
import { describe, it } from "vitest";
import { replayFlatDay } from "./helpers/scenarios.js";

describe("position manager: a replayed day", () => {
  it("ends flat, and the sum of realised P&L equals the broker's cash change to the cent", async () => {
    await replayFlatDay();
  });
});
