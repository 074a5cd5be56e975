import type { MachineJob } from "../../../domain/machine-job-sync.js";

interface AndState {
  jobOrder?: { jobOrderID?: string; materialRequirements?: { quantity?: string | null }[] };
  state?: { stateNumber?: number }[];
}

interface Response {
  jobOrderID?: string;
  jobResponseData?: { ID?: string; value?: { value?: unknown } }[];
  materialActuals?: { quantity?: string | null }[];
}

/** The machine's JobOrderList (ISA95JobOrderAndStateDataType) by job order id: top-level state, substate, and the quantity it was sent. */
export function machineJobs(value: unknown): Map<string, MachineJob> {
  const jobs = new Map<string, MachineJob>();
  for (const entry of (Array.isArray(value) ? value : []) as AndState[]) {
    const id = entry.jobOrder?.jobOrderID;
    const [top, sub] = entry.state ?? [];
    const quantity = Number(entry.jobOrder?.materialRequirements?.[0]?.quantity ?? Number.NaN);
    if (id && top?.stateNumber !== undefined) jobs.set(id, { state: top.stateNumber, subState: sub?.stateNumber ?? null, quantity: Number.isFinite(quantity) ? quantity : null });
  }
  return jobs;
}

/**
 * Good and scrap per job order from the machine's JobOrderResponseList: the GoodQuantity and
 * ScrapQuantity response data (OPC 40001-3 leaves the names to the machine; these are the ones
 * this MES publishes too), else the produced material's quantity as good.
 */
export function machineResponses(value: unknown): Map<string, { good: number; scrap: number }> {
  const produced = new Map<string, { good: number; scrap: number }>();
  for (const response of (Array.isArray(value) ? value : []) as Response[]) {
    if (!response.jobOrderID) continue;
    const data = new Map((response.jobResponseData ?? []).map((d) => [d.ID, Number(d.value?.value)]));
    const good = data.get("GoodQuantity") ?? Number(response.materialActuals?.[0]?.quantity ?? 0);
    const scrap = data.get("ScrapQuantity") ?? 0;
    produced.set(response.jobOrderID, { good: Number.isFinite(good) ? good : 0, scrap: Number.isFinite(scrap) ? scrap : 0 });
  }
  return produced;
}
