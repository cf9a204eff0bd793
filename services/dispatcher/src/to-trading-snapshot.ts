// The broker's chain snapshot in the shape the pure contract selection reads. A contract without a
// two-sided quote gets bid/ask 0, which the liquidity floor rejects (never a guessed price).
import type { OptionSnapshot as BrokerSnapshot } from "@ops/broker-alpaca";
import type { OptionSnapshot } from "@ops/trading";

export function toTradingSnapshot(s: BrokerSnapshot): OptionSnapshot {
  return {
    symbol: s.symbol,
    expiration: s.expiration,
    type: s.instrumentType === "CALL" ? "call" : "put",
    strike: s.strike,
    bid: s.quote?.bid ?? 0,
    ask: s.quote?.ask ?? 0,
    delta: s.greeks?.delta ?? null,
    theta: s.greeks?.theta ?? null,
    iv: s.impliedVolatility ?? null,
    dailyVolume: s.dailyVolume,
  };
}
