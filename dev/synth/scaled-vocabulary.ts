import { Rng, ZipfPicker, hash32 } from './random';
import { slugify } from './text';
import {
  BASE_TAGS,
  INVENTED_NAMES,
  REAL_PRODUCTS,
  TACTICS,
  tacticTag,
  type ProductDef,
} from './vocabulary';

// The vocabulary of one generated feed: the real one cut to the requested sizes, or extended with
// invented vendors, products and tags (the benchmark asks for 300 vendors, 1,000 products and 2,000
// tags), with Zipf pickers so that a few values are popular and the rest form a long tail.

const {
  vendorStems,
  vendorSuffixes,
  productWords,
  productKinds,
  productEditions,
  tagHeads,
  tagTails,
} = INVENTED_NAMES;

export interface Vocabulary {
  products: ProductDef[];
  productZipf: ZipfPicker;
  /** Product indices by popularity: the real products first, then the shuffled invented ones. */
  productOrder: number[];
  tags: string[];
  tagZipf: ZipfPicker;
  vendors: string[];
}

/** Sizes left undefined keep the real vocabulary (tags: the 14 ATT&CK tactics and BASE_TAGS). */
export function buildVocabulary(
  rng: Rng,
  vendorCount: number | undefined,
  productCount: number | undefined,
  tagCount: number | undefined,
): Vocabulary {
  const realVendors: string[] = [];
  for (const p of REAL_PRODUCTS) if (!realVendors.includes(p.vendor)) realVendors.push(p.vendor);
  const wantVendors = Math.max(1, vendorCount ?? realVendors.length);
  const vendors = realVendors.slice(0, wantVendors);
  const vendorSlugs = new Set(vendors.map(slugify));
  const stems = rng.shuffle(vendorStems);
  const suffixes = rng.shuffle(vendorSuffixes);
  outer: for (let round = 0; vendors.length < wantVendors; round++) {
    for (const stem of stems) {
      if (vendors.length >= wantVendors) break outer;
      const suffix = suffixes[(round + hash32(stem)) % suffixes.length] ?? 'Systems';
      const name = round < suffixes.length ? `${stem} ${suffix}` : `${stem} ${suffix} ${round}`;
      if (!vendorSlugs.has(slugify(name))) {
        vendorSlugs.add(slugify(name));
        vendors.push(name);
      }
    }
    if (round > 10_000) break;
  }

  const vendorSet = new Set(vendors);
  const wantProducts = Math.max(1, productCount ?? REAL_PRODUCTS.length);
  const products = REAL_PRODUCTS.filter((p) => vendorSet.has(p.vendor)).slice(0, wantProducts);
  const productSlugs = new Set(products.map((p) => slugify(p.name)));
  // Every vendor gets at least one product, then the rest round-robin.
  const withProducts = new Set(products.map((p) => p.vendor));
  const vendorQueue = [...vendors.filter((v) => !withProducts.has(v)), ...rng.shuffle(vendors)];
  let attempt = 0;
  while (products.length < wantProducts && attempt < wantProducts * 50) {
    const vendor = vendorQueue[attempt % vendorQueue.length] ?? 'Northwind Systems';
    attempt++;
    const word = rng.pick(productWords);
    const [kind, category] = rng.pick(productKinds);
    const edition = attempt > wantProducts ? rng.pick(productEditions) : '';
    const brand = vendor.split(' ')[0] ?? vendor;
    const name = rng.chance(0.5)
      ? `${brand} ${word}${kind.includes(' ') ? ' ' : ''}${kind}${edition}`
      : `${word} ${kind}${edition}`;
    const slug = slugify(name);
    if (productSlugs.has(slug)) continue;
    productSlugs.add(slug);
    const cpeVendor = slugify(vendor).replace(/-/g, '_');
    products.push({ vendor, name, category, cpe: ['a', cpeVendor, slug.replace(/-/g, '_')] });
  }
  let guard = 0;
  while (products.length < wantProducts && guard++ < wantProducts * 10) {
    const name = `${rng.pick(productWords)} ${rng.pick(productKinds)[0]} ${products.length}`;
    if (productSlugs.has(slugify(name))) continue;
    productSlugs.add(slugify(name));
    products.push({ vendor: rng.pick(vendors), name, category: 'app' });
  }

  const tagCountWanted = Math.max(1, tagCount ?? BASE_TAGS.length + 14);
  const tags = [...TACTICS.map((t) => tacticTag(t.shortname)), ...BASE_TAGS].slice(
    0,
    tagCountWanted,
  );
  const tagSet = new Set(tags);
  for (let round = 0; tags.length < tagCountWanted; round++) {
    for (const head of tagHeads) {
      for (const tail of tagTails) {
        if (tags.length >= tagCountWanted) break;
        const tag = round === 0 ? `${head}_${tail}` : `${head}_${tail}_${round + 1}`;
        if (!tagSet.has(tag)) {
          tagSet.add(tag);
          tags.push(tag);
        }
      }
    }
  }

  // Real products stay the most popular; the synthetic tail is shuffled.
  const realCount = products.filter((p) => REAL_PRODUCTS.includes(p)).length;
  const productOrder = [
    ...Array.from({ length: realCount }, (_, i) => i),
    ...rng.shuffle(Array.from({ length: products.length - realCount }, (_, i) => i + realCount)),
  ];
  return {
    products,
    productZipf: new ZipfPicker(products.length, 0.9),
    productOrder,
    tags,
    tagZipf: new ZipfPicker(tags.length, 0.8),
    vendors,
  };
}
