// Small statistics and formatting helpers.
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export const us = (ms) => `${(ms * 1000).toFixed(0)} µs`;
export const ms = (v) => `${v.toFixed(2)} ms`;
export const int = (v) => Math.round(v).toLocaleString('en-US');
export const kb = (bytes) => `${(bytes / 1000).toFixed(1)} KB`;
