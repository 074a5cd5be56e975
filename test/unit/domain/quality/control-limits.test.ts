import { expect } from "chai";
import { capability } from "../../../../src/domain/quality/capability.js";
import { individualsLimits, movingRanges, xbarRLimits } from "../../../../src/domain/quality/control-limits.js";
import { subgroupConstants } from "../../../../src/domain/quality/spc-constants.js";

/*
 * Worked X-bar/R example: 20 subgroups of n = 5 of a shaft diameter (mm), spec 10.0 ± 0.6.
 *   #   values                        sum   X-bar  R
 *   1   9.9 10.1 10.0  9.9  9.8       49.7  9.94   0.3
 *   2  10.0 10.2 10.1 10.2 10.0       50.5 10.10   0.2
 *   3  10.1 10.0  9.7 10.2 10.1       50.1 10.02   0.5
 *   4  10.1  9.7  9.7  9.8  9.9       49.2  9.84   0.4
 *   5  10.1 10.0 10.1  9.9 10.1       50.2 10.04   0.2
 *   6  10.1  9.9 10.3 10.1 10.2       50.6 10.12   0.4
 *   7   9.9  9.9  9.9 10.0 10.1       49.8  9.96   0.2
 *   8  10.0  9.9  9.8  9.9 10.2       49.8  9.96   0.4
 *   9   9.8 10.0 10.1  9.7 10.0       49.6  9.92   0.4
 *  10  10.3  9.6  9.9 10.0  9.8       49.6  9.92   0.7
 *  11  10.1 10.0  9.7 10.2 10.1       50.1 10.02   0.5
 *  12  10.2 10.3 10.1 10.0  9.7       50.3 10.06   0.6
 *  13  10.1  9.9  9.9  9.7  9.8       49.4  9.88   0.4
 *  14   9.9 10.3  9.6  9.7 10.0       49.5  9.90   0.7
 *  15  10.3 10.1  9.6  9.5 10.1       49.6  9.92   0.8
 *  16   9.9  9.8 10.2 10.2 10.0       50.1 10.02   0.4
 *  17  10.0 10.1 10.3 10.1 10.1       50.6 10.12   0.3
 *  18  10.1  9.7 10.3 10.2 10.1       50.4 10.08   0.6
 *  19   9.6  9.9 10.2  9.6 10.0       49.3  9.86   0.6
 *  20  10.2  9.7 10.3 10.1 10.0       50.3 10.06   0.6
 *  Sum of X-bar 199.74 -> X-double-bar = 9.987; sum of R 9.2 -> R-bar = 0.46.
 *  n = 5: A2 = 0.577, D3 = 0, D4 = 2.114, d2 = 2.326 (ASTM E2587 Table 1).
 *  X-bar chart: 9.987 ± 0.577 x 0.46 = 9.987 ± 0.26542 -> LCL 9.72158, UCL 10.25242.
 *  R chart: LCL 0, UCL 2.114 x 0.46 = 0.97244.
 *  sigma within = 0.46 / 2.326 = 0.197764.
 *  Overall: 100 values, sum 998.7, mean 9.987, sum of squared deviations 3.8131,
 *    s = sqrt(3.8131 / 99) = 0.196255.
 *  Cp  = 1.2 / (6 x 0.197764) = 1.01130;  Cpk = min(10.6 - 9.987, 9.987 - 9.4) / (3 x 0.197764) = 0.587 / 0.593293 = 0.98939
 *  Pp  = 1.2 / (6 x 0.196255) = 1.01908;  Ppk = 0.587 / (3 x 0.196255) = 0.99700
 */
const shafts = [
  [9.9, 10.1, 10.0, 9.9, 9.8], [10.0, 10.2, 10.1, 10.2, 10.0], [10.1, 10.0, 9.7, 10.2, 10.1], [10.1, 9.7, 9.7, 9.8, 9.9],
  [10.1, 10.0, 10.1, 9.9, 10.1], [10.1, 9.9, 10.3, 10.1, 10.2], [9.9, 9.9, 9.9, 10.0, 10.1], [10.0, 9.9, 9.8, 9.9, 10.2],
  [9.8, 10.0, 10.1, 9.7, 10.0], [10.3, 9.6, 9.9, 10.0, 9.8], [10.1, 10.0, 9.7, 10.2, 10.1], [10.2, 10.3, 10.1, 10.0, 9.7],
  [10.1, 9.9, 9.9, 9.7, 9.8], [9.9, 10.3, 9.6, 9.7, 10.0], [10.3, 10.1, 9.6, 9.5, 10.1], [9.9, 9.8, 10.2, 10.2, 10.0],
  [10.0, 10.1, 10.3, 10.1, 10.1], [10.1, 9.7, 10.3, 10.2, 10.1], [9.6, 9.9, 10.2, 9.6, 10.0], [10.2, 9.7, 10.3, 10.1, 10.0],
];

