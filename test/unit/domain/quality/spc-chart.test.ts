import { expect } from "chai";
import { spcChart } from "../../../../src/domain/quality/spc-chart.js";

const spec = { lsl: 9, usl: 11 };

describe("SPC chart of a characteristic", () => {
  it("plots consecutive subgroups of the plan's size and leaves an incomplete last one out", () => {
    const chart = spcChart([10, 10.2, 9.9, 10.1, 10.0, 10.3, 9.8], 3, spec, [1], 2);
    expect(chart.kind).to.equal("xbar-r");
    expect(chart.points.map((p) => p.values)).to.deep.equal([[0, 1, 2], [3, 4, 5]]);
    // X-bar 10.0333 and 10.1333, R 0.3 and 0.3: X-double-bar 10.0833, limits ± 1.023 x 0.3 = ± 0.3069.
    expect(chart.limits!.location.center).to.be.closeTo(10.083333, 1e-6);
    expect(chart.limits!.location.ucl).to.be.closeTo(10.390233, 1e-6);
  });

  it("judges no test until the baseline is complete, then judges later points against the baseline's limits", () => {
    // Baseline 5 individuals 10, 10.2, 9.8, 10, 10: X-bar 10, MR-bar (0.2 + 0.4 + 0.2 + 0)/4 = 0.2, UCL 10 + 2.66 x 0.2 = 10.532.
    const baseline = [10, 10.2, 9.8, 10, 10];
    expect(spcChart([10, 10.2, 9.8, 11.5], 1, spec, [1], 5).signals).to.deep.equal([]);
    const chart = spcChart([...baseline, 10.6], 1, spec, [1], 5);
    expect(chart.limits!.location.ucl).to.be.closeTo(10.532, 1e-9);
    expect(chart.signals.map((s) => [s.rule, s.at])).to.deep.equal([[1, 5]]);
  });
});

describe("SPC chart against stored limits", () => {
  it("judges every point against limits stored from an earlier baseline, from the first point on, and takes sigma within from them", () => {
    // Stored: the baseline 10, 10.2, 9.8, 10, 10 of the test above (X-bar 10, MR-bar 0.2, UCL 10.532, sigma within 0.2 / 1.128).
    const stored = spcChart([10, 10.2, 9.8, 10, 10], 1, spec, [1], 5).limits!;
    const chart = spcChart([10.1, 10.6], 1, spec, [1], 5, stored);
    expect([chart.limitsFrom, chart.baselinePoints]).to.deep.equal(["stored", 0]);
    expect(chart.limits).to.deep.equal(stored);
    expect(chart.signals.map((s) => [s.rule, s.at])).to.deep.equal([[1, 1]]);
    // Cp = 2 / (6 x 0.2 / 1.128) = 1.88
    expect(chart.capability!.cp).to.be.closeTo(1.88, 1e-9);
  });
});
