/**
 * Schemas of what clients send. Bodies reject unknown properties; ids and page sizes have hard
 * bounds, so bad input is a 400 that names the field, never a silently clamped value.
 */
import { Type } from '@sinclair/typebox';
import {
  MAX_REASON_CHARS,
  MIN_REASON_VISIBLE_CHARS,
  REVEAL_PURPOSES,
} from '../../domain/revealReason';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../../shared/api';
import { MAX_SEARCH_LENGTH, MIN_SEARCH_LENGTH } from '../registry/searchResidents';

/** Largest row id accepted (SQLite rowids are 64-bit; JSON numbers are safe up to 2^53). */
const MAX_ROW_ID = Number.MAX_SAFE_INTEGER;
const MAX_PAGE_NUMBER = 1_000_000;
export const MAX_REVEAL_REASON_LENGTH = MAX_REASON_CHARS;

export const GRID_CODE_PATTERN = '^\\d{6}(\\d{3}){0,3}$';

export const IdParams = Type.Object(
  { id: Type.Integer({ minimum: 1, maximum: MAX_ROW_ID, description: 'row id' }) },
  { additionalProperties: false },
);

export const GridCodeParams = Type.Object(
  {
    code: Type.String({
      pattern: GRID_CODE_PATTERN,
      description: 'grid code (6, 9, 12 or 15 digits)',
    }),
  },
  { additionalProperties: false },
);

const pageProperties = {
  page: Type.Integer({ minimum: 1, maximum: MAX_PAGE_NUMBER, default: 1 }),
  pageSize: Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE }),
};

export const PageQuery = Type.Object(pageProperties);

export const SearchQuery = Type.Object({
  q: Type.String({
    minLength: MIN_SEARCH_LENGTH,
    maxLength: MAX_SEARCH_LENGTH,
    // At least two non-blank characters: a query of blanks would match everyone.
    pattern: '\\S[\\s\\S]*\\S',
    description: 'name or address part, or the last 4 characters of an ID number or phone',
  }),
  ...pageProperties,
});

export const ThemeQuery = Type.Object({
  gridCode: Type.Optional(Type.String({ pattern: GRID_CODE_PATTERN })),
});

export const LoginBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 1, maxLength: 256 }),
  },
  { additionalProperties: false },
);

/**
 * A reveal's purpose and reason (persons' identifiers, incidents' free text). The schema checks
 * the shape; the domain (revealReason) checks what counts as a reason and answers in zh and en.
 */
export const RevealBody = Type.Object(
  {
    purpose: Type.Union(
      REVEAL_PURPOSES.map((purpose) => Type.Literal(purpose)),
      {
        description:
          'why, from the fixed list (核实身份, 上门走访, 应急救援, 案件办理, 依申请公开, …)',
      },
    ),
    reason: Type.String({
      maxLength: MAX_REVEAL_REASON_LENGTH,
      description: `in the user's words, at least ${MIN_REASON_VISIBLE_CHARS} visible characters (kept in the audit log)`,
    }),
  },
  { additionalProperties: false },
);
