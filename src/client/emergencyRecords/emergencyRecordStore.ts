/**
 * 应急资源: the emergency records the wall shows (one list, normalised by id), which kinds are
 * drawn on the globe, the list's open kind, and the PM2.5 of each base grid. Plain data only;
 * the panel loads it, the globe layer draws it.
 */
import { create } from 'zustand';
import type { EmergencyRecordKind } from '../../domain/emergency/records/emergencyRecordKinds';
import type { EmergencyRecordView, GridAirQuality } from '../../shared/emergencyRecords';

export interface EmergencyRecordState {
  open: boolean;
  records: Readonly<Record<number, EmergencyRecordView>>;
  airQuality: readonly GridAirQuality[];
  /** The list's tab. */
  listKind: EmergencyRecordKind;
  /** Kinds drawn on the globe. */
  shownKinds: readonly EmergencyRecordKind[];
  /** Grid PM2.5 layer (HJ 633-2012 bands) on the globe. */
  airQualityShown: boolean;
  selectedId: number | null;
  loading: boolean;
  error: string | null;
  setOpen(open: boolean): void;
  setListKind(kind: EmergencyRecordKind): void;
  toggleKind(kind: EmergencyRecordKind): void;
  setAirQualityShown(shown: boolean): void;
  select(id: number | null): void;
  startLoading(): void;
  finishLoading(
    records: readonly EmergencyRecordView[],
    airQuality: readonly GridAirQuality[],
  ): void;
  failLoading(message: string): void;
}

export const useEmergencyRecordStore = create<EmergencyRecordState>()((set) => ({
  open: false,
  records: {},
  airQuality: [],
  listKind: 'hazard',
  shownKinds: [],
  airQualityShown: false,
  selectedId: null,
  loading: false,
  error: null,
  setOpen: (open) => set(open ? { open } : { open, selectedId: null }),
  setListKind: (listKind) => set({ listKind }),
  toggleKind: (kind) =>
    set((state) => ({
      shownKinds: state.shownKinds.includes(kind)
        ? state.shownKinds.filter((shown) => shown !== kind)
        : [...state.shownKinds, kind],
    })),
  setAirQualityShown: (airQualityShown) => set({ airQualityShown }),
  select: (selectedId) => set({ selectedId }),
  startLoading: () => set({ loading: true, error: null }),
  finishLoading: (records, airQuality) =>
    set({
      loading: false,
      records: Object.fromEntries(records.map((record) => [record.id, record])),
      airQuality,
    }),
  failLoading: (error) => set({ loading: false, error }),
}));

/** The records of one kind, by name (the list's order). */
export function selectRecordsOfKind(
  state: Pick<EmergencyRecordState, 'records'>,
  kind: EmergencyRecordKind,
): EmergencyRecordView[] {
  return Object.values(state.records)
    .filter((record) => record.kind === kind)
    .sort((a, b) => a.name.localeCompare(b.name, 'zh'));
}

/** What the globe draws: placed records of the shown kinds. */
export function selectShownRecords(
  state: Pick<EmergencyRecordState, 'records' | 'shownKinds'>,
): EmergencyRecordView[] {
  return Object.values(state.records).filter(
    (record) => record.location !== null && state.shownKinds.includes(record.kind),
  );
}
