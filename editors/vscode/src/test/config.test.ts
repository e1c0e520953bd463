import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { buildSettings, documentSelector, expandConfiguredPath, isCheckedDocument, resolveServerPath, type ResolveEnv } from "../config";

function reader(values: Record<string, unknown>) {
  return (key: string) => values[key];
}

test("buildSettings: defaults when nothing is set", () => {
  const { settings, problems } = buildSettings(reader({}));
  assert.deepEqual(settings, {
    server: { path: "" },
    rules: {},
    inlayHints: { enable: true },
    maxDiagnostics: 1000,
    trace: { server: "off" },
    checkTxtFiles: false,
  });
  assert.deepEqual(problems, []);
});

test("buildSettings: passes valid values through in the server's shape", () => {
  const { settings, problems } = buildSettings(
    reader({
      "server.path": "  /opt/bientap/bin/bientap ",
      rules: { "debris/website": "off", "orthography/mixed-tone-style": "error" },
      language: "en",
      "inlayHints.enable": false,
      maxDiagnostics: 0,
      "trace.server": "verbose",
      checkTxtFiles: true,
    }),
  );
  assert.deepEqual(settings, {
    server: { path: "/opt/bientap/bin/bientap" },
    rules: { "debris/website": "off", "orthography/mixed-tone-style": "error" },
    language: "en",
    inlayHints: { enable: false },
    maxDiagnostics: 0,
    trace: { server: "verbose" },
    checkTxtFiles: true,
  });
  assert.deepEqual(problems, []);
});

test("buildSettings: invalid values fall back to defaults and are reported", () => {
  const { settings, problems } = buildSettings(
    reader({ rules: { "debris/website": "loud", ok: "hint" }, language: "fr", "inlayHints.enable": "yes", maxDiagnostics: -3, "trace.server": 3 }),
  );
  assert.deepEqual(settings.rules, { ok: "hint" });
  assert.equal(settings.language, "vi");
  assert.equal(settings.inlayHints.enable, true);
  assert.equal(settings.maxDiagnostics, 1000);
  assert.equal(settings.trace.server, "off");
  assert.equal(problems.length, 5);
  assert.match(problems[0] ?? "", /debris\/website/);
});

test("buildSettings: a non-object rules value is ignored", () => {
  const { settings, problems } = buildSettings(reader({ rules: ["debris/website"] }));
  assert.deepEqual(settings.rules, {});
  assert.equal(problems.length, 1);
});

test("documentSelector and isCheckedDocument agree on *.txt opt-in", () => {
  assert.deepEqual(documentSelector(false), [{ language: "article" }, { pattern: "**/officials.toml" }]);
  assert.deepEqual(documentSelector(true), [
    { language: "article" },
    { pattern: "**/officials.toml" },
    { language: "plaintext", pattern: "**/*.txt" },
  ]);
  assert.equal(isCheckedDocument("toml", "/ws/officials.toml", false), true);
  assert.equal(isCheckedDocument("toml", "/ws/other.toml", false), false);
  assert.equal(isCheckedDocument("article", "/a/x.article", false), true);
  assert.equal(isCheckedDocument("plaintext", "/a/x.txt", false), false);
  assert.equal(isCheckedDocument("plaintext", "/a/x.TXT", true), true);
  assert.equal(isCheckedDocument("plaintext", "/a/Untitled-1", true), false);
  assert.equal(isCheckedDocument("markdown", "/a/x.md", true), false);
});

function env(executables: string[], extra: Partial<ResolveEnv> = {}): ResolveEnv {
  return {
    pathEnv: "/usr/local/bin:/usr/bin:/root/.cargo/bin",
    platform: "linux",
    home: "/home/ed",
    isExecutable: (f) => executables.includes(f),
    ...extra,
  };
}

test("resolveServerPath: empty setting searches PATH in order", () => {
  const r = resolveServerPath("", env(["/usr/bin/bientap", "/root/.cargo/bin/bientap"]));
  assert.deepEqual(r, { kind: "found", path: "/usr/bin/bientap", source: "PATH" });
});

