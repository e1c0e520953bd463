import js from "@eslint/js";
import tseslint from "typescript-eslint";

const nodeGlobals = {
  process: "readonly",
  console: "readonly",
  setTimeout: "readonly",
  clearTimeout: "readonly",
  setInterval: "readonly",
  clearInterval: "readonly",
  URL: "readonly",
  Buffer: "readonly",
  fetch: "readonly",
  AbortSignal: "readonly",
  document: "readonly",
  NodeFilter: "readonly",
  window: "readonly",
};

export default tseslint.config(
  { ignores: ["dist/**", "out/**", "node_modules/**", "e2e/node_modules/**", "e2e/artifacts/**", "*.vsix"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: nodeGlobals },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
      eqeqeq: ["error", "always"],
      curly: ["error", "multi-line"],
    },
  },
);
