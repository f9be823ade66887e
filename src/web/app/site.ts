// The site's identity from the server (GET /site): the agency, the site's address and which banner to show.
import { useQuery } from '@tanstack/react-query';
import { get } from '../api/client.ts';

export interface SiteView {
  agencyName: string;
  parentAgencyName: string | null;
  siteAddress: string | null;
  privacyPolicyUrl: string | null;
  banner: 'official' | 'demonstration' | 'none';
  demo: boolean;
}

export const useSite = () =>
  useQuery({
    queryKey: ['site'],
    queryFn: () => get<SiteView>('/site'),
    staleTime: Number.POSITIVE_INFINITY,
  });

/** The footer's sentence about who runs the site. */
export function identityText(site: SiteView): string {
  if (site.demo)
    return `This is a demonstration of Redline run by ${site.agencyName}. It is not an official government website; the people and cases in it are fictional.`;
  return `Redline is an application of ${site.agencyName}${
    site.parentAgencyName ? `, an agency of ${site.parentAgencyName}` : ''
  }.`;
}
