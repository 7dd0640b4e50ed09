import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's chromium, which scripts/lib/chromium.mjs installs when it is missing. */
export const CHROMIUM_PATH = '/usr/bin/chromium';
export const SCREENSHOT_DIR = path.resolve(__dirname, '..', '..', 'test-output', 'dashboard');

// Tests type-check without the DOM library; these are the browser globals the helpers touch.
interface BrowserGlobals {
  localStorage: { setItem(key: string, value: string): void };
  document: { documentElement: { scrollWidth: number } };
  innerWidth: number;
}

export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 390, height: 844 };

export function launchBrowser(): Promise<Browser> {
  // --no-sandbox: chromium refuses its sandbox as root (CI containers); the pages are our own app.
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ['--no-sandbox'] });
}

/** A page of its own (fresh storage) with the API key already entered, as a returning user would have it. */
export async function openDashboard(browser: Browser, baseURL: string, apiKey: string, viewport = DESKTOP): Promise<Page> {
  const context = await browser.newContext({ baseURL, viewport });
  await context.addInitScript((key) => (globalThis as unknown as BrowserGlobals).localStorage.setItem('mediaflow.apiKey', key), apiKey);
  const page = await context.newPage();
  page.setDefaultTimeout(60_000);
  return page;
}

/** Saves a full-page screenshot as test-output/dashboard/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/** Whether the page needs horizontal scrolling (it should not, at any supported width). */
export function overflowsHorizontally(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const { document, innerWidth } = globalThis as unknown as BrowserGlobals;
    return document.documentElement.scrollWidth > innerWidth + 1;
  });
}
