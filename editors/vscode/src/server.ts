// Finding the dockerfile-lsp executable: the user's setting first, then the copy bundled in the
// .vsix, then PATH. Kept free of `vscode` imports so the order can be reasoned about on its own.

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export const SERVER_NAME = "dockerfile-lsp";

export type ServerSource = "setting" | "bundled" | "path";

export interface ResolvedServer {
  command: string;
  source: ServerSource;
}

export type Resolution =
  | { ok: true; server: ResolvedServer }
  | { ok: false; reason: string };

function exeName(): string {
  return process.platform === "win32" ? `${SERVER_NAME}.exe` : SERVER_NAME;
}

function isExecutable(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) {
      return false;
    }
    // Windows has no execute bit; existence is what counts there.
    fs.accessSync(file, process.platform === "win32" ? fs.constants.F_OK : fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Expands a leading `~` and resolves a relative path against the first workspace folder. */
export function expandSettingPath(raw: string, workspaceRoot: string | undefined): string {
  let p = raw.trim();
  if (p === "~" || p.startsWith("~/") || p.startsWith("~\\")) {
    p = path.join(os.homedir(), p.slice(1));
  }
  if (!path.isAbsolute(p) && workspaceRoot !== undefined) {
    p = path.resolve(workspaceRoot, p);
  }
  return p;
}

function searchPath(envPath: string | undefined): string | undefined {
  if (!envPath) {
    return undefined;
  }
  for (const dir of envPath.split(path.delimiter)) {
    if (dir === "") {
      continue;
    }
    const candidate = path.join(dir, exeName());
    if (isExecutable(candidate)) {
      return candidate;
    }
  }
  return undefined;
}

export function resolveServer(opts: {
  settingPath: string;
  extensionPath: string;
  workspaceRoot: string | undefined;
  envPath: string | undefined;
}): Resolution {
  if (opts.settingPath.trim() !== "") {
    const configured = expandSettingPath(opts.settingPath, opts.workspaceRoot);
    // An explicit setting that points nowhere is an error, not a cue to silently use another binary:
    // the user asked for that one.
    if (!isExecutable(configured)) {
      return {
        ok: false,
        reason: `The setting dockerfileLsp.server.path points to "${configured}", which is not an executable file. Fix the path or clear the setting to use the bundled server or ${SERVER_NAME} from PATH.`,
      };
    }
    return { ok: true, server: { command: configured, source: "setting" } };
  }
  const bundled = path.join(opts.extensionPath, "server", exeName());
  if (isExecutable(bundled)) {
    return { ok: true, server: { command: bundled, source: "bundled" } };
  }
  const onPath = searchPath(opts.envPath);
  if (onPath !== undefined) {
    return { ok: true, server: { command: onPath, source: "path" } };
  }
  return {
    ok: false,
    reason: `Cannot find the ${SERVER_NAME} server: this extension has no bundled binary and none is on PATH. Install it (for example \`cargo install --path server\` from the dockerfile-lsp repository) or set dockerfileLsp.server.path to the executable.`,
  };
}
