/**
 * Randomised sections (`randomiseOrder`): the order their items are shown in is drawn once per response, on this
 * device, kept with the draft (here and on the server) and sent with every save and the submission as `itemOrder`:
 * the keys of the randomised sections' items, section by section (the API's checkItemOrder).
 */

interface OrderedSection<Item extends { key: string }> {
  randomiseOrder?: boolean | null;
  items: readonly Item[];
}

/** The keys each randomised section holds, in its own order. */
function groups(sections: readonly OrderedSection<{ key: string }>[]): string[][] {
  return sections.filter((s) => s.randomiseOrder).map((s) => s.items.map((i) => i.key));
}

/** Whether `order` lists each randomised section's items once, section by section. */
export function fitsOrder(
  sections: readonly OrderedSection<{ key: string }>[],
  order: readonly string[],
): boolean {
  let at = 0;
  for (const keys of groups(sections)) {
    const part = order.slice(at, (at += keys.length));
    if (
      part.length !== keys.length ||
      new Set(part).size !== keys.length ||
      part.some((k) => !keys.includes(k))
    )
      return false;
  }
  return at === order.length;
}

/** A new order: each randomised section shuffled (Fisher–Yates); null where no section is randomised. */
export function drawOrder(
  sections: readonly OrderedSection<{ key: string }>[],
  random: () => number = () => crypto.getRandomValues(new Uint32Array(1))[0]! / 2 ** 32,
): string[] | null {
  const all = groups(sections).flatMap((keys) => {
    for (let i = keys.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [keys[i], keys[j]] = [keys[j]!, keys[i]!];
    }
    return keys;
  });
  return all.length > 0 ? all : null;
}

/** The sections with the randomised ones' items in `order` (which fitsOrder). */
export function inOrder<Item extends { key: string }, Section extends OrderedSection<Item>>(
  sections: readonly Section[],
  order: readonly string[] | null,
): Section[] {
  if (!order) return [...sections];
  const rank = new Map(order.map((key, index) => [key, index]));
  return sections.map((section) =>
    section.randomiseOrder
      ? { ...section, items: [...section.items].sort((a, b) => rank.get(a.key)! - rank.get(b.key)!) }
      : section,
  );
}
