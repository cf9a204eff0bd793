import { companyNameKey } from "./company-names.js";

/**
 * Everyday names of large US issuers, for ticker tagging when no registered-name list is configured.
 * Only names that headlines actually use and that are not ordinary words ("Target" is left out).
 */
export const WELL_KNOWN_COMPANY_NAMES: Readonly<Record<string, readonly string[]>> = {
  AAPL: ["Apple", "Apple Inc"],
  MSFT: ["Microsoft"],
  NVDA: ["Nvidia"],
  GOOGL: ["Alphabet", "Google"],
  AMZN: ["Amazon", "Amazon.com"],
  META: ["Meta Platforms", "Facebook"],
  TSLA: ["Tesla"],
  AVGO: ["Broadcom"],
  NFLX: ["Netflix"],
  AMD: ["Advanced Micro Devices"],
  INTC: ["Intel"],
  CSCO: ["Cisco"],
  ORCL: ["Oracle"],
  IBM: ["International Business Machines"],
  CRM: ["Salesforce"],
  ADBE: ["Adobe"],
  QCOM: ["Qualcomm"],
  TXN: ["Texas Instruments"],
  MU: ["Micron", "Micron Technology"],
  PYPL: ["PayPal"],
  UBER: ["Uber"],
  DIS: ["Disney", "Walt Disney"],
  JPM: ["JPMorgan", "JP Morgan", "JPMorgan Chase"],
  BAC: ["Bank of America", "BofA"],
  WFC: ["Wells Fargo"],
  C: ["Citigroup", "Citibank"],
  GS: ["Goldman Sachs"],
  MS: ["Morgan Stanley"],
  AIG: ["American International Group"],
  V: ["Visa Inc"],
  MA: ["Mastercard"],
  "BRK.B": ["Berkshire Hathaway"],
  XOM: ["Exxon", "ExxonMobil", "Exxon Mobil"],
  CVX: ["Chevron"],
  JNJ: ["Johnson & Johnson"],
  PFE: ["Pfizer"],
  MRK: ["Merck"],
  UNH: ["UnitedHealth"],
  LLY: ["Eli Lilly"],
  KO: ["Coca-Cola", "Coca Cola"],
  PEP: ["PepsiCo"],
  WMT: ["Walmart", "Wal-Mart"],
  COST: ["Costco"],
  HD: ["Home Depot"],
  MCD: ["McDonald's", "McDonalds"],
  NKE: ["Nike"],
  SBUX: ["Starbucks"],
  BA: ["Boeing"],
  CAT: ["Caterpillar"],
  GE: ["General Electric"],
  GM: ["General Motors"],
  F: ["Ford Motor"],
  T: ["AT&T"],
  VZ: ["Verizon"],
  TWX: ["Time Warner"],
  // Fund names only: an index ("S&P 500", "Nasdaq 100") is the market, not a mention of the ETF.
  SPY: ["SPDR S&P 500"],
  QQQ: ["Invesco QQQ"],
  IWM: ["iShares Russell 2000"],
  DIA: ["SPDR Dow Jones Industrial Average"],
};

/** Name → ticker map (keys normalised with `companyNameKey`) from a ticker → names table. */
export function companyNameMapFrom(table: Readonly<Record<string, readonly string[]>>): Map<string, string> {
  const map = new Map<string, string>();
  for (const [ticker, names] of Object.entries(table)) {
    for (const name of names) {
      const key = companyNameKey(name);
      if (key !== "" && !map.has(key)) map.set(key, ticker);
    }
  }
  return map;
}
