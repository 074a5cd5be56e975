import { expect } from "chai";
import { AttributeIds, BrowseDirection, DataType, makeBrowsePath } from "node-opcua";
import type { RunningMes } from "../../src/app.js";
import type { PlcSimulator } from "../../tools/plc-sim/simulator.js";
import { startDemoPlantWithJobOrders } from "../support/demo-mes.js";
import { browseChildren, childByName, ISA95_NAMESPACE, namespaceIndex, plantNodeId } from "../support/opcua-browse.js";
import { openTestSession } from "../support/opcua-session.js";
import { restCall } from "../support/rest-call.js";
import { waitFor } from "../support/wait-for.js";

const JOB_CONTROL = "http://opcfoundation.org/UA/ISA95-JOBCONTROL_V2/";
/** OPC 10000-8 §5.6.3: UnitId of a UNECE common code, its characters 8 bits each. */
const unitId = (code: string) => [...code].reduce((id, c) => id * 256 + c.charCodeAt(0), 0);

interface Material {
  materialDefinitionID: string;
  materialLotID: string | null;
  materialUse: string | null;
  quantity: string;
  engineeringUnits: { unitId: number; displayName: { text: string | null } } | null;
}
const plain = (m: Material) => [m.materialDefinitionID, m.materialLotID ?? null, m.materialUse ?? null, Number(m.quantity), m.engineeringUnits?.displayName?.text ?? null, m.engineeringUnits?.unitId ?? null];

