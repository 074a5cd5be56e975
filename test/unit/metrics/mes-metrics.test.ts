import { expect } from "chai";
import path from "node:path";
import { loadConfig } from "../../../src/config/load-config.js";
import { JobState } from "../../../src/domain/job-order-state-machine.js";
import { workUnitsOf } from "../../../src/domain/plant/plant.js";
import { EventBus } from "../../../src/services/event-bus.js";
import type { JobOrderRecord } from "../../../src/services/ports/orders.js";
import { MesMetrics } from "../../../src/metrics/mes-metrics.js";
import { parsePrometheusText, valueOf } from "../../support/prometheus-text.js";

const plant = loadConfig(path.resolve("config"), {}).plant;
const at = new Date("2026-03-02T08:00:00Z");

async function samplesOf(metrics: MesMetrics) {
  return parsePrometheusText((await metrics.exposition()).body);
}

describe("MesMetrics", function () {
  it("counts a PLC's reconnects and losses and shows 1 only while it is connected", async function () {
    const bus = new EventBus();
    const metrics = new MesMetrics(plant, () => at);
    metrics.watch(bus);
    const link = (state: "connecting" | "connected" | "disconnected") => bus.emit("plc.connection", { plcId: "plc-assembly", state, at });
    expect(valueOf(await samplesOf(metrics), "mes_plc_connected", { plc: "plc-assembly" }), "before the first attempt").to.equal(0);
    link("connecting");
    link("connected");
    expect(valueOf(await samplesOf(metrics), "mes_plc_reconnects_total", { plc: "plc-assembly" }) ?? 0, "the first connection is no reconnect").to.equal(0);
    link("disconnected");
    link("connecting");
    link("disconnected");
    let samples = await samplesOf(metrics);
    expect(valueOf(samples, "mes_plc_connected", { plc: "plc-assembly" })).to.equal(0);
    expect(valueOf(samples, "mes_plc_disconnects_total", { plc: "plc-assembly" })).to.equal(2);
    link("connecting");
    link("connected");
    samples = await samplesOf(metrics);
    expect(valueOf(samples, "mes_plc_connected", { plc: "plc-assembly" })).to.equal(1);
    expect(valueOf(samples, "mes_plc_reconnects_total", { plc: "plc-assembly" })).to.equal(1);
    expect(valueOf(samples, "mes_plc_connected", { plc: "plc-machining" }), "another PLC").to.equal(0);
  });

  it("counts the tags each PLC mirrors and their changes by the PLC that sent them", async function () {
    const bus = new EventBus();
    const metrics = new MesMetrics(plant, () => at);
    metrics.watch(bus);
    const press = workUnitsOf(plant).find((unit) => unit.id === "press-1")!;
    for (let i = 0; i < 3; i++) bus.emit("signal.changed", { workUnitId: "press-1", signal: "GoodCount", role: "goodCount", sample: { value: i, dataType: 7, arrayType: 0, statusCode: 0, sourceTimestamp: at } });
    const samples = await samplesOf(metrics);
    expect(valueOf(samples, "mes_plc_signal_changes_total", { plc: press.plcId })).to.equal(3);
    const mirrored = workUnitsOf(plant).reduce((sum, unit) => sum + unit.signals.length, 0);
    expect(mirrored).to.be.greaterThan(10);
    expect(valueOf(samples, "mes_plc_mirrored_signals"), "every mirrored tag, over all PLCs").to.equal(mirrored);
  });

  it("counts job-order transitions by command and the state reached, a removal as removed", async function () {
    const bus = new EventBus();
    const metrics = new MesMetrics(plant, () => at);
    metrics.watch(bus);
    const jobOrder = { id: "J-1", equipmentId: "press-1" } as JobOrderRecord;
    const actor = { id: "op", role: "Operator", door: "rest" } as const;
    bus.emit("job.transition", { jobOrder, command: "Start", from: { state: JobState.AllowedToStart, subState: null }, to: { state: JobState.Running, subState: null }, actor, comment: null, at });
    bus.emit("job.transition", { jobOrder, command: "Clear", from: { state: JobState.Ended, subState: null }, to: null, actor, comment: null, at });
    const samples = await samplesOf(metrics);
    expect(valueOf(samples, "mes_job_transitions_total", { command: "Start", state: "Running" })).to.equal(1);
    expect(valueOf(samples, "mes_job_transitions_total", { command: "Clear", state: "removed" })).to.equal(1);
  });

  it("keeps each MES's figures apart in one process, and adds the process's own (event loop lag) to each", async function () {
    const one = new MesMetrics(plant, () => at);
    const two = new MesMetrics(plant, () => at);
    one.observeTransaction(0.002, "commit");
    const [first, second] = [await samplesOf(one), await samplesOf(two)];
    expect(valueOf(first, "mes_db_transaction_duration_seconds_count", { outcome: "commit" })).to.equal(1);
    expect(valueOf(second, "mes_db_transaction_duration_seconds_count", { outcome: "commit" }) ?? 0).to.equal(0);
    expect(valueOf(first, "nodejs_eventloop_lag_seconds")).to.be.a("number");
    expect(valueOf(second, "nodejs_eventloop_lag_seconds")).to.be.a("number");
  });

  it("reads the outbox, the backlog and the OPC UA counts at the scrape, and keeps the last depth when the database does not answer", async function () {
    let now = at;
    const metrics = new MesMetrics(plant, () => now);
    let depth: () => Promise<number> = async () => 4;
    metrics.readOutboxFrom(() => depth());
    metrics.readProductionFrom(() => ({ records: 2, oldestAt: new Date(at.getTime() - 30_000) }));
    metrics.readOpcuaFrom(() => ({ sessions: 3, subscriptions: 5, rejectedSessions: 1 }));
    let samples = await samplesOf(metrics);
    expect([valueOf(samples, "mes_callback_outbox_depth"), valueOf(samples, "mes_production_pending_records"), valueOf(samples, "mes_production_oldest_pending_seconds")]).to.deep.equal([4, 2, 30]);
    expect([valueOf(samples, "mes_opcua_sessions"), valueOf(samples, "mes_opcua_subscriptions"), valueOf(samples, "mes_opcua_rejected_sessions")]).to.deep.equal([3, 5, 1]);
    depth = () => Promise.reject(new Error("database unreachable"));
    now = new Date(at.getTime() + 60_000);
    samples = await samplesOf(metrics);
    expect(valueOf(samples, "mes_callback_outbox_depth")).to.equal(4);
    expect(valueOf(samples, "mes_production_oldest_pending_seconds")).to.equal(90);
  });
});
