// Import rules of DESIGN.md §2 are enforced here, not only written down.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const FRAMEWORKS = [
  'cesium',
  'resium',
  'react',
  'react-dom',
  'socket.io',
  'socket.io-client',
  'better-sqlite3',
  'fastify',
  'three',
  'deck.gl',
  'zustand',
];

function restrict(patterns, paths = []) {
  return [
    'error',
    {
      patterns,
      paths: paths.map((name) => ({ name, message: 'not allowed in this layer (DESIGN.md §2)' })),
    },
  ];
}

/** A view: a PascalCase module (a component) … */
const VIEW = {
  regex: '(^|/)[A-Z][^/]*$',
  caseSensitive: true,
  message: 'import no views (PascalCase modules are components): views depend on them, not back',
};
/** … except the globe's typed handle, whose types the feeds write positions through. */
const VIEW_EXCEPT_GLOBE_HANDLE = { ...VIEW, regex: '(^|/)(?!GlobeHandle$)[A-Z][^/]*$' };
const HOOK = {
  regex: '(^|/)use[A-Z][^/]*$',
  caseSensitive: true,
  message: 'import no React hooks (use…): they belong to views',
};
/** Opening a feed is the session's business (main.tsx), never a view's. */
const FEED_LIFETIME = {
  regex: '(^|/)feeds/(liveFeed|incidentFeed|feedController|sessionFeeds)$',
  allowTypeImports: true,
  message:
    'views do not open feeds: the feed controller, started once per session in main.tsx, owns every connection; read the stores instead',
};