/** A job order's material over OPC UA (OPC 10031-4 ISA95MaterialDataType): what its BOM requires and what it really consumed and produced. */
describe("ISA-95 MaterialRequirements and MaterialActuals of job orders on the OPC UA server", function () {
  this.timeout(120_000);
  let sim: PlcSimulator;
  let mes: RunningMes | undefined;
  let stopPlant: (() => Promise<void>) | undefined;

  before(async function () {
    ({ sim, mes, stop: stopPlant } = await startDemoPlantWithJobOrders("mes-job-materials-"));
  });

  after(async function () {
    await stopPlant?.();
  });

  it("shows each lot on hand as an ISA-95 MaterialLotType at its storage zone and at the work unit it is staged at, defined by its MaterialDefinitionType, its quantity following consumption", async function () {
    const opened = await openTestSession(mes!.opcuaEndpoint);
    try {
      const { session } = opened;
      const isa95 = await namespaceIndex(session, ISA95_NAMESPACE);
      const typeOf = async (nodeId: string) => (await session.browse({ nodeId, referenceTypeId: "HasTypeDefinition", browseDirection: BrowseDirection.Forward, includeSubtypes: false, nodeClassMask: 0, resultMask: 63 })).references![0]!.nodeId.toString();
      const referenced = async (nodeId: string, referenceTypeId: string) => (await session.browse({ nodeId, referenceTypeId, browseDirection: BrowseDirection.Forward, includeSubtypes: false, nodeClassMask: 0, resultMask: 63 })).references!.map((r) => r.nodeId.toString());
      const names = async (nodeId: string) => (await browseChildren(session, nodeId)).map((r) => r.browseName.name);
      // Staging takes a lot line-side: the staged ones are at their work units, the others in the store.
      expect(await names(plantNodeId(mes!.opcua, "raw-store"))).to.include.members(["COIL-0003", "BLANK-0002"]).and.not.to.include("COIL-0001");
      expect(await names(plantNodeId(mes!.opcua, "press-1")), "the coil staged at press-1").to.include("COIL-0001");
      expect(await names(plantNodeId(mes!.opcua, "welder-1")), "the wire staged at welder-1").to.include("WIRE-0001");
      const coil = plantNodeId(mes!.opcua, "Lots.COIL-0001");
      expect(await typeOf(coil)).to.equal(`ns=${isa95};i=5232`);
      expect(await referenced(coil, `ns=${isa95};i=5301`)).to.deep.equal([plantNodeId(mes!.opcua, "Materials.steel-coil")]);
      expect(await typeOf(plantNodeId(mes!.opcua, "Materials.steel-coil"))).to.equal(`ns=${isa95};i=5219`);
      const quantity = await childByName(session, coil, "Quantity");
      const read = async (nodeId: string) => (await session.read({ nodeId, attributeId: AttributeIds.Value })).value.value;
      const units = await read(await childByName(session, quantity, "EngineeringUnits"));
      expect([units.unitId, units.displayName.text]).to.deep.equal([unitId("KGM"), "kg"]);
      expect(await read(await childByName(session, coil, "Status"))).to.equal("available");
      const before = (await read(quantity)) as number;

      sim.plc("plc-assembly").machine("Press1").setState("running");
      sim.plc("plc-assembly").machine("Press1").produce(5, 0);
      await waitFor("the coil's quantity lower by what 5 brackets used", async () => Math.abs((await read(quantity)) - (before - 2)) < 1e-9);
      const output = await waitFor("the job's output lot at press-1", async () => (await names(plantNodeId(mes!.opcua, "press-1"))).find((name) => name?.startsWith("bracket-")));
      expect(await read(await childByName(session, plantNodeId(mes!.opcua, `Lots.${output}`), "Quantity"))).to.be.at.least(5);
    } finally {
      await opened.close();
    }
  });

  it("lists the BOM's coil as a Consumed requirement, and answers a job response with the coil lot consumed and the output lot produced, in kg and pieces", async function () {
    const press = sim.plc("plc-assembly").machine("Press1");
    press.setState("running");
    press.produce(10, 0);
    // With the first test's 5: 15 brackets in all.
    const movements = await waitFor("the press's parts backflushed", async () => {
      const items = (await restCall(mes!.httpUrl, "GET", "/api/v1/movements?jobOrderId=DEMO-BRACKET-P1")).body.items as { kind: string; quantity: number; toLotId: string }[];
      return items.filter((m) => m.kind === "produce").reduce((sum, m) => sum + m.quantity, 0) === 15 ? items : undefined;
    });
    const outputLotId = movements.find((m) => m.kind === "produce")!.toLotId;

    const opened = await openTestSession(mes!.opcuaEndpoint);
    try {
      const { session } = opened;
      const jc = await namespaceIndex(session, JOB_CONTROL);
      const child = async (node: string, name: string) => (await session.translateBrowsePath(makeBrowsePath(plantNodeId(mes!.opcua, node), `/${jc}:${name}`))).targets![0].targetId;

      const list = (await session.read({ nodeId: await child("press-1.JobOrderControl", "JobOrderList"), attributeId: AttributeIds.Value })).value.value ?? [];
      const listed = list.find((e: { jobOrder: { jobOrderID: string } }) => e.jobOrder.jobOrderID === "DEMO-BRACKET-P1").jobOrder;
      // 0.4 kg of coil per bracket (config/master-data.yaml), for 100000 brackets.
      expect(listed.materialRequirements.map(plain)).to.deep.equal([
        ["bracket", null, null, 100000, null, null],
        ["steel-coil", null, "Consumed", 40000, "kg", unitId("KGM")],
      ]);

      const provider = plantNodeId(mes!.opcua, "press-1.JobOrderResults");
      const result = await session.call({ objectId: provider, methodId: await child("press-1.JobOrderResults", "RequestJobResponseByJobOrderID"), inputArguments: [{ dataType: DataType.String, value: "DEMO-BRACKET-P1" }] });
      const actuals = (result.outputArguments![0].value.materialActuals as Material[]).map(plain);
      expect(actuals).to.deep.equal([
        ["steel-coil", "COIL-0001", "Consumed", 6, "kg", unitId("KGM")],
        ["steel-sheet", outputLotId, "Produced", 15, "pcs", unitId("C62")],
      ]);
    } finally {
      await opened.close();
    }
  });
});
