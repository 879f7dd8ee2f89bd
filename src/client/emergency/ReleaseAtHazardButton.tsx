/**
 * 在此模拟泄漏: starts the release panel at a hazard source record — its place as the source and
 * its stored substance — so a dispatcher puts the release at the plant in one click instead of
 * finding it on the globe.
 */
import type { EmergencyRecordView } from '../../shared/emergencyRecords';
import { useI18n } from '../shell/i18n';
import { useEmergencyStore } from './emergencyStore';

export function ReleaseAtHazardButton({ record }: { record: EmergencyRecordView }) {
  const { t } = useI18n();
  const location = record.location;
  if (record.kind !== 'hazard' || location === null) return null;
  const substance = record.attributes['substance'];
  return (
    <button
      type="button"
      className="chip"
      data-testid="release-at-hazard"
      onClick={(event) => {
        // The row's own click selects the record; this one starts the release instead.
        event.stopPropagation();
        const emergency = useEmergencyStore.getState();
        if (typeof substance === 'string') emergency.setDraft({ substance });
        emergency.placeSource({ lon: location.lon, lat: location.lat });
        emergency.setOpen(true);
      }}
    >
      {t('emergency.releaseHere')}
    </button>
  );
}
