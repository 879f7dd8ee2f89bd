/**
 * "到期提醒": rental leases (出租房屋) and residence permits (居住证) ending within 7, 30 or 90
 * days, grouped by base grid, inside the user's scope and under the grid selected on the wall
 * when there is one. The server decides what the user may read (registry.read, scope); this
 * panel shows what it answers, or its refusal.
 */
import { useEffect, useState } from 'react';
import type { ExpiringListsWire } from '../../shared/imports';
import { useAppStore } from '../shell/appStore';
import { useI18n } from '../shell/i18n';
import { importApi, type ImportApi } from './importApi';

const WINDOWS_DAYS = [7, 30, 90] as const;

interface GridGroup {
  gridCode: string;
  leases: ExpiringListsWire['leases'];
  permits: ExpiringListsWire['permits'];
}

function byGrid(lists: ExpiringListsWire): GridGroup[] {
  const groups = new Map<string, GridGroup>();
  const group = (gridCode: string): GridGroup => {
    let found = groups.get(gridCode);
    if (found === undefined) {
      found = { gridCode, leases: [], permits: [] };
      groups.set(gridCode, found);
    }
    return found;
  };
  for (const lease of lists.leases) group(lease.gridCode).leases.push(lease);
  for (const permit of lists.permits) group(permit.gridCode).permits.push(permit);
  return [...groups.values()].sort((a, b) => a.gridCode.localeCompare(b.gridCode));
}

export function ExpiringPanel({
  api = importApi(),
  onClose,
}: {
  api?: ImportApi;
  onClose: () => void;
}) {
  const { t, language } = useI18n();
  const selectedGrid = useAppStore((state) => state.selection.gridCode);
  const grids = useAppStore((state) => state.grids);
  const [days, setDays] = useState<number>(30);
  const [lists, setLists] = useState<ExpiringListsWire | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    setLists(null);
    setError(null);
    api.expiring(days, selectedGrid).then(
      (answer) => current && setLists(answer),
      (failure: Error) => current && setError(failure.message),
    );
    return () => {
      current = false;
    };
  }, [api, days, selectedGrid]);

  const gridName = (code: string): string => {
    const grid = grids[code];
    if (grid === undefined) return code;
    return language === 'en' ? grid.nameEn || grid.name : grid.name;
  };

  return (
    <section
      className="import-page"
      role="dialog"
      aria-label={t('expiring.title')}
      data-testid="expiring-panel"
    >
      <header className="import-header">
        <h2>{t('expiring.title')}</h2>
        <button type="button" className="button button-quiet" onClick={onClose}>
          {t('import.close')}
        </button>
      </header>
      <p>
        {selectedGrid === null
          ? t('expiring.scopeAll')
          : t('expiring.scopeGrid', { grid: gridName(selectedGrid) })}
      </p>
      <div role="group" aria-label={t('expiring.window')}>
        {WINDOWS_DAYS.map((window) => (
          <button
            key={window}
            type="button"
            className={`button ${window === days ? '' : 'button-quiet'}`}
            aria-pressed={window === days}
            data-testid={`expiring-days-${window}`}
            onClick={() => setDays(window)}
          >
            {t('expiring.days', { days: window })}
          </button>
        ))}
      </div>
      {error !== null && (
        <p role="alert" className="import-error">
          {error}
        </p>
      )}
      {lists === null && error === null && <p>{t('expiring.loading')}</p>}
      {lists !== null && (
        <>
          <p data-testid="expiring-totals">
            {t('expiring.totals', {
              from: lists.from,
              to: lists.to,
              leases: lists.leases.length,
              permits: lists.permits.length,
            })}
          </p>
          {lists.leases.length + lists.permits.length === 0 && <p>{t('expiring.none')}</p>}
          {byGrid(lists).map((group) => (
            <div key={group.gridCode} data-testid="expiring-grid" data-grid={group.gridCode}>
              <h3>{gridName(group.gridCode)}</h3>
              {group.leases.length > 0 && (
                <table>
                  <caption>{t('expiring.leases')}</caption>
                  <thead>
                    <tr>
                      <th>{t('expiring.address')}</th>
                      <th>{t('expiring.landlord')}</th>
                      <th>{t('expiring.tenants')}</th>
                      <th>{t('expiring.ends')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {group.leases.map((lease) => (
                      <tr key={lease.leaseId} data-testid="expiring-lease">
                        <td>
                          {lease.address} {lease.roomLabel}
                        </td>
                        <td>{lease.landlordName}</td>
                        <td>{lease.tenants}</td>
                        <td>{lease.endDate}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
              {group.permits.length > 0 && (
                <table>
                  <caption>{t('expiring.permits')}</caption>
                  <thead>
                    <tr>
                      <th>{t('expiring.name')}</th>
                      <th>{t('expiring.address')}</th>
                      <th>{t('expiring.ends')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {group.permits.map((permit) => (
                      <tr key={permit.personId} data-testid="expiring-permit">
                        <td>{permit.name}</td>
                        <td>
                          {permit.address} {permit.roomLabel}
                        </td>
                        <td>{permit.permitExpires}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </div>
          ))}
        </>
      )}
    </section>
  );
}
