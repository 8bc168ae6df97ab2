/** A byte count in B, kB or MB (powers of 1000, as file managers show them), formatted for the locale. */
export function formatBytes(bytes: number, formatNumber: (value: number) => string): string {
  if (bytes < 1000) return `${formatNumber(bytes)} B`;
  if (bytes < 1_000_000) return `${formatNumber(Math.round(bytes / 100) / 10)} kB`;
  return `${formatNumber(Math.round(bytes / 100_000) / 10)} MB`;
}
