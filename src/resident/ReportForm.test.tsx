import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ResidentMap } from '../shared/residentMap';
import type { MapView } from './PositionPicker';
import type { ReportDraft } from './residentApi';
import { RESIDENT_MAX_PHOTOS } from './residentApi';
import type { KeyValueStore } from './residentDevice';
import { ReportForm } from './ReportForm';
import { ResidentApp } from './ResidentApp';
import { residentText } from './residentLocales';

const t = residentText('zh');
const SERVICES = [{ service_code: 'CM01', service_name: '市容环境' }];
const DISTRICT: ResidentMap = {
  districtName: '鼓楼区',
  districtNameEn: 'Gulou',
  boundary: {
    type: 'Polygon',
    coordinates: [
      [
        [119.2, 26.0],
        [119.4, 26.0],
        [119.4, 26.2],
        [119.2, 26.2],
        [119.2, 26.0],
      ],
    ],
  },
  bbox: [119.2, 26.0, 119.4, 26.2],
  center: { lon: 119.3, lat: 26.1 },
  basemap: { type: 'FeatureCollection', features: [] },
};
const INSIDE = { lon: 119.31, lat: 26.07 };
const OUTSIDE = { lon: 119.6, lat: 26.07 };

/** Stands in for the MapLibre map (no WebGL here): two places to tap, and the marker's place. */
const FakeMap: MapView = ({ position, onTap }) => (
  <div
    data-testid="fake-map"
    data-position={position === null ? '' : `${position.lon},${position.lat}`}
  >
    <button type="button" onClick={() => onTap(INSIDE)}>
      tap inside
    </button>
    <button type="button" onClick={() => onTap(OUTSIDE)}>
      tap outside
    </button>
  </div>
);

function denyGeolocation(): void {
  vi.stubGlobal('navigator', {
    ...navigator,
    geolocation: {
      getCurrentPosition: (_done: unknown, fail: (error: { code: number }) => void) =>
        fail({ code: 1 }),
    },
  });
}

function grantGeolocation(): void {
  vi.stubGlobal('navigator', {
    ...navigator,
    geolocation: {
      getCurrentPosition: (done: (position: unknown) => void) =>
        done({ coords: { latitude: 26.1, longitude: 119.25, accuracy: 30 } }),
    },
  });
}

function jpeg(name: string): File {
  return new File([new Uint8Array([0xff, 0xd8, 0xff, 0xd9])], name, { type: 'image/jpeg' });
}

function renderForm(onSend: (draft: ReportDraft) => void, resize = async (file: Blob) => file) {
  return render(
    <ReportForm
      t={t}
      services={SERVICES}
      phase="idle"
      error={null}
      onSend={onSend}
      seams={{ loadMap: async () => DISTRICT, mapView: FakeMap, resizePhoto: resize }}
    />,
  );
}

afterEach(() => vi.unstubAllGlobals());

