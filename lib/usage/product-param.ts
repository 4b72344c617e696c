/** A product named in a page's search parameters, or undefined for every product. */
export function productParam(value: string | string[] | undefined): string | undefined {
  const product = Array.isArray(value) ? value[0] : value;
  return product === undefined || product === '' || product.length > 100 ? undefined : product;
}
