import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PublicStatus, ReportDraft } from './residentApi';
import { saveReport, savedReportsOf, type KeyValueStore } from './residentDevice';
import { ResidentApp } from './ResidentApp';

const SERVICES = [
  { service_code: 'CM01', service_name: '市容环境' },
  { service_code: 'CM02', service_name: '公共设施' },
];
const FIX = { coords: { latitude: 26.08, longitude: 119.3, accuracy: 9 } };

function memoryStore(): KeyValueStore {
  const values = new Map<string, string>();
  return {
    getItem: (key) => values.get(key) ?? null,
    setItem: (key, value) => void values.set(key, value),
  };
}

function openStatus(id: string): PublicStatus {
  return {
    service_request_id: id,
    status: 'open',
    status_notes: '已受理，等待立案',
    service_name: '公共设施',
    address: '梅园社区附近',
    requested_datetime: '2026-12-05T12:00:00Z',
    updated_datetime: '2026-12-05T12:00:00Z',
    media_url: '',
  };
}

function grantGeolocation(): void {
  vi.stubGlobal('navigator', {
    ...navigator,
    geolocation: {
      getCurrentPosition: (done: (position: typeof FIX) => void) => done(FIX),
    },
  });
}

afterEach(() => vi.unstubAllGlobals());

describe("the resident's report page", () => {
  it('sends the form with the fix, shows the number, and keeps the report on the phone', async () => {
    grantGeolocation();
    const store = memoryStore();
    const send = vi.fn(async (_draft: ReportDraft) => ({ id: 'INC00000042', token: 'tok' }));
    const lookup = vi.fn(async (id: string) => openStatus(id));
    const user = userEvent.setup();
    render(
      <ResidentApp
        store={store}
        loadServices={async () => ({ services: SERVICES, clockOffsetMs: 0 })}
        send={send}
        lookup={lookup}
      />,
    );
    await screen.findByRole('option', { name: '公共设施' });
    const sendButton = screen.getByTestId('resident-send');
    expect(sendButton).toHaveProperty('disabled', true);

    await user.selectOptions(screen.getByTestId('resident-category'), 'CM02');
    await user.type(screen.getByTestId('resident-description'), '路灯不亮');
    await user.click(screen.getByTestId('resident-locate'));
    await screen.findByTestId('resident-located');
    await user.click(sendButton);

    expect((await screen.findByTestId('resident-receipt-number')).textContent).toBe('INC00000042');
    expect(send.mock.calls[0]?.[0]).toEqual({
      serviceCode: 'CM02',
      description: '路灯不亮',
      lat: 26.08,
      lon: 119.3,
      phone: '',
      photos: [],
    });
    expect(savedReportsOf(store).map((report) => report.id)).toEqual(['INC00000042']);
    await waitFor(() => expect(screen.getAllByTestId('resident-status')).toHaveLength(1));
    expect(lookup).toHaveBeenCalledWith('INC00000042', 'zh');
  });

  it("shows the server's refusal and keeps the form", async () => {
    grantGeolocation();
    const user = userEvent.setup();
    render(
      <ResidentApp
        store={memoryStore()}
        loadServices={async () => ({ services: SERVICES, clockOffsetMs: 0 })}
        send={async () => {
          throw new Error('本机上报过于频繁');
        }}
        lookup={async (id) => openStatus(id)}
      />,
    );
    await screen.findByRole('option', { name: '市容环境' });
    await user.type(screen.getByTestId('resident-description'), '噪音扰民');
    await user.click(screen.getByTestId('resident-locate'));
    await screen.findByTestId('resident-located');
    await user.click(screen.getByTestId('resident-send'));
    expect((await screen.findByTestId('resident-error')).textContent).toContain('本机上报过于频繁');
    expect(screen.getByTestId('resident-form')).toBeDefined();
  });

  it('switches to English and remembers it', async () => {
    const store = memoryStore();
    const user = userEvent.setup();
    const loadServices = vi.fn(async () => ({ services: SERVICES, clockOffsetMs: 0 }));
    render(
      <ResidentApp
        store={store}
        loadServices={loadServices}
        lookup={async (id) => openStatus(id)}
      />,
    );
    await user.click(screen.getByTestId('resident-language'));
    await screen.findByText('My reports');
    expect(loadServices).toHaveBeenLastCalledWith('en');
    expect(store.getItem('resident.language')).toBe('en');
  });

  it('looks a report up by its number, typed in any case', async () => {
    const user = userEvent.setup();
    const lookup = vi.fn(async (id: string) => openStatus(id));
    render(
      <ResidentApp
        store={memoryStore()}
        loadServices={async () => ({ services: SERVICES, clockOffsetMs: 0 })}
        lookup={lookup}
      />,
    );
    await user.type(screen.getByTestId('resident-lookup-number'), ' inc00000042 ');
    await user.click(screen.getByTestId('resident-lookup-go'));
    expect((await screen.findByTestId('resident-status')).textContent).toContain('处理中');
    expect(lookup).toHaveBeenCalledWith('INC00000042', 'zh');
  });

  it("shows a closed report's answer and asks this phone's rating once", async () => {
    const store = memoryStore();
    saveReport(store, {
      id: 'INC00000042',
      token: 'tok-42',
      serviceName: '公共设施',
      filedAt: '2026-12-05T12:00:00Z',
    });
    const closed: PublicStatus = {
      ...openStatus('INC00000042'),
      status: 'closed',
      status_notes: '已核查结案：路灯已修复',
    };
    const rate = vi.fn(async () => 'basically_satisfied' as const);
    const user = userEvent.setup();
    const page = render(
      <ResidentApp
        store={store}
        loadServices={async () => ({ services: SERVICES, clockOffsetMs: 0 })}
        lookup={async () => closed}
        rate={rate}
      />,
    );
    expect(await screen.findByText('已核查结案：路灯已修复')).toBeTruthy();
    await user.click(await screen.findByTestId('resident-rate-basically_satisfied'));
    expect(rate).toHaveBeenCalledWith(
      expect.objectContaining({ id: 'INC00000042', token: 'tok-42' }),
      'basically_satisfied',
    );
    expect((await screen.findByTestId('resident-rating-given')).textContent).toBe(
      '您的评价：基本满意',
    );
    expect(screen.queryByTestId('resident-rating')).toBeNull();
    expect(savedReportsOf(store)[0]?.rating).toBe('basically_satisfied');
    // Opened again, the phone remembers it rated: it is not asked twice.
    page.unmount();
    render(
      <ResidentApp
        store={store}
        loadServices={async () => ({ services: SERVICES, clockOffsetMs: 0 })}
        lookup={async () => closed}
        rate={rate}
      />,
    );
    expect(await screen.findByTestId('resident-rating-given')).toBeTruthy();
    expect(rate).toHaveBeenCalledTimes(1);
  });

  it('says so when the server refuses the rating, and asks again', async () => {
    const store = memoryStore();
    saveReport(store, { id: 'INC7', token: 't', serviceName: '市容环境', filedAt: '' });
    const rate = vi.fn(async () => {
      throw new Error('the request has already been rated (已评价，不能更改)');
    });
    const user = userEvent.setup();
    render(
      <ResidentApp
        store={store}
        loadServices={async () => ({ services: SERVICES, clockOffsetMs: 0 })}
        lookup={async (id) => ({ ...openStatus(id), status: 'closed' })}
        rate={rate}
      />,
    );
    await user.click(await screen.findByTestId('resident-rate-dissatisfied'));
    await waitFor(() => expect(screen.getByText(/评价未能提交/)).toBeTruthy());
    expect(savedReportsOf(store)[0]?.rating).toBeUndefined();
  });
});
