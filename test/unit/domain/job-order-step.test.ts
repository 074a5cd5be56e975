import { expect } from "chai";
import { executorOf } from "../../../src/domain/job-executor.js";
import { releaseStep } from "../../../src/domain/job-order.js";

describe("releaseStep", () => {
  it("reads the step from the name a release gives its job orders", () => {
    expect(releaseStep({ id: "0195f0a2-7c1e-7000-8000-000000000001-2", workOrderId: "0195f0a2-7c1e-7000-8000-000000000001" })).to.equal(2);
  });

  it("is null for a job order stored on its own, or named otherwise", () => {
    expect(releaseStep({ id: "J-7", workOrderId: null })).to.equal(null);
    expect(releaseStep({ id: "WO-1-a", workOrderId: "WO-1" })).to.equal(null);
    expect(releaseStep({ id: "OTHER-1", workOrderId: "WO-1" })).to.equal(null);
  });
});

describe("executorOf", () => {
  it("makes the operator the executor of a station without a dispatch driver, and the station that of any other", () => {
    expect([executorOf("none"), executorOf(undefined)]).to.deep.equal(["operator", "operator"]);
    expect(["methods", "tag-handshake", "machinery-jobs"].map(executorOf)).to.deep.equal(["station", "station", "station"]);
  });
});
