// Drives code-server (a real VS Code) in headless Chromium with our extension installed: opens the
// sample Containerfile, reads the Problems panel, the status bar and notifications, saves a screenshot.
//
// Environment: PLAYWRIGHT_CORE (path of the playwright-core package), CODE_SERVER_URL, SCREENSHOT,
// GRAPH_SCREENSHOT (the stage graph's webview),
// SCENARIO (`bundled` or `setting`, see run.sh), SERVER_BIN, MACHINE_SETTINGS and LOGS_DIR (for `setting`),
// EDITOR_SERVER_CAPS (file listing the server's capabilities: gated checks run only when present).
// Prints one line per check (`ok`, `skip`, `FAIL`); exits 1 when any check failed.

import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { chromium } = require(process.env.PLAYWRIGHT_CORE);

const url = process.env.CODE_SERVER_URL;
const screenshot = process.env.SCREENSHOT;
const scenario = process.env.SCENARIO ?? "bundled";
const caps = new Set(
  process.env.EDITOR_SERVER_CAPS ? readFileSync(process.env.EDITOR_SERVER_CAPS, "utf8").split("\n").filter(Boolean) : [],
);
const TIMEOUT = 60_000;
const DIAGNOSTIC = "Unknown instruction";

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

// Monaco renders spaces as U+00A0.
const editorHas = (text) =>
  page.waitForFunction(
    (t) =>
      [...document.querySelectorAll(".monaco-editor .view-line")].some((l) =>
        l.textContent.replace(/\u00a0/g, " ").includes(t),
      ),
    text,
    { timeout: TIMEOUT },
  );

async function problemRows() {
  return page.$$eval(".markers-panel .monaco-list-row", (rows) =>
    rows.map((r) => r.getAttribute("aria-label") || r.textContent || ""),
  );
}

const statusItem = () => page.locator('.statusbar-item[id$="dockerfileLsp.status"]');

async function statusLabel() {
  return (await statusItem().count()) > 0 ? await statusItem().first().getAttribute("aria-label") : "(no item)";
}

async function runCommand(title) {
  await page.keyboard.press("F1");
  await page.waitForSelector(".quick-input-widget input", { state: "visible", timeout: TIMEOUT });
  await page.keyboard.type(title);
  await page.waitForSelector(`.quick-input-list .monaco-list-row[aria-label*="${title}"]`, { timeout: TIMEOUT });
  await page.keyboard.press("Enter");
}

async function openSample() {
  await page.goto(url);
  await page.waitForSelector(".monaco-workbench", { timeout: TIMEOUT });
  // The explorer lists the folder once the workbench has connected to the server side.
  await page.waitForSelector('.explorer-folders-view .monaco-list-row[aria-label*="Containerfile"]', {
    timeout: TIMEOUT,
  });
  ok("workbench loaded", url);

  await page.click(".monaco-workbench .part.editor");
  await page.keyboard.press("Control+P");
  await page.waitForSelector(".quick-input-widget input", { state: "visible", timeout: TIMEOUT });
  await page.keyboard.type("Containerfile");
  await page.waitForSelector('.quick-input-list .monaco-list-row[aria-label*="Containerfile"]', { timeout: TIMEOUT });
  await page.keyboard.press("Enter");
  await editorHas("FORM builder");
  const language = await page.locator('.statusbar-item[id="status.editor.mode"]').first().textContent({ timeout: TIMEOUT });
  if (!/docker/i.test(language ?? "")) {
    fail("Containerfile opens as a Dockerfile", `language mode shows '${language}'`);
  } else {
    ok("Containerfile opens as a Dockerfile", `language mode '${language.trim()}'`);
  }
}

