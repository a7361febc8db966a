import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.{ts,tsx}"],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Ink renders only the final frame when CI is set (is-in-ci); the frame tests need every frame.
    env: { CI: "false" },
  },
});
