// How EPSS reads (browser-safe): a probability as a percentage with enough digits to tell small
// scores apart (0.04 %), a percentile as "97th".

export function formatPercent(probability: number): string {
  const percent = probability * 100;
  const digits = percent >= 10 ? 1 : percent >= 1 ? 1 : percent >= 0.1 ? 2 : 3;
  return `${Number(percent.toFixed(digits))}%`;
}

export function formatPercentile(percentile: number): string {
  const n = Math.min(100, Math.floor(percentile * 100));
  const rem = n % 100;
  const suffix =
    rem >= 11 && rem <= 13
      ? 'th'
      : n % 10 === 1
        ? 'st'
        : n % 10 === 2
          ? 'nd'
          : n % 10 === 3
            ? 'rd'
            : 'th';
  return `${n}${suffix}`;
}