async function checkProblems(name) {
  if (!(await page.locator(".markers-panel").isVisible())) {
    await page.keyboard.press("Control+Shift+M");
  }
  await page.waitForSelector(".markers-panel", { state: "visible", timeout: TIMEOUT });
  let rows;
  try {
    await page.waitForFunction(
      (d) =>
        [...document.querySelectorAll(".markers-panel .monaco-list-row")].some((r) =>
          (r.getAttribute("aria-label") || r.textContent || "").includes(d),
        ),
      DIAGNOSTIC,
      { timeout: TIMEOUT },
    );
    rows = await problemRows();
  } catch {
    fail(name, `no '${DIAGNOSTIC}' row within ${TIMEOUT} ms; rows: ${JSON.stringify(await problemRows())}`);
    return false;
  }
  const matching = rows.filter((r) => r.includes(DIAGNOSTIC));
  if (matching.length > 1) {
    // Push and pull diagnostics both enabled show every problem twice.
    fail(`${name}: shown once`, `${matching.length} rows for the FORM diagnostic: ${JSON.stringify(rows)}`);
  }
  // The row carries message, source/code and position: the rule id and the FORM line make it our
  // server's diagnostic and not some other extension's.
  const text = await page.locator(".markers-panel").innerText();
  if (!text.includes("unknown-instruction")) {
    fail(name, `Problems panel text has no rule id 'unknown-instruction': ${JSON.stringify(text)}`);
    return false;
  }
  if (!/Ln 5, Col 1/.test(text) && !/line 5 and character 1/.test(matching[0])) {
    fail(name, `expected line 5, column 1: ${JSON.stringify(matching[0])} / ${JSON.stringify(text)}`);
    return false;
  }
  ok(name, matching[0].replace(/\s+/g, " "));
  return true;
}

async function checkRunning(name) {
  try {
    await statusItem().locator(".codicon-check").waitFor({ timeout: TIMEOUT });
    ok(name, (await statusLabel()).replace(/\s+/g, " "));
  } catch {
    fail(name, `status item: ${await statusLabel()}`);
  }
}

