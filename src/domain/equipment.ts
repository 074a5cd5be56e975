import type { Enterprise } from "./plant/plant.js";

/** ISA95EquipmentElementLevelEnum values (OPC 10030, Opc.ISA95.NodeSet2.xml), the ones this MES uses. */
export const EquipmentLevel = {
  Enterprise: 0,
  Site: 1,
  Area: 2,
  StorageZone: 8,
  WorkCenter: 10,
  WorkUnit: 11,
} as const;
export type EquipmentLevelName = keyof typeof EquipmentLevel;

/** One piece of equipment in the ISA-95 hierarchy, flattened with its parent link. */
export interface EquipmentNode {
  readonly id: string;
  readonly parentId: string | null;
  readonly level: EquipmentLevelName;
  readonly name: string;
  readonly description: string | null;
  /** Position among its siblings, as written in the configuration. */
  readonly sortOrder: number;
  /** The PLC a work unit is wired to; null above WorkUnit. */
  readonly plcId: string | null;
}

/** Walks the configured enterprise depth-first, parents before children, in configuration order. */
export function flattenPlant(enterprise: Enterprise): EquipmentNode[] {
  const nodes: EquipmentNode[] = [];
  const add = (
    item: { id: string; name: string; description?: string },
    level: EquipmentLevelName,
    parentId: string | null,
    sortOrder: number,
    plcId: string | null = null,
  ) => nodes.push({ id: item.id, parentId, level, name: item.name, description: item.description ?? null, sortOrder, plcId });

  add(enterprise, "Enterprise", null, 0);
  enterprise.sites.forEach((site, s) => {
    add(site, "Site", enterprise.id, s);
    site.areas.forEach((area, a) => {
      add(area, "Area", site.id, a);
      area.workCenters.forEach((center, c) => {
        add(center, "WorkCenter", area.id, c);
        center.workUnits.forEach((unit, u) => add(unit, "WorkUnit", center.id, u, unit.plcId));
      });
      // ISA-95 Part 2: a storage zone is equipment of an area beside its work centers (lots are kept there).
      (area.storageZones ?? []).forEach((zone, z) => add(zone, "StorageZone", area.id, area.workCenters.length + z));
    });
  });
  return nodes;
}
