import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // the command runs in its own process in every test; test/cli/server.test.ts starts a server of its own
    env: { LECTERN_SERVER: 'off' },
  },
});
