import type { ServiceContext } from "./context.ts";

/** Liveness of what the app depends on: the database answers, and how far behind the outbox is. */
export async function checkHealth(ctx: ServiceContext) {
  await ctx.prisma.$queryRaw`SELECT 1`;
  const oldest = await ctx.prisma.outboxMessage.findFirst({
    where: { status: "PENDING" },
    orderBy: { createdAt: "asc" },
    select: { createdAt: true },
  });
  const pending = await ctx.prisma.outboxMessage.count({ where: { status: "PENDING" } });
  return {
    status: "ok" as const,
    database: "ok" as const,
    outbox: {
      pending,
      oldestAgeSeconds: oldest ? Math.round((ctx.now().getTime() - oldest.createdAt.getTime()) / 1000) : 0,
    },
  };
}
