import { describe, expect, it } from 'vitest';
import { spliceSection } from './doc-section';

describe('spliceSection', () => {
  const doc = '# Benchmarks\n\nheader\n\n## Targets\n\nrows\n';

  it('puts a new section before ## Targets, in the order they are written', () => {
    const one = spliceSection(doc, 'a', '## A\n\nfirst');
    const two = spliceSection(one, 'b', '## B');
    expect(two).toBe(
      '# Benchmarks\n\nheader\n\n<!-- bench:a -->\n\n## A\n\nfirst\n\n<!-- /bench:a -->\n\n' +
        '<!-- bench:b -->\n\n## B\n\n<!-- /bench:b -->\n\n## Targets\n\nrows\n',
    );
  });

  it('replaces only its own section', () => {
    const two = spliceSection(spliceSection(doc, 'a', 'old a'), 'b', 'old b');
    const again = spliceSection(two, 'a', 'new a');
    expect(again).toContain('new a');
    expect(again).not.toContain('old a');
    expect(again).toContain('old b');
    expect(again.indexOf('new a')).toBeLessThan(again.indexOf('old b'));
  });

  it('appends when the file has no targets heading', () => {
    expect(spliceSection('# B\n', 'x', 'body')).toBe(
      '# B\n\n<!-- bench:x -->\n\nbody\n\n<!-- /bench:x -->\n',
    );
  });
});
