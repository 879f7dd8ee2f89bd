/**
 * 入户采集 offline (happy-dom, fake-indexeddb): the building and unit lists read once online are
 * kept on the phone; without a network the sheet lists them from there and says from when.
 * Only `fetch` is replaced; the cache is the real one.
 */
import 'fake-indexeddb/auto';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DeviceBuilding, DeviceUnitItem } from '../shared/registerRequests';
import { CollectSheet } from './CollectSheet';
import { PhoneCache } from './phoneCache';
import { usePhoneStore } from './phoneStore';

const BUILDINGS: DeviceBuilding[] = [
  { id: 7, name: '1号楼', address: '鼓楼区示范路1号', gridCode: '350102001001001' },
];
const UNITS: DeviceUnitItem[] = [{ id: 70, floor: 3, roomLabel: '301' }];

function answering(online: boolean) {
  return vi.fn(async (path: string) => {
    if (!online) throw new TypeError('Failed to fetch');
    const body = path.endsWith('/units') ? { units: UNITS } : { buildings: BUILDINGS };
    return new Response(JSON.stringify(body), { status: 200 });
  });
}

afterEach(() => vi.unstubAllGlobals());

describe('CollectSheet', () => {
  it('lists buildings and units kept from the last visit when offline, and says from when', async () => {
    usePhoneStore.setState({ language: 'zh' });
    const cache = await PhoneCache.open('collect-offline');
    const reader = { cache, workerId: 1, token: 'device-token' };
    vi.stubGlobal('fetch', answering(true));
    const online = render(
      <CollectSheet reader={reader} onSend={async () => {}} onClose={() => {}} />,
    );
    await screen.findByText('1号楼 · 鼓楼区示范路1号');
    fireEvent.change(screen.getByTestId('collect-building'), { target: { value: '7' } });
    await screen.findByText('301');
    const fresh = screen.getByTestId('phone-cached-note');
    expect(fresh.dataset.fromCache).toBe('false');
    expect(fresh.textContent).toContain('已缓存到本机');
    online.unmount();

    vi.stubGlobal('fetch', answering(false));
    render(<CollectSheet reader={reader} onSend={async () => {}} onClose={() => {}} />);
    await screen.findByText('1号楼 · 鼓楼区示范路1号');
    fireEvent.change(screen.getByTestId('collect-building'), { target: { value: '7' } });
    await screen.findByText('301');
    await waitFor(() =>
      expect(screen.getByTestId('phone-cached-note').dataset.fromCache).toBe('true'),
    );
    expect(screen.getByTestId('phone-cached-note').textContent).toContain('离线：使用本机缓存');
    expect(screen.queryByText(/读取失败/)).toBeNull();
    cache.close();
  });
});
