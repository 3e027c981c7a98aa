import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["netfilter/**/*.test.ts", "lib/**/*.test.ts", "cli/**/*.test.ts", "lab/**/*.test.ts", "e2e/lab/**/*.test.ts", "e2e/security/**/*.test.ts"],
    pool: "forks",
    // Tests spawn bin/lintas, which runs dist/: build it from the sources under test first.
    globalSetup: ["scripts/build-cli.mjs"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
