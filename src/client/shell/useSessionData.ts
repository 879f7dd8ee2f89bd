/**
 * Data every screen of a session needs: the app config, the grid tree and the per-unit theme
 * figures (once per login; the figures colour the 3D view under every theme, use included).
 */
import { useAppStore } from './appStore';
import { useApiResource, type ResourceState } from '../widgets/useApiResource';

export function useAppConfig(): ResourceState {
  const username = useAppStore((state) => state.session?.username ?? null);
  const setConfig = useAppStore((state) => state.setConfig);
  return useApiResource(
    username === null ? null : `config:${username}`,
    (api, signal) => api.config(signal),
    setConfig,
  );
}

export function useGridTree(): ResourceState {
  const username = useAppStore((state) => state.session?.username ?? null);
  const setGrids = useAppStore((state) => state.setGrids);
  return useApiResource(
    username === null ? null : `grids:${username}`,
    (api, signal) => api.grids(signal),
    setGrids,
  );
}

export function useThemeColumns(): ResourceState {
  const needed = useAppStore((state) => state.session !== null && state.themeColumns === null);
  const setThemeColumns = useAppStore((state) => state.setThemeColumns);
  return useApiResource(
    needed ? 'themeColumns' : null,
    (api, signal) => api.unitThemes(undefined, signal),
    setThemeColumns,
  );
}
