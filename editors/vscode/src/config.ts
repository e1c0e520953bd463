// Pure logic about settings and the server executable. No `vscode` import here:
// everything in this file is unit-tested with `node --test`.

import * as fs from "node:fs";
import * as path from "node:path";

/** Where the README explains how to install the `bientap` binary. */
export const INSTALL_URL = "https://example.invalid/bientap#install";

export const RULE_LEVELS = ["off", "hint", "info", "warning", "error"] as const;
export type RuleLevel = (typeof RULE_LEVELS)[number];
export const LANGUAGES = ["vi", "en"] as const;
export type MessageLanguage = (typeof LANGUAGES)[number];
export const TRACE_LEVELS = ["off", "messages", "verbose"] as const;
export type TraceLevel = (typeof TRACE_LEVELS)[number];

/** The `bientap` settings object, exactly as the server receives it. */
export interface BientapSettings {
  server: { path: string };
  rules: Record<string, RuleLevel>;
  /** Absent when the user has not set `bientap.language`: the server then follows bientap.toml (Vietnamese by default). */
  language?: MessageLanguage;
  inlayHints: { enable: boolean };
  /** Most diagnostics per document (0: no limit). */
  maxDiagnostics: number;
  trace: { server: TraceLevel };
  checkTxtFiles: boolean;
}

/** Reads one setting below `bientap.`, e.g. `get("server.path")`; `undefined` when not set (for `language`, not set by the user). */
export type SettingReader = (key: string) => unknown;

export interface BuiltSettings {
  settings: BientapSettings;
  /** Human-readable problems with the user's values (those values were replaced by defaults). */
  problems: string[];
}

function oneOf<T extends string>(allowed: readonly T[], value: unknown, fallback: T, key: string, problems: string[]): T {
  if (value === undefined || value === null) return fallback;
  if (typeof value === "string" && (allowed as readonly string[]).includes(value)) return value as T;
  problems.push(`bientap.${key}: ${JSON.stringify(value)} is not one of ${allowed.join(", ")}; using "${fallback}".`);
  return fallback;
}

function bool(value: unknown, fallback: boolean, key: string, problems: string[]): boolean {
  if (value === undefined || value === null) return fallback;
  if (typeof value === "boolean") return value;
  problems.push(`bientap.${key}: ${JSON.stringify(value)} is not true or false; using ${fallback}.`);
  return fallback;
}

function count(value: unknown, fallback: number, key: string, problems: string[]): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value === "number" && Number.isInteger(value) && value >= 0) return value;
  problems.push(`bientap.${key}: ${JSON.stringify(value)} is not a whole number 0 or more; using ${fallback}.`);
  return fallback;
}

/** Default of `bientap.maxDiagnostics` (the server's own default too). */
export const DEFAULT_MAX_DIAGNOSTICS = 1000;

/** Builds the settings object sent as `initializationOptions` and in `workspace/didChangeConfiguration`. */
export function buildSettings(get: SettingReader): BuiltSettings {
  const problems: string[] = [];
  const rawPath = get("server.path");
  let serverPath = "";
  if (typeof rawPath === "string") serverPath = rawPath.trim();
  else if (rawPath !== undefined && rawPath !== null) problems.push("bientap.server.path must be a string; ignoring it.");

  const rules: Record<string, RuleLevel> = {};
  const rawRules = get("rules");
  if (rawRules !== undefined && rawRules !== null) {
    if (typeof rawRules !== "object" || Array.isArray(rawRules)) {
      problems.push("bientap.rules must be an object mapping rule codes to off|hint|info|warning|error; ignoring it.");
    } else {
      for (const [code, level] of Object.entries(rawRules as Record<string, unknown>)) {
        if (typeof level === "string" && (RULE_LEVELS as readonly string[]).includes(level)) {
          rules[code] = level as RuleLevel;
        } else {
          problems.push(`bientap.rules["${code}"]: ${JSON.stringify(level)} is not one of ${RULE_LEVELS.join(", ")}; ignoring it.`);
        }
      }
    }
  }

  return {
    settings: {
      server: { path: serverPath },
      rules,
      ...(get("language") === undefined ? {} : { language: oneOf(LANGUAGES, get("language"), "vi", "language", problems) }),
      inlayHints: { enable: bool(get("inlayHints.enable"), true, "inlayHints.enable", problems) },
      maxDiagnostics: count(get("maxDiagnostics"), DEFAULT_MAX_DIAGNOSTICS, "maxDiagnostics", problems),
      trace: { server: oneOf(TRACE_LEVELS, get("trace.server"), "off", "trace.server", problems) },
      checkTxtFiles: bool(get("checkTxtFiles"), false, "checkTxtFiles", problems),
    },
    problems,
  };
}

