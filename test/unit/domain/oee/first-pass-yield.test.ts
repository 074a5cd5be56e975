import { expect } from "chai";
import { addDispositioned, firstPass, NO_DISPOSITIONS } from "../../../../src/domain/oee/first-pass-yield.js";

describe("Rework ratio and first-pass yield (ISO 22400-2:2014 6.2.17, 6.2.15)", function () {
  it("takes reworked and NCR-scrapped parts off the first-pass good ones: 200 made, 190 good, 6 reworked, 4 scrapped on an NCR", function () {
    const figures = firstPass({ pq: 200, gq: 190 }, { rq: 6, ncrScrap: 4 });
    expect(figures).to.deep.equal({ rq: 6, ncrScrap: 4, reworkRatio: 0.03, firstPassYield: 0.9 });
  });

  it("is n/a with nothing produced, and never below 0 when more was dispositioned than counted good", function () {
    expect(firstPass({ pq: 0, gq: 0 }, { rq: 3, ncrScrap: 0 })).to.deep.equal({ rq: 3, ncrScrap: 0, reworkRatio: null, firstPassYield: null });
    expect(firstPass({ pq: 10, gq: 2 }, { rq: 5, ncrScrap: 0 }).firstPassYield).to.equal(0);
    expect(firstPass({ pq: 10, gq: 10 }, NO_DISPOSITIONS).firstPassYield).to.equal(1);
  });

  it("sums dispositions up the hierarchy before dividing", function () {
    expect(addDispositioned({ rq: 1, ncrScrap: 2 }, { rq: 3, ncrScrap: 4 })).to.deep.equal({ rq: 4, ncrScrap: 6 });
  });
});
