import { describe, expect, it } from 'vitest';
import { onlyArg } from './sections';

describe('--only', () => {
  it('names sections in the bench order', () => {
    expect(onlyArg(['--only', 'heap,indicators'])).toEqual(['indicators', 'heap']);
    expect(onlyArg(['--only=epss'])).toEqual(['epss']);
    expect(onlyArg(['--quick'])).toBeNull();
  });

  it('refuses an unknown or empty list', () => {
    expect(() => onlyArg(['--only', 'heap,nope'])).toThrow(/not: nope/);
    expect(() => onlyArg(['--only'])).toThrow(/comma-separated/);
  });
});
