import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      { test: { name: "unit", include: ["tests/unit/**/*.test.ts"] } },
      {
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          globalSetup: ["tests/support/local-stack-setup.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: "e2e",
          include: ["tests/e2e/**/*.test.ts"],
          globalSetup: ["tests/support/local-stack-setup.ts"],
          testTimeout: 90_000,
          hookTimeout: 90_000,
          // One browser at a time: the files share the stack and a Chromium each is heavy.
          fileParallelism: false,
        },
      },
      {
        test: {
          name: "infra",
          include: ["tests/infra/**/*.test.ts"],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          // The README's commands, against a stack started with `npm start` (tests/docs).
          name: "docs",
          include: ["tests/docs/**/*.test.ts"],
          testTimeout: 300_000,
          hookTimeout: 300_000,
        },
      },
      {
        test: {
          name: "reliability",
          include: ["tests/reliability/**/*.test.ts"],
          globalSetup: ["tests/support/local-stack-setup.ts"],
          testTimeout: 300_000,
          hookTimeout: 120_000,
          // The accounting counts what the stack did; another file's load would blur it.
          fileParallelism: false,
        },
      },
    ],
  },
});
