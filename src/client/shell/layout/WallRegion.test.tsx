import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { useAppStore } from '../appStore';
import { WallRegion } from './WallRegion';
import { useWallLayoutStore } from './wallLayoutStore';
import type { WallPanelEntry } from './wallPanels';
import type { WallRegionSpec } from './wallRegions';

const LEFT: WallRegionSpec = { id: 'left', labelKey: 'layout.region.left', framed: true };

function Tree() {
  return <p>tree</p>;
}

function Nothing() {
  return null;
}

const PANELS: WallPanelEntry[] = [
  { id: 'tree', region: 'left', order: 0, component: Tree, modes: ['dispatch'] },
  { id: 'empty', region: 'left', order: 1, component: Nothing, modes: ['dispatch'] },
];

afterEach(() => {
  cleanup();
  useWallLayoutStore.setState({ collapsed: {} });
  useAppStore.setState({ language: 'zh' });
});

describe('WallRegion', () => {
  it('stacks its panels in registry order, each in a wrapper named after it', () => {
    const { container } = render(<WallRegion spec={LEFT} panels={PANELS} />);
    const ids = [...container.querySelectorAll('[data-wall-panel]')].map((element) =>
      element.getAttribute('data-wall-panel'),
    );
    expect(ids).toEqual(['tree', 'empty']);
    expect(container.querySelector('[data-wall-panel="empty"]')?.childElementCount).toBe(0);
  });

  it('collapses and expands from its labelled button, keeping the panels mounted', () => {
    render(<WallRegion spec={LEFT} panels={PANELS} />);
    const toggle = screen.getByTestId('wall-region-toggle');
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(toggle.getAttribute('aria-label')).toBe('收起网格与图层');

    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(toggle.getAttribute('aria-label')).toBe('展开网格与图层');
    const tree = screen.getByText('tree').closest('[data-wall-panel]');
    expect(tree?.hasAttribute('hidden')).toBe(true);

    fireEvent.click(toggle);
    expect(tree?.hasAttribute('hidden')).toBe(false);
  });

  it('labels its collapse control in English when the wall speaks English', () => {
    useAppStore.setState({ language: 'en' });
    render(<WallRegion spec={LEFT} panels={PANELS} />);
    expect(screen.getByTestId('wall-region-toggle').getAttribute('aria-label')).toBe(
      'Collapse Grids and layers',
    );
  });

  it('hides the panels a tour step leaves out, keeping them mounted', () => {
    render(<WallRegion spec={LEFT} panels={PANELS} hiddenPanelIds={new Set(['tree'])} />);
    const tree = screen.getByText('tree').closest('[data-wall-panel]');
    expect(tree?.hasAttribute('hidden')).toBe(true);
    expect(screen.getByTestId('wall-region-toggle').getAttribute('aria-expanded')).toBe('true');
  });

  it('draws no frame and no control when a tour step hides all its panels', () => {
    const { container } = render(
      <WallRegion spec={LEFT} panels={PANELS} hiddenPanelIds={new Set(['tree', 'empty'])} />,
    );
    const region = container.querySelector('[data-wall-region="left"]');
    expect(region?.classList.contains('is-framed')).toBe(false);
    expect(screen.queryByTestId('wall-region-toggle')).toBeNull();
  });

  it('offers no collapse control in a slot that cannot collapse', () => {
    const slot: WallRegionSpec = { id: 'centreOverlay', labelKey: null, framed: false };
    render(<WallRegion spec={slot} panels={[]} />);
    expect(screen.queryByTestId('wall-region-toggle')).toBeNull();
  });
});
