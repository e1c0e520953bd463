// The VS Code side of bientap: starts `bientap lsp` over stdio with
// vscode-languageclient and adds a status-bar item and a few commands.
// Decisions live in ./config and ./status (plain, unit-tested modules).

import * as os from "node:os";
import * as vscode from "vscode";
import {
  DidChangeConfigurationNotification,
  ExecuteCommandRequest,
  LanguageClient,
  State,
  type LanguageClientOptions,
  type ServerOptions,
} from "vscode-languageclient/node";
import {
  INSTALL_URL,
  RESTART_KEYS,
  buildSettings,
  documentSelector,
  isCheckedDocument,
  isExecutableFile,
  resolveServerPath,
  type BientapSettings,
} from "./config";
import {
  countFindings,
  describeCommandError,
  describeCommandResult,
  statusPresentation,
  type DiagnosticLike,
  type ServerState,
  type Severity,
} from "./status";

let client: LanguageClient | undefined;
let output: vscode.OutputChannel;
let traceOutput: vscode.OutputChannel;
let statusItem: vscode.StatusBarItem;
let state: ServerState = "idle";
let starting: Promise<void> | undefined;

function currentSettings(): BientapSettings {
  const cfg = vscode.workspace.getConfiguration("bientap");
  // `bientap.language` is sent only when the user set it, so that its default
  // does not hide `[messages] language` in bientap.toml.
  const explicit = (key: string): boolean => {
    const i = cfg.inspect(key);
    return [i?.globalValue, i?.workspaceValue, i?.workspaceFolderValue].some((v) => v !== undefined);
  };
  const built = buildSettings((key) => (key === "language" && !explicit(key) ? undefined : cfg.get(key)));
  for (const problem of built.problems) output.appendLine(`[settings] ${problem}`);
  return built.settings;
}

function log(line: string): void {
  output.appendLine(`[${new Date().toISOString()}] ${line}`);
}

const SEVERITY: Record<vscode.DiagnosticSeverity, Severity> = {
  [vscode.DiagnosticSeverity.Error]: "error",
  [vscode.DiagnosticSeverity.Warning]: "warning",
  [vscode.DiagnosticSeverity.Information]: "info",
  [vscode.DiagnosticSeverity.Hint]: "hint",
};

function updateStatus(): void {
  const editor = vscode.window.activeTextEditor;
  const checkTxt = vscode.workspace.getConfiguration("bientap").get<boolean>("checkTxtFiles", false);
  const checked = editor !== undefined && isCheckedDocument(editor.document.languageId, editor.document.fileName, checkTxt);
  let counts;
  if (checked && state === "running") {
    const diags: DiagnosticLike[] = vscode.languages
      .getDiagnostics(editor.document.uri)
      .map((d) => ({ source: d.source, severity: SEVERITY[d.severity] }));
    counts = countFindings(diags);
  }
  const version = client?.initializeResult?.serverInfo?.version;
  const p = statusPresentation(state, counts, version);
  statusItem.text = p.text;
  statusItem.tooltip = p.tooltip;
  statusItem.accessibilityInformation = { label: p.ariaLabel, role: "button" };
  statusItem.backgroundColor =
    p.kind === "error" ? new vscode.ThemeColor("statusBarItem.errorBackground") : p.kind === "warning" ? new vscode.ThemeColor("statusBarItem.warningBackground") : undefined;
  // Visible on checked documents, and whenever something is wrong.
  if (checked || state === "missing" || state === "failed") statusItem.show();
  else statusItem.hide();
}

function setState(next: ServerState): void {
  state = next;
  updateStatus();
}

async function reportMissing(message: string): Promise<void> {
  log(message);
  setState("missing");
  const install = "Install instructions";
  const settings = "Open Settings";
  // bientap.server.path is machine-overridable: remote windows ignore it in the local user settings.
  const remoteHint = vscode.env.remoteName
    ? ` In this remote window (${vscode.env.remoteName}), set bientap.server.path in the Remote or Workspace settings.`
    : "";
  if (remoteHint) log(remoteHint.trim());
  const choice = await vscode.window.showErrorMessage(`bientap: ${message}${remoteHint}`, install, settings);
  if (choice === install) await vscode.env.openExternal(vscode.Uri.parse(INSTALL_URL));
  else if (choice === settings) await vscode.commands.executeCommand("workbench.action.openSettings", "bientap.server.path");
}

async function startClient(): Promise<void> {
  if (client) return;
  const settings = currentSettings();
  const resolved = resolveServerPath(settings.server.path, {
    pathEnv: process.env.PATH,
    pathExt: process.env.PATHEXT,
    platform: process.platform,
    home: os.homedir(),
    workspaceFolder: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
    isExecutable: isExecutableFile,
  });
  if (resolved.kind === "missing") {
    void reportMissing(resolved.message);
    return;
  }
  log(`Starting server: ${resolved.path} lsp (from ${resolved.source === "setting" ? "bientap.server.path" : "PATH"})`);
  setState("starting");

  // No `transport`: TransportKind.stdio would append `--stdio` to the arguments. Without it the
  // client still talks over stdin/stdout and runs exactly `<path> lsp`.
  const serverOptions: ServerOptions = {
    command: resolved.path,
    args: ["lsp"],
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: documentSelector(settings.checkTxtFiles),
    initializationOptions: settings,
    outputChannel: output,
    traceOutputChannel: traceOutput,
    middleware: {
      workspace: {
        // Answer `workspace/configuration` for "bientap" with the same object as initializationOptions.
        configuration: (params, token, next) => {
          const wantsBientap = params.items.some((item) => item.section === "bientap");
          if (!wantsBientap) return next(params, token);
          const fresh = currentSettings();
          return params.items.map((item) =>
            item.section === "bientap" ? fresh : item.section?.startsWith("bientap.") ? vscode.workspace.getConfiguration().get(item.section) ?? null : null,
          );
        },
      },
    },
  };

  const c = new LanguageClient("bientap", "bientap", serverOptions, clientOptions);
  client = c;
  c.onDidChangeState((e) => {
    if (client !== c) return;
    if (e.newState === State.Running) {
      const info = c.initializeResult?.serverInfo;
      log(`Server started: ${info ? `${info.name} ${info.version ?? ""}`.trim() : "bientap"} (pid ${serverPid(c) ?? "?"})`);
      setState("running");
    } else if (e.newState === State.Starting) setState("starting");
    else if (e.newState === State.Stopped) {
      log("Server stopped.");
      setState("stopped");
    }
  });
  try {
    await c.start();
  } catch (err) {
    log(`Server failed to start: ${err instanceof Error ? err.message : String(err)}`);
    if (client === c) {
      client = undefined;
      setState("failed");
    }
    const show = "Show Output";
    void vscode.window.showErrorMessage(`bientap: the server failed to start: ${err instanceof Error ? err.message : String(err)}`, show).then((choice) => {
      if (choice === show) output.show(true);
    });
  }
}

