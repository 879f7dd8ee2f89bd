/**
 * 热线受理 on a hotline operator's desk: the app opens on it; the caller's number shows masked
 * once typed; an address from the register places the call; open incidents nearby show as
 * possible duplicates; the call goes to the server with the number typed; the call-back list
 * hands out the number only on request and records the caller's rating; English on the switch.
 */
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { GridNode, SessionUser } from '../../shared/api';
import type { AddressMatch, HotlineCallback } from '../../shared/hotline';
import type { IncidentIntakeCheck } from '../../shared/incidents';
import { useAdminStore } from '../admin/adminStore';
import { App } from '../shell/App';
import { useAppStore } from '../shell/appStore';
import { fakeApiClient, renderPanel, resetStores } from '../widgets/testing/renderPanel';
import { incidentDetail } from '../incidents/incidentDetailFixture';

const OPERATOR: SessionUser = {
  username: 'hotline01',
  displayName: '12345 话务员',
  role: 'hotline_operator',
  scopes: ['350102'],
  canReveal: false,
  permissions: ['hotline.take'],
  mustChangePassword: false,
};

const CALLER = '13800138000';

const MATCH: AddressMatch = {
  buildingId: 7,
  name: '三坊七巷1号楼',
  address: '南后街12号',
  gridCode: '350102001001001',
  lon: 119.3,
  lat: 26.08,
};

/** One base grid of the scope, 0.01° square, and one outside it. */
function squareGrid(code: string, west: number, south: number): GridNode {
  const ring = [
    [west, south],
    [west + 0.01, south],
    [west + 0.01, south + 0.01],
    [west, south + 0.01],
    [west, south],
  ];
  return {
    code,
    parentCode: code.slice(0, 12),
    level: 4,
    name: `网格${code.slice(-3)}`,
    nameEn: `Grid ${code.slice(-3)}`,
    center: { lon: west + 0.005, lat: south + 0.005 },
    polygon: { type: 'Polygon', coordinates: [ring] },
  };
}
const GRIDS = [
  squareGrid('350102001001001', 119.3, 26.08),
  squareGrid('350103001001001', 119.4, 26.2),
];

const DUPLICATE = incidentDetail({ id: 'INC00000042', state: 'dispatched' });

function intake(overrides: Partial<IncidentIntakeCheck> = {}): IncidentIntakeCheck {
  return {
    gridCode: MATCH.gridCode,
    inScope: true,
    possibleDuplicates: [{ incident: DUPLICATE, distanceM: 35 }],
    ...overrides,
  };
}

const WAITING: HotlineCallback = {
  incidentId: 'INC00000007',
  categoryCode: 'city_appearance',
  closedState: 'closed',
  closingNote: '垃圾已清运完毕',
  closedAtMs: Date.UTC(2026, 11, 5, 2, 0),
  callerPhoneMasked: '*******8000',
  rating: null,
};

function deskApi(overrides: Record<string, unknown> = {}) {
  return fakeApiClient({
    me: vi.fn().mockResolvedValue(OPERATOR),
    hotlineCallbacks: vi.fn().mockResolvedValue({ items: [] }),
    grids: vi.fn().mockResolvedValue(GRIDS),
    hotlineAddresses: vi.fn().mockResolvedValue({ items: [MATCH] }),
    hotlineIntakeCheck: vi.fn().mockResolvedValue(intake()),
    ...overrides,
  });
}

beforeEach(() => {
  resetStores(useAppStore, useAdminStore);
});

