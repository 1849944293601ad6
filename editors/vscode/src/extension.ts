// The VS Code side of dockerfile-lsp: starts the server over stdio for Dockerfiles, shows its state in
// the status bar, and restarts it on request or when a setting that the server reads at start changes.

import * as vscode from "vscode";
import {
  LanguageClient,
  type LanguageClientOptions,
  type ServerOptions,
  State,
  TransportKind,
} from "vscode-languageclient/node";

import { resolveServer, type ResolvedServer, SERVER_NAME } from "./server";

const CLIENT_ID = "dockerfileLsp";
const CLIENT_NAME = "Dockerfile LSP";

/** Settings the server only reads at initialize: changing one needs a restart. */
const RESTART_SETTINGS = ["dockerfileLsp.server.path", "dockerfileLsp.locale"];

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
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (RESTART_SETTINGS.some((s) => e.affectsConfiguration(s))) {
        void queue(() => restart(context));
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

/**
 * The server's client configuration (the keys of dockerfile-lsp.toml, as JSON). `auto` sends no locale:
 * the client already tells the server VS Code's display language in the standard `locale` field.
 */
function initializationOptions(): Record<string, unknown> {
  const configured = vscode.workspace.getConfiguration("dockerfileLsp").get<string>("locale", "auto");
  return configured === "auto" ? {} : { locale: configured };
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
    initializationOptions: initializationOptions(),
    outputChannel: output,
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
