/** The disclosure packet: generate, list, download; the translations and their approval. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../services/context.ts';
import { approveTranslation } from '../../services/packet/approve.ts';
import { generatePacket } from '../../services/packet/generate.ts';
import { downloadPacket, listPackets, translationStatuses } from '../../services/packet/read.ts';
import { PACKET_LANGUAGES } from '../../services/packet/translations.ts';
import { userCall } from '../auth.ts';

const idParams = z.object({ id: z.uuid() });
const instantView = z.any().meta({ type: 'string', format: 'date-time', description: 'ISO 8601 instant' });

const packetView = z.object({
  id: z.string(),
  reference: z.string().describe('The packet id printed on it'),
  language: z.string(),
  version: z.number().int().describe('Per case and language, from 1'),
  sha256: z.string().describe('The SHA-256 printed on the cover (of the packet’s canonical content)'),
  fileSha256: z.string().describe('The SHA-256 of the PDF file'),
  byteSize: z.number().int(),
  translationApproved: z
    .boolean()
    .describe('False: the packet is marked "translation pending certified review"'),
  documentIds: z.array(z.string()).describe('The documents enclosed'),
  withheldDocumentIds: z.array(z.string()).describe('The documents INTERPOL Washington restricted'),
  portalAccessIssued: z.boolean(),
  generatedAt: instantView,
  generatedBy: z.string().nullable(),
  latest: z.boolean().describe('The newest version in its language'),
  servedIn: z
    .array(
      z.object({
        disclosureId: z.string(),
        servedAt: instantView,
        method: z.string(),
        recipient: z.string(),
      }),
    )
    .describe('The services that served this packet: the person received it'),
});

export const packetRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (server, { ctx }) => {
  server.post(
    '/cases/:id/packets',
    {
      schema: {
        tags: ['disclosure'],
        summary: 'Generate the disclosure packet for the person',
        description:
          'A PDF in the person’s language: the notice of rights, the documents that may be disclosed and a statement for each one INTERPOL Washington restricted, with a counsel portal access code. Generating again when nothing it says has changed returns the latest version (created false); any change makes a new version.',
        params: idParams,
        body: z.object({
          language: z
            .string()
            .max(50)
            .nullish()
            .describe(
              `ISO 639-1 code or name: one of ${PACKET_LANGUAGES.join(', ')}. The first of these the person reads when left out.`,
            ),
          issueAccessCode: z
            .boolean()
            .optional()
            .describe('Issue a counsel portal access code and print it on the packet (default true).'),
        }),
        response: {
          201: z.object({
            id: z.string(),
            reference: z.string(),
            language: z.string(),
            version: z.number().int(),
            sha256: z.string(),
            fileSha256: z.string(),
            byteSize: z.number().int(),
            translationApproved: z.boolean(),
            created: z.boolean(),
            accessCode: z
              .string()
              .nullable()
              .describe('The access code printed on the packet, shown this once (null when not issued)'),
            personReadsLanguage: z
              .boolean()
              .describe('False: the service will need an interpreter into a language the person reads'),
          }),
        },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await generatePacket(userCall(req, ctx), req.params.id, req.body)),
  );

  server.get(
    '/cases/:id/packets',
    {
      schema: {
        tags: ['disclosure'],
        summary: 'The disclosure packets of a case, newest first, with the services that served each',
        params: idParams,
        response: { 200: z.object({ items: z.array(packetView) }) },
      },
    },
    async (req) => ({ items: await listPackets(userCall(req, ctx), req.params.id) }),
  );

  server.get(
    '/cases/:id/packets/:packetId/pdf',
    {
      schema: {
        tags: ['disclosure'],
        summary: 'Download a disclosure packet (PDF)',
        description:
          'The PDF as generated. The file carries the counsel portal access code printed on it: the download is audited.',
        params: z.object({ id: z.uuid(), packetId: z.uuid() }),
      },
    },
    async (req, reply) => {
      const file = await downloadPacket(userCall(req, ctx), req.params.id, req.params.packetId);
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename="${file.fileName.replace(/[^\w.-]/g, '_')}"`)
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'no-store')
        .header('x-packet-sha256', file.sha256)
        .send(file.pdf);
    },
  );

  server.get(
    '/packet-translations',
    {
      schema: {
        tags: ['disclosure'],
        summary: 'Each language’s packet text, and whether this exact text is approved',
        response: {
          200: z.object({
            items: z.array(
              z.object({
                language: z.string(),
                name: z.string(),
                rtl: z.boolean(),
                sha256: z.string().describe('SHA-256 of the translation file now'),
                source: z.boolean().describe('English: the source text, needs no approval'),
                approved: z.boolean(),
                approval: z
                  .object({ version: z.number().int(), approvedAt: instantView, approvedBy: z.string() })
                  .nullable(),
                history: z.array(
                  z.object({
                    version: z.number().int(),
                    sha256: z.string(),
                    approvedAt: instantView,
                    approvedBy: z.string(),
                    note: z.string().nullable(),
                  }),
                ),
                strings: z.record(z.string(), z.string()),
                english: z.record(z.string(), z.string()),
              }),
            ),
          }),
        },
      },
    },
    async (req) => ({ items: await translationStatuses(userCall(req, ctx)) }),
  );

  server.post(
    '/packet-translations/:language/approvals',
    {
      schema: {
        tags: ['disclosure'],
        summary: 'Approve a language’s packet text (training coordinator or attorney)',
        description:
          'Approves the translation file whose SHA-256 is given (the text the approver read). Refused (409 translation_changed) when the file changed since. A changed file needs a new approval.',
        params: z.object({ language: z.string().min(2).max(10) }),
        body: z.object({
          sha256: z.string().min(1).max(64).describe('SHA-256 of the text reviewed'),
          note: z.string().max(2000).nullish().describe('Who reviewed it against the English, how'),
        }),
        response: {
          201: z.object({
            id: z.string(),
            language: z.string(),
            version: z.number().int(),
            sha256: z.string(),
          }),
        },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await approveTranslation(userCall(req, ctx), { language: req.params.language, ...req.body })),
  );
};
