import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SessionUser } from '../../shared/api';
import { useAppStore } from '../shell/appStore';
import type { FeedController, FeedGlobe } from './feedController';
import { startSessionFeeds, type SessionFeeds } from './sessionFeeds';

const user = (username: string): SessionUser => ({
  username,
  displayName: username,
  role: 'dispatcher',
  scopes: ['350102'],
  canReveal: false,
  permissions: [],
  mustChangePassword: false,
});
const globe: FeedGlobe = { workers: { applyPositions: () => undefined } };

function fakeControllers() {
  const opened: { attachGlobe: ReturnType<typeof vi.fn>; close: ReturnType<typeof vi.fn> }[] = [];
  const open = vi.fn((): FeedController => {
    const controller = { attachGlobe: vi.fn(), close: vi.fn() };
    opened.push(controller);
    return controller;
  });
  return { open, opened };
}

let feeds: SessionFeeds | null = null;
beforeEach(() => useAppStore.getState().setSession(null));
afterEach(() => feeds?.stop());

describe('startSessionFeeds', () => {
  it('opens one controller per signed-in session, whatever else changes in the app', () => {
    const { open, opened } = fakeControllers();
    feeds = startSessionFeeds(open);
    expect(open).not.toHaveBeenCalled();

    useAppStore.getState().setSession(user('dispatcher'));
    useAppStore.getState().setSession(user('dispatcher')); // the session restored again
    useAppStore.getState().select({ gridCode: '350102001' }, 'grid');
    useAppStore.getState().setTheme('occupancy');
    expect(open).toHaveBeenCalledOnce();

    useAppStore.getState().clearSessionData();
    expect(opened[0]!.close).toHaveBeenCalledOnce();
    useAppStore.getState().setSession(user('leader'));
    expect(open).toHaveBeenCalledTimes(2);
    expect(opened[1]!.close).not.toHaveBeenCalled();
  });

  it('hands the attached globe to the current and to the next session', () => {
    const { open, opened } = fakeControllers();
    useAppStore.getState().setSession(user('dispatcher'));
    feeds = startSessionFeeds(open);
    feeds.attachGlobe(globe);
    expect(opened[0]!.attachGlobe).toHaveBeenCalledWith(globe);

    useAppStore.getState().setSession(user('leader'));
    expect(opened[1]!.attachGlobe).toHaveBeenCalledWith(globe);
    feeds.attachGlobe(null);
    expect(opened[1]!.attachGlobe).toHaveBeenLastCalledWith(null);
  });

  it('closes the open session when stopped and then ignores sign-ins', () => {
    const { open, opened } = fakeControllers();
    useAppStore.getState().setSession(user('dispatcher'));
    feeds = startSessionFeeds(open);
    feeds.stop();
    expect(opened[0]!.close).toHaveBeenCalledOnce();
    useAppStore.getState().setSession(user('leader'));
    expect(open).toHaveBeenCalledOnce();
  });
});
