/**
 * A reducer held outside React. Async flows (a queue of saves, file loads) read the state right after
 * they change it, which React's own state only shows after the next render.
 */
export type Store<S, A> = {
  getState: () => S;
  dispatch: (action: A) => void;
  subscribe: (listener: () => void) => () => void;
};

export function createStore<S, A>({ reducer, initial }: { reducer: (state: S, action: A) => S; initial: S }): Store<S, A> {
  let state = initial;
  const listeners = new Set<() => void>();
  return {
    getState: () => state,
    dispatch(action) {
      const next = reducer(state, action);
      if (next === state) return;
      state = next;
      for (const listener of listeners) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
