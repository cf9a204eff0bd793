export { FEATURES_CHANNEL, createFeaturesCycle } from "./cycle.js";
export type { FeaturesDeps } from "./cycle.js";
export { featuresConfigSchema, loadFeaturesConfig } from "./config.js";
export type { FeaturesConfig } from "./config.js";
export { featureRowProblem } from "./feature-row-problem.js";
