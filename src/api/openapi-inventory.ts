import { LOT_STATUSES, MOVEMENT_KINDS } from "../domain/inventory/lot-status.js";
import { body, dateTime, error, ok, page, pathParameter, queryParameters, ref } from "./openapi-parts.js";
import { materialClassBody, materialSpecificationBody } from "./routes/material-class-routes.js";
import { bomBody, consumptionBody, genealogyQuery, lotsQuery, mergeBody, moveBody, movementsQuery, receiptBody, splitBody, stagingBody, statusBody, stockQuery } from "./routes/inventory-routes.js";

/** OpenAPI paths and schemas of inventory operations: lots, movements, staging, BOMs and genealogy (ISA-95 Part 3). */

const nullableString = { type: "string", nullable: true };
const lotIdParameter = pathParameter("id", "the lot number");
const lotProperties = {
  id: { type: "string", description: "the lot number" },
  materialDefinitionId: { type: "string" },
  parentLotId: { ...nullableString, description: "the lot a sublot was split from" },
  quantity: { type: "number", description: "on hand, in unit; below 0 only after an audited override" },
  unit: { type: "string", description: "unit of measure (pcs, kg, g, m, mm, l, ml, m2, t)" },
  status: { type: "string", enum: [...LOT_STATUSES] },
  locationId: { ...nullableString, description: "the storage zone or work unit (plant.yaml equipment) it is at" },
  carrierId: nullableString,
  jobOrderId: { ...nullableString, description: "the job order that produced it (an output lot)" },
  description: nullableString,
  createdAt: dateTime,
  updatedAt: dateTime,
};
const lotRequired = Object.keys(lotProperties);

export const inventorySchemas = {
  Lot: { type: "object", required: lotRequired, properties: lotProperties },
  LotDetail: { type: "object", required: [...lotRequired, "movements"], properties: { ...lotProperties, movements: { type: "array", items: ref("Movement"), description: "newest first, at most 500" } } },
  Movement: {
    type: "object",
    description: "one row of the append-only movement ledger",
    required: ["id", "at", "kind", "fromLotId", "toLotId", "materialDefinitionId", "quantity", "unit", "fromLocationId", "toLocationId", "jobOrderId", "workUnitId", "carrierId", "actor", "door", "problem", "override", "comment"],
    properties: {
      id: { type: "string" },
      at: dateTime,
      kind: { type: "string", enum: [...MOVEMENT_KINDS] },
      fromLotId: { ...nullableString, description: "the lot material left; null for a receipt, a production or an unassigned consumption" },
      toLotId: { ...nullableString, description: "the lot it went into (a split's sublot, a merge's target, a job order's output lot)" },
      materialDefinitionId: { type: "string" },
      quantity: { type: "number", description: "above 0, in unit" },
      unit: { type: "string" },
      fromLocationId: nullableString,
      toLocationId: nullableString,
      jobOrderId: nullableString,
      workUnitId: nullableString,
      carrierId: nullableString,
      actor: { type: "string" },
      door: { type: "string" },
      problem: { ...nullableString, description: "unassigned: consumed with no lot staged, for a person to resolve" },
      override: { type: "boolean", description: "a person accepted that the lot went below zero" },
      comment: nullableString,
    },
  },
  GenealogyEdge: {
    type: "object",
    description: "the movements from one lot into another through one job order, as one edge",
    required: ["kind", "fromLotId", "toLotId", "quantity", "unit", "firstAt", "lastAt", "movements", "jobOrderId", "workUnitId"],
    properties: {
      kind: { type: "string", enum: [...MOVEMENT_KINDS] },
      fromLotId: { type: "string" },
      toLotId: { type: "string" },
      quantity: { type: "number", description: "the sum of the movements, in unit" },
      unit: { type: "string" },
      firstAt: dateTime,
      lastAt: dateTime,
      movements: { type: "integer" },
      jobOrderId: nullableString,
      workUnitId: nullableString,
    },
  },
  Genealogy: {
    type: "object",
    required: ["rootLotId", "direction", "lots", "edges", "jobOrderIds", "workUnitIds", "actors", "carrierIds", "truncated"],
    properties: {
      rootLotId: { type: "string" },
      direction: { type: "string", enum: ["backward", "forward"] },
      lots: { type: "array", items: { type: "object", required: [...lotRequired, "depth"], properties: { ...lotProperties, depth: { type: "integer", description: "movements from the root (0: the root)" } } } },
      edges: { type: "array", items: ref("GenealogyEdge") },
      jobOrderIds: { type: "array", items: { type: "string" } },
      workUnitIds: { type: "array", items: { type: "string" } },
      actors: { type: "array", items: { type: "string" }, description: "the people, PLCs and the MES itself (system) on the edges" },
      carrierIds: { type: "array", items: { type: "string" } },
      truncated: { type: "boolean", description: "the walk stopped at its depth (64) or size (10 000 lots) limit" },
    },
  },
  MaterialClass: {
    type: "object",
    required: ["id", "name", "description", "materialDefinitionIds"],
    properties: { id: { type: "string" }, name: { type: "string" }, description: nullableString, materialDefinitionIds: { type: "array", items: { type: "string" }, description: "the definitions that belong to the class" } },
  },
  MaterialSpecification: {
    type: "object",
    required: ["materialDefinitionId", "classId", "properties"],
    properties: {
      materialDefinitionId: { type: "string" },
      classId: { ...nullableString, description: "the material class it belongs to" },
      properties: {
        type: "array",
        items: { type: "object", required: ["name", "value", "unit"], properties: { name: { type: "string" }, value: { type: "string" }, unit: { ...nullableString, description: "unit of measure (pcs, kg, g, t, m, mm, l, ml, m2)" } } },
      },
    },
  },
  Staging: {
    type: "object",
    required: ["workUnitId", "materialDefinitionId", "lotId", "stagedAt", "stagedBy"],
    properties: { workUnitId: { type: "string" }, materialDefinitionId: { type: "string" }, lotId: { type: "string" }, stagedAt: dateTime, stagedBy: { type: "string" } },
  },
  BillOfMaterials: {
    type: "object",
    required: ["productId", "lines"],
    properties: {
      productId: { type: "string" },
      lines: {
        type: "array",
        items: {
          type: "object",
          required: ["productId", "step", "materialDefinitionId", "quantityPerGood", "quantityPerScrap", "unit", "fromLocationId"],
          properties: {
            productId: { type: "string" },
            step: { type: "integer", description: "the routing step it is consumed at" },
            materialDefinitionId: { type: "string" },
            quantityPerGood: { type: "number" },
            quantityPerScrap: { type: "number" },
            unit: { type: "string" },
            fromLocationId: nullableString,
          },
        },
      },
    },
  },
};

