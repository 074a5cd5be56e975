import { DataType, StatusCodes, type AddressSpace, type Namespace, type UAObject, type UAVariable } from "node-opcua";
import type { ProductFirstPass } from "../services/oee-service.js";

/** The per-product figures under an Oee object (ISO 22400-2 FPY and RWR per product), and where each comes from. */
export const OEE_PRODUCT_VARIABLES = {
  ProducedQuantity: (p: ProductFirstPass) => p.pq,
  GoodQuantity: (p: ProductFirstPass) => p.gq,
  ReworkQuantity: (p: ProductFirstPass) => p.rq,
  ReworkRatio: (p: ProductFirstPass) => p.reworkRatio,
  FirstPassYield: (p: ProductFirstPass) => p.firstPassYield,
} as const;
type ProductVariable = keyof typeof OEE_PRODUCT_VARIABLES;

/**
 * `<equipment>.Oee.Products.<productId>` with the product's quantities, rework and first-pass
 * yield for the current shift: made when a product is first produced there, so a client browses
 * the products actually made. A product not made in the current shift keeps its object, with 0
 * quantities and BadNoData ratios.
 */
export function oeeProductNodes(addressSpace: AddressSpace, namespace: Namespace) {
  const folders = new Map<string, UAObject>();
  const products = new Map<string, Map<string, Map<ProductVariable, UAVariable>>>();

  const variablesOf = (equipmentId: string, productId: string): Map<ProductVariable, UAVariable> | null => {
    const known = products.get(equipmentId)?.get(productId);
    if (known) return known;
    let folder = folders.get(equipmentId);
    if (!folder) {
      const oee = addressSpace.findNode(`ns=${namespace.index};s=${equipmentId}.Oee`) as UAObject | null;
      if (!oee) return null;
      folder = namespace.addObject({ browseName: "Products", componentOf: oee, nodeId: `s=${equipmentId}.Oee.Products`, description: "Quantities, rework and first-pass yield per product made here in the current shift (ISO 22400-2 FPY, RWR)" });
      folders.set(equipmentId, folder);
    }
    const object = namespace.addObject({ browseName: productId, componentOf: folder, nodeId: `s=${equipmentId}.Oee.Products.${productId}`, description: `Product ${productId}` });
    const variables = new Map<ProductVariable, UAVariable>();
    for (const name of Object.keys(OEE_PRODUCT_VARIABLES) as ProductVariable[]) {
      variables.set(name, namespace.addVariable({ componentOf: object, browseName: name, nodeId: `s=${equipmentId}.Oee.Products.${productId}.${name}`, dataType: DataType.Double, accessLevel: "CurrentRead", userAccessLevel: "CurrentRead", minimumSamplingInterval: 0 }));
    }
    const byProduct = products.get(equipmentId) ?? new Map();
    byProduct.set(productId, variables);
    products.set(equipmentId, byProduct);
    return variables;
  };

  return {
    publish(equipmentId: string, figures: readonly ProductFirstPass[], now: Date) {
      const made = new Map(figures.map((p) => [p.productId, p]));
      for (const productId of products.get(equipmentId)?.keys() ?? []) if (!made.has(productId)) made.set(productId, { productId, pq: 0, gq: 0, rq: 0, ncrScrap: 0, reworkRatio: null, firstPassYield: null });
      for (const [productId, product] of made) {
        for (const [name, variable] of variablesOf(equipmentId, productId) ?? []) {
          const value = OEE_PRODUCT_VARIABLES[name](product);
          if (value === null) variable.setValueFromSource({ dataType: DataType.Null }, StatusCodes.BadNoData, now);
          else variable.setValueFromSource({ dataType: DataType.Double, value }, StatusCodes.Good, now);
        }
      }
    },
  };
}
