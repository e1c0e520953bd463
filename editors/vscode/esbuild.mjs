// Bundles the extension (dist/extension.js) or, with --tests, the unit tests (out/test/*.test.js).
import { build } from "esbuild";
import { readdirSync, rmSync } from "node:fs";

const production = process.argv.includes("--production");
const tests = process.argv.includes("--tests");

if (tests) {
  rmSync("out", { recursive: true, force: true });
  const entryPoints = readdirSync("src/test")
    .filter((f) => f.endsWith(".test.ts"))
    .map((f) => `src/test/${f}`);
  await build({
    entryPoints,
    outdir: "out/test",
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    sourcemap: "inline",
    // The unit-tested modules must not need VS Code: bundling fails if they import it.
    logLevel: "warning",
  });
  console.log(`bundled ${entryPoints.length} test files into out/test/`);
} else {
  rmSync("dist", { recursive: true, force: true });
  await build({
    entryPoints: ["src/extension.ts"],
    outfile: "dist/extension.js",
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    external: ["vscode"],
    minify: production,
    sourcemap: !production,
    logLevel: "warning",
  });
  console.log(`bundled dist/extension.js${production ? " (production)" : ""}`);
}
