import { expect } from "chai";
import { spelledCommand } from "../../../src/domain/job-control/command-spelling.js";
import { DomainError } from "../../../src/domain/domain-error.js";
import { JOB_COMMANDS } from "../../../src/domain/job-order-state-machine.js";
import { inRestNames, postedJobCommand, REST_JOB_COMMAND_NAMES, REST_JOB_COMMANDS } from "../../../src/api/job-command-names.js";
import { toJobOrderView } from "../../../src/api/job-order-view.js";
import { orderSchemas } from "../../../src/api/openapi-orders.js";
import type { JobOrderAbout } from "../../../src/services/job-order-names.js";
import type { JobOrderRecord } from "../../../src/services/ports/orders.js";

const at = new Date("2030-01-01T06:00:00Z");
const record: JobOrderRecord = {
  id: "JO-1",
  workOrderId: "WO-1",
  equipmentId: "press-1",
  productId: "bracket",
  quantity: 10,
  state: 3,
  subState: null,
  priority: 5,
  plannedStart: at,
  plannedEnd: null,
  actualStart: at,
  actualEnd: null,
  description: "ERP order 42",
  parameters: [{ id: "TaskCode", value: 2 }],
  materialRequirements: [],
  dispatchNumber: 7,
  removedAt: null,
  createdAt: at,
  updatedAt: at,
};

const about: JobOrderAbout = { executor: "operator", workOrderErpId: "SO-42", step: 1, productName: "Bracket" };

describe("The REST view of a job order", () => {
  it("leaves out a field the record carries but the view does not list, as a new column would be", () => {
    // The repository spreads its row into the record, so a column added to the table arrives like this.
    const grown = { ...record, internalNote: "not for the ERP", lockVersion: 3 } as JobOrderRecord;
    const view = toJobOrderView(grown, about);
    expect(view).not.to.have.any.keys("internalNote", "lockVersion");
    expect(view).to.deep.equal(toJobOrderView(record, about));
  });

  it("has exactly the fields the OpenAPI JobOrder schema documents, each of them always sent", () => {
    const documented = orderSchemas.JobOrder as { properties: Record<string, unknown>; required: string[] };
    expect(Object.keys(toJobOrderView(record, about))).to.have.members(Object.keys(documented.properties));
    expect(documented.required).to.have.members(Object.keys(documented.properties));
  });

  it("gives the state by name and number, and the allowed commands by their REST names", () => {
    expect(toJobOrderView(record, about)).to.include({ state: "Running", stateNumber: 3, stateName: "Running", subState: null, removed: false });
    expect(toJobOrderView(record, about).allowedCommands).to.deep.equal(["pause", "hold", "stop", "complete", "abort"]);
    expect(toJobOrderView({ ...record, state: 2 }, about).allowedCommands).to.deep.equal(["update", "revoke-start", "begin", "abort", "cancel"]);
  });

  it("names the job by its work order's ERP number, its step and its product, and says who begins and completes it", () => {
    expect(toJobOrderView(record, about)).to.include({ id: "JO-1", workOrderErpId: "SO-42", step: 1, productName: "Bracket", executor: "operator" });
  });

  it("offers no command once the job order left its JobOrderList", () => {
    const cancelled = toJobOrderView({ ...record, state: 2, removedAt: at }, about);
    expect(cancelled).to.include({ state: "AllowedToStart", removed: true });
    expect(cancelled.allowedCommands).to.deep.equal([]);
  });
});

describe("The REST names of the job commands", () => {
  it("name every command of the state machine, each once, and take back each they give (update is a PUT, not a POST)", () => {
    expect(Object.keys(REST_JOB_COMMAND_NAMES)).to.have.members([...JOB_COMMANDS]);
    expect(new Set(REST_JOB_COMMANDS).size).to.equal(JOB_COMMANDS.length);
    for (const command of JOB_COMMANDS) expect(postedJobCommand(REST_JOB_COMMAND_NAMES[command]), command).to.equal(command === "Update" ? null : command);
    // The spec's spelling (what an OPC UA client knows) is taken too, in any case; an unknown name still is not.
    for (const command of JOB_COMMANDS) expect(postedJobCommand(command), command).to.equal(command === "Update" ? null : command);
    expect([postedJobCommand("CLEAR"), postedJobCommand("revokestart"), postedJobCommand("explode"), postedJobCommand("store-and-start")]).to.deep.equal(["Clear", "RevokeStart", null, null]);
  });

  it("are the one spelling of every command outside OPC UA: the spec's name, lower case, hyphenated", () => {
    for (const command of JOB_COMMANDS) expect(spelledCommand(command), command).to.equal(REST_JOB_COMMAND_NAMES[command]);
    expect(spelledCommand("StoreAndStart")).to.equal("store-and-start");
  });

  it("turn a refused command's details into the names REST takes, and leave other errors alone", () => {
    const refusal = new DomainError("conflict", 'job order "JO-1" is Running: Start is not allowed (allowed: Pause, Stop)', { reason: "invalid_state", id: "JO-1", command: "Start", state: "Running", allowed: ["Pause", "RevokeStart"] });
    const translated = inRestNames(refusal) as DomainError;
    expect(translated.details).to.deep.include({ reason: "invalid_state", id: "JO-1", state: "Running", command: "start", allowed: ["pause", "revoke-start"] });
    expect(translated.message).to.equal('job order "JO-1" is Running: start is not allowed (allowed: pause, revoke-start)');
    const other = new DomainError("conflict", "work order is released", { reason: "invalid_state", state: "released", allowed: ["cancel"] });
    expect(inRestNames(other)).to.equal(other);
  });
});
