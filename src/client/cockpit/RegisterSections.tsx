/**
 * The cockpit's register figures: people (category, age pyramid, special groups, registrations
 * and departures), houses, workers.
 */
import { useMemo } from 'react';
import { DISTRICT_UTC_OFFSET_MS } from '../../domain/districtTime';
import type {
  HouseStats,
  MovementMonth,
  PeopleStats,
  WorkerStats,
} from '../../shared/cockpitStats';
import { useI18n, type MessageKey } from '../shell/i18n';
import { LazyCockpitChart } from './LazyCockpitChart';
import { CockpitFigure, formatShare } from './CockpitFigure';
import { agePyramidOption, movementBarOption } from './cockpitChartOptions';
import { useRootFontPx } from './useRootFontPx';

const MONTH_LOCALES = { zh: 'zh-CN', en: 'en' } as const;

/** "3月" / "Mar" for a district month; January and the first month carry the year. */
function monthLabel(monthStartMs: number, language: keyof typeof MONTH_LOCALES, first: boolean) {
  // Shifted to the district's wall clock, then read in UTC: the month of the district calendar.
  const local = new Date(monthStartMs + DISTRICT_UTC_OFFSET_MS);
  const withYear = first || local.getUTCMonth() === 0;
  return new Intl.DateTimeFormat(MONTH_LOCALES[language], {
    month: 'short',
    ...(withYear ? { year: '2-digit' } : {}),
    timeZone: 'UTC',
  }).format(local);
}

/** Registrations and departures per month of the last year, with their totals. */
function MovementChart({ months }: { months: readonly MovementMonth[] }) {
  const { t, formatNumber, language } = useI18n();
  const remPx = useRootFontPx();
  const labels = useMemo(
    () => ({
      registrations: t('cockpit.people.registrations'),
      departures: t('cockpit.people.departures'),
      net: t('cockpit.people.net'),
    }),
    [t],
  );
  const option = useMemo(
    () =>
      movementBarOption(
        months.map((month, index) => ({
          label: monthLabel(month.monthStartMs, language, index === 0),
          registrations: month.registrations,
          departures: month.departures,
        })),
        remPx,
        labels,
      ),
    [months, remPx, labels, language],
  );
  const registrations = months.reduce((sum, month) => sum + month.registrations, 0);
  const departures = months.reduce((sum, month) => sum + month.departures, 0);
  const title = t('cockpit.people.movements', { months: months.length });
  const net = registrations - departures;
  return (
    <>
      <h4 className="cockpit-chart-title">{title}</h4>
      <ul className="cockpit-chips" data-testid="statistics-movement-totals">
        <li className="cockpit-chip">
          <span>{labels.registrations}</span>
          <strong>{formatNumber(registrations)}</strong>
        </li>
        <li className="cockpit-chip">
          <span>{labels.departures}</span>
          <strong>{formatNumber(departures)}</strong>
        </li>
        <li className="cockpit-chip">
          <span>{labels.net}</span>
          <strong>{`${net > 0 ? '+' : ''}${formatNumber(net)}`}</strong>
        </li>
      </ul>
      <LazyCockpitChart option={option} testId="statistics-movements" label={title} />
    </>
  );
}

