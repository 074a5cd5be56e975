import { count, percent } from "../format.js";

export interface ProductFirstPass {
  productId: string;
  pq: number;
  gq: number;
  rq: number;
  ncrScrap: number;
  firstPassYield: number | null;
}

/** ISO 22400-2 first-pass yield per product of the window: what NCR dispositions took off the good count. */
export function FirstPassTable({ products }: { products: ProductFirstPass[] | undefined }) {
  if (!products || products.length === 0) return null;
  return (
    <table data-first-pass>
      <caption>First-pass yield by product</caption>
      <thead>
        <tr><th scope="col">Product</th><th scope="col">Made</th><th scope="col">Good</th><th scope="col">Rework</th><th scope="col">Scrapped on an NCR</th><th scope="col">First-pass yield</th></tr>
      </thead>
      <tbody>
        {products.map((p) => (
          <tr key={p.productId} data-product={p.productId}>
            <th scope="row">{p.productId}</th>
            <td>{count(p.pq)}</td>
            <td>{count(p.gq)}</td>
            <td>{count(p.rq)}</td>
            <td>{count(p.ncrScrap)}</td>
            <td>{percent(p.firstPassYield)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
