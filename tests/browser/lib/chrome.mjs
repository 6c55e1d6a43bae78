// Shared browser settings for suite.mjs and screenshots.mjs.
import fs from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Flags every Chromium we start gets (Playwright adds a fresh temp --user-data-dir itself). */
export const CHROME_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];

/**
 * Belt and braces against traffic leaving the machine: no host name resolves except
 * loopback. The suite also aborts every non-allowed request before it is sent.
 */
export const GUARD_ARGS = ['--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost'];

export function loadPlaywright() {
  try {
    return require('playwright-core');
  } catch {
    console.error('playwright-core is not installed: run `bash tests/browser/setup.sh` first.');
    process.exit(2);
  }
}

export function checkChromium() {
  if (!fs.existsSync(CHROMIUM)) {
    console.error(`${CHROMIUM} not found: run \`bash tests/browser/setup.sh\` first.`);
    process.exit(2);
  }
}

export async function launchBrowser() {
  checkChromium();
  const { chromium } = loadPlaywright();
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    chromiumSandbox: false,
    args: [...CHROME_ARGS, ...GUARD_ARGS],
  });
}