function serverPid(c: LanguageClient): number | undefined {
  // `_serverProcess` is internal; only used for the log line.
  const proc = (c as unknown as { _serverProcess?: { pid?: number } })._serverProcess;
  return proc?.pid;
}

async function stopClient(): Promise<void> {
  const c = client;
  client = undefined;
  if (!c) return;
  try {
    await c.stop(5000);
  } catch (err) {
    log(`Stopping the server: ${err instanceof Error ? err.message : String(err)}`);
  }
  await c.dispose().catch(() => undefined);
}

/** Starts the server once a checked document is open (serialised). */
function ensureStarted(): Promise<void> {
  if (client || state === "missing") return Promise.resolve();
  if (!starting) starting = startClient().finally(() => (starting = undefined));
  return starting;
}

function anyCheckedDocumentOpen(): boolean {
  const checkTxt = vscode.workspace.getConfiguration("bientap").get<boolean>("checkTxtFiles", false);
  return vscode.workspace.textDocuments.some((d) => isCheckedDocument(d.languageId, d.fileName, checkTxt));
}

async function restart(): Promise<void> {
  await starting;
  await stopClient();
  state = "idle";
  log("Restarting the server.");
  await ensureStarted();
  updateStatus();
}

async function runServerCommand(command: string, title: string): Promise<void> {
  if (!client || state !== "running") {
    void vscode.window.showWarningMessage("bientap: the server is not running. Open an article, or run “bientap: Restart Server”.");
    return;
  }
  const c = client;
  const advertised = c.initializeResult?.capabilities.executeCommandProvider?.commands.includes(command) ?? false;
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `bientap: ${title}…`, cancellable: true }, async (_progress, token) => {
    try {
      const result: unknown = await c.sendRequest(ExecuteCommandRequest.type, { command, arguments: [] }, token);
      log(`${command} → ${JSON.stringify(result)}`);
      void vscode.window.showInformationMessage(describeCommandResult(title, result));
    } catch (err) {
      if (token.isCancellationRequested) return;
      const message = describeCommandError(command, err, advertised);
      log(message);
      void vscode.window.showWarningMessage(message);
    }
  });
}

export function activate(context: vscode.ExtensionContext): void {
  output = vscode.window.createOutputChannel("bientap");
  traceOutput = vscode.window.createOutputChannel("bientap trace");
  statusItem = vscode.window.createStatusBarItem("bientap.status", vscode.StatusBarAlignment.Right, 100);
  statusItem.name = "bientap";
  statusItem.command = "bientap.showOutput";
  context.subscriptions.push(output, traceOutput, statusItem);
  log(`bientap extension ${String(context.extension.packageJSON.version)} activated.`);

  context.subscriptions.push(
    vscode.commands.registerCommand("bientap.restartServer", () => restart()),
    vscode.commands.registerCommand("bientap.showOutput", () => output.show(true)),
    vscode.commands.registerCommand("bientap.reindexWorkspace", () => runServerCommand("bientap.reindex", "Re-index workspace")),
    vscode.commands.registerCommand("bientap.checkWholeWorkspace", () => runServerCommand("bientap.checkWorkspace", "Check whole workspace")),
    vscode.window.onDidChangeActiveTextEditor(() => updateStatus()),
    vscode.languages.onDidChangeDiagnostics((e) => {
      const active = vscode.window.activeTextEditor?.document.uri.toString();
      if (active !== undefined && e.uris.some((u) => u.toString() === active)) updateStatus();
    }),
    vscode.workspace.onDidOpenTextDocument((doc) => {
      const checkTxt = vscode.workspace.getConfiguration("bientap").get<boolean>("checkTxtFiles", false);
      if (isCheckedDocument(doc.languageId, doc.fileName, checkTxt)) void ensureStarted();
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration("bientap")) return;
      if (RESTART_KEYS.some((key) => e.affectsConfiguration(key))) {
        if (state === "missing") state = "idle";
        if (client || anyCheckedDocumentOpen()) void restart();
        return;
      }
      if (client && state === "running") {
        void client.sendNotification(DidChangeConfigurationNotification.type, { settings: { bientap: currentSettings() } });
      }
      updateStatus();
    }),
  );

  updateStatus();
  // Not awaited: activation must not wait for the server's `initialize`.
  if (anyCheckedDocumentOpen()) void ensureStarted();
}

export async function deactivate(): Promise<void> {
  await stopClient();
}
