import { flattenPlant } from "../domain/equipment.js";
import { checkCalendarDefinition } from "../domain/oee/calendar-definition.js";
import { duplicateReasonCodes, reasonPaths } from "../domain/oee/reasons.js";
import type { Plant } from "../domain/plant/plant.js";
import type { OeeFile } from "./oee-schema.js";

type Problem = { path: string; message: string };

/** What oee.yaml says about the plant must be true of it: equipment that exists, reasons that exist, one calendar per equipment. */
export function checkOee(oee: OeeFile, plant: Plant): Problem[] {
  const problems: Problem[] = [];
  const equipment = new Map(flattenPlant(plant.enterprise).map((node) => [node.id, node]));
  const plannedBy = new Map<string, string>();
  for (const [id, calendar] of Object.entries(oee.calendars)) {
    for (const problem of checkCalendarDefinition(calendar)) problems.push({ path: `calendars.${id}.${problem.field}`, message: problem.message });
    calendar.equipmentIds.forEach((equipmentId, i) => {
      const path = `calendars.${id}.equipmentIds[${i}]`;
      if (!equipment.has(equipmentId)) problems.push({ path, message: `no equipment "${equipmentId}" in plant.yaml` });
      else if (plannedBy.has(equipmentId)) problems.push({ path, message: `"${equipmentId}" is planned by calendar "${plannedBy.get(equipmentId)}" already` });
      plannedBy.set(equipmentId, id);
    });
  }
  for (const unitId of Object.keys(oee.idealCycleTimes)) {
    if (equipment.get(unitId)?.level !== "WorkUnit") problems.push({ path: `idealCycleTimes.${unitId}`, message: `"${unitId}" is not a work unit of plant.yaml` });
  }
  for (const [tree, name] of [[oee.downtimeReasons, "downtimeReasons"], [oee.scrapReasons, "scrapReasons"]] as const) {
    for (const code of duplicateReasonCodes(tree)) problems.push({ path: name, message: `reason code "${code}" is used twice` });
  }
  const downtimeCodes = reasonPaths(oee.downtimeReasons);
  for (const [faultCode, reasonCode] of Object.entries(oee.faultCodeReasons)) {
    if (!downtimeCodes.has(reasonCode)) problems.push({ path: `faultCodeReasons.${faultCode}`, message: `"${reasonCode}" is not a code of downtimeReasons` });
  }
  return problems;
}
