import { expect } from "chai";
import { DEFAULT_OUTPUT_LOT_RULE, formatLotNumber, lotNumberPrefix, lotRuleProblem } from "../../../../src/domain/inventory/lot-numbering.js";

const context = { productId: "bracket", jobOrderId: "WO-7-1", workOrderId: "WO-7", step: 2, at: new Date("2026-12-02T05:00:00Z"), sequence: 3 };

describe("output lot numbering", () => {
  it("numbers by product, day and a padded sequence by default", () => {
    expect(formatLotNumber(DEFAULT_OUTPUT_LOT_RULE, context)).to.equal("bracket-20261202-0003");
    expect(lotNumberPrefix(DEFAULT_OUTPUT_LOT_RULE, context)).to.equal("bracket-20261202-");
  });

  it("takes the job order, work order and step where a plant numbers by order", () => {
    expect(formatLotNumber("{workOrder}/{step}/{job}", context)).to.equal("WO-7/2/WO-7-1");
    expect(formatLotNumber("{product}-{yyMMdd}-{seq}", context)).to.equal("bracket-261202-3");
    expect(formatLotNumber("{yyyy}/{MM}/{dd}-{seq:2}", context)).to.equal("2026/12/02-03");
    expect(formatLotNumber("{product}-{date}-{seq:4}", context)).to.equal(formatLotNumber(DEFAULT_OUTPUT_LOT_RULE, context));
  });

  it("refuses a rule that would give two lots one number, or names an unknown field", () => {
    expect(lotRuleProblem("{product}-{date}")).to.match(/neither \{seq\} nor \{job\}/);
    expect(lotRuleProblem("{product}-{shift}-{seq}")).to.match(/only \{product\}/);
    expect(lotRuleProblem("lot {seq}")).to.match(/letters, digits/);
    expect(lotRuleProblem(DEFAULT_OUTPUT_LOT_RULE)).to.equal(null);
  });
});
