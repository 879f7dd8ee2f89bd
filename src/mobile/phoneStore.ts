/**
 * The phone app's state: language, the paired device (kept in localStorage so the phone stays
 * paired across reloads and offline starts), the link and GPS state, and the tasks with the step
 * the worker has taken on each (kept too, so an offline start still lists them).
 */
import { create } from 'zustand';
import type { DeviceTask } from '../shared/incidents';
import type { PairedDevice } from '../shared/tracking';
import type { PhoneLanguage } from './phoneLocales';

const DEVICE_KEY = 'gcc.phone.device';
const TASKS_KEY = 'gcc.phone.tasks';
const LANGUAGE_KEY = 'gcc.phone.language';

export type TaskStep = 'new' | 'handling' | 'done';
export type GpsState = 'off' | 'waiting' | 'on' | 'denied' | 'unavailable';
export type LinkState = 'connecting' | 'online' | 'offline';

export interface PhoneTask extends DeviceTask {
  step: TaskStep;
}

export interface PhoneState {
  language: PhoneLanguage;
  device: PairedDevice | null;
  link: LinkState;
  gps: GpsState;
  accuracyM: number | null;
  lastFix: { lon: number; lat: number } | null;
  pending: { fixes: number; commands: number };
  tasks: PhoneTask[];
  sos: boolean;
  notice: string | null;
  setLanguage(language: PhoneLanguage): void;
  setDevice(device: PairedDevice | null): void;
  setLink(link: LinkState): void;
  setGps(gps: GpsState, accuracyM?: number | null): void;
  setLastFix(fix: { lon: number; lat: number }): void;
  setPending(pending: { fixes: number; commands: number }): void;
  /**
   * A task from the server: new ones are added; a known one keeps the worker's step unless the
   * server is further on or returned it for rework. True when it is news for the worker.
   */
  receiveTask(task: DeviceTask): boolean;
  setTaskStep(incidentId: string, step: TaskStep): void;
  removeTask(incidentId: string): void;
  setSos(sos: boolean): void;
  setNotice(notice: string | null): void;
}

function read<T>(key: string, fallback: T): T {
  try {
    const text = localStorage.getItem(key);
    return text === null ? fallback : (JSON.parse(text) as T);
  } catch {
    return fallback;
  }
}

function write(key: string, value: unknown): void {
  if (value === null) localStorage.removeItem(key);
  else localStorage.setItem(key, JSON.stringify(value));
}

export const usePhoneStore = create<PhoneState>((set, get) => ({
  language: read<PhoneLanguage>(LANGUAGE_KEY, 'zh'),
  device: read<PairedDevice | null>(DEVICE_KEY, null),
  link: 'offline',
  gps: 'off',
  accuracyM: null,
  lastFix: null,
  pending: { fixes: 0, commands: 0 },
  tasks: read<PhoneTask[]>(TASKS_KEY, []),
  sos: false,
  notice: null,
  setLanguage: (language) => {
    write(LANGUAGE_KEY, language);
    set({ language });
  },
  setDevice: (device) => {
    write(DEVICE_KEY, device);
    if (device === null) write(TASKS_KEY, null);
    set(device === null ? { device, tasks: [] } : { device });
  },
  setLink: (link) => set({ link }),
  setGps: (gps, accuracyM = null) => set({ gps, accuracyM }),
  setLastFix: (lastFix) => set({ lastFix }),
  setPending: (pending) => set({ pending }),
  receiveTask: (task) => {
    const known = get().tasks.find((entry) => entry.incidentId === task.incidentId);
    const serverStep: TaskStep = task.state === 'handling' ? 'handling' : 'new';
    const returned =
      task.rework != null && (known?.rework == null || known.rework.atMs < task.rework.atMs);
    let step: TaskStep = known?.step ?? serverStep;
    if (returned) step = 'handling';
    else if (step === 'new') step = serverStep;
    const updated: PhoneTask = { ...task, step };
    const tasks = known
      ? get().tasks.map((entry) => (entry.incidentId === task.incidentId ? updated : entry))
      : [updated, ...get().tasks];
    write(TASKS_KEY, tasks);
    set({ tasks });
    return known === undefined || returned;
  },
  setTaskStep: (incidentId, step) => {
    const tasks = get().tasks.map((entry) =>
      entry.incidentId === incidentId ? { ...entry, step } : entry,
    );
    write(TASKS_KEY, tasks);
    set({ tasks });
  },
  removeTask: (incidentId) => {
    const tasks = get().tasks.filter((entry) => entry.incidentId !== incidentId);
    write(TASKS_KEY, tasks);
    set({ tasks });
  },
  setSos: (sos) => set({ sos }),
  setNotice: (notice) => set({ notice }),
}));
