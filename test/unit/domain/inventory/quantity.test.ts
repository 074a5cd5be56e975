import { expect } from "chai";
import { checkMovementQuantity, deposit, isProblem, withdraw } from "../../../../src/domain/inventory/quantity.js";
import { convertQuantity, unitOfMeasure } from "../../../../src/domain/inventory/units-of-measure.js";

describe("quantities with units", () => {
  it("converts within a dimension and refuses across dimensions", () => {
    expect(convertQuantity(250, "g", "kg")).to.equal(0.25);
    expect(convertQuantity(2, "t", "kg")).to.equal(2000);
    expect(convertQuantity(1, "kg", "pcs")).to.equal(null);
    expect(convertQuantity(1, "kg", "furlong")).to.equal(null);
  });

  it("gives each unit the UNECE code OPC UA EngineeringUnits carry (OPC 10000-8 §5.6.3)", () => {
    expect(unitOfMeasure("pcs")?.uneceCode).to.equal("C62");
    expect(unitOfMeasure("kg")?.uneceCode).to.equal("KGM");
  });

  it("refuses a movement of nothing, of less than nothing, or of no number", () => {
    expect(checkMovementQuantity(0)?.kind).to.equal("not_positive");
    expect(checkMovementQuantity(-1)?.kind).to.equal("not_positive");
    expect(checkMovementQuantity(0.0000001)?.kind).to.equal("not_positive");
    expect(checkMovementQuantity("3")?.kind).to.equal("not_a_quantity");
    expect(checkMovementQuantity(Number.NaN)?.kind).to.equal("not_a_quantity");
    expect(checkMovementQuantity(Infinity)?.kind).to.equal("not_a_quantity");
    expect(checkMovementQuantity(0.5)).to.equal(null);
  });

  it("never goes below zero without an override, and records the negative when one is given", () => {
    const refused = withdraw({ value: 1, unit: "kg" }, { value: 1500, unit: "g" });
    expect(isProblem(refused) && refused.kind).to.equal("negative_result");
    expect(withdraw({ value: 1, unit: "kg" }, { value: 1500, unit: "g" }, true)).to.deep.equal({ remaining: { value: -0.5, unit: "kg" } });
    expect(withdraw({ value: 1, unit: "kg" }, { value: 1000, unit: "g" })).to.deep.equal({ remaining: { value: 0, unit: "kg" } });
  });

  it("keeps sums of many small withdrawals exact to six decimals", () => {
    let onHand = { value: 1, unit: "kg" };
    for (let i = 0; i < 10; i++) {
      const result = withdraw(onHand, { value: 0.1, unit: "kg" });
      if (isProblem(result)) expect.fail(result.message);
      onHand = result.remaining;
    }
    expect(onHand.value).to.equal(0);
  });

  it("refuses to mix units of different dimensions either way", () => {
    const taken = withdraw({ value: 5, unit: "pcs" }, { value: 1, unit: "kg" });
    expect(isProblem(taken) && taken.kind).to.equal("unit_mismatch");
    const added = deposit({ value: 5, unit: "pcs" }, { value: 1, unit: "kg" });
    expect(isProblem(added) && added.kind).to.equal("unit_mismatch");
    expect(deposit({ value: 5, unit: "kg" }, { value: 500, unit: "g" })).to.deep.equal({ total: { value: 5.5, unit: "kg" } });
  });
});
