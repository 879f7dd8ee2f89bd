/**
 * 用户管理: every user with role, scopes and department; create, edit, disable, delete, reset a
 * password (the temporary one shown once) and end sessions. The server decides and refuses in
 * both languages; this view only shows what it said.
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import {
  ROLES,
  type Department,
  type ManagedUser,
  type Role,
  type UserSessionView,
} from '../../shared/api';
import { useApi } from '../shell/ApiContext';
import { useI18n } from '../shell/i18n';
import { refusalText } from './refusalText';
import { EMPTY_DRAFT, parseScopes, type Draft } from './userDraft';

export function UserAdminPanel() {
  const { t, language, localName } = useI18n();
  const api = useApi();
  const [users, setUsers] = useState<ManagedUser[]>([]);
  const [departments, setDepartments] = useState<Department[]>([]);
  const [message, setMessage] = useState('');
  const [draft, setDraft] = useState<Draft>(EMPTY_DRAFT);
  const [editing, setEditing] = useState<string | null>(null);
  const [edit, setEdit] = useState<Omit<Draft, 'username' | 'password'>>(EMPTY_DRAFT);
  const [sessions, setSessions] = useState<{ username: string; items: UserSessionView[] } | null>(
    null,
  );
  const [temporary, setTemporary] = useState<{ username: string; password: string } | null>(null);

  const fail = useCallback(
    (error: unknown) => setMessage(refusalText(error, language, t)),
    [language, t],
  );
  const reload = useCallback(() => {
    api.users().then(setUsers, fail);
    api.departments().then(setDepartments, fail);
  }, [api, fail]);
  useEffect(reload, [reload]);

  async function run(action: () => Promise<unknown>, done?: string) {
    setMessage('');
    try {
      await action();
      if (done !== undefined) setMessage(done);
      reload();
    } catch (error) {
      fail(error);
    }
  }

  function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void run(async () => {
      await api.createUser({
        username: draft.username.trim(),
        displayName: draft.displayName.trim(),
        role: draft.role,
        scopes: parseScopes(draft.scopes),
        department: draft.department === '' ? null : draft.department,
        password: draft.password,
      });
      setDraft(EMPTY_DRAFT);
    }, t('users.created'));
  }

  function startEdit(user: ManagedUser) {
    setEditing(user.username);
    setEdit({
      displayName: user.displayName,
      role: user.role,
      scopes: user.scopes.join(', '),
      department: user.department ?? '',
      workerId: user.workerId === null ? '' : String(user.workerId),
    });
  }

  function saveEdit(username: string) {
    void run(async () => {
      await api.updateUser(username, {
        displayName: edit.displayName.trim(),
        role: edit.role,
        scopes: parseScopes(edit.scopes),
        department: edit.department === '' ? null : edit.department,
        workerId: edit.workerId.trim() === '' ? null : Number(edit.workerId),
      });
      setEditing(null);
    }, t('users.saved'));
  }

  const departmentName = (code: string | null) => {
    const found = departments.find((department) => department.code === code);
    return found === undefined
      ? (code ?? '')
      : localName({ name: found.name, nameEn: found.nameEn });
  };

  const roleOptions = ROLES.map((role) => (
    <option key={role} value={role}>
      {t(`role.${role}`)}
    </option>
  ));
  const departmentOptions = [
    <option key="" value="">
      {t('common.none')}
    </option>,
    ...departments.map((department) => (
      <option key={department.code} value={department.code}>
        {localName({ name: department.name, nameEn: department.nameEn })}
      </option>
    )),
  ];

  return (
    <div className="admin-panel" data-testid="user-admin">
      <p className="admin-message" role="status" data-testid="users-message">
        {message}
      </p>
      {temporary && (
        <p className="admin-temporary" data-testid="temporary-password">
          {t('users.temporaryPassword', { username: temporary.username })}{' '}
          <code>{temporary.password}</code>
        </p>
      )}
      <table className="admin-table">
        <thead>
          <tr>
            <th>{t('users.username')}</th>
            <th>{t('users.displayName')}</th>
            <th>{t('users.role')}</th>
            <th>{t('users.scopes')}</th>
            <th>{t('users.departmentOrWorker')}</th>
            <th>{t('users.state')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {users.map((user) =>
            editing === user.username ? (
              <tr key={user.username} data-testid={`user-row-${user.username}`}>
                <td>{user.username}</td>
                <td>
                  <input
                    aria-label={t('users.displayName')}
                    value={edit.displayName}
                    onChange={(event) => setEdit({ ...edit, displayName: event.target.value })}
                  />
                </td>
                <td>
                  <select
                    aria-label={t('users.role')}
                    value={edit.role}
                    onChange={(event) => setEdit({ ...edit, role: event.target.value as Role })}
                  >
                    {roleOptions}
                  </select>
                </td>
                <td>
                  <input
                    aria-label={t('users.scopes')}
                    value={edit.scopes}
                    onChange={(event) => setEdit({ ...edit, scopes: event.target.value })}
                  />
                </td>
                <td>
                  {edit.role === 'grid_worker' ? (
                    <input
                      aria-label={t('users.workerId')}
                      inputMode="numeric"
                      placeholder={t('users.workerId')}
                      data-testid="edit-worker-id"
                      value={edit.workerId}
                      onChange={(event) => setEdit({ ...edit, workerId: event.target.value })}
                    />
                  ) : (
                    <select
                      aria-label={t('users.department')}
                      value={edit.department}
                      onChange={(event) => setEdit({ ...edit, department: event.target.value })}
                    >
                      {departmentOptions}
                    </select>
                  )}
                </td>
                <td />
                <td className="admin-actions">
                  <button
                    type="button"
                    className="button button-primary"
                    onClick={() => saveEdit(user.username)}
                  >
                    {t('users.save')}
                  </button>
                  <button
                    type="button"
                    className="button button-quiet"
                    onClick={() => setEditing(null)}
                  >
                    {t('common.cancel')}
                  </button>
                </td>
              </tr>
            ) : (
              <tr key={user.username} data-testid={`user-row-${user.username}`}>
                <td>{user.username}</td>
                <td>{user.displayName}</td>
                <td>{t(`role.${user.role}`)}</td>
                <td>{user.scopes.join(', ')}</td>
                <td>
                  {user.workerId === null
                    ? departmentName(user.department)
                    : t('users.worker', { id: user.workerId })}
                </td>
                <td>
                  {user.disabled ? t('users.disabled') : t('users.enabled')}
                  {user.mustChangePassword ? ` · ${t('users.mustChange')}` : ''}
                  {user.demo ? ` · ${t('users.demo')}` : ''}
                </td>
                <td className="admin-actions">
                  <button
                    type="button"
                    className="button button-quiet"
                    onClick={() => startEdit(user)}
                  >
                    {t('users.edit')}
                  </button>
                  <button
                    type="button"
                    className="button button-quiet"
                    data-testid={`user-toggle-${user.username}`}
                    onClick={() =>
                      void run(() => api.updateUser(user.username, { disabled: !user.disabled }))
                    }
                  >
                    {user.disabled ? t('users.enable') : t('users.disable')}
                  </button>
                  <button
                    type="button"
                    className="button button-quiet"
                    onClick={() =>
                      void run(async () => {
                        const reset = await api.resetPassword(user.username);
                        setTemporary({
                          username: reset.username,
                          password: reset.temporaryPassword,
                        });
                      })
                    }
                  >
                    {t('users.resetPassword')}
                  </button>
                  <button
                    type="button"
                    className="button button-quiet"
                    onClick={() =>
                      void run(async () =>
                        setSessions({
                          username: user.username,
                          items: await api.userSessions(user.username),
                        }),
                      )
                    }
                  >
                    {t('users.sessions')}
                  </button>
                  <button
                    type="button"
                    className="button button-quiet button-danger"
                    onClick={() => {
                      if (window.confirm(t('users.confirmDelete', { username: user.username }))) {
                        void run(() => api.deleteUser(user.username), t('users.deleted'));
                      }
                    }}
                  >
                    {t('users.delete')}
                  </button>
                </td>
              </tr>
            ),
          )}
        </tbody>
      </table>

      {sessions && (
        <section className="admin-sessions" data-testid="user-sessions">
          <h3>{t('users.sessionsOf', { username: sessions.username })}</h3>
          {sessions.items.length === 0 && <p>{t('users.noSessions')}</p>}
          <ul>
            {sessions.items.map((session) => (
              <li key={session.id}>
                <code>{session.id}</code> {session.createdAt} → {session.expiresAt}{' '}
                <button
                  type="button"
                  className="button button-quiet"
                  onClick={() =>
                    void run(async () => {
                      await api.revokeSession(sessions.username, session.id);
                      setSessions({
                        username: sessions.username,
                        items: await api.userSessions(sessions.username),
                      });
                    })
                  }
                >
                  {t('users.revoke')}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}

      <form className="admin-form admin-create" onSubmit={create} data-testid="user-create">
        <h3>{t('users.create')}</h3>
        <label className="field">
          <span className="field-label">{t('users.username')}</span>
          <input
            data-testid="create-username"
            value={draft.username}
            onChange={(event) => setDraft({ ...draft, username: event.target.value })}
          />
        </label>
        <label className="field">
          <span className="field-label">{t('users.displayName')}</span>
          <input
            data-testid="create-display-name"
            value={draft.displayName}
            onChange={(event) => setDraft({ ...draft, displayName: event.target.value })}
          />
        </label>
        <label className="field">
          <span className="field-label">{t('users.role')}</span>
          <select
            data-testid="create-role"
            value={draft.role}
            onChange={(event) => setDraft({ ...draft, role: event.target.value as Role })}
          >
            {roleOptions}
          </select>
        </label>
        <label className="field">
          <span className="field-label">{t('users.scopesHint')}</span>
          <input
            data-testid="create-scopes"
            value={draft.scopes}
            onChange={(event) => setDraft({ ...draft, scopes: event.target.value })}
          />
        </label>
        <label className="field">
          <span className="field-label">{t('users.department')}</span>
          <select
            data-testid="create-department"
            value={draft.department}
            onChange={(event) => setDraft({ ...draft, department: event.target.value })}
          >
            {departmentOptions}
          </select>
        </label>
        <label className="field">
          <span className="field-label">{t('users.firstPassword')}</span>
          <input
            data-testid="create-password"
            type="password"
            autoComplete="new-password"
            value={draft.password}
            onChange={(event) => setDraft({ ...draft, password: event.target.value })}
          />
        </label>
        <p className="admin-hint">{t('password.policy')}</p>
        <button className="button button-primary" type="submit" data-testid="create-submit">
          {t('users.createSubmit')}
        </button>
      </form>
    </div>
  );
}
