import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadConfig } from "../../../src/config/load-config.js";
import { masterDataSeedSchema } from "../../../src/config/master-data-schema.js";
import { readYamlFile } from "../../../src/config/read-yaml.js";
import { systemClock, uuidV7 } from "../../../src/services/clock.js";
import { MasterDataService } from "../../../src/services/master-data-service.js";
import { seedMasterData } from "../../../src/services/master-data-seed.js";
import { seedPersonnel } from "../../../src/services/personnel-seed.js";
import { PersonnelService } from "../../../src/services/personnel-service.js";
import { CalendarService } from "../../../src/services/calendar-service.js";
import { flattenPlant } from "../../../src/domain/equipment.js";
import { syncPlant } from "../../../src/services/plant-sync.js";
import type { Store } from "../../../src/services/ports/store.js";
import { openStore } from "../../../src/store/open-store.js";

describe("Starting master data from config/master-data.yaml", function () {
  let dir: string;
  let store: Store;
  let service: MasterDataService;
  const seed = readYamlFile(path.resolve("config/master-data.yaml"), masterDataSeedSchema);

  before(async function () {
    dir = mkdtempSync(path.join(tmpdir(), "mes-seed-"));
    store = await openStore(`sqlite:${path.join(dir, "mes.sqlite")}`);
    await syncPlant(store, loadConfig(path.resolve("config"), {}).plant, systemClock, uuidV7);
    service = new MasterDataService(store, systemClock, uuidV7);
  });

  after(async function () {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("adds the demo's materials and products, with the CP Lab task codes and cycle times", async function () {
    expect(await seedMasterData(store, service, seed)).to.equal(seed.materials.length + seed.products.length);
    const black = await service.product("phone-case-black");
    expect(black.parameters).to.deep.equal([{ id: "TaskCode", value: 1 }]);
    expect(black.workUnits).to.deep.equal([{ equipmentId: "cplab-1", idealCycleTimeS: 4, step: 1 }]);
    const [entry] = await store.read.audit.find({ targetType: "product", targetId: "phone-case-black" }, { limit: 1, offset: 0 });
    expect([entry.action, entry.door, entry.actor]).to.deep.equal(["product.created", "config", "system"]);
  });

  it("adds the demo crew once, enough to staff every shift of a week within everyone's hours", async function () {
    const plantConfig = loadConfig(path.resolve("config"), {});
    const equipment = flattenPlant(plantConfig.plant.enterprise);
    const calendars = new CalendarService(store, equipment, systemClock, uuidV7);
    await calendars.seed(plantConfig.oee.calendars);
    const personnel = new PersonnelService(store, calendars, equipment, plantConfig.scheduling.staffing, systemClock, uuidV7);
    expect(await seedPersonnel(store, personnel, seed.personnel)).to.equal(seed.personnel.length);
    expect(seed.personnel.length).to.be.greaterThan(20);
    expect(await seedPersonnel(store, personnel, seed.personnel), "a second start adds nobody").to.equal(0);

    const week = await personnel.roster(new Date("2026-11-23T00:00:00Z"), false, { id: "test", role: null, door: "config" });
    expect(week.shortages, "every shift of every work center covered").to.deep.equal([]);
    expect(week.assignments.length).to.equal(3 * 7 * 6 + 7);
    expect(week.underMinimum.filter((u) => u.minHours > 0), "every operator gets their minimum").to.deep.equal([]);
    expect(Math.max(...Object.values(week.hours))).to.be.at.most(48);
  });

  it("leaves a product the ERP has changed alone on the next start", async function () {
    await service.putProduct({ id: "bracket", name: "Bracket (ERP)", workUnits: [{ equipmentId: "press-2", idealCycleTimeS: 1.2 }] }, { id: "erp", role: null, door: "rest" });
    expect(await seedMasterData(store, service, seed)).to.equal(0);
    const bracket = await service.product("bracket");
    expect([bracket.name, bracket.workUnits]).to.deep.equal(["Bracket (ERP)", [{ equipmentId: "press-2", idealCycleTimeS: 1.2, step: 1 }]]);
  });
});
