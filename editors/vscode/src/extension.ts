// The VS Code side of dockerfile-lsp: starts the server over stdio for Dockerfiles, shows its state in
// the status bar, restarts it on request or when a setting that the server reads at start changes,
// and shows the stage graph the server draws in a webview panel.

import * as crypto from "node:crypto";

import * as vscode from "vscode";
import {
  DidChangeConfigurationNotification,
  ErrorCodes,
  ExecuteCommandRequest,
  LanguageClient,
  type LanguageClientOptions,
  ResponseError,
  type ServerOptions,
  State,
  TransportKind,
} from "vscode-languageclient/node";

import { resolveServer, type ResolvedServer, SERVER_NAME } from "./server";

const CLIENT_ID = "dockerfileLsp";
const CLIENT_NAME = "Dockerfile LSP";

/** Settings that pick the server binary: changing one needs a restart. */
const RESTART_SETTINGS = ["dockerfileLsp.server.path"];
/** The server's executeCommand that renders the stage graph. */
const GRAPH_COMMAND = "dockerfile-lsp.graph";
const RULE_PREFIX = "rules.";

let client: LanguageClient | undefined;
let status: vscode.StatusBarItem;
let output: vscode.LogOutputChannel;
// Serialises start/stop so a burst of setting changes or restart clicks cannot start two servers.
let lifecycle: Promise<void> = Promise.resolve();

export function activate(context: vscode.ExtensionContext): void {
  output = vscode.window.createOutputChannel(CLIENT_NAME, { log: true });
  status = vscode.window.createStatusBarItem("dockerfileLsp.status", vscode.StatusBarAlignment.Right, 100);
  status.name = CLIENT_NAME;
  status.command = "dockerfileLsp.showOutput";
  context.subscriptions.push(output, status);

  context.subscriptions.push(
    vscode.commands.registerCommand("dockerfileLsp.restartServer", () => queue(() => restart(context))),
    vscode.commands.registerCommand("dockerfileLsp.showOutput", () => output.show(true)),
    vscode.commands.registerCommand("dockerfileLsp.showStageGraph", () => showStageGraph(context)),
    vscode.workspace.onDidChangeTextDocument(refreshGraphOnChange),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (RESTART_SETTINGS.some((s) => e.affectsConfiguration(s))) {
        void queue(() => restart(context));
      } else if (e.affectsConfiguration("dockerfileLsp") && client?.isRunning()) {
        void client.sendNotification(DidChangeConfigurationNotification.type, {
          settings: { dockerfileLsp: serverSettings(context) },
        });
      }
    }),
  );

  void queue(() => start(context));
}

export function deactivate(): Thenable<void> | undefined {
  return client?.stop();
}

function queue(step: () => Promise<void>): Promise<void> {
  lifecycle = lifecycle.then(step, step);
  return lifecycle;
}

/** Whether the user set `key` (in `dockerfileLsp`) anywhere, rather than leaving its default. */
function isSet(config: vscode.WorkspaceConfiguration, key: string): boolean {
  const i = config.inspect(key);
  return (
    i !== undefined &&
    (i.globalValue !== undefined || i.workspaceValue !== undefined || i.workspaceFolderValue !== undefined)
  );
}

/** The rule ids, from the per-rule settings generated into package.json from the rule registry. */
function ruleIds(context: vscode.ExtensionContext): string[] {
  const properties = context.extension.packageJSON?.contributes?.configuration?.properties ?? {};
  const prefix = `dockerfileLsp.${RULE_PREFIX}`;
  return Object.keys(properties)
    .filter((k) => k.startsWith(prefix))
    .map((k) => k.slice(prefix.length));
}

/**
 * The settings in the server's terms (the keys of dockerfile-lsp.toml, as JSON). Only what the user
 * set is sent, so a project's dockerfile-lsp.toml keeps deciding the rest. A rule set to a level gets
 * that severity, `off` is ignored; turning on a rule that is off by default needs `select`, which
 * lists every rule not set to `off`. `auto` sends no locale: the client already tells the server VS
 * Code's display language in the standard `locale` field.
 */
