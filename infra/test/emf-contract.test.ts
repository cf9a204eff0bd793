// infra does not depend on @ops/core, so lib/monitoring/ops-metrics.ts mirrors the embedded-metric (EMF) names the
// loop runner writes on every cycle line. These tests run core's own code and fail when the two drift: an alarm on a
// name or dimension core does not emit would sit in INSUFFICIENT_DATA (or, for the heartbeat, alarm for ever).
import { describe, expect, it } from "vitest";
import { createLogger, cycleMetrics, logStartup, METRICS_NAMESPACE } from "../../packages/core/src/index.js";
import { readOpsConfig } from "../lib/config/ops-config.js";
import { serviceDeployments } from "../lib/config/service-deployments.js";
import { EMF_METRICS, METRIC_NAMESPACE, SERVICE_STARTS, filterDimensions, filterMetricDimensions, metricDimensions } from "../lib/monitoring/ops-metrics.js";
import { serviceAlarmSpecs } from "../lib/monitoring/service-alarm-specs.js";
import type { AlarmInput } from "../lib/monitoring/service-alarm-specs.js";

const deployments = serviceDeployments(readOpsConfig(() => undefined));

interface EmfDirective {
  Namespace: string;
  Dimensions: string[][];
  Metrics: { Name: string; Unit: string }[];
}

function emitted(service: string, account: string | undefined, counts: Record<string, number> = {}): Record<string, unknown> {
  return cycleMetrics({ service, account, at: new Date("2026-03-02T15:00:00Z"), durationMs: 12, failed: false, counts });
}

const directiveOf = (fields: Record<string, unknown>): EmfDirective =>
  (fields._aws as { CloudWatchMetrics: EmfDirective[] }).CloudWatchMetrics[0]!;

function metricsRead(input: AlarmInput): { metricName: string; dimensions: Readonly<Record<string, string>> }[] {
  return "expression" in input ? Object.values(input.using).flatMap(metricsRead) : [input];
}

describe("the EMF names infra mirrors from packages/core/src/loop/cycle-metrics.ts", () => {
  it("use core's namespace and exactly core's metric names", () => {
    const directive = directiveOf(emitted("telemetry", undefined));
    expect(METRIC_NAMESPACE).toBe(METRICS_NAMESPACE);
    expect(directive.Namespace).toBe(METRIC_NAMESPACE);
    expect(directive.Metrics.map((m) => m.Name).sort()).toEqual(Object.values(EMF_METRICS).sort());
  });

  it("give every deployment the dimension names and values its own cycle lines carry", () => {
    for (const deployment of deployments) {
      const fields = emitted(deployment.service, deployment.account);
      const [dimensionNames] = directiveOf(fields).Dimensions;
      const carried = Object.fromEntries(dimensionNames!.map((name) => [name, fields[name]]));
      expect(metricDimensions(deployment.service, deployment.account), deployment.ecsServiceName).toEqual(carried);
    }
  });

  it("make every alarm read a metric the triggering cycle actually reports", () => {
    // The counts each alarm is about, as the services return them (dispatcher `rejected`, position manager
    // `exits_rejected`, telemetry `upserted`, apply-protections' risk counts).
    const triggering: Record<string, Record<string, number>> = {
      "order-rejects": { rejected: 2, exits_rejected: 2 },
      "data-staleness": { upserted: 5 },
      "risk-mode-change": { risk_mode_changes: 1 },
      "protection-errors": { protection_errors: 1 },
    };
    const kindsSeen = new Set<string>();
    for (const deployment of deployments) {
      for (const spec of serviceAlarmSpecs(deployment, 3)) {
        const counts = triggering[spec.kind];
        if (counts === undefined) continue;
        kindsSeen.add(spec.kind);
        const fields = emitted(deployment.service, deployment.account, counts);
        for (const metric of metricsRead(spec.input)) {
          expect(fields[metric.metricName], `${spec.alarmName} reads ${metric.metricName}`).toBeGreaterThan(0);
          expect(emitted(deployment.service, deployment.account)[metric.metricName], `${spec.alarmName} quiet`).toBe(0);
        }
      }
    }
    expect([...kindsSeen].sort()).toEqual(Object.keys(triggering).sort());
  });
});

describe("the one metric filter left (ServiceStarts)", () => {
  it("matches core's first line, whose fields give the dimensions the restart alarm reads", () => {
    expect(Object.values(EMF_METRICS)).not.toContain(SERVICE_STARTS.metricName);
    const event = /\$\.event = "([^"]+)"/.exec(SERVICE_STARTS.filterPattern)?.[1];
    for (const deployment of deployments) {
      const lines: Record<string, unknown>[] = [];
      const logger = createLogger({
        service: deployment.service,
        account: deployment.account,
        buildId: "test",
        destination: { write: (chunk: string) => void lines.push(JSON.parse(chunk) as Record<string, unknown>) },
      });
      logStartup(logger, {});
      const [line] = lines;
      expect(line?.event).toBe(event);
      const selectors = filterDimensions(deployment.account !== undefined);
      const fromLine = Object.fromEntries(Object.entries(selectors).map(([name, selector]) => [name, line?.[selector.replace(/^\$\./, "")]]));
      expect(fromLine, deployment.ecsServiceName).toEqual(filterMetricDimensions(deployment.service, deployment.account));
    }
  });
});
