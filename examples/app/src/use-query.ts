import type { DetourError } from '@detour/sdk';
import type { DetourQueryOptions } from '@detour/sdk/query';
import { hashKey, type QueryClient, QueryObserver, type QueryObserverResult } from '@tanstack/query-core';
import { useEffect, useMemo, useReducer } from 'preact/hooks';

/**
 * A minimal Preact binding of @tanstack/query-core's QueryObserver (what @tanstack/preact-query does,
 * in twenty lines): the component re-renders when the query's result changes.
 */
export function useQuery<T>(
  queryClient: QueryClient,
  options: DetourQueryOptions<T>,
  enabled = true,
): QueryObserverResult<T, DetourError> {
  const defaulted = queryClient.defaultQueryOptions({ ...options, enabled });
  const observer = useMemo(
    () => new QueryObserver<T, DetourError, T, T, DetourQueryOptions<T>['queryKey']>(queryClient, defaulted),
    [],
  );
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const key = hashKey(options.queryKey);
  useEffect(() => observer.setOptions(defaulted), [key, enabled]);
  useEffect(() => observer.subscribe(() => rerender(0)), [observer]);
  return observer.getOptimisticResult(defaulted);
}
