import { createRequire } from "node:module";
import path from "node:path";
import { nodesets } from "node-opcua-nodesets";
import { PACKAGE_ROOT } from "../package-root.js";

const require = createRequire(import.meta.url);
const nodesetsPackageDir = path.dirname(require.resolve("node-opcua-nodesets/package.json"));

/** OPC 10030 (ISA-95 common object model): node-opcua-nodesets ships the file but names no key for it. */
export const ISA95_NODESET_FILE = path.join(nodesetsPackageDir, "nodesets", "Opc.ISA95.NodeSet2.xml");

/** This project's types; found from the package root so it works from any working directory and from a build. */
export const MES_NODESET_FILE = path.join(PACKAGE_ROOT, "nodesets", "opcua-mes.NodeSet2.xml");

/**
 * The NodeSet2 files the server loads, dependencies first: a nodeset's RequiredModels must be
 * loaded before it (IA and Machinery need DI; Machinery Jobs needs ISA-95 Job Control; ours needs ISA-95).
 */
export const NODESET_FILES: readonly string[] = [
  nodesets.standard,
  nodesets.di,
  ISA95_NODESET_FILE,
  nodesets.isa95JobControl,
  nodesets.ia,
  nodesets.machinery,
  nodesets.machineryJobs,
  MES_NODESET_FILE,
];
