import type { RequestDetails } from "../../domain/requests.ts";
import type { ServiceContext } from "../context.ts";
import { findRequestDetailsList } from "./request-details.ts";

/** Requests the requester's Home tab shows, newest first. */
export const MY_REQUESTS_SHOWN = 6;

/** « Mes demandes »: the account's latest requests of both kinds, newest first, and how many there are. */
export async function listMyRequests(
  ctx: ServiceContext,
  accountId: string,
): Promise<{ requests: RequestDetails[]; total: number }> {
  const where = { userId: accountId };
  const latest = {
    select: { id: true, createdAt: true },
    orderBy: { createdAt: "desc" as const },
    take: MY_REQUESTS_SHOWN,
  };
  const attachments = await ctx.prisma.attachmentRequest.findMany({ where, ...latest });
  const subscriptions = await ctx.prisma.subscriptionRequest.findMany({ where, ...latest });
  const total =
    (await ctx.prisma.attachmentRequest.count({ where })) +
    (await ctx.prisma.subscriptionRequest.count({ where }));
  const details = [
    ...(await findRequestDetailsList(
      ctx.prisma,
      "attachment",
      attachments.map((row) => row.id),
    )),
    ...(await findRequestDetailsList(
      ctx.prisma,
      "subscription",
      subscriptions.map((row) => row.id),
    )),
  ];
  const requests = details
    .sort((left, right) => right.createdAt.getTime() - left.createdAt.getTime())
    .slice(0, MY_REQUESTS_SHOWN);
  return { requests, total };
}
