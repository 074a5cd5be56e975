import { expect } from "chai";
import { backflush, bomLineProblem, linesOfStep, requirementsOf, type BomLine } from "../../../../src/domain/inventory/bill-of-materials.js";

const line = (fields: Partial<BomLine>): BomLine => ({ productId: "bracket", step: 1, materialDefinitionId: "steel-sheet", quantityPerGood: 0.25, quantityPerScrap: 0.25, unit: "kg", fromLocationId: null, ...fields });

describe("bill of materials and backflush", () => {
  const bom = [line({}), line({ materialDefinitionId: "rivet", quantityPerGood: 4, quantityPerScrap: 0, unit: "pcs" }), line({ step: 2, materialDefinitionId: "paint", quantityPerGood: 20, quantityPerScrap: 10, unit: "ml" })];

  it("charges quantity x good parts plus quantity x scrapped parts per line", () => {
    expect(backflush(linesOfStep(bom, "bracket", 1), 10, 2)).to.deep.equal([
      { materialDefinitionId: "steel-sheet", quantity: 3, unit: "kg" },
      { materialDefinitionId: "rivet", quantity: 40, unit: "pcs" },
    ]);
  });

  it("leaves out lines that charge nothing for the parts counted (rivets are not used on a part scrapped before riveting)", () => {
    expect(backflush(linesOfStep(bom, "bracket", 1), 0, 3)).to.deep.equal([{ materialDefinitionId: "steel-sheet", quantity: 0.75, unit: "kg" }]);
  });

  it("keeps each routing step's lines to that step", () => {
    expect(linesOfStep(bom, "bracket", 2).map((l) => l.materialDefinitionId)).to.deep.equal(["paint"]);
    expect(linesOfStep(bom, "other", 1)).to.deep.equal([]);
  });

  it("fills a job order's material requirements (OPC 10031-4 MaterialRequirements) from its quantity", () => {
    expect(requirementsOf(linesOfStep(bom, "bracket", 2), 5)).to.deep.equal([{ materialDefinitionId: "paint", quantity: 100, unit: "ml" }]);
  });

  it("names the field of a BOM line that cannot stand", () => {
    expect(bomLineProblem({ step: 0, quantityPerGood: 1, quantityPerScrap: 0 })?.field).to.equal("step");
    expect(bomLineProblem({ step: 1, quantityPerGood: -1, quantityPerScrap: 0 })?.field).to.equal("quantityPerGood");
    expect(bomLineProblem({ step: 1, quantityPerGood: 1, quantityPerScrap: Number.NaN })?.field).to.equal("quantityPerScrap");
    expect(bomLineProblem({ step: 1, quantityPerGood: 0, quantityPerScrap: 0 })?.field).to.equal("quantityPerGood");
    expect(bomLineProblem({ step: 1, quantityPerGood: 1, quantityPerScrap: 0 })).to.equal(null);
  });
});
