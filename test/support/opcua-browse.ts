import { BrowseDirection, NodeClassMask, resolveNodeId, type ClientSession, type ReferenceDescription } from "node-opcua";

export const ISA95_NAMESPACE = "http://www.OPCFoundation.org/UA/2013/01/ISA95";
export const MES_NAMESPACE = "http://opcua-mes.org/UA/MES/";

/** Forward references of one type (default: every hierarchical one) from a node, objects and variables. */
export async function browseChildren(session: ClientSession, nodeId: string, referenceTypeId = "HierarchicalReferences"): Promise<ReferenceDescription[]> {
  const result = await session.browse({
    nodeId: resolveNodeId(nodeId),
    browseDirection: BrowseDirection.Forward,
    referenceTypeId: resolveNodeId(referenceTypeId),
    includeSubtypes: true,
    nodeClassMask: NodeClassMask.Object | NodeClassMask.Variable,
    resultMask: 63,
  });
  return result.references ?? [];
}

/** The child with this browse name (namespace ignored), or a failure that lists what is there. */
export async function childByName(session: ClientSession, nodeId: string, name: string): Promise<string> {
  const children = await browseChildren(session, nodeId);
  const child = children.find((ref) => ref.browseName.name === name);
  if (!child) throw new Error(`${nodeId} has no child "${name}" (it has: ${children.map((c) => c.browseName.name).join(", ")})`);
  return child.nodeId.toString();
}

export async function nodeIdByPath(session: ClientSession, startNodeId: string, names: readonly string[]): Promise<string> {
  let current = startNodeId;
  for (const name of names) current = await childByName(session, current, name);
  return current;
}

export async function namespaceIndex(session: ClientSession, uri: string): Promise<number> {
  const array = await session.readNamespaceArray();
  const index = array.indexOf(uri);
  if (index < 0) throw new Error(`server has no namespace ${uri}`);
  return index;
}

/** A NodeId in the plant's namespace of a running MES server, `ns=<its index>;s=<id>` (the index follows the load order). */
export function plantNodeId(server: { readonly plant: { readonly namespace: { readonly index: number } } }, id: string): string {
  return `ns=${server.plant.namespace.index};s=${id}`;
}
