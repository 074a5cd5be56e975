import { expect } from "chai";
import { checkJobOrderInput } from "../../../src/domain/job-order.js";
import { listedMaterialRequirements, parametersWithDefaults, quantityRequirement } from "../../../src/domain/job-order-defaults.js";

describe("What a job order carries, whichever door stores it", () => {
  const product = [{ id: "Die", value: "D-17" }, { id: "Force", value: 80, unit: "kN" }];

  it("takes the product's parameters when the job order gives none", () => {
    expect(parametersWithDefaults(product, [])).to.deep.equal(product);
  });

  it("lets a parameter of the job order's own override the product's of the same id, in the product's place, and adds the others after", () => {
    expect(parametersWithDefaults(product, [{ id: "Extra", value: true }, { id: "Force", value: 60 }])).to.deep.equal([
      { id: "Die", value: "D-17" },
      { id: "Force", value: 60 },
      { id: "Extra", value: true },
    ]);
  });

  it("shows the material requirements as given, or without any the product it makes with its quantity", () => {
    const given = [{ materialDefinitionId: "steel", materialUse: "Consumed", quantity: 3 }];
    expect(listedMaterialRequirements({ productId: "bracket", quantity: 10, materialRequirements: given })).to.deep.equal(given);
    expect(listedMaterialRequirements({ productId: "bracket", quantity: 10, materialRequirements: [] })).to.deep.equal([{ materialDefinitionId: "bracket", quantity: 10 }]);
    expect(listedMaterialRequirements({ productId: null, quantity: 10, materialRequirements: [] })).to.deep.equal([{ quantity: 10 }]);
  });

  it("takes the quantity to make from the Produced requirement, else the first with a quantity", () => {
    const consumed = { materialDefinitionId: "steel", materialUse: "Consumed", quantity: 42 };
    const produced = { materialDefinitionId: "bracket", materialUse: "Produced", quantity: 40 };
    expect(quantityRequirement([consumed, produced])).to.equal(produced);
    expect(quantityRequirement([{ materialDefinitionId: "x" }, consumed])).to.equal(consumed);
    expect(quantityRequirement([])).to.equal(undefined);
  });

  it("refuses material requirements a record cannot keep, naming the field", () => {
    const input = { id: "JO-1", equipmentId: "press-1", quantity: 5 };
    expect(checkJobOrderInput({ ...input, materialRequirements: [{ materialDefinitionId: "steel", quantity: Number.NaN }, { materialUse: "x".repeat(65) }] })).to.deep.equal([
      { field: "materialRequirements[0].quantity", message: "a number, 0 or more" },
      { field: "materialRequirements[1].materialUse", message: "at most 64 characters" },
    ]);
    expect(checkJobOrderInput({ ...input, materialRequirements: Array.from({ length: 101 }, () => ({ quantity: 1 })) }).map((problem) => problem.field)).to.deep.equal(["materialRequirements"]);
    expect(checkJobOrderInput({ ...input, materialRequirements: [{ materialDefinitionId: "steel", materialUse: "Consumed", quantity: 0 }] })).to.deep.equal([]);
  });
});
