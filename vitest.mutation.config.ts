/**
 * The unit tests alone, for mutation testing (`npm run test:mutation`): Stryker runs them once per
 * mutant, so nothing that starts the local stack or a browser belongs here.
 */
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: { include: ["tests/unit/**/*.test.ts"] },
});
