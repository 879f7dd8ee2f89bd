/**
 * The SQLite side of an asynchronous repository (docs/decisions/0040-postgresql.md): each
 * method runs the synchronous store's method to its end (one `db.transaction` stays one atomic
 * unit, nothing else runs in between) and hands the result back as a settled Promise; a throw
 * becomes a rejection, as a PostgreSQL adapter's failure would.
 */
type MethodsOf<T> = {
  [K in keyof T]: T[K] extends (...args: never[]) => unknown ? K : never;
}[keyof T];

export type Promised<T, K extends MethodsOf<T>> = {
  [M in K]: T[M] extends (...args: infer A) => infer R ? (...args: A) => Promise<R> : never;
};

export function promisedMethods<T extends object, K extends MethodsOf<T>>(
  store: T,
  methods: readonly K[],
): Promised<T, K> {
  const promised: Partial<Record<K, unknown>> = {};
  for (const name of methods) {
    const method = store[name] as (...args: unknown[]) => unknown;
    promised[name] = (...args: unknown[]) => {
      try {
        return Promise.resolve(method.apply(store, args));
      } catch (error) {
        return Promise.reject(error);
      }
    };
  }
  return promised as Promised<T, K>;
}
