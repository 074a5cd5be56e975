import { expect } from "chai";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";

const SRC = path.resolve("src");
const TOOLS = path.resolve("tools");
const DOMAIN = path.join(SRC, "domain");
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
function importsOf(file: string, source = readFileSync(file, "utf8")): string[] {
  return ts.preProcessFile(source, true, true).importedFiles.map((imported) => imported.fileName);
}

const isInside = (target: string, dir: string) => target === dir || target.startsWith(dir + path.sep);

/** What a domain file may import: another domain module, nothing else (no config/, no services/, no package, no node: built-in). */
function domainOffences(file: string, source?: string): string[] {
  return importsOf(file, source)
    .filter((specifier) => !specifier.startsWith(".") || !isInside(path.resolve(path.dirname(file), specifier), DOMAIN))
    .map((specifier) => `${path.relative(SRC, file)} imports ${specifier}`);
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
          return isInside(target, TOOLS);
        })
        .map((specifier) => `${path.relative(SRC, file)} imports ${specifier}`),
    );
    expect(offending).to.deep.equal([]);
  });

  it("domain/ imports only domain/: the plant model and the rules are plain TypeScript, with no config/, adapter, package or I/O behind them", () => {
    const files = sourceFiles(DOMAIN);
    expect(files.length, "the domain files found").to.be.greaterThan(30);
    expect(files.flatMap((file) => domainOffences(file))).to.deep.equal([]);
  });

  it("would catch a domain file reaching into config/, services/, a package or a node: built-in (so the check above cannot pass by missing one)", () => {
    const probe = path.join(DOMAIN, "oee", "probe.ts");
    const source = `import type { OeeFile } from "../../config/oee-schema.js";\nimport { z } from "zod";\nimport { readFileSync } from "node:fs";\nexport { EventBus } from "../../services/event-bus.js";\nimport { MACHINE_STATES } from "../machine-state.js";\nimport type { Plant } from "../plant/plant.js";\n`;
    const at = path.relative(SRC, probe);
    expect(domainOffences(probe, source)).to.deep.equal([`${at} imports ../../config/oee-schema.js`, `${at} imports zod`, `${at} imports node:fs`, `${at} imports ../../services/event-bus.js`]);
  });
});
