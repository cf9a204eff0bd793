// Finance sentiment word lists for the interim lexicon classifier. Weights are cue strengths: about 1
// for a plain directional verb ("rises"), 1.5–2 for analyst actions and results ("downgrade", "beats"),
// below 1 for words that lean but often appear in neutral copy ("growth", "risk").
// Written for headlines and tweets about listed companies, markets and the economy.

/** Single words (lower case, as tokenised: apostrophes kept, e.g. "didn't"). */
export const WORD_WEIGHTS: ReadonlyMap<string, number> = new Map<string, number>([
  // Results and guidance
  ["beat", 1.5], ["beats", 1.8], ["beating", 1.2], ["tops", 1.5], ["topped", 1.5], ["topping", 1.2],
  ["exceeds", 1.5], ["exceeded", 1.5], ["surpasses", 1.5], ["surpassed", 1.5], ["outpaces", 1.2],
  ["miss", -1.5], ["misses", -1.8], ["missed", -1.5], ["shortfall", -1.5], ["disappoint", -1.5],
  ["disappoints", -1.8], ["disappointing", -1.8], ["disappointed", -1.5], ["disappointment", -1.5],
  ["profit", 0.6], ["profits", 0.6], ["profitable", 1.2], ["profitability", 1.0], ["record", 0.8],
  ["loss", -1.2], ["losses", -1.2], ["unprofitable", -1.2], ["deficit", -0.8], ["writedown", -1.2], ["impairment", -1.2],
  // Analyst actions
  ["upgrade", 2.0], ["upgrades", 2.0], ["upgraded", 2.0], ["outperform", 1.5], ["overweight", 1.5],
  ["downgrade", -2.0], ["downgrades", -2.0], ["downgraded", -2.0], ["underperform", -1.5], ["underweight", -1.5],
  ["bullish", 2.0], ["bull", 1.0], ["bulls", 1.0], ["bearish", -2.0], ["bear", -1.0], ["bears", -1.0],
  ["buy", 0.6], ["calls", 0.4], ["puts", -0.6], ["short", -0.6], ["shorts", -0.6], ["long", 0.3],
  // Price moves
  ["rise", 1.0], ["rises", 1.2], ["rose", 1.2], ["rising", 1.0], ["gain", 1.0], ["gains", 1.2], ["gained", 1.2],
  ["jump", 1.2], ["jumps", 1.5], ["jumped", 1.5], ["surge", 1.5], ["surges", 1.8], ["surged", 1.8], ["surging", 1.5],
  ["soar", 1.5], ["soars", 1.8], ["soared", 1.8], ["soaring", 1.5], ["rally", 1.2], ["rallies", 1.5], ["rallied", 1.5],
  ["climb", 1.0], ["climbs", 1.2], ["climbed", 1.2], ["climbing", 1.0], ["advance", 0.8], ["advances", 1.0],
  ["rebound", 1.2], ["rebounds", 1.2], ["rebounded", 1.2], ["recover", 1.0], ["recovers", 1.2], ["recovery", 0.8],
  ["higher", 0.8], ["highs", 1.0], ["up", 0.5], ["upside", 1.0], ["breakout", 1.2], ["spike", 0.8], ["spikes", 0.8],
  ["skyrocket", 1.8], ["skyrockets", 1.8], ["pops", 1.2], ["boom", 1.0], ["booming", 1.2], ["outperforms", 1.5],
  ["fall", -1.0], ["falls", -1.2], ["fell", -1.2], ["falling", -1.0], ["drop", -1.0], ["drops", -1.2], ["dropped", -1.2],
  ["decline", -1.0], ["declines", -1.2], ["declined", -1.2], ["declining", -1.0], ["slide", -1.2], ["slides", -1.2],
  ["slid", -1.2], ["sink", -1.2], ["sinks", -1.5], ["sank", -1.5], ["slump", -1.5], ["slumps", -1.5], ["slumped", -1.5],
  ["plunge", -1.8], ["plunges", -2.0], ["plunged", -2.0], ["plummet", -2.0], ["plummets", -2.0], ["plummeted", -2.0],
  ["tumble", -1.5], ["tumbles", -1.8], ["tumbled", -1.8], ["crash", -1.8], ["crashes", -1.8], ["crashed", -1.8],
  ["tank", -1.5], ["tanks", -1.5], ["tanked", -1.5], ["sell-off", -1.5], ["selloff", -1.5], ["slip", -0.8],
  ["slips", -1.0], ["slipped", -1.0], ["dip", -0.8], ["dips", -0.8], ["dipped", -0.8], ["lower", -0.8], ["lows", -1.0],
  ["down", -0.6], ["downside", -1.0], ["retreat", -0.8], ["retreats", -0.8], ["wipes", -1.0], ["erases", -1.0],
  ["underperforms", -1.5], ["sheds", -1.0], ["shed", -0.8], ["sinking", -1.2], ["weighs", -0.8], ["weighed", -0.8],
  // Corporate actions and events
  ["raises", 1.0], ["raised", 1.0], ["boost", 1.0], ["boosts", 1.2], ["boosted", 1.2], ["hikes", 0.8],
  ["expand", 0.6], ["expands", 0.8], ["expansion", 0.6], ["buyback", 1.0], ["repurchase", 0.6], ["approval", 1.0],
  ["approves", 0.8], ["approved", 1.0], ["wins", 1.2], ["win", 0.8], ["won", 1.0], ["awarded", 1.0], ["award", 0.6],
  ["launches", 0.3], ["partnership", 0.5], ["deal", 0.3], ["accelerate", 0.8], ["accelerates", 0.8],
  ["cut", -1.0], ["cuts", -1.2], ["cutting", -1.0], ["slashes", -1.5], ["slashed", -1.5], ["slash", -1.5],
  ["trims", -0.8], ["trimmed", -0.8], ["lowers", -1.2], ["lowered", -1.2], ["reduces", -0.6], ["reduced", -0.6],
  ["layoff", -1.2], ["layoffs", -1.5], ["bankruptcy", -2.0], ["bankrupt", -2.0], ["default", -1.2], ["defaults", -1.2],
  ["lawsuit", -1.2], ["sues", -1.0], ["sued", -1.0], ["probe", -1.0], ["investigation", -0.8], ["fraud", -2.0],
  ["recall", -1.0], ["recalls", -1.0], ["fine", -0.4], ["fined", -1.2], ["penalty", -1.0], ["scandal", -1.5],
  ["halt", -1.0], ["halts", -1.0], ["halted", -1.0], ["suspends", -1.0], ["suspended", -1.0], ["delay", -0.8],
  ["delays", -1.0], ["delayed", -1.0], ["withdraws", -1.0], ["pulls", -0.8], ["closure", -0.8], ["closures", -0.8],
  ["rejects", -1.0], ["rejected", -1.0], ["rejection", -1.0], ["fails", -1.2], ["failed", -1.2], ["failure", -1.2],
  ["resigns", -0.6], ["ousted", -1.0], ["dilution", -1.0], ["dilutive", -1.0], ["downsizing", -1.2], ["bribery", -1.5],
  // Tone and outlook
  ["strong", 1.0], ["stronger", 1.0], ["strength", 0.8], ["robust", 1.0], ["solid", 0.8], ["growth", 0.6],
  ["grow", 0.6], ["grows", 0.8], ["growing", 0.6], ["improve", 0.8], ["improves", 1.0], ["improved", 1.0],
  ["improvement", 0.8], ["better", 0.8], ["best", 0.8], ["optimistic", 1.5], ["optimism", 1.5], ["upbeat", 1.5],
  ["positive", 1.0], ["confident", 1.0], ["confidence", 0.6], ["beneficial", 0.8], ["benefit", 0.6], ["benefits", 0.6],
  ["opportunity", 0.5], ["momentum", 0.8], ["tailwind", 1.0], ["tailwinds", 1.0], ["thrive", 1.0], ["success", 1.0],
  ["successful", 1.0], ["outperformance", 1.2], ["bargain", 0.8], ["undervalued", 1.0], ["attractive", 0.8],
  ["weak", -1.2], ["weaker", -1.2], ["weakness", -1.2], ["weakens", -1.0], ["soft", -0.6], ["softer", -0.8],
  ["worse", -1.0], ["worst", -1.2], ["pessimistic", -1.5], ["pessimism", -1.5], ["gloomy", -1.5], ["negative", -1.0],
  ["worry", -1.0], ["worries", -1.2], ["worried", -1.2], ["concern", -0.8], ["concerns", -1.0], ["fear", -1.0],
  ["fears", -1.2], ["feared", -1.0], ["risk", -0.4], ["risks", -0.5], ["risky", -0.8], ["warn", -1.2], ["warns", -1.5],
  ["warned", -1.2], ["warning", -1.2], ["headwind", -1.2], ["headwinds", -1.2], ["slowdown", -1.2], ["slowing", -1.0],
  ["slows", -1.0], ["slower", -0.8], ["recession", -1.5], ["downturn", -1.5], ["crisis", -1.5], ["turmoil", -1.5],
  ["struggle", -1.0], ["struggles", -1.2], ["struggling", -1.2], ["troubled", -1.2], ["trouble", -1.0], ["woes", -1.5],
  ["pressure", -0.6], ["pressured", -1.0], ["hurt", -1.0], ["hurts", -1.0], ["hit", -0.6], ["hits", -0.5],
  ["uncertainty", -0.8], ["volatile", -0.5], ["overvalued", -1.0], ["expensive", -0.5], ["bubble", -1.0],
  ["collapse", -1.8], ["collapses", -1.8], ["collapsed", -1.8], ["losing", -1.0], ["lose", -1.0], ["loses", -1.2],
  ["lost", -1.0], ["unemployment", -0.6], ["shutdown", -1.2], ["outbreak", -0.8], ["pandemic", -0.6],
  ["overhang", -1.0], ["squeeze", 0.3], ["angry", -0.8], ["terrible", -1.5], ["bad", -1.0], ["good", 0.8],
  ["great", 1.0], ["excellent", 1.2], ["impressive", 1.2], ["blowout", 1.5], ["stellar", 1.5], ["dismal", -1.5],
  ["tepid", -1.0], ["sluggish", -1.0], ["lackluster", -1.2], ["bleak", -1.5], ["grim", -1.5], ["jitters", -1.2],
  ["tanking", -1.5], ["sliding", -1.2], ["hammered", -1.5], ["worsened", -1.2], ["worsens", -1.2], ["worsening", -1.2],
  ["idled", -0.8], ["idle", -0.6], ["threatened", -1.0], ["threatens", -1.0], ["stalls", -1.0], ["stalled", -1.0],
  ["meltdown", -2.0], ["poorly", -1.2], ["pain", -1.2], ["anxiety", -1.2], ["stolen", -1.2], ["malware", -1.0],
  ["hack", -1.0], ["hacked", -1.2], ["breach", -1.0], ["fades", -0.8], ["regains", 1.2], ["regain", 1.0],
  ["resumes", 0.8], ["resume", 0.6], ["orders", 0.4], ["settles", 0.5], ["stumble", -1.2], ["stumbles", -1.2],
  ["glut", -1.0], ["oversupply", -1.0], ["embattled", -1.0], ["beleaguered", -1.2], ["panic", -1.2], ["torching", -1.0],
  ["uneven", -0.8], ["soften", -0.8], ["softens", -0.8], ["eroding", -1.0], ["erode", -1.0], ["erodes", -1.0],
  ["outflows", -1.0], ["inflows", 1.0], ["upgrading", 1.5], ["cheers", 1.2], ["welcomes", 0.8], ["shines", 1.2],
  // Deals, growth and corporate news: headline writers (SemEval-2017) read these as good for the company.
  ["acquire", 0.7], ["acquires", 0.8], ["acquired", 0.6], ["acquisition", 0.6], ["acquisitions", 0.6], ["buys", 0.7],
  ["merger", 0.6], ["takeover", 0.6], ["bid", 0.5], ["bids", 0.5], ["offer", 0.4], ["stake", 0.4], ["alliance", 0.6],
  ["partner", 0.5], ["partners", 0.5], ["contract", 0.6], ["contracts", 0.6], ["agreement", 0.5], ["agree", 0.4],
  ["secures", 1.0], ["secure", 0.6], ["clears", 0.7], ["backs", 0.6], ["supports", 0.6], ["lifted", 1.0], ["lifts", 1.0],
  ["lift", 0.8], ["bounces", 1.2], ["leap", 1.5], ["leaps", 1.5], ["edges", 0.4], ["steadies", 0.6], ["escapes", 0.8],
  ["turnaround", 1.0], ["hails", 1.0], ["progress", 0.8], ["launch", 0.4], ["create", 0.5], ["hires", 0.5],
  ["raise", 0.6], ["increase", 0.6], ["increases", 0.8], ["increased", 0.8], ["boosting", 1.0], ["ups", 0.8],
  ["lags", -1.0], ["lag", -0.8], ["lagging", -1.0], ["lagged", -1.0], ["guilty", -1.5], ["prison", -1.5], ["jail", -1.2],
  ["sentenced", -1.2], ["accused", -1.2], ["accuses", -1.0], ["charges", -0.6], ["charged", -1.0], ["fines", -1.2],
  ["bans", -1.0], ["banned", -1.2], ["probes", -1.0], ["subpoena", -1.0], ["subpoenas", -1.0], ["denies", -0.8],
  ["denied", -1.0], ["abandon", -1.0], ["abandons", -1.0], ["abandoned", -1.0], ["shuts", -1.0], ["shut", -0.8],
  ["disrupted", -1.0], ["disruption", -1.0], ["skepticism", -1.0], ["jeopardy", -1.2], ["revolt", -1.0], ["slams", -1.0],
  ["criticised", -1.0], ["criticized", -1.0], ["infringement", -1.0], ["strike", -0.5], ["protests", -0.8],
  ["misconduct", -1.2], ["obstacles", -0.8], ["evasion", -1.2], ["dims", -1.0], ["knocked", -1.0], ["victim", -1.0],
  ["exposed", -0.6], ["rout", -1.5], ["tension", -0.8], ["weighs", -0.8], ["retrial", -1.0], ["lawsuits", -1.2],
  ["sue", -1.0], ["settle", -0.4], ["slowdown", -1.2], ["dip", -0.8], ["cool", -0.5], ["cools", -0.8],
  // Trader and microblog talk (StockTwits, FiQA-2018): positions, chart patterns and price action.
  ["long", 0.8], ["longs", 0.8], ["longed", 1.0], ["adding", 0.8], ["added", 0.6], ["bought", 0.8], ["buying", 0.6],
  ["accumulate", 0.8], ["accumulation", 0.8], ["bounce", 1.0], ["bouncing", 1.0], ["bounced", 1.0], ["green", 0.8],
  ["pop", 1.0], ["popping", 1.0], ["run", 0.5], ["runner", 0.8], ["running", 0.5], ["rocket", 1.2], ["moon", 1.2],
  ["breakout", 1.2], ["uptrend", 1.2], ["oversold", 0.8], ["support", 0.5], ["supported", 0.6], ["bullishness", 1.5],
  ["winner", 1.0], ["winners", 1.0], ["nice", 0.8], ["love", 0.8], ["liking", 0.8], ["primed", 0.8], ["poised", 0.6],
  ["explosive", 1.0], ["ripe", 0.6], ["cheap", 0.5], ["higher", 0.8], ["hod", 0.8], ["continuation", 0.6],
  ["sell", -0.8], ["selling", -0.8], ["sold", -0.6], ["sells", -0.4], ["shorting", -1.0], ["shorted", -0.8],
  ["put", -0.4], ["red", -0.8], ["dump", -1.2], ["dumping", -1.2], ["dumped", -1.0], ["dumps", -1.0], ["bleeding", -1.2],
  ["breakdown", -1.2], ["overbought", -0.8], ["pullback", -0.8], ["downtrend", -1.2], ["resistance", -0.3],
  ["dive", -1.2], ["dives", -1.2], ["dying", -1.2], ["bloated", -1.0], ["weakest", -1.2], ["top", -0.2],
  ["lod", -0.8], ["destroyed", -1.5], ["ugly", -1.2], ["avoid", -1.0], ["overpriced", -1.0], ["sad", -0.8],
  ["bagholders", -1.2], ["trap", -1.0], ["fade", -0.8], ["fading", -0.8], ["rolling", -0.4], ["damage", -1.0],
]);

