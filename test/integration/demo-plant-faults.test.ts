import { expect } from "chai";
import path from "node:path";
import { loadConfig } from "../../src/config/load-config.js";
import { loadPlcSimConfig } from "../../tools/plc-sim/config.js";
import { GenericMachine } from "../../tools/plc-sim/generic-machine.js";
import { deriveSeed, seededRandom } from "../../tools/plc-sim/random.js";
import { TagTable } from "../../tools/plc-sim/tag-table.js";

const CONFIG_DIR = path.resolve("config");
/** How soon after `npm start` a user should see a failure (MTBF, MTTR) on the demo plant. */
const FIRST_FAILURE_WITHIN_MS = 10 * 60_000;

interface Fault {
  machine: string;
  code: string;
  start: number;
  durationMs: number;
}

/** The demo plant's generic machines, replayed tick by tick from the demo seed as `npm start` runs them. */
function demoFaults(forMs: number): Fault[] {
  const sim = loadPlcSimConfig(path.join(CONFIG_DIR, "plc-sim.yaml"));
  const faults: Fault[] = [];
  for (const plc of sim.plcs) {
    for (const config of plc.machines) {
      const tags = new TagTable();
      const machine = new GenericMachine(config, tags, seededRandom(deriveSeed(sim.seed, `${plc.id}/${config.name}`)));
      let open: Fault | null = null;
      for (let t = 0; t < forMs; t += sim.tickMs) {
        machine.tick(sim.tickMs);
        if (machine.state === "faulted" && !open) faults.push((open = { machine: config.name, code: String(tags.get(`${config.name}.FaultCode`)), start: t, durationMs: 0 }));
        if (open) open.durationMs = t - open.start;
        if (machine.state !== "faulted") open = null;
      }
    }
  }
  return faults;
}

describe("The demo plant's simulated downtime", function () {
  const mes = loadConfig(CONFIG_DIR, {});
  const thresholdMs = mes.oee.microStops.thresholdS * 1000;
  const faults = demoFaults(30 * 60_000);

  it("sends only fault codes the fault-code map knows, so every fault gets its reason automatically", function () {
    expect(faults.length, "the demo plant faults at all").to.be.at.least(5);
    const unknown = faults.filter((fault) => !(fault.code in mes.oee.faultCodeReasons));
    expect(unknown.map((f) => `${f.machine} ${f.code}`)).to.deep.equal([]);
    const sim = loadPlcSimConfig(path.join(CONFIG_DIR, "plc-sim.yaml"));
    for (const machine of sim.plcs.flatMap((plc) => plc.machines)) {
      expect(machine.faultCodes.filter((code) => !(String(code) in mes.oee.faultCodeReasons)), `${machine.name}: faultCodes`).to.deep.equal([]);
    }
  });

  it("has faults longer than the micro-stop threshold, the first within minutes of the start, so MTBF and MTTR have failures to divide by", function () {
    const failures = faults.filter((fault) => fault.durationMs >= thresholdMs);
    expect(failures.length, "failures in the first half hour").to.be.at.least(3);
    const firstKnown = Math.min(...failures.map((f) => f.start + thresholdMs));
    expect(firstKnown, "ms until the first stop is known to be a failure").to.be.at.most(FIRST_FAILURE_WITHIN_MS);
    expect(faults.some((fault) => fault.durationMs < thresholdMs), "and micro-stops beside them").to.equal(true);
  });
});
