/** A unit: room, use, area, then its households and their residents (masked). */
import type { HouseholdView } from '../../shared/api';
import { useAppStore } from '../shell/appStore';
import { useI18n } from '../shell/i18n';
import { PanelStatus, Stat } from '../widgets/PanelStatus';
import { UnitRequests } from '../registerRequests/UnitRequests';
import { ResidentRow } from './ResidentRow';
import { useUnitDetail } from './useSelectionData';

const AREA_FRACTION_DIGITS = 1;

function HouseholdCard({
  household,
  index,
  canReveal,
}: {
  household: HouseholdView;
  index: number;
  canReveal: boolean;
}) {
  const { t } = useI18n();
  return (
    <li className="household" data-testid="household" data-household-type={household.type}>
      <header className="household-header">
        <span>{t('unit.household', { index })}</span>
        <span className={`household-type household-${household.type}`}>
          {t(`household.${household.type}`)}
        </span>
      </header>
      <ul className="resident-list">
        {household.members.map((person) => (
          <ResidentRow key={person.id} person={person} canReveal={canReveal} />
        ))}
      </ul>
    </li>
  );
}

export function UnitPanel({ unitId }: { unitId: number }) {
  const { t, formatNumber } = useI18n();
  const resource = useUnitDetail(unitId);
  const cached = useAppStore((state) => state.units[unitId]);
  const canReveal = useAppStore((state) => state.session?.canReveal ?? false);
  const summary = useAppStore((state) =>
    state.selection.buildingId === null
      ? undefined
      : state.buildings[state.selection.buildingId]?.units.find((unit) => unit.id === unitId),
  );
  // Never show a cached copy beside a refusal: a 403 means no personal data on screen.
  const unit = resource.status === 'error' ? undefined : cached;
  const roomLabel = unit?.roomLabel ?? summary?.roomLabel ?? '';

  return (
    <div className="unit-panel" data-testid="unit-panel" data-unit-id={unitId}>
      <header className="panel-header">
        <span className="panel-kicker">{t('level.unit')}</span>
        <h2 className="panel-title" data-testid="unit-room-label">
          {roomLabel}
        </h2>
      </header>
      <PanelStatus resource={resource} hasData={unit !== undefined} />
      {unit && (
        <>
          <div className="stats stats-4">
            <Stat label={t('unit.use')} value={t(`use.${unit.use}`)} text />
            <Stat
              label={t('unit.area')}
              value={t('unit.areaValue', { area: formatNumber(unit.areaM2, AREA_FRACTION_DIGITS) })}
            />
            <Stat label={t('unit.households')} value={formatNumber(unit.householdCount)} />
            <Stat label={t('unit.residents')} value={formatNumber(unit.residentCount)} />
          </div>
          {unit.households.some((household) =>
            household.members.some((person) => person.synthetic),
          ) && <p className="synthetic-note">{t('unit.synthetic')}</p>}
          {unit.households.length === 0 ? (
            <p className="empty-hint">{t('unit.noHouseholds')}</p>
          ) : (
            <ul className="household-list">
              {unit.households.map((household, index) => (
                <HouseholdCard
                  key={household.id}
                  household={household}
                  index={index + 1}
                  canReveal={canReveal}
                />
              ))}
            </ul>
          )}
          <UnitRequests unitId={unitId} />
        </>
      )}
    </div>
  );
}
