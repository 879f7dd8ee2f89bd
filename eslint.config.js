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

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'tilesets/', 'data/', 'coverage/', 'public/', '.cache/', 'test-results/'] },
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
        [{ group: ['**/client/**'], message: 'server never imports client (DESIGN.md §2)' }],
        ['cesium', 'resium', 'react', 'react-dom', 'socket.io-client', 'three', 'deck.gl'],
      ),
    },
  },
  {
    files: ['src/client/**'],
    ignores: ['src/client/globe/**', 'src/client/feeds/**'],
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
    files: ['src/client/globe/**'],
    rules: {
      'no-restricted-imports': restrict(
        [{ group: ['**/server/**'], message: 'client never imports server (DESIGN.md §2)' }],
        ['socket.io-client', 'socket.io', 'better-sqlite3', 'fastify'],
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
  {
    // Server tests talk to the real server as devices and screens do (DESIGN.md §7).
    files: ['src/server/**/*.test.ts', 'src/server/testing/**'],
    rules: {
      'no-restricted-imports': restrict(
        [{ group: ['**/client/**'], message: 'server never imports client (DESIGN.md §2)' }],
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
);
