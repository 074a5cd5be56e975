import { expect } from "chai";
import { individualsLimits } from "../../../../src/domain/quality/control-limits.js";
import { dispersionSignals } from "../../../../src/domain/quality/dispersion-signals.js";
import { spcChart } from "../../../../src/domain/quality/spc-chart.js";

/*
 * Worked R chart, n = 7 (D3 = 0.076, D4 = 1.924, ASTM E2587 Table 1), so the range has a lower limit:
 *   subgroup 1: 10 10.2 9.8 10 10 10.1 9.9    R = 10.2 - 9.8 = 0.4
 *   subgroup 2: 10 10.3 9.9 10 10.1 9.7 10    R = 10.3 - 9.7 = 0.6
 *   R-bar = 0.5 -> LCL 0.076 x 0.5 = 0.038, UCL 1.924 x 0.5 = 0.962.
 *   subgroup 3: seven times 10.0              R = 0     below 0.038: a signal (the spread collapsed: a stuck gauge?)
 *   subgroup 4: 9.5 10.5 10 10 10 10 10       R = 1.0   above 0.962: a signal; X-bar 10.0 is on the centre line.
 */
const sevens = [
  [10, 10.2, 9.8, 10, 10, 10.1, 9.9],
  [10, 10.3, 9.9, 10, 10.1, 9.7, 10],
  [10, 10, 10, 10, 10, 10, 10],
  [9.5, 10.5, 10, 10, 10, 10, 10],
];

/*
 * Worked moving-range chart: the 10 fill weights of the control-limits test (X-bar 6.5, MR-bar 13/9,
 * I chart 2.657778 .. 10.342222, MR UCL 3.267 x 1.444444 = 4.719), then 10 and 5:
 *   10: MR |10 - 6| = 4, within 4.719; 5: MR |5 - 10| = 5 > 4.719, a signal. Both values lie within the I limits.
 */
const weights = [5, 7, 6, 8, 7, 6, 5, 7, 8, 6];

describe("R and moving-range charts", () => {
  it("judges the worked R chart of subgroups of 7 against D3 and D4: a range below the lower limit and one above the upper", () => {
    const chart = spcChart(sevens.flat(), 7, { lsl: 9, usl: 11 }, [1], 2);
    expect(chart.limits!.dispersion.center).to.be.closeTo(0.5, 1e-9);
    expect(chart.limits!.dispersion.lcl).to.be.closeTo(0.038, 1e-9);
    expect(chart.limits!.dispersion.ucl).to.be.closeTo(0.962, 1e-9);
    expect(chart.dispersionSignals.map((s) => [s.chart, s.at, s.name])).to.deep.equal([
      ["R", 2, "Range below its lower control limit"],
      ["R", 3, "Range above its upper control limit"],
    ]);
    expect(chart.signals, "the X-bar points stay within their limits").to.deep.equal([]);
  });

  it("judges the worked moving-range chart: a jump of 5 g beyond 4.719 while both values lie within the individuals limits", () => {
    const chart = spcChart([...weights, 10, 5], 1, { lsl: 3, usl: 11 }, [1], 10);
    expect(chart.limits!.dispersion.ucl).to.be.closeTo(4.719, 1e-6);
    expect(chart.points.map((p) => p.dispersion).slice(-2)).to.deep.equal([4, 5]);
    expect(chart.dispersionSignals.map((s) => [s.chart, s.at, s.value])).to.deep.equal([["MR", 11, 5]]);
    expect(chart.signals).to.deep.equal([]);
  });

  it("never flags the first individual (it has no moving range) nor a range at a lower limit of 0", () => {
    const limits = individualsLimits(weights).dispersion;
    expect(dispersionSignals("MR", [null, 0, 0, 4.7], limits)).to.deep.equal([]);
  });

  it("judges the dispersion chart only when the characteristic's tests include test 1", () => {
    expect(spcChart(sevens.flat(), 7, { lsl: 9, usl: 11 }, [2, 3], 2).dispersionSignals).to.deep.equal([]);
  });
});
