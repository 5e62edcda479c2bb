// Cell shading by count, one scale for the matrix and its legend: light to dark blue in a light
// theme, dark to bright in a dark one, each with a text colour that keeps at least 4.5:1.
export const SHADE_CLASS: Record<number, string> = {
  0: 'bg-surface text-fg ring-1 ring-inset ring-line',
  1: 'bg-blue-50 text-blue-950 ring-1 ring-inset ring-blue-200 dark:bg-blue-950 dark:text-blue-100 dark:ring-blue-900',
  2: 'bg-blue-200 text-blue-950 dark:bg-blue-800 dark:text-blue-50',
  3: 'bg-blue-400 text-blue-950 dark:bg-blue-600 dark:text-white',
  4: 'bg-blue-700 text-white dark:bg-blue-400 dark:text-blue-950',
};
