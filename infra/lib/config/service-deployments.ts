// The ECS services the stack creates: one per LOOP service, one per account for per-account services.
import { ecsServiceName, logGroupName } from "./names.js";
import type { OpsConfig, ServiceSize } from "./ops-config.js";
import { ACCOUNT_IDS, LOOP_SERVICES, LOOP_SERVICE_SPECS } from "./service-catalog.js";
import type { AccountId, LoopServiceName, LoopServiceSpec } from "./service-catalog.js";

export interface ServiceDeployment {
  readonly service: LoopServiceName;
  /** Set for per-account services (dispatcher, position-manager). */
  readonly account: AccountId | undefined;
  readonly ecsServiceName: string;
  readonly logGroupName: string;
  readonly spec: LoopServiceSpec;
  readonly size: ServiceSize;
  /** The one account whose Alpaca secret this task may read, if any. */
  readonly alpacaAccount: AccountId | undefined;
}

export function serviceDeployments(config: OpsConfig): ServiceDeployment[] {
  const deployments: ServiceDeployment[] = [];
  for (const service of LOOP_SERVICES) {
    const spec = LOOP_SERVICE_SPECS[service];
    for (const account of spec.perAccount ? ACCOUNT_IDS : [undefined]) {
      const name = ecsServiceName(service, account);
      const size = config.services[name];
      if (size === undefined) throw new Error(`no size for ${name}`);
      const alpacaAccount = spec.alpaca === "own-account" ? account : spec.alpaca === "data-account" ? config.dataAccount : undefined;
      deployments.push({ service, account, ecsServiceName: name, logGroupName: logGroupName(service, account), spec, size, alpacaAccount });
    }
  }
  return deployments;
}
