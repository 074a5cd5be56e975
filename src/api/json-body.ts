import type Koa from "koa";
import { HttpError } from "./http-error.js";

/** Larger than any order or master-data document; a bigger body is a mistake or an attack. */
export const MAX_BODY_BYTES = 256 * 1024;
/** No document of the API nests deeper than 6; 32 leaves room and stops stack-hungry bodies early. */
export const MAX_JSON_DEPTH = 32;

/**
 * The request's JSON body, or undefined when there is none. Read with a byte limit before
 * parsing, so a huge body costs the server nothing but the refusal.
 */
export async function readJsonBody(ctx: Koa.Context, maxBytes = MAX_BODY_BYTES): Promise<unknown> {
  const declared = Number(ctx.get("content-length") || 0);
  if (declared > maxBytes) throw tooLarge(maxBytes);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw tooLarge(maxBytes);
    chunks.push(chunk);
  }
  if (size === 0) return undefined;
  if (!ctx.is("application/json")) {
    throw new HttpError(415, "unsupported_media_type", `send the body as application/json (got ${ctx.get("content-type") || "no content type"})`, { field: "content-type" });
  }
  // RFC 8259 §8.1: JSON between systems is UTF-8; a body in another charset would be misread, not parsed.
  const charset = ctx.request.charset.toLowerCase();
  if (charset && charset !== "utf-8" && charset !== "utf8") {
    throw new HttpError(415, "unsupported_media_type", `send the body as UTF-8 JSON (got charset ${charset.slice(0, 40)})`, { field: "content-type", charset: charset.slice(0, 40) });
  }
  const text = Buffer.concat(chunks).toString("utf8");
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new HttpError(400, "invalid_input", `body: not valid JSON (${(error as Error).message})`, { field: "body", reason: "malformed JSON" });
  }
  if (depthOf(value) > MAX_JSON_DEPTH) {
    throw new HttpError(400, "invalid_input", `body: nested deeper than ${MAX_JSON_DEPTH} levels`, { field: "body", reason: "too deep", limit: MAX_JSON_DEPTH });
  }
  return value;
}

/** Walked without recursion, so a hostile depth cannot exhaust the stack. */
function depthOf(value: unknown): number {
  let deepest = 0;
  const pending: [unknown, number][] = [[value, 0]];
  while (pending.length > 0) {
    const [node, depth] = pending.pop()!;
    if (node === null || typeof node !== "object") continue;
    deepest = Math.max(deepest, depth + 1);
    if (deepest > MAX_JSON_DEPTH) return deepest;
    for (const child of Object.values(node)) pending.push([child, depth + 1]);
  }
  return deepest;
}

function tooLarge(maxBytes: number): HttpError {
  return new HttpError(413, "payload_too_large", `the body is larger than ${maxBytes} bytes`, { field: "body", limit: maxBytes });
}
