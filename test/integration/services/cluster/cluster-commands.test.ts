import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { MesConfig } from "../../../../src/config/load-config.js";
import { DomainError } from "../../../../src/domain/domain-error.js";
import { JobState } from "../../../../src/domain/job-order-state-machine.js";
import type { Actor } from "../../../../src/services/actor.js";
import { CommandRouter } from "../../../../src/services/cluster/command-router.js";
import { CommandWorker } from "../../../../src/services/cluster/command-worker.js";
import { soleOwnership } from "../../../../src/services/cluster/ownership.js";
import { RoutedJobOrderService } from "../../../../src/services/cluster/routed-job-orders.js";
import { silentLog } from "../../../../src/services/log.js";
import { JobOrderService } from "../../../../src/services/job-order-service.js";
import { testDatabases, type TestDatabase } from "../../../support/mysql-database.js";
import { startRestApp, type RestApp } from "../../../support/rest-app.js";
import { restCall } from "../../../support/rest-call.js";

const databases: TestDatabase[] = testDatabases();
const CALLBACKS = { timeoutMs: 2000, maxAttempts: 1, initialDelayMs: 50, maxDelayMs: 50 };
/** The least cluster.commandTimeoutMs allows: a test of an owner that does not answer waits this long. */
const TIMEOUT_MS = 500;
const OPERATOR: Actor = { id: "operator-7", role: "Operator", door: "ui", via: "session-1" };

/** An instance of the cluster on the demo plant: `owns` is the area it runs. */
function instance(instanceId: string, owns: string) {
  return (config: MesConfig): MesConfig => ({ ...config, settings: { ...config.settings, cluster: { ...config.settings.cluster, instanceId, owns: [owns], takeOver: false, leaseSeconds: 10, commandTimeoutMs: TIMEOUT_MS } } });
}

/** What the failed call threw, for comparing a routed refusal with a local one. */
async function refusal(call: Promise<unknown>): Promise<{ type: string; code: unknown; message: string; details: unknown }> {
  try {
    await call;
  } catch (error) {
    return { type: error instanceof DomainError ? "DomainError" : "Error", code: (error as DomainError).code, message: (error as Error).message, details: (error as DomainError).details };
  }
  throw new Error("the call was not refused");
}

