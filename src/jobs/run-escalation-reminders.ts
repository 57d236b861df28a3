import { absentManagers, standIn } from "../domain/absences.ts";
import { parisDay } from "../domain/dates.ts";
import { dayKey, overdueBefore, type PendingRequest } from "../domain/pending-requests.ts";
import { isWorkingDay } from "../domain/working-days.ts";
import { loadAbsencesOn } from "../services/absences/manager-absences.ts";
import type { ServiceContext } from "../services/context.ts";
import { listPendingRequestsByStructure } from "../services/requests/list-pending-requests.ts";
import { escalationReminderMessage } from "../slack/blocks/reminder-message.ts";
import { type ClaimableWork, queueClaimedPosts } from "./queue-claimed-posts.ts";

export const REMINDER_JOB = "reminder";

export interface ReminderSettings {
  /** A request pending this many days or more is reminded to the principal manager. */
  escalationDays: number;
}

function runKeyOf(day: string, request: PendingRequest): string {
  return `${day}:${request.type}:${request.id}`;
}

/**
 * Escalation: each structure's requests pending for `escalationDays` or more are reminded to its
 * principal manager by DM, in one message per structure, on working days; while they are away, to
 * their stand-in (their delegate, else another manager: domain/absences.ts). Each request is claimed on
 * its own, so it is reminded at most once a day whatever the runs and replicas. Returns how many
 * messages were queued.
 */
export async function runEscalationReminders(
  ctx: ServiceContext,
  now: Date,
  settings: ReminderSettings,
): Promise<number> {
  const today = parisDay(now);
  const day = dayKey(today);
  if (!isWorkingDay(today)) {
    ctx.logger.info({ day }, "no reminder on a non-working day");
    return 0;
  }
  const [byStructure, absences] = await Promise.all([
    listPendingRequestsByStructure(ctx.prisma, {
      createdBefore: overdueBefore(now, settings.escalationDays),
    }),
    loadAbsencesOn(ctx.prisma, today),
  ]);
  const works: ClaimableWork[] = [];
  for (const [structureId, { audience, requests: readRequests }] of byStructure) {
    const principal = audience.managers.find((manager) => manager.role === "PRINCIPAL_MANAGER");
    if (!principal) {
      ctx.logger.warn({ structureId }, "overdue requests but no active principal manager to remind");
      continue;
    }
    const recipient = standIn(audience.managers, absences, today, principal.accountId);
    if (!recipient) {
      ctx.logger.info({ structureId }, "overdue requests but every manager is away: no reminder");
      continue;
    }
    const away = recipient !== principal.accountId ? absences.get(principal.accountId) : undefined;
    const requests = readRequests();
    works.push({
      runKeys: requests.map((request) => runKeyOf(day, request)),
      render: (claimed) => {
        const reminded = requests.filter((request) => claimed.has(runKeyOf(day, request)));
        if (reminded.length === 0) return [];
        const message = escalationReminderMessage(ctx.messages, {
          structure: audience,
          requests: reminded,
          now,
          escalationDays: settings.escalationDays,
          // The principal's own absence is said once, as the reason this reminder reaches someone else.
          absences: absentManagers(audience.managers, absences, today).filter(
            (absent) => absent.accountId !== away?.accountId,
          ),
          standingInFor: away ?? null,
        });
        return [{ channel: null, accountId: recipient, ...message }];
      },
    });
  }
  const queued = await queueClaimedPosts(ctx, REMINDER_JOB, works);
  ctx.logger.info({ structures: works.length, messages: queued }, "escalation reminders queued");
  return queued;
}
