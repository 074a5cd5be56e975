import { FIXED_SIGNAL_NAMES } from "../domain/plant/signal.js";
import type { PlantFile, WorkUnitFile } from "./schema.js";

type Problem = { path: string; message: string };

/** Rules across the tree that a schema cannot state: unique ids, PLCs that exist, unique signal names. */
export function checkPlant(plant: PlantFile): Problem[] {
  const problems: Problem[] = [];
  const plcIds = new Set<string>();
  plant.plcs.forEach((plc, i) => {
    if (plcIds.has(plc.id)) problems.push({ path: `plcs[${i}].id`, message: `duplicate PLC id "${plc.id}"` });
    plcIds.add(plc.id);
  });

  const equipmentIds = new Set<string>();
  const claim = (id: string, path: string) => {
    if (equipmentIds.has(id)) problems.push({ path: `${path}.id`, message: `duplicate equipment id "${id}"` });
    equipmentIds.add(id);
  };

  const enterprise = plant.enterprise;
  claim(enterprise.id, "enterprise");
  enterprise.sites.forEach((site, s) => {
    const sitePath = `enterprise.sites[${s}]`;
    claim(site.id, sitePath);
    site.areas.forEach((area, a) => {
      const areaPath = `${sitePath}.areas[${a}]`;
      claim(area.id, areaPath);
      (area.storageZones ?? []).forEach((zone, z) => claim(zone.id, `${areaPath}.storageZones[${z}]`));
      area.workCenters.forEach((center, c) => {
        const centerPath = `${areaPath}.workCenters[${c}]`;
        claim(center.id, centerPath);
        center.workUnits.forEach((unit, u) => {
          const unitPath = `${centerPath}.workUnits[${u}]`;
          claim(unit.id, unitPath);
          problems.push(...checkWorkUnit(unit, unitPath, plcIds));
        });
      });
    });
  });
  return problems;
}

function checkWorkUnit(unit: WorkUnitFile, path: string, plcIds: ReadonlySet<string>): Problem[] {
  const problems: Problem[] = [];
  if (!plcIds.has(unit.plc)) {
    problems.push({ path: `${path}.plc`, message: `unknown PLC "${unit.plc}" (known: ${[...plcIds].join(", ")})` });
  }
  // The fixed signals share the Signals folder with the tags, so their browse names are taken.
  const names = new Set<string>(Object.values(FIXED_SIGNAL_NAMES));
  unit.signals.tags.forEach((tag, t) => {
    if (names.has(tag.name)) problems.push({ path: `${path}.signals.tags[${t}].name`, message: `"${tag.name}" is already a signal of this work unit` });
    names.add(tag.name);
  });
  if (unit.dispatch.driver === "tag-handshake") {
    const tags = new Set(unit.signals.tags.map((tag) => tag.name));
    for (const [role, name] of Object.entries(unit.dispatch.tags)) {
      if (name !== undefined && !tags.has(name)) {
        problems.push({ path: `${path}.dispatch.tags.${role}`, message: `"${name}" is not one of this work unit's signals.tags (${[...tags].join(", ") || "none"})` });
      }
    }
  }
  return problems;
}
