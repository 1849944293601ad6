// Drives code-server (a real VS Code) in headless Chromium with our extension installed: opens the
// sample Containerfile, reads the Problems panel and the status bar, saves a screenshot.
//
// Environment: PLAYWRIGHT_CORE (path of the playwright-core package), CODE_SERVER_URL, SCREENSHOT,
// EDITOR_SERVER_CAPS (file listing the server's capabilities: gated checks run only when present).
// Prints one line per check (`ok`, `skip`, `FAIL`); exits 1 when any check failed.

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { chromium } = require(process.env.PLAYWRIGHT_CORE);

const url = process.env.CODE_SERVER_URL;
const screenshot = process.env.SCREENSHOT;
const caps = new Set(
  process.env.EDITOR_SERVER_CAPS ? readFileSync(process.env.EDITOR_SERVER_CAPS, "utf8").split("\n").filter(Boolean) : [],
);
const TIMEOUT = 60_000;

let failed = 0;
const ok = (name, detail) => console.log(`ok   ${name}${detail ? `: ${detail}` : ""}`);
const skip = (name, reason) => console.log(`skip ${name}: ${reason}`);
const fail = (name, reason) => {
  failed += 1;
  console.log(`FAIL ${name}: ${reason}`);
};

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  headless: true,
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});
const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });

async function shoot() {
  try {
    await page.screenshot({ path: screenshot });
  } catch (err) {
    console.log(`(screenshot failed: ${err.message})`);
  }
}

async function problemRows() {
  return page.$$eval(".markers-panel .monaco-list-row", (rows) =>
    rows.map((r) => r.getAttribute("aria-label") || r.textContent || ""),
  );
}

