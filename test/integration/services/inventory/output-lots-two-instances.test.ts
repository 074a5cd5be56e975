import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { buildCore, type MesCore } from "../../../../src/compose/mes-core.js";
import { silentLog } from "../../../../src/services/log.js";
import { runningJobOrder } from "../../../support/job-order-record.js";
import { testDatabases, type TestDatabase } from "../../../support/mysql-database.js";
import { restTestConfig } from "../../../support/rest-app.js";

const databases: TestDatabase[] = testDatabases();
const JOBS_PER_INSTANCE = 12;
const CALLBACKS = { timeoutMs: 2000, maxAttempts: 1, initialDelayMs: 50, maxDelayMs: 50 };

// Two MES instances on one database each number the output lots of their own job orders, at once,
// for one product on one day: every lot must get a number of its own, and no count may fail.
for (const database of databases) {
  describe(`Output lot numbers with two MES instances on one database (${database.name})`, function () {
    this.timeout(120_000);
    let dir: string;
    let cores: MesCore[] = [];
    const at = new Date("2026-12-02T08:00:00.000Z");
    const job = (id: string) => runningJobOrder(id, "press-1", "washer", at, { quantity: 10 });

    before(async function () {
      if (database.skip) this.skip();
      dir = mkdtempSync(path.join(tmpdir(), "mes-two-instances-"));
      const url = await database.url(dir);
      // One after the other: the second finds the schema migrated and the plant synced.
      for (let i = 0; i < 2; i++) cores.push(await buildCore(restTestConfig(url, CALLBACKS), { log: silentLog }));
      await cores[0]!.store.unitOfWork(async (repos) => {
        await repos.materials.upsert({ id: "washer", name: "Washer", description: null, unit: "pcs" });
        await repos.products.upsert({ id: "washer", name: "Washer", description: null, materialDefinitionId: "washer", parameters: [] });
        for (const [instance] of cores.entries()) for (let n = 1; n <= JOBS_PER_INSTANCE; n++) await repos.jobOrders.insert(job(`J-${instance}-${n}`));
      });
    });

    after(async function () {
      for (const core of cores) await core.stop();
      cores = [];
      await database.drop?.();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it("gives every job order's output lot a number of its own, and books every count", async function () {
      const booked = await Promise.all(
        cores.map(async (core, instance) => {
          const rows = [];
          for (let n = 1; n <= JOBS_PER_INSTANCE; n++) rows.push(...(await core.backflush.record({ workUnitId: "press-1", jobOrderId: `J-${instance}-${n}`, good: 1, scrap: 0, at })));
          return rows;
        }),
      );
      expect(booked.flat().map((row) => row.kind)).to.deep.equal(new Array(2 * JOBS_PER_INSTANCE).fill("produce"));
      const lots = (await cores[0]!.store.read.lots.findMany({ materialDefinitionId: "washer" }, { limit: 100, offset: 0 })).items;
      const expected = Array.from({ length: 2 * JOBS_PER_INSTANCE }, (_, i) => `washer-20261202-${String(i + 1).padStart(4, "0")}`);
      expect(lots.map((lot) => lot.id).sort()).to.deep.equal(expected);
      expect(new Set(lots.map((lot) => lot.jobOrderId)).size, "one output lot per job order").to.equal(2 * JOBS_PER_INSTANCE);
      expect(lots.every((lot) => lot.quantity === 1)).to.equal(true);
    });
  });
}
