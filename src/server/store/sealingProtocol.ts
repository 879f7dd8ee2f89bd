/** Messages between store/sealingThread.ts and its worker, store/sealingWorker.ts. */
export interface SealingWorkerData {
  key: Uint8Array;
}

export interface SealJob {
  id: number;
  /** ID number and phone of each person. */
  persons: Array<[string, string | null]>;
}

export type SealingWorkerMessage =
  | {
      kind: 'sealed';
      id: number;
      /** Each person's sealed ID number, its index, sealed phone and its index, one after another. */
      bytes: Uint8Array;
      /** Four lengths per person in that order; -1 where the person has no phone. */
      lengths: Int32Array;
      /** Each person's masked ID number and masked phone. */
      masked: Array<string | null>;
    }
  | { kind: 'failed'; id: number; message: string };