function serverSettings(context: vscode.ExtensionContext): Record<string, unknown> {
  const config = vscode.workspace.getConfiguration("dockerfileLsp");
  const settings: Record<string, unknown> = {};
  const locale = config.get<string>("locale", "auto");
  if (locale !== "auto") {
    settings.locale = locale;
  }
  if (isSet(config, "shellcheck.enabled") || isSet(config, "shellcheck.path")) {
    const path = config.get<string>("shellcheck.path", "");
    settings.shellcheck = { enabled: config.get<boolean>("shellcheck.enabled", true), ...(path ? { path } : {}) };
  }
  const severity: Record<string, string> = {};
  const enabled: string[] = [];
  let selectNeeded = false;
  for (const id of ruleIds(context)) {
    const key = `${RULE_PREFIX}${id}`;
    const level = config.get<string>(key, "off");
    if (level !== "off") {
      enabled.push(id);
    }
    if (isSet(config, key)) {
      severity[id] = level;
      if (level !== "off" && config.inspect<string>(key)?.defaultValue === "off") {
        selectNeeded = true;
      }
    }
  }
  if (Object.keys(severity).length > 0) {
    settings.severity = severity;
  }
  if (selectNeeded) {
    settings.select = enabled;
  }
  // House policies and custom rules (docs/policies.md), in the keys of dockerfile-lsp.toml.
  const rulesVersion = config.get<string>("rulesVersion", "");
  if (rulesVersion !== "") {
    settings["rules-version"] = rulesVersion;
  }
  if (isSet(config, "policy")) {
    settings.policy = config.get<Record<string, unknown>>("policy", {});
  }
  if (isSet(config, "customRules")) {
    settings["custom-rules"] = config.get<unknown[]>("customRules", []);
  }
  return settings;
}

/** The open stage graph panel and the document it draws. One panel, following the last request. */
interface GraphView {
  panel: vscode.WebviewPanel;
  uri: vscode.Uri;
  /** The pending redraw after an edit. */
  timer?: NodeJS.Timeout;
}
let graphView: GraphView | undefined;
/** Redraws after an edit wait this long for typing to pause. */
const GRAPH_REFRESH_MS = 300;

/**
 * Asks the server for the active Dockerfile's stage graph as SVG and shows it in a webview panel
 * beside the editor, redrawn as the document changes. A server too old to draw it (it refuses the
 * `svg` format) gets the Mermaid text opened instead, as before.
 */
async function showStageGraph(context: vscode.ExtensionContext): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (editor === undefined || editor.document.languageId !== "dockerfile") {
    void vscode.window.showWarningMessage(`${CLIENT_NAME}: open a Dockerfile to see its stage graph.`);
    return;
  }
  if (client === undefined || !client.isRunning()) {
    void vscode.window.showErrorMessage(`${CLIENT_NAME}: the server is not running.`);
    return;
  }
  const uri = editor.document.uri;
  let svg: string;
  try {
    svg = await requestGraph(client, uri, "svg");
  } catch (err) {
    if (err instanceof ResponseError && err.code === ErrorCodes.InvalidParams && /format/.test(err.message)) {
      output.warn(`The server cannot draw the stage graph (${err.message}); opening its Mermaid text.`);
      await showMermaid(client, uri);
      return;
    }
    reportGraphError(err);
    return;
  }
  if (graphView === undefined) {
    const panel = vscode.window.createWebviewPanel(
      "dockerfileLsp.stageGraph",
      graphTitle(uri),
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      // A picture: no scripts, no local files.
      { enableScripts: false, localResourceRoots: [] },
    );
    const view: GraphView = { panel, uri };
    graphView = view;
    panel.onDidDispose(
      () => {
        clearTimeout(view.timer);
        if (graphView === view) {
          graphView = undefined;
        }
      },
      undefined,
      context.subscriptions,
    );
  } else {
    graphView.uri = uri;
    graphView.panel.title = graphTitle(uri);
    graphView.panel.reveal(vscode.ViewColumn.Beside, true);
  }
  graphView.panel.webview.html = graphHtml(graphView.panel.webview, svg, uri);
}

