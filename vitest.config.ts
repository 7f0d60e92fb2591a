import { defineConfig, mergeConfig } from 'vitest/config';
import { playwright } from '@vitest/browser-playwright';
import viteConfig from './vite.config.ts';

// Debian's Chromium: Playwright cannot download its own browsers here (PITFALLS #14, #16).
const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export default mergeConfig(
  viteConfig,
  defineConfig({
    test: {
      projects: [
        {
          extends: true,
          test: {
            name: 'ml',
            include: ['tests/ml/**/*.test.ts', 'tests/cli/**/*.test.ts'],
            environment: 'node',
            testTimeout: 60_000,
            hookTimeout: 60_000,
          },
        },
        {
          extends: true,
          test: {
            name: 'ui',
            include: ['tests/ui/**/*.test.ts'],
            setupFiles: ['tests/ui/setup.ts'],
            browser: {
              enabled: true,
              headless: true,
              // Failure screenshots would land in tests/ui/__screenshots__ inside the repo.
              screenshotFailures: false,
              provider: playwright({
                launchOptions: { executablePath: '/usr/bin/chromium', args: chromiumArgs },
              }),
              instances: [{ browser: 'chromium' }],
            },
          },
        },
      ],
    },
  }),
);
