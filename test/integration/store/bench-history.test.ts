import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Store } from "../../../src/services/ports/store.js";
import { seedHistory } from "../../../src/store/bench-history.js";
import { openStore } from "../../../src/store/open-store.js";
import { testDatabases, type TestDatabase } from "../../support/mysql-database.js";

const databases: TestDatabase[] = testDatabases();
const HOUR_MS = 3_600_000;

/**
 * The history the benchmarks measure on top of (npm run bench, issue 19) is history the MES can
 * read as its own: each work unit's state intervals tile the seeded span without a gap or an
 * overlap, its counts add up, its job orders are finished and off the JobOrderLists with their
 * transitions in order, and all of it ends before the hour the benchmark then works in.
 */
for (const database of databases) {
  describe(`Benchmark history seeded on ${database.name}`, function () {
    this.timeout(120_000);
    let dir: string;
    let store: Store;
    const shape = { days: 3, workUnits: ["press-1", "mill-1"], jobsPerUnitPerDay: 6, recordsPerUnitPerHour: 4, statesPerUnitPerHour: 3, productId: "bracket" };
    let seeded: Awaited<ReturnType<typeof seedHistory>>;
    let end: number;
    let seededFrom: number;
    let seededUntil: number;

    before(async function () {
      if (database.skip) this.skip();
      dir = mkdtempSync(path.join(tmpdir(), "mes-bench-history-"));
      const url = await database.url(dir);
      // The MES makes its schema; the seeder writes into it while the MES is stopped.
      await (await openStore(url)).close();
      seededFrom = Date.now();
      seeded = await seedHistory(url, shape);
      seededUntil = Date.now();
      store = await openStore(url);
      const all = await store.read.stateIntervals.findByEquipments(shape.workUnits, new Date(Date.now() - 10 * 24 * HOUR_MS), new Date());
      end = Math.max(...all.map((interval) => interval.endedAt!.getTime()));
    });

    after(async function () {
      await store?.close();
      await database.drop?.();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it("writes the rows the shape asks for", function () {
      const hours = shape.days * 24;
      const jobs = shape.days * shape.jobsPerUnitPerDay * shape.workUnits.length;
      expect(seeded.rows).to.deep.equal({
        work_order: jobs,
        job_order: jobs,
        job_order_transition: jobs * 4,
        audit_entry: jobs * 5,
        production_record: hours * shape.recordsPerUnitPerHour * shape.workUnits.length,
        equipment_state_interval: hours * shape.statesPerUnitPerHour * shape.workUnits.length,
      });
    });

    it("ends on a whole hour, two hours or more before it was seeded", function () {
      // Bounds taken around the seeding, so an hour that turns meanwhile cannot fail the test.
      expect(end % HOUR_MS).to.equal(0);
      expect(end).to.be.at.most(seededUntil - 2 * HOUR_MS);
      expect(end).to.be.above(seededFrom - 3 * HOUR_MS);
    });

    it("gives each unit closed state intervals that tile the span, running, idle, running, faulted", async function () {
      const start = end - shape.days * 24 * HOUR_MS;
      for (const unit of shape.workUnits) {
        const intervals = await store.read.stateIntervals.findByEquipments([unit], new Date(start - HOUR_MS), new Date(end + HOUR_MS));
        expect(intervals).to.have.length(shape.days * 24 * shape.statesPerUnitPerHour);
        expect(intervals[0].startedAt.getTime()).to.equal(start);
        expect(intervals.at(-1)!.endedAt!.getTime()).to.equal(end);
        intervals.slice(1).forEach((interval, i) => expect(interval.startedAt.getTime(), `${unit} interval ${i + 1}`).to.equal(intervals[i].endedAt!.getTime()));
        expect(intervals.slice(0, 4).map((i) => i.state)).to.deep.equal(["running", "idle", "running", "faulted"]);
        expect(intervals[3].faultCode).to.equal("F-BENCH");
      }
    });

    it("counts 20 good and 1 scrap per record, and finishes every job order off its JobOrderList", async function () {
      const start = new Date(end - shape.days * 24 * HOUR_MS);
      const records = shape.days * 24 * shape.recordsPerUnitPerHour;
      expect(await store.read.productionRecords.totals("press-1", start, new Date(end))).to.deep.equal({ good: 20 * records, scrap: records });
      expect(await store.read.jobOrders.findListed("press-1")).to.deep.equal([]);
      const job = await store.read.jobOrders.findById("HIST-press-1-1");
      expect(job).to.include({ productId: "bracket", state: 5 });
      expect(job!.removedAt!.getTime()).to.be.at.most(end);
      expect((await store.read.jobOrders.findTransitions("HIST-press-1-1")).map((t) => t.command)).to.deep.equal(["StoreAndStart", "Begin", "Complete", "Clear"]);
    });
  });
}