/** Multi-word cues, matched before single words; their words then do not count again. */
export const PHRASE_WEIGHTS: ReadonlyMap<string, number> = new Map<string, number>([
  ["price target raised", 2.0], ["target raised", 1.8], ["raises price target", 2.0], ["raises target", 1.8],
  ["price target cut", -2.0], ["target cut", -1.8], ["cuts price target", -2.0], ["cuts target", -1.8],
  ["price target lowered", -2.0], ["target lowered", -1.8], ["lowers price target", -2.0], ["lowers target", -1.8],
  ["target trimmed", -1.5], ["targets trimmed", -1.5], ["trims price target", -1.5], ["trims target", -1.5],
  ["raises guidance", 2.0], ["raises outlook", 2.0], ["raises forecast", 2.0], ["raises profit forecast", 2.0],
  ["raises dividend", 1.5], ["dividend hike", 1.5], ["hikes dividend", 1.5], ["boosts dividend", 1.5],
  ["cuts guidance", -2.0], ["cuts outlook", -2.0], ["cuts forecast", -2.0], ["lowers guidance", -2.0],
  ["lowers outlook", -2.0], ["lowers forecast", -2.0], ["pulls outlook", -1.8], ["withdraws guidance", -1.8],
  ["suspends dividend", -2.0], ["cuts dividend", -2.0], ["dividend cut", -2.0], ["profit warning", -2.0],
  ["job cuts", -1.5], ["cut jobs", -1.5], ["cuts jobs", -1.5], ["job loss", -1.5], ["job losses", -1.5],
  ["record high", 1.8], ["record highs", 1.8], ["all-time high", 1.8], ["all time high", 1.8], ["new high", 1.5],
  ["52-week high", 1.5], ["52-week low", -1.5], ["new low", -1.5], ["record low", -1.5], ["multi-year low", -1.5],
  ["beats estimates", 2.0], ["beats expectations", 2.0], ["tops estimates", 2.0], ["above estimates", 1.5],
  ["above expectations", 1.5], ["better than expected", 1.8], ["better-than-expected", 1.8],
  ["misses estimates", -2.0], ["misses expectations", -2.0], ["below estimates", -1.5], ["below expectations", -1.5],
  ["worse than expected", -1.8], ["worse-than-expected", -1.8], ["weaker than expected", -1.8],
  ["stronger than expected", 1.8], ["short squeeze", 1.0], ["breaking out", 1.2], ["breaks out", 1.2],
  ["buy rating", 1.5], ["sell rating", -1.5], ["strong buy", 2.0], ["cut to sell", -2.0], ["cuts to sell", -2.0],
  ["cuts to hold", -1.5], ["cut to hold", -1.5], ["raised to buy", 2.0], ["upgraded to buy", 2.0],
  ["thumbs down", -1.5], ["thumbs up", 1.5], ["sell-off", -1.5], ["sell off", -1.5], ["falls short", -1.5],
  ["fell short", -1.5], ["comes up short", -1.5], ["going concern", -2.0], ["chapter 11", -2.0],
  ["trade deal", 0.8], ["on track", 0.8], ["turns negative", -1.8], ["turns positive", 1.8], ["turns bearish", -2.0],
  ["turns bullish", 2.0], ["negative impact", -1.5], ["positive impact", 1.5], ["more gains", 1.2],
  ["well-positioned", 1.2], ["well positioned", 1.2], ["under pressure", -1.2], ["fell sharply", -1.8],
  ["rose sharply", 1.8], ["higher than expected", 0.8], ["lower than expected", -0.8],
  ["top estimates", 1.8], ["top expectations", 1.8], ["past estimate", 1.2], ["past estimates", 1.2],
  ["at buy", 1.5], ["at sell", -1.5], ["a buy", 1.2], ["a sell", -1.2],
  // Rates and policy moves are news, not a company's fortune.
  ["rate cut", 0], ["rate cuts", 0], ["cut rates", 0], ["cuts rates", 0], ["rate hike", 0], ["rate hikes", 0],
  ["raises rates", 0], ["raised rates", 0], ["interest rates", 0],
  // "<pct>" stands for an unsigned percentage ("down 46%").
  ["up <pct>", 1.5], ["down <pct>", -1.5], ["higher <pct>", 1.5], ["lower <pct>", -1.5], ["rises <pct>", 1.5],
  ["falls <pct>", -1.5], ["gains <pct>", 1.5], ["drops <pct>", -1.5], ["jumps <pct>", 1.8], ["slides <pct>", -1.5],
  // Trader phrases whose words alone would mislead ("double" / "top", "take" / "profits").
  ["double top", -1.2], ["double bottom", 1.2], ["head and shoulders", -1.0], ["inverse head and shoulders", 1.2],
  ["sell signal", -1.5], ["buy signal", 1.5], ["take profits", -0.4], ["taking profits", -0.4], ["short term", 0],
  ["short-term", 0], ["long-term", 0], ["long term", 0], ["break out", 1.2], ["broke out", 1.2], ["broken out", 1.2],
  ["breaking below", -1.2], ["breaking under", -1.2], ["breaks below", -1.2], ["broke below", -1.2], ["break down", -1.2],
  ["breaks support", -1.2], ["breaks resistance", 1.2], ["broke resistance", 1.2], ["new highs", 1.5], ["new lows", -1.5],
  ["higher highs", 1.2], ["lower lows", -1.2], ["green close", 1.0], ["red close", -1.0], ["to the moon", 1.5],
  ["lay off", -1.5], ["lays off", -1.5], ["joint venture", 0.6], ["buy back", 0.8], ["sell off", -1.5], ["sold off", -1.5],
  ["selling off", -1.5], ["price hikes", -0.4], ["stay away", -1.2], ["ready to", 0.4], ["bounce back", 1.2],
  ["bounces back", 1.2], ["bounced back", 1.2], ["cut debt", 0.8], ["closed for profit", 1.0],
]);

