import { expect } from "chai";
import { reliabilityByReason } from "../../../../src/domain/oee/reliability.js";

const MIN = 60_000;

describe("MTBF and MTTR per failure reason (ISO 22400-2:2014 6.2.31, 6.2.33)", function () {
  it("works the example: 600 min of production, three jams (10, 20, 30 min) and one motor failure (60 min)", function () {
    const { total, reasons } = reliabilityByReason(600 * MIN, [
      { reasonCode: "jam", repairMs: 10 * MIN },
      { reasonCode: "motor", repairMs: 60 * MIN },
      { reasonCode: "jam", repairMs: 20 * MIN },
      { reasonCode: "jam", repairMs: 30 * MIN },
    ]);
    // The unit: MTBF 600 / 4 = 150 min, MTTR 120 / 4 = 30 min.
    expect(total).to.deep.equal({ failures: 4, repairMs: 120 * MIN, mtbfMs: 150 * MIN, mttrMs: 30 * MIN });
    // Jams: 600 / 3 = 200 min between them, 20 min each; the motor: 600 min, 60 min.
    expect(reasons).to.deep.equal([
      { reasonCode: "jam", failures: 3, repairMs: 60 * MIN, mtbfMs: 200 * MIN, mttrMs: 20 * MIN },
      { reasonCode: "motor", failures: 1, repairMs: 60 * MIN, mtbfMs: 600 * MIN, mttrMs: 60 * MIN },
    ]);
    // Failure rates add up: 1/200 + 1/600 = 1/150.
    expect(1 / reasons[0]!.mtbfMs! + 1 / reasons[1]!.mtbfMs!).to.be.closeTo(1 / total.mtbfMs!, 1e-15);
  });

  it("has no MTBF or MTTR without a failure (n/a, not infinity)", function () {
    expect(reliabilityByReason(600 * MIN, [])).to.deep.equal({ total: { failures: 0, repairMs: 0, mtbfMs: null, mttrMs: null }, reasons: [] });
  });
});
