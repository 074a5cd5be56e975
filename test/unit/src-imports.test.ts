import { expect } from "chai";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";

const SRC = path.resolve("src");
const TOOLS = path.resolve("tools");
/** The process entry point starts the demo's simulated PLCs beside the MES; nothing it imports from tools/ goes further. */
const ENTRY_POINT = path.join(SRC, "main.ts");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx)$/.test(entry.name) ? [full] : [];
  });
}

/** Every module a file names: static imports, re-exports, dynamic import() and require(). */
function importsOf(file: string): string[] {
  return ts.preProcessFile(readFileSync(file, "utf8"), true, true).importedFiles.map((imported) => imported.fileName);
}

describe("src/ imports", () => {
  it("reads every kind of import a file can make (so the check below cannot pass by missing one)", () => {
    const seen = ts
      .preProcessFile(`import a from "./a.js"; import type { B } from "./b.js"; export * from "./c.js"; const d = await import("./d.js"); import "./e.js";`, true, true)
      .importedFiles.map((imported) => imported.fileName);
    expect(seen).to.have.members(["./a.js", "./b.js", "./c.js", "./d.js", "./e.js"]);
  });

  it("no module of the MES imports tools/ (the simulator, benchmarks and CLIs stay outside the product)", () => {
    const files = sourceFiles(SRC).filter((file) => file !== ENTRY_POINT);
    expect(files.length, "the source files found").to.be.greaterThan(100);
    const offending = files.flatMap((file) =>
      importsOf(file)
        .filter((specifier) => specifier.startsWith("."))
        .filter((specifier) => {
          const target = path.resolve(path.dirname(file), specifier);
          return target === TOOLS || target.startsWith(TOOLS + path.sep);
        })
        .map((specifier) => `${path.relative(SRC, file)} imports ${specifier}`),
    );
    expect(offending).to.deep.equal([]);
  });
});
