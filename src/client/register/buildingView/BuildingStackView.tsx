/**
 * The selected building as an exploded 3D stack, behind a small React face: React holds the
 * store's selection, hover and theme and a tooltip; the three.js side (`buildingStack`) is
 * created once on mount, fed by `update`, and destroyed on unmount. A hover or a click here is
 * the same hover and selection as the floor grid's and the globe's.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { BuildingDetail } from '../../../shared/api';
import { useAppStore } from '../../shell/appStore';
import { useI18n } from '../../shell/i18n';
import { unitColourCss } from '../../theme/unitColours';
import { createBuildingStack, type BuildingStack } from './buildingStack';

type StackStatus = 'starting' | 'ready' | 'noWebgl';

interface PointerHover {
  unitId: number;
  xPx: number;
  yPx: number;
  /** Near the top or right edge the tooltip opens the other way, so it is never cut off. */
  below: boolean;
  leftward: boolean;
}

/** Room the tooltip needs above and right of the pointer (two lines, a long English line). */
const TOOLTIP_ROOM_ABOVE_PX = 64;
const TOOLTIP_ROOM_RIGHT_PX = 240;

/** three.js draws with WebGL 2 only; without it the constructor would throw anyway. */
function hasWebgl2(): boolean {
  return typeof WebGL2RenderingContext !== 'undefined';
}

export function BuildingStackView({ building }: { building: BuildingDetail }) {
  const { t, formatNumber } = useI18n();
  const theme = useAppStore((state) => state.theme);
  const columns = useAppStore((state) => state.themeColumns);
  const selectedUnitId = useAppStore((state) => state.selection.unitId);
  const hoveredUnitId = useAppStore((state) => state.hoveredUnitId);
  const hostRef = useRef<HTMLDivElement>(null);
  const stackRef = useRef<BuildingStack | null>(null);
  const buildingRef = useRef(building);
  const [status, setStatus] = useState<StackStatus>(hasWebgl2() ? 'starting' : 'noWebgl');
  const [pointer, setPointer] = useState<PointerHover | null>(null);

  const unitColoursCss = useMemo(
    () => new Map(building.units.map((unit) => [unit.id, unitColourCss(theme, columns, unit)])),
    [building, theme, columns],
  );

  useEffect(() => {
    buildingRef.current = building;
  }, [building]);

  useEffect(() => {
    const host = hostRef.current;
    if (!host || !hasWebgl2()) return;
    let stack: BuildingStack;
    try {
      stack = createBuildingStack(host, {
        onHover(unitId, [xPx, yPx]) {
          setPointer(
            unitId === null
              ? null
              : {
                  unitId,
                  xPx,
                  yPx,
                  below: yPx < TOOLTIP_ROOM_ABOVE_PX,
                  leftward: xPx > host.clientWidth - TOOLTIP_ROOM_RIGHT_PX,
                },
          );
          const store = useAppStore.getState();
          if (store.hoveredUnitId !== unitId) store.setHoveredUnit(unitId);
        },
        onSelect(unitId) {
          const { gridCode, id } = buildingRef.current;
          useAppStore.getState().select({ gridCode, buildingId: id, unitId }, 'unit');
        },
        onFrame: () => setStatus('ready'),
      });
    } catch (error) {
      console.warn('building view: no WebGL', error);
      // The failure is only known once the renderer has tried to get a context.
      setStatus('noWebgl');
      return;
    }
    stackRef.current = stack;
    return () => {
      stack.destroy();
      stackRef.current = null;
      // The hover belonged to this view; leave none behind on the floor grid or the globe.
      useAppStore.getState().setHoveredUnit(null);
    };
  }, []);

  useEffect(() => {
    stackRef.current?.update({ building, unitColoursCss, selectedUnitId, hoveredUnitId });
  }, [building, unitColoursCss, selectedUnitId, hoveredUnitId]);

  const hovered =
    pointer === null ? undefined : building.units.find((unit) => unit.id === pointer.unitId);

  return (
    <div
      className="building-stack"
      data-testid="building-stack"
      data-stack-state={status}
      data-building-id={building.id}
    >
      <div className="building-stack-host" ref={hostRef} />
      {status === 'starting' && (
        <div className="building-stack-overlay panel-loading" role="status">
          <div className="spinner spinner-small" aria-hidden="true" />
          {t('building.stackLoading')}
        </div>
      )}
      {status === 'noWebgl' && (
        <div className="building-stack-overlay panel-error" role="alert" data-testid="stack-error">
          <p>{t('building.stackNoWebgl')}</p>
        </div>
      )}
      {status === 'ready' && <p className="building-stack-hint">{t('building.stackHint')}</p>}
      {hovered && pointer && (
        <div
          className={`building-stack-tooltip${pointer.below ? ' is-below' : ''}${pointer.leftward ? ' is-leftward' : ''}`}
          data-testid="stack-tooltip"
          data-unit-id={hovered.id}
          style={{ left: pointer.xPx, top: pointer.yPx }}
        >
          <strong className="building-stack-room">{hovered.roomLabel}</strong>
          <span>
            {t('building.stackTooltip', {
              households: formatNumber(hovered.householdCount),
              residents: formatNumber(hovered.residentCount),
            })}
          </span>
        </div>
      )}
    </div>
  );
}
