import http from "node:http";
import type { AddressInfo } from "node:net";

/** A stand-in ERP on loopback: every callback body it receives, in order, answered 204. */
export interface CallbackReceiver<T> {
  readonly url: string;
  readonly received: T[];
  close(): Promise<void>;
}

export async function startCallbackReceiver<T>(pathName = "/erp/hook"): Promise<CallbackReceiver<T>> {
  const received: T[] = [];
  const server = http.createServer((req, res) => {
    let text = "";
    req.on("data", (chunk) => (text += chunk));
    req.on("end", () => {
      received.push(JSON.parse(text) as T);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${pathName}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
