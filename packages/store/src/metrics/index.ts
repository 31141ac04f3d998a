export * from "./contributions.ts";
export * from "./hook.ts";
export * from "./keys.ts";
export * from "./overdue.ts";
export * from "./progress.ts";
export * from "./progress-files.ts";
export * from "./read.ts";
export * from "./response-times.ts";
