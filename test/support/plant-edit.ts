import type { Plant, WorkUnit } from "../../src/domain/plant/plant.js";

/** A copy of the plant with each work unit replaced by what `change` makes of it (the model is readonly). */
export function mapWorkUnits(plant: Plant, change: (unit: WorkUnit) => WorkUnit): Plant {
  return {
    ...plant,
    enterprise: {
      ...plant.enterprise,
      sites: plant.enterprise.sites.map((site) => ({
        ...site,
        areas: site.areas.map((area) => ({ ...area, workCenters: area.workCenters.map((center) => ({ ...center, workUnits: center.workUnits.map(change) })) })),
      })),
    },
  };
}
