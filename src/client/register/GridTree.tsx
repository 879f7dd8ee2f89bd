/**
 * The grid tree (district → streets → communities → grids). A click selects the grid and flies
 * to it; the branches above the selection open by themselves, and any branch can be toggled.
 */
import { useMemo, useState } from 'react';
import type { GridNode } from '../../shared/api';
import { isWithinGrid, touchesScope } from '../../domain/gridCode';
import { useAppStore } from '../shell/appStore';
import { gridChildren } from './registerSelectors';
import { describeError } from '../widgets/errorMessage';
import { useI18n } from '../shell/i18n';
import { useGridTree } from '../shell/useSessionData';

/** Levels open by default: the district and its streets fit on the panel at a glance. */
const DEFAULT_OPEN_LEVEL = 2;
const NO_SCOPES: string[] = [];
const SHORT_LEVEL_KEYS = {
  1: 'levelShort.district',
  2: 'levelShort.street',
  3: 'levelShort.community',
  4: 'levelShort.grid',
} as const;
const LEVEL_KEYS = {
  1: 'level.district',
  2: 'level.street',
  3: 'level.community',
  4: 'level.grid',
} as const;

interface TreeProps {
  nodes: GridNode[];
  childrenOf: Map<string | null, GridNode[]>;
  selectedCode: string | null;
  toggled: Record<string, boolean>;
  onToggle(code: string, open: boolean): void;
}

function TreeLevel({ nodes, childrenOf, selectedCode, toggled, onToggle }: TreeProps) {
  const { t, localName } = useI18n();
  const select = useAppStore((state) => state.select);
  const scopes = useAppStore((state) => state.session?.scopes ?? NO_SCOPES);
  return (
    <ul className="tree-level" role="group">
      {nodes.map((node) => {
        const children = childrenOf.get(node.code) ?? [];
        const onPath = selectedCode !== null && isWithinGrid(selectedCode, node.code);
        const open = toggled[node.code] ?? (node.level <= DEFAULT_OPEN_LEVEL || onPath);
        const selected = selectedCode === node.code;
        // Outside the user's scope: still named (geography), dimmed since its data will be refused.
        const outOfScope = !touchesScope(node.code, scopes);
        return (
          <li
            key={node.code}
            role="treeitem"
            aria-expanded={children.length > 0 ? open : undefined}
            aria-selected={selected}
          >
            <div
              className={`tree-row level-${node.level}${selected ? ' is-selected' : ''}${onPath ? ' is-on-path' : ''}${outOfScope ? ' is-out-of-scope' : ''}`}
            >
              {children.length > 0 ? (
                <button
                  type="button"
                  className={`tree-caret${open ? ' is-open' : ''}`}
                  aria-label={localName(node)}
                  onClick={() => onToggle(node.code, !open)}
                />
              ) : (
                <span className="tree-caret-space" />
              )}
              <button
                type="button"
                className="tree-name"
                data-testid="grid-node"
                data-grid-code={node.code}
                onClick={() =>
                  select({ gridCode: node.code }, node.level === 1 ? 'district' : 'grid')
                }
              >
                <span className="tree-level-tag" title={t(LEVEL_KEYS[node.level])}>
                  {t(SHORT_LEVEL_KEYS[node.level])}
                </span>
                <span className="tree-label">{localName(node)}</span>
                {children.length > 0 && <span className="tree-count">{children.length}</span>}
              </button>
            </div>
            {open && children.length > 0 && (
              <TreeLevel
                nodes={children}
                childrenOf={childrenOf}
                selectedCode={selectedCode}
                toggled={toggled}
                onToggle={onToggle}
              />
            )}
          </li>
        );
      })}
    </ul>
  );
}

export function GridTree() {
  const { t } = useI18n();
  const loading = useGridTree();
  const grids = useAppStore((state) => state.grids);
  const selectedCode = useAppStore((state) => state.selection.gridCode);
  const [toggled, setToggled] = useState<Record<string, boolean>>({});
  const childrenOf = useMemo(() => gridChildren(grids), [grids]);
  const roots = childrenOf.get(null) ?? [];

  let body;
  if (roots.length > 0) {
    body = (
      <div className="tree" role="tree">
        <TreeLevel
          nodes={roots}
          childrenOf={childrenOf}
          selectedCode={selectedCode}
          toggled={toggled}
          onToggle={(code, open) => setToggled((current) => ({ ...current, [code]: open }))}
        />
      </div>
    );
  } else if (loading.status === 'error') {
    const message = describeError(loading.error);
    body = (
      <div className="panel-error">
        <p>{t(message.messageKey, message.params)}</p>
        <button type="button" className="button" onClick={loading.retry}>
          {t('common.retry')}
        </button>
      </div>
    );
  } else {
    body = <p className="panel-loading">{t('common.loading')}</p>;
  }
  return (
    <section className="panel-section tree-section" aria-label={t('tree.title')}>
      <h2 className="section-title">{t('tree.title')}</h2>
      {body}
    </section>
  );
}
