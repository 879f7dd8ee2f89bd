/**
 * The administrators' form: the inputs follow the kind's fields, a new record is sent typed,
 * the server's refusal is shown in the reader's language, an edit leaves the masked phone out
 * (the stored one is kept), and a sensor's token is shown once issued.
 */
import { screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { EmergencyRecordInput, EmergencyRecordView } from '../../shared/emergencyRecords';
import { ApiRequestError } from '../feeds/apiClient';
import { useAppStore } from '../shell/appStore';
import { fakeApiClient, renderPanel, resetStores } from '../widgets/testing/renderPanel';
import { EmergencyRecordAdmin } from './EmergencyRecordAdmin';

const HAZARD: EmergencyRecordView = {
  id: 7,
  kind: 'hazard',
  name: '液氯储存点',
  location: { lon: 119.3, lat: 26.08 },
  gridCode: null,
  attributes: {
    enterprise: '某化工',
    substance: 'chlorine',
    quantityT: 30,
    contactPhone: '*******8000',
  },
  demo: false,
  updatedAt: '2026-12-05T00:00:00.000Z',
};
const SENSOR: EmergencyRecordView = {
  ...HAZARD,
  id: 8,
  kind: 'sensor',
  name: '探测器',
  attributes: { sensorType: 'toxic_gas', threshold: 0.5, unit: 'ppm' },
};

beforeEach(() => resetStores(useAppStore));

describe('EmergencyRecordAdmin', () => {
  it('sends a new shelter typed, and shows the server refusal', async () => {
    const created: EmergencyRecordInput[] = [];
    const api = fakeApiClient({
      emergencyRecords: vi.fn(async () => [HAZARD, SENSOR]),
      createEmergencyRecord: vi.fn(async (input: EmergencyRecordInput) => {
        created.push(input);
        if (created.length > 1) {
          // The server's LocalizedError body carries both languages beside the message.
          const body = {
            statusCode: 409,
            error: 'Conflict',
            message: 'exists',
            messages: { zh: '同类记录中已有“某公园”', en: 'exists' },
          };
          throw new ApiRequestError(body);
        }
        return { ...HAZARD, kind: 'shelter' as const };
      }),
    });
    const { user } = renderPanel(<EmergencyRecordAdmin />, { api });
    await user.click(screen.getByRole('tab', { name: '避难场所' }));
    await user.type(screen.getByLabelText('名称 *'), '某公园');
    await user.type(screen.getByLabelText('经度（WGS84） *'), '119.3');
    await user.type(screen.getByLabelText('纬度（WGS84） *'), '26.08');
    await user.type(screen.getByLabelText('容纳人数 *'), '1500');
    await user.type(screen.getByLabelText('面积（平方米） *'), '3000');
    await user.selectOptions(screen.getByLabelText('状态 *'), 'available');
    await user.click(screen.getByTestId('records-save'));
    await waitFor(() => expect(screen.getByTestId('records-message').textContent).toBe('已保存'));
    expect(created[0]).toEqual({
      kind: 'shelter',
      name: '某公园',
      location: { lon: 119.3, lat: 26.08 },
      attributes: { capacityPersons: 1500, areaM2: 3000, status: 'available' },
    });
    await user.type(screen.getByLabelText('名称 *'), '某公园');
    await user.click(screen.getByTestId('records-save'));
    await waitFor(() =>
      expect(screen.getByTestId('records-message').textContent).toBe('同类记录中已有“某公园”'),
    );
  });

  it('edits without sending the masked phone back, and shows a sensor token once issued', async () => {
    const updated: Array<[number, EmergencyRecordInput]> = [];
    const api = fakeApiClient({
      emergencyRecords: vi.fn(async () => [HAZARD, SENSOR]),
      updateEmergencyRecord: vi.fn(async (id: number, input: EmergencyRecordInput) => {
        updated.push([id, input]);
        return HAZARD;
      }),
      issueSensorToken: vi.fn(async (id: number) => ({ sensorId: id, token: 'secret-token' })),
    });
    const { user } = renderPanel(<EmergencyRecordAdmin />, { api });
    await user.click(await screen.findByRole('button', { name: '编辑' }));
    expect((screen.getByLabelText('联系电话') as HTMLInputElement).value).toBe('');
    await user.click(screen.getByTestId('records-save'));
    await waitFor(() => expect(updated).toHaveLength(1));
    expect(updated[0]![0]).toBe(7);
    expect(updated[0]![1].attributes).toEqual({
      enterprise: '某化工',
      substance: 'chlorine',
      quantityT: 30,
    });

    await user.click(screen.getByRole('tab', { name: '监测传感器' }));
    await user.click(await screen.findByRole('button', { name: '签发设备令牌' }));
    expect((await screen.findByTestId('records-token')).textContent).toContain('secret-token');
  });
});
