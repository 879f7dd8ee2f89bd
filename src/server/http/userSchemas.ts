/** Schemas of user management, departments, the own password change and the audit log query. */
import { Type } from '@sinclair/typebox';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../../shared/api';
import { MAX_PASSWORD_LENGTH } from '../auth/passwordPolicy';
import { GRID_CODE_PATTERN } from './requestSchemas';
import { RoleSchema } from './responseSchemas';

const MAX_USERNAME_LENGTH = 64;
const MAX_DISPLAY_NAME_LENGTH = 64;
const MAX_SCOPES = 100;
const MAX_DEPARTMENT_LENGTH = 32;
const MAX_FILTER_LENGTH = 64;

const Scopes = Type.Array(Type.String({ pattern: GRID_CODE_PATTERN }), {
  minItems: 1,
  maxItems: MAX_SCOPES,
  description: 'grid codes at any level (district, street, community, base grid)',
});
const DisplayName = Type.String({
  minLength: 1,
  maxLength: MAX_DISPLAY_NAME_LENGTH,
  pattern: '\\S',
});
const DepartmentCode = Type.String({ minLength: 1, maxLength: MAX_DEPARTMENT_LENGTH });
const NullableDepartment = Type.Union([DepartmentCode, Type.Null()]);
const Password = Type.String({ minLength: 1, maxLength: MAX_PASSWORD_LENGTH });

export const ManagedUserSchema = Type.Object({
  username: Type.String(),
  displayName: Type.String(),
  role: RoleSchema,
  scopes: Type.Array(Type.String()),
  department: Type.Union([Type.String(), Type.Null()]),
  workerId: Type.Union([Type.Integer(), Type.Null()]),
  disabled: Type.Boolean(),
  mustChangePassword: Type.Boolean(),
  demo: Type.Boolean(),
});

export const UserParams = Type.Object(
  { username: Type.String({ minLength: 1, maxLength: MAX_USERNAME_LENGTH }) },
  { additionalProperties: false },
);

export const SessionParams = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: MAX_USERNAME_LENGTH }),
    sessionId: Type.String({ pattern: '^[0-9a-f]{12}$' }),
  },
  { additionalProperties: false },
);

export const CreateUserBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: MAX_USERNAME_LENGTH }),
    displayName: DisplayName,
    role: RoleSchema,
    scopes: Scopes,
    department: Type.Optional(NullableDepartment),
    password: Password,
  },
  { additionalProperties: false },
);

export const UpdateUserBody = Type.Object(
  {
    displayName: Type.Optional(DisplayName),
    role: Type.Optional(RoleSchema),
    scopes: Type.Optional(Scopes),
    department: Type.Optional(NullableDepartment),
    workerId: Type.Optional(
      Type.Union([Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }), Type.Null()]),
    ),
    disabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const PasswordResetSchema = Type.Object({
  username: Type.String(),
  temporaryPassword: Type.String({ description: 'shown once; the user must change it at login' }),
});

export const UserSessionSchema = Type.Object({
  id: Type.String(),
  createdAt: Type.String(),
  expiresAt: Type.String(),
});

export const ChangePasswordBody = Type.Object(
  { currentPassword: Password, newPassword: Password },
  { additionalProperties: false },
);

export const DepartmentSchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  nameEn: Type.String(),
});

export const DepartmentBody = Type.Object(
  {
    code: DepartmentCode,
    name: DisplayName,
    nameEn: DisplayName,
  },
  { additionalProperties: false },
);

const Filter = Type.String({ minLength: 1, maxLength: MAX_FILTER_LENGTH });
/** An ISO date or instant in UTC; compared as text with the log's ISO timestamps. */
const Instant = Type.String({
  pattern: '^\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,3})?)?Z?)?$',
  description: 'ISO date or UTC instant, e.g. 2026-01-31 or 2026-01-31T08:00:00Z',
});

const auditFilterProperties = {
  username: Type.Optional(Filter),
  action: Type.Optional(Filter),
  targetType: Type.Optional(Filter),
  targetId: Type.Optional(Filter),
  from: Type.Optional(Instant),
  to: Type.Optional(Instant),
};

export const AuditListQuery = Type.Object(
  {
    ...auditFilterProperties,
    page: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1 }),
    pageSize: Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE }),
  },
  { additionalProperties: false },
);

export const AuditExportQuery = Type.Object(auditFilterProperties, {
  additionalProperties: false,
});
