import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const here = path.dirname(fileURLToPath(import.meta.url));

/** The web UI: built from src/web into dist/web, which the MES serves at /. */
export default defineConfig({
  root: here,
  base: "/",
  esbuild: { jsx: "automatic", jsxImportSource: "preact" },
  build: { outDir: path.resolve(here, "../../dist/web"), emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 400 },
});
