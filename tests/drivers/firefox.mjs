// Debian's firefox-esr driven by npm's puppeteer-core over WebDriver BiDi (no geckodriver), for
// tests/drivers/firefox.py: one browser with a fresh profile per run, one page, commands read
// from stdin as JSON lines ({id, op, args}) and answered on stdout ({id, value} or {id, error}).
//
//   node tests/drivers/firefox.mjs FIREFOX DOWNLOAD_DIR
import readline from "node:readline";
import puppeteer from "puppeteer-core";

const [firefox, downloads] = process.argv.slice(2);
const browser = await puppeteer.launch({
  browser: "firefox",
  executablePath: firefox,
  headless: true,
  extraPrefsFirefox: {
    // A download is saved at once into DOWNLOAD_DIR, as a reader's "save to Downloads" does.
    "browser.download.folderList": 2,
    "browser.download.dir": downloads,
    "browser.download.useDownloadDir": true,
    "browser.download.always_ask_before_handling_new_types": false,
  },
});
const page = (await browser.pages())[0] ?? (await browser.newPage());
const errors = [];
page.on("pageerror", (error) => errors.push(String(error?.message ?? error)));

const ops = {
  version: () => browser.version(),
  goto: async (url) => { await page.goto(url, { waitUntil: "load", timeout: 120_000 }); },
  reload: async () => { await page.reload({ waitUntil: "load", timeout: 120_000 }); },
  // A function's source and its arguments, called in the page (BiDi's script.evaluate: not the
  // page's own eval, which the site's CSP forbids).
  js: (source, args) => page.evaluate(`(${source})(...${JSON.stringify(args)})`),
  click: (selector) => page.click(selector),
  type: async (selector, text) => { await page.focus(selector); await page.keyboard.type(text); },
  resize: (width, height) => page.setViewport({ width, height }),
  screenshot: async (path) => { await page.screenshot({ path, fullPage: true }); },
  errors: () => errors.splice(0),
};

const lines = readline.createInterface({ input: process.stdin });
for await (const line of lines) {
  const { id, op, args } = JSON.parse(line);
  let answer;
  try {
    answer = { id, value: (await ops[op](...args)) ?? null };
  } catch (error) {
    answer = { id, error: String(error?.stack ?? error) };
  }
  process.stdout.write(JSON.stringify(answer) + "\n");
}
await browser.close();