test("resolveServerPath: missing on PATH lists what was tried", () => {
  const r = resolveServerPath("", env([]));
  assert.equal(r.kind, "missing");
  if (r.kind !== "missing") return;
  assert.equal(r.source, "PATH");
  assert.deepEqual(r.tried, ["/usr/local/bin/bientap", "/usr/bin/bientap", "/root/.cargo/bin/bientap"]);
  assert.match(r.message, /not found on PATH/);
});

test("resolveServerPath: empty PATH entries are skipped", () => {
  const r = resolveServerPath("", env([], { pathEnv: "::/bin:" }));
  assert.equal(r.kind, "missing");
  if (r.kind === "missing") assert.deepEqual(r.tried, ["/bin/bientap"]);
});

test("resolveServerPath: the setting wins over PATH and does not fall back", () => {
  assert.deepEqual(resolveServerPath("/opt/b/bientap", env(["/opt/b/bientap", "/usr/bin/bientap"])), {
    kind: "found",
    path: "/opt/b/bientap",
    source: "setting",
  });
  const missing = resolveServerPath("/opt/none/bientap", env(["/usr/bin/bientap"]));
  assert.equal(missing.kind, "missing");
  if (missing.kind === "missing") {
    assert.equal(missing.source, "setting");
    assert.match(missing.message, /\/opt\/none\/bientap/);
  }
});

test("resolveServerPath: ~, ${userHome}, ${workspaceFolder} and relative paths", () => {
  const e = env(["/home/ed/.cargo/bin/bientap", "/ws/target/release/bientap"], { workspaceFolder: "/ws" });
  assert.equal(expandConfiguredPath("~/.cargo/bin/bientap", e), "/home/ed/.cargo/bin/bientap");
  assert.equal(expandConfiguredPath("${userHome}/.cargo/bin/bientap", e), "/home/ed/.cargo/bin/bientap");
  assert.equal(expandConfiguredPath("${workspaceFolder}/target/release/bientap", e), "/ws/target/release/bientap");
  assert.equal(expandConfiguredPath("target/release/bientap", e), "/ws/target/release/bientap");
  assert.equal(resolveServerPath("./target/release/bientap", e).kind, "found");
});

test("resolveServerPath: Windows uses ; and PATHEXT", () => {
  const r = resolveServerPath("", {
    pathEnv: "C:\\tools;C:\\bin",
    pathExt: ".COM;.EXE",
    platform: "win32",
    home: "C:\\Users\\ed",
    isExecutable: (f) => f === "C:\\bin\\bientap.exe",
  });
  assert.deepEqual(r, { kind: "found", path: "C:\\bin\\bientap.exe", source: "PATH" });
});

test("package.json declares the settings that buildSettings reads, with matching defaults", () => {
  const pkg = JSON.parse(readFileSync("package.json", "utf8"));
  const props = pkg.contributes.configuration.properties as Record<string, { default: unknown }>;
  const defaults: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(props)) defaults[key.replace(/^bientap\./, "")] = spec.default;
  assert.deepEqual(Object.keys(defaults).sort(), ["checkTxtFiles", "inlayHints.enable", "language", "maxDiagnostics", "rules", "server.path", "trace.server"]);
  const { settings, problems } = buildSettings((k) => defaults[k]);
  assert.deepEqual(problems, []);
  // `language` is only sent when set by the user (see extension.ts); its
  // declared default is the server's own default, Vietnamese.
  const { language, ...rest } = settings;
  assert.equal(language, "vi");
  assert.deepEqual(rest, buildSettings(() => undefined).settings);
});

test("buildSettings: language is left out when not set, so bientap.toml decides", () => {
  assert.equal("language" in buildSettings(reader({})).settings, false);
  assert.equal(buildSettings(reader({ language: "en" })).settings.language, "en");
});
