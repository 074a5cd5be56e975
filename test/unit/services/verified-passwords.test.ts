import { expect } from "chai";
import { hashPassword } from "../../../src/services/password.js";
import { VerifiedPasswords } from "../../../src/services/verified-passwords.js";

describe("Password checks that spare scrypt for logins of the same account", function () {
  let hash: string;
  let now: number;
  let runs: number;
  const counting = (check: (password: string, hash: string) => Promise<boolean>) => async (password: string, stored: string) => {
    runs++;
    return check(password, stored);
  };
  const slowMatch = async (password: string, stored: string) => {
    await new Promise((resolve) => setTimeout(resolve, 20));
    return stored === hash && password === "right-password-1";
  };

  before(async function () {
    hash = await hashPassword("right-password-1");
  });
  beforeEach(function () {
    now = 1_000_000;
    runs = 0;
  });

  it("runs one check for 50 logins of one account at once, and all 50 are let in", async function () {
    const passwords = new VerifiedPasswords(600_000, () => now, counting(slowMatch));
    const answers = await Promise.all(Array.from({ length: 50 }, () => passwords.verify("operator", "right-password-1", hash)));
    expect(answers.every(Boolean)).to.equal(true);
    expect([runs, passwords.checksRun]).to.deep.equal([1, 1]);
  });

  it("remembers a success until its time is up, then checks again", async function () {
    const passwords = new VerifiedPasswords(600_000, () => now, counting(slowMatch));
    expect(await passwords.verify("operator", "right-password-1", hash)).to.equal(true);
    now += 599_999;
    expect(await passwords.verify("operator", "right-password-1", hash)).to.equal(true);
    expect(runs).to.equal(1);
    now += 1;
    expect(await passwords.verify("operator", "right-password-1", hash)).to.equal(true);
    expect(runs).to.equal(2);
  });

  it("never remembers a wrong password: every guess costs a full check", async function () {
    const passwords = new VerifiedPasswords(600_000, () => now, counting(slowMatch));
    await passwords.verify("operator", "right-password-1", hash);
    for (let i = 0; i < 3; i++) expect(await passwords.verify("operator", "wrong-password-1", hash)).to.equal(false);
    expect(runs).to.equal(4);
    expect(passwords.size).to.equal(1);
  });

  it("misses once the stored hash changed (a new password), and for another account with the same password", async function () {
    const passwords = new VerifiedPasswords(600_000, () => now, counting(slowMatch));
    await passwords.verify("operator", "right-password-1", hash);
    hash = await hashPassword("right-password-1");
    expect(await passwords.verify("operator", "right-password-1", hash)).to.equal(true);
    expect(await passwords.verify("supervisor", "right-password-1", hash)).to.equal(true);
    expect(runs).to.equal(3);
  });

  it("with no time to remember, still shares checks that overlap, and checks every later login again", async function () {
    const passwords = new VerifiedPasswords(0, () => now, counting(slowMatch));
    await Promise.all([passwords.verify("operator", "right-password-1", hash), passwords.verify("operator", "right-password-1", hash)]);
    await passwords.verify("operator", "right-password-1", hash);
    expect([runs, passwords.size]).to.deep.equal([2, 0]);
  });

  it("checks against the real scrypt hash", async function () {
    const passwords = new VerifiedPasswords(600_000, () => now);
    expect(await passwords.verify("operator", "right-password-1", hash)).to.equal(true);
    expect(await passwords.verify("operator", "Right-password-1", hash)).to.equal(false);
  });
});
