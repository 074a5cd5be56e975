import path from "node:path";

/** Where the MES keeps its client certificate for the PLCs and the PLC trust list: `<pki>/plc` (npm run pki -- --plc). */
export function plcPkiFolder(pkiFolder: string): string {
  return path.join(pkiFolder, "plc");
}
