/**
 * Configured PLC node ids may name their namespace by URI (`nsu=urn:x;s=Tag`), which survives a
 * PLC whose namespace indexes move; the session's NamespaceArray turns it into today's index.
 */
export function resolveNodeId(configured: string, namespaceArray: readonly string[]): string {
  const match = /^nsu=([^;]+);(.*)$/.exec(configured);
  if (!match) return configured;
  const index = namespaceArray.indexOf(match[1]);
  if (index < 0) throw new Error(`namespace "${match[1]}" is not served by this PLC (it serves: ${namespaceArray.join(", ")})`);
  return `ns=${index};${match[2]}`;
}
