export * from "./fixed-times.js";
export * from "./builders.js";
