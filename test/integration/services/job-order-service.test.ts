import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadConfig } from "../../../src/config/load-config.js";
import { DomainError } from "../../../src/domain/domain-error.js";
import type { Actor } from "../../../src/services/actor.js";
import { uuidV7, type Clock } from "../../../src/services/clock.js";
import { EventBus, type MesEvents } from "../../../src/services/event-bus.js";
import { JobOrderService } from "../../../src/services/job-order-service.js";
import { syncPlant } from "../../../src/services/plant-sync.js";
import type { Store } from "../../../src/services/ports/store.js";
import { openStore } from "../../../src/store/open-store.js";
import { testDatabases, type TestDatabase } from "../../support/mysql-database.js";

const { plant } = loadConfig(path.resolve("config"), {});
const erp: Actor = { id: "erp-connector", role: "ERP", door: "rest" };
const plc: Actor = { id: "plc-assembly", role: null, door: "plc" };
const supervisor: Actor = { id: "alice", role: "Supervisor", door: "opcua" };

const databases: TestDatabase[] = testDatabases();

async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error, "the call was refused").to.be.instanceOf(DomainError);
  return error as DomainError;
}

for (const database of databases) {
  describe(`Job order dispatch (${database.name})`, function () {
    let dir: string;
    let url: string;
    let store: Store;
    let service: JobOrderService;
    const events: MesEvents["job.transition"][] = [];
    let now = new Date("2026-11-24T06:00:00.000Z");
    const clock: Clock = { now: () => now };
    const tick = () => (now = new Date(now.getTime() + 60_000));

    const open = async () => {
      store = await openStore(url);
      const bus = new EventBus((error) => {
        throw error;
      });
      bus.on("job.transition", (event) => events.push(event));
      service = new JobOrderService(store, bus, clock, uuidV7, 3);
    };

    before(async function () {
      if (database.skip) this.skip();
      dir = mkdtempSync(path.join(tmpdir(), "mes-jobs-"));
      url = await database.url(dir);
      await open();
      await syncPlant(store, plant, clock, uuidV7);
    });

    after(async function () {
      await store?.close();
      await database.drop?.();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it("takes a job order from Store to Clear, recording every transition with who, door, when and why", async function () {
      const stored = await service.storeJobOrder({ id: "JO-1", equipmentId: "press-1", quantity: 100, priority: 5, parameters: [{ id: "TaskCode", value: 2 }] }, erp, { andStart: false });
      expect([stored.state, stored.subState]).to.deep.equal([1, null]);
      const steps: [Parameters<JobOrderService["command"]>[1], Actor, [number, number | null]][] = [
        ["Start", supervisor, [2, null]],
        ["Begin", plc, [3, null]],
        ["Pause", supervisor, [4, 2]],
        ["Resume", supervisor, [3, null]],
        ["Complete", plc, [5, 1]],
      ];
      for (const [command, actor, [state, subState]] of steps) {
        tick();
        const moved = await service.command("JO-1", command, actor, `${command} by test`);
        expect([moved.state, moved.subState], command).to.deep.equal([state, subState]);
      }
      const done = await service.get("JO-1");
      expect(done.actualStart?.toISOString()).to.equal("2026-11-24T06:02:00.000Z");
      expect(done.actualEnd?.toISOString()).to.equal("2026-11-24T06:05:00.000Z");
      expect(done.parameters).to.deep.equal([{ id: "TaskCode", value: 2 }]);

      tick();
      await service.command("JO-1", "Clear", supervisor);
      expect((await service.listed("press-1")).map((j) => j.id)).to.not.include("JO-1");

      const history = await service.history("JO-1");
      expect(history.map((t) => [t.command, t.fromState, t.toState, t.actor, t.door])).to.deep.equal([
        ["Store", null, 1, "erp-connector", "rest"],
        ["Start", 1, 2, "alice", "opcua"],
        ["Begin", 2, 3, "plc-assembly", "plc"],
        ["Pause", 3, 4, "alice", "opcua"],
        ["Resume", 4, 3, "alice", "opcua"],
        ["Complete", 3, 5, "plc-assembly", "plc"],
        ["Clear", 5, null, "alice", "opcua"],
      ]);
      expect(history[3].comment).to.equal("Pause by test");
      const audit = await store.read.audit.find({ targetType: "job_order", targetId: "JO-1" }, { limit: 20, offset: 0 });
      expect(audit.map((a) => a.action).reverse()).to.deep.equal([
        "job_order.store",
        "job_order.start",
        "job_order.begin",
        "job_order.pause",
        "job_order.resume",
        "job_order.complete",
        "job_order.clear",
      ]);
      expect(events.filter((e) => e.jobOrder.id === "JO-1").map((e) => e.command)).to.deep.equal(["Store", "Start", "Begin", "Pause", "Resume", "Complete", "Clear"]);
    });

    it("refuses a command the state does not allow, names the state and the allowed commands, and changes nothing", async function () {
      await service.storeJobOrder({ id: "JO-2", equipmentId: "press-line", quantity: 10 }, erp, { andStart: true });
      const before = await service.history("JO-2");
      const error = await refusal(service.command("JO-2", "Pause", supervisor));
      expect(error.code).to.equal("conflict");
      expect(error.details).to.deep.include({ state: "AllowedToStart", command: "Pause", allowed: ["Update", "RevokeStart", "Begin", "Abort", "Cancel"] });
      expect(await service.history("JO-2")).to.deep.equal(before);
      expect((await service.get("JO-2")).state).to.equal(2);
    });

    it("answers not_found for an unknown or already cleared job order", async function () {
      expect((await refusal(service.command("NO-SUCH-JOB", "Start", supervisor))).code).to.equal("not_found");
      expect((await refusal(service.command("JO-1", "Clear", supervisor))).code).to.equal("not_found");
    });

    it("refuses bad input naming the field, and stores nothing", async function () {
      const cases: [Parameters<JobOrderService["storeJobOrder"]>[0], string][] = [
        [{ id: "JO-BAD", equipmentId: "press-1", quantity: 0 }, "quantity"],
        [{ id: "JO BAD'; DROP TABLE job_order;--", equipmentId: "press-1", quantity: 1 }, "id"],
        [{ id: "JO-BAD", equipmentId: "fabrication", quantity: 1 }, "equipmentId"],
        [{ id: "JO-BAD", equipmentId: "nowhere", quantity: 1 }, "equipmentId"],
        [{ id: "JO-BAD", equipmentId: "press-1", quantity: 1, productId: "no-such-product" }, "productId"],
        [{ id: "JO-BAD", equipmentId: "press-1", quantity: 1, priority: 40_000 }, "priority"],
      ];
      for (const [input, field] of cases) {
        const error = await refusal(service.storeJobOrder(input, erp, { andStart: false }));
        expect([error.code, error.details.field], field).to.deep.equal(["invalid_input", field]);
      }
      expect(await store.read.jobOrders.findById("JO-BAD")).to.equal(null);
      const duplicate = await refusal(service.storeJobOrder({ id: "JO-2", equipmentId: "press-line", quantity: 1 }, erp, { andStart: false }));
      expect([duplicate.code, duplicate.details.field]).to.deep.equal(["conflict", "id"]);
    });

    it("updates an order that has not started and refuses to update a running one", async function () {
      await service.storeJobOrder({ id: "JO-3", equipmentId: "welder-1", quantity: 5 }, erp, { andStart: false });
      const updated = await service.updateJobOrder({ id: "JO-3", equipmentId: "welder-1", quantity: 7, priority: 2 }, erp, "more parts");
      expect([updated.quantity, updated.priority, updated.state]).to.deep.equal([7, 2, 1]);
      await service.command("JO-3", "Start", supervisor);
      await service.command("JO-3", "Begin", plc);
      const error = await refusal(service.updateJobOrder({ id: "JO-3", equipmentId: "welder-1", quantity: 9 }, erp));
      expect(error.details.state).to.equal("Running");
      expect((await service.get("JO-3")).quantity).to.equal(7);
    });

    it("lets exactly one of two commands sent at the same moment win", async function () {
      await service.storeJobOrder({ id: "JO-4", equipmentId: "packer-1", quantity: 3 }, erp, { andStart: true });
      const results = await Promise.allSettled([service.command("JO-4", "Begin", plc), service.command("JO-4", "RevokeStart", supervisor)]);
      expect(results.filter((r) => r.status === "fulfilled")).to.have.length(1);
      const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
      expect((rejected.reason as DomainError).code).to.equal("conflict");
      expect(await service.history("JO-4")).to.have.length(2);
    });

    it("accepts no more orders on a receiver than MaxDownloadableJobOrders", async function () {
      await service.storeJobOrder({ id: "JO-W1", equipmentId: "welder-1", quantity: 1 }, erp, { andStart: false });
      await service.storeJobOrder({ id: "JO-W2", equipmentId: "welder-1", quantity: 1 }, erp, { andStart: false });
      const error = await refusal(service.storeJobOrder({ id: "JO-W3", equipmentId: "welder-1", quantity: 1 }, erp, { andStart: false }));
      expect([error.code, error.details.reason]).to.deep.equal(["conflict", "limit"]);
      await service.command("JO-W1", "Cancel", supervisor);
      await service.storeJobOrder({ id: "JO-W3", equipmentId: "welder-1", quantity: 1 }, erp, { andStart: false });
    });

    it("shows the same JobOrderList after the MES restarts", async function () {
      const before = await service.listed("press-line");
      await store.close();
      await open();
      expect(await service.listed("press-line")).to.deep.equal(before);
      expect(before.map((j) => [j.id, j.state])).to.deep.equal([["JO-2", 2]]);
    });
  });
}
