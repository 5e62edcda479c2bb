'use client';

import { formatNumber } from '@/components/ui/numbers';

export interface RadioChoice {
  /** What the radio submits without JavaScript ('' for "Any"). */
  value: string;
  label: string;
  checked: boolean;
  /** The disjunctive count beside it; none for "Any". */
  count?: number | null;
  onSelect: () => void;
}

/** A filter group of radios, each with its count; a plain form submit works without JS. */
export function RadioChoices({
  legend,
  name,
  choices,
}: {
  legend: string;
  name: string;
  choices: RadioChoice[];
}) {
  return (
    <fieldset className="filter-group">
      <legend>{legend}</legend>
      <ul className="clear-both space-y-px">
        {choices.map((choice) => (
          <li key={choice.value}>
            <label className="choice">
              <input
                type="radio"
                name={name}
                value={choice.value}
                checked={choice.checked}
                onChange={choice.onSelect}
              />
              <span className="flex-1">{choice.label}</span>
              {choice.count !== undefined && choice.count !== null && (
                <span className="text-fg-muted text-xs tabular-nums">
                  {formatNumber(choice.count)}
                </span>
              )}
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}
