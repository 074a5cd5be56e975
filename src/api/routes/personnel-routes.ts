import type Router from "koa-router";
import { z } from "zod";
import type { PersonnelService } from "../../services/personnel-service.js";
import { readJsonBody } from "../json-body.js";
import { masterDataId } from "../request-schemas.js";
import { restActor } from "../rest-actor.js";
import { parseInput } from "../validate.js";
import { requires } from "../auth/route-access.js";

const dateTime = z.iso.datetime({ offset: true, message: "an ISO 8601 date-time with a zone, e.g. 2026-11-23T00:00:00Z" }).transform((value) => new Date(value));
const hours = z.number().min(0).max(168);

export const personBody = z
  .strictObject({
    name: z.string().min(1).max(128),
    /** ISA-95 personnel classes, e.g. Operator, Maintenance, Quality, Manager. */
    classes: z.array(z.string().min(1).max(64)).min(1).max(20),
    /** Work centers the person is qualified for. */
    qualifications: z.array(masterDataId).max(200).default([]),
    contractedHours: hours,
    minHours: hours.default(0),
    maxHours: hours,
    unavailable: z.array(z.strictObject({ start: dateTime, end: dateTime })).max(200).default([]),
  })
  // zod runs this even when a field failed: it looks only at well-formed entries.
  .refine((p) => !Array.isArray(p.unavailable) || p.unavailable.every((u) => !(u?.start instanceof Date && u.end instanceof Date) || u.end > u.start), { path: ["unavailable"], message: "each end must be after its start" });

export const rosterBody = z.strictObject({ weekStart: dateTime });
export const rosterQuery = z.strictObject({ from: dateTime, to: dateTime });
export const onShiftQuery = z.strictObject({ at: dateTime.optional() });

/** Personnel master data, the weekly roster, and who is on shift. */
export function personnelRoutes(router: Router, personnel: PersonnelService): void {
  router.get("/api/v1/personnel", requires("read"), async (ctx) => {
    ctx.body = { items: await personnel.people() };
  });

  router.get("/api/v1/personnel/on-shift", requires("read"), async (ctx) => {
    const { at } = parseInput(onShiftQuery, ctx.query, "query");
    ctx.body = { at: at ?? new Date(), items: await personnel.onShift(at ?? new Date()) };
  });

  router.get("/api/v1/personnel/:id", requires("read"), async (ctx) => {
    ctx.body = await personnel.person(parseInput(masterDataId, ctx.params.id, "query"));
  });

  router.put("/api/v1/personnel/:id", requires("rosters"), async (ctx) => {
    const id = parseInput(masterDataId, ctx.params.id, "query");
    const body = parseInput(personBody, await readJsonBody(ctx), "body");
    const { person, created } = await personnel.putPerson({ id, ...body }, restActor(ctx));
    ctx.status = created ? 201 : 200;
    ctx.body = person;
  });

  router.post("/api/v1/rosters/preview", requires("rosters"), async (ctx) => {
    const { weekStart } = parseInput(rosterBody, await readJsonBody(ctx), "body");
    ctx.body = await personnel.roster(weekStart, false, restActor(ctx));
  });

  router.post("/api/v1/rosters/commit", requires("rosters"), async (ctx) => {
    const { weekStart } = parseInput(rosterBody, await readJsonBody(ctx), "body");
    ctx.body = await personnel.roster(weekStart, true, restActor(ctx));
  });

  router.get("/api/v1/rosters", requires("read"), async (ctx) => {
    const { from, to } = parseInput(rosterQuery, ctx.query, "query");
    ctx.body = { items: await personnel.assignments(from, to) };
  });
}
