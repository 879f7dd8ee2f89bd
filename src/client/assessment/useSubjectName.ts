/**
 * A subject's name as the ranking shows it: base grids and communities carry their parent's name
 * (the demo, like real districts, has a 第2网格 in many communities).
 */
import { parentGridCode } from '../../domain/gridCode';
import type { SubjectLevel, SubjectScoreWire } from '../../shared/assessment';
import { useAppStore } from '../shell/appStore';
import { useI18n } from '../shell/i18n';

const WITH_PARENT: ReadonlySet<SubjectLevel> = new Set(['community', 'grid']);

export function useSubjectName(level: SubjectLevel): (entry: SubjectScoreWire) => string {
  const { localName } = useI18n();
  const grids = useAppStore((state) => state.grids);
  return (entry) => {
    const own = localName(entry);
    if (!WITH_PARENT.has(level)) return own;
    const parentCode = parentGridCode(entry.key);
    const parent = parentCode === null ? undefined : grids[parentCode];
    return parent === undefined ? own : `${localName(parent)} · ${own}`;
  };
}
