import { expect } from "chai";
import { commandsFrom, MAINTENANCE_COMMANDS, MAINTENANCE_PERMISSIONS, MAINTENANCE_STATUSES, transition } from "../../../../src/domain/maintenance/work-order-state-machine.js";
import { may } from "../../../../src/domain/roles.js";

describe("Maintenance work order state machine", function () {
  it("goes requested, planned, in progress, done, verified", function () {
    expect(transition("requested", "plan")).to.deep.equal({ to: "planned" });
    expect(transition("planned", "plan")).to.deep.equal({ to: "planned" });
    expect(transition("planned", "start")).to.deep.equal({ to: "in-progress" });
    expect(transition("in-progress", "finish")).to.deep.equal({ to: "done" });
    expect(transition("done", "verify")).to.deep.equal({ to: "verified" });
  });

  it("starts a breakdown repair straight from requested, and cancels only what is not done", function () {
    expect(transition("requested", "start")).to.deep.equal({ to: "in-progress" });
    for (const status of ["requested", "planned", "in-progress"] as const) expect(transition(status, "cancel")).to.deep.equal({ to: "cancelled" });
    for (const status of ["done", "verified", "cancelled"] as const) expect(transition(status, "cancel")).to.have.property("refused");
  });

  it("refuses every other transition, saying from where it could be given", function () {
    expect(transition("requested", "finish")).to.deep.equal({ refused: "cannot finish a work order that is requested (only from in-progress)" });
    const allowed = MAINTENANCE_STATUSES.flatMap((status) => MAINTENANCE_COMMANDS.filter((command) => "to" in transition(status, command)).map((command) => `${status}:${command}`));
    expect(allowed).to.deep.equal(["requested:plan", "requested:start", "requested:cancel", "planned:plan", "planned:start", "planned:cancel", "in-progress:finish", "in-progress:cancel", "done:verify"]);
    expect(commandsFrom("verified")).to.deep.equal([]);
    expect(commandsFrom("done")).to.deep.equal(["verify"]);
  });

  it("lets anyone at the line ask, maintenance do the work, and production verify it", function () {
    expect(may(["Operator"], MAINTENANCE_PERMISSIONS.request)).to.equal(true);
    expect(may(["Observer"], MAINTENANCE_PERMISSIONS.request)).to.equal(false);
    expect(may(["ERP"], MAINTENANCE_PERMISSIONS.request)).to.equal(false);
    expect(may(["Maintenance"], MAINTENANCE_PERMISSIONS.finish)).to.equal(true);
    expect(may(["Operator"], MAINTENANCE_PERMISSIONS.start)).to.equal(false);
    expect(may(["Maintenance"], MAINTENANCE_PERMISSIONS.verify)).to.equal(false);
    expect(may(["Supervisor"], MAINTENANCE_PERMISSIONS.verify)).to.equal(true);
  });
});
