import type { Dispatch } from "../domain/plant/dispatch.js";
import type { Area, Enterprise, Plant, Site, WorkCenter, WorkUnit } from "../domain/plant/plant.js";
import type { Plc, PlcIdentity } from "../domain/plant/plc.js";
import { FIXED_SIGNAL_NAMES, type Signal } from "../domain/plant/signal.js";
import { DEFAULT_FAULT_CODE_TAG } from "./oee-schema.js";
import type { PlantFile, WorkUnitFile } from "./schema.js";

type SiteFile = PlantFile["enterprise"]["sites"][number];
type AreaFile = SiteFile["areas"][number];
type WorkCenterFile = AreaFile["workCenters"][number];

/**
 * plant.yaml, parsed and checked, as the plant the MES runs. The one place that knows the file's
 * shape: the fixed signals (`signals.state`, `goodCount`, ...) and `signals.tags` become one list
 * of signals with their roles, the tag named `faultCodeTag` (oee.yaml) taking the faultCode role.
 */
export function toPlant(file: PlantFile, faultCodeTag: string = DEFAULT_FAULT_CODE_TAG, env: NodeJS.ProcessEnv = {}): Plant {
  const unit = (u: WorkUnitFile): WorkUnit => ({ ...named(u), plcId: u.plc, signals: signalsOf(u, faultCodeTag), dispatch: u.dispatch satisfies Dispatch });
  const center = (c: WorkCenterFile): WorkCenter => ({ ...named(c), workUnits: c.workUnits.map(unit) });
  const area = (a: AreaFile): Area => ({ ...named(a), workCenters: a.workCenters.map(center), ...(a.storageZones && { storageZones: a.storageZones.map(named) }) });
  const site = (s: SiteFile): Site => ({ ...named(s), ...(s.location !== undefined && { location: s.location }), areas: s.areas.map(area) });
  const enterprise: Enterprise = { ...named(file.enterprise), sites: file.enterprise.sites.map(site) };
  return { enterprise, plcs: file.plcs.map((plc) => toPlc(plc, env)) };
}

/** A PLC with its security as the MES runs it: the password read from its environment variable here, once. */
function toPlc({ security, ...plc }: PlantFile["plcs"][number], env: NodeJS.ProcessEnv): Plc {
  const identity: PlcIdentity =
    security.user !== undefined
      ? { kind: "userName", userName: security.user, password: env[security.passwordEnv!] ?? "" }
      : security.certificate
        ? { kind: "certificate", ...security.certificate }
        : { kind: "anonymous" };
  return { ...plc, security: { policy: security.policy, mode: security.mode, identity, allowUnsecured: security.allowUnsecured } };
}

function named(item: { id: string; name: string; description?: string }): { id: string; name: string; description?: string } {
  return { id: item.id, name: item.name, ...(item.description !== undefined && { description: item.description }) };
}

/** The fixed signals the unit configures, in FIXED_SIGNAL_NAMES order, then its tags in file order. */
function signalsOf(unit: WorkUnitFile, faultCodeTag: string): Signal[] {
  const { state, goodCount, rejectCount, currentJob, tags } = unit.signals;
  const counter = (role: "goodCount" | "rejectCount", signal: typeof goodCount): Signal[] =>
    signal ? [{ role, name: FIXED_SIGNAL_NAMES[role], nodeId: signal.nodeId, ...(signal.rolloverAt !== undefined && { rolloverAt: signal.rolloverAt }), ...historized(signal) }] : [];
  return [
    ...(state ? [{ role: "state" as const, name: FIXED_SIGNAL_NAMES.state, nodeId: state.nodeId, map: state.map, ...historized(state) }] : []),
    ...counter("goodCount", goodCount),
    ...counter("rejectCount", rejectCount),
    ...(currentJob ? [{ role: "currentJob" as const, name: FIXED_SIGNAL_NAMES.currentJob, nodeId: currentJob.nodeId, ...historized(currentJob) }] : []),
    ...tags.map((tag) => ({
      role: tag.name === faultCodeTag ? ("faultCode" as const) : ("tag" as const),
      name: tag.name,
      nodeId: tag.nodeId,
      ...(tag.description !== undefined && { description: tag.description }),
      ...historized(tag),
      ...(tag.unit !== undefined && tag.euRange !== undefined && { analog: { unit: typeof tag.unit === "string" ? { code: tag.unit } : tag.unit, euRange: tag.euRange } }),
    })),
  ];
}

/** `historize: true` in the file; absent or false: not historized, and no key on the signal. */
const historized = (signal: { historize?: boolean } | undefined) => (signal?.historize ? { historize: true } : {});
