/**
 * How the MES spells a job order command outside OPC UA (REST paths, allowedCommands, 409 details,
 * state history, callbacks): the OPC 10031-4 method name in lower case with a hyphen between its
 * words, StoreAndStart as `store-and-start`, RevokeStart as `revoke-start`. One rule, so the name a
 * callback reports is the name the ERP posts.
 */
export function spelledCommand(specName: string): string {
  return specName.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();
}

/** The name as a reader may have typed it: REST spelling or the spec's (`Clear`, `RevokeStart`), any case. */
export function commandKey(name: string): string {
  return name.replace(/[-_]/g, "").toLowerCase();
}
