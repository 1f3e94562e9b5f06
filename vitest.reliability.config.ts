import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

// One folder per run, shared by every file of the suite (the workers inherit the environment): each file leaves its
// server logs, data folders, backups, test customers and figures there, and the leak scan, which runs last, reads them.
process.env.AMANAT_RELIABILITY_DIR ??= mkdtempSync(join(tmpdir(), 'amanat-reliability-'));

const shared = {
  testTimeout: 120_000,
  hookTimeout: 60_000,
  pool: 'forks' as const,
  // The crash tests mostly wait (for restarts, for the outbox's hold on claimed messages): three files at a time
  // keep the suite within its six minutes on two cores.
  maxWorkers: 3,
  globalSetup: ['test/global-setup.ts'],
};

export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          ...shared,
          name: 'reliability',
          include: ['test/reliability/*.test.ts'],
          exclude: ['**/leaks.test.ts'],
        },
      },
      // The leak scan looks at what the whole suite left behind, so it runs after every other file.
      {
        extends: true,
        test: { ...shared, name: 'leaks', include: ['test/reliability/leaks.test.ts'], sequence: { groupOrder: 1 } },
      },
    ],
  },
});
