import coreWebVitals from 'eslint-config-next/core-web-vitals';
import typescript from 'eslint-config-next/typescript';

const config = [
  ...coreWebVitals,
  ...typescript,
  { ignores: ['.next/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '.cache/**', '.bench/**', 'next-env.d.ts'] },
];

export default config;
