export type {
  Features,
  FeatureSkip,
  FeatureSkipReason,
  FeatureResult,
  FeatureConfig,
  TrendState,
  FeatureReset,
  FeatureResetReason,
  FeatureWarmup,
} from "./features.js";
export {
  FEATURE_SKIP_REASONS,
  FEATURE_RESET_REASONS,
  MIN_FEATURE_BARS,
  DEFAULT_FEATURE_CONFIG,
  isFeatureSkip,
} from "./features.js";
export { validateBar } from "./validate-bar.js";
export { FeatureState } from "./feature-state.js";
export type { FeatureWindows } from "./feature-state.js";
export { FeatureStream } from "./feature-stream.js";
export type { ApplyOptions, FeatureStreamOptions, FeatureStreamUpdate, StreamResult } from "./feature-stream.js";
export { computeFeatures } from "./compute-features.js";
export type { ComputeFeaturesOptions } from "./compute-features.js";
export { featureStaleness } from "./feature-staleness.js";
