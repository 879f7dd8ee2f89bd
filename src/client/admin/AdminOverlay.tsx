/**
 * The administration views over the wall (热线受理, 用户管理, 登记审核, 审计日志, 修改密码), or as the
 * whole screen for roles that do not read the wall (the auditor, a hotline operator). Each tab shows only what the session's
 * permissions allow; the server enforces the same.
 */
import { useAppStore } from '../shell/appStore';
import { useI18n } from '../shell/i18n';
import { LanguageSwitch } from '../shell/LanguageSwitch';
import { useApi } from '../shell/ApiContext';
import { useAdminStore, type AdminView } from './adminStore';
import { MyTasksPanel } from '../incidents/MyTasksPanel';
import { HotlineDesk } from '../hotline/HotlineDesk';
import { AuditLogPanel } from './AuditLogPanel';
import { PasswordChangeForm } from './PasswordChangeScreen';
import { UserAdminPanel } from './UserAdminPanel';
import { RegisterRequestReview } from '../registerRequests/RegisterRequestReview';
import { EmergencyRecordAdmin } from '../emergencyRecords/EmergencyRecordAdmin';
import './admin.css';

export type AdminTab = Exclude<AdminView, null>;

/**
 * Tabs the session may open, in order. Work assigned to a user without the wall (a department
 * handler) comes first: on the wall it is the incident panel's.
 */
export function adminTabsOf(permissions: readonly string[]): AdminTab[] {
  const tabs: AdminTab[] = [];
  // A hotline operator's desk is the call desk (decision 0026).
  if (permissions.includes('hotline.take')) tabs.push('hotline');
  if (permissions.includes('incidents.handle') && !permissions.includes('registry.read'))
    tabs.push('tasks');
  if (permissions.includes('users.manage')) tabs.push('users');
  if (permissions.includes('register.review')) tabs.push('requests');
  if (permissions.includes('emergency.manage')) tabs.push('emergency');
  if (permissions.includes('audit.read')) tabs.push('audit');
  tabs.push('password');
  return tabs;
}

function AdminBody({ view }: { view: AdminTab }) {
  const open = useAdminStore((state) => state.open);
  if (view === 'hotline') return <HotlineDesk />;
  if (view === 'tasks') return <MyTasksPanel />;
  if (view === 'users') return <UserAdminPanel />;
  if (view === 'requests') return <RegisterRequestReview />;
  if (view === 'emergency') return <EmergencyRecordAdmin />;
  if (view === 'audit') return <AuditLogPanel />;
  return <PasswordChangeForm onDone={() => open(null)} />;
}

/** Over the wall: closes back to it. */
export function AdminOverlay() {
  const { t } = useI18n();
  const view = useAdminStore((state) => state.view);
  const open = useAdminStore((state) => state.open);
  const permissions = useAppStore((state) => state.session?.permissions ?? []);
  if (view === null) return null;
  return (
    <div className="admin-overlay" role="dialog" aria-label={t(`admin.tab.${view}`)}>
      <div className="admin-card">
        <header className="admin-header">
          <nav className="admin-tabs">
            {adminTabsOf(permissions).map((tab) => (
              <button
                key={tab}
                type="button"
                className={`button ${tab === view ? 'button-primary' : 'button-quiet'}`}
                data-testid={`admin-tab-${tab}`}
                onClick={() => open(tab)}
              >
                {t(`admin.tab.${tab}`)}
              </button>
            ))}
          </nav>
          <button type="button" className="button button-quiet" onClick={() => open(null)}>
            {t('common.close')}
          </button>
        </header>
        <AdminBody view={view} />
      </div>
    </div>
  );
}

/**
 * The whole screen for a role without the wall (the auditor, a department handler): its tabs,
 * language, sign-out.
 */
export function AdminDesk() {
  const { t } = useI18n();
  const api = useApi();
  const session = useAppStore((state) => state.session);
  const clearSessionData = useAppStore((state) => state.clearSessionData);
  const stored = useAdminStore((state) => state.view);
  const open = useAdminStore((state) => state.open);
  const tabs = adminTabsOf(session?.permissions ?? []);
  const view: AdminTab =
    stored !== null && tabs.includes(stored) ? stored : (tabs[0] ?? 'password');
  return (
    <div className="admin-desk">
      <header className="admin-header">
        <h1 className="admin-title">{t('app.titleShort')}</h1>
        <nav className="admin-tabs">
          {tabs.map((tab) => (
            <button
              key={tab}
              type="button"
              className={`button ${tab === view ? 'button-primary' : 'button-quiet'}`}
              data-testid={`admin-tab-${tab}`}
              onClick={() => open(tab)}
            >
              {t(`admin.tab.${tab}`)}
            </button>
          ))}
        </nav>
        <span className="user-name">
          {session?.displayName}
          <span className="user-role">{session ? t(`role.${session.role}`) : ''}</span>
        </span>
        <LanguageSwitch />
        <button
          type="button"
          className="button button-quiet"
          data-testid="logout"
          onClick={() => {
            void api.logout().catch(() => undefined);
            clearSessionData();
          }}
        >
          {t('top.logout')}
        </button>
      </header>
      {view === 'tasks' && <p className="admin-hint">{t('admin.noWall')}</p>}
      <AdminBody view={view} />
    </div>
  );
}