export function PeopleSection({ people }: { people: PeopleStats }) {
  const { t, formatNumber } = useI18n();
  const remPx = useRootFontPx();
  const option = useMemo(
    () =>
      agePyramidOption(people.ageBands, remPx, {
        male: t('cockpit.people.male'),
        female: t('cockpit.people.female'),
        openBand: (age) => t('cockpit.people.openBand', { age }),
      }),
    [people.ageBands, remPx, t],
  );
  return (
    <section className="cockpit-section" data-testid="statistics-people">
      <h3 className="cockpit-section-title">{t('cockpit.people')}</h3>
      <div className="cockpit-figures">
        <CockpitFigure
          label={t('cockpit.people.total')}
          value={formatNumber(people.total)}
          testId="statistics-people-total"
        />
        {people.byCategory.map((entry) => (
          <CockpitFigure
            key={entry.code}
            label={t(`cockpit.people.category.${entry.code}` as MessageKey)}
            value={formatNumber(entry.count)}
            testId={`statistics-people-${entry.code}`}
          />
        ))}
      </div>
      <h4 className="cockpit-chart-title">{t('cockpit.people.pyramid')}</h4>
      <LazyCockpitChart
        option={option}
        testId="statistics-age-pyramid"
        label={t('cockpit.people.pyramid')}
      />
      <h4 className="cockpit-chart-title">{t('cockpit.people.special')}</h4>
      <ul className="cockpit-chips" data-testid="statistics-special-groups">
        {people.specialGroups.map((group) => (
          <li key={group.code} className="cockpit-chip">
            <span>{t(`tag.${group.code}` as MessageKey)}</span>
            <strong>{formatNumber(group.count)}</strong>
          </li>
        ))}
      </ul>
      <MovementChart months={people.movements} />
    </section>
  );
}

export function HouseSection({ houses }: { houses: HouseStats }) {
  const { t, formatNumber } = useI18n();
  const none = t('cockpit.noFigure');
  const share = (count: number) =>
    formatShare(houses.units === 0 ? null : count / houses.units, formatNumber, none);
  return (
    <section className="cockpit-section" data-testid="statistics-houses">
      <h3 className="cockpit-section-title">{t('cockpit.houses')}</h3>
      <div className="cockpit-figures">
        <CockpitFigure label={t('cockpit.houses.units')} value={formatNumber(houses.units)} />
        <CockpitFigure
          label={t('cockpit.houses.occupancy')}
          value={share(houses.occupiedUnits)}
          testId="statistics-occupancy"
        />
        <CockpitFigure label={t('cockpit.houses.rental')} value={share(houses.rentalUnits)} />
        <CockpitFigure label={t('cockpit.houses.vacancy')} value={share(houses.vacantUnits)} />
      </div>
      <h4 className="cockpit-chart-title">{t('cockpit.houses.byKind')}</h4>
      <table className="cockpit-table" data-testid="statistics-building-kinds">
        <tbody>
          {houses.byBuildingKind.map((kind) => (
            <tr key={kind.kind}>
              <th scope="row">{t(`kind.${kind.kind}` as MessageKey)}</th>
              <td>{formatNumber(kind.buildings)}</td>
              <td>{formatNumber(kind.units)}</td>
              <td>{formatNumber(kind.rentalUnits)}</td>
              <td>{formatNumber(kind.vacantUnits)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function WorkerSection({ workers }: { workers: WorkerStats }) {
  const { t, formatNumber } = useI18n();
  return (
    <section className="cockpit-section" data-testid="statistics-workers">
      <h3 className="cockpit-section-title">{t('cockpit.workers')}</h3>
      <div className="cockpit-figures">
        <CockpitFigure
          label={t('cockpit.workers.online')}
          value={`${formatNumber(workers.online + workers.idle + workers.sos)}/${formatNumber(workers.total)}`}
          tone="good"
          testId="statistics-workers-online"
        />
        <CockpitFigure
          label={t('cockpit.workers.sos')}
          value={formatNumber(workers.sos)}
          tone={workers.sos > 0 ? 'danger' : 'normal'}
        />
        <CockpitFigure
          label={t('cockpit.workers.found')}
          value={formatShare(workers.workerFoundShare, formatNumber, t('cockpit.noFigure'))}
          testId="statistics-worker-found"
        />
        <CockpitFigure
          label={t('cockpit.workers.patrolToday')}
          value={formatShare(workers.patrolCoverageToday, formatNumber, t('cockpit.noFigure'))}
          testId="statistics-patrol-today"
        />
      </div>
    </section>
  );
}