/** Rating words: after an upgrade/downgrade in the same clause they name the old/new rating, not a view. */
export const RATING_WORDS: ReadonlySet<string> = new Set([
  "buy", "sell", "hold", "neutral", "outperform", "underperform", "overweight", "underweight", "strong buy",
  "a buy", "a sell", "at buy", "at sell", "buy rating", "sell rating", "market perform", "equal-weight", "positive",
  "negative",
]);

/** Cues that announce a rating change (after which `RATING_WORDS` are ignored in that clause). */
export const RATING_ACTIONS: ReadonlySet<string> = new Set([
  "upgrade", "upgrades", "upgraded", "upgrading", "downgrade", "downgrades", "downgraded",
]);

/** Words that flip the cues that follow them (within a short window, up to punctuation). */
export const NEGATORS: ReadonlySet<string> = new Set([
  "not", "no", "never", "without", "nor", "neither", "cannot", "can't", "cant", "won't", "wont", "don't", "dont",
  "doesn't", "doesnt", "didn't", "didnt", "isn't", "isnt", "aren't", "arent", "wasn't", "wasnt", "weren't",
  "hasn't", "hasnt", "haven't", "havent", "hadn't", "shouldn't", "wouldn't", "couldn't", "fails", "failed",
  "unlikely", "lack", "lacks",
]);

/** Words that strengthen the next cue. */
export const INTENSIFIERS: ReadonlyMap<string, number> = new Map<string, number>([
  ["very", 1.3], ["sharply", 1.4], ["significantly", 1.3], ["massive", 1.4], ["huge", 1.4], ["big", 1.2],
  ["strongly", 1.3], ["deeply", 1.3], ["steep", 1.3], ["sharp", 1.3], ["biggest", 1.4], ["major", 1.2],
]);
