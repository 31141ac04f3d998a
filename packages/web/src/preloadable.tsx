/**
 * A page loaded on demand that can be fetched ahead of time and then shows at once. React.lazy
 * alone suspends on a page's first render even when its module is already here (the import
 * resolves a tick later), and React holds a revealed boundary's fallback for up to 300 ms; a page
 * fetched ahead (while the person signs in) renders directly instead.
 */
import { type ComponentType, type LazyExoticComponent, lazy, useState } from "react";

export interface Preloadable {
  /** Fetches the page's module (once); what React.lazy would fetch on first render. */
  readonly load: () => Promise<unknown>;
  /** The page, when its module has arrived. */
  readonly ready: () => ComponentType | undefined;
  readonly lazy: LazyExoticComponent<ComponentType>;
}

export function preloadable(load: () => Promise<{ readonly default: ComponentType }>): Preloadable {
  let ready: ComponentType | undefined;
  let loading: Promise<{ readonly default: ComponentType }> | undefined;
  const keep = () => {
    loading ??= load().then((m) => {
      ready = m.default;
      return m;
    });
    return loading;
  };
  return { load: keep, ready: () => ready, lazy: lazy(keep) };
}

export function PreloadedPage({ page }: { readonly page: Preloadable }) {
  // Chosen once per mount: switching between the two would remount the page and lose its state.
  const [Loaded] = useState(page.ready);
  const Lazy = page.lazy;
  return Loaded ? <Loaded /> : <Lazy />;
}