// Instance A runs the fabrication area (press-1), B the assembly area; a command for press-1 asked
// of B is carried out by A, through cluster_command in the one database both use.
for (const database of databases) {
  describe(`Commands of two MES instances on one database (${database.name})`, function () {
    this.timeout(120_000);
    let dir: string;
    let a: RestApp;
    let b: RestApp;
    let seen: { a: string[]; b: string[] };
    let n = 0;
    const nextId = () => `J-${++n}`;

    before(async function () {
      if (database.skip) this.skip();
      dir = mkdtempSync(path.join(tmpdir(), "mes-commands-"));
      const url = await database.url(dir);
      a = await startRestApp(url, CALLBACKS, undefined, { adjust: instance("mes-a", "fabrication") });
      b = await startRestApp(url, CALLBACKS, undefined, { adjust: instance("mes-b", "assembly") });
      seen = { a: [], b: [] };
      a.bus.on("job.transition", (event) => seen.a.push(`${event.jobOrder.id} ${event.command}`));
      // What B hears of A's work as a follower (fromPeer) is not B carrying it out.
      b.bus.on("job.transition", (event) => event.fromPeer || seen.b.push(`${event.jobOrder.id} ${event.command}`));
      a.bus.on("production.counted", (event) => seen.a.push(`${event.jobOrderId} counted ${event.good}`));
      b.bus.on("production.counted", (event) => event.fromPeer || seen.b.push(`${event.jobOrderId} counted ${event.good}`));
    });

    after(async function () {
      await b?.close();
      await a?.close();
      await database.drop?.();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    beforeEach(() => {
      seen.a.length = 0;
      seen.b.length = 0;
    });

    it("has each instance own its area", function () {
      expect(a.ownership.ownsLocally("press-1")).to.equal(true);
      expect(b.ownership.ownsLocally("press-1")).to.equal(false);
      expect(b.ownership.ownsLocally("packer-1")).to.equal(true);
      expect(b.jobs).to.be.instanceOf(RoutedJobOrderService);
    });

    it("has a REST StoreAndStart asked of B for A's work unit carried out by A: the same record, one audit entry naming B's caller and door", async function () {
      const id = nextId();
      const stored = await restCall(b.url, "POST", "/api/v1/job-orders", { id, equipmentId: "press-1", quantity: 5, start: true, plannedStart: "2026-12-03T08:00:00.000Z" });
      expect(stored.status).to.equal(201);
      expect(stored.body).to.include({ id, equipmentId: "press-1", quantity: 5 });
      const onA = await restCall(a.url, "GET", `/api/v1/job-orders/${id}`);
      expect(onA.body).to.deep.include(stored.body);
      expect(seen.a, "A's bus tells its dispatch and OPC UA nodes").to.deep.equal([`${id} StoreAndStart`]);
      expect(seen.b).to.deep.equal([]);
      const audit = await a.store.read.audit.find({ targetId: id }, { limit: 10, offset: 0 });
      expect(audit.map((entry) => ({ action: entry.action, actor: entry.actor, door: entry.door, role: entry.role }))).to.deep.equal([{ action: "job_order.storeAndStart", actor: "test-admin", door: "rest", role: "Admin" }]);
    });

    it("returns from a routed service call the very record a local call returns, and writes its transition once", async function () {
      const id = nextId();
      const stored = await b.jobs.storeJobOrder({ id, equipmentId: "press-1", quantity: 3, plannedStart: new Date("2026-12-03T09:00:00.000Z") }, OPERATOR, { andStart: true, comment: "from B" });
      expect(stored).to.deep.equal(await a.jobs.get(id));
      expect(stored.plannedStart).to.be.instanceOf(Date);
      const begun = await b.stationDispatch.startJob("press-1", OPERATOR, id);
      expect(begun.state).to.equal(JobState.Running);
      expect(begun).to.deep.equal(await a.jobs.get(id));
      const paused = await b.jobs.command(id, "Pause", OPERATOR, "coffee");
      expect(paused).to.deep.equal(await a.jobs.get(id));
      const history = await a.jobs.history(id);
      expect(history.map((t) => `${t.command} ${t.actor} ${t.door} ${t.comment}`)).to.deep.equal([`StoreAndStart operator-7 ui from B`, `Begin operator-7 ui started by the operator`, `Pause operator-7 ui coffee`]);
      expect(await a.store.read.audit.count({ targetId: id, actor: "operator-7", door: "ui" })).to.equal(3);
      expect(seen.a).to.deep.equal([`${id} StoreAndStart`, `${id} Begin`, `${id} Pause`]);
      expect(seen.b).to.deep.equal([]);
    });

    it("carries out a station's TakeNextJob, ReportProgress and FinishJob asked of B on A", async function () {
      const id = nextId();
      const plc: Actor = { id: "plc:press-2", role: null, door: "plc" };
      await a.jobs.storeJobOrder({ id, equipmentId: "press-2", quantity: 2, priority: 32000 }, OPERATOR, { andStart: true });
      const taken = await b.stationDispatch.takeNextJob("press-2", plc);
      expect(taken?.id).to.equal(id);
      await b.stationDispatch.reportProgress("press-2", id, 2, 0, plc);
      expect(await a.jobs.produced(id)).to.deep.equal({ good: 2, scrap: 0 });
      const finished = await b.stationDispatch.finishJob("press-2", id, plc);
      expect(finished.state).to.equal(JobState.Ended);
      expect(seen.a).to.deep.equal([`${id} StoreAndStart`, `${id} Begin`, `${id} counted 2`, `${id} Complete`]);
      expect(seen.b).to.deep.equal([]);
      expect(await a.store.read.audit.count({ targetId: id, actor: "plc:press-2", door: "plc" })).to.equal(2);
    });

    it("carries out an operator's start and finish asked of B's REST door for A's work unit on A", async function () {
      const id = nextId();
      await a.jobs.storeJobOrder({ id, equipmentId: "press-2", quantity: 1 }, OPERATOR, { andStart: true });
      const started = await restCall(b.url, "POST", "/api/v1/work-units/press-2/start-job", { jobOrderId: id });
      expect(started.status).to.equal(200);
      const finished = await restCall(b.url, "POST", "/api/v1/work-units/press-2/finish-job", { jobOrderId: id, comment: "done" });
      expect(finished.status).to.equal(200);
      expect(finished.body.id).to.equal(id);
      expect((await a.jobs.get(id)).state).to.equal(JobState.Ended);
      expect(seen.a).to.deep.equal([`${id} StoreAndStart`, `${id} Begin`, `${id} Complete`]);
      expect(seen.b).to.deep.equal([]);
      expect(await a.store.read.audit.count({ targetId: id, actor: "test-admin", door: "rest" })).to.equal(2);
    });

    it("releases and cancels a work order for A's work unit on A", async function () {
      const product = "bracket-cluster";
      await a.masterData.putProduct({ id: product, name: "Bracket" }, OPERATOR);
      const created = await restCall(b.url, "POST", "/api/v1/work-orders", { productId: product, quantity: 4, equipmentId: "press-1" });
      expect(created.status).to.equal(201);
      const released = await restCall(b.url, "POST", `/api/v1/work-orders/${created.body.id}/release`, {});
      expect(released.status).to.equal(200);
      expect(seen.a).to.deep.equal([`${created.body.id}-1 StoreAndStart`]);
      const cancelled = await restCall(b.url, "POST", `/api/v1/work-orders/${created.body.id}/cancel`, {});
      expect(cancelled.status).to.equal(200);
      expect(seen.a).to.deep.equal([`${created.body.id}-1 StoreAndStart`, `${created.body.id}-1 Cancel`]);
      expect(seen.b).to.deep.equal([]);
    });

    it("refuses a routed command exactly as the owner refuses it locally", async function () {
      const id = nextId();
      await a.jobs.storeJobOrder({ id, equipmentId: "press-1", quantity: 1 }, OPERATOR, { andStart: false });
      const routed = await refusal(b.jobs.command(id, "Resume", OPERATOR));
      const local = await refusal(a.jobs.command(id, "Resume", OPERATOR));
      expect(routed).to.deep.equal(local);
      expect(routed).to.include({ type: "DomainError", code: "conflict" });
      expect(await refusal(b.jobs.storeJobOrder({ id, equipmentId: "press-1", quantity: 1 }, OPERATOR, { andStart: false }))).to.deep.equal(await refusal(a.jobs.storeJobOrder({ id, equipmentId: "press-1", quantity: 1 }, OPERATOR, { andStart: false })));
      expect(await refusal(b.stationDispatch.reportProgress("press-1", id, 1, 0))).to.deep.equal(await refusal(a.stationDispatch.reportProgress("press-1", id, 1, 0)));
      const rest = await restCall(b.url, "POST", `/api/v1/job-orders/${id}/resume`, {});
      const restOnA = await restCall(a.url, "POST", `/api/v1/job-orders/${id}/resume`, {});
      expect(rest.status).to.equal(409);
      expect(rest.body).to.deep.equal(restOnA.body);
      expect(await a.store.read.audit.count({ targetId: id })).to.equal(1);
    });

    it("answers unavailable when the owner does not take the command up in time, and the command never runs afterwards", async function () {
      const id = nextId();
      await a.jobs.storeJobOrder({ id, equipmentId: "press-1", quantity: 1 }, OPERATOR, { andStart: true });
      // A hangs: it still holds its lease, but carries out nothing.
      await a.commands!.stop();
      try {
        const refused = await refusal(b.jobs.command(id, "Begin", OPERATOR));
        expect(refused).to.deep.include({ type: "DomainError", code: "unavailable" });
        expect(refused.details).to.include({ reason: "owner_unavailable", owner: "mes-a", equipmentId: "press-1" });
        const rest = await restCall(b.url, "POST", `/api/v1/job-orders/${id}/pause`, {});
        expect(rest.status).to.equal(503);
        expect(rest.headers.get("retry-after")).to.equal("5");
      } finally {
        a.commands!.start();
      }
      // A is back and looks at its commands again: what its callers gave up on stays undone.
      for (let i = 0; i < 4; i++) await a.commands!.tick();
      await sleep(200);
      expect((await a.jobs.get(id)).state).to.equal(JobState.AllowedToStart);
      expect(await a.store.read.audit.count({ targetId: id })).to.equal(1);
      // And new commands are carried out again.
      expect((await b.jobs.command(id, "Begin", OPERATOR)).state).to.equal(JobState.Running);
    });

    it("deletes the rows of commands once their deadline is past the retention, and keeps the recent ones", async function () {
      const now = Date.now();
      const row = (id: string, deadline: number) => ({ id, kind: "job_order.command", equipmentId: "press-1", target: "mes-x", sender: "mes-b", actor: "{}", arguments: "[]", state: "answered" as const, answer: "{}", createdAt: new Date(deadline - TIMEOUT_MS), deadline: new Date(deadline), claimedAt: null, answeredAt: null });
      await a.store.unitOfWork(async (repos) => {
        await repos.clusterCommands.insert(row("old-command", now - 60_000));
        await repos.clusterCommands.insert(row("recent-command", now - 1_000));
      });
      const worker = new CommandWorker(a.store, new CommandRouter(a.store, soleOwnership, a.clock, a.newId, { timeoutMs: TIMEOUT_MS }, silentLog), "mes-x", a.clock, silentLog, { retentionMs: 30_000 });
      await worker.tick();
      expect(await a.store.read.clusterCommands.find("old-command")).to.equal(null);
      expect(await a.store.read.clusterCommands.find("recent-command")).to.include({ state: "answered" });
    });
  });
}

/** A clock that can be set back, as a host whose time jumped: its lease renewals then lapse at once in the eyes of its peers. */
class JumpingClock {
  private offsetMs = 0;
  now = (): Date => new Date(Date.now() + this.offsetMs);
  jump(ms: number): void {
    this.offsetMs += ms;
  }
}

for (const database of databases) {
  describe(`A command waiting for an owner that dies (${database.name})`, function () {
    this.timeout(120_000);
    let dir: string;
    let a: RestApp;
    let b: RestApp;
    const clockA = new JumpingClock();

    before(async function () {
      if (database.skip) this.skip();
      dir = mkdtempSync(path.join(tmpdir(), "mes-takeover-"));
      const url = await database.url(dir);
      const cluster = (instanceId: string, owns: string[], takeOver: boolean) => (config: MesConfig): MesConfig => ({ ...config, settings: { ...config.settings, cluster: { ...config.settings.cluster, instanceId, owns, takeOver, leaseSeconds: 3, commandTimeoutMs: 20_000 } } });
      a = await startRestApp(url, CALLBACKS, clockA, { adjust: cluster("mes-a", ["fabrication"], false) });
      b = await startRestApp(url, CALLBACKS, undefined, { adjust: cluster("mes-b", [], true) });
    });

    after(async function () {
      await b?.close();
      await a?.close();
      await database.drop?.();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it("is carried out by the standby once it took the equipment over, before the caller gives up", async function () {
      await a.jobs.storeJobOrder({ id: "J-T", equipmentId: "press-1", quantity: 1 }, OPERATOR, { andStart: true });
      expect(b.ownership.ownsLocally("press-1")).to.equal(false);
      // A stops answering, and its next renewal writes a lease that has run out already for B.
      await a.commands!.stop();
      const asked = b.jobs.command("J-T", "Begin", OPERATOR, "after the takeover");
      clockA.jump(-3_600_000);
      const begun = await asked;
      expect(b.ownership.ownsLocally("press-1")).to.equal(true);
      expect(begun.state).to.equal(JobState.Running);
      const history = await b.jobs.history("J-T");
      expect(history.map((t) => `${t.command} ${t.actor}`)).to.deep.equal(["StoreAndStart operator-7", "Begin operator-7"]);
    });
  });
}

describe("Commands of a MES alone on its database", function () {
  this.timeout(60_000);
  let dir: string;
  let mes: RestApp;

  before(async function () {
    dir = mkdtempSync(path.join(tmpdir(), "mes-alone-"));
    mes = await startRestApp(`sqlite:${path.join(dir, "mes.sqlite")}`, CALLBACKS);
  });

  after(async function () {
    await mes?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("carries out every command itself, with the plain services and no command worker", async function () {
    expect(mes.commands).to.equal(null);
    expect(mes.jobs.constructor).to.equal(JobOrderService);
    const stored = await restCall(mes.url, "POST", "/api/v1/job-orders", { id: "J-alone", equipmentId: "press-1", quantity: 1, start: true });
    expect(stored.status).to.equal(201);
    expect(await mes.store.read.clusterCommands.pendingFor("", new Date(0), 10)).to.deep.equal([]);
    expect(await mes.store.read.audit.count({ targetId: "J-alone", door: "rest" })).to.equal(1);
  });
});
