import { expect } from "chai";
import { hashPassword, passwordProblem, verifyPassword } from "../../../src/services/password.js";
import { may, OPCUA_WELL_KNOWN_ROLE, ROLES } from "../../../src/domain/roles.js";

describe("Passwords", () => {
  it("are kept as salted scrypt hashes that verify the right password only", async () => {
    const hash = await hashPassword("correct horse battery");
    expect(hash).to.match(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(hash).not.to.contain("correct horse");
    expect(await verifyPassword("correct horse battery", hash)).to.equal(true);
    expect(await verifyPassword("correct horse batterY", hash)).to.equal(false);
    expect(await hashPassword("correct horse battery"), "a new salt each time").not.to.equal(hash);
    expect(await verifyPassword("anything", "md5$abc")).to.equal(false);
  });

  it("must be long enough", () => {
    expect(passwordProblem("short")).to.equal("at least 12 characters");
    expect(passwordProblem("twelve chars")).to.equal(null);
  });
});

describe("Roles", () => {
  it("mean the same on every door: what each may do, and the OPC UA well-known role each maps onto", () => {
    expect(may(["Observer"], "read")).to.equal(true);
    expect(may(["Observer"], "runJobs")).to.equal(false);
    expect(may(["Operator"], "runJobs")).to.equal(true);
    expect(may(["Operator"], "configuration")).to.equal(false);
    expect(may(["ERP"], "orders")).to.equal(true);
    expect(may(["ERP"], "runJobs")).to.equal(false);
    expect(may(["Supervisor"], "audit")).to.equal(true);
    expect(ROLES.every((role) => OPCUA_WELL_KNOWN_ROLE[role] !== undefined)).to.equal(true);
  });
});
