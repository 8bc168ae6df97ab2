/** Rows sorted under the keys they belong to, in the keys' order, as a DataLoader batch function must answer. */
export function groupByKey<K, T>(keys: readonly K[], rows: readonly T[], keyOf: (row: T) => K): T[][] {
  const groups = new Map<K, T[]>(keys.map((key) => [key, []]));
  for (const row of rows) groups.get(keyOf(row))?.push(row);
  return keys.map((key) => groups.get(key)!);
}

/** The one row of each key, in the keys' order; a key without a row gets the error made for it. */
export function oneByKey<K, T>(
  keys: readonly K[],
  rows: readonly T[],
  keyOf: (row: T) => K,
  missing: (key: K) => Error,
): (T | Error)[] {
  const byKey = new Map<K, T>(rows.map((row) => [keyOf(row), row]));
  return keys.map((key) => byKey.get(key) ?? missing(key));
}
