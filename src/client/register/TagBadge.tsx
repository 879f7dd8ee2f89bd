/** A person tag as a coloured badge (the same colour wherever the tag appears). */
import type { CSSProperties } from 'react';
import type { PersonTag } from '../../domain/registry';
import { useT } from '../shell/i18n';

export const TAG_COLOURS_CSS: Record<PersonTag, string> = {
  elderly_alone: '#ef4466',
  disabled: '#a78bfa',
  key_care: '#f59e0b',
  floating: '#22c5a0',
  renter: '#38bdf8',
  low_income: '#eab308',
  bedridden: '#f97316',
};

export function TagBadge({ tag, count }: { tag: PersonTag; count?: number }) {
  const t = useT();
  return (
    <span
      className="tag-badge"
      data-tag={tag}
      style={{ '--tag-colour': TAG_COLOURS_CSS[tag] } as CSSProperties}
    >
      {t(`tag.${tag}`)}
      {count !== undefined && <span className="tag-count">{count}</span>}
    </span>
  );
}
