import { expect } from "chai";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { DomainError } from "../../../src/domain/domain-error.js";
import type { Actor } from "../../../src/services/actor.js";
import { systemClock, uuidV7 } from "../../../src/services/clock.js";
import type { Store } from "../../../src/services/ports/store.js";
import { UserService } from "../../../src/services/user-service.js";
import { AccessService } from "../../../src/services/access-service.js";
import { openStore } from "../../../src/store/open-store.js";
import { testDatabases, type TestDatabase } from "../../support/mysql-database.js";

const databases: TestDatabase[] = testDatabases();
const admin: Actor = { id: "cli:root", role: null, door: "config" };
/** tsx's loader by absolute URL, as the CLI is run from another process. */
const TSX_LOADER = import.meta.resolve("tsx");

async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).to.be.instanceOf(DomainError);
  return error as DomainError;
}

for (const database of databases) {
  describe(`User accounts (${database.name})`, function () {
    let dir: string;
    let store: Store;
    let users: UserService;

    before(async function () {
      if (database.skip) this.skip();
      dir = mkdtempSync(path.join(tmpdir(), "mes-users-"));
      store = await openStore(await database.url(dir));
      users = new UserService(store, systemClock, uuidV7);
    });

    after(async function () {
      await store?.close();
      await database.drop?.();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it("creates an account with roles and a password kept only as a hash, audited without it", async function () {
      const alice = await users.create({ id: "alice", name: "Alice", roles: ["Supervisor"], password: "a long enough secret" }, admin);
      expect(alice).to.deep.include({ id: "alice", roles: ["Supervisor"], hasPassword: true, disabled: false });
      expect(alice).not.to.have.property("passwordHash");
      const stored = await store.read.users.findById("alice");
      expect(stored!.passwordHash).to.match(/^scrypt\$/);
      const [entry] = await store.read.audit.find({ targetType: "user", targetId: "alice" }, { limit: 1, offset: 0 });
      expect(JSON.stringify(entry)).not.to.match(/scrypt\$/);
    });

    it("signs in with the right password only, and not when disabled, without saying which was wrong", async function () {
      expect((await users.authenticate("alice", "a long enough secret"))?.id).to.equal("alice");
      expect(await users.authenticate("alice", "a wrong long secret")).to.equal(null);
      expect(await users.authenticate("nobody", "a long enough secret")).to.equal(null);
      await users.setDisabled("alice", true, admin);
      expect(await users.authenticate("alice", "a long enough secret")).to.equal(null);
    });

    it("refuses unknown roles, short passwords and a second account with the same id", async function () {
      expect((await refusal(users.create({ id: "bob", name: "Bob", roles: ["Boss"], password: "a long enough secret" }, admin))).details.field).to.equal("roles[0]");
      expect((await refusal(users.create({ id: "bob", name: "Bob", roles: ["Operator"], password: "short" }, admin))).details.field).to.equal("password");
      expect((await refusal(users.create({ id: "alice", name: "Alice 2", roles: ["Operator"], password: "a long enough secret" }, admin))).code).to.equal("conflict");
    });
  });
}

describe("npm run users (the CLI for the first admin and further accounts)", function () {
  let dir: string;

  before(() => (dir = mkdtempSync(path.join(tmpdir(), "mes-users-cli-"))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  const run = (args: string[], password = "an admin password") =>
    promisify(execFile)(process.execPath, ["--import", TSX_LOADER, path.resolve("tools/users.ts"), ...args], {
      env: { ...process.env, MES_DB_URL: `sqlite:${path.join(dir, "mes.sqlite")}`, MES_NEW_PASSWORD: password },
    });

  it("adds the first admin and lists it, with no password shown", async function () {
    expect((await run(["add", "admin", "--name", "Administrator", "--role", "Admin"])).stdout).to.contain("added admin (Admin)");
    const { stdout } = await run(["list"]);
    expect(stdout).to.contain("admin\tAdministrator\tAdmin\tenabled\tpassword set");
    expect(stdout).not.to.contain("an admin password");
  });

  it("issues an API token for an account, printed once, that the MES accepts", async function () {
    await run(["add", "erp-prod", "--name", "ERP production", "--role", "ERP"]);
    const { stdout, stderr } = await run(["token", "erp-prod", "--name", "SAP", "--days", "30"]);
    expect(stderr).to.contain("shown this once");
    const token = stdout.trim();
    const store = await openStore(`sqlite:${path.join(dir, "mes.sqlite")}`);
    try {
      const access = new AccessService(store, new UserService(store, systemClock, uuidV7), systemClock, uuidV7, { sessionTtlMinutes: 60, maxTokenDays: 365, login: { maxFailures: 5, windowSeconds: 60 } });
      const principal = await access.resolve(token, "api");
      expect([principal?.userId, principal?.roles]).to.deep.equal(["erp-prod", ["ERP"]]);
    } finally {
      await store.close();
    }
  });

  it("refuses a short password with exit code 1", async function () {
    const failed = await run(["add", "weak", "--role", "Operator"], "short").then(() => null, (error: { code: number; stderr: string }) => error);
    expect(failed?.code).to.equal(1);
    expect(failed?.stderr).to.contain("password: at least 12 characters");
  });
});