async function gatedFeatureChecks() {
  if (caps.has("hoverProvider")) {
    const fromWord = page.locator(".monaco-editor .view-line span", { hasText: /^FROM$/ }).first();
    await fromWord.hover();
    try {
      await page.waitForFunction(
        () =>
          [...document.querySelectorAll(".monaco-hover:not(.hidden) .monaco-hover-content")].some((e) =>
            e.innerText.includes("FROM"),
          ),
        null,
        { timeout: TIMEOUT },
      );
      const hover = await page.$$eval(".monaco-hover:not(.hidden) .monaco-hover-content", (els) =>
        els.map((e) => e.innerText).find((t) => t.includes("FROM")),
      );
      ok("hover on FROM", hover.split("\n")[0]);
    } catch {
      const shown = await page.$$eval(".monaco-hover .monaco-hover-content", (els) => els.map((e) => e.innerText));
      fail("hover on FROM", `no hover mentioning FROM appeared over FROM; hovers: ${JSON.stringify(shown)}`);
    }
    await page.keyboard.press("Escape");
  } else {
    skip("hover on FROM", "server does not advertise hoverProvider yet");
  }

  if (caps.has("codeActionProvider")) {
    // Cursor onto `FORM` (line 5), open the quick fix menu, take the first fix.
    await page.click(".monaco-editor .view-lines");
    await page.keyboard.press("Control+G");
    await page.keyboard.type("5:2");
    await page.keyboard.press("Enter");
    await page.keyboard.press("Control+.");
    try {
      await page.waitForSelector(".action-widget .monaco-list-row.action", { state: "visible", timeout: TIMEOUT });
      const title = await page.locator(".action-widget .monaco-list-row.action").first().innerText();
      await page.keyboard.press("Enter");
      await page.waitForFunction(
        () =>
          ![...document.querySelectorAll(".monaco-editor .view-line")].some((l) =>
            l.textContent.replace(/\u00a0/g, " ").includes("FORM builder"),
          ),
        null,
        { timeout: TIMEOUT },
      );
      await page.waitForFunction(
        (d) =>
          ![...document.querySelectorAll(".markers-panel .monaco-list-row")].some((r) =>
            (r.getAttribute("aria-label") || r.textContent || "").includes(d),
          ),
        DIAGNOSTIC,
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

/** The webview frame that shows our SVG. Webviews are iframes inside iframes, replaced when the
 * panel's page is set again, so every look searches all frames anew. */
async function graphFrame() {
  for (const frame of page.frames()) {
    try {
      if (await frame.$("svg.dfl-graph")) {
        return frame;
      }
    } catch {
      // A frame that went away while we looked.
    }
  }
  return undefined;
}

/** Polls the graph's webview until `probe` (run inside it) returns something; that or undefined. */
async function waitForGraph(probe, arg) {
  const deadline = Date.now() + TIMEOUT;
  while (Date.now() < deadline) {
    const frame = await graphFrame();
    if (frame !== undefined) {
      try {
        const result = await frame.evaluate(probe, arg);
        if (result) {
          return { frame, result };
        }
      } catch {
        // Replaced mid-evaluation: look again.
      }
    }
    await page.waitForTimeout(250);
  }
  return undefined;
}

/** Inside the webview: the drawing's nodes and edges and the colours its text and boxes got, once
 * a node whose first line is `stage` shows. */
function readGraph(stage) {
  const svg = document.querySelector("svg.dfl-graph");
  if (!svg) {
    return null;
  }
  const nodes = [...svg.querySelectorAll("g.node")].map((g) =>
    [...g.querySelectorAll("text")].map((t) => t.textContent).join(" / "),
  );
  if (!nodes.some((n) => n === stage || n.startsWith(`${stage} /`))) {
    return null;
  }
  const edges = [...svg.querySelectorAll("g.edge")].map(
    (g) => `${g.dataset.from}->${g.dataset.to} ${g.querySelector(".edge-label text")?.textContent}`,
  );
  const body = getComputedStyle(document.body);
  return {
    nodes,
    edges,
    textFill: getComputedStyle(svg.querySelector("g.node text")).fill,
    boxFill: getComputedStyle(svg.querySelector("g.node > rect")).fill,
    foreground: body.color,
    background: body.backgroundColor,
  };
}

async function checkStageGraph() {
  // The command asks the server (workspace/executeCommand dockerfile-lsp.graph, format svg) and
  // shows the drawing in a webview beside the editor.
  const cspErrors = [];
  const onConsole = (msg) => {
    if (/Content Security Policy/i.test(msg.text())) {
      cspErrors.push(msg.text());
    }
  };
  page.on("console", onConsole);
  let name = "Show Stage Graph draws the server's SVG in a webview";
  await runCommand("Dockerfile LSP: Show Stage Graph");
  const shown = await waitForGraph(readGraph, "builder");
  if (shown === undefined) {
    const titles = await page.$$eval(".tabs-container .tab", (tabs) => tabs.map((t) => t.getAttribute("aria-label")));
    fail(name, `no webview with an svg.dfl-graph showing the builder stage within ${TIMEOUT} ms; tabs: ${JSON.stringify(titles)}`);
    page.off("console", onConsole);
    return;
  }
  const graph = shown.result;
  if (!graph.edges.some((e) => e.startsWith("stage0->") && e.endsWith(" COPY --from"))) {
    fail(name, `no COPY --from edge from the builder stage: ${JSON.stringify(graph)}`);
  } else {
    ok(name, `nodes ${JSON.stringify(graph.nodes)}, edges ${JSON.stringify(graph.edges)}`);
  }

  // Themed: the text is the editor's foreground and the boxes its background, as the webview
  // page has them from VS Code's theme variables (not the SVG's black-on-white fallbacks).
  name = "the stage graph follows the colour theme";
  if (graph.textFill !== graph.foreground || graph.boxFill !== graph.background || graph.textFill === "rgb(0, 0, 0)") {
    fail(name, `text ${graph.textFill} / boxes ${graph.boxFill}; the theme's foreground ${graph.foreground}, background ${graph.background}`);
  } else {
    ok(name, `text ${graph.textFill} on ${graph.boxFill}`);
  }

  // Redrawn as the document changes: a new stage typed at the end shows up.
  name = "the stage graph follows edits";
  await page.locator(".monaco-editor .view-lines").first().click();
  await page.keyboard.press("Control+End");
  await page.keyboard.press("Enter");
  await page.keyboard.type("FROM builder AS extra");
  const edited = await waitForGraph(readGraph, "extra");
  if (edited === undefined) {
    fail(name, `no node 'extra' within ${TIMEOUT} ms of typing the stage`);
  } else {
    ok(name, `nodes ${JSON.stringify(edited.result.nodes)}`);
  }

  // A picture of the webview alone: the outermost iframe holding it.
  let outer = (edited ?? shown).frame;
  while (outer.parentFrame() !== null && outer.parentFrame() !== page.mainFrame()) {
    outer = outer.parentFrame();
  }
  try {
    const element = await outer.frameElement();
    // Focus leaves the editor, which closes the signature help that typing opened over the panel.
    await page.keyboard.press("Escape");
    await element.click({ position: { x: 4, y: 4 } });
    await page.waitForSelector(".parameter-hints-widget.visible", { state: "hidden", timeout: TIMEOUT });
    await element.screenshot({ path: process.env.GRAPH_SCREENSHOT });
    console.log(`(stage graph screenshot: ${process.env.GRAPH_SCREENSHOT})`);
  } catch (err) {
    fail("stage graph screenshot", err.message.split("\n")[0]);
  }

  page.off("console", onConsole);
  if (cspErrors.length > 0) {
    fail("the stage graph page breaks no Content Security Policy rule", JSON.stringify(cspErrors));
  } else {
    ok("the stage graph page breaks no Content Security Policy rule");
  }
}

/** Waits until the Problems panel shows the FORM diagnostic once, its label starting with `want`
 * ("Error", "Warning"), or not at all (`want` is "none"). */
async function waitForDiagnosticRow(want) {
  await page.waitForFunction(
    ([d, want]) => {
      const labels = [...document.querySelectorAll(".markers-panel .monaco-list-row")]
        .map((r) => r.getAttribute("aria-label") || r.textContent || "")
        .filter((l) => l.includes(d));
      return want === "none" ? labels.length === 0 : labels.length === 1 && labels[0].startsWith(want);
    },
    [DIAGNOSTIC, want],
    { timeout: TIMEOUT },
  );
}

// A per-rule setting changed while the server runs reaches it (the extension translates the
// generated `dockerfileLsp.rules.<id>` settings into the server's `severity`, pushed with
// workspace/didChangeConfiguration), and the open document is checked again: the FORM error becomes
// a warning, then disappears, then comes back as an error when the setting is removed.
async function checkRuleSetting() {
  const folder = new URL(url).searchParams.get("folder");
  const settings = join(folder, ".vscode", "settings.json");
  mkdirSync(dirname(settings), { recursive: true });
  const steps = [
    ["warning", { "dockerfileLsp.rules.unknown-instruction": "warning" }, "Warning"],
    ["off", { "dockerfileLsp.rules.unknown-instruction": "off" }, "none"],
    ["removed", {}, "Error"],
  ];
  for (const [what, value, want] of steps) {
    const name = `rule setting ${what}: FORM diagnostic ${want === "none" ? "gone" : `shown as ${want}`}`;
    writeFileSync(settings, JSON.stringify(value, null, 2));
    try {
      await waitForDiagnosticRow(want);
      const rows = (await problemRows()).filter((r) => r.includes(DIAGNOSTIC));
      ok(name, rows.length ? rows[0].replace(/\s+/g, " ") : "no row");
    } catch {
      fail(name, `within ${TIMEOUT} ms the rows are ${JSON.stringify(await problemRows())}`);
      return;
    }
  }
}

async function bundledScenario() {
  await openSample();
  await checkProblems("Problems panel shows the server's diagnostic");
  await checkRunning("status bar shows the bundled server running");
  const label = await statusLabel();
  if (!/bundled with the extension/.test(label)) {
    fail("server found in the extension", `status tooltip does not say bundled: ${label}`);
  }
  await checkRuleSetting();
  await shoot();
  await gatedFeatureChecks();
  if (caps.has("executeCommandProvider")) {
    await checkStageGraph();
  } else {
    skip("Show Stage Graph", "server does not advertise executeCommandProvider");
  }
}

// How often the extension logged "Starting <server>" (its output channel is mirrored in the logs).
function serverStarts() {
  const files = readdirSync(process.env.LOGS_DIR, { recursive: true }).filter((f) => String(f).endsWith("Dockerfile LSP.log"));
  let starts = 0;
  for (const f of files) {
    starts += (readFileSync(join(process.env.LOGS_DIR, String(f)), "utf8").match(/\] Starting /g) ?? []).length;
  }
  return starts;
}

async function settingScenario() {
  await openSample();

  // No setting, nothing bundled, nothing on PATH: an error naming the fix, and a red status item.
  const toast = page.locator(".notifications-toasts .notification-toast", { hasText: "Cannot find the dockerfile-lsp server" });
  try {
    await toast.first().waitFor({ timeout: TIMEOUT });
    const text = (await toast.first().innerText()).replace(/\s+/g, " ");
    if (!text.includes("dockerfileLsp.server.path") || !/Open Settings/.test(text)) {
      fail("missing server: error names the fix", `message lacks the setting or the Open Settings button: ${text}`);
    } else {
      ok("missing server: error names the fix", text);
    }
  } catch {
    fail("missing server: error names the fix", "no 'Cannot find the dockerfile-lsp server' notification");
  }
  try {
    await statusItem().locator(".codicon-error").waitFor({ timeout: TIMEOUT });
    ok("missing server: status bar shows the error", (await statusLabel()).slice(0, 80));
  } catch {
    fail("missing server: status bar shows the error", `status item: ${await statusLabel()}`);
  }
  await shoot();

  // Point the setting at the server: the extension restarts on its own and diagnostics appear.
  // The setting is machine-scoped (a path on the machine that runs the server), so in code-server's
  // remote window it lives in the remote machine's settings, not in the browser-side user settings.
  mkdirSync(dirname(process.env.MACHINE_SETTINGS), { recursive: true });
  writeFileSync(
    process.env.MACHINE_SETTINGS,
    JSON.stringify({ "dockerfileLsp.server.path": process.env.SERVER_BIN }, null, 2),
  );
  await checkRunning("setting dockerfileLsp.server.path starts the server");
  const label = await statusLabel();
  if (!label.includes("from dockerfileLsp.server.path")) {
    fail("server found through the setting", `status tooltip: ${label}`);
  }
  await checkProblems("diagnostics after setting the path");

  // The restart command: a new server start shows in the extension's log, then it runs again.
  const startsBefore = serverStarts();
  await runCommand("Dockerfile LSP: Restart Server");
  const deadline = Date.now() + TIMEOUT;
  while (serverStarts() <= startsBefore && Date.now() < deadline) {
    await page.waitForTimeout(200);
  }
  if (serverStarts() <= startsBefore) {
    fail("Restart Server starts a new server", `the extension log shows ${serverStarts()} starts, as before the command`);
  }
  await checkRunning("Restart Server brings the server back");
  await checkProblems("diagnostics after a restart");
  await shoot();
}

try {
  if (scenario === "setting") {
    await settingScenario();
  } else {
    await bundledScenario();
  }
} catch (err) {
  fail("VS Code session", err.message.split("\n")[0]);
}
await shoot();
await browser.close();
process.exit(failed > 0 ? 1 : 0);
