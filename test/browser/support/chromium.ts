import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/** Debian's Chromium (`apt-get install -y chromium`); Playwright's own browser downloads cannot work here. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Whether the browser tests can run; when not, they skip and say why. */
export const hasChromium = existsSync(CHROMIUM_PATH);
export const NO_CHROMIUM = `${CHROMIUM_PATH} is absent: install it with \`apt-get install -y chromium\` to run the browser tests`;

/**
 * Launches headless Chromium with the flags that keep it off the network (no background fetches, no
 * component updates, no sync, no QUIC). Playwright gives every launch a fresh temporary user-data-dir and
 * deletes it on close, so no profile state carries from one test file to the next.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}
