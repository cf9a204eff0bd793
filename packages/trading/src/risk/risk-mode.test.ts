import { describe, expect, it } from "vitest";
import { FIXED_NOW, minutesAfter } from "../testing/fixed-times.js";
import { applyRiskEvent, RISK_EVENTS, RISK_MODE_MACHINE, RISK_MODES, tradingEnabledFor } from "./risk-mode.js";
import type { AccountRiskStatus, RiskEvent, RiskMode } from "./risk-mode.js";

const status = (mode: RiskMode, setBy: "ops" | "auto" = "ops"): AccountRiskStatus => ({
  mode,
  reason: mode === "ACTIVE" ? null : "test",
  since: minutesAfter(FIXED_NOW, -60),
  until: null,
  setBy,
});

describe("account risk mode machine", () => {
  it.each([
    ["ACTIVE", "DAILY_LOSS_LIMIT", "REDUCING"],
    ["ACTIVE", "DRAWDOWN_LIMIT", "HALTED"],
    ["ACTIVE", "OPS_HALT", "HALTED"],
    ["ACTIVE", "OPS_REDUCE", "REDUCING"],
    ["REDUCING", "DRAWDOWN_LIMIT", "HALTED"],
    ["REDUCING", "SESSION_RESET", "ACTIVE"],
    ["REDUCING", "OPS_RESUME", "ACTIVE"],
    ["HALTED", "OPS_RESUME", "ACTIVE"],
    ["HALTED", "OPS_REDUCE", "REDUCING"],
  ] as const)("%s --%s--> %s", (from, event, to) => {
    expect(RISK_MODE_MACHINE.transition(from, event)).toBe(to);
  });

  it("never leaves HALTED on an automatic event: only a person resumes", () => {
    for (const event of ["DAILY_LOSS_LIMIT", "DRAWDOWN_LIMIT", "SESSION_RESET"] as const) {
      expect(RISK_MODE_MACHINE.next("HALTED", event)).toBeUndefined();
    }
  });

  it("never loosens on an automatic loss event", () => {
    const rank: Record<RiskMode, number> = { ACTIVE: 0, REDUCING: 1, HALTED: 2 };
    for (const mode of RISK_MODES) {
      for (const event of ["DAILY_LOSS_LIMIT", "DRAWDOWN_LIMIT"] as const) {
        const to = RISK_MODE_MACHINE.next(mode, event);
        if (to !== undefined) expect(rank[to]).toBeGreaterThan(rank[mode]);
      }
    }
  });

  it("records who switched, why, and an expiry only for REDUCING", () => {
    const until = minutesAfter(FIXED_NOW, 24 * 60);
    const reduced = applyRiskEvent(status("ACTIVE"), "DAILY_LOSS_LIMIT", FIXED_NOW, "loss", until);
    expect(reduced?.status).toEqual({ mode: "REDUCING", reason: "loss", since: FIXED_NOW, until, setBy: "auto" });
    expect(reduced?.transition).toEqual({ from: "ACTIVE", to: "REDUCING", event: "DAILY_LOSS_LIMIT", reason: "loss", at: FIXED_NOW });
    const halted = applyRiskEvent(status("REDUCING"), "OPS_HALT", FIXED_NOW, "ops says so", until);
    expect(halted?.status).toMatchObject({ mode: "HALTED", until: null, setBy: "ops", reason: "ops says so" });
    const resumed = applyRiskEvent(status("HALTED"), "OPS_RESUME", FIXED_NOW, "fixed");
    expect(resumed?.status).toMatchObject({ mode: "ACTIVE", reason: null });
  });

  it("ignores an event that does not apply instead of throwing", () => {
    const events: readonly RiskEvent[] = RISK_EVENTS;
    const illegal = events.filter((e) => RISK_MODE_MACHINE.next("HALTED", e) === undefined);
    for (const e of illegal) expect(applyRiskEvent(status("HALTED"), e, FIXED_NOW, "x")).toBeUndefined();
  });

  it("keeps trading_enabled consistent: HALTED ⇔ not enabled", () => {
    expect(RISK_MODES.filter((m) => !tradingEnabledFor(m))).toEqual(["HALTED"]);
  });
});
