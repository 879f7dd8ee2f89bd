/** district → street → community → grid → building → unit; each crumb flies back to its level. */
import { useMemo } from 'react';
import { useAppStore } from '../shell/appStore';
import { breadcrumbTrail, selectSelectedBuilding, selectedUnitSummary } from './registerSelectors';
import { useI18n } from '../shell/i18n';

export function Breadcrumbs() {
  const { t, localName } = useI18n();
  const selection = useAppStore((state) => state.selection);
  const grids = useAppStore((state) => state.grids);
  const building = useAppStore(selectSelectedBuilding);
  const unit = useAppStore(selectedUnitSummary);
  const config = useAppStore((state) => state.config);
  const select = useAppStore((state) => state.select);
  const trail = useMemo(
    () => breadcrumbTrail(selection, grids, building, unit),
    [selection, grids, building, unit],
  );
  // With nothing selected, the district itself is the only crumb.
  const crumbs =
    trail.length > 0 || !config
      ? trail
      : [
          {
            kind: 'district' as const,
            key: config.districtCode,
            name: config.districtName,
            nameEn: config.districtNameEn,
            selection: { gridCode: config.districtCode },
            fly: 'district' as const,
          },
        ];

  return (
    <nav className="breadcrumbs" aria-label={t('nav.breadcrumbs')}>
      <ol>
        {crumbs.map((crumb, index) => {
          const last = index === crumbs.length - 1;
          return (
            <li key={crumb.key} className="breadcrumb-item">
              <button
                type="button"
                className={`breadcrumb${last ? ' is-current' : ''}`}
                data-testid="breadcrumb"
                data-kind={crumb.kind}
                aria-current={last ? 'location' : undefined}
                title={t(`level.${crumb.kind}`)}
                onClick={() => select(crumb.selection, crumb.fly)}
              >
                {localName(crumb)}
              </button>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
