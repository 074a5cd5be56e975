/// <reference lib="dom" />
import { expect } from "chai";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import type { RunningMes } from "../../src/app.js";
import type { PlcSimulator } from "../../tools/plc-sim/simulator.js";
import { launchBrowser, seriousAccessibilityViolations, signIn, SIZES } from "../support/browser.js";
import { startDemoMes, startDemoSimulator } from "../support/demo-mes.js";
import { restCall } from "../support/rest-call.js";
import { waitFor } from "../support/wait-for.js";

const DEMO_WORK_UNITS = ["press-1", "press-2", "welder-1", "mill-1", "cplab-1", "packer-1", "labeler-1"];
const SCREENSHOTS = path.resolve("test-output/ui");

interface Tile {
  id: string;
  machineState: string;
  stateSince: string | null;
  stop: { id: string } | null;
}

/**
 * The andon in a real browser on the demo MES (`npm run build:web` first). The machines stand still
 * where the test puts them (the demo's breaks change planned time, never a machine's state): Welder 1
 * stopped first, then Press 1 faulted with fault code 1 (a jam); the other generic machines run.
 */
describe("The andon page in a real browser (Debian's Chromium, headless)", function () {
  this.timeout(180_000);
  let dir: string;
  let sim: PlcSimulator;
  let mes: RunningMes;
  let browser: Browser;

  const rest = (method: string, route: string, body?: unknown) => restCall(mes.httpUrl, method, route, body);
  async function page(size: keyof typeof SIZES = "wall"): Promise<Page> {
    // CSP bypassed only so the test can inject axe-core; the MES's own scripts never need it.
    const context = await browser.newContext({ viewport: SIZES[size], bypassCSP: true });
    return context.newPage();
  }
  const tile = async (id: string): Promise<Tile> => ((await rest("GET", "/api/v1/overview")).body.workUnits as Tile[]).find((t) => t.id === id)!;

  before(async function () {
    dir = mkdtempSync(path.join(tmpdir(), "mes-andon-"));
    sim = await startDemoSimulator();
    mes = await startDemoMes(dir, sim);
    browser = await launchBrowser();
    mkdirSync(SCREENSHOTS, { recursive: true });
    await waitFor("every PLC connected", async () => (await rest("GET", "/healthz")).body.plcs.every((plc: { connectionState: string }) => plc.connectionState === "connected"));
    const assembly = sim.plc("plc-assembly");
    assembly.machine("Welder1").setState("stopped");
    await waitFor("welder-1 stopped, its stop recorded", async () => {
      const welder = await tile("welder-1");
      return welder.machineState === "stopped" && welder.stop !== null;
    });
    assembly.machine("Press1").setState("faulted", 1);
    await waitFor("press-1 faulted, its stop recorded", async () => {
      const press = await tile("press-1");
      return press.machineState === "faulted" && press.stop !== null;
    });
    await waitFor("press-2 running", async () => (await tile("press-2")).machineState === "running");
  });

  after(async function () {
    await browser?.close();
    await mes?.stop();
    await sim?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("shows every work unit, the longest stop first and the running units last, each stop's duration counting up with its cause, in large figures and without an accessibility violation", async function () {
    const tab = await page("wall");
    await signIn(tab, mes.httpUrl, "operator");
    await tab.getByRole("link", { name: "Andon" }).first().click();
    await tab.getByRole("heading", { name: /^Andon: Plant 1$/ }).waitFor();
    await tab.locator('[data-unit="press-1"][data-state="faulted"]').waitFor();
    const order = await tab.locator("[data-unit]").evaluateAll((tiles) => tiles.map((t) => ({ unit: t.getAttribute("data-unit")!, state: t.getAttribute("data-state")! })));
    expect(order.map((t) => t.unit).sort(), "every work unit, once").to.deep.equal([...DEMO_WORK_UNITS].sort());
    expect(order.slice(0, 2).map((t) => t.unit), "the stopped welder (stopped longer), then the faulted press").to.deep.equal(["welder-1", "press-1"]);
    const running = order.map((t, i) => (t.state === "running" ? i : -1)).filter((i) => i >= 0);
    expect(running.length, "some units run").to.be.greaterThan(0);
    expect(Math.min(...running), "running units come after the stops").to.be.greaterThan(1);
    expect(await tab.getByRole("navigation").count(), "no navigation on a wall screen").to.equal(0);

    const press = tab.locator('[data-unit="press-1"]');
    expect(await press.locator("[data-cause]").textContent()).to.equal("fault 1 · Mechanical › Jam");
    const duration = press.locator(".andon-duration");
    expect(await duration.textContent()).to.match(/^Down \(fault\) for \d+s$|^Down \(fault\) for \d+min \d\ds$/);
    const first = Number(await duration.getAttribute("data-duration-ms"));
    await tab.waitForFunction((before) => Number(document.querySelector('[data-unit="press-1"] .andon-duration')?.getAttribute("data-duration-ms")) >= before + 1000, first, { timeout: 15_000 });
    // Readable across the hall: at 1920x1080 a stop's duration is at least 48 px high, about 3 cm on a 55-inch screen.
    expect(await duration.evaluate((element) => parseFloat(getComputedStyle(element).fontSize))).to.be.at.least(48);
    expect(await press.getByRole("button", { name: "Request maintenance" }).count(), "an operator may request maintenance from a stop").to.equal(1);
    expect(await tab.locator('[data-unit="press-2"]').getByRole("button", { name: "Request maintenance" }).count(), "not from a running unit").to.equal(0);
    await tab.screenshot({ path: path.join(SCREENSHOTS, "andon-wall.png") });
    expect(await seriousAccessibilityViolations(tab), "andon at 1920x1080").to.deep.equal([]);

    // Escape answers a question with no; only without one does it leave the screen.
    await press.getByRole("button", { name: "Request maintenance" }).click();
    await tab.getByRole("dialog").waitFor();
    await tab.keyboard.press("Escape");
    await tab.getByRole("dialog").waitFor({ state: "detached" });
    expect(await tab.evaluate(() => location.hash)).to.equal("#/andon");
    await tab.keyboard.press("Escape");
    await tab.getByRole("heading", { name: "Plant overview" }).waitFor();
    await tab.context().close();
  });

  it("gives an Observer the andon without an Acknowledge or a Request maintenance button, at laptop size without an accessibility violation", async function () {
    const tab = await page("laptop");
    await signIn(tab, mes.httpUrl, "observer");
    await tab.goto(`${mes.httpUrl}/#/andon`);
    await tab.locator('[data-unit="press-1"][data-state="faulted"]').waitFor();
    expect(await tab.locator("[data-unit]").count()).to.equal(DEMO_WORK_UNITS.length);
    const alarms = await rest("GET", "/api/v1/alarms?active=true");
    // With the alarms API the press's fault is an alarm the Observer sees but cannot acknowledge.
    if (alarms.status === 200) await tab.locator('[data-unit="press-1"] [data-alarm]').first().waitFor();
    expect(await tab.getByRole("button", { name: /^Acknowledge/ }).count()).to.equal(0);
    expect(await tab.getByRole("button", { name: "Request maintenance" }).count()).to.equal(0);
    await tab.screenshot({ path: path.join(SCREENSHOTS, "andon-laptop.png"), fullPage: true });
    expect(await seriousAccessibilityViolations(tab), "andon at 1280x800").to.deep.equal([]);
    await tab.context().close();
  });

  it("counts a unit's unacknowledged alarms on the overview, and an operator acknowledges the press's alarm from the andon", async function () {
    if ((await rest("GET", "/api/v1/alarms?active=true")).status === 404) this.skip();
    const alarm = await waitFor("an unacknowledged alarm on press-1", async () => {
      const { body } = await rest("GET", "/api/v1/alarms?active=true");
      return (body.items as { id: string; workUnitId: string | null; acknowledged: boolean }[]).find((a) => a.workUnitId === "press-1" && !a.acknowledged);
    });
    const tab = await page("wall");
    await signIn(tab, mes.httpUrl, "operator");
    const badge = tab.locator('[data-unit="press-1"] [data-alarm-count]');
    await badge.waitFor();
    expect(Number(await badge.getAttribute("data-alarm-count"))).to.be.at.least(1);

    await tab.goto(`${mes.httpUrl}/#/andon`);
    const shown = tab.locator(`[data-unit="press-1"] [data-alarm="${alarm.id}"]`);
    await tab.locator(`[data-unit="press-1"] [data-alarm="${alarm.id}"][data-acknowledged="false"]`).waitFor();
    await shown.getByRole("button", { name: /^Acknowledge/ }).click();
    await tab.locator(`[data-alarm="${alarm.id}"][data-acknowledged="true"]`).waitFor();
    expect(await tab.locator(`[data-alarm="${alarm.id}"]`).textContent()).to.contain("Acknowledged");
    const { body } = await rest("GET", "/api/v1/alarms?active=true");
    expect((body.items as { id: string; acknowledged: boolean }[]).find((a) => a.id === alarm.id)?.acknowledged, "REST: acknowledged").to.equal(true);
    await tab.context().close();
  });

  it("an operator requests maintenance from the faulted press after saying yes, and REST has the request for the press", async function () {
    if ((await rest("GET", "/api/v1/maintenance/work-orders")).status === 404) this.skip();
    const press = await tile("press-1");
    const tab = await page("wall");
    await signIn(tab, mes.httpUrl, "operator");
    await tab.goto(`${mes.httpUrl}/#/andon`);
    const unit = tab.locator('[data-unit="press-1"]');
    await unit.getByRole("button", { name: "Request maintenance" }).click();
    await tab.getByRole("dialog").getByRole("button", { name: "Yes, request maintenance" }).click();
    await unit.getByText("Maintenance requested for Press 1.").waitFor();
    const { body } = await rest("GET", "/api/v1/maintenance/work-orders");
    const requests = (body.items ?? body) as { workUnitId: string; source?: { kind: string; id: string | null }; fromDowntimeId?: string }[];
    const mine = requests.filter((request) => request.workUnitId === "press-1");
    expect(mine, "a work request for press-1").to.have.length(1);
    expect(mine[0].source ?? { kind: "downtime", id: mine[0].fromDowntimeId }, "from the press's open stop").to.deep.equal({ kind: "downtime", id: press.stop!.id });
    await tab.context().close();
  });
});
