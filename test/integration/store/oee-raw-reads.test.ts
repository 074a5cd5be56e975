import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { JobOrderRecord } from "../../../src/services/ports/orders.js";
import type { ProductionRecord, StateIntervalRecord } from "../../../src/services/ports/production.js";
import type { Store } from "../../../src/services/ports/store.js";
import { openStore } from "../../../src/store/open-store.js";
import { testDatabases, type TestDatabase } from "../../support/mysql-database.js";

const databases: TestDatabase[] = testDatabases();
const at = (iso: string) => new Date(iso);
const FROM = at("2026-12-01T10:00:00.000Z");
const TO = at("2026-12-01T11:00:00.000Z");

const interval = (id: string, equipmentId: string, start: string, end: string | null, extra: Partial<StateIntervalRecord> = {}): StateIntervalRecord => ({
  id,
  equipmentId,
  state: "running",
  startedAt: at(start),
  endedAt: end ? at(end) : null,
  faultCode: null,
  jobOrderId: null,
  reasonCode: null,
  ...extra,
});

const record = (id: string, equipmentId: string, start: string, extra: Partial<ProductionRecord> = {}): ProductionRecord => ({
  id,
  equipmentId,
  jobOrderId: null,
  productId: null,
  periodStart: at(start),
  periodEnd: new Date(at(start).getTime() + 59_999),
  good: 10,
  scrap: 1,
  source: "plc",
  operatorIds: [],
  ...extra,
});

const job = (id: string, equipmentId: string, actualStart: string | null, actualEnd: string | null, planned = "2026-12-01T10:00:00.000Z"): JobOrderRecord => ({
  id,
  workOrderId: null,
  equipmentId,
  productId: "A",
  quantity: 5,
  state: actualEnd ? 5 : 3,
  subState: null,
  priority: 1,
  plannedStart: at(planned),
  plannedEnd: new Date(at(planned).getTime() + 3_600_000),
  actualStart: actualStart ? at(actualStart) : null,
  actualEnd: actualEnd ? at(actualEnd) : null,
  description: null,
  parameters: [],
  materialRequirements: [],
  dispatchNumber: null,
  removedAt: null,
  createdAt: at("2026-11-30T00:00:00.000Z"),
  updatedAt: at("2026-11-30T00:00:00.000Z"),
});

/**
 * The OEE reads of many units' state intervals and production records over a window (plain SQL
 * hydrated by the entities' metadata, for the live tick) give the rows as they were written:
 * millisecond times, nulls, every column, the window's edges half-open, more units than one
 * statement takes; and the job orders whose actual run reaches into the window.
 */
for (const database of databases) {
  describe(`OEE reads of state intervals and production records on ${database.name}`, function () {
    this.timeout(120_000);
    let dir: string;
    let store: Store;
    // More units than one statement holds (400), so the reads are batched.
    const units = Array.from({ length: 450 }, (_, i) => `unit-${i}`);
    const intervals = [
      interval("i-before", "unit-0", "2026-12-01T08:00:00.000Z", "2026-12-01T10:00:00.000Z"),
      interval("i-crossing", "unit-0", "2026-12-01T10:00:00.000Z", "2026-12-01T10:20:30.456Z", { state: "faulted", faultCode: "E17", reasonCode: "jam", jobOrderId: "JO-1" }),
      interval("i-open", "unit-0", "2026-12-01T10:20:30.456Z", null, { state: "idle" }),
      interval("i-long", "unit-449", "2026-12-01T06:00:00.001Z", "2026-12-01T12:00:00.000Z", { state: "setup" }),
      interval("i-after", "unit-1", "2026-12-01T11:00:00.000Z", "2026-12-01T11:30:00.000Z"),
      interval("i-other", "other", "2026-12-01T10:10:00.000Z", "2026-12-01T10:40:00.000Z"),
    ];
    const records = [
      record("r-first", "unit-0", "2026-12-01T10:00:00.000Z", { productId: "A", jobOrderId: "JO-1", operatorIds: ["p1", "p2"] }),
      record("r-late", "unit-449", "2026-12-01T10:59:59.999Z", { source: "manual", good: 0, scrap: 3 }),
      record("r-before", "unit-0", "2026-12-01T09:59:59.999Z"),
      record("r-at-end", "unit-1", "2026-12-01T11:00:00.000Z"),
      record("r-other", "other", "2026-12-01T10:30:00.000Z"),
    ];

    const jobs = [
      job("j-ran-before", "unit-0", "2026-12-01T08:00:00.000Z", "2026-12-01T10:00:00.000Z"),
      job("j-crossing", "unit-0", "2026-12-01T09:30:00.000Z", "2026-12-01T10:00:00.001Z"),
      job("j-open", "unit-449", "2026-12-01T10:59:59.999Z", null),
      job("j-open-later", "unit-449", "2026-12-01T11:00:00.000Z", null),
      job("j-overlapping", "unit-0", "2026-12-01T10:10:00.000Z", "2026-12-01T12:00:00.000Z"),
      job("j-planned-only", "unit-1", null, null),
      job("j-other", "other", "2026-12-01T10:10:00.000Z", "2026-12-01T10:20:00.000Z"),
    ];

    before(async function () {
      if (database.skip) this.skip();
      dir = mkdtempSync(path.join(tmpdir(), "mes-oee-reads-"));
      store = await openStore(await database.url(dir));
      await store.unitOfWork(async (repos) => {
        await repos.stateIntervals.insertMany(intervals);
        await repos.productionRecords.insertMany(records);
        for (const j of jobs) await repos.jobOrders.insert(j);
      });
    });

    after(async function () {
      await store?.close();
      await database.drop?.();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it("gives every unit's intervals reaching into the window, open ones too, by unit and start", async function () {
      const found = await store.read.stateIntervals.findByEquipments(units, FROM, TO);
      expect(found).to.deep.equal([intervals[1], intervals[2], intervals[3]]);
    });

    it("gives every unit's records beginning in the window, by unit and start", async function () {
      const found = await store.read.productionRecords.findStartingIn(units, FROM, TO);
      expect(found).to.deep.equal([records[0], records[1]]);
    });

    it("gives every unit's job order runs reaching into the window, open ones too, by unit and actual start", async function () {
      const found = await store.read.jobOrders.findRunsIn(units, FROM, TO);
      const run = (id: string) => {
        const { equipmentId, actualStart, actualEnd } = jobs.find((j) => j.id === id)!;
        return { equipmentId, actualStart, actualEnd };
      };
      expect(found).to.deep.equal([run("j-crossing"), run("j-overlapping"), run("j-open")]);
    });
  });
}