function restrictClient(patterns, paths = []) {
  return [
    'error',
    {
      patterns,
      paths: paths.map((name) => ({
        name,
        message: 'not allowed in this part of the client (DESIGN.md §2)',
      })),
    },
  ];
}

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'node_modules/',
      'tilesets/',
      'data/',
      'coverage/',
      'public/',
      '.cache/',
      'test-results/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/domain/**'],
    rules: {
      'no-restricted-imports': restrict(
        [
          {
            group: [
              '**/server/**',
              '**/client/**',
              '**/shared/**',
              '@fastify/*',
              '@turf/*',
              '@deck.gl/*',
            ],
            message: 'src/domain is pure: it imports nothing of the other layers (DESIGN.md §2)',
          },
        ],
        FRAMEWORKS,
      ),
    },
  },
  {
    files: ['src/shared/**'],
    rules: {
      'no-restricted-imports': restrict(
        [{ group: ['**/server/**', '**/client/**'], message: 'src/shared holds wire types only' }],
        FRAMEWORKS,
      ),
    },
  },
  {
    files: ['src/server/**'],
    rules: {
      'no-restricted-imports': restrict(
        [
          {
            group: ['**/client/**', '**/mobile/**', '**/resident/**'],
            message: 'server never imports client, mobile or resident (DESIGN.md §2)',
          },
        ],
        ['cesium', 'resium', 'react', 'react-dom', 'socket.io-client', 'three', 'deck.gl'],
      ),
    },
  },
  {
    // The grid worker's phone app: its own small bundle, no globe, no wall, no server code.
    files: ['src/mobile/**'],
    rules: {
      'no-restricted-imports': restrict(
        [
          {
            group: ['**/server/**', '**/client/**', 'cesium/*', 'three/*'],
            message: 'src/mobile is the phone app: shared wire types and domain logic only',
          },
        ],
        ['cesium', 'resium', 'socket.io', 'better-sqlite3', 'fastify', 'three'],
      ),
    },
  },
  {
    // The resident's public report page: its own small bundle, no globe, no wall, no server code.
    files: ['src/resident/**'],
    rules: {
      'no-restricted-imports': restrict(
        [
          {
            group: ['**/server/**', '**/client/**', '**/mobile/**', 'cesium/*', 'three/*'],
            message: 'src/resident is the public report page: shared wire types and domain only',
          },
        ],
        ['cesium', 'resium', 'socket.io', 'socket.io-client', 'better-sqlite3', 'fastify', 'three'],
      ),
    },
  },
  {
    files: ['src/client/**'],
    ignores: ['src/client/globe/**', 'src/client/*/globe/**', 'src/client/feeds/**'],
    rules: {
      'no-restricted-imports': restrict(
        [
          {
            group: ['**/server/**', 'cesium/*', '@cesium/*'],
            message: 'client never imports server; only client/globe imports cesium (DESIGN.md §2)',
          },
          {
            group: ['three/*'],
            message:
              'only client/register/buildingView imports three (its one WebGL view besides the globe)',
          },
        ],
        ['cesium', 'resium', 'socket.io-client', 'socket.io', 'better-sqlite3', 'fastify', 'three'],
      ),
    },
  },
  {
    // The building's exploded stack is the one three.js view: the same rules, three allowed.
    files: ['src/client/register/buildingView/**'],
    rules: {
      'no-restricted-imports': restrict(
        [
          {
            group: ['**/server/**', 'cesium/*', '@cesium/*'],
            message: 'client never imports server; only client/globe imports cesium (DESIGN.md §2)',
          },
        ],
        ['cesium', 'resium', 'socket.io-client', 'socket.io', 'better-sqlite3', 'fastify'],
      ),
    },
  },
  {
    files: ['src/client/globe/**', 'src/client/*/globe/**'],
    rules: {
      'no-restricted-imports': restrict(
        [{ group: ['**/server/**'], message: 'client never imports server (DESIGN.md §2)' }],
        ['socket.io-client', 'socket.io', 'better-sqlite3', 'fastify', 'three'],
      ),
    },
  },
  {
    files: ['src/client/feeds/**'],
    rules: {
      'no-restricted-imports': restrict(
        [
          {
            group: ['**/server/**', 'cesium/*'],
            message: 'client never imports server; only client/globe imports cesium (DESIGN.md §2)',
          },
        ],
        ['cesium', 'resium', 'socket.io', 'better-sqlite3', 'fastify'],
      ),
    },
  },
  // Direction inside the client (DESIGN.md §2): views → stores and feeds; feeds → stores and the
  // globe's typed handle; stores → plain data only. A separate rule name from the layer rules
  // above, so both apply to the same file. Import paths carry no extension, so a view is
  // recognised by name: components are PascalCase, hooks start with `use`.
  {
    files: ['src/client/**'],
    ignores: ['src/client/feeds/**', 'src/client/main.tsx'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrictClient([FEED_LIFETIME]),
    },
  },
  {
    files: ['src/client/**/*Store.ts', 'src/client/**/*Selectors.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrictClient(
        [
          { ...VIEW, message: `stores ${VIEW.message}` },
          { ...HOOK, message: `stores ${HOOK.message}` },
          {
            regex: '(^|/)(feeds|globe)(/|$)',
            message: 'stores import no feeds and no globe code: they hold plain data that both use',
          },
        ],
        ['react', 'react-dom', 'cesium', 'resium', 'three', 'socket.io-client'],
      ),
    },
  },
  {
    files: ['src/client/feeds/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrictClient(
        [
          { ...VIEW_EXCEPT_GLOBE_HANDLE, message: `feeds ${VIEW.message}` },
          { ...HOOK, message: `feeds ${HOOK.message}` },
          {
            regex: '(^|/)globe(/|$)',
            allowTypeImports: true,
            message:
              'feeds reach the globe only through the typed handle it attaches (import type only)',
          },
        ],
        ['react', 'react-dom'],
      ),
    },
  },
  {
    // Server tests talk to the real server as devices and screens do (DESIGN.md §7).
    files: ['src/server/**/*.test.ts', 'src/server/testing/**'],
    rules: {
      'no-restricted-imports': restrict(
        [
          {
            group: ['**/client/**', '**/mobile/**', '**/resident/**'],
            message: 'server never imports client, mobile or resident (DESIGN.md §2)',
          },
        ],
        ['cesium', 'resium', 'react', 'react-dom', 'three', 'deck.gl'],
      ),
    },
  },
  {
    files: ['src/client/**/*.tsx', 'src/client/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    // The server's repositories turn asynchronous one by one (docs/decisions/0040): a call left
    // without `await` would run out of order or swallow its error, and nothing else shows it.
    files: ['src/server/**/*.ts', 'scripts/**/*.ts'],
    ignores: ['**/*.test.ts'],
    languageOptions: { parserOptions: { projectService: true } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
);
