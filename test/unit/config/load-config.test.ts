import { expect } from "chai";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { ConfigError } from "../../../src/config/config-error.js";
import { loadConfig } from "../../../src/config/load-config.js";
import { flattenPlant } from "../../../src/domain/equipment.js";
import { signalOf, tagsOf, workUnitsOf } from "../../../src/domain/plant/plant.js";

const demo = path.resolve("config");

describe("loadConfig", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), "mes-config-"));
    cpSync(demo, dir, { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const edit = (file: string, change: (text: string) => string) => {
    const full = path.join(dir, file);
    writeFileSync(full, change(readFileSync(full, "utf8")));
  };
  const failure = (env: NodeJS.ProcessEnv = {}): ConfigError => {
    try {
      loadConfig(dir, env);
    } catch (error) {
      expect(error).to.be.instanceOf(ConfigError);
      return error as ConfigError;
    }
    throw new Error("loadConfig accepted a broken configuration");
  };

  it("loads the demo plant: one enterprise, one site, two areas, four work centers, seven work units", () => {
    const { plant } = loadConfig(demo, {});
    const nodes = flattenPlant(plant.enterprise);
    const count = (level: string) => nodes.filter((n) => n.level === level).length;
    expect([count("Enterprise"), count("Site"), count("Area"), count("WorkCenter"), count("WorkUnit")]).to.deep.equal([1, 1, 2, 4, 7]);
    expect(plant.plcs.map((p) => p.id)).to.deep.equal(["plc-assembly", "plc-packaging", "plc-cplab", "plc-machining"]);
  });

  it("gives the CP Lab work unit the seed page's S7 tags", () => {
    const { plant } = loadConfig(demo, {});
    const cplab = plant.enterprise.sites[0].areas[1].workCenters[0].workUnits[0];
    expect(cplab.id).to.equal("cplab-1");
    expect(tagsOf(cplab).map((t) => t.nodeId)).to.include.members([
      'ns=3;s="abstractMachine"."read_complete"',
      'ns=3;s="identData"."readData"[0]',
      'ns=3;s="identData"."readData"[1]',
      'ns=3;s="RFID_control"."write"',
      'ns=3;s="RFID_control"."write_done"',
      'ns=3;s="abstractMachine"."task code"',
      'ns=3;s="abstractMachine"."exec_order"',
      'ns=3;s="abstractMachine"."order_complete"',
    ]);
  });

  it("maps a work unit's signals onto their roles: the fixed ones in order, then its tags, the fault code tag by its role", () => {
    const { plant } = loadConfig(demo, {});
    const press = workUnitsOf(plant).find((unit) => unit.id === "press-1")!;
    expect(press.plcId).to.equal("plc-assembly");
    expect(press.signals.map(({ role, name }) => `${role}:${name}`)).to.deep.equal(["state:State", "goodCount:GoodCount", "rejectCount:RejectCount", "currentJob:CurrentJob", "faultCode:FaultCode", "tag:Speed", "tag:Temperature", "tag:Thickness"]);
    expect(signalOf(press, "state")?.map).to.deep.include({ "1": "running", "3": "faulted" });
    expect(signalOf(press, "goodCount")?.rolloverAt).to.equal(4294967296);
    expect(tagsOf(press).find((tag) => tag.name === "Speed")?.description).to.equal("parts per minute");
  });

  it("gives the faultCode role to the tag oee.yaml names in faultCodeTag, and to no other", () => {
    writeFileSync(path.join(dir, "oee.yaml"), "faultCodeTag: Speed\n");
    const press = workUnitsOf(loadConfig(dir, {}).plant).find((unit) => unit.id === "press-1")!;
    expect(tagsOf(press).map(({ role, name }) => `${role}:${name}`)).to.deep.equal(["tag:FaultCode", "faultCode:Speed", "tag:Temperature", "tag:Thickness"]);
  });

  it("fills in every default of a section the file leaves out", () => {
    writeFileSync(path.join(dir, "mes.yaml"), "http:\n  port: 8081\n");
    const { settings } = loadConfig(dir, {});
    expect(settings.production.flushIntervalMs).to.equal(1000);
    expect(settings.dispatch.maxDownloadableJobOrders).to.equal(100);
    expect(settings.database.url).to.equal("sqlite:data/mes.sqlite");
    expect([settings.opcua.allowUnsecured, settings.opcua.allowAnonymous], "secure unless asked").to.deep.equal([false, false]);
    expect([settings.security.profile, settings.security.demoAccounts, settings.http.corsOrigins], "production, no demo accounts, no CORS").to.deep.equal(["production", false, []]);
    expect(settings.callbacks.allowedOrigins, "no callback origins listed: none under production").to.deep.equal([]);
  });

  it("refuses a callback origin that is not an http(s) URL, naming it", () => {
    edit("mes.yaml", (text) => text.replace("  allowedOrigins: []", "  allowedOrigins: [https://erp.example.com, file:///etc]"));
    expect(failure().problems).to.deep.equal([{ path: "callbacks.allowedOrigins[1]", message: "an http:// or https:// origin" }]);
  });

  it("refuses a production profile that opens SecurityPolicy None, anonymous access or demo accounts, naming each", () => {
    edit("mes.yaml", (text) => text.replace("profile: demo", "profile: production"));
    expect(failure().problems.map((problem) => problem.path)).to.deep.equal(["opcua.allowUnsecured", "opcua.allowAnonymous", "security.demoAccounts"]);
    edit("mes.yaml", (text) => text.replace("allowUnsecured: true", "allowUnsecured: false").replace("allowAnonymous: true", "allowAnonymous: false").replace("demoAccounts: true", "demoAccounts: false"));
    expect(loadConfig(dir, {}).settings.security.profile).to.equal("production");
  });

  it("refuses under the production profile a PLC linked unsecured that is not marked allowUnsecured, naming the PLC", () => {
    edit("mes.yaml", (text) => text.replace("profile: demo", "profile: production").replace("allowUnsecured: true", "allowUnsecured: false").replace("allowAnonymous: true", "allowAnonymous: false").replace("demoAccounts: true", "demoAccounts: false"));
    const marked = "    security: { policy: None, mode: None, allowUnsecured: true }\n";
    edit("plant.yaml", (text) => text.replace(`48401/plc\n${marked}`, "48401/plc\n"));
    const [problem, ...others] = failure().problems;
    expect(others).to.deep.equal([]);
    expect(problem.path).to.equal("plcs[0].security");
    expect(problem.message).to.contain('PLC "plc-assembly"').and.to.contain("SecurityPolicy None");

    edit("plant.yaml", (text) => text.replace("48401/plc\n", "48401/plc\n    security: { policy: Basic256Sha256, mode: SignAndEncrypt, user: mes, passwordEnv: PLC_ASSEMBLY_PASSWORD }\n"));
    expect(failure().problems).to.deep.equal([{ path: "plcs[0].security.passwordEnv", message: 'PLC "plc-assembly": the environment variable PLC_ASSEMBLY_PASSWORD holding the password of "mes" is not set' }]);
    const { plant } = loadConfig(dir, { PLC_ASSEMBLY_PASSWORD: "from-the-environment" });
    expect(plant.plcs[0].security).to.deep.equal({ policy: "Basic256Sha256", mode: "SignAndEncrypt", identity: { kind: "userName", userName: "mes", password: "from-the-environment" }, allowUnsecured: false });
    expect(plant.plcs[1].security, "the demo's other PLCs, marked").to.deep.include({ policy: "None", allowUnsecured: true });
  });

  it("refuses a PLC security that does not hang together, and takes a PLC without one as unsecured and anonymous", () => {
    edit("plant.yaml", (text) => text.replace("    security: { policy: None, mode: None, allowUnsecured: true }\n", "    security: { policy: None, mode: Sign, user: mes, passwordEnv: X }\n"));
    expect(failure({ X: "x" }).problems.map((problem) => problem.path)).to.deep.equal(["plcs[0].security.mode", "plcs[0].security.policy"]);
    edit("plant.yaml", (text) => text.replace("    security: { policy: None, mode: Sign, user: mes, passwordEnv: X }\n", ""));
    expect(loadConfig(dir, {}).plant.plcs[0].security).to.deep.equal({ policy: "None", mode: "None", identity: { kind: "anonymous" }, allowUnsecured: false });
  });

  it("names the file, line and column of a YAML syntax error", () => {
    edit("plant.yaml", (text) => text.replace("  name: Acme Manufacturing", "  name: [Acme Manufacturing"));
    const error = failure();
    expect(error.file).to.equal(path.join(dir, "plant.yaml"));
    expect(error.message).to.match(/plant\.yaml: line \d+, column \d+/);
  });

  it("names the file and the path of a schema violation", () => {
    edit("plant.yaml", (text) => text.replace("endpointUrl: opc.tcp://127.0.0.1:48402/plc", "endpointUrl: http://127.0.0.1:48402"));
    const error = failure();
    expect(error.problems).to.deep.equal([{ path: "plcs[1].endpointUrl", message: "expected opc.tcp://host:port/path" }]);
    expect(error.message).to.contain("plant.yaml: plcs[1].endpointUrl: expected opc.tcp://host:port/path");
  });

  it("takes the output lot numbering rule from mes.yaml and refuses one that would give two lots one number", () => {
    expect(loadConfig(dir, {}).settings.inventory.outputLotNumber).to.equal("{product}-{yyyyMMdd}-{seq:4}");
    edit("mes.yaml", (text) => text.replace('outputLotNumber: "{product}-{yyyyMMdd}-{seq:4}"', 'outputLotNumber: "{product}-{yyyyMMdd}"'));
    const error = failure();
    expect(error.problems.map((problem) => problem.path)).to.deep.equal(["inventory.outputLotNumber"]);
    expect(error.message).to.contain("mes.yaml: inventory.outputLotNumber:").and.to.contain("names neither {seq} nor {job}");
  });

  it("refuses an unknown key rather than ignoring a typo", () => {
    edit("mes.yaml", (text) => text.replace("  port: 8080", "  prot: 8080"));
    expect(failure().message).to.match(/mes\.yaml: http: Unrecognized key: "prot"/);
  });

  it("refuses a work unit wired to a PLC that is not configured", () => {
    edit("plant.yaml", (text) => text.replace("plc: plc-packaging", "plc: plc-nowhere"));
    const error = failure();
    expect(error.problems[0].path).to.equal("enterprise.sites[0].areas[1].workCenters[0].workUnits[1].plc");
    expect(error.problems[0].message).to.contain('unknown PLC "plc-nowhere"');
  });

  it("refuses a duplicate equipment id and points at the second one", () => {
    edit("plant.yaml", (text) => text.replace("id: press-2", "id: press-1"));
    expect(failure().problems).to.deep.include({ path: "enterprise.sites[0].areas[0].workCenters[0].workUnits[1].id", message: 'duplicate equipment id "press-1"' });
  });

  it("lets the environment override the database URL and the ports", () => {
    const { settings } = loadConfig(dir, { MES_DB_URL: "mysql://root@127.0.0.1:3306/test", MES_OPCUA_PORT: "4841", MES_HTTP_PORT: "0", MES_SIMULATOR: "off" });
    expect(settings.database.url).to.equal("mysql://root@127.0.0.1:3306/test");
    expect(settings.opcua.port).to.equal(4841);
    expect(settings.http.port).to.equal(0);
    expect(settings.simulator.enabled).to.equal(false);
  });

  it("takes this instance's name and what it owns from the environment, and refuses a name or equipment that cannot be", () => {
    const { settings } = loadConfig(dir, { MES_INSTANCE_ID: "mes-b", MES_OWNS: "fabrication, press-line" });
    expect(settings.cluster.instanceId).to.equal("mes-b");
    expect(settings.cluster.owns).to.deep.equal(["fabrication", "press-line"]);
    expect(failure({ MES_INSTANCE_ID: "mes b" }).message).to.contain("environment variable MES_INSTANCE_ID");
    const unknown = failure({ MES_INSTANCE_ID: "mes-b", MES_OWNS: "fabrication,area-moon" });
    expect(unknown.problems).to.deep.equal([{ path: "cluster.owns", message: '"area-moon" is no equipment of plant.yaml (give ids of sites, areas, work centers or work units)' }]);
  });

  it("refuses a port that is no port, naming the variable", () => {
    expect(failure({ MES_HTTP_PORT: "80a" }).message).to.contain("environment variable MES_HTTP_PORT");
  });

  it("names the place in oee.yaml where it speaks of equipment or reasons that do not exist", () => {
    edit("oee.yaml", (text) => text.replace("equipmentIds: [plant-1]", "equipmentIds: [plant-9]").replace('"2": tool-wear', '"2": gremlins').replace("press-2: 1.7", "press-line: 1.7"));
    const error = failure();
    expect(error.file).to.equal(path.join(dir, "oee.yaml"));
    expect(error.problems).to.deep.include.members([
      { path: "calendars.three-shifts.equipmentIds[0]", message: 'no equipment "plant-9" in plant.yaml' },
      { path: "faultCodeReasons.2", message: '"gremlins" is not a code of downtimeReasons' },
      { path: "idealCycleTimes.press-line", message: '"press-line" is not a work unit of plant.yaml' },
    ]);
  });

  it("refuses a shift break outside its shift and an unknown time zone", () => {
    edit("oee.yaml", (text) => text.replace('start: "10:00", end: "10:30"', 'start: "15:00", end: "15:30"'));
    expect(failure().problems[0]).to.deep.equal({ path: "calendars.three-shifts.shifts[0].breaks[0]", message: "the break must lie inside the shift 06:00-14:00" });
    edit("oee.yaml", (text) => text.replace("timeZone: UTC", "timeZone: Mars/Olympus"));
    expect(failure().message).to.match(/timeZone/);
  });

  it("runs without oee.yaml: no calendars, so no planned time", () => {
    rmSync(path.join(dir, "oee.yaml"));
    const { oee } = loadConfig(dir, {});
    expect([Object.keys(oee.calendars).length, oee.microStops.convention]).to.deep.equal([0, "iso"]);
  });
});
