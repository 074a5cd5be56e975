import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { AccessService } from "../../../src/services/access-service.js";
import { CallbackSender } from "../../../src/services/callback-sender.js";
import { systemClock, uuidV7 } from "../../../src/services/clock.js";
import { silentLog } from "../../../src/services/log.js";
import type { Repositories, Store } from "../../../src/services/ports/store.js";
import { UserService } from "../../../src/services/user-service.js";
import { openStore } from "../../../src/store/open-store.js";
import { testDatabases, type TestDatabase } from "../../support/mysql-database.js";
import { waitFor } from "../../support/wait-for.js";

const databases: TestDatabase[] = testDatabases();

/** A unit of work of some other caller that stays open until told to fail, and then rolls back. */
function openUnitThatRollsBack(store: Store): { opened: Promise<void>; rollBack(): Promise<void> } {
  let fail!: () => void;
  let opened!: () => void;
  const failed = new Promise<void>((resolve) => (fail = resolve));
  const isOpen = new Promise<void>((resolve) => (opened = resolve));
  const unit = store
    .unitOfWork(async (repos: Repositories) => {
      await repos.audit.find({}, { limit: 1, offset: 0 });
      opened();
      await failed;
      throw new Error("the other caller's change failed");
    })
    .catch(() => undefined);
  return {
    opened: isOpen,
    rollBack: async () => {
      fail();
      await unit;
    },
  };
}

for (const database of databases) {
  describe(`Writes commit with their own unit of work, whatever else is open (${database.name})`, function () {
    let dir: string;
    let store: Store;

    before(async function () {
      if (database.skip) this.skip();
      dir = mkdtempSync(path.join(tmpdir(), "mes-units-"));
      store = await openStore(await database.url(dir));
    });

    after(async function () {
      await store?.close();
      await database.drop?.();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it("keeps a refused login's audit entry when another caller's unit of work rolls back meanwhile", async function () {
      const users = new UserService(store, systemClock, uuidV7);
      const access = new AccessService(store, users, systemClock, uuidV7, { sessionTtlMinutes: 60, maxTokenDays: 30, login: { maxFailures: 5, windowSeconds: 300 } });
      const other = openUnitThatRollsBack(store);
      await other.opened;
      // As the OPC UA door records a refused X.509 badge.
      const refusal = access.auditLoginFailure("mallory", "opcua", { reason: "certificate not trusted" });
      // Long enough for a write that does not wait for the open transaction to land inside it.
      await new Promise((resolve) => setTimeout(resolve, 200));
      await other.rollBack();
      await refusal;
      const failures = await store.read.audit.find({ action: "auth.login_failed", actor: "mallory" }, { limit: 10, offset: 0 });
      expect(failures).to.have.length(1);
    });

    it("sends a callback once: its delivery is not undone by another caller's rollback and sent again", async function () {
      const received: string[] = [];
      const receiver = http.createServer((req, res) => {
        received.push(String(req.headers["x-mes-delivery"]));
        res.writeHead(204).end();
      });
      await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
      const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/erp/hook`;
      const id = uuidV7();
      const workOrderId = uuidV7();
      await store.unitOfWork((repos) => repos.callbacks.insert({ id, workOrderId, url, payload: "{}", attempts: 0, nextAttemptAt: new Date(), deliveredAt: null, lastError: null, createdAt: new Date() }));
      const sender = new CallbackSender(store, systemClock, silentLog, { timeoutMs: 2000, maxAttempts: 5, initialDelayMs: 50, maxDelayMs: 200 }, "any");
      const other = openUnitThatRollsBack(store);
      await other.opened;
      try {
        sender.start();
        await waitFor("the callback", () => received.length > 0, 10_000);
        await new Promise((resolve) => setTimeout(resolve, 200));
        await other.rollBack();
        // Long enough for a delivery left due to be sent again.
        await new Promise((resolve) => setTimeout(resolve, 800));
        const [delivery] = await store.read.callbacks.findByWorkOrder(workOrderId);
        expect(delivery.deliveredAt, "delivered").to.be.instanceOf(Date);
        expect(delivery.attempts).to.equal(1);
        expect(received).to.deep.equal([id]);
      } finally {
        await sender.stop();
        await new Promise((resolve) => receiver.close(resolve));
      }
    });

    it("tells the callback sender of an outbox write once it is committed, and of nothing else", async function () {
      let told = 0;
      const stop = store.onCallbacksCommitted(() => told++);
      const delivery = () => ({ id: uuidV7(), workOrderId: uuidV7(), url: "http://127.0.0.1:9/erp", payload: "{}", attempts: 0, nextAttemptAt: new Date(), deliveredAt: null, lastError: null, createdAt: new Date() });
      try {
        await store.unitOfWork(async (repos) => {
          await repos.callbacks.insert(delivery());
          // Not yet: a pass now would not find the row.
          expect(told, "before the commit").to.equal(0);
        });
        expect(told, "after the commit").to.equal(1);
        await store.unitOfWork((repos) => repos.audit.find({}, { limit: 1, offset: 0 }));
        expect(told, "after a unit of work without a callback").to.equal(1);
        const rolledBack = store.unitOfWork(async (repos) => {
          await repos.callbacks.insert(delivery());
          throw new Error("the change failed");
        });
        await rolledBack.catch(() => undefined);
        expect(told, "after a rollback").to.equal(1);
      } finally {
        stop();
      }
    });

    it("reads only what is committed: another caller's open change is not seen until it commits", async function () {
      let commit!: () => void;
      let written!: () => void;
      const release = new Promise<void>((resolve) => (commit = resolve));
      const isWritten = new Promise<void>((resolve) => (written = resolve));
      const unit = store.unitOfWork(async (repos) => {
        await repos.audit.append({ id: uuidV7(), at: new Date(), actor: "tester", role: null, door: "system", action: "pending.change", targetType: "test", targetId: "isolation", before: null, after: null });
        written();
        await release;
      });
      await isWritten;
      expect(await store.read.audit.count({ targetId: "isolation" }), "while open").to.equal(0);
      commit();
      await unit;
      expect(await store.read.audit.count({ targetId: "isolation" }), "once committed").to.equal(1);
    });

    it("offers no write method outside a unit of work", async function () {
      const view = store.read as unknown as Record<string, Record<string, unknown>>;
      const writes = { audit: "append", callbacks: "update", stateIntervals: "updateOpenFault", accessTokens: "touch", workOrders: "insert", productionRecords: "insertMany", counterCheckpoints: "upsert" };
      for (const [repository, method] of Object.entries(writes)) {
        expect(view[repository][method], `${repository}.${method}`).to.equal(undefined);
      }
      await store.unitOfWork(async (repos) => {
        const full = repos as unknown as Record<string, Record<string, unknown>>;
        for (const [repository, method] of Object.entries(writes)) expect(full[repository][method], `${repository}.${method} in a unit of work`).to.be.a("function");
      });
    });
  });
}
