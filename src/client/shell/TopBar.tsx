/**
 * District name, DEMO badge, mode switch, search, theme and language switches, clock, and the
 * account menu (AccountMenu.tsx). In the public modes (leader wall, tour) only what names no
 * one: no search, no forms, no user name.
 */
import { useEffect, useState } from 'react';
import { useAppStore } from './appStore';
import { AccountMenu } from './AccountMenu';
import { useI18n } from './i18n';
import { LanguageSwitch } from './LanguageSwitch';
import { SearchBox } from '../register/SearchBox';
import { ThemeSwitch } from '../register/ThemeSwitch';
import { ImportPage } from '../imports/ImportPage';
import { ExpiringPanel } from '../imports/ExpiringPanel';
import { AssessmentButton } from '../assessment/AssessmentButton';
import { TourEditorToggle } from '../tour/TourEditor';
import { AggregatesOnlyBadge, WallModeSwitch } from './WallModeSwitch';
import { useAggregateOnly } from './wallModeStore';

/** Whether the page "数据导入" is offered: the server decides (mayImport); this only hides it. */
function mayImportOnClient(role: string): boolean {
  return role === 'admin';
}

function ImportButton() {
  const { t } = useI18n();
  const role = useAppStore((state) => state.session?.role);
  const [open, setOpen] = useState(false);
  if (role === undefined || !mayImportOnClient(role)) return null;
  return (
    <>
      <button
        type="button"
        className="button button-quiet"
        data-testid="open-import"
        onClick={() => setOpen(true)}
      >
        {t('import.open')}
      </button>
      {open && <ImportPage onClose={() => setOpen(false)} />}
    </>
  );
}

/** "到期提醒" for users who read the register (the server checks again, with the scope). */
function ExpiringButton() {
  const { t } = useI18n();
  const mayRead = useAppStore(
    (state) => state.session?.permissions.includes('registry.read') ?? false,
  );
  const [open, setOpen] = useState(false);
  if (!mayRead) return null;
  return (
    <>
      <button
        type="button"
        className="button button-quiet"
        data-testid="open-expiring"
        onClick={() => setOpen(true)}
      >
        {t('expiring.open')}
      </button>
      {open && <ExpiringPanel onClose={() => setOpen(false)} />}
    </>
  );
}

const CLOCK_TICK_MS = 1000;

function Clock() {
  const { formatTime, formatDate } = useI18n();
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(new Date()), CLOCK_TICK_MS);
    return () => window.clearInterval(timer);
  }, []);
  return (
    <div className="clock" data-testid="clock">
      <span className="clock-time">{formatTime(now)}</span>
      <span className="clock-date">{formatDate(now)}</span>
    </div>
  );
}

function DemoBadge() {
  const { t } = useI18n();
  const demoData = useAppStore((state) => state.config?.demoData ?? false);
  if (!demoData) return null;
  return (
    <span className="demo-badge" data-testid="demo-badge" title={t('top.demoTitle')}>
      {t('top.demo')}
    </span>
  );
}

export function TopBar() {
  const { t, localName } = useI18n();
  const config = useAppStore((state) => state.config);
  const aggregateOnly = useAggregateOnly();
  return (
    <header className="top-bar">
      <div className="top-title">
        <span className="top-emblem" aria-hidden="true" />
        <div className="top-title-text">
          <span className="top-district">
            {config
              ? localName({ name: config.districtName, nameEn: config.districtNameEn })
              : '\u00a0'}
          </span>
          <h1 className="top-app-name" title={t('top.title')}>
            {t('top.title')}
          </h1>
        </div>
        <DemoBadge />
        <AggregatesOnlyBadge />
      </div>
      {!aggregateOnly && <SearchBox />}
      <div className="top-controls">
        <WallModeSwitch />
        <TourEditorToggle />
        <ThemeSwitch />
        <LanguageSwitch />
        {!aggregateOnly && <ExpiringButton />}
        {!aggregateOnly && <AssessmentButton />}
        {!aggregateOnly && <ImportButton />}
        <Clock />
        <AccountMenu />
      </div>
    </header>
  );
}
