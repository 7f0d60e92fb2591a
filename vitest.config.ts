import { defineConfig, mergeConfig } from 'vitest/config';
import { playwright } from '@vitest/browser-playwright';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './tests/chromium.ts';
import viteConfig from './vite.config.ts';

export default mergeConfig(
  viteConfig({ mode: 'test', command: 'serve' }),
  defineConfig({
    test: {
      projects: [
        {
          extends: true,
          test: {
            name: 'ml',
            include: ['tests/ml/**/*.test.ts', 'tests/cli/**/*.test.ts', 'tests/app/**/*.test.ts'],
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
                launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
              }),
              instances: [{ browser: 'chromium' }],
            },
          },
        },
        {
          extends: true,
          test: {
            // The whole walkthrough in the built app, as a user clicks it (playwright-core, Chromium);
            // the walkthrough and robustness files also in firefox-esr (puppeteer-core, WebDriver BiDi).
            name: 'e2e',
            include: ['tests/e2e/**/*.test.ts'],
            globalSetup: ['tests/e2e/global-setup.ts'],
            environment: 'node',
            testTimeout: 300_000,
            hookTimeout: 180_000,
          },
        },
      ],
    },
  }),
);
