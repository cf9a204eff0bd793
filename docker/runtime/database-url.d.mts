export declare const DATABASE_URL_PARTS: {
  readonly host: "OPS_DB_HOST";
  readonly port: "OPS_DB_PORT";
  readonly name: "OPS_DB_NAME";
  readonly user: "OPS_DB_USER";
  readonly password: "OPS_DB_PASSWORD";
};
export declare const DEFAULT_DATABASE_CA_FILE: string;
export declare function composeDatabaseUrl(env: Readonly<Record<string, string | undefined>>, caFile?: string): string | undefined;
