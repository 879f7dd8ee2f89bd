import { describe, expect, it } from 'vitest';
import { fetchServices, fetchStatus, fileReport, NotFoundError, uploadPhoto } from './residentApi';

function answering(
  status: number,
  body: unknown,
  seen: Array<{ url: string; init?: RequestInit }>,
) {
  return (async (url: string, init?: RequestInit) => {
    seen.push({ url, init });
    return new Response(JSON.stringify(body), { status });
  }) as typeof fetch;
}

const DRAFT = {
  serviceCode: 'CM01',
  description: '路灯不亮',
  lat: 30.1,
  lon: 120.2,
  phone: '',
  photos: [],
};

describe("the resident page's Open311 calls", () => {
  it('creates in JSON with the device id and proof, after the proof, and reads the receipt', async () => {
    const seen: Array<{ url: string; init?: RequestInit }> = [];
    const steps: string[] = [];
    const receipt = await fileReport(DRAFT, 'device-12345678', {
      nowMs: 1000,
      fetchFn: answering(201, [{ service_request_id: '42', token: 'tok' }], seen),
      prove: async (_deviceId, issuedAtMs) => {
        steps.push('prove');
        return { issuedAtMs, nonce: 7 };
      },
      onProved: () => steps.push('proved'),
    });
    expect(receipt).toEqual({ id: '42', token: 'tok' });
    expect(steps).toEqual(['prove', 'proved']);
    expect(seen[0]?.url).toBe('/open311/v2/requests.json');
    const body = JSON.parse(String(seen[0]?.init?.body)) as Record<string, unknown>;
    expect(body).toEqual({
      service_code: 'CM01',
      description: '路灯不亮',
      lat: 30.1,
      long: 120.2,
      device_id: 'device-12345678',
      proof: '1000:7',
    });
  });

  it("passes on the server's GeoReport error description", async () => {
    const refusal = [{ code: 429, description: '本机上报过于频繁' }];
    await expect(
      fileReport(DRAFT, 'device-12345678', {
        fetchFn: answering(429, refusal, []),
        prove: async (_deviceId, issuedAtMs) => ({ issuedAtMs, nonce: 1 }),
      }),
    ).rejects.toThrow('本机上报过于频繁');
  });

  it('reads one public status, and tells an unknown number apart', async () => {
    const seen: Array<{ url: string; init?: RequestInit }> = [];
    const status = await fetchStatus('42', 'en', answering(200, [{ status: 'open' }], seen));
    expect(status.status).toBe('open');
    expect(seen[0]?.url).toBe('/open311/v2/requests/42.json?locale=en');
    await expect(
      fetchStatus('9', 'zh', answering(404, [{ code: 404, description: 'no' }], [])),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it("reads the server's clock from the service list, so a phone's wrong clock does not matter", async () => {
    const serverDate = 'Sat, 05 Dec 2026 13:00:00 GMT';
    const fetchFn = (async () =>
      new Response(JSON.stringify([{ service_code: 'CM01', service_name: '市容环境' }]), {
        headers: { date: serverDate },
      })) as unknown as typeof fetch;
    const phoneMs = Date.parse(serverDate) - 15 * 60_000;
    const list = await fetchServices('zh', fetchFn, () => phoneMs);
    expect(list.services).toHaveLength(1);
    expect(list.clockOffsetMs).toBe(15 * 60_000);
  });

  it("sends a photo as JPEG with the report's token and the device id, and reads its URL", async () => {
    const seen: Array<{ url: string; init?: RequestInit }> = [];
    const photo = new Blob([new Uint8Array([0xff, 0xd8, 0xff, 0xd9])], { type: 'image/jpeg' });
    const url = await uploadPhoto(
      { id: 'INC00000042', token: 'tok' },
      'device-12345678',
      photo,
      answering(201, [{ media_url: 'http://x/open311/v2/media/a.jpg' }], seen),
    );
    expect(url).toBe('http://x/open311/v2/media/a.jpg');
    expect(seen[0]?.url).toBe('/open311/v2/requests/INC00000042/media.json');
    expect(seen[0]?.init?.headers).toEqual({
      'content-type': 'image/jpeg',
      'x-open311-token': 'tok',
      'x-device-id': 'device-12345678',
    });
    expect(seen[0]?.init?.body).toBe(photo);
    await expect(
      uploadPhoto(
        { id: '1', token: 't' },
        'device-12345678',
        photo,
        answering(409, [{ code: 409, description: '每条上报最多 3 张照片' }], []),
      ),
    ).rejects.toThrow('每条上报最多 3 张照片');
  });
});
