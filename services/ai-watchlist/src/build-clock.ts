import { BrokerClock } from "@ops/broker-alpaca";
import { WallClock, createSecretSource } from "@ops/core";
import type { Clock, EnvSource } from "@ops/core";
import type { AccountId } from "@ops/trading";
import { buildBroker } from "./build-broker.js";

/** Wall time in production; with OPS_CLOCK=sim the simulator's market time (its GET /v2/clock). */
export async function buildClock(source: "wall" | "sim", account: AccountId, env: EnvSource): Promise<Clock> {
  if (source === "wall") return new WallClock();
  return BrokerClock.create(await buildBroker(account, env, createSecretSource({ env })));
}
