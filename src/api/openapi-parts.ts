import { z } from "zod";

/** Building blocks of the OpenAPI document; request schemas come from the zod schemas the routes validate with. */
export const error = { $ref: "#/components/responses/Error" };
export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
export const json = (schema: unknown) => ({ "application/json": { schema } });
export const ok = (description: string, schema: unknown) => ({ description, content: json(schema) });
export const toJson = (schema: z.ZodType) => z.toJSONSchema(schema, { io: "input", unrepresentable: "any", target: "openapi-3.0" }) as { properties?: Record<string, unknown>; required?: string[] };
export const body = (schema: z.ZodType, required = true) => ({ required, content: json(toJson(schema)) });
export const pathParameter = (name: string, description: string) => ({ name, in: "path", required: true, description, schema: { type: "string" } });
export const dateTime = { type: "string", format: "date-time" };

export function queryParameters(schema: z.ZodObject) {
  return Object.entries(toJson(schema).properties ?? {}).map(([name, property]) => ({ name, in: "query", required: false, schema: property }));
}

/** An array of objects with these properties, the commonest shape of an answer's lists. */
export const listOf = (properties: Record<string, unknown>) => ({ type: "array", items: { type: "object", properties } });
/** The same where every property is always there (null rather than left out). */
export const listOfAll = (properties: Record<string, unknown>) => ({ type: "array", items: { type: "object", required: Object.keys(properties), properties } });

export const page = (items: unknown) => ({
  type: "object",
  required: ["items", "total", "limit", "offset"],
  properties: { items: { type: "array", items }, total: { type: "integer" }, limit: { type: "integer" }, offset: { type: "integer" } },
});
