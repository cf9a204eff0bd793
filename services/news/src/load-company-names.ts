import { readFile } from "node:fs/promises";
import { buildCompanyNameMap, companyNameMapFrom, companyNameRowsFromSecTable, WELL_KNOWN_COMPANY_NAMES } from "@ops/trading";

/**
 * Company name → ticker for tagging: the built-in well-known names, plus every registered name of an
 * SEC company_tickers_exchange.json file when one is configured. Unreadable or malformed files fail
 * the startup (a silently missing list would quietly tag less news).
 */
export async function loadCompanyNames(file: string | undefined): Promise<Map<string, string>> {
  const names = companyNameMapFrom(WELL_KNOWN_COMPANY_NAMES);
  if (file === undefined) return names;
  const rows = companyNameRowsFromSecTable(JSON.parse(await readFile(file, "utf8")) as unknown);
  if (rows.length === 0) throw new Error(`OPS_NEWS_COMPANY_NAMES_FILE: no {fields, data} company rows in ${file}`);
  for (const [key, ticker] of buildCompanyNameMap(rows)) {
    if (!names.has(key)) names.set(key, ticker);
  }
  return names;
}
