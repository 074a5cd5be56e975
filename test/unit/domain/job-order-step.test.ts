import { expect } from "chai";
import { executorOf } from "../../../src/domain/job-executor.js";
import { routingStepOf, workOrderStepOf } from "../../../src/domain/job-order.js";

describe("routingStepOf", () => {
  const routing = [
    { productId: "case", equipmentId: "press-1", step: 1 },
    { productId: "case", equipmentId: "press-2", step: 1 },
    { productId: "case", equipmentId: "welder-1", step: 2 },
    { productId: "plate", equipmentId: "welder-1", step: 1 },
  ];

  it("is the step the product's routing gives the job's unit, whatever the job is called", () => {
    expect(routingStepOf(routing, { productId: "case", equipmentId: "welder-1" })).to.equal(2);
    expect(routingStepOf(routing, { productId: "plate", equipmentId: "welder-1" })).to.equal(1);
  });

  it("keeps the splits of one step on that step: alternative units share it", () => {
    expect([routingStepOf(routing, { productId: "case", equipmentId: "press-1" }), routingStepOf(routing, { productId: "case", equipmentId: "press-2" })]).to.deep.equal([1, 1]);
  });

  it("is null where the routing does not name the unit, or the job has no product", () => {
    expect(routingStepOf(routing, { productId: "case", equipmentId: "packer-1" })).to.equal(null);
    expect(routingStepOf(routing, { productId: null, equipmentId: "press-1" })).to.equal(null);
  });
});

describe("workOrderStepOf", () => {
  const routing = [{ productId: "case", equipmentId: "press-1", step: 1 }, { productId: "case", equipmentId: "welder-1", step: 2 }];

  it("is the routing step of a released job order, and 1 for a release onto a unit outside the routing", () => {
    expect(workOrderStepOf(routing, { workOrderId: "WO-1", productId: "case", equipmentId: "welder-1" })).to.equal(2);
    expect(workOrderStepOf(routing, { workOrderId: "WO-1", productId: "case", equipmentId: "packer-1" })).to.equal(1);
  });

  it("is null for a job order stored on its own, even on a unit of its product's routing", () => {
    expect(workOrderStepOf(routing, { workOrderId: null, productId: "case", equipmentId: "welder-1" })).to.equal(null);
  });
});

describe("executorOf", () => {
  it("makes the operator the executor of a station without a dispatch driver, and the station that of any other", () => {
    expect([executorOf("none"), executorOf(undefined)]).to.deep.equal(["operator", "operator"]);
    expect(["methods", "tag-handshake", "machinery-jobs"].map(executorOf)).to.deep.equal(["station", "station", "station"]);
  });
});
