import { test } from "node:test";
import assert from "node:assert/strict";
import { countFindings, describeCommandError, describeCommandResult, describeCounts, statusPresentation, type DiagnosticLike } from "../status";

const d = (severity: DiagnosticLike["severity"], source = "bientap"): DiagnosticLike => ({ severity, source });

test("countFindings counts only bientap diagnostics, by severity", () => {
  const counts = countFindings([d("warning"), d("warning"), d("error"), d("hint"), d("info"), d("error", "cSpell"), { severity: "warning" }]);
  assert.deepEqual(counts, { error: 1, warning: 2, info: 1, hint: 1, total: 5 });
  assert.deepEqual(countFindings([]), { error: 0, warning: 0, info: 0, hint: 0, total: 0 });
});

test("describeCounts", () => {
  assert.equal(describeCounts(countFindings([])), "no findings");
  assert.equal(describeCounts(countFindings([d("warning")])), "1 finding (1 warning)");
  assert.equal(describeCounts(countFindings([d("error"), d("warning"), d("warning")])), "3 findings (1 error, 2 warnings)");
});

test("statusPresentation: running with findings shows the count", () => {
  const p = statusPresentation("running", countFindings([d("warning"), d("warning"), d("warning")]), "0.1.0");
  assert.equal(p.text, "$(warning) bientap: 3");
  assert.equal(p.ariaLabel, "bientap: running, 3 findings (3 warnings)");
  assert.match(p.tooltip, /bientap 0\.1\.0: running/);
  assert.equal(p.kind, "warning");
});

test("statusPresentation: errors outrank warnings; clean documents get a check", () => {
  assert.equal(statusPresentation("running", countFindings([d("error"), d("warning")])).kind, "error");
  const clean = statusPresentation("running", countFindings([]));
  assert.equal(clean.text, "$(check) bientap");
  assert.equal(clean.kind, "normal");
  assert.equal(statusPresentation("running").ariaLabel, "bientap: running");
});

test("statusPresentation: every non-running state is labelled", () => {
  for (const s of ["idle", "starting", "stopped", "missing", "failed"] as const) {
    const p = statusPresentation(s);
    assert.match(p.ariaLabel, /^bientap: /);
    assert.ok(p.text.includes("bientap"));
  }
  assert.equal(statusPresentation("missing").kind, "error");
});

test("describeCommandError: unsupported commands get a clear message", () => {
  assert.match(describeCommandError("bientap.reindex", { code: -32601, message: "Method not found" }, true), /does not support “bientap.reindex”/);
  assert.match(describeCommandError("bientap.reindex", { code: -32602, message: "unknown command bientap.reindex" }, false), /does not support/);
  assert.match(describeCommandError("bientap.reindex", new Error("whatever"), false), /does not support.*whatever/);
  assert.equal(describeCommandError("bientap.checkWorkspace", { code: -32603, message: "disk full" }, true), "bientap: “bientap.checkWorkspace” failed: disk full");
});

test("describeCommandResult", () => {
  assert.equal(describeCommandResult("Re-index workspace", null), "bientap: Re-index workspace — done.");
  assert.equal(describeCommandResult("x", "Indexed 12 files"), "bientap: Indexed 12 files");
  assert.equal(describeCommandResult("x", { message: "ok" }), "bientap: ok");
  assert.equal(describeCommandResult("Check whole workspace", { files: 3, findings: 1 }), "bientap: Check whole workspace — 3 files, 1 finding.");
  assert.equal(describeCommandResult("Re-index workspace", { documents: 1 }), "bientap: Re-index workspace — 1 file.");
});
