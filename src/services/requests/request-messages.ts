import type { PrismaClient } from "../../db/database.ts";
import type { Tx } from "../../db/transaction.ts";
import { distinctManagers, type StructureManager } from "../../domain/absences.ts";
import { type RequestType, requestColumn } from "../../domain/requests.ts";
import { enqueueDeliveries } from "../../notify/outbox.ts";
import { loadAbsencesOn } from "../absences/manager-absences.ts";

/** The RequestMessage columns naming a request of that kind. */
function shownRequestKey(type: RequestType, requestId: string) {
  return requestColumn({ type, id: requestId });
}

/**
 * Where a structure's requests go in Slack: its channel, or else (null) by DM to its managers; and
 * its active principal and secondary managers, principal first, each once.
 */
export async function findRequestAudience(
  prisma: PrismaClient,
  structureId: string,
): Promise<{ channelId: string | null; managers: StructureManager[] }> {
  const structure = await prisma.structure.findUniqueOrThrow({
    where: { id: structureId },
    select: {
      slackChannelId: true,
      attachments: {
        where: {
          status: "VALIDATED",
          role: { in: ["PRINCIPAL_MANAGER", "SECONDARY_MANAGER"] },
          user: { status: "ACTIVE" },
        },
        select: { userId: true, role: true },
        orderBy: [{ role: "asc" }, { user: { loginEmail: "asc" } }],
      },
    },
  });
  const managers = distinctManagers(
    structure.attachments.map(({ userId, role }) => ({ accountId: userId, role })),
  );
  return { channelId: structure.slackChannelId, managers };
}

/** Every Slack message showing the request, oldest first. */
export function listRequestMessages(prisma: PrismaClient, type: RequestType, requestId: string) {
  return prisma.requestMessage.findMany({
    where: shownRequestKey(type, requestId),
    orderBy: { createdAt: "asc" },
  });
}

/** The message showing the request in that channel, if it was posted there. */
export function findRequestMessageIn(
  prisma: PrismaClient,
  type: RequestType,
  requestId: string,
  channelId: string,
) {
  return prisma.requestMessage.findFirst({ where: { ...shownRequestKey(type, requestId), channelId } });
}

/** Records a message just posted to show the request (each copy is updated after the decision). */
export function recordRequestMessage(
  prisma: PrismaClient,
  type: RequestType,
  requestId: string,
  posted: { channelId: string; ts: string; recipientId: string | null },
) {
  return prisma.requestMessage.create({ data: { ...shownRequestKey(type, requestId), ...posted } });
}

/** Records a posted message's permalink, so that digests link to it without calling Slack. */
export async function recordRequestMessagePermalink(
  prisma: PrismaClient,
  messageId: string,
  permalink: string | null,
): Promise<void> {
  await prisma.requestMessage.update({ where: { id: messageId }, data: { permalink } });
}

/**
 * Queues `text` as a reply in the thread of every copy of the request's message, where its managers
 * see it (a requester's reminder, a question and its answer), but a copy in the DM of a manager away
 * on `day` (unless every copy is: the reply then waits there). In the caller's transaction.
 */
export async function replyInRequestThreads(
  tx: Tx,
  request: { type: RequestType; id: string },
  text: string,
  day: Date,
): Promise<number> {
  const copies = await tx.requestMessage.findMany({
    where: shownRequestKey(request.type, request.id),
    select: { channelId: true, ts: true, recipientId: true },
  });
  const away = await loadAbsencesOn(tx, day);
  const present = copies.filter((copy) => copy.recipientId === null || !away.has(copy.recipientId));
  const replied = present.length > 0 ? present : copies;
  await enqueueDeliveries(
    tx,
    replied.map((copy) => ({
      kind: "SLACK_POST_MESSAGE" as const,
      payload: { channel: copy.channelId, accountId: null, text, blocks: [], threadTs: copy.ts },
    })),
  );
  return replied.length;
}
