import { RemovalPolicy } from "aws-cdk-lib";
import * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import { Construct } from "constructs";
import { ALPACA_SECRET_FIELDS } from "../config/names.js";
import type { AlpacaSecretMode } from "../config/ops-config.js";
import { ACCOUNT_IDS } from "../config/service-catalog.js";
import type { AccountId } from "../config/service-catalog.js";

export interface AlpacaSecretsProps {
  readonly mode: AlpacaSecretMode;
  /** Secret name = prefix + account id. */
  readonly namePrefix: string;
  readonly removalPolicy: RemovalPolicy;
}

/**
 * One Secrets Manager secret per Alpaca paper account, JSON {"keyId": ..., "secretKey": ...}. Imported by name
 * (the ops team puts the keys in before the first deploy), or created with a placeholder for a dev stack. There is
 * no shared or default secret (seed failure 12).
 */
export class AlpacaSecrets extends Construct {
  private readonly secrets = new Map<AccountId, secretsmanager.ISecret>();

  constructor(scope: Construct, id: string, props: AlpacaSecretsProps) {
    super(scope, id);
    for (const account of ACCOUNT_IDS) {
      const secretName = `${props.namePrefix}${account}`;
      const secret =
        props.mode === "import"
          ? secretsmanager.Secret.fromSecretNameV2(this, account, secretName)
          : new secretsmanager.Secret(this, account, {
              secretName,
              description: `Alpaca paper keys of ${account}: replace keyId and secretKey before starting services`,
              // Placeholders only: the real keys are put with `aws secretsmanager put-secret-value`.
              generateSecretString: {
                secretStringTemplate: JSON.stringify({ [ALPACA_SECRET_FIELDS.keyId]: "REPLACE_ME" }),
                generateStringKey: ALPACA_SECRET_FIELDS.secretKey,
              },
              removalPolicy: props.removalPolicy,
            });
      this.secrets.set(account, secret);
    }
  }

  forAccount(account: AccountId): secretsmanager.ISecret {
    const secret = this.secrets.get(account);
    if (secret === undefined) throw new Error(`no Alpaca secret for ${account}`);
    return secret;
  }

  /** The created secrets (none when imported). */
  created(): secretsmanager.Secret[] {
    return [...this.secrets.values()].filter((secret): secret is secretsmanager.Secret => secret instanceof secretsmanager.Secret);
  }
}
