/** Notifications of the signed-in user, the scheduled duties, and the notice-status feed from INTERPOL Washington. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../services/context.ts';
import { importNoticeStatuses } from '../../services/notice/import-status.ts';
import {
  EMAIL_STATES,
  listEmailDelivery,
  retryEmailDelivery,
} from '../../services/notifications/email-status.ts';
import { listNotifications, unreadCount } from '../../services/notifications/list.ts';
import { markAllNotificationsRead, markNotificationRead } from '../../services/notifications/read.ts';
import { userCall } from '../auth.ts';

/** The most updates one call of the feed may carry (the body is also limited to 1 MiB). */
export const FEED_API_MAX_ITEMS = 1000;

const notification = z.object({
  id: z.string(),
  kind: z.string().describe('What it is about, e.g. liaison_overdue, notice_status, training_expiring'),
  caseId: z.string().nullable(),
  caseNumber: z.string().nullable(),
  text: z.string(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});

const feedResult = z.object({
  line: z.number().describe('Position of the update in the array (1-based)'),
  interpolRef: z.string().nullable(),
  outcome: z.enum(['applied', 'unchanged', 'already_recorded', 'error']),
  affectedCases: z.number(),
  withdrawnAuthorizations: z.number(),
  notified: z.number(),
  errors: z.array(z.object({ field: z.string(), reason: z.string() })),
});

export const feedReport = z.object({
  total: z.number(),
  applied: z.number(),
  unchanged: z.number(),
  failed: z.number(),
  results: z.array(feedResult),
});

export const notificationRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (server, { ctx }) => {
  server.get(
    '/notifications',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Your notifications, newest first (keyset pages), with the unread count',
        querystring: z.object({
          unread: z
            .enum(['true', 'false'])
            .optional()
            .transform((v) => v === 'true'),
          limit: z.coerce.number().int().min(1).max(200).optional(),
          before: z.string().max(100).optional().describe('The `next` value of the previous page'),
        }),
        response: {
          200: z.object({ items: z.array(notification), unread: z.number(), next: z.string().nullable() }),
        },
      },
    },
    async (req) => listNotifications(userCall(req, ctx), req.query),
  );

  server.get(
    '/notifications/unread-count',
    {
      schema: {
        tags: ['notifications'],
        summary: 'How many of your notifications are unread (the header badge)',
        response: { 200: z.object({ unread: z.number() }) },
      },
    },
    async (req) => ({ unread: await unreadCount(userCall(req, ctx)) }),
  );

  server.post(
    '/notifications/:id/read',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Mark one of your notifications read',
        params: z.object({ id: z.uuid() }),
        response: { 200: z.object({ id: z.string(), readAt: z.string() }) },
      },
    },
    async (req) => markNotificationRead(userCall(req, ctx), req.params.id),
  );

  server.get(
    '/admin/email-delivery',
    {
      schema: {
        tags: ['notifications'],
        summary:
          'Where each notification e-mail stands: failed first, with its attempts and last error (administrators)',
        querystring: z.object({
          state: z.enum(EMAIL_STATES).optional().describe('Only e-mail in this state'),
          limit: z.coerce.number().int().min(1).max(200).optional(),
          after: z.string().max(120).optional().describe('The `next` value of the previous page'),
        }),
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.string(),
                username: z.string(),
                email: z.string().nullable(),
                kind: z.string(),
                caseNumber: z.string().nullable(),
                createdAt: z.string(),
                state: z.enum(EMAIL_STATES),
                attempts: z.number(),
                attemptedAt: z.string().nullable(),
                error: z.string().nullable(),
              }),
            ),
            counts: z.object(
              Object.fromEntries(EMAIL_STATES.map((s) => [s, z.number()])) as Record<
                (typeof EMAIL_STATES)[number],
                z.ZodNumber
              >,
            ),
            next: z.string().nullable(),
          }),
        },
      },
    },
    async (req) => listEmailDelivery(userCall(req, ctx), req.query),
  );

  server.post(
    '/admin/email-delivery/:id/retry',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Queue a failed notification e-mail again now (administrators)',
        description:
          'Only an e-mail in state `failed` (409 `email_not_failed` otherwise). Its attempts are counted afresh (those before are kept in the audit entry) and its delivery job is sent to the job queue when this server runs it; otherwise it stays `queued` until a server with the job queue starts.',
        params: z.object({ id: z.string().max(64) }),
        response: {
          200: z.object({ id: z.string(), state: z.literal('queued'), jobQueued: z.boolean() }),
        },
      },
    },
    async (req) => retryEmailDelivery(userCall(req, ctx), req.params.id),
  );

  server.post(
    '/notifications/read-all',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Mark all your notifications read',
        response: { 200: z.object({ marked: z.number() }) },
      },
    },
    async (req) => markAllNotificationsRead(userCall(req, ctx)),
  );

  server.post(
    '/notices/status-feed',
    {
      schema: {
        tags: ['liaison'],
        summary: 'Import notice status updates from INTERPOL Washington in bulk (liaison)',
        description: `A JSON array of at most ${FEED_API_MAX_ITEMS} updates { interpolRef, status, effectiveAt?, usncbReference?, note? } (body at most 1 MiB). Each update is checked and applied on its own, as a single status change is (authorizations withdrawn, re-review tasks opened, people notified); an invalid update is answered in its result with the field and the reason, and the others still apply. The same update twice changes nothing the second time (outcome unchanged or already_recorded).`,
        body: z.array(z.record(z.string(), z.unknown())).min(1).max(FEED_API_MAX_ITEMS),
        response: { 200: feedReport },
      },
    },
    async (req) =>
      importNoticeStatuses(
        userCall(req, ctx),
        req.body.map((value, i) => ({ line: i + 1, value })),
        { source: 'interpol_washington_feed' },
      ),
  );
};