/** Redraws the open graph when its document changes, once typing pauses. */
function refreshGraphOnChange(e: vscode.TextDocumentChangeEvent): void {
  const view = graphView;
  if (view === undefined || e.contentChanges.length === 0 || e.document.uri.toString() !== view.uri.toString()) {
    return;
  }
  clearTimeout(view.timer);
  view.timer = setTimeout(() => {
    const running = client;
    if (running === undefined || !running.isRunning() || graphView !== view) {
      return;
    }
    requestGraph(running, view.uri, "svg").then(
      (svg) => {
        if (graphView === view && view.uri.toString() === e.document.uri.toString()) {
          view.panel.webview.html = graphHtml(view.panel.webview, svg, view.uri);
        }
      },
      (err: unknown) => output.warn(`Stage graph: ${err instanceof Error ? err.message : String(err)}`),
    );
  }, GRAPH_REFRESH_MS);
}

async function requestGraph(running: LanguageClient, uri: vscode.Uri, format: "svg" | "mermaid"): Promise<string> {
  const graph: unknown = await running.sendRequest(ExecuteCommandRequest.type, {
    command: GRAPH_COMMAND,
    arguments: [{ uri: uri.toString(), format }],
  });
  if (typeof graph !== "string") {
    throw new Error(`unexpected answer ${JSON.stringify(graph)}`);
  }
  return graph;
}

function graphTitle(uri: vscode.Uri): string {
  return `Stage Graph: ${uri.path.split("/").pop() ?? uri.path}`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The panel's page: the server's SVG inline, so its classes, `currentColor` and the
 * `--vscode-*` variables it uses follow the theme. Nothing runs; the only styles allowed are the
 * page's and the SVG's own, both carrying this page's nonce.
 */
function graphHtml(webview: vscode.Webview, svg: string, uri: vscode.Uri): string {
  const nonce = crypto.randomBytes(16).toString("base64");
  // The server writes one `<style>` element, at the top of the SVG.
  const styled = svg.replace("<style>", `<style nonce="${nonce}">`);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src ${webview.cspSource}; style-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeHtml(graphTitle(uri))}</title>
<style nonce="${nonce}">
body { color: var(--vscode-editor-foreground); background-color: var(--vscode-editor-background); margin: 0; padding: 12px; }
main { overflow: auto; }
main > svg { display: block; }
</style>
</head>
<body>
<main aria-label="${escapeHtml(`Stage graph of ${uri.fsPath || uri.path}`)}">
${styled}
</main>
</body>
</html>`;
}

/** The older way: the Mermaid text in an editor beside the Dockerfile. */
async function showMermaid(running: LanguageClient, uri: vscode.Uri): Promise<void> {
  try {
    const graph = await requestGraph(running, uri, "mermaid");
    // Without a Mermaid extension there is no `mermaid` language: a fenced Markdown block still
    // renders in Markdown previews that know Mermaid.
    const mermaid = (await vscode.languages.getLanguages()).includes("mermaid");
    const doc = await vscode.workspace.openTextDocument(
      mermaid ? { language: "mermaid", content: graph } : { language: "markdown", content: `\`\`\`mermaid\n${graph.trimEnd()}\n\`\`\`\n` },
    );
    await vscode.window.showTextDocument(doc, { preview: false, viewColumn: vscode.ViewColumn.Beside });
  } catch (err) {
    reportGraphError(err);
  }
}

function reportGraphError(err: unknown): void {
  const message = err instanceof Error ? err.message : String(err);
  output.error(`Stage graph: ${message}`);
  void vscode.window.showErrorMessage(`${CLIENT_NAME}: cannot show the stage graph: ${message}`);
}

function showStatus(text: string, tooltip: string, error = false): void {
  status.text = text;
  status.tooltip = tooltip;
  status.backgroundColor = error ? new vscode.ThemeColor("statusBarItem.errorBackground") : undefined;
  status.show();
}

