// Offices by name (GET /offices): "New York Field Office" where the data carries the office's code (NYC).
// Read once per session; while the names load, or for a code no office has, the code itself is shown.
import { useQuery } from '@tanstack/react-query';
import { useCallback } from 'react';
import { get } from '../api/client.ts';
import type { Res } from '../api/types.ts';

export type Office = Res<'/offices', 'get'>['items'][number];

/** Every office, by code, sorted by code (signed-in users only). */
export const useOffices = () =>
  useQuery({
    queryKey: ['offices'],
    queryFn: () => get<Res<'/offices', 'get'>>('/offices'),
    staleTime: Number.POSITIVE_INFINITY,
  });

/** A function from an office's code to its name. */
export function useOfficeName(): (code: string | null | undefined) => string {
  const offices = useOffices();
  const items = offices.data?.items;
  return useCallback(
    (code: string | null | undefined) => (code ? (items?.find((o) => o.id === code)?.name ?? code) : ''),
    [items],
  );
}

/** An office's name, in a sentence or a table cell. */
export function OfficeName({ code }: { code: string | null | undefined }) {
  return <>{useOfficeName()(code)}</>;
}
