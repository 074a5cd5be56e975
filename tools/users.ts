import path from "node:path";
import { createInterface } from "node:readline/promises";
import { parseArgs } from "node:util";
import { loadConfig } from "../src/config/load-config.js";
import { DomainError } from "../src/domain/domain-error.js";
import type { Actor } from "../src/services/actor.js";
import { systemClock, uuidV7 } from "../src/services/clock.js";
import { AccessService } from "../src/services/access-service.js";
import { UserService } from "../src/services/user-service.js";
import { openStore } from "../src/store/open-store.js";

/**
 * `npm run users -- <command>`: accounts on the MES's database (the one mes.yaml or MES_DB_URL names).
 *   list
 *   add <id> --name "Alice Smith" --role Supervisor [--role ...]   (password from MES_NEW_PASSWORD, else asked)
 *   passwd <id>                                                   (the same)
 *   disable <id> | enable <id>
 *   token <id> --name "ERP prod" [--days 90]                       (prints a new API token once)
 * The first admin is made with `add admin --name Administrator --role Admin`: there is no default password.
 */
const { positionals, values } = parseArgs({ allowPositionals: true, options: { name: { type: "string" }, role: { type: "string", multiple: true }, days: { type: "string" } } });
const [command, id] = positionals;
const actor: Actor = { id: `cli:${process.env.USER ?? "unknown"}`, role: null, door: "config" };

async function password(): Promise<string> {
  if (process.env.MES_NEW_PASSWORD) return process.env.MES_NEW_PASSWORD;
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await prompt.question(`password for ${id} (12 characters or more): `);
  } finally {
    prompt.close();
  }
}

const { settings } = loadConfig(path.resolve(process.env.MES_CONFIG_DIR ?? "config"), process.env);
const store = await openStore(settings.database.url);
const users = new UserService(store, systemClock, uuidV7);
try {
  if (command === "list") {
    for (const user of await users.list()) console.log(`${user.id}\t${user.name}\t${user.roles.join(",")}\t${user.disabled ? "disabled" : "enabled"}\t${user.hasPassword ? "password set" : "no password"}`);
  } else if (command === "add" && id) {
    const user = await users.create({ id, name: values.name ?? id, roles: values.role ?? [], password: await password() }, actor);
    console.log(`added ${user.id} (${user.roles.join(", ")})`);
  } else if (command === "passwd" && id) {
    await users.setPassword(id, await password(), actor);
    console.log(`password of ${id} changed`);
  } else if (command === "token" && id) {
    const access = new AccessService(store, users, systemClock, uuidV7, settings.security);
    const issued = await access.issueToken(id, { name: values.name ?? "cli", expiresInDays: values.days === undefined ? undefined : Number(values.days) }, actor);
    console.error(`API token for ${id}, valid until ${issued.view.expiresAt.toISOString()}; it is shown this once:`);
    console.log(issued.token);
  } else if ((command === "disable" || command === "enable") && id) {
    await users.setDisabled(id, command === "disable", actor);
    console.log(`${id} ${command}d`);
  } else {
    console.error("usage: npm run users -- list | add <id> --name <name> --role <role>... | passwd <id> | disable <id> | enable <id> | token <id> --name <name> [--days N]");
    process.exitCode = 2;
  }
} catch (error) {
  if (!(error instanceof DomainError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
} finally {
  await store.close();
}