async function start(context: vscode.ExtensionContext): Promise<void> {
  const settingPath = vscode.workspace.getConfiguration("dockerfileLsp").get<string>("server.path", "");
  const resolution = resolveServer({
    settingPath,
    extensionPath: context.extensionPath,
    workspaceRoot: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
    envPath: process.env.PATH,
  });
  if (!resolution.ok) {
    output.error(resolution.reason);
    showStatus("$(error) Dockerfile", `${CLIENT_NAME}: server not found. ${resolution.reason}`, true);
    void notFound(resolution.reason, context);
    return;
  }

  const server = resolution.server;
  output.info(`Starting ${server.command} (${describeSource(server)})`);
  showStatus("$(sync~spin) Dockerfile", `${CLIENT_NAME}: starting ${server.command}`);

  const serverOptions: ServerOptions = {
    command: server.command,
    // The client appends `--stdio` for this transport; `serve` accepts it.
    args: ["serve"],
    transport: TransportKind.stdio,
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { language: "dockerfile", scheme: "file" },
      { language: "dockerfile", scheme: "untitled" },
    ],
    initializationOptions: serverSettings(context),
    outputChannel: output,
    middleware: {
      workspace: {
        // The server may pull its section; answer in its terms, not with VS Code's setting names.
        configuration: (params) =>
          params.items.map((item) =>
            item.section === "dockerfileLsp" || item.section === "dockerfile-lsp" ? serverSettings(context) : null,
          ),
      },
    },
  };

  const next = new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
  next.onDidChangeState((e) => updateStatus(e.newState, server, next));
  client = next;
  try {
    await next.start();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    output.error(`The server failed to start: ${message}`);
    showStatus("$(error) Dockerfile", `${CLIENT_NAME}: failed to start ${server.command}: ${message}`, true);
    const choice = await vscode.window.showErrorMessage(
      `${CLIENT_NAME}: ${server.command} failed to start: ${message}`,
      "Show Output",
      "Restart",
    );
    if (choice === "Show Output") {
      output.show(true);
    } else if (choice === "Restart") {
      void queue(() => restart(context));
    }
  }
}

async function restart(context: vscode.ExtensionContext): Promise<void> {
  const old = client;
  client = undefined;
  if (old !== undefined) {
    showStatus("$(sync~spin) Dockerfile", `${CLIENT_NAME}: restarting`);
    try {
      await old.stop();
    } catch (err) {
      // A server that already died cannot be stopped politely; starting a new one is what matters.
      output.warn(`Stopping the old server: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  await start(context);
}

function describeSource(server: ResolvedServer): string {
  switch (server.source) {
    case "setting":
      return "from dockerfileLsp.server.path";
    case "bundled":
      return "bundled with the extension";
    case "path":
      return "found on PATH";
  }
}

function updateStatus(state: State, server: ResolvedServer, which: LanguageClient): void {
  if (which !== client) {
    return;
  }
  switch (state) {
    case State.Starting:
      showStatus("$(sync~spin) Dockerfile", `${CLIENT_NAME}: starting ${server.command}`);
      break;
    case State.Running: {
      const info = which.initializeResult?.serverInfo;
      const version = info?.version !== undefined ? ` ${info.version}` : "";
      showStatus(
        "$(check) Dockerfile",
        `${CLIENT_NAME}: ${info?.name ?? SERVER_NAME}${version} running\n${server.command} (${describeSource(server)})`,
      );
      break;
    }
    case State.Stopped:
      showStatus("$(circle-slash) Dockerfile", `${CLIENT_NAME}: server stopped. Run "Dockerfile LSP: Restart Server".`, true);
      break;
  }
}

async function notFound(reason: string, context: vscode.ExtensionContext): Promise<void> {
  const choice = await vscode.window.showErrorMessage(`${CLIENT_NAME}: ${reason}`, "Open Settings", "Retry");
  if (choice === "Open Settings") {
    await vscode.commands.executeCommand("workbench.action.openSettings", "dockerfileLsp.server.path");
  } else if (choice === "Retry") {
    void queue(() => restart(context));
  }
}
