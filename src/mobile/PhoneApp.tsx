/**
 * The grid worker's phone app (/m): sign in and pair, then work from the home screen. The
 * session (outbox, link, GPS) lives as long as the phone is paired.
 */
import { useEffect, useState } from 'react';
import { signInAndPair, unpair } from './phoneApi';
import { PhoneHome } from './PhoneHome';
import { PhoneLogin } from './PhoneLogin';
import { PhoneCache } from './phoneCache';
import { PhoneOutbox } from './phoneOutbox';
import { PhoneSession } from './phoneSession';
import { usePhoneStore } from './phoneStore';
import { usePhoneText } from './usePhoneText';

function deviceLabel(): string {
  const agent = globalThis.navigator?.userAgent ?? '';
  const model = /\(([^;)]+)/.exec(agent)?.[1] ?? 'browser';
  return `手机 Phone · ${model}`.slice(0, 100);
}

const openIndexedDbOutbox = () => PhoneOutbox.open();
const openIndexedDbCache = () => PhoneCache.open();

export function PhoneApp({
  openOutbox = openIndexedDbOutbox,
  openCache = openIndexedDbCache,
  pair = signInAndPair,
}: {
  openOutbox?: () => Promise<PhoneOutbox>;
  openCache?: () => Promise<PhoneCache>;
  pair?: typeof signInAndPair;
}) {
  const t = usePhoneText();
  const device = usePhoneStore((state) => state.device);
  const notice = usePhoneStore((state) => state.notice);
  const setNotice = usePhoneStore((state) => state.setNotice);
  const [session, setSession] = useState<PhoneSession | null>(null);
  const [cache, setCache] = useState<PhoneCache | null>(null);

  useEffect(() => {
    let opened: PhoneCache | null = null;
    let cancelled = false;
    void openCache().then((made) => {
      if (cancelled) return made.close();
      opened = made;
      setCache(made);
    });
    return () => {
      cancelled = true;
      opened?.close();
      setCache(null);
    };
  }, [openCache]);

  useEffect(() => {
    if (device === null) return;
    let current: PhoneSession | null = null;
    let cancelled = false;
    void openOutbox().then((outbox) => {
      if (cancelled) return;
      current = new PhoneSession(outbox);
      current.start(device);
      setSession(current);
    });
    return () => {
      cancelled = true;
      current?.stop();
      setSession(null);
    };
  }, [device, openOutbox]);

  useEffect(() => {
    if (notice === null) return;
    const timer = setTimeout(() => setNotice(null), 6000);
    return () => clearTimeout(timer);
  }, [notice, setNotice]);

  return (
    <main className="phone">
      {device === null ? (
        <PhoneLogin
          pair={async (username, password) => {
            const paired = await pair(username, password, deviceLabel());
            usePhoneStore.getState().setDevice(paired);
            return paired;
          }}
        />
      ) : session === null || cache === null ? (
        <p className="phone-status">…</p>
      ) : (
        <PhoneHome
          session={session}
          cache={cache}
          onSignOut={() => {
            void unpair(device.token);
            // What collection and the map kept (masked households included) leaves with the worker.
            void cache.clear();
            usePhoneStore.getState().setDevice(null);
          }}
        />
      )}
      {notice !== null && (
        <div className="phone-notice" role="status" data-testid="phone-notice">
          {notice}
        </div>
      )}
      <footer className="phone-footer">{t('app.title')}</footer>
    </main>
  );
}
