import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { interpolPublicNoticeSchema, prefillFromInterpolPublic } from '../../domain/interpol-public.ts';
import type { AppContext } from '../../services/context.ts';
import { userCall } from '../auth.ts';

export const interpolImportRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (server, { ctx }) => {
  server.post(
    '/notices/interpol-extract',
    {
      schema: {
        tags: ['notices'],
        summary:
          "Prefill a person and a notice from INTERPOL's public notice JSON (detail format); writes nothing",
        description:
          'The public extract has no status, issue or expiry date: the prefill always warns that validity must be confirmed through INTERPOL Washington.',
        body: interpolPublicNoticeSchema,
        response: {
          200: z.object({
            person: z.object({
              familyName: z.string(),
              givenNames: z.string().nullable(),
              datesOfBirth: z.array(z.string()),
              nationalities: z.array(z.string()),
              sex: z.string().nullable(),
              placeOfBirth: z.string().nullable(),
              languages: z.array(z.string()),
            }),
            notice: z.object({
              type: z.literal('red_notice'),
              interpolRef: z.string(),
              issuingCountry: z.string(),
              warrants: z.array(
                z.object({
                  kind: z.literal('arrest_warrant'),
                  charge: z.string(),
                  chargeTranslation: z.string().nullable(),
                  issuingCountry: z.string(),
                }),
              ),
            }),
            warnings: z.array(z.string()),
          }),
        },
      },
    },
    async (req) => {
      userCall(req, ctx); // signed-in users only
      return prefillFromInterpolPublic(req.body);
    },
  );
};
