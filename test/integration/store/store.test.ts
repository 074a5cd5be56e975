import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { DataSource } from "typeorm";
import type { EquipmentNode } from "../../../src/domain/equipment.js";
import { uuidV7 } from "../../../src/services/clock.js";
import type { WorkOrderRecord } from "../../../src/services/ports/orders.js";
import type { Store } from "../../../src/services/ports/store.js";
import { parseDatabaseUrl } from "../../../src/store/database-url.js";
import { dataSourceOptions } from "../../../src/store/dialect.js";
import { openStore } from "../../../src/store/open-store.js";
import { runningJobOrder } from "../../support/job-order-record.js";
import { testDatabases, type TestDatabase } from "../../support/mysql-database.js";

const TABLES = [
  "access_token",
  "alarm",
  "alarm_event",
  "audit_entry",
  "bom_line",
  "callback_delivery",
  "cluster_command",
  "cluster_lease",
  "control_limits",
  "counter_checkpoint",
  "equipment",
  "equipment_heartbeat",
  "equipment_state_interval",
  "inspection_plan",
  "job_order",
  "job_order_transition",
  "maintenance_plan",
  "maintenance_work_order",
  "material_class",
  "material_class_member",
  "material_definition",
  "material_lot",
  "material_movement",
  "material_property",
  "material_staging",
  "nonconformance",
  "oee_day_product",
  "oee_day_summary",
  "oee_hour_product",
  "oee_hour_summary",
  "person",
  "plc_connection",
  "plc_link_state",
  "plc_signal",
  "product_definition",
  "product_work_unit",
  "production_record",
  "quality_characteristic",
  "quality_result",
  "roster_assignment",
  "scrap_classification",
  "shift_calendar",
  "signal_sample",
  "user_account",
  "work_order",
];

const databases: TestDatabase[] = testDatabases();

