import type { MarketCalendar } from "@ops/core";
import type { SimAccountConfig } from "../accounts.js";
import type { SimBroker } from "../broker/sim-broker.js";
import type { FaultInjector } from "../faults.js";
import type { MarketData, OptionMarket } from "../market-data/types.js";
import type { SimClock } from "../sim-clock.js";

/** Everything the trading and control routes read or drive. */
export interface SimServices {
  readonly broker: SimBroker;
  readonly clock: SimClock;
  readonly calendar: MarketCalendar;
  readonly marketData: MarketData;
  readonly optionMarket: OptionMarket | undefined;
  readonly faults: FaultInjector;
  readonly accounts: ReadonlyMap<string, SimAccountConfig>;
  /** Market time the simulator started (accounts' created_at). */
  readonly startedAt: Date;
}
