import { expect, it } from "vitest";
import { measureBundles } from "../../infra/bundle-sizes.ts";
import { FUNCTION_NAMES } from "../../infra/bundling.ts";

it("keeps every function's minified bundle within its budget", async () => {
  const sizes = await measureBundles();
  expect(sizes.map((size) => size.name)).toEqual([...FUNCTION_NAMES]);
  for (const { name, bytes, budget } of sizes) {
    console.log(`bundle ${name}: ${(bytes / 1000).toFixed(1)} KB (budget ${budget / 1000} KB)`);
  }
  for (const { name, bytes, budget } of sizes) expect(bytes, name).toBeLessThanOrEqual(budget);
}, 300_000);
