/**
 * The review tab with a faked API: a pending request's masked change, its conflict shown before
 * an approval over it (sent with acceptConflict), a rejection refused without a reason and sent
 * with one, and no review buttons for a reader without register.review.
 */
import { screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { SessionUser } from '../../shared/api';
import type { RegisterRequestView } from '../../shared/registerRequests';
import { useAdminStore } from '../admin/adminStore';
import { useAppStore } from '../shell/appStore';
import { fakeApiClient, renderPanel, resetStores } from '../widgets/testing/renderPanel';
import { RegisterRequestReview } from './RegisterRequestReview';

const REVIEWER: SessionUser = {
  username: 'dispatcher',
  displayName: 'Dispatcher',
  role: 'dispatcher',
  scopes: ['350102001'],
  canReveal: true,
  permissions: ['registry.read', 'register.review'],
  mustChangePassword: false,
};

const EMPTY_CHANGE = {
  personId: null,
  note: null,
  name: null,
  idNumberMasked: null,
  phoneMasked: null,
  relation: null,
  tags: null,
  landlordName: null,
  tenants: null,
  startDate: null,
  endDate: null,
};

function request(id: number, overrides: Partial<RegisterRequestView>): RegisterRequestView {
  return {
    id,
    status: 'pending',
    householdId: 3,
    unitId: 9,
    gridCode: '350102001001001',
    address: '鼓楼区演示路1号',
    roomLabel: '101',
    workerName: '林*峰',
    change: { ...EMPTY_CHANGE, kind: 'phone', personId: 7, phoneMasked: '*******5678' },
    observedAt: '2026-12-05T08:00:00.000Z',
    submittedAt: '2026-12-05T08:00:05.000Z',
    reviewedBy: null,
    reviewedAt: null,
    reviewReason: null,
    conflict: null,
    ...overrides,
  };
}

const CONFLICTED = request(2, {
  change: { ...EMPTY_CHANGE, kind: 'tags', personId: 8, tags: ['key_care'] },
  conflict: {
    seen: { name: '张三', phone: '*******1234', tags: '', relation: 'head' },
    now: { name: '张三', phone: '*******7777', tags: '', relation: 'head' },
  },
});

beforeEach(() => {
  resetStores(useAppStore, useAdminStore);
});

describe('the register review tab', () => {
  it('shows the masked change and approves a request without a conflict', async () => {
    useAppStore.setState({ session: REVIEWER });
    const approve = vi.fn().mockResolvedValue({ ...request(1, {}), status: 'approved' });
    const api = fakeApiClient({
      registerRequests: vi.fn().mockResolvedValue({ items: [request(1, {})] }),
      approveRegisterRequest: approve,
    });
    const { user } = renderPanel(<RegisterRequestReview />, { api });
    const card = await screen.findByTestId('request-card');
    expect(card.textContent).toContain('新联系电话');
    expect(card.textContent).toContain('*******5678');
    expect(screen.queryByTestId('request-conflict')).toBeNull();
    await user.click(within(card).getByTestId('request-approve'));
    expect(approve).toHaveBeenCalledWith(1, false);
    await waitFor(() => expect(screen.queryByTestId('request-card')).toBeNull());
  });

  it('shows what the phone saw beside the register before approving over a conflict', async () => {
    useAppStore.setState({ session: REVIEWER });
    const approve = vi.fn().mockResolvedValue({ ...CONFLICTED, status: 'approved' });
    const api = fakeApiClient({
      registerRequests: vi.fn().mockResolvedValue({ items: [CONFLICTED] }),
      approveRegisterRequest: approve,
    });
    const { user } = renderPanel(<RegisterRequestReview />, { api });
    const conflict = await screen.findByTestId('request-conflict');
    expect(conflict.textContent).toContain('*******1234');
    expect(conflict.textContent).toContain('*******7777');
    const button = screen.getByTestId('request-approve');
    expect(button.textContent).toBe('核对后仍批准');
    await user.click(button);
    expect(approve).toHaveBeenCalledWith(2, true);
  });

  it('refuses a rejection without a reason and sends one with it', async () => {
    useAppStore.setState({ session: REVIEWER });
    const reject = vi.fn().mockResolvedValue({ ...request(1, {}), status: 'rejected' });
    const api = fakeApiClient({
      registerRequests: vi.fn().mockResolvedValue({ items: [request(1, {})] }),
      rejectRegisterRequest: reject,
    });
    const { user } = renderPanel(<RegisterRequestReview />, { api });
    await user.click(await screen.findByTestId('request-reject'));
    await user.click(screen.getByTestId('request-reject-confirm'));
    expect(screen.getByTestId('request-message').textContent).toBe('驳回须说明理由');
    expect(reject).not.toHaveBeenCalled();
    await user.type(screen.getByTestId('request-reason'), '经核实仍在此居住');
    await user.click(screen.getByTestId('request-reject-confirm'));
    expect(reject).toHaveBeenCalledWith(1, '经核实仍在此居住');
  });

  it('offers no review buttons to a reader without register.review', async () => {
    useAppStore.setState({
      session: { ...REVIEWER, role: 'viewer', permissions: ['registry.read'] },
    });
    const api = fakeApiClient({
      registerRequests: vi.fn().mockResolvedValue({ items: [request(1, {})] }),
    });
    renderPanel(<RegisterRequestReview />, { api });
    await screen.findByTestId('request-card');
    expect(screen.queryByTestId('request-approve')).toBeNull();
    expect(screen.queryByTestId('request-reject')).toBeNull();
  });
});