const lotAnswer = (description: string) => ok(description, ref("Lot"));

export const inventoryPaths = {
  "/api/v1/lots": {
    get: { summary: "Material lots and sublots, newest first, by material, status, location or producing job order", parameters: queryParameters(lotsQuery), responses: { "200": ok("a page of lots", page(ref("Lot"))), "400": error } },
    post: { summary: "Receive a lot (from the ERP or a person), audited as material.received", requestBody: body(receiptBody), responses: { "201": lotAnswer("the lot received"), "400": error, "409": error } },
  },
  "/api/v1/lots/{id}": { get: { summary: "One lot with its movements", parameters: [lotIdParameter], responses: { "200": ok("the lot", ref("LotDetail")), "404": error } } },
  "/api/v1/lots/{id}/genealogy": {
    get: {
      summary: "The lot's genealogy as a graph: backward (what went into it) or forward (what it went into), with the job orders, work units, people and carriers on the way",
      parameters: [lotIdParameter, ...queryParameters(genealogyQuery)],
      responses: { "200": ok("the graph", ref("Genealogy")), "400": error, "404": error },
    },
  },
  "/api/v1/lots/{id}/move": { post: { summary: "Move a lot to another storage location", parameters: [lotIdParameter], requestBody: body(moveBody), responses: { "200": lotAnswer("the lot, moved"), "400": error, "404": error, "409": error } } },
  "/api/v1/lots/{id}/split": { post: { summary: "Split a sublot off a lot", parameters: [lotIdParameter], requestBody: body(splitBody), responses: { "201": lotAnswer("the new sublot"), "400": error, "404": error, "409": error } } },
  "/api/v1/lots/{id}/merge": { post: { summary: "Merge (part of) this lot into another lot of the same material", parameters: [lotIdParameter], requestBody: body(mergeBody), responses: { "200": lotAnswer("the target lot"), "400": error, "404": error, "409": error } } },
  "/api/v1/lots/{id}/status": { put: { summary: "Quarantine, release, scrap or ship a lot", parameters: [lotIdParameter], requestBody: body(statusBody), responses: { "200": lotAnswer("the lot"), "400": error, "404": error, "409": error } } },
  "/api/v1/stock": {
    get: {
      summary: "Stock on hand by location, material, status and unit",
      parameters: queryParameters(stockQuery),
      responses: {
        "200": ok("the stock", {
          type: "object",
          required: ["items"],
          properties: { items: { type: "array", items: { type: "object", required: ["locationId", "materialDefinitionId", "status", "unit", "quantity", "lots"], properties: { locationId: nullableString, materialDefinitionId: { type: "string" }, status: { type: "string", enum: [...LOT_STATUSES] }, unit: { type: "string" }, quantity: { type: "number" }, lots: { type: "integer" } } } } },
        }),
        "400": error,
      },
    },
  },
  "/api/v1/movements": {
    get: {
      summary: "The movement ledger, newest first, by work unit or job order; problem=true lists the unassigned consumptions",
      parameters: queryParameters(movementsQuery),
      responses: { "200": ok("movements", { type: "object", required: ["items", "limit", "offset"], properties: { items: { type: "array", items: ref("Movement") }, limit: { type: "integer" }, offset: { type: "integer" } } }), "400": error },
    },
  },
  "/api/v1/consumptions": {
    post: {
      summary: "Record an explicit consumption (a person, the ERP, a PLC scanning a lot); without a lotId it is recorded as unassigned; override (Supervisor, Admin) lets the lot go below zero",
      requestBody: body(consumptionBody),
      responses: { "201": ok("the movement", ref("Movement")), "400": error, "404": error, "409": error },
    },
  },
  "/api/v1/staging": {
    get: { summary: "The lots staged line-side at every work unit, one per work unit and material", responses: { "200": ok("staged lots", { type: "object", required: ["items"], properties: { items: { type: "array", items: ref("Staging") } } }) } },
  },
  "/api/v1/work-units/{id}/staging": {
    get: { summary: "The lots staged at a work unit, one per material", parameters: [pathParameter("id", "a work unit")], responses: { "200": ok("staged lots", { type: "object", required: ["items"], properties: { items: { type: "array", items: ref("Staging") } } }), "404": error } },
    put: { summary: "Stage a lot at a work unit: backflush consumes its material from it", parameters: [pathParameter("id", "a work unit")], requestBody: body(stagingBody), responses: { "200": lotAnswer("the lot, now at the work unit"), "400": error, "404": error, "409": error } },
  },
  "/api/v1/work-units/{id}/staging/{materialDefinitionId}": {
    delete: {
      summary: "Un-stage a work unit's lot of a material: backflush no longer takes from it (the lot stays where it is), audited as material.unstaged",
      parameters: [pathParameter("id", "a work unit"), pathParameter("materialDefinitionId", "the material staged")],
      responses: { "204": { description: "no longer staged" }, "404": error },
    },
  },
  "/api/v1/material-classes": {
    get: { summary: "Material classes (ISA-95 Part 2) with the material definitions that belong to each", responses: { "200": ok("the classes", { type: "object", required: ["items"], properties: { items: { type: "array", items: ref("MaterialClass") } } }) } },
  },
  "/api/v1/material-classes/{id}": {
    get: { summary: "One material class", parameters: [pathParameter("id", "a material class")], responses: { "200": ok("the class", ref("MaterialClass")), "404": error } },
    put: {
      summary: "Create (201) or update (200) a material class, audited",
      parameters: [pathParameter("id", "a material class")],
      requestBody: body(materialClassBody),
      responses: { "200": ok("the class, updated", ref("MaterialClass")), "201": ok("the class, created", ref("MaterialClass")), "400": error },
    },
  },
  "/api/v1/materials/{id}/properties": {
    get: { summary: "A material definition's class and its properties, each value with its unit of measure", parameters: [pathParameter("id", "a material definition")], responses: { "200": ok("the specification", ref("MaterialSpecification")), "404": error } },
    put: {
      summary: "Put a material definition into a class (or none) and replace its properties, audited as material.specified",
      parameters: [pathParameter("id", "a material definition")],
      requestBody: body(materialSpecificationBody),
      responses: { "200": ok("the specification", ref("MaterialSpecification")), "400": error, "404": error },
    },
  },
  "/api/v1/products/{id}/bom": {
    get: { summary: "A product's bill of materials per routing step", parameters: [pathParameter("id", "a product")], responses: { "200": ok("the BOM", ref("BillOfMaterials")), "404": error } },
    put: { summary: "Replace a product's bill of materials, all steps at once", parameters: [pathParameter("id", "a product")], requestBody: body(bomBody), responses: { "200": ok("the BOM", ref("BillOfMaterials")), "400": error, "404": error } },
  },
};