describe('热线受理 for a hotline operator', () => {
  it('takes a call: the number masked once typed, the address found, duplicates shown', async () => {
    const takeHotlineCall = vi.fn().mockResolvedValue({
      incidentId: 'INC00000043',
      gridCode: MATCH.gridCode,
      state: 'reported',
      callerPhoneMasked: '*******8000',
      possibleDuplicates: [],
    });
    const api = deskApi({ takeHotlineCall });
    const { user } = renderPanel(<App />, { api });
    const form = await screen.findByTestId('hotline-call');
    expect(screen.getByTestId('admin-tab-hotline').className).toContain('button-primary');
    expect(screen.queryByTestId('admin-tab-users')).toBeNull();
    expect((screen.getByTestId('hotline-submit') as HTMLButtonElement).disabled).toBe(true);

    await user.type(within(form).getByTestId('hotline-phone'), CALLER);
    fireEvent.blur(within(form).getByTestId('hotline-phone'));
    expect(within(form).getByTestId('hotline-phone-masked').textContent).toMatch(/8000$/);
    expect(document.body.textContent).not.toContain(CALLER);

    await user.selectOptions(within(form).getByTestId('hotline-category'), 'city_appearance');
    await user.type(within(form).getByTestId('hotline-description'), '东门垃圾多日未清运');
    await user.type(within(form).getByTestId('hotline-address-query'), '南后街');
    await user.click(within(form).getByTestId('hotline-address-search'));
    expect(api.hotlineAddresses).toHaveBeenCalledWith('南后街');
    await user.click(await within(form).findByTestId('hotline-address-match'));
    expect(within(form).getByTestId('hotline-address-chosen').textContent).toContain('南后街12号');

    const duplicates = await within(form).findByTestId('hotline-duplicates');
    expect(within(duplicates).getByTestId('hotline-duplicate').textContent).toContain(
      'INC00000042',
    );
    expect(api.hotlineIntakeCheck).toHaveBeenCalledWith(
      { categoryCode: 'city_appearance', lon: MATCH.lon, lat: MATCH.lat },
      expect.anything(),
    );

    await user.click(screen.getByTestId('hotline-submit'));
    expect(takeHotlineCall).toHaveBeenCalledWith({
      callerPhone: CALLER,
      categoryCode: 'city_appearance',
      description: '东门垃圾多日未清运',
      lon: MATCH.lon,
      lat: MATCH.lat,
      address: MATCH.address,
    });
    expect((await screen.findByTestId('hotline-taken')).textContent).toContain('INC00000043');
    // A new call starts from an empty form, the last address search included.
    expect((within(form).getByTestId('hotline-phone') as HTMLInputElement).value).toBe('');
    expect((within(form).getByTestId('hotline-address-query') as HTMLInputElement).value).toBe('');
    expect(within(form).queryByTestId('hotline-address-match')).toBeNull();
    expect((within(form).getByTestId('hotline-description') as HTMLTextAreaElement).value).toBe('');
  });

  it('places a call by a point on the grid map of the scope, without an address', async () => {
    const takeHotlineCall = vi.fn().mockResolvedValue({
      incidentId: 'INC00000044',
      gridCode: MATCH.gridCode,
      state: 'reported',
      callerPhoneMasked: '*******8000',
      possibleDuplicates: [],
    });
    const api = deskApi({ takeHotlineCall });
    const { user } = renderPanel(<App />, { api });
    const map = await screen.findByTestId('hotline-map');
    // Only the base grid inside the operator's scope is drawn.
    const drawn = within(map).getAllByTestId('hotline-map-grid');
    expect(drawn.map((grid) => grid.getAttribute('data-grid-code'))).toEqual(['350102001001001']);
    // The drawing is 1000 units wide for 0.01°; on screen 500 px wide from x = 100.
    const height = 500 / Math.cos(((26.08 + 26.09) / 2) * (Math.PI / 180));
    vi.spyOn(map as unknown as SVGSVGElement, 'getBoundingClientRect').mockReturnValue(
      DOMRect.fromRect({ x: 100, y: 50, width: 500, height }),
    );
    await user.type(screen.getByTestId('hotline-phone'), CALLER);
    await user.selectOptions(screen.getByTestId('hotline-category'), 'city_appearance');
    await user.type(screen.getByTestId('hotline-description'), '井盖缺失');
    // A quarter from the west edge, half-way down: 119.3025, 26.085.
    fireEvent.click(within(map).getByText('网格001').parentElement as Element, {
      clientX: 100 + 125,
      clientY: 50 + height / 2,
    });
    expect(screen.getByTestId('hotline-address-chosen').textContent).toContain('网格001');
    await waitFor(() =>
      expect((screen.getByTestId('hotline-submit') as HTMLButtonElement).disabled).toBe(false),
    );
    await user.click(screen.getByTestId('hotline-submit'));
    const sent = takeHotlineCall.mock.calls[0]?.[0] as { lon: number; lat: number };
    expect(sent.lon).toBeCloseTo(119.3025, 6);
    expect(sent.lat).toBeCloseTo(26.085, 6);
    expect(sent).not.toHaveProperty('address');
  });

  it('refuses a place outside the desk scope before sending', async () => {
    const api = deskApi({
      hotlineIntakeCheck: vi
        .fn()
        .mockResolvedValue(intake({ inScope: false, possibleDuplicates: [] })),
    });
    const { user } = renderPanel(<App />, { api });
    const form = await screen.findByTestId('hotline-call');
    await user.type(within(form).getByTestId('hotline-phone'), CALLER);
    await user.selectOptions(within(form).getByTestId('hotline-category'), 'city_appearance');
    await user.type(within(form).getByTestId('hotline-description'), '噪音扰民');
    await user.type(within(form).getByTestId('hotline-address-query'), '南后街{Enter}');
    await user.click(await within(form).findByTestId('hotline-address-match'));
    expect(await within(form).findByText('该地址不在您的受理范围内')).toBeTruthy();
    expect((screen.getByTestId('hotline-submit') as HTMLButtonElement).disabled).toBe(true);
  });

  it('calls back: the number only on request, the rating recorded, the case leaves the list', async () => {
    const callerNumber = vi.fn().mockResolvedValue({ phone: CALLER });
    const completeCallback = vi.fn().mockResolvedValue({
      ...WAITING,
      rating: { rating: 'basically_satisfied', channel: 'hotline', ratedAtMs: 1 },
    });
    const api = deskApi({
      hotlineCallbacks: vi.fn().mockResolvedValue({ items: [WAITING] }),
      callerNumber,
      completeCallback,
    });
    const { user } = renderPanel(<App />, { api });
    const item = await screen.findByTestId('hotline-callback');
    expect(within(item).getByTestId('hotline-callback-note').textContent).toBe('垃圾已清运完毕');
    expect(within(item).getByTestId('hotline-callback-phone').textContent).toBe('*******8000');
    expect(callerNumber).not.toHaveBeenCalled();

    await user.click(within(item).getByTestId('hotline-callback-dial'));
    expect(callerNumber).toHaveBeenCalledWith('INC00000007');
    expect((await within(item).findByTestId('hotline-callback-number')).textContent).toBe(CALLER);

    await user.click(within(item).getByTestId('hotline-rating-basically_satisfied'));
    expect(
      within(item).getByTestId('hotline-rating-basically_satisfied').getAttribute('aria-pressed'),
    ).toBe('true');
    await user.click(within(item).getByTestId('hotline-callback-done'));
    expect(completeCallback).toHaveBeenCalledWith('INC00000007', {
      rating: 'basically_satisfied',
    });
    expect(await screen.findByTestId('hotline-callbacks-empty')).toBeTruthy();
  });

  it('reads in English on the switch', async () => {
    const api = deskApi();
    renderPanel(<App />, { api, language: 'en' });
    expect(await screen.findByText('Take a call')).toBeTruthy();
    await waitFor(() =>
      expect(screen.getByTestId('hotline-callbacks-empty').textContent).toBe(
        'No caller waits for a call-back',
      ),
    );
  });
});
