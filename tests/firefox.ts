/**
 * How this project drives Firefox: Debian's firefox-esr over WebDriver BiDi with puppeteer-core
 * (Playwright cannot drive a stock Firefox; PITFALLS #21), headless, in a fresh profile, with
 * preferences that keep it off the network.
 */
import puppeteer, { type Browser } from 'puppeteer-core';

export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

/**
 * Added to puppeteer's own test preferences (which already turn off updates, safe browsing,
 * telemetry, remote settings and speculative connections). Anything that is not loopback goes
 * to a dead proxy, so a stray request fails at once instead of waiting for a network.
 */
export const FIREFOX_PREFS: Record<string, string | number | boolean> = {
  'network.proxy.type': 1,
  'network.proxy.http': '127.0.0.1',
  'network.proxy.http_port': 9,
  'network.proxy.ssl': '127.0.0.1',
  'network.proxy.ssl_port': 9,
  'network.proxy.no_proxies_on': '127.0.0.1,localhost',
  'network.proxy.allow_hijacking_localhost': false,
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
  'network.dns.disablePrefetch': true,
  'network.prefetch-next': false,
  'network.trr.mode': 5,
  'browser.safebrowsing.update.enabled': false,
  'browser.region.update.enabled': false,
  'browser.region.network.url': '',
  'datareporting.usage.uploadEnabled': false,
  'toolkit.telemetry.enabled': false,
  'toolkit.telemetry.server': '',
  'app.update.enabled': false,
  'app.shield.optoutstudies.enabled': false,
  'media.gmp-gmpopenh264.enabled': false,
  'extensions.systemAddon.update.enabled': false,
  'extensions.blocklist.enabled': false,
  'identity.fxaccounts.enabled': false,
  'browser.ping-centre.telemetry': false,
  'browser.newtabpage.activity-stream.feeds.telemetry': false,
  'browser.newtabpage.activity-stream.telemetry': false,
  // Downloads go to the folder the test sets, without asking.
  'browser.download.useDownloadDir': true,
  'browser.download.folderList': 2,
  'browser.download.always_ask_before_handling_new_types': false,
  'browser.download.manager.showWhenStarting': false,
  'browser.download.start_downloads_in_tmp_dir': false,
};

/**
 * Launches headless firefox-esr in a fresh temporary profile (puppeteer creates it, writes the
 * preferences into it and removes it on close); `prefs` are added to {@link FIREFOX_PREFS}.
 */
export function launchFirefox(prefs: Record<string, string | number | boolean> = {}): Promise<Browser> {
  return puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX_PATH,
    headless: true,
    extraPrefsFirefox: { ...FIREFOX_PREFS, ...prefs },
    // The window size, not puppeteer's viewport emulation: Firefox ESR 140.12 answers "unknown command" to
    // emulation.setScreenOrientationOverride, which puppeteer 25's setViewport sends.
    defaultViewport: null,
    args: ['--width=1280', '--height=986'], // 900 px inside the window's 86 px of toolbars
    protocolTimeout: 180_000,
  });
}

/**
 * The page's uncaught errors. WebDriver BiDi also reports errors thrown in the automation's own realms;
 * in Firefox ESR 140.12 puppeteer's file upload raises "Permission denied to access property" there,
 * which no page script sees. Those are left out; everything the page's own realm throws or rejects is
 * kept, recorded by a listener installed before the app's scripts.
 */
export async function watchPageErrors(page: import('puppeteer-core').Page): Promise<() => Promise<string[]>> {
  const reported: string[] = [];
  page.on('pageerror', (e) => reported.push(e instanceof Error ? e.message : String(e)));
  await page.evaluateOnNewDocument(`(() => {
    const errors = (window.__pageErrors = window.__pageErrors || []);
    window.addEventListener('error', (e) => errors.push(String(e.message)));
    window.addEventListener('unhandledrejection', (e) => errors.push(String(e.reason && e.reason.message ? e.reason.message : e.reason)));
  })()`);
  return async () => {
    const own = (await page.evaluate('window.__pageErrors || []')) as string[];
    return [...own, ...reported.filter((m) => !/^(Error: )?Permission denied to access property/.test(m))];
  };
}
