import { ItemType, type InstrumentDefinition, type Item, type Scale } from './definition.types.js';

/**
 * The lowest and highest value an item's answer can take: the ends of a LIKERT item's scale, 0–10 for NPS, 0–1 for
 * YES_NO, and a NUMBER or SLIDER item's lowest and highest number when both are set. Undefined for every other item, and for a
 * NUMBER item missing either end: it has no scale to mirror on, so a reverse-scored one counts as answered (the
 * definition rules refuse to publish that). The one place bounds are decided, for scoring, reliability and exports.
 */
export function boundsOf(
  item: Item,
  scaleOf: (key: string) => Pick<Scale, 'points'> | undefined,
): [number, number] | undefined {
  switch (item.type) {
    case ItemType.LIKERT: {
      const values = scaleOf(item.scale ?? '')?.points.map((p) => p.value) ?? [];
      return values.length ? [Math.min(...values), Math.max(...values)] : undefined;
    }
    case ItemType.NPS:
      return [0, 10];
    case ItemType.YES_NO:
      return [0, 1];
    case ItemType.NUMBER:
    case ItemType.SLIDER:
      return item.min != null && item.max != null ? [item.min, item.max] : undefined;
    default:
      return undefined;
  }
}

/** `boundsOf` with the item's scale looked up in its definition. */
export function scaleBounds(
  item: Item,
  definition: Pick<InstrumentDefinition, 'scales'>,
): [number, number] | undefined {
  return boundsOf(item, (key) => definition.scales.find((s) => s.key === key));
}

/**
 * What a reverse-scored item's answers are subtracted from (lowest + highest, so the scale turns round); null when
 * its answers count as they are: the item is not reverse-scored, or has no bounds.
 */
export function reverseMirror(item: Item, definition: Pick<InstrumentDefinition, 'scales'>): number | null {
  if (!item.reverseScored) return null;
  const bounds = scaleBounds(item, definition);
  return bounds ? bounds[0] + bounds[1] : null;
}

/** An answer's value as scored: mirrored where the item is reverse-scored and has bounds. */
export function scoredValue(
  item: Item,
  definition: Pick<InstrumentDefinition, 'scales'>,
  value: number,
): number {
  const mirror = reverseMirror(item, definition);
  return mirror === null ? value : mirror - value;
}