/** Settings whose change needs a new server process (executable, or which documents it is attached to). */
export const RESTART_KEYS = ["bientap.server.path", "bientap.checkTxtFiles"] as const;

/** A document filter: by language (optionally narrowed by a glob), or by glob alone. */
export type SelectorEntry = { language: string; pattern?: string } | { language?: string; pattern: string };

/** The registry of officials; the server checks it (whatever language VS Code gives TOML). */
export const REGISTRY_PATTERN = "**/officials.toml";

/** The client's document selector: `article` documents and the registry, plus `*.txt` when opted in. */
export function documentSelector(checkTxtFiles: boolean): SelectorEntry[] {
  const selector: SelectorEntry[] = [{ language: "article" }, { pattern: REGISTRY_PATTERN }];
  if (checkTxtFiles) selector.push({ language: "plaintext", pattern: "**/*.txt" });
  return selector;
}

/** Whether a document is one the server checks (mirrors `documentSelector`). */
export function isCheckedDocument(languageId: string, fileName: string, checkTxtFiles: boolean): boolean {
  if (languageId === "article") return true;
  if (/(^|[\\/])officials\.toml$/i.test(fileName)) return true;
  return checkTxtFiles && languageId === "plaintext" && fileName.toLowerCase().endsWith(".txt");
}

export interface ResolveEnv {
  /** Value of `PATH`. */
  pathEnv: string | undefined;
  /** Value of `PATHEXT` (Windows only). */
  pathExt?: string | undefined;
  platform: string;
  home: string;
  /** First workspace folder, if any: `${workspaceFolder}` and relative paths resolve against it. */
  workspaceFolder?: string | undefined;
  isExecutable: (file: string) => boolean;
}

export type ResolveResult =
  | { kind: "found"; path: string; source: "setting" | "PATH" }
  | { kind: "missing"; source: "setting" | "PATH"; tried: string[]; message: string };

/** Expands `~` and `${workspaceFolder}`/`${userHome}` and makes a configured path absolute. */
export function expandConfiguredPath(configured: string, env: Pick<ResolveEnv, "home" | "workspaceFolder" | "platform">): string {
  const p = env.platform === "win32" ? path.win32 : path.posix;
  let s = configured.trim();
  s = s.replace(/\$\{userHome\}/g, env.home);
  if (env.workspaceFolder !== undefined) s = s.replace(/\$\{workspaceFolder\}/g, env.workspaceFolder);
  if (s === "~") s = env.home;
  else if (s.startsWith("~/") || s.startsWith("~\\")) s = p.join(env.home, s.slice(2));
  if (!p.isAbsolute(s) && env.workspaceFolder !== undefined) s = p.resolve(env.workspaceFolder, s);
  return s;
}

/**
 * Finds the server executable: the `bientap.server.path` setting when set,
 * otherwise `bientap` on `PATH`.
 */
export function resolveServerPath(configured: string, env: ResolveEnv): ResolveResult {
  const p = env.platform === "win32" ? path.win32 : path.posix;
  if (configured.trim() !== "") {
    const file = expandConfiguredPath(configured, env);
    if (env.isExecutable(file)) return { kind: "found", path: file, source: "setting" };
    return {
      kind: "missing",
      source: "setting",
      tried: [file],
      message: `The bientap server was not found at "${file}" (setting bientap.server.path), or it is not executable.`,
    };
  }
  const names = ["bientap"];
  if (env.platform === "win32") {
    const exts = (env.pathExt ?? ".EXE;.CMD;.BAT;.COM").split(";").filter((e) => e !== "");
    names.splice(0, names.length, ...exts.map((e) => "bientap" + e.toLowerCase()), "bientap");
  }
  const sep = env.platform === "win32" ? ";" : ":";
  const tried: string[] = [];
  for (const dir of (env.pathEnv ?? "").split(sep)) {
    if (dir === "") continue;
    for (const name of names) {
      const file = p.join(dir, name);
      tried.push(file);
      if (env.isExecutable(file)) return { kind: "found", path: file, source: "PATH" };
    }
  }
  return {
    kind: "missing",
    source: "PATH",
    tried,
    message: 'The bientap server ("bientap") was not found on PATH. Install it, or set bientap.server.path to its location.',
  };
}

/** A regular file we may execute. */
export function isExecutableFile(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) return false;
    if (process.platform === "win32") return true;
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
