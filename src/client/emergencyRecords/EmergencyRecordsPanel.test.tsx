/**
 * The emergency records list: loads once shown, one tab per kind with that kind's fields as
 * columns, codes shown as labels, contacts as the server masked them, demo rows labelled,
 * sensors with their state; English on the switch; the public wall modes get no list button.
 */
import { screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { EmergencyRecordView, GridAirQuality } from '../../shared/emergencyRecords';
import { useAppStore } from '../shell/appStore';
import { useWallModeStore } from '../shell/wallModeStore';
import { fakeApiClient, renderPanel, resetStores } from '../widgets/testing/renderPanel';
import { EmergencyRecordsLauncher, EmergencyRecordsPanel } from './EmergencyRecordsPanel';
import { useEmergencyRecordStore } from './emergencyRecordStore';

const SITE = { lon: 119.29, lat: 26.08 };
const record = (overrides: Partial<EmergencyRecordView>): EmergencyRecordView => ({
  id: 1,
  kind: 'hazard',
  name: 'x',
  location: SITE,
  gridCode: '350102001001001',
  attributes: {},
  demo: false,
  updatedAt: '2026-12-05T00:00:00.000Z',
  ...overrides,
});

const RECORDS: EmergencyRecordView[] = [
  record({
    id: 1,
    name: '液氯储存点',
    attributes: {
      enterprise: '某化工有限公司',
      substance: 'chlorine',
      quantityT: 30,
      contactPhone: '*******8000',
    },
    demo: true,
  }),
  record({
    id: 2,
    kind: 'shelter',
    name: '第一中学操场',
    attributes: { capacityPersons: 2000, areaM2: 4000, status: 'available' },
  }),
  record({
    id: 3,
    kind: 'sensor',
    name: '氯气探测器',
    attributes: { sensorType: 'toxic_gas', substance: 'chlorine', threshold: 0.5, unit: 'ppm' },
    sensor: { lastReadingAtMs: 1, lastValue: 0.9, stale: false, alarmIncidentId: 'INC-1' },
  }),
  record({
    id: 4,
    kind: 'sensor',
    name: 'PM2.5监测点',
    attributes: { sensorType: 'pm25', threshold: 75, unit: 'µg/m³' },
    sensor: { lastReadingAtMs: null, lastValue: null, stale: true, alarmIncidentId: null },
  }),
];
const AIR: GridAirQuality[] = [];

function api() {
  return fakeApiClient({
    emergencyRecords: vi.fn(async () => RECORDS),
    airQuality: vi.fn(async () => AIR),
  });
}

function renderBoth(language: 'zh' | 'en' = 'zh') {
  return renderPanel(
    <>
      <EmergencyRecordsLauncher />
      <EmergencyRecordsPanel />
    </>,
    { api: api(), language },
  );
}

beforeEach(() => {
  resetStores(useEmergencyRecordStore, useAppStore, useWallModeStore);
});

describe('EmergencyRecordsPanel', () => {
  it('loads nothing until the list or a layer is opened', () => {
    const client = api();
    renderPanel(<EmergencyRecordsLauncher />, { api: client });
    expect(client.emergencyRecords).not.toHaveBeenCalled();
    expect(screen.queryByTestId('records-panel')).toBeNull();
  });

  it('lists each kind with its own columns, labels for codes and masked contacts', async () => {
    const { user } = renderBoth();
    await user.click(screen.getByTestId('records-open'));
    const table = await screen.findByTestId('records-table');
    const headers = within(table)
      .getAllByRole('columnheader')
      .map((cell) => cell.textContent);
    expect(headers).toEqual(['名称', '企业名称', '危化品', '存量（吨）', '联系人', '联系电话']);
    const row = within(table).getByTestId('records-row');
    expect(row.textContent).toContain('液氯储存点');
    expect(row.textContent).toContain('演示数据');
    expect(row.textContent).toContain('氯气');
    expect(row.textContent).toContain('*******8000');

    await user.click(screen.getByTestId('records-tab-shelter'));
    expect(screen.getByTestId('records-table').textContent).toContain('可用');
    expect(screen.getByTestId('records-table').textContent).not.toContain('液氯储存点');

    await user.click(screen.getByTestId('records-tab-sensor'));
    const sensors = screen.getAllByTestId('records-row').map((entry) => entry.textContent ?? '');
    const pm25 = sensors.find((text) => text.includes('PM2.5监测点'));
    const gas = sensors.find((text) => text.includes('氯气探测器'));
    expect(pm25).toContain('离线');
    expect(gas).toContain('0.9 ppm');
    expect(gas).toContain('超标报警');

    await user.click(screen.getByTestId('records-tab-plan'));
    expect(screen.getByText('暂无记录')).toBeTruthy();
  });

  it('speaks English on the switch', async () => {
    const { user } = renderBoth('en');
    await user.click(screen.getByTestId('records-open'));
    const table = await screen.findByTestId('records-table');
    expect(within(table).getAllByRole('columnheader')[2]!.textContent).toBe('Substance');
    expect(table.textContent).toContain('Chlorine');
    expect(table.textContent).toContain('demo');
  });

  it('toggles a kind onto the globe, and offers no list on the leader wall', async () => {
    useWallModeStore.setState({ mode: 'wall' });
    const { user } = renderBoth();
    expect(screen.queryByTestId('records-open')).toBeNull();
    await user.click(screen.getByTestId('records-layer-shelter'));
    expect(useEmergencyRecordStore.getState().shownKinds).toEqual(['shelter']);
    await waitFor(() =>
      expect(Object.keys(useEmergencyRecordStore.getState().records)).toHaveLength(4),
    );
    await user.click(screen.getByTestId('records-layer-aqi'));
    expect(screen.getByText('严重污染')).toBeTruthy();
  });
});
