export interface RestAnswer {
  readonly status: number;
  readonly headers: Headers;
  /** The parsed JSON, as loosely typed as a test needs to look into it. */
  readonly body: any;
}

/** One JSON request to the MES's REST door, as an ERP or the UI would make it. */
export async function restCall(baseUrl: string, method: string, route: string, body?: unknown): Promise<RestAnswer> {
  const response = await fetch(`${baseUrl}${route}`, { method, headers: body === undefined ? {} : { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}
