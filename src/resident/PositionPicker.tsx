/**
 * Picking the report's position on the district's map: when the phone gives no position, or to
 * correct the one it gave. A tap inside the district sets the position; a tap outside is refused
 * with a message, since the district takes reports only inside its own boundary.
 */
import { lazy, Suspense, useEffect, useState, type ComponentType } from 'react';
import { isPointInArea } from '../domain/geo/polygonContainment';
import type { ResidentMap } from '../shared/residentMap';
import type { LonLatPoint } from './DistrictMap';
import { fetchResidentMap } from './residentApi';
import type { ResidentText } from './residentLocales';

/** MapLibre is big: loaded the first time the picker opens. */
const DistrictMap = lazy(() => import('./DistrictMap'));

export type MapView = ComponentType<{
  district: ResidentMap;
  position: LonLatPoint | null;
  onTap(point: LonLatPoint): void;
}>;

/** The loaded map, kept for the page's life: the district does not move. */
let districtMap: Promise<ResidentMap> | null = null;

export function PositionPicker({
  t,
  position,
  onPick,
  loadMap = fetchResidentMap,
  mapView: View = DistrictMap,
}: {
  t: ResidentText;
  position: LonLatPoint | null;
  onPick(point: LonLatPoint): void;
  loadMap?: typeof fetchResidentMap;
  mapView?: MapView;
}) {
  const [district, setDistrict] = useState<ResidentMap | null>(null);
  const [failed, setFailed] = useState(false);
  const [outside, setOutside] = useState(false);

  useEffect(() => {
    let cancelled = false;
    const loading = loadMap === fetchResidentMap ? (districtMap ??= loadMap()) : loadMap();
    loading.then(
      (loaded) => !cancelled && setDistrict(loaded),
      () => {
        if (loadMap === fetchResidentMap) districtMap = null;
        if (!cancelled) setFailed(true);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [loadMap]);

  return (
    <div className="resident-picker" data-testid="resident-picker">
      <p className="resident-dim">{t('picker.hint')}</p>
      {failed && <p className="resident-error">{t('picker.failed')}</p>}
      {district !== null && (
        <Suspense fallback={<p className="resident-dim">{t('picker.loading')}</p>}>
          <View
            district={district}
            position={position}
            onTap={(point) => {
              const inside = isPointInArea(point, district.boundary);
              setOutside(!inside);
              if (inside) onPick(point);
            }}
          />
        </Suspense>
      )}
      {district === null && !failed && <p className="resident-dim">{t('picker.loading')}</p>}
      {outside && (
        <p className="resident-error" role="alert" data-testid="resident-picker-outside">
          {t('picker.outside')}
        </p>
      )}
    </div>
  );
}
