import { escapeAttr, escapeCode, escapeHtml } from './text';

// A brief's body as sections of blocks, rendered to the HTML Hugo writes (content_html) and read
// back into the Markdown a STIX report's description carries.

export interface Block {
  kind: 'p' | 'ol' | 'ul' | 'code' | 'table';
  /** Rendered HTML (p), rendered HTML list items (ol/ul), raw code (code), raw rows (table). */
  text?: string;
  items?: string[];
  lang?: string;
  rows?: [string, string][];
  /** Raw HTML/Markdown list items for references (already rendered). */
  links?: { href: string; label: string }[];
}

export interface Section {
  heading: string | null;
  blocks: Block[];
}

/** Hugo heading ids: lower case, punctuation dropped, spaces to hyphens. */
function headingId(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^a-z0-9\s-]/g, '')
    .trim()
    .replace(/\s+/g, '-');
}

/** The body as Hugo renders it. */
export function renderHtml(sections: Section[]): string {
  // Parts joined once: a flat string, not a deep rope of survivors for the GC to copy.
  const html: string[] = [];
  for (const section of sections) {
    if (section.heading)
      html.push(`<h2 id="${headingId(section.heading)}">${escapeHtml(section.heading)}</h2>\n`);
    for (const block of section.blocks) {
      switch (block.kind) {
        case 'p':
          html.push(`<p>${block.text ?? ''}</p>\n`);
          break;
        case 'ol':
        case 'ul':
          html.push(`<${block.kind}>\n`);
          for (const item of block.items ?? []) html.push(`<li>${item}</li>\n`);
          for (const link of block.links ?? [])
            html.push(
              `<li><a href="${escapeAttr(link.href)}">${escapeHtml(link.label)}</a></li>\n`,
            );
          html.push(`</${block.kind}>\n`);
          break;
        case 'code':
          html.push(
            `<pre tabindex="0"><code class="language-${block.lang}" data-lang="${block.lang}">${escapeCode(block.text ?? '')}\n</code></pre>\n`,
          );
          break;
        case 'table':
          html.push(
            '<table>\n<thead>\n<tr>\n<th>Type</th>\n<th>Indicator</th>\n</tr>\n</thead>\n<tbody>\n',
          );
          for (const [kind, value] of block.rows ?? [])
            html.push(
              `<tr>\n<td>${escapeHtml(kind)}</td>\n<td><code>${escapeCode(value)}</code></td>\n</tr>\n`,
            );
          html.push('</tbody>\n</table>\n');
          break;
      }
    }
  }
  return html.join('');
}

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  '#39': "'",
  rsquo: "'",
  ldquo: '"',
  rdquo: '"',
  ndash: '--',
};

function decodeEntities(text: string): string {
  return text.replace(/&(#39|[a-z]+);/g, (m, name: string) => ENTITIES[name] ?? m);
}

function inlineToMarkdown(html: string): string {
  return decodeEntities(
    html
      .replace(/<\/?code>/g, '`')
      .replace(/<\/?strong>/g, '**')
      .replace(/<a href="([^"]*)">([^<]*)<\/a>/g, '[$2]($1)'),
  );
}

/**
 * The brief's Markdown, recovered from the HTML this module renders (a small, known subset).
 * Done on demand so that generating 10,000 briefs does not also build 40 MB of Markdown.
 */
export function htmlToMarkdown(html: string): string {
  const out: string[] = [];
  const block =
    /<h2 id="[^"]*">([^<]*)<\/h2>\n|<p>([\s\S]*?)<\/p>\n|<(ol|ul)>\n([\s\S]*?)<\/\3>\n|<pre tabindex="0"><code class="language-([a-z]+)"[^>]*>([\s\S]*?)\n<\/code><\/pre>\n|<table>[\s\S]*?<tbody>\n([\s\S]*?)<\/tbody>\n<\/table>\n/g;
  for (let m = block.exec(html); m; m = block.exec(html)) {
    if (m[1] !== undefined) out.push(`## ${decodeEntities(m[1])}`);
    else if (m[2] !== undefined) out.push(inlineToMarkdown(m[2]));
    else if (m[3] !== undefined) {
      const items = [...(m[4] ?? '').matchAll(/<li>([\s\S]*?)<\/li>/g)].map((li) =>
        inlineToMarkdown(li[1] ?? ''),
      );
      out.push(
        items.map((item, i) => (m?.[3] === 'ol' ? `${i + 1}. ${item}` : `* ${item}`)).join('\n'),
      );
    } else if (m[5] !== undefined)
      out.push('```' + m[5] + '\n' + decodeEntities(m[6] ?? '') + '\n```');
    else if (m[7] !== undefined) {
      const rows = [
        ...m[7].matchAll(/<tr>\n<td>([^<]*)<\/td>\n<td><code>([^<]*)<\/code><\/td>\n<\/tr>/g),
      ];
      out.push(
        [
          '| Type | Indicator |',
          '| --- | --- |',
          ...rows.map(
            (r) => `| ${decodeEntities(r[1] ?? '')} | \`${decodeEntities(r[2] ?? '')}\` |`,
          ),
        ].join('\n'),
      );
    }
  }
  return out.join('\n\n') + '\n';
}

/** Roughly the rendered size of the sections, without rendering them (bodies grow to a target). */
export function sizeOf(sections: Section[]): number {
  let n = 0;
  for (const section of sections) {
    n += (section.heading?.length ?? 0) + 30;
    for (const b of section.blocks) {
      n += (b.text?.length ?? 0) + 10;
      for (const item of b.items ?? []) n += item.length + 10;
      for (const l of b.links ?? []) n += l.href.length + l.label.length + 30;
      for (const [k, v] of b.rows ?? []) n += k.length + v.length + 60;
    }
  }
  return n;
}
