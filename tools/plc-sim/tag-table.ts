import { DataType, StatusCodes, Variant, VariantArrayType, type Namespace, type UAObject, type UAVariable } from "node-opcua";

export interface TagDefinition {
  /** String NodeId identifier inside the namespace, e.g. `Press1.GoodCount` or `"abstractMachine"."task code"`. */
  readonly id: string;
  readonly browseName: string;
  /** Folder path under Objects, e.g. ["Press1"] or ["DataBlocksGlobal", "abstractMachine"]. */
  readonly folder: readonly string[];
  readonly dataType: DataType;
  readonly array?: boolean;
  readonly writable?: boolean;
  readonly initial: unknown;
}

type WriteListener = (value: unknown) => void;

/**
 * The PLC's memory: values live here, outside any OPC UA server, so a PLC can be stopped and
 * started again with its state. While a server is bound, every change is pushed to its variable
 * (exception based, source timestamp = the moment of the change), and client writes are reported.
 */
export class TagTable {
  private readonly tags = new Map<string, { definition: TagDefinition; value: unknown; variable?: UAVariable }>();
  private readonly writeListeners = new Map<string, WriteListener>();
  private pushing = false;

  /** `now` stamps each change: a test can run a simulated day on a clock of its own. */
  constructor(private readonly now: () => Date = () => new Date()) {}

  define(definition: TagDefinition): void {
    this.tags.set(definition.id, { definition, value: definition.initial });
  }

  onWrite(id: string, listener: WriteListener): void {
    this.writeListeners.set(id, listener);
  }

  get(id: string): unknown {
    const tag = this.tags.get(id);
    if (!tag) throw new Error(`no tag ${id}`);
    return tag.value;
  }

  set(id: string, value: unknown): void {
    const tag = this.tags.get(id);
    if (!tag) throw new Error(`no tag ${id}`);
    tag.value = value;
    if (!tag.variable) return;
    this.pushing = true;
    try {
      tag.variable.setValueFromSource(variantOf(tag.definition, value), StatusCodes.Good, this.now());
    } finally {
      this.pushing = false;
    }
  }

  ids(): string[] {
    return [...this.tags.keys()];
  }

  /** Creates the variables in a freshly started server. */
  bind(namespace: Namespace, objectsFolder: UAObject): void {
    const folders = new Map<string, UAObject>();
    const folderOf = (path: readonly string[]): UAObject => {
      let parent = objectsFolder;
      for (let depth = 1; depth <= path.length; depth++) {
        const key = path.slice(0, depth).join("/");
        let folder = folders.get(key);
        if (!folder) {
          folder = namespace.addObject({ browseName: path[depth - 1], organizedBy: parent, nodeId: `s=${path.slice(0, depth).join(".")}` });
          folders.set(key, folder);
        }
        parent = folder;
      }
      return parent;
    };
    for (const [id, tag] of this.tags) {
      const { definition } = tag;
      const access = definition.writable ? "CurrentRead | CurrentWrite" : "CurrentRead";
      const variable = namespace.addVariable({
        componentOf: folderOf(definition.folder),
        browseName: definition.browseName,
        nodeId: `s=${id}`,
        dataType: definition.dataType,
        valueRank: definition.array ? 1 : -1,
        accessLevel: access,
        userAccessLevel: access,
        minimumSamplingInterval: 0,
      });
      variable.setValueFromSource(variantOf(definition, tag.value), StatusCodes.Good, this.now());
      variable.on("value_changed", (dataValue) => {
        if (this.pushing) return;
        // A client wrote it: keep the value, then let the PLC program react.
        tag.value = dataValue.value.value;
        this.writeListeners.get(id)?.(tag.value);
      });
      tag.variable = variable;
    }
  }

  unbind(): void {
    for (const tag of this.tags.values()) tag.variable = undefined;
  }
}

function variantOf(definition: TagDefinition, value: unknown): Variant {
  return new Variant({ dataType: definition.dataType, arrayType: definition.array ? VariantArrayType.Array : VariantArrayType.Scalar, value });
}