describe('the report form’s map picker and photos', () => {
  it('opens the map when location is refused, refuses a place outside the district, takes one inside', async () => {
    denyGeolocation();
    const onSend = vi.fn();
    const user = userEvent.setup();
    renderForm(onSend);
    await user.type(screen.getByTestId('resident-description'), '井盖缺失');
    await user.click(screen.getByTestId('resident-locate'));
    expect(await screen.findByTestId('resident-picker')).toBeTruthy();
    expect(screen.getByTestId('resident-send')).toHaveProperty('disabled', true);

    await user.click(await screen.findByText('tap outside'));
    expect(screen.getByTestId('resident-picker-outside').textContent).toContain('不在本区范围内');
    expect(screen.getByTestId('resident-send')).toHaveProperty('disabled', true);

    await user.click(screen.getByText('tap inside'));
    expect(screen.queryByTestId('resident-picker-outside')).toBeNull();
    expect(screen.getByTestId('resident-picked').textContent).toBe('已在地图上选定位置');
    expect(screen.getByTestId('fake-map').dataset.position).toBe(`${INSIDE.lon},${INSIDE.lat}`);
    await user.click(screen.getByTestId('resident-send'));
    expect(onSend).toHaveBeenCalledWith(
      expect.objectContaining({ lat: INSIDE.lat, lon: INSIDE.lon, description: '井盖缺失' }),
    );
  });

  it('corrects a GPS position on the map', async () => {
    grantGeolocation();
    const onSend = vi.fn();
    const user = userEvent.setup();
    renderForm(onSend);
    await user.type(screen.getByTestId('resident-description'), '路灯不亮');
    await user.click(screen.getByTestId('resident-locate'));
    await screen.findByTestId('resident-located');
    expect(screen.queryByTestId('resident-picker')).toBeNull();
    await user.click(screen.getByTestId('resident-pick-on-map'));
    expect((await screen.findByTestId('fake-map')).dataset.position).toBe('119.25,26.1');
    await user.click(screen.getByText('tap inside'));
    await user.click(screen.getByTestId('resident-send'));
    expect(onSend.mock.calls[0]?.[0]).toMatchObject({ lat: INSIDE.lat, lon: INSIDE.lon });
  });

  it('makes photos small on the phone, takes a few at most, and sends them with the draft', async () => {
    grantGeolocation();
    const onSend = vi.fn();
    const resized: Blob[] = [];
    const resize = vi.fn(async (file: Blob) => {
      const small = new Blob([await file.arrayBuffer()], { type: 'image/jpeg' });
      resized.push(small);
      return small;
    });
    const user = userEvent.setup();
    renderForm(onSend, resize);
    await user.upload(screen.getByTestId('resident-photo-input'), [
      jpeg('a.jpg'),
      jpeg('b.jpg'),
      jpeg('c.jpg'),
      jpeg('d.jpg'),
    ]);
    await waitFor(() =>
      expect(screen.getByTestId('resident-photos').children).toHaveLength(RESIDENT_MAX_PHOTOS),
    );
    expect(resize).toHaveBeenCalledTimes(RESIDENT_MAX_PHOTOS);
    // Full: no more input offered. A tap on a thumbnail removes that photo.
    expect(screen.queryByTestId('resident-photo-input')).toBeNull();
    await user.click(screen.getAllByRole('button', { name: '点按移除这张照片' })[0]!);
    expect(screen.getByTestId('resident-photos').children).toHaveLength(RESIDENT_MAX_PHOTOS - 1);

    await user.type(screen.getByTestId('resident-description'), '垃圾堆放');
    await user.click(screen.getByTestId('resident-locate'));
    await screen.findByTestId('resident-located');
    await user.click(screen.getByTestId('resident-send'));
    expect((onSend.mock.calls[0]?.[0] as ReportDraft).photos).toEqual(resized.slice(1));
  });
});

function memoryStore(): KeyValueStore {
  const values = new Map<string, string>();
  return {
    getItem: (key) => values.get(key) ?? null,
    setItem: (key, value) => void values.set(key, value),
  };
}

describe('sending a report with photos', () => {
  it('uploads each photo after the create with its receipt, and says so when one is refused', async () => {
    grantGeolocation();
    const store = memoryStore();
    const upload = vi
      .fn()
      .mockResolvedValueOnce('http://x/open311/v2/media/a.jpg')
      .mockRejectedValueOnce(new Error('每条上报最多 3 张照片'));
    const send = vi.fn(async () => ({ id: 'INC00000042', token: 'tok' }));
    const user = userEvent.setup();
    render(
      <ResidentApp
        store={store}
        loadServices={async () => ({ services: SERVICES, clockOffsetMs: 0 })}
        send={send}
        upload={upload}
        lookup={async () => {
          throw new Error('offline');
        }}
        seams={{
          loadMap: async () => DISTRICT,
          mapView: FakeMap,
          resizePhoto: async (file) => file,
        }}
      />,
    );
    await screen.findByRole('option', { name: '市容环境' });
    await user.upload(screen.getByTestId('resident-photo-input'), [jpeg('a.jpg'), jpeg('b.jpg')]);
    await waitFor(() => expect(screen.getByTestId('resident-photos').children).toHaveLength(2));
    await user.type(screen.getByTestId('resident-description'), '垃圾堆放');
    await user.click(screen.getByTestId('resident-locate'));
    await screen.findByTestId('resident-located');
    await user.click(screen.getByTestId('resident-send'));

    expect((await screen.findByTestId('resident-receipt-number')).textContent).toBe('INC00000042');
    expect(upload).toHaveBeenCalledTimes(2);
    expect(upload.mock.calls[0]?.[0]).toEqual({ id: 'INC00000042', token: 'tok' });
    expect(upload.mock.calls[0]?.[1]).toBe(store.getItem('resident.deviceId'));
    expect(screen.getByTestId('resident-photo-error').textContent).toContain(
      '每条上报最多 3 张照片',
    );
  });
});