async function run() {
  await page.goto(url);
  await page.waitForSelector(".monaco-workbench", { timeout: TIMEOUT });
  // The explorer lists the folder once the workbench has connected to the server side.
  await page.waitForSelector('.explorer-folders-view .monaco-list-row[aria-label*="Containerfile"]', {
    timeout: TIMEOUT,
  });
  ok("workbench loaded", url);

  // Quick Open the sample.
  await page.click(".monaco-workbench .part.editor");
  await page.keyboard.press("Control+P");
  await page.waitForSelector(".quick-input-widget input", { state: "visible", timeout: TIMEOUT });
  await page.keyboard.type("Containerfile");
  await page.waitForSelector('.quick-input-list .monaco-list-row[aria-label*="Containerfile"]', { timeout: TIMEOUT });
  await page.keyboard.press("Enter");
  await page.waitForFunction(
    () => [...document.querySelectorAll(".monaco-editor .view-line")].some((l) => l.textContent.replace(/\u00a0/g, " ").includes("FORM builder")),
    null,
    { timeout: TIMEOUT },
  );
  const language = await page
    .locator('.statusbar-item[id="status.editor.mode"]')
    .first()
    .textContent({ timeout: TIMEOUT });
  if (!/docker/i.test(language ?? "")) {
    fail("Containerfile opens as a Dockerfile", `language mode shows '${language}'`);
  } else {
    ok("Containerfile opens as a Dockerfile", `language mode '${language.trim()}'`);
  }

  // Problems panel.
  await page.keyboard.press("Control+Shift+M");
  await page.waitForSelector(".markers-panel", { state: "visible", timeout: TIMEOUT });
  let rows = [];
  try {
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll(".markers-panel .monaco-list-row")].some((r) =>
          (r.getAttribute("aria-label") || r.textContent || "").includes("Unknown instruction"),
        ),
      null,
      { timeout: TIMEOUT },
    );
    rows = await problemRows();
  } catch {
    rows = await problemRows();
    fail("Problems panel shows the server's diagnostic", `no 'Unknown instruction' row within ${TIMEOUT} ms; rows: ${JSON.stringify(rows)}`);
  }
  const row = rows.find((r) => r.includes("Unknown instruction"));
  const copies = rows.filter((r) => r.includes("Unknown instruction")).length;
  if (copies > 1) {
    // Push and pull diagnostics both enabled show every problem twice.
    fail("diagnostic shown once", `${copies} rows for the FORM diagnostic: ${JSON.stringify(rows)}`);
  }
  if (row !== undefined) {
    // The row's label carries message, source/code and position; the code is the rule id and the
    // position is the FORM line, so this is our server's diagnostic and not some other extension's.
    const text = await page.locator(".markers-panel").innerText();
    if (!text.includes("unknown-instruction")) {
      fail("diagnostic carries the rule id", `Problems panel text has no 'unknown-instruction': ${JSON.stringify(text)}`);
    } else if (!/Ln 5, Col 1|\[5, 1\]|5:1/.test(text + row)) {
      fail("diagnostic at the FORM line", `expected line 5, column 1: ${JSON.stringify(row)} / ${JSON.stringify(text)}`);
    } else {
      ok("Problems panel shows the server's diagnostic", row.replace(/\s+/g, " "));
    }
  }

  // Status bar item of the extension: running once the client is up.
  const status = page.locator('.statusbar-item[id$="dockerfileLsp.status"]');
  try {
    await status.locator(".codicon-check").waitFor({ timeout: TIMEOUT });
    ok("status bar shows the server running", (await status.getAttribute("aria-label")) ?? "");
  } catch {
    const label = (await status.count()) > 0 ? await status.first().getAttribute("aria-label") : "(no item)";
    fail("status bar shows the server running", `status item: ${label}`);
  }

  await shoot();

  // Checks for features the server adds later: they run once it advertises the capability.
  if (caps.has("hoverProvider")) {
    const fromWord = page.locator(".monaco-editor .view-line span", { hasText: /^FROM$/ }).first();
    await fromWord.hover();
    try {
      await page.waitForSelector(".monaco-hover:not(.hidden) .monaco-hover-content", { state: "visible", timeout: TIMEOUT });
      const hover = await page.locator(".monaco-hover-content").first().innerText();
      if (hover.includes("FROM")) {
        ok("hover on FROM", hover.split("\n")[0]);
      } else {
        fail("hover on FROM", `hover does not mention FROM: ${JSON.stringify(hover)}`);
      }
    } catch {
      fail("hover on FROM", "no hover appeared over FROM");
    }
    await page.keyboard.press("Escape");
  } else {
    skip("hover on FROM", "server does not advertise hoverProvider yet");
  }

  if (caps.has("codeActionProvider")) {
    // Cursor onto `FORM` (line 5), open the quick fix menu, take the first fix.
    await page.keyboard.press("Control+G");
    await page.keyboard.type("5:2");
    await page.keyboard.press("Enter");
    await page.keyboard.press("Control+.");
    try {
      await page.waitForSelector(".action-widget .monaco-list-row", { state: "visible", timeout: TIMEOUT });
      const title = await page.locator(".action-widget .monaco-list-row.action").first().innerText();
      await page.keyboard.press("Enter");
      await page.waitForFunction(
        () => ![...document.querySelectorAll(".monaco-editor .view-line")].some((l) => l.textContent.replace(/\u00a0/g, " ").includes("FORM builder")),
        null,
        { timeout: TIMEOUT },
      );
      await page.waitForFunction(
        () =>
          ![...document.querySelectorAll(".markers-panel .monaco-list-row")].some((r) =>
            (r.getAttribute("aria-label") || r.textContent || "").includes("Unknown instruction"),
          ),
        null,
        { timeout: TIMEOUT },
      );
      ok("quick fix for FORM", title.trim());
    } catch (err) {
      fail("quick fix for FORM", `quick fix did not apply and clear the diagnostic: ${err.message.split("\n")[0]}`);
    }
  } else {
    skip("quick fix for FORM", "server does not advertise codeActionProvider yet");
  }
}

try {
  await run();
} catch (err) {
  fail("VS Code session", err.message.split("\n")[0]);
}
await shoot();
await browser.close();
process.exit(failed > 0 ? 1 : 0);