/*
 * Worked individuals/moving-range example: 10 fill weights (g), spec 3 .. 11.
 *   x:  5  7  6  8  7  6  5  7  8  6      sum 65 -> X-bar = 6.5
 *   MR:    2  1  2  1  1  1  2  1  2      sum 13 -> MR-bar = 13/9 = 1.444444
 *   I chart: 6.5 ± 2.66 x 1.444444 = 6.5 ± 3.842222 -> LCL 2.657778, UCL 10.342222
 *   MR chart: LCL 0, UCL 3.267 x 1.444444 = 4.719
 *   sigma within = 1.444444 / 1.128 = 1.280536
 *   deviations ±1.5 (x4) and ±0.5 (x6): squares 4 x 2.25 + 6 x 0.25 = 10.5; s = sqrt(10.5/9) = 1.080123
 *   Cp = 8 / (6 x 1.280536) = 1.041230; Cpk = min(11 - 6.5, 6.5 - 3) / (3 x 1.280536) = 3.5 / 3.841608 = 0.911076
 *   Pp = 8 / (6 x 1.080123) = 1.234427; Ppk = 3.5 / (3 x 1.080123) = 1.080123
 */
const weights = [5, 7, 6, 8, 7, 6, 5, 7, 8, 6];

describe("control limits and capability", () => {
  it("computes X-bar/R limits of the worked 20-subgroup example", () => {
    const limits = xbarRLimits(shafts);
    expect(limits.location.center).to.be.closeTo(9.987, 1e-9);
    expect(limits.location.lcl).to.be.closeTo(9.72158, 1e-9);
    expect(limits.location.ucl).to.be.closeTo(10.25242, 1e-9);
    expect(limits.dispersion.center).to.be.closeTo(0.46, 1e-9);
    expect(limits.dispersion.lcl).to.equal(0);
    expect(limits.dispersion.ucl).to.be.closeTo(0.97244, 1e-9);
    expect(limits.sigmaWithin).to.be.closeTo(0.197764, 1e-6);
    expect(limits.location.sigma).to.be.closeTo(0.26542 / 3, 1e-9);
  });

  it("computes Cp, Cpk, Pp and Ppk of the worked X-bar/R example", () => {
    const limits = xbarRLimits(shafts);
    const figures = capability(shafts.flat(), limits.sigmaWithin, { lsl: 9.4, usl: 10.6 });
    expect(figures.mean).to.be.closeTo(9.987, 1e-9);
    expect(figures.sigmaOverall).to.be.closeTo(0.196255, 1e-6);
    expect(figures.cp).to.be.closeTo(1.0113, 1e-4);
    expect(figures.cpk).to.be.closeTo(0.98939, 1e-4);
    expect(figures.pp).to.be.closeTo(1.01908, 1e-4);
    expect(figures.ppk).to.be.closeTo(0.997, 1e-4);
  });

  it("computes individuals and moving-range limits of the worked 10-value example", () => {
    expect(movingRanges(weights)).to.deep.equal([2, 1, 2, 1, 1, 1, 2, 1, 2]);
    const limits = individualsLimits(weights);
    expect(limits.location.center).to.equal(6.5);
    expect(limits.location.lcl).to.be.closeTo(2.657778, 1e-6);
    expect(limits.location.ucl).to.be.closeTo(10.342222, 1e-6);
    expect(limits.dispersion.ucl).to.be.closeTo(4.719, 1e-6);
    expect(limits.sigmaWithin).to.be.closeTo(1.280536, 1e-6);
  });

  it("computes capability of the worked individuals example, off centre", () => {
    const figures = capability(weights, individualsLimits(weights).sigmaWithin, { lsl: 3, usl: 11 });
    expect(figures.cp).to.be.closeTo(1.04123, 1e-5);
    expect(figures.cpk).to.be.closeTo(0.911076, 1e-5);
    expect(figures.pp).to.be.closeTo(1.234427, 1e-5);
    expect(figures.ppk).to.be.closeTo(1.080123, 1e-5);
  });

  it("gives Cpk from the one limit of a one-sided specification and no Cp", () => {
    const figures = capability(weights, individualsLimits(weights).sigmaWithin, { lsl: null, usl: 11 });
    expect(figures.cp).to.equal(null);
    expect(figures.pp).to.equal(null);
    // (11 - 6.5) / (3 x 1.280536) = 4.5 / 3.841608 = 1.171384
    expect(figures.cpk).to.be.closeTo(1.171384, 1e-5);
  });

  it("refuses subgroups outside 2..10 and baselines of mixed sizes", () => {
    expect(() => subgroupConstants(11)).to.throw(RangeError, /11/);
    expect(() => subgroupConstants(1)).to.throw(RangeError);
    expect(() => xbarRLimits([[1, 2], [1, 2, 3]])).to.throw(RangeError, /same size/);
  });

  it("uses the tabled constants for n = 2 and n = 10", () => {
    expect(subgroupConstants(2)).to.deep.equal({ a2: 1.88, d3: 0, d4: 3.267, d2: 1.128 });
    expect(subgroupConstants(10)).to.deep.equal({ a2: 0.308, d3: 0.223, d4: 1.777, d2: 3.078 });
  });
});
