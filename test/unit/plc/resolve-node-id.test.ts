import { expect } from "chai";
import { resolveNodeId } from "../../../src/plc/resolve-node-id.js";

describe("resolveNodeId", () => {
  const namespaces = ["http://opcfoundation.org/UA/", "urn:plc:server", "urn:opcua-mes:plc-sim", "http://www.siemens.com/simatic-s7-opcua"];

  it("turns a namespace URI into the PLC's current index", () => {
    expect(resolveNodeId("nsu=urn:opcua-mes:plc-sim;s=Press1.State", namespaces)).to.equal("ns=2;s=Press1.State");
  });

  it("leaves index-based and namespace-0 node ids as they are", () => {
    expect(resolveNodeId('ns=3;s="abstractMachine"."task code"', namespaces)).to.equal('ns=3;s="abstractMachine"."task code"');
    expect(resolveNodeId("i=2258", namespaces)).to.equal("i=2258");
  });

  it("names the missing namespace when the PLC does not serve it", () => {
    expect(() => resolveNodeId("nsu=urn:nowhere;s=X", namespaces)).to.throw(/urn:nowhere/);
  });
});
