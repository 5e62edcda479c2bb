import { resolveTactic } from '@/lib/briefs/attack/tactics';
import { toListHref } from '@/lib/briefs/filter/edit';
import { emptyFilter } from '@/lib/briefs/filter/url';
import type { Technique } from '@/lib/briefs/types';
import { ListLink } from '@/components/ui/list-link';

/** `T1059.001` -> https://attack.mitre.org/techniques/T1059/001/ */
function toAttackUrl(id: string): string {
  return `https://attack.mitre.org/techniques/${id.split('.').join('/')}/`;
}

function tacticName(shortname: string): string {
  return resolveTactic(shortname)?.name ?? shortname;
}

export function AttackTechniques({ techniques }: { techniques: Technique[] }) {
  return (
    <div className="border-line overflow-x-auto rounded-lg border">
      <table className="w-full text-sm">
        <thead className="bg-surface-muted text-fg-muted text-left text-xs tracking-wide uppercase">
          <tr>
            <th scope="col" className="px-3 py-2 font-semibold">
              Technique
            </th>
            <th scope="col" className="px-3 py-2 font-semibold">
              Name
            </th>
            <th scope="col" className="px-3 py-2 font-semibold">
              Tactics
            </th>
            <th scope="col" className="px-3 py-2 font-semibold">
              <span className="sr-only">Related briefs</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-line divide-y">
          {techniques.map((technique) => (
            <tr key={technique.id} className="align-top">
              <td className="px-3 py-2 whitespace-nowrap">
                <a
                  href={toAttackUrl(technique.id)}
                  target="_blank"
                  rel="noopener noreferrer"
                  className="text-accent font-mono text-[13px] font-medium underline-offset-2 hover:underline"
                >
                  {technique.id}
                  <span className="sr-only"> on MITRE ATT&amp;CK (opens in a new tab)</span>
                </a>
              </td>
              <td className="px-3 py-2">
                {technique.name ?? <span className="text-fg-muted">Unknown</span>}
              </td>
              <td className="text-fg-muted px-3 py-2">
                {technique.tactics.length > 0 ? technique.tactics.map(tacticName).join(', ') : '—'}
              </td>
              <td className="px-3 py-2 text-right whitespace-nowrap">
                <ListLink
                  href={toListHref(emptyFilter(), { technique: [technique.id] })}
                  className="text-accent text-xs font-medium underline-offset-2 hover:underline"
                >
                  Briefs<span className="sr-only"> using {technique.id}</span>
                </ListLink>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
