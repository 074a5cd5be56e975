import { expect } from "chai";
import { collapseEdges, traceInMemory, type GenealogyEdge } from "../../../../src/domain/inventory/genealogy.js";

const edge = (movementId: string, fromLotId: string, toLotId: string, fields: Partial<GenealogyEdge> = {}): GenealogyEdge => ({
  movementId,
  kind: "consume",
  fromLotId,
  toLotId,
  quantity: 1,
  unit: "pcs",
  at: new Date("2026-12-02T06:00:00Z"),
  jobOrderId: null,
  workUnitId: null,
  actor: null,
  carrierId: null,
  ...fields,
});

// Two routing steps: steel (split into a sublot) and rivets make brackets at step 1 (job J1),
// brackets and paint make painted brackets at step 2 (job J2).
const ledger = [
  edge("m1", "steel", "steel.1", { kind: "split" }),
  edge("m2", "steel.1", "bracket-lot", { jobOrderId: "J1" }),
  edge("m3", "rivets", "bracket-lot", { jobOrderId: "J1" }),
  edge("m4", "bracket-lot", "painted-lot", { jobOrderId: "J2" }),
  edge("m5", "paint", "painted-lot", { jobOrderId: "J2" }),
  edge("m6", "steel", "other-lot", { jobOrderId: "J3" }),
];

// ISA-95 Part 3, inventory operations management: material tracking backward and forward.
describe("genealogy walk", () => {
  it("traces a finished lot backward through two routing steps to every raw lot, with its distance", () => {
    const graph = traceInMemory("painted-lot", "backward", ledger);
    expect(Object.fromEntries(graph.lots)).to.deep.equal({ "painted-lot": 0, "bracket-lot": 1, paint: 1, "steel.1": 2, rivets: 2, steel: 3 });
    expect(graph.edges.map((e) => e.movementId)).to.have.members(["m1", "m2", "m3", "m4", "m5"]);
    expect(graph.truncated).to.equal(false);
  });

  it("traces a raw lot forward to every lot it reached, and the job orders on the way", () => {
    const graph = traceInMemory("steel", "forward", ledger);
    expect([...graph.lots.keys()]).to.have.members(["steel", "steel.1", "other-lot", "bracket-lot", "painted-lot"]);
    expect(new Set(graph.edges.map((e) => e.jobOrderId).filter(Boolean))).to.deep.equal(new Set(["J1", "J2", "J3"]));
  });

  it("ends on a loop in the data and visits each lot once", () => {
    const graph = traceInMemory("a", "forward", [edge("x1", "a", "b"), edge("x2", "b", "a"), edge("x3", "b", "c")]);
    expect(Object.fromEntries(graph.lots)).to.deep.equal({ a: 0, b: 1, c: 2 });
  });

  it("stops at the depth and size limits and says it was cut short", () => {
    const chain = Array.from({ length: 10 }, (_, i) => edge(`c${i}`, `l${i}`, `l${i + 1}`));
    const deep = traceInMemory("l0", "forward", chain, { maxDepth: 3, maxLots: 100 });
    expect(deep.lots.size).to.equal(4);
    expect(deep.truncated).to.equal(true);
    const wide = traceInMemory("root", "forward", Array.from({ length: 10 }, (_, i) => edge(`w${i}`, "root", `child${i}`)), { maxDepth: 10, maxLots: 5 });
    expect(wide.lots.size).to.equal(5);
    expect(wide.truncated).to.equal(true);
  });

  it("is just the root for a lot nothing went into", () => {
    const graph = traceInMemory("rivets", "backward", ledger);
    expect([...graph.lots.keys()]).to.deep.equal(["rivets"]);
    expect(graph.edges).to.deep.equal([]);
  });
});

describe("collapseEdges", () => {
  it("makes one edge of a job's many backflushes from one lot into its output lot, summing the quantity", () => {
    const at = (minute: number) => new Date(Date.UTC(2026, 11, 2, 6, minute));
    const collapsed = collapseEdges([edge("a", "steel", "out", { quantity: 0.25, at: at(2), jobOrderId: "J1" }), edge("b", "steel", "out", { quantity: 0.5, at: at(1), jobOrderId: "J1" }), edge("c", "steel", "out", { quantity: 1, at: at(3), jobOrderId: "J2" })]);
    expect(collapsed.map((e) => [e.jobOrderId, e.quantity, e.movements, e.firstAt.getUTCMinutes(), e.lastAt.getUTCMinutes()])).to.deep.equal([
      ["J1", 0.75, 2, 1, 2],
      ["J2", 1, 1, 3, 3],
    ]);
  });
});
