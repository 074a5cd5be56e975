import { expect } from "chai";
import { plantSchema } from "../../../src/config/schema.js";
import { euInformationOf, UNECE_UNITS_NAMESPACE_URI, unitIdOf } from "../../../src/opcua/engineering-units.js";
import { revisedEventQueueSize } from "../../../src/opcua/event-queues.js";

describe("EngineeringUnits (OPC 10000-8 §5.6.3)", function () {
  it("encodes a UNECE common code as its UnitId, 8 bits a character", function () {
    expect(unitIdOf("CEL")).to.equal(0x43454c);
    expect(unitIdOf("P1")).to.equal(0x5031);
  });

  it("names a known code by its symbol, a unit without a code by UnitId -1", function () {
    expect(euInformationOf({ code: "CEL" })).to.deep.include({ namespaceUri: UNECE_UNITS_NAMESPACE_URI, unitId: 0x43454c, displayName: { text: "°C" } });
    expect(euInformationOf({ code: "H87" }).displayName.text).to.equal("pce");
    expect(euInformationOf({ symbol: "pce/min", description: "parts per minute" })).to.deep.equal({ namespaceUri: UNECE_UNITS_NAMESPACE_URI, unitId: -1, displayName: { text: "pce/min" }, description: { text: "parts per minute" } });
  });

  it("asks plant.yaml for unit and euRange together, and a range that is one", function () {
    const plantWith = (tag: object) => ({
      enterprise: { id: "e", name: "E", sites: [{ id: "s", name: "S", areas: [{ id: "a", name: "A", workCenters: [{ id: "c", name: "C", workUnits: [{ id: "u", name: "U", plc: "p", signals: { tags: [{ name: "T", nodeId: "ns=2;s=T", ...tag }] } }] }] }] }] },
      plcs: [{ id: "p", endpointUrl: "opc.tcp://p:4840" }],
    });
    expect(plantSchema.safeParse(plantWith({ unit: "CEL", euRange: { low: 0, high: 150 } })).success).to.equal(true);
    expect(plantSchema.safeParse(plantWith({ unit: "CEL" })).success, "a unit without a range").to.equal(false);
    expect(plantSchema.safeParse(plantWith({ unit: "CEL", euRange: { low: 5, high: 5 } })).success, "an empty range").to.equal(false);
    expect(plantSchema.safeParse(plantWith({ unit: "degC", euRange: { low: 0, high: 1 } })).success, "not a UNECE code").to.equal(false);
  });
});

describe("Event queue revision (OPC 10000-4 §7.21)", function () {
  it("gives an event item asking 0 or 1 the configured queue and keeps a larger request", function () {
    expect([0, 1, 50, 2000].map((requested) => revisedEventQueueSize(requested, 1000))).to.deep.equal([1000, 1000, 50, 2000]);
  });
});
