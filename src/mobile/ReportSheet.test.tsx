/**
 * The phone's report sheet (happy-dom): open incidents of the category nearby are shown before
 * sending and the worker reports anyway or cancels; a tapped map point replaces the GPS position
 * until the GPS button; offline (no duplicate check possible) the report is queued unchecked.
 * The server's check and the MapLibre map are replaced: the map by a button that "taps" a point.
 */
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { IncidentIntakeCheck, PossibleDuplicate } from '../shared/incidents';
import type { PhoneCache } from './phoneCache';
import { usePhoneStore } from './phoneStore';
import { ReportSheet } from './ReportSheet';

const intakeCheck = vi.hoisted(() => vi.fn());
vi.mock('./deviceReads', () => ({ deviceIntakeCheck: intakeCheck }));
vi.mock('./ReportMap', () => ({
  default: ({ onPick }: { onPick(point: { lon: number; lat: number }): void }) => (
    <button type="button" onClick={() => onPick({ lon: 119.31, lat: 26.09 })}>
      tap-map
    </button>
  ),
}));

const GPS = { lon: 119.3, lat: 26.08 };
const reader = { cache: {} as PhoneCache, workerId: 1, token: 'device-token' };

const DUPLICATE: PossibleDuplicate = {
  distanceM: 42.4,
  incident: {
    id: 'INC00000007',
    categoryCode: 'city_appearance',
    priority: 'normal',
    source: 'worker',
    location: GPS,
    gridCode: '350102001001001',
    description: '井盖缺失',
    state: 'registered',
    department: null,
    assigneeUsername: null,
    reportedAtMs: 1,
    dispatchedAtMs: null,
    dueAtMs: null,
    evaluationScore: null,
    escalations: [],
  },
};

function check(duplicates: PossibleDuplicate[]): IncidentIntakeCheck {
  return { gridCode: DUPLICATE.incident.gridCode, inScope: true, possibleDuplicates: duplicates };
}

function renderSheet() {
  const onSend = vi.fn(async () => true);
  const onClose = vi.fn();
  render(<ReportSheet reader={reader} onSend={onSend} onClose={onClose} />);
  fireEvent.change(screen.getByTestId('phone-report-description'), {
    target: { value: '井盖缺失，有人险些踩空' },
  });
  return { onSend, onClose };
}

beforeEach(() => {
  intakeCheck.mockReset();
  usePhoneStore.setState({ language: 'zh', lastFix: GPS, notice: null });
});

describe('ReportSheet', () => {
  it('shows possible duplicates first and sends only when the worker reports anyway', async () => {
    intakeCheck.mockResolvedValue(check([DUPLICATE]));
    const { onSend, onClose } = renderSheet();
    fireEvent.click(screen.getByTestId('phone-report-send'));
    const row = await screen.findByTestId('phone-report-duplicate');
    expect(row.dataset.incidentId).toBe('INC00000007');
    expect(row.textContent).toContain('42 米');
    expect(row.textContent).toContain('井盖缺失');
    expect(screen.getByTestId('phone-report-duplicates').textContent).toContain('附近已有 1 件');
    expect(intakeCheck).toHaveBeenCalledWith('device-token', expect.any(String), GPS);
    expect(onSend).not.toHaveBeenCalled();

    fireEvent.click(screen.getByTestId('phone-report-send-anyway'));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(onSend).toHaveBeenCalledWith(
      expect.objectContaining({ description: '井盖缺失，有人险些踩空', point: GPS, photos: [] }),
    );
  });

  it('cancels without sending', async () => {
    intakeCheck.mockResolvedValue(check([DUPLICATE]));
    const { onSend, onClose } = renderSheet();
    fireEvent.click(screen.getByTestId('phone-report-send'));
    fireEvent.click(await screen.findByTestId('phone-report-cancel'));
    expect(onClose).toHaveBeenCalled();
    expect(onSend).not.toHaveBeenCalled();
    expect(usePhoneStore.getState().notice).toBe('已取消，未上报');
  });

  it('sends at once when nothing similar is near', async () => {
    intakeCheck.mockResolvedValue(check([]));
    const { onSend } = renderSheet();
    fireEvent.click(screen.getByTestId('phone-report-send'));
    await waitFor(() => expect(onSend).toHaveBeenCalled());
    expect(screen.queryByTestId('phone-report-duplicates')).toBeNull();
  });

  it('takes a tapped point instead of the GPS until the GPS button, and queues offline unchecked', async () => {
    intakeCheck.mockRejectedValue(new TypeError('Failed to fetch'));
    const { onSend } = renderSheet();
    const where = screen.getByTestId('phone-report-point');
    expect(where.dataset.source).toBe('gps');
    fireEvent.click(await screen.findByText('tap-map'));
    expect(where.dataset.source).toBe('map');
    expect(where.textContent).toContain('119.31000, 26.09000');
    fireEvent.click(screen.getByTestId('phone-report-use-gps'));
    expect(where.dataset.source).toBe('gps');
    fireEvent.click(screen.getByText('tap-map'));
    fireEvent.click(screen.getByTestId('phone-report-send'));
    await waitFor(() => expect(onSend).toHaveBeenCalled());
    expect(onSend).toHaveBeenCalledWith(
      expect.objectContaining({ point: { lon: 119.31, lat: 26.09 } }),
    );
  });
});
