import * as ecs from "aws-cdk-lib/aws-ecs";
import type * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import { DATABASE_URL_PARTS } from "../../../docker/runtime/database-url.mjs";

/** What a task needs to reach the database; the image's preload (docker/runtime) turns it into DATABASE_URL. */
export interface DatabaseAccess {
  readonly host: string;
  readonly port: string;
  readonly name: string;
  /** The RDS-generated secret (JSON with username and password). */
  readonly secret: secretsmanager.ISecret;
}

/** Host, port and database name: plain values. */
export function databaseEnvironment(access: Pick<DatabaseAccess, "host" | "port" | "name">): Record<string, string> {
  return { [DATABASE_URL_PARTS.host]: access.host, [DATABASE_URL_PARTS.port]: access.port, [DATABASE_URL_PARTS.name]: access.name };
}

/** User and password: injected by ECS from the secret at task start (the execution role reads it, not the task). */
export function databaseSecrets(access: DatabaseAccess): Record<string, ecs.Secret> {
  return {
    [DATABASE_URL_PARTS.user]: ecs.Secret.fromSecretsManager(access.secret, "username"),
    [DATABASE_URL_PARTS.password]: ecs.Secret.fromSecretsManager(access.secret, "password"),
  };
}
