// Browser test of the sample app's RealtimeX page, run by the sample's JUnit test:
//   node realtimex-sample.js BASE_URL SCREENSHOT_PATH
// Opens BASE_URL/realtimex/index.html in two browser contexts (two visitors, two HTTP sessions,
// so two presence identities) of Debian's headless Chromium, waits until each page lists both
// presence members, sends a client event from the first page and waits for it on the second,
// writes a screenshot of the second page, and prints one line `RESULT {json}`. Exits non-zero
// with `FAILED message` on any error.
'use strict';
const fs = require('fs');
const path = require('path');
const { chromium } = require('playwright-core');

const [baseUrl, screenshot] = process.argv.slice(2);
if (!baseUrl || !screenshot) {
  console.error('usage: node realtimex-sample.js BASE_URL SCREENSHOT_PATH');
  process.exit(2);
}
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
const timeout = 30000;

async function members(page) {
  return page.$$eval('#members li.member', (items) => items.map((item) => item.textContent));
}

async function main() {
  // launch() gives Chromium a fresh temporary --user-data-dir of Playwright's own (deleted on
  // close); each visitor gets its own context, so the two do not share cookies.
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const viewport = { width: 900, height: 760 };
    const pageA = await (await browser.newContext({ viewport })).newPage();
    const pageB = await (await browser.newContext({ viewport })).newPage();
    const errors = [];
    for (const page of [pageA, pageB]) {
      page.setDefaultTimeout(timeout);
      page.on('pageerror', (error) => errors.push(String(error)));
    }
    await pageA.goto(baseUrl + '/realtimex/index.html');
    await pageB.goto(baseUrl + '/realtimex/index.html');
    for (const page of [pageA, pageB]) {
      await page.waitForFunction(() => document.querySelectorAll('#members li.member').length === 2);
      await page.waitForFunction(() => document.getElementById('me').textContent !== '-');
    }
    const meA = await pageA.textContent('#me');
    const meB = await pageB.textContent('#me');
    const text = 'hello from ' + meA;
    await pageA.fill('#text', text);
    await pageA.click('#send button');
    const received = await pageB.waitForSelector('#messages li.message:not(.mine)');
    const receivedText = await received.textContent();
    fs.mkdirSync(path.dirname(screenshot), { recursive: true });
    await pageB.screenshot({ path: screenshot, fullPage: true });
    const result = {
      meA, meB,
      membersA: await members(pageA),
      membersB: await members(pageB),
      statusA: await pageA.textContent('#status'),
      statusB: await pageB.textContent('#status'),
      received: receivedText,
      sent: text,
      errors,
      screenshot,
    };
    console.log('RESULT ' + JSON.stringify(result));
  } finally {
    await browser.close();
  }
}

main().catch((error) => {
  console.log('FAILED ' + String(error && error.stack || error).split('\n').slice(0, 3).join(' | '));
  process.exit(1);
});
