import type { StrategyType } from "../domain/vocabulary.js";
import { roundToTick } from "../sizing/round-to-tick.js";
import { MIN_QUALITY_SCORE, midPrice, scoreContract, spreadPct } from "./contract-quality.js";
import type { QualityScore } from "./contract-quality.js";
import { daysBetween } from "./eastern-time.js";
import { EXPIRY_WINDOWS, STRIKE_BAND_PCT } from "./expiry-window.js";
import { IV_RANK_MAX, ivRank } from "./iv-rank.js";
import type { IvHistory } from "./iv-rank.js";
import { DEFAULT_LIQUIDITY_FLOOR, liquidityFailure } from "./liquidity.js";
import type { LiquidityFloor } from "./liquidity.js";
import { parseOccSymbol } from "./occ-symbol.js";
import type { OptionType } from "./occ-symbol.js";
import type { OptionSnapshot } from "./option-snapshot.js";
import type { SelectionSkipCode } from "./selection-codes.js";
import { targetStrike } from "./target-strike.js";

export interface SelectContractParams {
  readonly underlyingPrice: number;
  readonly side: OptionType;
  readonly strategyType: StrategyType;
  /** Today's New York date, "YYYY-MM-DD". */
  readonly today: string;
  readonly ivHistory?: IvHistory | null;
  readonly liquidityFloor?: LiquidityFloor;
}

export interface SelectedContract {
  readonly ok: true;
  readonly contract: OptionSnapshot;
  /** Mid rounded to the option tick; orders are limit orders at this price. */
  readonly limitPrice: number;
  readonly score: QualityScore;
  readonly dte: number;
  readonly spreadPct: number;
  readonly targetStrike: number;
  readonly ivRank: number | null;
}

export type ContractSelection =
  | SelectedContract
  | { readonly ok: false; readonly code: SelectionSkipCode; readonly detail: string };

/**
 * §3.7 steps 2–6 with the liquidity floor applied to every candidate before scoring, so an illiquid
 * contract can never win (seed 27): side and expiry window, strike band, liquidity floor, quality
 * score ≥ 70 (best wins), IV-rank filter on the winner.
 */
export function selectContract(snapshots: readonly OptionSnapshot[], params: SelectContractParams): ContractSelection {
  const { underlyingPrice, side, strategyType, today } = params;
  if (!(Number.isFinite(underlyingPrice) && underlyingPrice > 0)) {
    return skip("INVALID_UNDERLYING_PRICE", { underlying_price: underlyingPrice });
  }
  if (snapshots.length === 0) return skip("NO_CHAIN", { side, strategy: strategyType });

  const window = EXPIRY_WINDOWS[strategyType];
  const inWindow = snapshots.filter((s) => {
    if (s.type !== side || !isWellFormed(s)) return false;
    const dte = daysBetween(today, s.expiration);
    return dte >= window.minDte && dte <= window.maxDte && Math.abs(s.strike / underlyingPrice - 1) <= STRIKE_BAND_PCT;
  });
  if (inWindow.length === 0) {
    return skip("NO_CONTRACT_IN_WINDOW", { side, min_dte: window.minDte, max_dte: window.maxDte, chain: snapshots.length });
  }

  const floor = params.liquidityFloor ?? DEFAULT_LIQUIDITY_FLOOR;
  const liquid = inWindow.filter((s) => liquidityFailure(s, today, floor) === null);
  if (liquid.length === 0) return skip("NO_LIQUID_CONTRACT", { candidates: inWindow.length, ...failureCounts(inWindow, today, floor) });

  const target = targetStrike(underlyingPrice, side, strategyType);
  const ranked = liquid
    .map((contract) => ({ contract, score: scoreContract(contract, target) }))
    .filter((c) => c.score.total >= MIN_QUALITY_SCORE)
    .sort(
      (a, b) =>
        b.score.total - a.score.total ||
        Math.abs(a.contract.strike - target) - Math.abs(b.contract.strike - target) ||
        b.contract.dailyVolume - a.contract.dailyVolume ||
        a.contract.symbol.localeCompare(b.contract.symbol),
    );
  const best = ranked[0];
  if (best === undefined) {
    const top = Math.max(...liquid.map((c) => scoreContract(c, target).total));
    return skip("NO_QUALITY_CONTRACT", { liquid: liquid.length, best_score: round(top), min_score: MIN_QUALITY_SCORE });
  }

  const rank = ivRank(best.contract.iv, params.ivHistory);
  if (rank !== null && rank > IV_RANK_MAX) {
    return skip("IV_RANK_TOO_HIGH", { symbol: best.contract.symbol, iv_rank: round(rank), max: IV_RANK_MAX });
  }

  return {
    ok: true,
    contract: best.contract,
    limitPrice: roundToTick(midPrice(best.contract), "option"),
    score: best.score,
    dte: daysBetween(today, best.contract.expiration),
    spreadPct: spreadPct(best.contract),
    targetStrike: target,
    ivRank: rank,
  };
}

/** The OCC symbol is the instrument id orders use; a snapshot whose fields disagree with it is dropped. */
function isWellFormed(s: OptionSnapshot): boolean {
  const occ = parseOccSymbol(s.symbol);
  return occ !== null && occ.expiration === s.expiration && occ.type === s.type && Math.abs(occ.strike - s.strike) < 1e-6;
}

function failureCounts(snapshots: readonly OptionSnapshot[], today: string, floor: LiquidityFloor): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const s of snapshots) {
    const failure = liquidityFailure(s, today, floor);
    if (failure !== null) counts[failure] = (counts[failure] ?? 0) + 1;
  }
  return counts;
}

function skip(code: SelectionSkipCode, context: Readonly<Record<string, string | number>>): ContractSelection {
  const detail = Object.entries(context)
    .map(([k, v]) => `${k}=${v}`)
    .join(" ");
  return { ok: false, code, detail };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
