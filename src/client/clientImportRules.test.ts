import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/** The project's own eslint.config.js, run on source text placed at a path inside the client. */
const eslint = new ESLint({ cwd: process.cwd() });

async function importErrorsOf(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? [])
    .filter((message) => /no-restricted-imports$/.test(message.ruleId ?? ''))
    .map((message) => message.message);
}

describe('the import rules inside the client', () => {
  it('keep views, feeds and globe code out of stores and selectors', async () => {
    const store = 'src/client/tracking/exampleStore.ts';
    expect(
      await importErrorsOf(store, "import { WorkerCard } from './WorkerCard';\n"),
    ).toHaveLength(1);
    expect(
      await importErrorsOf(store, "import { useApi } from '../shell/ApiContext';\n"),
    ).toHaveLength(1);
    expect(await importErrorsOf(store, "import { useT } from '../shell/useT';\n")).toHaveLength(1);
    expect(await importErrorsOf(store, "import { x } from '../feeds/liveFeed';\n")).toHaveLength(1);
    expect(await importErrorsOf(store, "import { y } from './globe/workersLayer';\n")).toHaveLength(
      1,
    );
    expect(await importErrorsOf(store, "import { useState } from 'react';\n")).toHaveLength(1);
    const selectors = 'src/client/incidents/exampleSelectors.ts';
    expect(
      await importErrorsOf(selectors, "import { IncidentList } from './IncidentList';\n"),
    ).toHaveLength(1);
    expect(
      await importErrorsOf(
        store,
        "import { touchesCodes } from './trackingStore';\nimport type { Fix } from '../../domain/tracking/fix';\n",
      ),
    ).toEqual([]);
  });

  it('let feeds import the globe handle as a type only, and no views', async () => {
    const feed = 'src/client/feeds/exampleFeed.ts';
    expect(
      await importErrorsOf(feed, "import type { GlobeHandle } from '../globe/GlobeHandle';\n"),
    ).toEqual([]);
    expect(
      await importErrorsOf(feed, "import { createGlobeHandle } from '../globe/GlobeHandle';\n"),
    ).toHaveLength(1);
    expect(
      await importErrorsOf(feed, "import { mountGlobe } from '../globe/mountGlobe';\n"),
    ).toHaveLength(1);
    expect(
      await importErrorsOf(feed, "import { IncidentsPanel } from '../incidents/IncidentsPanel';\n"),
    ).toHaveLength(1);
    expect(await importErrorsOf(feed, "import { useEffect } from 'react';\n")).toHaveLength(1);
    expect(
      await importErrorsOf(
        feed,
        "import { io } from 'socket.io-client';\nimport { useTrackingStore } from '../tracking/trackingStore';\n",
      ),
    ).toEqual([]);
  });

  it('keep socket.io-client in feeds, Cesium in globe code, and feed lifetimes out of views', async () => {
    const view = 'src/client/tracking/ExamplePanel.tsx';
    expect(await importErrorsOf(view, "import { io } from 'socket.io-client';\n")).toHaveLength(1);
    expect(await importErrorsOf(view, "import { Viewer } from 'cesium';\n")).toHaveLength(1);
    expect(await importErrorsOf(view, "import { Viewer } from 'resium';\n")).toHaveLength(1);
    expect(
      await importErrorsOf(view, "import { connectLiveFeed } from '../feeds/liveFeed';\n"),
    ).toHaveLength(1);
    expect(
      await importErrorsOf(
        view,
        "import { createFeedController } from '../feeds/feedController';\n",
      ),
    ).toHaveLength(1);
    expect(
      await importErrorsOf(view, "import type { ApiClient } from '../feeds/apiClient';\n"),
    ).toEqual([]);
    expect(
      await importErrorsOf(
        'src/client/tracking/globe/exampleLayer.ts',
        "import { Viewer } from 'cesium';\n",
      ),
    ).toEqual([]);
    expect(
      await importErrorsOf(
        'src/client/main.tsx',
        "import { startSessionFeeds } from './feeds/sessionFeeds';\n",
      ),
    ).toEqual([]);
  });
});
