import { standardUnits } from "node-opcua";
import type { EngineeringUnit } from "../domain/plant/signal.js";

/** OPC 10000-8 §5.6.3: EngineeringUnits name a UNECE Recommendation 20 unit in this namespace. */
export const UNECE_UNITS_NAMESPACE_URI = "http://www.opcfoundation.org/UA/units/un/cefact";

/** OPC 10000-8 §5.6.3: the UnitId of a common code is its characters, 8 bits each; -1 when there is no code. */
export function unitIdOf(code: string): number {
  let unitId = 0;
  for (const c of code.slice(0, 3)) unitId = unitId * 256 + c.charCodeAt(0);
  return unitId;
}

/** Units the MES itself publishes and node-opcua's table lacks (UNECE Rec 20 Annex III). */
const MES_UNITS: Record<string, { symbol: string; description: string }> = {
  C62: { symbol: "1", description: "one: a ratio of two quantities of the same kind" },
  H87: { symbol: "pce", description: "piece" },
  HUR: { symbol: "h", description: "hour" },
};

/** What a client reads as EngineeringUnits (an EUInformation structure). */
export interface EuInformation {
  readonly namespaceUri: string;
  readonly unitId: number;
  readonly displayName: { readonly text: string };
  readonly description: { readonly text: string };
}

/** EUInformation of a UNECE common code (its symbol and name from the tables), or of a unit without one (UnitId -1). */
export function euInformationOf(unit: EngineeringUnit): EuInformation {
  const unitId = unit.code === undefined ? -1 : unitIdOf(unit.code);
  const standard = Object.values(standardUnits).find((candidate) => unit.code !== undefined && candidate.unitId === unitId);
  const known = (unit.code !== undefined ? MES_UNITS[unit.code] : undefined) ?? (standard ? { symbol: standard.displayName.text ?? unit.code ?? "", description: standard.description.text ?? "" } : undefined);
  return {
    namespaceUri: UNECE_UNITS_NAMESPACE_URI,
    unitId,
    displayName: { text: unit.symbol ?? known?.symbol ?? unit.code ?? "" },
    description: { text: unit.description ?? known?.description ?? "" },
  };
}
