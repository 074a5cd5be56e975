import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { nodesets } from "node-opcua-nodesets";

const require = createRequire(import.meta.url);
const nodesetsPackageDir = path.dirname(require.resolve("node-opcua-nodesets/package.json"));

/** OPC 10030 (ISA-95 common object model): node-opcua-nodesets ships the file but names no key for it. */
export const ISA95_NODESET_FILE = path.join(nodesetsPackageDir, "nodesets", "Opc.ISA95.NodeSet2.xml");

/** This project's types; resolved from this file so it works from any working directory. */
export const MES_NODESET_FILE = fileURLToPath(new URL("../../nodesets/opcua-mes.NodeSet2.xml", import.meta.url));

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
