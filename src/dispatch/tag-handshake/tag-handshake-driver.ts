import type { DispatchDriverFactory } from "../dispatch-driver.js";

/** Placeholder until the tag-handshake driver lands; configuration that asks for it is refused at start. */
export const createTagHandshakeDriver: DispatchDriverFactory = (unit) => {
  throw new Error(`${unit.id}: the tag-handshake dispatch driver is not available yet`);
};
