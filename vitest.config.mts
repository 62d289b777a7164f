import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // End-to-end tests start real processes and synthesize real stacks.
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
