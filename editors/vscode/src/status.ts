// Pure logic for the status-bar item and server commands. No `vscode` import:
// unit-tested with `node --test`.

export type Severity = "error" | "warning" | "info" | "hint";

export interface FindingCounts {
  error: number;
  warning: number;
  info: number;
  hint: number;
  total: number;
}

export interface DiagnosticLike {
  source?: string | undefined;
  severity: Severity;
}

export const DIAGNOSTIC_SOURCE = "bientap";

/** Counts the findings that came from the bientap server (other extensions' diagnostics are ignored). */
export function countFindings(diagnostics: Iterable<DiagnosticLike>): FindingCounts {
  const counts: FindingCounts = { error: 0, warning: 0, info: 0, hint: 0, total: 0 };
  for (const d of diagnostics) {
    if (d.source !== DIAGNOSTIC_SOURCE) continue;
    counts[d.severity] += 1;
    counts.total += 1;
  }
  return counts;
}

export type ServerState = "idle" | "starting" | "running" | "stopped" | "missing" | "failed";

export interface StatusPresentation {
  text: string;
  tooltip: string;
  /** Also the accessible label; the end-to-end test reads it. */
  ariaLabel: string;
  kind: "normal" | "warning" | "error";
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function describeCounts(c: FindingCounts): string {
  if (c.total === 0) return "no findings";
  const parts: string[] = [];
  if (c.error) parts.push(plural(c.error, "error", "errors"));
  if (c.warning) parts.push(plural(c.warning, "warning", "warnings"));
  if (c.info) parts.push(plural(c.info, "info", "infos"));
  if (c.hint) parts.push(plural(c.hint, "hint", "hints"));
  return `${plural(c.total, "finding", "findings")} (${parts.join(", ")})`;
}

/**
 * What the status-bar item shows. `counts` is for the active document, or
 * undefined when the active editor is not a checked document.
 */
export function statusPresentation(state: ServerState, counts?: FindingCounts, serverVersion?: string): StatusPresentation {
  const server = serverVersion ? `bientap ${serverVersion}` : "bientap";
  switch (state) {
    case "idle":
      return { text: "$(circle-outline) bientap", tooltip: "bientap: no article open yet", ariaLabel: "bientap: idle", kind: "normal" };
    case "starting":
      return { text: "$(sync~spin) bientap", tooltip: "bientap: starting the server…", ariaLabel: "bientap: starting", kind: "normal" };
    case "stopped":
      return {
        text: "$(debug-stop) bientap",
        tooltip: "bientap: the server has stopped. Click to show its output; run “bientap: Restart Server” to start it again.",
        ariaLabel: "bientap: stopped",
        kind: "warning",
      };
    case "missing":
      return {
        text: "$(error) bientap: not installed",
        tooltip: "bientap: the server executable was not found. Install it or set bientap.server.path. Click to show the output.",
        ariaLabel: "bientap: server not found",
        kind: "error",
      };
    case "failed":
      return {
        text: "$(error) bientap",
        tooltip: "bientap: the server failed to start. Click to show its output.",
        ariaLabel: "bientap: failed",
        kind: "error",
      };
    case "running": {
      if (counts === undefined) {
        return { text: "$(check) bientap", tooltip: `${server}: running`, ariaLabel: "bientap: running", kind: "normal" };
      }
      const described = describeCounts(counts);
      const icon = counts.error > 0 ? "$(error)" : counts.total > 0 ? "$(warning)" : "$(check)";
      return {
        text: counts.total > 0 ? `${icon} bientap: ${counts.total}` : `${icon} bientap`,
        tooltip: `${server}: running — ${described} in this document. Click to show the output.`,
        ariaLabel: `bientap: running, ${described}`,
        kind: counts.error > 0 ? "error" : counts.total > 0 ? "warning" : "normal",
      };
    }
  }
}

/** JSON-RPC error codes meaning "the server does not do this". */
const UNSUPPORTED_CODES = new Set([-32601 /* MethodNotFound */, -32602 /* InvalidParams */]);

/** A user-facing message for a failed `workspace/executeCommand`. */
export function describeCommandError(command: string, error: unknown, advertised: boolean): string {
  const e = error as { code?: unknown; message?: unknown } | undefined;
  const message = e && typeof e.message === "string" ? e.message : String(error);
  const code = e && typeof e.code === "number" ? e.code : undefined;
  const unsupported =
    !advertised || (code !== undefined && UNSUPPORTED_CODES.has(code)) || /unknown command|not supported|unsupported|not found/i.test(message);
  if (unsupported) {
    return `This version of the bientap server does not support “${command}” yet. Server said: ${message}`;
  }
  return `bientap: “${command}” failed: ${message}`;
}

/** A short user-facing summary of a `workspace/executeCommand` result. */
export function describeCommandResult(title: string, result: unknown): string {
  if (typeof result === "string" && result.trim() !== "") return `bientap: ${result.trim()}`;
  if (result && typeof result === "object") {
    const r = result as Record<string, unknown>;
    if (typeof r.message === "string" && r.message.trim() !== "") return `bientap: ${r.message.trim()}`;
    const files = typeof r.files === "number" ? r.files : typeof r.documents === "number" ? r.documents : undefined;
    const findings = typeof r.findings === "number" ? r.findings : typeof r.diagnostics === "number" ? r.diagnostics : undefined;
    if (files !== undefined && findings !== undefined) {
      return `bientap: ${title} — ${plural(files, "file", "files")}, ${plural(findings, "finding", "findings")}.`;
    }
    if (files !== undefined) return `bientap: ${title} — ${plural(files, "file", "files")}.`;
  }
  return `bientap: ${title} — done.`;
}
