import { MarketCalendar, etDateString, etParts, serializeError } from "@ops/core";
import type { Clock, CycleContext, Db, Logger } from "@ops/core";
import { DEFAULT_SIGNAL_CONFIG, computeSignal, cooldownActive } from "@ops/trading";
import type { IndicatorRulesConfig, PreviousSession, SignalConfig, SignalResult } from "@ops/trading";
import type { SignalCycleConfig } from "./config.js";
import { insertRecommendations, selectPreviousSessions, selectSignalInputs } from "./queries.js";
import type { RecommendationRow, SignalInputRow } from "./queries.js";
import { toRecommendation } from "./to-recommendation.js";

export interface SignalEngineDeps {
  readonly db: Db;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly config: SignalCycleConfig;
  /** Previous trading day for the gap fade; NYSE rules by default. */
  readonly calendar?: MarketCalendar;
}

export const RECOMMENDATIONS_CHANNEL = "recommendations";

function indicatorRules(c: SignalCycleConfig): IndicatorRulesConfig {
  const d = DEFAULT_SIGNAL_CONFIG.indicators;
  return {
    rsi: { ...d.rsi, enabled: c.OPS_SIGNAL_USE_RSI === true },
    macd: { ...d.macd, enabled: c.OPS_SIGNAL_USE_MACD === true },
    bollinger: { ...d.bollinger, enabled: c.OPS_SIGNAL_USE_BOLLINGER === true },
    atr: { ...d.atr, enabled: c.OPS_SIGNAL_USE_ATR === true },
  };
}

/**
 * Per watchlist member: cooldown, then computeSignal (pure, @ops/trading) on the newest features and
 * the confident signed news; BUYs become recommendations in one insert, HOLDs are counted by code
 * and logged once per cycle. NOTIFY `recommendations` (payload: the newest rec_id) after commit.
 */
export function createSignalEngineCycle(deps: SignalEngineDeps): (ctx: CycleContext) => Promise<Record<string, number>> {
  const c = deps.config;
  const signalConfig: SignalConfig = {
    ...DEFAULT_SIGNAL_CONFIG,
    allowStock: c.OPS_SIGNAL_ALLOW_STOCK,
    maxFeatureAgeMs: c.OPS_SIGNAL_MAX_FEATURE_AGE_S * 1000,
    cooldownMinutes: c.OPS_SIGNAL_COOLDOWN_MIN,
    gapFade: { ...DEFAULT_SIGNAL_CONFIG.gapFade, enabled: c.OPS_SIGNAL_GAP_FADE },
    indicators: indicatorRules(c),
  };
  let calendar = deps.calendar;

  const previousSessions = async (now: Date, inputs: readonly SignalInputRow[], log: Logger): Promise<Map<string, PreviousSession> | undefined> => {
    const gap = signalConfig.gapFade;
    const minute = etParts(now).minutesOfDay;
    if (!gap.enabled || minute < gap.windowStartMinuteEt || minute >= gap.windowEndMinuteEt) return undefined;
    try {
      const year = now.getUTCFullYear();
      if (!calendar || !calendar.covers(etDateString(now))) calendar = MarketCalendar.nyse(year - 1, year + 1);
      const day = calendar.day(calendar.previousTradingDay(etDateString(now)));
      if (!day) return undefined;
      return await selectPreviousSessions(deps.db, inputs.map((i) => i.symbol), day.open, day.close);
    } catch (error) {
      log.warn({ event: "signal.gap_fade_unavailable", error: serializeError(error) }, "gap fade skipped this cycle");
      return undefined;
    }
  };

  return async (ctx) => {
    const now = ctx.now;
    const log = ctx.logger;
    const inputs = await selectSignalInputs(deps.db, {
      now,
      sentimentSince: new Date(now.getTime() - c.OPS_SIGNAL_SENTIMENT_WINDOW_MIN * 60_000),
      minNewsConfidence: c.OPS_SIGNAL_MIN_NEWS_CONFIDENCE,
      cooldownSince: new Date(now.getTime() - c.OPS_SIGNAL_COOLDOWN_MIN * 60_000),
    });
    const sessions = await previousSessions(now, inputs, log);

    const recs: RecommendationRow[] = [];
    const holds: Record<string, string[]> = {};
    let cooldown = 0;
    for (const input of inputs) {
      if (cooldownActive(input.lastRecAt, now, c.OPS_SIGNAL_COOLDOWN_MIN)) {
        cooldown += 1;
        continue;
      }
      let signal: SignalResult;
      try {
        signal = computeSignal({
          features: input.features,
          sentiment: input.sentiment,
          now,
          cfg: signalConfig,
          ...(sessions ? { previousSession: sessions.get(input.symbol) ?? null } : {}),
        });
      } catch (error) {
        log.error({ event: "signal.compute_failed", symbol: input.symbol, error: serializeError(error) }, "signal computation failed");
        (holds["COMPUTE_FAILED"] ??= []).push(input.symbol);
        continue;
      }
      if (signal.decision === "HOLD" || input.features === null) {
        (holds[signal.holdCode ?? "NO_FEATURES"] ??= []).push(input.symbol);
        continue;
      }
      recs.push(toRecommendation(signal, {
        features: input.features,
        sentiment: input.sentiment,
        now,
        ttlS: c.OPS_REC_TTL_S,
        sentimentWindowMin: c.OPS_SIGNAL_SENTIMENT_WINDOW_MIN,
        minNewsConfidence: c.OPS_SIGNAL_MIN_NEWS_CONFIDENCE,
      }));
    }

    const written = await deps.db.transaction((tx) => insertRecommendations(tx, recs, now));
    if (written.length > 0) {
      await deps.db.notify(RECOMMENDATIONS_CHANNEL, String(Math.max(...written.map((w) => w.rec_id))));
    }
    const bySymbol = new Map(recs.map((r) => [r.symbol, r]));
    for (const { rec_id, symbol } of written) {
      const rec = bySymbol.get(symbol);
      log.info({
        event: "signal.recommended", symbol, rec_id, action: rec?.action, strategy_type: rec?.strategyType,
        confidence: rec?.confidence, signal_ts: rec?.signalTs.toISOString(),
      }, `recommendation ${rec?.action} ${symbol}`);
    }
    if (Object.keys(holds).length > 0) {
      log.info({ event: "signal.holds", holds }, "symbols held this cycle");
    }

    const counts: Record<string, number> = {
      watchlist: inputs.length,
      signals: recs.length,
      recommended: written.length,
      duplicates: recs.length - written.length,
      cooldown,
    };
    for (const [code, symbols] of Object.entries(holds)) counts[`hold_${code.toLowerCase()}`] = symbols.length;
    return counts;
  };
}
