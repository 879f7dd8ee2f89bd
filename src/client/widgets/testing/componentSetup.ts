/**
 * Setup of the component test project. Vitest runs without globals, so Testing Library cannot
 * register its own cleanup: without this, every rendered panel would stay in the document and
 * the next test would find two drawers.
 */
import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

afterEach(() => cleanup());
