import { GenealogyService } from "../../src/services/inventory/genealogy-service.js";
import { movementRecord } from "../../src/services/inventory/movement-record.js";
import type { MaterialLotRecord, MaterialMovementRecord } from "../../src/services/ports/inventory.js";
import { openStore } from "../../src/store/open-store.js";
import { round, spread } from "./stats.js";

const DAY = 86_400_000;
/** Job orders a day: a two-step line, every second job the second step of the one before. */
const JOBS_PER_DAY = 20;
/** Raw lots received a day: two of steel, two of rivets. */
const RAW_LOTS_PER_DAY = 4;
/** Ledger rows per unit of work while loading: big enough to load fast, small enough for MariaDB's undo log. */
const LOAD_BATCH = 10_000;

/**
 * A year of material history on a real database: `movements` ledger rows from receipts, backflush
 * consumption (two materials per count, the second step consuming the first step's output lot)
 * and production, then genealogy traces of random lots, backward from finished lots and forward
 * from raw lots, through GenealogyService as the REST door calls it. Times in ms.
 */
export async function benchGenealogy(database: { name: string; url: string }, options: { movements: number; repetitions: number }): Promise<Record<string, unknown>> {
  const store = await openStore(database.url);
  try {
    const start = Date.parse("2025-12-01T06:00:00Z");
    const days = 365;
    const jobs = days * JOBS_PER_DAY;
    // Receipts take one row per raw lot; the rest is spread over the jobs, three rows (two consumptions, one production) per count.
    const countsPerJob = Math.max(1, Math.ceil((options.movements - days * RAW_LOTS_PER_DAY) / jobs / 3));
    let sequence = 0;
    const id = () => `m-${String(++sequence).padStart(10, "0")}`;
    const lot = (lotId: string, materialDefinitionId: string, at: Date, jobOrderId: string | null): MaterialLotRecord => ({
      id: lotId,
      materialDefinitionId,
      parentLotId: null,
      quantity: 100,
      unit: "pcs",
      status: "available",
      locationId: "store",
      carrierId: null,
      jobOrderId,
      description: null,
      createdAt: at,
      updatedAt: at,
    });
    const row = (fields: Partial<MaterialMovementRecord> & Pick<MaterialMovementRecord, "kind" | "at" | "materialDefinitionId">): MaterialMovementRecord =>
      movementRecord({ id: id(), fromLotId: null, toLotId: null, quantity: 1, unit: "pcs", actor: "system", door: "system", ...fields });

    const loadStarted = performance.now();
    let pending: MaterialMovementRecord[] = [];
    let lots: MaterialLotRecord[] = [];
    let written = 0;
    const flush = async () => {
      const [rows, newLots] = [pending, lots];
      pending = [];
      lots = [];
      await store.unitOfWork(async (repos) => {
        for (const record of newLots) await repos.lots.insert(record);
        await repos.movements.append(rows);
      });
      written += rows.length;
    };
    for (let day = 0; day < days; day++) {
      const at = new Date(start + day * DAY);
      const raw = Array.from({ length: RAW_LOTS_PER_DAY }, (_, i) => `RAW-${day}-${i}`);
      raw.forEach((lotId, i) => {
        lots.push(lot(lotId, i % 2 === 0 ? "steel" : "rivet", at, null));
        pending.push(row({ kind: "receipt", at, materialDefinitionId: i % 2 === 0 ? "steel" : "rivet", toLotId: lotId }));
      });
      for (let j = 0; j < JOBS_PER_DAY; j++) {
        const job = `J-${day}-${j}`;
        const output = `OUT-${day}-${j}`;
        lots.push(lot(output, "bracket", at, job));
        const secondStep = j % 2 === 1;
        const inputs = secondStep ? [`OUT-${day}-${j - 1}`, raw[1 + ((j >> 1) % 2) * 2]!] : [raw[((j >> 1) % 2) * 2]!, raw[1]!];
        for (let c = 0; c < countsPerJob; c++) {
          const when = new Date(at.getTime() + j * 60_000 + c * 1000);
          for (const input of inputs) pending.push(row({ kind: "consume", at: when, materialDefinitionId: "steel", fromLotId: input, toLotId: output, jobOrderId: job, workUnitId: secondStep ? "welder-1" : "press-1" }));
          pending.push(row({ kind: "produce", at: when, materialDefinitionId: "bracket", toLotId: output, jobOrderId: job, workUnitId: secondStep ? "welder-1" : "press-1" }));
        }
        if (pending.length >= LOAD_BATCH) await flush();
      }
    }
    await flush();
    const loadSeconds = (performance.now() - loadStarted) / 1000;

    const genealogy = new GenealogyService(store);
    const traces: Record<string, unknown> = {};
    for (const [direction, pick] of [
      ["backward", (i: number) => `OUT-${(i * 37) % days}-${1 + 2 * (i % (JOBS_PER_DAY / 2))}`],
      ["forward", (i: number) => `RAW-${(i * 53) % days}-${i % RAW_LOTS_PER_DAY}`],
    ] as const) {
      const times: number[] = [];
      let lotsReached = 0;
      let edges = 0;
      await genealogy.trace(pick(0), direction); // warm the caches once
      for (let rep = 0; rep < options.repetitions; rep++) {
        const t0 = performance.now();
        const graph = await genealogy.trace(pick(rep), direction);
        times.push(performance.now() - t0);
        lotsReached = graph.lots.length;
        edges = graph.edges.length;
      }
      const s = spread(times)!;
      traces[direction] = { medianMs: round(s.median), minMs: round(s.min), maxMs: round(s.max), lotsReached, edges };
    }
    return { database: database.name, movements: written, lots: days * (RAW_LOTS_PER_DAY + JOBS_PER_DAY), jobOrders: jobs, loadSeconds: round(loadSeconds, 1), traces, target: "a trace of a lot in < 100 ms" };
  } finally {
    await store.close();
  }
}