for (const database of databases) {
  describe(`The store on ${database.name}`, function () {
    let dir: string;
    let url: string;
    let store: Store;

    async function tablesAndMigrations(): Promise<{ tables: string[]; migrations: number }> {
      const dataSource = new DataSource(dataSourceOptions(parseDatabaseUrl(url)));
      await dataSource.initialize();
      try {
        const sql =
          store.dialect === "sqlite"
            ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            : "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE()";
        const tables = ((await dataSource.query(sql)) as { name: string }[]).map((t) => t.name);
        const [{ count }] = await dataSource.query("SELECT COUNT(*) AS count FROM migrations");
        return { tables: tables.filter((t) => t !== "migrations").sort(), migrations: Number(count) };
      } finally {
        await dataSource.destroy();
      }
    }

    before(async function () {
      if (database.skip) this.skip();
      dir = mkdtempSync(path.join(tmpdir(), "mes-store-"));
      url = await database.url(dir);
      store = await openStore(url);
    });

    after(async function () {
      await store?.close();
      await database.drop?.();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it("builds every table of the schema by running the migrations on an empty database", async function () {
      expect((await tablesAndMigrations()).tables).to.deep.equal(TABLES);
    });

    it("runs no migration twice when opened again", async function () {
      const before = await tablesAndMigrations();
      const again = await openStore(url);
      await again.close();
      expect(await tablesAndMigrations()).to.deep.equal(before);
      expect(before.migrations).to.equal(24);
    });

    it("inserts new equipment, updates changed equipment and leaves equal equipment alone", async function () {
      const node = (id: string, name: string, parentId: string | null = null): EquipmentNode => ({ id, parentId, level: parentId ? "Site" : "Enterprise", name, description: null, sortOrder: 0, plcId: null });
      expect(await store.unitOfWork((repos) => repos.equipment.upsertMany([node("e1", "Enterprise"), node("s1", "Site", "e1")]))).to.deep.equal({ inserted: ["e1", "s1"], updated: [] });
      expect(await store.unitOfWork((repos) => repos.equipment.upsertMany([node("e1", "Enterprise"), node("s1", "Site renamed", "e1")]))).to.deep.equal({ inserted: [], updated: ["s1"] });
      expect(await store.unitOfWork((repos) => repos.equipment.upsertMany([node("e1", "Enterprise"), node("s1", "Site renamed", "e1")]))).to.deep.equal({ inserted: [], updated: [] });
      expect((await store.read.equipment.findById("s1"))?.name).to.equal("Site renamed");
    });

    it("leaves nothing behind when a unit of work fails half way", async function () {
      const failing = store.unitOfWork(async (repos) => {
        await repos.audit.append({ id: uuidV7(), at: new Date(), actor: "tester", role: null, door: "system", action: "half.done", targetType: "test", targetId: "rollback", before: null, after: { step: 1 } });
        throw new Error("the second half failed");
      });
      const error = await failing.then(() => undefined, (e: Error) => e);
      expect(error?.message).to.equal("the second half failed");
      expect(await store.read.audit.find({ targetType: "test", targetId: "rollback" }, { limit: 10, offset: 0 })).to.deep.equal([]);
    });

    it("commits units of work that overlap in time, both of them", async function () {
      const write = (id: string, pauseMs: number) =>
        store.unitOfWork(async (repos) => {
          await repos.audit.find({ targetId: id }, { limit: 1, offset: 0 });
          await new Promise((resolve) => setTimeout(resolve, pauseMs));
          await repos.audit.append({ id: uuidV7(), at: new Date(), actor: "tester", role: null, door: "system", action: "overlap", targetType: "test", targetId: id, before: null, after: null });
        });
      await Promise.all([write("overlap-a", 30), write("overlap-b", 0)]);
      const written = await store.read.audit.find({ targetType: "test" }, { limit: 10, offset: 0 });
      expect(written.map((e) => e.targetId).sort()).to.deep.equal(["overlap-a", "overlap-b"]);
    });

    it("keeps dates to the millisecond, in UTC", async function () {
      const at = new Date("2026-11-24T22:59:59.987Z");
      const id = uuidV7();
      await store.unitOfWork((repos) => repos.stateIntervals.insert({ id, equipmentId: "e-dates", state: "running", startedAt: at, endedAt: null, faultCode: null, jobOrderId: null, reasonCode: null }));
      const found = await store.read.stateIntervals.findOpen("e-dates");
      expect(found?.startedAt.toISOString()).to.equal(at.toISOString());
    });

    it("reads a job order back as written, every field, by id and in its unit's JobOrderList in the order stored", async function () {
      const at = new Date("2026-11-24T22:59:59.987Z");
      const full = runningJobOrder("JO-FULL", "e-list", "p-full", at, {
        workOrderId: "WO-FULL",
        quantity: 12.5,
        subState: 2,
        priority: 3,
        plannedStart: new Date("2026-11-24T20:00:00.001Z"),
        plannedEnd: new Date("2026-11-25T02:00:00.999Z"),
        actualEnd: new Date("2026-11-24T23:30:00.500Z"),
        description: "Brackets, 'quoted' and \\ backslashed",
        parameters: [{ id: "force", value: 12.5, unit: "kN" }, { id: "mode", value: "auto" }, { id: "dry", value: true }],
        materialRequirements: [{ materialDefinitionId: "steel", materialUse: "Consumed", quantity: 3.25, unit: "kg" }],
        dispatchNumber: 4711,
        createdAt: new Date("2026-11-24T10:00:00.000Z"),
        updatedAt: at,
      });
      const earlier = runningJobOrder("JO-EARLIER", "e-list", "p-full", at, { createdAt: new Date("2026-11-24T09:00:00.000Z") });
      const removed = runningJobOrder("JO-REMOVED", "e-list", "p-full", at, { removedAt: at });
      await store.unitOfWork(async (repos) => {
        for (const order of [full, earlier, removed]) await repos.jobOrders.insert(order);
      });
      expect(await store.read.jobOrders.findById("JO-FULL")).to.deep.equal(full);
      expect(await store.read.jobOrders.findById("JO-NONE")).to.equal(null);
      expect(await store.read.jobOrders.findListed("e-list")).to.deep.equal([earlier, full]);
    });

    it("refuses a second work order with the same ERP id", async function () {
      const order = (id: string): WorkOrderRecord => ({ id, erpId: "ERP-1", productId: "p1", quantity: 10, dueAt: null, priority: 0, status: "created", equipmentId: null, description: null, customerRef: null, callbackUrl: null, idempotencyKey: null, releasedAt: null, createdAt: new Date(), updatedAt: new Date() });
      await store.unitOfWork((repos) => repos.workOrders.insert(order(uuidV7())));
      let refused = false;
      await store.unitOfWork((repos) => repos.workOrders.insert(order(uuidV7()))).catch(() => (refused = true));
      expect(refused).to.equal(true);
      expect((await store.read.workOrders.findByErpId("ERP-1"))?.quantity).to.equal(10);
    });

    it("stores PLC counter checkpoints beyond 32 bits as numbers and replaces them in place", async function () {
      const at = new Date();
      await store.unitOfWork((repos) => repos.counterCheckpoints.upsert({ equipmentId: "u1", counter: "good", value: 4294967295, updatedAt: at }));
      await store.unitOfWork((repos) => repos.counterCheckpoints.upsert({ equipmentId: "u1", counter: "good", value: 2 ** 40, updatedAt: at }));
      const found = (await store.read.counterCheckpoints.findAll()).filter((c) => c.equipmentId === "u1");
      expect(found.map((c) => c.value)).to.deep.equal([2 ** 40]);
    });

    it("returns the audit trail newest first with its before and after snapshots", async function () {
      const entry = (minute: number) => ({ id: uuidV7(), at: new Date(`2026-11-24T08:0${minute}:00.000Z`), actor: "admin", role: "Engineer", door: "rest" as const, action: "equipment.updated", targetType: "equipment", targetId: "trail", before: { name: `v${minute}` }, after: { name: `v${minute + 1}`, nested: [1, { deep: true }] } });
      for (const minute of [1, 2, 3]) await store.unitOfWork((repos) => repos.audit.append(entry(minute)));
      const found = await store.read.audit.find({ targetType: "equipment", targetId: "trail" }, { limit: 2, offset: 0 });
      expect(found.map((e) => e.before)).to.deep.equal([{ name: "v3" }, { name: "v2" }]);
      expect(found[0].after).to.deep.equal({ name: "v4", nested: [1, { deep: true }] });
    });

    it("finds audit entries by an action prefix with an underscore in it, and takes its _ and % literally", async function () {
      const actions = ["job_order.started", "job_order.ended", "jobXorder.started", "job_orders.listed", "work_order.released", "100%.done", "1000.done"];
      for (const action of actions) {
        await store.unitOfWork((repos) => repos.audit.append({ id: uuidV7(), at: new Date(), actor: "tester", role: null, door: "system", action, targetType: "prefix-test", targetId: action, before: null, after: null }));
      }
      const actionsOf = async (prefix: string) => (await store.read.audit.find({ targetType: "prefix-test", action: prefix }, { limit: 10, offset: 0 })).map((e) => e.action).sort();
      expect(await actionsOf("job_order.")).to.deep.equal(["job_order.ended", "job_order.started"]);
      expect(await store.read.audit.count({ targetType: "prefix-test", action: "job_order." })).to.equal(2);
      expect(await actionsOf("100%.")).to.deep.equal(["100%.done"]);
    });

    it("answers a health ping", async function () {
      await store.ping();
    });
  });
}
