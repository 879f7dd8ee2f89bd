/**
 * The selected building floor by floor (top floor on top): each unit a cell coloured by the
 * current theme. Hover highlights the unit in 3D (the header above names it); a click selects
 * the unit, which the globe highlights and flies to.
 */
import { useEffect, useMemo, useRef } from 'react';
import type { BuildingDetail } from '../../shared/api';
import { useAppStore } from '../shell/appStore';
import { floorRows } from './registerSelectors';
import { useI18n } from '../shell/i18n';
import { unitColourCss } from '../theme/unitColours';

export function FloorView({ building }: { building: BuildingDetail }) {
  const { t } = useI18n();
  const theme = useAppStore((state) => state.theme);
  const columns = useAppStore((state) => state.themeColumns);
  const selectedUnitId = useAppStore((state) => state.selection.unitId);
  const hoveredUnitId = useAppStore((state) => state.hoveredUnitId);
  const setHoveredUnit = useAppStore((state) => state.setHoveredUnit);
  const select = useAppStore((state) => state.select);
  const rows = useMemo(() => floorRows(building), [building]);
  const selectedRef = useRef<HTMLButtonElement>(null);
  const scrollerRef = useRef<HTMLDivElement>(null);
  const columnTemplate = useMemo(
    () =>
      [
        'var(--floor-label-width)',
        ...(rows[0]?.cells ?? []).map((cell) =>
          cell === 'wingGap' ? 'var(--floor-wing-gap)' : 'minmax(0, 1fr)',
        ),
      ].join(' '),
    [rows],
  );

  useEffect(() => {
    // Centre the selected unit inside the floor view only; scrollIntoView would also move the panel.
    const scroller = scrollerRef.current;
    const cell = selectedRef.current;
    if (scroller && cell) {
      scroller.scrollTop = cell.offsetTop - (scroller.clientHeight - cell.offsetHeight) / 2;
    }
  }, [selectedUnitId]);

  return (
    <div className="floor-view" data-testid="floor-view">
      <div className="floor-grid-scroll" ref={scrollerRef}>
        <div
          className="floor-grid"
          style={{
            gridTemplateColumns: columnTemplate,
          }}
          onMouseLeave={() => setHoveredUnit(null)}
        >
          {rows.map((row) => (
            <div key={row.floor} className="floor-row" role="row">
              <span className="floor-label">{t('building.floorLabel', { floor: row.floor })}</span>
              {row.cells.map((cell, index) => {
                if (typeof cell === 'string') {
                  return <span key={`${cell}-${index}`} className={`floor-${cell}`} />;
                }
                const selected = cell.id === selectedUnitId;
                return (
                  <button
                    key={cell.id}
                    ref={selected ? selectedRef : undefined}
                    type="button"
                    className={`floor-cell${selected ? ' is-selected' : ''}${cell.id === hoveredUnitId ? ' is-hovered' : ''}`}
                    style={{ background: unitColourCss(theme, columns, cell) }}
                    data-testid="floor-cell"
                    data-unit-id={cell.id}
                    title={cell.roomLabel}
                    aria-pressed={selected}
                    onMouseEnter={() => setHoveredUnit(cell.id)}
                    onFocus={() => setHoveredUnit(cell.id)}
                    onClick={() =>
                      select(
                        { gridCode: building.gridCode, buildingId: building.id, unitId: cell.id },
                        'unit',
                      )
                    }
                  >
                    {cell.roomLabel}
                  </button>
                );
              })}
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}
